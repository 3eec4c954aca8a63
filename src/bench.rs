//! The benchmark of `shared/bench/FORMAT.md`, run through the library's own
//! path: for each period the [`Snapshot`] every command slices, the
//! [`MeasureGraph`] every command measures on, and [`centrality_with`], the
//! one measure dispatch; then the diff of the first two periods. Each stage
//! is timed. `councils bench` is a thin timer around [`run`]: what the
//! benchmark measures is what `centrality`, `stats` and `diff` run.
//!
//! FORMAT.md's snapshot is the library's default slice (elements whose
//! dates overlap the period) with **every** relation kind counted (a
//! symmetric kind both ways, parallel relations one arc), where
//! `centrality` counts the dataset's flow kinds by default. Its diff counts
//! organisations and arcs added, removed and kept, and lists the top-20
//! betweenness rank shifts with the library's competition ranks
//! ([`competition_ranks`]).

use std::cmp::Ordering;
use std::io::{self, Write};
use std::time::Instant;

use crate::error::Result;
use crate::measure::approx::Approx;
use crate::measure::centrality::{Options, centrality_with};
use crate::measure::fast::Csr;
use crate::measure::{Counting, Measure, MeasureGraph, Place, Ranking, competition_ranks};
use crate::model::Dataset;
use crate::slice::{Filter, Selector, Snapshot};
use crate::time::Reading;

/// What to run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Period ids; the first two are diffed.
    pub periods: Vec<String>,
    /// Measures, computed per period in this order.
    pub measures: Vec<Measure>,
    /// Estimate betweenness by sampling instead of exactly.
    pub approx: Option<Approx>,
    /// Use every thread of rayon's pool.
    pub parallel: bool,
    /// Reading of imprecise dates.
    pub reading: Reading,
}

/// Hooks to follow a run (timings, progress bars). Every method has a
/// do-nothing default.
pub trait Observer: Sync {
    /// A stage begins; `work` units are to be done (0: unknown).
    fn begin(&self, _stage: &str, _work: u64) {}
    /// `done` more units of the current stage are done.
    fn advance(&self, _done: u64) {}
    /// The stage ended after `seconds`.
    fn end(&self, _stage: &str, _seconds: f64) {}
}

/// An observer that does nothing.
pub struct Quiet;
impl Observer for Quiet {}

/// One period's results.
#[derive(Clone, Debug)]
pub struct PeriodResult {
    /// The period's id.
    pub period: String,
    /// Positions in [`Dataset::organisations`] of the snapshot's nodes,
    /// ascending (node `i` is `nodes[i]`).
    pub nodes: Vec<usize>,
    /// The measure graph (every relation kind).
    pub graph: Csr,
    /// Values by node, per measure computed.
    pub values: Vec<(Measure, Vec<f64>)>,
    /// Measures that failed, with why.
    pub failed: Vec<(Measure, String)>,
    /// Sources used by sampled betweenness, if sampled.
    pub samples: Option<usize>,
}

impl PeriodResult {
    /// The values of `m`, if computed.
    pub fn get(&self, m: Measure) -> Option<&[f64]> {
        self.values
            .iter()
            .find(|(x, _)| *x == m)
            .map(|(_, v)| v.as_slice())
    }
}

/// The diff of two periods A → B.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffResult {
    /// Organisations in B only.
    pub nodes_added: usize,
    /// Organisations in A only.
    pub nodes_removed: usize,
    /// Organisations in both.
    pub nodes_kept: usize,
    /// Arcs in B only.
    pub edges_added: usize,
    /// Arcs in A only.
    pub edges_removed: usize,
    /// Arcs in both.
    pub edges_kept: usize,
    /// Top-20 betweenness rank shifts (if betweenness was computed).
    pub shifts: Option<Vec<Shift>>,
}

