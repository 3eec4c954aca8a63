//! Temporal summaries per step, as statnet's tsna gives them
//! (`tSnaStats`, `edgeDuration`, `tEdgeFormation`, `tEdgeDissolution`):
//! relations formed and dissolved, how long the relations active in a step
//! last, and the temporal density of its window. See docs/measures.md,
//! "Temporal summaries", for the formulas.
//!
//! Every figure counts the relations of the counted kinds
//! ([`Counting::kinds`]) that the filter admits (organisation kinds and
//! levels of both ends, evidence layer), with their days under the
//! filter's reading of imprecise dates:
//!
//! * **Censoring.** The dataset's `span` is the time it observes. A
//!   relation whose first day is on or before the span's first day may
//!   have begun earlier (left-censored); one whose last day is on or after
//!   the span's last day, or whose end is open (`..`, or unknown under the
//!   loose reading), may have gone on (right-censored). What the data do
//!   not show is not counted as a beginning, an end or a length.
//! * **formed** in a step: relations whose first day lies in the step's
//!   days, not left-censored; **dissolved**: relations whose last day lies
//!   in them, not right-censored. Steps do not overlap, so each relation
//!   forms and dissolves at most once over the steps. These counts do not
//!   depend on the window.
//! * **relations**: the relations in the step's slice (its window), and
//!   their **durations**: each relation's whole length in days, first to
//!   last day inclusive (not cut at the window), as count, minimum,
//!   median (the mean of the two middle values for an even count) and
//!   maximum; censored relations are counted apart (`censored`) and left
//!   out of the distribution.
//! * **temporal density** of the window `W` with `n` organisations:
//!   `Σ_(u,v) |{d ∈ W : u -> v active on d}| / (n (n − 1) |W|)` over
//!   ordered pairs `u ≠ v`, where `u -> v` is active on a day when a
//!   counted relation joins them (either way for a symmetric kind) and it
//!   and both organisations are active that day. It is the mean over the
//!   window's days of that day's density with the window's `n`; on a
//!   one-day window it is the slice's density (`councils stats`).

use crate::error::Result;
use crate::measure::Counting;
use crate::model::{Dataset, Organisation, Relation};
use crate::slice::{Filter, Snapshot};
use crate::time::{Day, Span};

use super::TemporalGraph;
use super::steps::Step;

/// The temporal summary of one step.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Organisations in the step's slice.
    pub organisations: usize,
    /// Counted relations in the step's slice.
    pub relations: usize,
    /// Relations whose first day lies in the step (not left-censored).
    pub formed: usize,
    /// Relations whose last day lies in the step (not right-censored).
    pub dissolved: usize,
    /// Durations of the relations in the slice.
    pub durations: Durations,
    /// Share of (ordered pair, day) cells of the window covered by an
    /// active relation; 0 with fewer than two organisations.
    pub temporal_density: f64,
}

/// A distribution of relation durations, in days.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Durations {
    /// Relations whose length is known (the distribution's size).
    pub count: usize,
    /// Censored relations (an end open or at the edge of the dataset's
    /// span), left out of the distribution.
    pub censored: usize,
    /// Shortest.
    pub min: Option<i64>,
    /// Median (mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// Longest.
    pub max: Option<i64>,
}

impl Durations {
    /// The distribution of `lengths` (`None`: censored).
    pub fn of(lengths: impl IntoIterator<Item = Option<i64>>) -> Self {
        let mut censored = 0;
        let mut days: Vec<i64> = Vec::new();
        for length in lengths {
            match length {
                Some(d) => days.push(d),
                None => censored += 1,
            }
        }
        days.sort_unstable();
        let median = match days.len() {
            0 => None,
            n if n % 2 == 1 => Some(days[n / 2] as f64),
            n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
        };
        Self {
            count: days.len(),
            censored,
            min: days.first().copied(),
            median,
            max: days.last().copied(),
        }
    }
}

