//! The benchmark pipeline of `shared/bench/FORMAT.md` as one library call:
//! load a temporal network, cut the snapshot of each period, compute
//! centrality measures on each, and diff the first two periods, timing every
//! stage. `councils bench` is a thin layer over [`run`].
//!
//! The data live in a [`Temporal`]: flat columns (ids, lifetimes, arcs with
//! their intervals, `u32` node numbers), with relations sorted by start day
//! so that the relations that may overlap a period are a prefix found by
//! binary search (the interval index), not a scan of every row. A folder in
//! FORMAT.md's CSV format is streamed straight into it
//! ([`Temporal::read_csv`]); any other dataset goes through the library's
//! loader and validation ([`Temporal::from_dataset`]).
//!
//! The snapshot follows FORMAT.md: nodes are the organisations whose
//! lifetime overlaps the half-open period `[start, end)`; one arc `u → v`
//! for every ordered pair joined by at least one relation (of **any** kind)
//! overlapping the period, both ends in the snapshot, `u ≠ v`. A symmetric
//! relation kind of a dataset counts in both directions, as in
//! [`MeasureGraph`](crate::measure::MeasureGraph). Measures run on the
//! [`fast`](crate::measure::fast) kernels; results are by snapshot node and
//! leave keyed by organisation id.

use std::cmp::Ordering;
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
use crate::measure::approx::{Approx, approximate_betweenness};
use crate::measure::fast::{self, Csr};
use crate::measure::{Measure, Place, Ranking, competition_ranks};
use crate::model::Dataset;
use crate::time::{Day, Reading, Span};

/// Organisation ids: integers (FORMAT.md) or slugs (other datasets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ids {
    /// Integer ids, compared as numbers.
    Int(Vec<u64>),
    /// Text ids, compared as strings.
    Text(Vec<String>),
}

impl Ids {
    fn len(&self) -> usize {
        match self {
            Self::Int(v) => v.len(),
            Self::Text(v) => v.len(),
        }
    }

    /// Order of the ids of nodes `a` and `b`.
    pub fn cmp(&self, a: u32, b: u32) -> Ordering {
        match self {
            Self::Int(v) => v[a as usize].cmp(&v[b as usize]),
            Self::Text(v) => v[a as usize].cmp(&v[b as usize]),
        }
    }

    /// The id of node `i` as text.
    pub fn text(&self, i: u32) -> String {
        match self {
            Self::Int(v) => v[i as usize].to_string(),
            Self::Text(v) => v[i as usize].clone(),
        }
    }

    /// The id of node `i` as a JSON value (a number for integer ids).
    fn json(&self, i: u32) -> String {
        match self {
            Self::Int(v) => v[i as usize].to_string(),
            Self::Text(v) => serde_json::to_string(&v[i as usize]).unwrap_or_default(),
        }
    }
}

/// A named period `[start, end)` in day numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// The period's id.
    pub id: String,
    /// First day included.
    pub start: i64,
    /// First day excluded.
    pub end: i64,
}

/// A temporal network in flat columns. Days are integers; an open start is
/// `i64::MIN`, an open end `i64::MAX`; every interval is half-open.
#[derive(Clone, Debug)]
pub struct Temporal {
    /// Organisation ids, by node number.
    pub ids: Ids,
    node_start: Vec<i64>,
    node_end: Vec<i64>,
    /// Relations, sorted by start day.
    rel_start: Vec<i64>,
    rel_end: Vec<i64>,
    rel_from: Vec<u32>,
    rel_to: Vec<u32>,
    /// The named periods, in file order.
    pub periods: Vec<Window>,
}

/// Where a [`Temporal`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Streamed from FORMAT.md's CSV tables.
    FormatCsv,
    /// Through the library's loader and validation.
    Dataset,
}

/// The column names FORMAT.md fixes, in order.
const NODE_HEADER: &[&str] = &["id", "name", "kind", "level", "start", "end"];
const EDGE_HEADER: &[&str] = &["source", "target", "kind", "start", "end", "weight"];
const PERIOD_HEADER: &[&str] = &["id", "label", "start", "end"];

impl Temporal {
    /// Loads `path`: streamed if it is a folder of FORMAT.md's CSV tables
    /// (exactly its headers, no `dataset.toml`), else through
    /// [`crate::load`] (TOML datasets and the widened CSV format).
    pub fn load(path: &Path, reading: Reading) -> Result<(Self, Origin)> {
        if is_format_csv(path) {
            Ok((Self::read_csv(path)?, Origin::FormatCsv))
        } else {
            let dataset = crate::load(path)?;
            Ok((Self::from_dataset(&dataset, reading), Origin::Dataset))
        }
    }