/// One row of the rank shifts: competition ranks of betweenness (tied
/// values share a rank); shift = rank in A − rank in B, 0 for an
/// organisation sharing last place in both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Position in [`Dataset::organisations`].
    pub organisation: usize,
    /// Place in A, if present there.
    pub place_a: Option<Place>,
    /// Place in B, if present there.
    pub place_b: Option<Place>,
}

impl Shift {
    /// Rank in A, if present there.
    pub fn rank_a(&self) -> Option<usize> {
        self.place_a.map(|p| p.rank)
    }

    /// Rank in B, if present there.
    pub fn rank_b(&self) -> Option<usize> {
        self.place_b.map(|p| p.rank)
    }

    /// How far it rose ([`Place::change_to`]), if in both.
    pub fn shift(&self) -> Option<i64> {
        Some(self.place_a?.change_to(self.place_b?))
    }
}

/// Everything a run produced.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Per period, in plan order.
    pub periods: Vec<PeriodResult>,
    /// The diff of the first two periods.
    pub diff: Option<DiffResult>,
    /// `(stage, seconds)` in the order run: `snapshot:P`, `MEASURE:P`, `diff`.
    pub timings: Vec<(String, f64)>,
}

/// How many organisations lead the rank shifts.
pub const TOP: usize = 20;

/// Every relation kind of `dataset`, unweighted: FORMAT.md's snapshot.
pub fn every_kind(dataset: &Dataset) -> Counting {
    Counting {
        kinds: dataset
            .relation_kinds
            .iter()
            .map(|k| k.id.clone())
            .collect(),
        weighted: false,
    }
}

/// Runs `plan` on `dataset`. An unknown period is an error (with a hint)
/// before anything is measured.
pub fn run(dataset: &Dataset, plan: &Plan, observer: &dyn Observer) -> Result<Outcome> {
    let filter = Filter {
        reading: plan.reading,
        ..Filter::default()
    };
    let selectors: Vec<Selector> = plan
        .periods
        .iter()
        .map(|p| Selector::resolve(dataset, p))
        .collect::<Result<_>>()?;
    let counting = every_kind(dataset);
    let mut timer = Timer {
        observer,
        timings: Vec::new(),
    };
    let mut periods = Vec::new();
    for (id, selector) in plan.periods.iter().zip(&selectors) {
        let stage = format!("snapshot:{id}");
        let started = timer.start(&stage, 0);
        let snapshot = Snapshot::new(dataset, selector, filter.clone())?;
        let graph = MeasureGraph::new(&snapshot, counting.clone());
        timer.stop(stage, started);
        let (mut values, mut failed, mut samples) = (Vec::new(), Vec::new(), None);
        for &m in &plan.measures {
            let work = match m {
                Measure::Betweenness | Measure::Closeness => graph.node_count() as u64,
                _ => 0,
            };
            let progress = |k: usize| observer.advance(k as u64);
            let options = Options {
                serial: !plan.parallel,
                approx: plan.approx,
                progress: Some(&progress),
            };
            let out = timer.time(format!("{}:{id}", m.name()), work, || {
                centrality_with(&graph, m, &options)
            });
            match out {
                Ok((scores, sampled)) => {
                    values.push((m, scores.values));
                    samples = samples.or(sampled);
                }
                Err(why) => failed.push((m, why.to_string())),
            }
        }
        periods.push(PeriodResult {
            period: id.clone(),
            nodes: snapshot.graph.node_weights().copied().collect(),
            graph: graph.graph,
            values,
            failed,
            samples,
        });
    }
    let diff = if periods.len() >= 2 {
        Some(timer.time("diff".into(), 0, || diff(dataset, &periods[0], &periods[1])))
    } else {
        None
    };
    Ok(Outcome {
        periods,
        diff,
        timings: timer.timings,
    })
}

/// Times stages and tells the observer.
struct Timer<'o> {
    observer: &'o dyn Observer,
    timings: Vec<(String, f64)>,
}

