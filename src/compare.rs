//! A full comparison of two slices: the [`Diff`] under both readings of
//! imprecise dates, the structural figures of each, and the largest shifts
//! in centrality rank. This is what `councils diff` prints and what the
//! report shows.

use crate::diff::{Diff, DiffCounts, diff};
use crate::error::Result;
use std::collections::{BTreeMap, BTreeSet};

use crate::evidence::Evidence;
use crate::measure::{Counting, Measure, MeasureGraph, Place, Stats, centrality, stats};
use crate::model::Dataset;
use crate::slice::{Filter, Selector, Snapshot};
use crate::time::{CalendarView, Reading};

/// How an organisation's rank moved between A and B (competition ranks,
/// see [`crate::measure::rank`]).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RankShift {
    /// Organisation id.
    pub id: String,
    /// Rank in A (1 = highest; tied values share a rank), if present.
    pub rank_a: Option<usize>,
    /// Rank in B, if present.
    pub rank_b: Option<usize>,
    /// Value in A, if present.
    pub value_a: Option<f64>,
    /// Value in B, if present.
    pub value_b: Option<f64>,
    /// Value in A as printed: significant digits enough to tell apart the
    /// values A ranks apart.
    pub shown_a: Option<String>,
    /// Value in B as printed, likewise.
    pub shown_b: Option<String>,
    /// How far it rose ([`Place::change_to`]): rank_a − rank_b, 0 if it
    /// shares last place in both.
    pub shift: Option<i64>,
}

/// Two slices compared.
#[derive(Clone, Debug)]
pub struct Comparison<'d> {
    /// The diff under the reading asked for.
    pub diff: Diff<'d>,
    /// The counts of the diff under the other reading, for ranges where
    /// dates are imprecise.
    pub other: DiffCounts,
    /// The reading of `diff`.
    pub reading: Reading,
    /// Figures of A and B (under `reading`).
    pub stats: (Stats, Stats),
    /// The measure ranks are compared on.
    pub measure: Measure,
    /// Organisations in the top `top` of A or B, by |shift| (largest first),
    /// then those that appeared or disappeared, then id.
    pub rank_shifts: Vec<RankShift>,
    /// Size of the top lists `rank_shifts` is drawn from.
    pub top: usize,
    /// Which relations the measures counted.
    pub counting: Counting,
    /// A's and B's windows, shown in the view asked for.
    pub windows: (String, String),
    /// The slice rule and filters.
    pub filter: Filter,
}

/// Options of a comparison.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    /// Slice rule, reading and filters.
    pub filter: Filter,
    /// Relations counted by the measures.
    pub counting: Counting,
    /// Measure whose ranks are compared.
    pub measure: Measure,
    /// Size of the top lists whose members' shifts are reported.
    pub top: usize,
    /// How dates are shown.
    pub view: CalendarView,
}

/// Compares slice `a` with slice `b`.
pub fn compare<'d>(
    dataset: &'d Dataset,
    a: &Selector,
    b: &Selector,
    options: &CompareOptions,
) -> Result<Comparison<'d>> {
    compare_evidence(dataset, a, &options.filter.evidence, b, options)
}