    /// Reads the folder `dir` of FORMAT.md's `nodes.csv`, `edges.csv` and
    /// `periods.csv`. Self-relations are dropped; rows of one pair that
    /// overlap simply both count (the snapshot collapses them). Every
    /// problem names its file and line.
    pub fn read_csv(dir: &Path) -> Result<Self> {
        let mut problems = Diagnostics::default();
        // Nodes.
        let (path, mut reader) = open(dir, "nodes.csv", NODE_HEADER)?;
        let mut raw_ids = Vec::new();
        let (mut node_start, mut node_end) = (Vec::new(), Vec::new());
        let mut record = csv::ByteRecord::new();
        while read(&path, &mut reader, &mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            let at = Cells {
                path: &path,
                line,
                record: &record,
            };
            match (at.int(0, &mut problems), at.day(4, &mut problems)) {
                (Some(id), Some(start)) => {
                    let end = at.end(5, &mut problems);
                    raw_ids.push(id);
                    node_start.push(start);
                    node_end.push(end.unwrap_or(i64::MAX));
                }
                _ => continue,
            }
        }
        // Node numbers follow id order (nodes.csv is sorted; sort if not).
        let mut order: Vec<u32> = (0..raw_ids.len() as u32).collect();
        if !raw_ids.is_sorted() {
            order.sort_by_key(|&i| raw_ids[i as usize]);
            node_start = order.iter().map(|&i| node_start[i as usize]).collect();
            node_end = order.iter().map(|&i| node_end[i as usize]).collect();
        }
        let ids: Vec<u64> = order.iter().map(|&i| raw_ids[i as usize]).collect();
        drop(raw_ids);
        if let Some(w) = ids.windows(2).find(|w| w[0] == w[1]) {
            problems.push(Diagnostic::new(
                location(&path, 0),
                format!("organisation id `{}` appears twice", w[0]),
            ));
        }
        let number = |id: u64| ids.binary_search(&id).ok().map(|i| i as u32);

        // Relations.
        let (path, mut reader) = open(dir, "edges.csv", EDGE_HEADER)?;
        let (mut rel_start, mut rel_end) = (Vec::new(), Vec::new());
        let (mut rel_from, mut rel_to) = (Vec::new(), Vec::new());
        while read(&path, &mut reader, &mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            let at = Cells {
                path: &path,
                line,
                record: &record,
            };
            let endpoint = |col: usize, problems: &mut Diagnostics| {
                let id = at.int(col, problems)?;
                let n = number(id);
                if n.is_none() {
                    problems.push(Diagnostic::new(
                        location(&path, line),
                        format!("unknown organisation `{id}` (not in nodes.csv)"),
                    ));
                }
                n
            };
            let (from, to) = (endpoint(0, &mut problems), endpoint(1, &mut problems));
            let (start, end) = (at.day(3, &mut problems), at.end(4, &mut problems));
            if let (Some(from), Some(to), Some(start)) = (from, to, start)
                && from != to
            {
                rel_from.push(from);
                rel_to.push(to);
                rel_start.push(start);
                rel_end.push(end.unwrap_or(i64::MAX));
            }
        }

        // Periods.
        let (path, mut reader) = open(dir, "periods.csv", PERIOD_HEADER)?;
        let mut periods = Vec::new();
        while read(&path, &mut reader, &mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            let at = Cells {
                path: &path,
                line,
                record: &record,
            };
            let id = String::from_utf8_lossy(&record[0]).into_owned();
            if let (Some(start), Some(end)) = (at.day(2, &mut problems), at.day(3, &mut problems)) {
                periods.push(Window { id, start, end });
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut t = Self {
            ids: Ids::Int(ids),
            node_start,
            node_end,
            rel_start,
            rel_end,
            rel_from,
            rel_to,
            periods,
        };
        t.sort_relations();
        Ok(t)
    }

    /// The network of a checked dataset under `reading`: every
    /// organisation, every relation (a symmetric kind in both directions),
    /// every period. Integer-looking ids (all of them) compare as numbers.
    pub fn from_dataset(dataset: &Dataset, reading: Reading) -> Self {
        let day = |d: Day| Day::from_gregorian(1, 1, 1).map_or(0, |z| z.days_until(d));
        let bounds = |span: Span| {
            (
                span.start.map_or(i64::MIN, day),
                span.end.map_or(i64::MAX, day),
            )
        };
        let numeric: Option<Vec<u64>> = dataset
            .organisations
            .iter()
            .map(|o| o.id.parse::<u64>().ok())
            .collect();
        let ids = match numeric {
            Some(v) => Ids::Int(v),
            None => Ids::Text(dataset.organisations.iter().map(|o| o.id.clone()).collect()),
        };
        let (mut node_start, mut node_end) = (Vec::new(), Vec::new());
        for o in &dataset.organisations {
            let span = o.during.span(reading);
            let (s, e) = if span.is_empty() {
                (i64::MAX, i64::MIN)
            } else {
                bounds(span)
            };
            node_start.push(s);
            node_end.push(e);
        }
        let mut t = Self {
            ids,
            node_start,
            node_end,
            rel_start: Vec::new(),
            rel_end: Vec::new(),
            rel_from: Vec::new(),
            rel_to: Vec::new(),
            periods: dataset
                .periods
                .iter()
                .map(|p| {
                    let (start, end) = bounds(p.during.span(reading));
                    Window {
                        id: p.id.clone(),
                        start,
                        end,
                    }
                })
                .collect(),
        };
        for r in &dataset.relations {
            let span = r.during.span(reading);
            let (Some(a), Some(b)) = (
                dataset.organisation_position(&r.from),
                dataset.organisation_position(&r.to),
            ) else {
                continue;
            };
            if span.is_empty() || a == b {
                continue;
            }
            let (s, e) = bounds(span);
            let symmetric = dataset.relation_kind(&r.kind).is_some_and(|k| !k.directed);
            for (x, y) in [(a, b), (b, a)]
                .into_iter()
                .take(1 + usize::from(symmetric))
            {
                t.rel_from.push(x as u32);
                t.rel_to.push(y as u32);
                t.rel_start.push(s);
                t.rel_end.push(e);
            }
        }
        t.sort_relations();
        t
    }

    fn sort_relations(&mut self) {
        if self.rel_start.is_sorted() {
            return;
        }
        let mut order: Vec<u32> = (0..self.rel_start.len() as u32).collect();
        order.sort_by_key(|&i| self.rel_start[i as usize]);
        let permute = |v: &[i64]| order.iter().map(|&i| v[i as usize]).collect::<Vec<_>>();
        self.rel_start = permute(&self.rel_start);
        self.rel_end = permute(&self.rel_end);
        let permute = |v: &[u32]| order.iter().map(|&i| v[i as usize]).collect::<Vec<_>>();
        self.rel_from = permute(&self.rel_from);
        self.rel_to = permute(&self.rel_to);
    }

    /// Number of organisations.
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// Number of relation rows kept (a symmetric relation counts twice).
    pub fn relation_count(&self) -> usize {
        self.rel_start.len()
    }

    /// The period `id`.
    pub fn period(&self, id: &str) -> Result<&Window> {
        self.periods
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::Unknown {
                what: "period",
                name: id.to_string(),
                hint: crate::suggest::did_you_mean(id, self.periods.iter().map(|p| p.id.as_str()))
                    .or_else(|| {
                        let all: Vec<&str> = self.periods.iter().map(|p| p.id.as_str()).collect();
                        Some(format!("one of {}", all.join(", ")))
                    }),
            })
    }

    /// The snapshot of `[start, end)`: see the module docs.
    pub fn snapshot(&self, start: i64, end: i64) -> Slice {
        let mut local = vec![u32::MAX; self.node_count()];
        let mut nodes = Vec::new();
        for (i, (&s, &e)) in self.node_start.iter().zip(&self.node_end).enumerate() {
            if s < end && e > start && s < e {
                local[i] = nodes.len() as u32;
                nodes.push(i as u32);
            }
        }
        // Relations starting before `end`: a prefix, by the sort on start.
        let upto = self.rel_start.partition_point(|&s| s < end);
        let mut keys = Vec::with_capacity(upto);
        for i in 0..upto {
            if self.rel_end[i] > start {
                let (a, b) = (
                    local[self.rel_from[i] as usize],
                    local[self.rel_to[i] as usize],
                );
                if a != u32::MAX && b != u32::MAX {
                    keys.push((u64::from(a) << 32) | u64::from(b));
                }
            }
        }
        let graph = Csr::from_keys(nodes.len(), &mut keys);
        Slice { nodes, graph }
    }
}

/// True if `path` is a folder of FORMAT.md's tables: `nodes.csv` whose
/// header is exactly FORMAT.md's, and no `dataset.toml`.
pub fn is_format_csv(path: &Path) -> bool {
    let nodes = path.join("nodes.csv");
    if !nodes.is_file() || path.join("dataset.toml").exists() {
        return false;
    }
    let Ok(mut reader) = csv::Reader::from_path(&nodes) else {
        return false;
    };
    reader
        .byte_headers()
        .is_ok_and(|h| h.iter().eq(NODE_HEADER.iter().map(|s| s.as_bytes())))
}

fn location(path: &Path, line: u64) -> Location {
    Location {
        file: path.display().to_string().into(),
        line: line as usize,
        column: 1,
    }
}

fn open(
    dir: &Path,
    name: &str,
    header: &[&str],
) -> Result<(std::path::PathBuf, csv::Reader<std::fs::File>)> {
    let path = dir.join(name);
    let file = std::fs::File::open(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(1 << 20)
        .from_reader(file);
    let got = reader.byte_headers().map_err(|e| csv_error(&path, e))?;
    if !got.iter().eq(header.iter().map(|s| s.as_bytes())) {
        let mut d = Diagnostics::default();
        d.push(
            Diagnostic::new(location(&path, 1), "unexpected header").hint(Some(format!(
                "FORMAT.md's header is `{}`",
                header.join(",")
            ))),
        );
        return Err(Error::Invalid(d));
    }
    Ok((path, reader))
}

fn read(
    path: &Path,
    reader: &mut csv::Reader<std::fs::File>,
    record: &mut csv::ByteRecord,
) -> Result<bool> {
    reader
        .read_byte_record(record)
        .map_err(|e| csv_error(path, e))
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let mut d = Diagnostics::default();
    d.push(Diagnostic::new(location(path, line), e.to_string()));
    Error::Invalid(d)
}

/// The cells of one CSV row, read with diagnostics.
struct Cells<'a> {
    path: &'a Path,
    line: u64,
    record: &'a csv::ByteRecord,
}

impl Cells<'_> {
    fn bad(&self, col: usize, what: &str, problems: &mut Diagnostics) {
        let cell = String::from_utf8_lossy(self.record.get(col).unwrap_or_default());
        problems.push(Diagnostic::new(
            location(self.path, self.line),
            format!("column {}: `{cell}` is not {what}", col + 1),
        ));
    }