impl Timer<'_> {
    fn start(&self, stage: &str, work: u64) -> Instant {
        self.observer.begin(stage, work);
        Instant::now()
    }

    fn stop(&mut self, stage: String, started: Instant) {
        let secs = started.elapsed().as_secs_f64();
        self.observer.end(&stage, secs);
        self.timings.push((stage, secs));
    }

    fn time<T>(&mut self, stage: String, work: u64, f: impl FnOnce() -> T) -> T {
        let started = self.start(&stage, work);
        let out = f();
        self.stop(stage, started);
        out
    }
}

/// Organisations and arcs added, removed and kept from `a` to `b`, and the
/// top-20 betweenness rank shifts.
pub fn diff(dataset: &Dataset, a: &PeriodResult, b: &PeriodResult) -> DiffResult {
    let nodes_kept = count_common(a.nodes.iter(), b.nodes.iter());
    // Node numbers ascend with organisation positions, so arcs come out in
    // (from, to) order of positions: a merge counts the common ones.
    fn global(p: &PeriodResult) -> impl Iterator<Item = (usize, usize)> + '_ {
        p.graph
            .arcs()
            .map(|(x, y)| (p.nodes[x as usize], p.nodes[y as usize]))
    }
    let edges_kept = count_common(global(a), global(b));
    let (ea, eb) = (a.graph.arc_count(), b.graph.arc_count());
    let shifts = match (a.get(Measure::Betweenness), b.get(Measure::Betweenness)) {
        (Some(ba), Some(bb)) => Some(rank_shifts(dataset, a, ba, b, bb)),
        _ => None,
    };
    DiffResult {
        nodes_added: b.nodes.len() - nodes_kept,
        nodes_removed: a.nodes.len() - nodes_kept,
        nodes_kept,
        edges_added: eb - edges_kept,
        edges_removed: ea - edges_kept,
        edges_kept,
        shifts,
    }
}

fn count_common<T: Ord>(a: impl Iterator<Item = T>, b: impl Iterator<Item = T>) -> usize {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    let mut common = 0;
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        match x.cmp(y) {
            Ordering::Less => {
                a.next();
            }
            Ordering::Greater => {
                b.next();
            }
            Ordering::Equal => {
                common += 1;
                a.next();
                b.next();
            }
        }
    }
    common
}

/// Ids in FORMAT.md's order: whole numbers by value (`9` before `10`, as
/// the peers sort integer ids), anything else as text after them.
pub fn id_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y).then_with(|| a.cmp(b)),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

/// The competition ranking of one period's values, ties shown by id.
struct PeriodRanks<'a> {
    period: &'a PeriodResult,
    ranking: Ranking,
}

impl<'a> PeriodRanks<'a> {
    fn new(dataset: &Dataset, period: &'a PeriodResult, values: &[f64]) -> Self {
        let id = |i: usize| dataset.organisations[period.nodes[i]].id.as_str();
        let ranking = competition_ranks(values, |i, j| id_order(id(i), id(j)));
        Self { period, ranking }
    }

    /// Organisations of the top `k`: every one whose rank is at most `k`
    /// (a tie across place `k` is kept whole).
    fn top(&self, k: usize) -> impl Iterator<Item = usize> + '_ {
        self.ranking
            .order
            .iter()
            .take_while(move |&&i| self.ranking.places[i].rank <= k)
            .map(|&i| self.period.nodes[i])
    }

    /// The place of the organisation at `position`, if in the snapshot.
    fn place_of(&self, position: usize) -> Option<Place> {
        let i = self.period.nodes.binary_search(&position).ok()?;
        Some(self.ranking.places[i])
    }
}