/// Compares slice `a` as evidence layer `a_evidence` tells it with slice
/// `b` as the options' filter tells it: with `a` = `b`, what outside works
/// add to the main source's network in one period. When the layers differ,
/// each side's label names its layer (`renewal [icc-wawc3]`).
pub fn compare_evidence<'d>(
    dataset: &'d Dataset,
    a: &Selector,
    a_evidence: &Evidence,
    b: &Selector,
    options: &CompareOptions,
) -> Result<Comparison<'d>> {
    a_evidence.check(dataset)?;
    let reading = options.filter.reading;
    let other_reading = match reading {
        Reading::Loose => Reading::Strict,
        Reading::Strict => Reading::Loose,
    };
    let with = |r: Reading| Filter {
        reading: r,
        ..options.filter.clone()
    };
    let with_a = |r: Reading| Filter {
        evidence: a_evidence.clone(),
        ..with(r)
    };
    let layered = *a_evidence != options.filter.evidence;
    let side = |selector: &Selector, filter: Filter| -> Result<Snapshot<'d>> {
        let mut snap = Snapshot::new(dataset, selector, filter)?;
        if layered {
            snap.label = format!("{} [{}]", snap.label, snap.filter.evidence.label());
        }
        Ok(snap)
    };
    // One step at a time, each step's slices and graphs dropped before the
    // next is built, so that at most two slices are held at once (the peak
    // of `diff` at 300k relations, issue 16).
    let other = diff(
        &side(a, with_a(other_reading))?,
        &side(b, with(other_reading))?,
    )
    .counts();
    let snap_a = side(a, with_a(reading))?;
    let snap_b = side(b, with(reading))?;
    let (stats, rank_shifts) = {
        let graph_a = MeasureGraph::new(&snap_a, options.counting.clone());
        let graph_b = MeasureGraph::new(&snap_b, options.counting.clone());
        (
            (stats(&graph_a), stats(&graph_b)),
            rank_shifts(&graph_a, &graph_b, options.measure, options.top),
        )
    };
    Ok(Comparison {
        diff: diff(&snap_a, &snap_b),
        other,
        reading,
        stats,
        measure: options.measure,
        rank_shifts,
        top: options.top,
        counting: options.counting.clone(),
        windows: (
            snap_a.window.show(options.view),
            snap_b.window.show(options.view),
        ),
        filter: options.filter.clone(),
    })
}

/// Rank shifts of the organisations in the top `top` of A or of B.
fn rank_shifts(
    a: &MeasureGraph<'_, '_>,
    b: &MeasureGraph<'_, '_>,
    measure: Measure,
    top: usize,
) -> Vec<RankShift> {
    type Row = (f64, Place, String);
    let ranks = |g: &MeasureGraph<'_, '_>| -> BTreeMap<String, Row> {
        centrality(g, measure)
            .map(|s| {
                let ranked = s.ranked(g);
                ranked
                    .rows
                    .iter()
                    .map(|&(id, v, place)| (id.to_string(), (v, place, ranked.show(v))))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (ra, rb) = (ranks(a), ranks(b));
    let ids: BTreeSet<&String> = ra
        .iter()
        .chain(&rb)
        .filter(|(_, (_, place, _))| place.rank <= top)
        .map(|(id, _)| id)
        .collect();
    let mut shifts: Vec<RankShift> = ids
        .into_iter()
        .map(|id| {
            let (a, b) = (ra.get(id), rb.get(id));
            RankShift {
                id: id.clone(),
                rank_a: a.map(|x| x.1.rank),
                rank_b: b.map(|x| x.1.rank),
                value_a: a.map(|x| x.0),
                value_b: b.map(|x| x.0),
                shown_a: a.map(|x| x.2.clone()),
                shown_b: b.map(|x| x.2.clone()),
                shift: a.zip(b).map(|(a, b)| a.1.change_to(b.1)),
            }
        })
        .collect();
    shifts.sort_by(|x, y| {
        let key = |s: &RankShift| (s.shift.is_none(), std::cmp::Reverse(s.shift.map(i64::abs)));
        key(x).cmp(&key(y)).then_with(|| x.id.cmp(&y.id))
    });
    shifts
}

impl Comparison<'_> {
    /// A figure under both readings: `x` if they agree, `x (y under the
    /// strict reading)` otherwise.
    pub fn range<T: PartialEq + std::fmt::Display>(&self, this: T, other: T) -> String {
        if this == other {
            this.to_string()
        } else {
            let name = match self.reading {
                Reading::Loose => "strict",
                Reading::Strict => "loose",
            };
            format!("{this} ({other} under the {name} reading)")
        }
    }
}