    fn int(&self, col: usize, problems: &mut Diagnostics) -> Option<u64> {
        let v = parse_u64(self.record.get(col).unwrap_or_default());
        if v.is_none() {
            self.bad(col, "an integer id", problems);
        }
        v
    }

    fn day(&self, col: usize, problems: &mut Diagnostics) -> Option<i64> {
        let cell = self.record.get(col).unwrap_or_default();
        let v = parse_u64(cell).and_then(|d| i64::try_from(d).ok());
        if v.is_none() {
            self.bad(col, "a day number", problems);
        }
        v
    }

    /// An `end` cell: empty is open (`None`).
    fn end(&self, col: usize, problems: &mut Diagnostics) -> Option<i64> {
        if self.record.get(col).is_none_or(<[u8]>::is_empty) {
            None
        } else {
            self.day(col, problems)
        }
    }
}

fn parse_u64(bytes: &[u8]) -> Option<u64> {
    if bytes.is_empty() || bytes.len() > 19 {
        return None;
    }
    bytes.iter().try_fold(0u64, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u64::from(b - b'0'))
    })
}

/// One period's snapshot: which organisations, and the simple graph.
#[derive(Clone, Debug)]
pub struct Slice {
    /// Node numbers of the [`Temporal`] in the snapshot, ascending; snapshot
    /// node `i` is `nodes[i]`.
    pub nodes: Vec<u32>,
    /// The snapshot graph.
    pub graph: Csr,
}

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
    /// The period.
    pub window: Window,
    /// Its snapshot.
    pub slice: Slice,
    /// Values by snapshot node, per measure computed.
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
    /// Nodes in B only.
    pub nodes_added: usize,
    /// Nodes in A only.
    pub nodes_removed: usize,
    /// Nodes in both.
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