fn rank_shifts(
    dataset: &Dataset,
    a: &PeriodResult,
    values_a: &[f64],
    b: &PeriodResult,
    values_b: &[f64],
) -> Vec<Shift> {
    let ra = PeriodRanks::new(dataset, a, values_a);
    let rb = PeriodRanks::new(dataset, b, values_b);
    let mut listed: Vec<usize> = ra.top(TOP).chain(rb.top(TOP)).collect();
    listed.sort_unstable();
    listed.dedup();
    let mut rows: Vec<Shift> = listed
        .into_iter()
        .map(|organisation| Shift {
            organisation,
            place_a: ra.place_of(organisation),
            place_b: rb.place_of(organisation),
        })
        .collect();
    // Ordered by the better of the two ranks, then id (as peers.py).
    let key = |s: &Shift| {
        s.rank_a()
            .unwrap_or(usize::MAX)
            .min(s.rank_b().unwrap_or(usize::MAX))
    };
    let id = |s: &Shift| dataset.organisations[s.organisation].id.as_str();
    rows.sort_by(|x, y| key(x).cmp(&key(y)).then_with(|| id_order(id(x), id(y))));
    rows
}

/// An id as JSON: a number for a whole-number id written canonically (the
/// shape `check.py` reads for FORMAT.md's integer ids), else a string.
fn json_id(id: &str) -> String {
    match id.parse::<u64>() {
        Ok(n) if n.to_string() == id => id.to_string(),
        _ => serde_json::to_string(id).unwrap_or_default(),
    }
}

/// Writes `{period: {measure: {id: value}}, "diff": {...}}`, the shape
/// `shared/bench/check.py` reads, streaming (no tree in memory).
pub fn write_dump<W: Write>(out: &mut W, dataset: &Dataset, outcome: &Outcome) -> io::Result<()> {
    let id = |position: usize| dataset.organisations[position].id.as_str();
    write!(out, "{{")?;
    let mut first_period = true;
    for p in &outcome.periods {
        if !std::mem::take(&mut first_period) {
            write!(out, ", ")?;
        }
        write!(out, "{}: {{", serde_json::to_string(&p.period)?)?;
        for (k, (m, values)) in p.values.iter().enumerate() {
            if k > 0 {
                write!(out, ", ")?;
            }
            write!(out, "\"{}\": {{", m.name())?;
            for (i, v) in values.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let key = serde_json::to_string(id(p.nodes[i]))?;
                if v.is_finite() {
                    write!(out, "{sep}{key}: {v:?}")?;
                } else {
                    write!(out, "{sep}{key}: null")?;
                }
            }
            write!(out, "}}")?;
        }
        write!(out, "}}")?;
    }
    if let Some(d) = &outcome.diff {
        if !first_period {
            write!(out, ", ")?;
        }
        write!(
            out,
            "\"diff\": {{\"nodes_added\": {}, \"nodes_removed\": {}, \"edges_added\": {}, \"edges_removed\": {}, \"nodes_kept\": {}, \"edges_kept\": {}",
            d.nodes_added,
            d.nodes_removed,
            d.edges_added,
            d.edges_removed,
            d.nodes_kept,
            d.edges_kept
        )?;
        if let Some(shifts) = &d.shifts {
            write!(out, ", \"top{TOP}_rank_shifts\": [")?;
            let opt = |x: Option<String>| x.unwrap_or_else(|| "null".into());
            for (i, s) in shifts.iter().enumerate() {
                write!(
                    out,
                    "{}{{\"node\": {}, \"rank_a\": {}, \"rank_b\": {}, \"shift\": {}}}",
                    if i > 0 { ", " } else { "" },
                    json_id(id(s.organisation)),
                    opt(s.rank_a().map(|r| r.to_string())),
                    opt(s.rank_b().map(|r| r.to_string())),
                    opt(s.shift().map(|r| r.to_string())),
                )?;
            }
            write!(out, "]")?;
        }
        write!(out, "}}")?;
    }
    writeln!(out, "}}")
}

/// Peak resident memory of this process in MiB (`VmHWM`, what
/// `getrusage`'s `ru_maxrss` reports), where the system tells it.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_number_ids_order_by_value_then_text() {
        let mut ids = vec!["10", "b", "9", "a", "0"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, ["0", "9", "10", "a", "b"]);
        assert_eq!(json_id("12"), "12");
        assert_eq!(json_id("012"), "\"012\"");
        assert_eq!(json_id("soviet"), "\"soviet\"");
    }
}