/// The summary of each of `steps`, in order.
///
/// Complexity: O(E log E) once for the first and last days, then per step
/// one slice and its temporal graph, O(N + E log E).
pub fn summarise(
    dataset: &Dataset,
    steps: &[Step],
    filter: &Filter,
    counting: &Counting,
) -> Result<Vec<Summary>> {
    let counted = Filter {
        relation_kinds: Some(counting.kinds.clone()),
        ..filter.clone()
    };
    counted.check(dataset)?;
    let reading = filter.reading;
    let admitted: Vec<&Relation> = dataset
        .relations
        .iter()
        .filter(|r| admits(dataset, &counted, r))
        .collect();
    let observed = dataset.info.span.loose;
    let begins = |span: &Span| span.start.filter(|&a| observed.start.is_none_or(|s| a > s));
    let ends_at = |span: &Span| span.end.filter(|&b| observed.end.is_none_or(|e| b < e));
    let mut firsts: Vec<Day> = Vec::new();
    let mut ends: Vec<Day> = Vec::new();
    for r in &admitted {
        let span = r.during.span(reading);
        if span.is_empty() {
            continue;
        }
        firsts.extend(begins(&span));
        ends.extend(ends_at(&span));
    }
    firsts.sort_unstable();
    ends.sort_unstable();
    // Days in [a, b) among sorted `days`.
    let between = |days: &[Day], a: Day, b: Day| {
        days.partition_point(|&d| d < b) - days.partition_point(|&d| d < a)
    };
    steps
        .iter()
        .map(|step| {
            let graph = TemporalGraph::new(
                dataset,
                step.window,
                Filter {
                    throughout: false,
                    ..filter.clone()
                },
                counting,
                0,
            )?;
            let own;
            let slice = if filter.throughout {
                own =
                    Snapshot::in_window(dataset, step.label.clone(), step.window, counted.clone());
                &own
            } else {
                &graph.snapshot
            };
            let durations = Durations::of(slice.relations().map(|r| {
                let span = r.during.span(reading);
                begins(&span)
                    .zip(ends_at(&span))
                    .map(|(a, b)| a.days_until(b))
            }));
            Ok(Summary {
                organisations: slice.graph.node_count(),
                relations: slice.graph.edge_count(),
                // A relation's last day lies in [start, end) exactly when
                // its end (the day after) lies in [start + 1, end + 1).
                formed: between(&firsts, step.start(), step.end()),
                dissolved: between(&ends, step.start().next(), step.end().next()),
                durations,
                temporal_density: temporal_density(&graph),
            })
        })
        .collect()
}

/// True if `relation` is of a counted kind, the evidence layer supports it,
/// and both its organisations pass the filter's kinds, levels and layer
/// (whatever their days).
fn admits(dataset: &Dataset, filter: &Filter, relation: &Relation) -> bool {
    let org_ok = |id: &str| {
        dataset.organisation(id).is_some_and(|o: &Organisation| {
            filter
                .node_kinds
                .as_ref()
                .is_none_or(|k| k.contains(&o.kind))
                && filter
                    .levels
                    .as_ref()
                    .is_none_or(|l| l.contains(&dataset.level(o.level).id))
                && filter.evidence.supports(&o.cite, o.certainty)
        })
    };
    filter
        .relation_kinds
        .as_ref()
        .is_none_or(|k| k.contains(relation.kind.as_str()))
        && filter.evidence.supports(&relation.cite, relation.certainty)
        && org_ok(&relation.from)
        && org_ok(&relation.to)
}

/// `Σ_(u,v) |days u -> v is active| / (n (n − 1) |W|)` over the temporal
/// graph's window: the days of parallel arcs between one pair are merged
/// so a pair-day counts once.
fn temporal_density(graph: &TemporalGraph<'_>) -> f64 {
    let n = graph.snapshot.graph.node_count() as f64;
    if n < 2.0 || graph.days <= 0 {
        return 0.0;
    }
    let mut arcs: Vec<(u32, u32, i32, i32)> = graph
        .arcs
        .iter()
        .filter(|a| a.from != a.to)
        .map(|a| (a.from, a.to, a.start, a.end))
        .collect();
    arcs.sort_unstable();
    let mut covered: u64 = 0;
    let mut open: Option<(u32, u32, i32, i32)> = None;
    for (u, v, start, end) in arcs {
        match &mut open {
            Some((a, b, _, e)) if (*a, *b) == (u, v) && start <= *e => *e = (*e).max(end),
            _ => {
                if let Some((_, _, s, e)) = open {
                    covered += (e - s) as u64;
                }
                open = Some((u, v, start, end));
            }
        }
    }
    if let Some((_, _, s, e)) = open {
        covered += (e - s) as u64;
    }
    covered as f64 / (n * (n - 1.0) * f64::from(graph.days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_the_middle_and_count_open_ends_apart() {
        let d = Durations::of([Some(5), None, Some(1), Some(30), Some(2)]);
        assert_eq!(
            d,
            Durations {
                count: 4,
                censored: 1,
                min: Some(1),
                median: Some(3.5),
                max: Some(30)
            }
        );
        assert_eq!(Durations::of([Some(7)]).median, Some(7.0));
        assert_eq!(Durations::of([None]).median, None);
    }
}