/// One row of the rank shifts: ranks are competition ranks of betweenness
/// ([`competition_ranks`]: tied values share a rank); shift = rank in A −
/// rank in B, 0 for a node sharing last place in both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Node number in the [`Temporal`].
    pub node: u32,
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

/// How many nodes lead the rank shifts.
pub const TOP: usize = 20;

/// Runs `plan` on `temporal`.
pub fn run(temporal: &Temporal, plan: &Plan, observer: &dyn Observer) -> Result<Outcome> {
    let windows: Vec<Window> = plan
        .periods
        .iter()
        .map(|p| temporal.period(p).cloned())
        .collect::<Result<_>>()?;
    let mut timings = Vec::new();
    let mut periods = Vec::new();
    let mut timed = |stage: String, work: u64, f: &mut dyn FnMut()| {
        observer.begin(&stage, work);
        let t0 = Instant::now();
        f();
        let secs = t0.elapsed().as_secs_f64();
        observer.end(&stage, secs);
        timings.push((stage, secs));
    };
    for window in windows {
        let mut slice = None;
        timed(format!("snapshot:{}", window.id), 0, &mut || {
            slice = Some(temporal.snapshot(window.start, window.end));
        });
        let slice = slice.unwrap_or_else(|| temporal.snapshot(window.start, window.end));
        let g = &slice.graph;
        let n = g.node_count();
        let parallel = plan.parallel && n >= fast::PARALLEL_THRESHOLD;
        let (mut values, mut failed, mut samples) = (Vec::new(), Vec::new(), None);
        for &m in &plan.measures {
            let work = match m {
                Measure::Betweenness | Measure::Closeness => n as u64,
                _ => 0,
            };
            let mut out: std::result::Result<Vec<f64>, String> = Ok(Vec::new());
            timed(format!("{}:{}", m.name(), window.id), work, &mut || {
                out = measure(g, m, plan, parallel, observer, &mut samples);
            });
            match out {
                Ok(v) => values.push((m, v)),
                Err(e) => failed.push((m, e)),
            }
        }
        let result = PeriodResult {
            window,
            slice,
            values,
            failed,
            samples,
        };
        periods.push(result);
    }
    let mut diff_result = None;
    if periods.len() >= 2 {
        timed("diff".into(), 0, &mut || {
            diff_result = Some(diff(temporal, &periods[0], &periods[1]));
        });
    }
    Ok(Outcome {
        periods,
        diff: diff_result,
        timings,
    })
}

