//! Writing a dataset, or one snapshot of it, for other tools: GEXF with the
//! whole timeline for Gephi, GraphML per snapshot (yEd, Cytoscape,
//! networkx), node-link JSON (networkx, D3), CSV tables (spreadsheets, and
//! back into `councils`), TOML (the dataset format itself).
//!
//! Each writer takes a [`Scope`] (which organisations and relations, and
//! under which reading of imprecise dates) and any `io::Write`; it first
//! builds its own small structs, then writes them. Everything leaves keyed
//! by id, in dataset order, so output is deterministic.
//!
//! # Dates
//!
//! Every element carries its EDTF text as written (`during`, in the
//! dataset's calendar) and its first and last day (`start`, `end`, both
//! **inclusive**, proleptic Gregorian ISO dates, so that tools on a real
//! time line agree; absent or null when open), under the scope's reading.
//! docs/interchange.md lists what each format cannot hold.

pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod json;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod toml;
mod xml;

use std::collections::HashMap;

use crate::model::{Dataset, Organisation, Relation, State};
use crate::slice::Snapshot;
use crate::time::{Calendar, Reading, Span, When};

/// What to export: the whole dataset or the elements of one snapshot.
#[derive(Clone, Debug)]
pub struct Scope<'d> {
    /// The dataset.
    pub dataset: &'d Dataset,
    /// Positions in `dataset.organisations`, in order.
    pub organisations: Vec<usize>,
    /// Positions in `dataset.relations`, in order.
    pub relations: Vec<usize>,
    /// The snapshot's label and window, if this is one.
    pub slice: Option<(String, Span)>,
    /// How imprecise dates become first and last days.
    pub reading: Reading,
}

impl<'d> Scope<'d> {
    /// Everything in `dataset`.
    pub fn whole(dataset: &'d Dataset, reading: Reading) -> Self {
        Self {
            dataset,
            organisations: (0..dataset.organisations.len()).collect(),
            relations: (0..dataset.relations.len()).collect(),
            slice: None,
            reading,
        }
    }

    /// The organisations and relations of `snapshot`.
    pub fn snapshot(snapshot: &Snapshot<'d>) -> Self {
        let mut organisations: Vec<usize> = snapshot.graph.node_weights().copied().collect();
        let mut relations: Vec<usize> = snapshot.graph.edge_weights().copied().collect();
        organisations.sort_unstable();
        relations.sort_unstable();
        Self {
            dataset: snapshot.dataset,
            organisations,
            relations,
            slice: Some((snapshot.label.clone(), snapshot.window)),
            reading: snapshot.filter.reading,
        }
    }

    /// The organisations in scope.
    pub fn organisations(&self) -> impl Iterator<Item = &'d Organisation> + '_ {
        self.organisations
            .iter()
            .map(|&i| &self.dataset.organisations[i])
    }

    /// The relations in scope, with their export ids (see [`edge_ids`]).
    pub fn relations(&self) -> impl Iterator<Item = (&'d Relation, usize)> + '_ {
        self.relations
            .iter()
            .map(|&i| (&self.dataset.relations[i], i))
    }

    /// The states of `org` to export: all, or those overlapping the slice.
    pub fn states(&self, org: &'d Organisation) -> Vec<&'d State> {
        match &self.slice {
            Some((_, window)) => org.states_in(window, self.reading).collect(),
            None => org.states.iter().collect(),
        }
    }

    /// First and last day (inclusive, Gregorian ISO) of `when`.
    pub fn days(&self, when: &When) -> (Option<String>, Option<String>) {
        first_last(&when.span(self.reading))
    }
}

/// First and last day (inclusive) of `span` as Gregorian ISO dates; `None`
/// where open.
pub fn first_last(span: &Span) -> (Option<String>, Option<String>) {
    (
        span.start.map(|d| d.iso(Calendar::Gregorian)),
        span.last_day().map(|d| d.iso(Calendar::Gregorian)),
    )
}

/// A unique id for every relation of `dataset` (by position): its id, with
/// `@` and its EDTF text appended where several relations share one (the
/// derived `from->to:kind` of a relation that lapses and resumes), and
/// `#n` should even that repeat.
pub fn edge_ids(dataset: &Dataset) -> Vec<String> {
    // Given ids are unique slugs, so only derived ids repeat: counted by
    // their parts, without making each id's text.
    fn derived(r: &Relation) -> (&str, &str, &str) {
        (r.from.as_str(), r.to.as_str(), r.kind.as_str())
    }
    let mut count: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for r in dataset.relations.iter().filter(|r| r.given_id.is_none()) {
        *count.entry(derived(r)).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    dataset
        .relations
        .iter()
        .map(|r| {
            let repeated = r.given_id.is_none() && count[&derived(r)] > 1;
            let base = if repeated {
                format!("{}@{}", r.id(), r.during.text)
            } else {
                r.id().into_owned()
            };
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            if *n == 1 { base } else { format!("{base}#{n}") }
        })
        .collect()
}

/// True if `id` is an id a relation was given (a slug), not one derived
/// from its endpoints.
pub fn is_given_relation_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The name of a calendar in dataset files.
pub fn calendar_name(calendar: Calendar) -> &'static str {
    match calendar {
        Calendar::Julian => "julian",
        Calendar::Gregorian => "gregorian",
    }
}