/// Power-iteration settings, as `centrality` and shared/bench use.
const MAX_ITER: usize = 1000;
const TOL: f64 = 1e-10;

fn measure(
    g: &Csr,
    m: Measure,
    plan: &Plan,
    parallel: bool,
    observer: &dyn Observer,
    samples: &mut Option<usize>,
) -> std::result::Result<Vec<f64>, String> {
    let n = g.node_count();
    let per_node = |count: &dyn Fn(u32) -> usize| -> Vec<f64> {
        if n <= 1 {
            return vec![1.0; n];
        }
        let scale = 1.0 / (n - 1) as f64;
        (0..n as u32).map(|v| count(v) as f64 * scale).collect()
    };
    let progress = |k: usize| observer.advance(k as u64);
    Ok(match m {
        Measure::Degree => fast::degree_centrality(g),
        Measure::InDegree => per_node(&|v| g.in_degree(v)),
        Measure::OutDegree => per_node(&|v| g.out_degree(v)),
        Measure::Betweenness => match &plan.approx {
            Some(approx) => {
                let est = approximate_betweenness(g, approx, parallel, &progress);
                *samples = Some(est.samples);
                est.values
            }
            None => {
                let sources: Vec<u32> = (0..n as u32).collect();
                let mut v = fast::brandes::dependency_sums(g, &sources, parallel, &progress);
                fast::brandes::normalise(&mut v);
                v
            }
        },
        Measure::Closeness => fast::closeness::closeness_with_progress(g, parallel, &progress),
        Measure::Pagerank => fast::pagerank(g, 0.85, TOL, MAX_ITER).map_err(|e| e.to_string())?,
        Measure::Eigenvector => {
            fast::eigenvector_centrality(g, MAX_ITER, TOL).map_err(|e| e.to_string())?
        }
        Measure::Katz => {
            let dg = g.to_digraph();
            let weight = |_| Ok::<f64, std::convert::Infallible>(1.0);
            let Ok(r) = rustworkx_core::centrality::katz_centrality(
                &dg,
                weight,
                Some(0.1),
                None,
                Some(1.0),
                Some(MAX_ITER),
                Some(TOL),
            );
            r.ok_or_else(|| format!("did not converge within {MAX_ITER} iterations"))?
        }
    })
}

/// Nodes and arcs added, removed and kept from `a` to `b`, and the top-20
/// betweenness rank shifts.
pub fn diff(temporal: &Temporal, a: &PeriodResult, b: &PeriodResult) -> DiffResult {
    let (na, nb) = (&a.slice.nodes, &b.slice.nodes);
    let nodes_kept = count_common(na.iter().copied(), nb.iter().copied());
    // Snapshot numbering is monotone in node number, so arcs come out in
    // global (from, to) order: a merge counts the common ones.
    fn global(s: &Slice) -> impl Iterator<Item = u64> + '_ {
        let nodes = &s.nodes;
        s.graph
            .arcs()
            .map(move |(x, y)| (u64::from(nodes[x as usize]) << 32) | u64::from(nodes[y as usize]))
    }
    let edges_kept = count_common(global(&a.slice), global(&b.slice));
    let (ea, eb) = (a.slice.graph.arc_count(), b.slice.graph.arc_count());
    let shifts = match (a.get(Measure::Betweenness), b.get(Measure::Betweenness)) {
        (Some(ba), Some(bb)) => Some(rank_shifts(temporal, &a.slice, ba, &b.slice, bb)),
        _ => None,
    };
    DiffResult {
        nodes_added: nb.len() - nodes_kept,
        nodes_removed: na.len() - nodes_kept,
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

/// The competition ranking ([`competition_ranks`]) of one snapshot's
/// values, ties displayed by id.
struct SliceRanks<'a> {
    slice: &'a Slice,
    ranking: Ranking,
}

impl<'a> SliceRanks<'a> {
    fn new(ids: &Ids, slice: &'a Slice, values: &[f64]) -> Self {
        let ranking = competition_ranks(values, |i, j| ids.cmp(slice.nodes[i], slice.nodes[j]));
        Self { slice, ranking }
    }

    /// Node numbers of the top `k`: every node whose rank is at most `k`
    /// (a tie across place `k` is kept whole).
    fn top(&self, k: usize) -> impl Iterator<Item = u32> + '_ {
        self.ranking
            .order
            .iter()
            .take_while(move |&&i| self.ranking.places[i].rank <= k)
            .map(|&i| self.slice.nodes[i])
    }

    /// The place of the node numbered `node`, if in the snapshot.
    fn place_of(&self, node: u32) -> Option<Place> {
        let i = self.slice.nodes.binary_search(&node).ok()?;
        Some(self.ranking.places[i])
    }
}

fn rank_shifts(temporal: &Temporal, sa: &Slice, ba: &[f64], sb: &Slice, bb: &[f64]) -> Vec<Shift> {
    let ra = SliceRanks::new(&temporal.ids, sa, ba);
    let rb = SliceRanks::new(&temporal.ids, sb, bb);
    let mut nodes: Vec<u32> = ra.top(TOP).chain(rb.top(TOP)).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let mut rows: Vec<Shift> = nodes
        .into_iter()
        .map(|node| Shift {
            node,
            place_a: ra.place_of(node),
            place_b: rb.place_of(node),
        })
        .collect();
    // Ordered by the better of the two ranks, then id (as peers.py).
    let key = |s: &Shift| {
        s.rank_a()
            .unwrap_or(usize::MAX)
            .min(s.rank_b().unwrap_or(usize::MAX))
    };
    rows.sort_by(|x, y| {
        key(x)
            .cmp(&key(y))
            .then_with(|| temporal.ids.cmp(x.node, y.node))
    });
    rows
}

/// Writes `{period: {measure: {id: value}}, "diff": {...}}`, the shape
/// `shared/bench/check.py` reads, streaming (no tree in memory).
pub fn write_dump<W: Write>(out: &mut W, temporal: &Temporal, outcome: &Outcome) -> io::Result<()> {
    let ids = &temporal.ids;
    write!(out, "{{")?;
    let mut first_period = true;
    for p in &outcome.periods {
        if !std::mem::take(&mut first_period) {
            write!(out, ", ")?;
        }
        write!(out, "{}: {{", serde_json::to_string(&p.window.id)?)?;
        for (k, (m, values)) in p.values.iter().enumerate() {
            if k > 0 {
                write!(out, ", ")?;
            }
            write!(out, "\"{}\": {{", m.name())?;
            for (i, v) in values.iter().enumerate() {
                let sep = if i > 0 { ", " } else { "" };
                let key = serde_json::to_string(&ids.text(p.slice.nodes[i]))?;
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
                    ids.json(s.node),
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
