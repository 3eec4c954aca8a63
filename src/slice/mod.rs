//! Turns a checked [`Dataset`] into the [`Snapshot`] valid at a date or for
//! a period: a petgraph graph of the organisations and relations active
//! then, with the states they had.
//!
//! # Rules
//!
//! A slice has a *window*, a half-open span of days `[start, end)`: one day
//! for `--at 1917-10-25`, every day of the month for `--at 1917-10`, the
//! period's days for `--period`. Under the default rule an element is in the
//! snapshot if its interval **overlaps** the window (it was active on at
//! least one of its days); with `throughout` it must **cover** the window
//! (active on every day of it). Intervals are read loosely or strictly (see
//! `time`). A relation is in the snapshot only if both its organisations
//! are. Filters by relation kind, organisation kind and level apply on top,
//! and so does the evidence layer (`crate::evidence`): an organisation,
//! relation or state is in the snapshot only if the layer's sources support
//! it at the layer's certainty (a relation also needs both organisations).
//!
//! Graph indices stay inside this module and the measures; everything that
//! leaves is keyed by organisation or relation id, in dataset order.

mod ego;
pub use ego::{neighbourhood, relations_among};

use std::collections::{BTreeSet, HashMap};

use rustworkx_core::petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{Error, Result};
use crate::evidence::Evidence;
use crate::model::{Dataset, Organisation, Relation, State};
use crate::suggest::did_you_mean;
use crate::time::{CalendarView, Reading, Span, When, parse_cli_date};

/// True if `dataset` has no dates at all: no periods, and every
/// organisation and relation undated (`../..`, as a GEXF or GraphML file
/// without times is imported). Such a dataset is one timeless slice, which
/// every slicing command takes when given no `--period` or `--at`.
pub fn is_timeless(dataset: &Dataset) -> bool {
    let undated = |w: &When| w.text == crate::time::UNDATED;
    dataset.periods.is_empty()
        && dataset.organisations.iter().all(|o| undated(&o.during))
        && dataset.relations.iter().all(|r| undated(&r.during))
}

/// The label of the one slice of a dataset without dates.
pub const TIMELESS: &str = "timeless";

/// What to slice: a named period or a date (EDTF, possibly imprecise).
#[derive(Clone, Debug, PartialEq)]
pub enum Selector {
    /// A period's id.
    Period(String),
    /// A date or interval written on the command line.
    At(When),
}

impl Selector {
    /// Reads `--period ID` or `--at DATE` (in the dataset's calendar unless
    /// prefixed `os:` or `ns:`).
    pub fn parse(dataset: &Dataset, period: Option<&str>, at: Option<&str>) -> Result<Self> {
        match (period, at) {
            (Some(p), _) => Ok(Self::Period(p.to_string())),
            (None, Some(a)) => Ok(Self::At(parse_cli_date(a, dataset.info.calendar)?)),
            // A network without dates is one timeless slice: the whole
            // timeline, taken when nothing else is asked for.
            (None, None) if is_timeless(dataset) => {
                Ok(Self::At(When::undated(dataset.info.calendar)))
            }
            (None, None) => Err(Error::Parameter {
                name: "slice",
                value: None,
                problem: "no period and no date given".into(),
                hint: Some(
                    "name a period or a date (only a dataset without any dates is sliced whole by default)"
                        .into(),
                ),
            }),
        }
    }

    /// The label of a slice at `when`: its text, or `timeless` for the
    /// whole timeline of an undated network.
    pub fn label_of_when(when: &When) -> String {
        if when.text == crate::time::UNDATED {
            TIMELESS.to_string()
        } else {
            when.text.clone()
        }
    }

    /// Reads one token that names a period or, failing that, a date
    /// (`renewal`, `1917-10-25`, `ns:1917-11-07`): the form commands take
    /// when they compare two slices.
    pub fn resolve(dataset: &Dataset, token: &str) -> Result<Self> {
        if dataset.period(token).is_some() {
            return Ok(Self::Period(token.to_string()));
        }
        parse_cli_date(token, dataset.info.calendar)
            .map(Self::At)
            .map_err(|_| Error::Unknown {
                what: "period or date",
                name: token.to_string(),
                hint: did_you_mean(token, dataset.periods.iter().map(|p| p.id.as_str()))
                    .or_else(|| Some("give a period id or an EDTF date such as 1917-10-25".into())),
            })
    }
}

/// Settings of a slice: which window, which rule, which filters.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Require elements to be active on every day of the window.
    pub throughout: bool,
    /// Reading of imprecise dates.
    pub reading: Reading,
    /// Keep only these relation kinds (all if `None`).
    pub relation_kinds: Option<BTreeSet<String>>,
    /// Keep only these organisation kinds (all if `None`).
    pub node_kinds: Option<BTreeSet<String>>,
    /// Keep only these levels, by id (all if `None`).
    pub levels: Option<BTreeSet<String>>,
    /// Keep only what these sources support, at this certainty.
    pub evidence: Evidence,
}

impl Filter {
    /// Checks that every kind, level and source named exists in `dataset`.
    pub fn check(&self, dataset: &Dataset) -> Result<()> {
        let check = |what: &'static str, names: &Option<BTreeSet<String>>, known: Vec<&str>| {
            for name in names.iter().flatten() {
                if !known.contains(&name.as_str()) {
                    return Err(Error::Unknown {
                        what,
                        name: name.clone(),
                        hint: did_you_mean(name, known.iter().copied()),
                    });
                }
            }
            Ok(())
        };
        check(
            "relation kind",
            &self.relation_kinds,
            dataset
                .relation_kinds
                .iter()
                .map(|k| k.id.as_str())
                .collect(),
        )?;
        check(
            "organisation kind",
            &self.node_kinds,
            dataset.node_kinds.iter().map(|k| k.id.as_str()).collect(),
        )?;
        check(
            "level",
            &self.levels,
            dataset.levels.iter().map(|l| l.id.as_str()).collect(),
        )?;
        self.evidence.check(dataset)
    }
}

/// The network as it stood in one window.
#[derive(Clone, Debug)]
pub struct Snapshot<'d> {
    /// The dataset it was cut from.
    pub dataset: &'d Dataset,
    /// The period's id, or the date as written.
    pub label: String,
    /// The days sliced, `[start, end)`.
    pub window: Span,
    /// The settings used.
    pub filter: Filter,
    /// Nodes carry positions in `dataset.organisations`, edges positions in
    /// `dataset.relations`. Node indices follow organisation id order.
    pub graph: DiGraph<usize, usize>,
    node_of: HashMap<usize, NodeIndex>,
}

impl<'d> Snapshot<'d> {
    /// Slices `dataset` for `selector` with `filter`.
    pub fn new(dataset: &'d Dataset, selector: &Selector, filter: Filter) -> Result<Self> {
        filter.check(dataset)?;
        let (label, window) = match selector {
            Selector::Period(id) => {
                let period = dataset.period(id).ok_or_else(|| Error::Unknown {
                    what: "period",
                    name: id.clone(),
                    hint: did_you_mean(id, dataset.periods.iter().map(|p| p.id.as_str())),
                })?;
                (id.clone(), period.during.span(filter.reading))
            }
            Selector::At(when) => (Selector::label_of_when(when), when.loose),
        };
        Ok(Self::in_window(dataset, label, window, filter))
    }

    /// Slices `dataset` over an explicit `window`.
    pub fn in_window(dataset: &'d Dataset, label: String, window: Span, filter: Filter) -> Self {
        let active = |when: &When| {
            let span = when.span(filter.reading);
            if filter.throughout {
                !window.is_empty() && span.covers(&window)
            } else {
                span.overlaps(&window)
            }
        };
        let mut graph = DiGraph::new();
        let mut node_of = HashMap::new();
        for (pos, org) in dataset.organisations.iter().enumerate() {
            let kind_ok = filter
                .node_kinds
                .as_ref()
                .is_none_or(|k| k.contains(&org.kind));
            let level_ok = filter
                .levels
                .as_ref()
                .is_none_or(|l| l.contains(&dataset.level(org.level).id));
            if kind_ok
                && level_ok
                && active(&org.during)
                && filter.evidence.supports(&org.cite, org.certainty)
            {
                node_of.insert(pos, graph.add_node(pos));
            }
        }
        for (pos, rel) in dataset.relations.iter().enumerate() {
            if filter
                .relation_kinds
                .as_ref()
                .is_some_and(|k| !k.contains(rel.kind.as_str()))
                || !active(&rel.during)
                || !filter.evidence.supports(&rel.cite, rel.certainty)
            {
                continue;
            }
            let from = dataset
                .organisation_position(&rel.from)
                .and_then(|i| node_of.get(&i));
            let to = dataset
                .organisation_position(&rel.to)
                .and_then(|i| node_of.get(&i));
            if let (Some(&a), Some(&b)) = (from, to) {
                graph.add_edge(a, b, pos);
            }
        }
        Self {
            dataset,
            label,
            window,
            filter,
            graph,
            node_of,
        }
    }

    /// The organisations in the snapshot, in id order.
    pub fn organisations(&self) -> impl Iterator<Item = &'d Organisation> + '_ {
        self.graph
            .node_weights()
            .map(|&pos| &self.dataset.organisations[pos])
    }

    /// The relations in the snapshot, in dataset order.
    pub fn relations(&self) -> impl Iterator<Item = &'d Relation> + '_ {
        self.graph
            .edge_weights()
            .map(|&pos| &self.dataset.relations[pos])
    }

    /// True if organisation `id` is in the snapshot.
    pub fn contains(&self, id: &str) -> bool {
        self.node(id).is_some()
    }

    /// The graph node of organisation `id`, if present.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.dataset
            .organisation_position(id)
            .and_then(|pos| self.node_of.get(&pos).copied())
    }

    /// True if a relation `from -> to` of `kind` is in the snapshot.
    pub fn has_relation(&self, from: &str, to: &str, kind: &str) -> bool {
        self.relations()
            .any(|r| r.from == from && r.to == to && r.kind == kind)
    }

    /// The states of `org` that held at some time in the window and that
    /// the evidence layer supports, in order.
    pub fn states(&self, org: &'d Organisation) -> Vec<&'d State> {
        org.states_in(&self.window, self.filter.reading)
            .filter(|s| self.filter.evidence.supports(&s.cite, s.certainty))
            .collect()
    }

    /// The values `org` had for `attribute` during the window, joined with
    /// ` → ` when it changed inside it.
    pub fn state_value(&self, org: &'d Organisation, attribute: &str) -> Option<String> {
        let values: Vec<&str> = self
            .states(org)
            .into_iter()
            .filter(|s| s.attribute == attribute)
            .map(|s| s.value.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(" → "))
    }

    /// A one-line description of the slice: label, window and settings.
    pub fn describe(&self, view: CalendarView) -> String {
        if self.label == TIMELESS && self.window.start.is_none() && self.window.end.is_none() {
            // No window to speak of: the network has no dates.
            return format!(
                "{TIMELESS}: the whole network, which has no dates{}",
                self.filter.describe_filters()
            );
        }
        format!(
            "{}: {} {}{}",
            self.label,
            self.filter.rule(),
            self.window.show(view),
            self.filter.describe()
        )
    }
}

impl Filter {
    /// "active at any time in" or "active throughout".
    pub fn rule(&self) -> &'static str {
        if self.throughout {
            "active throughout"
        } else {
            "active at any time in"
        }
    }

    /// The reading and the filters, as ` (loose reading ...); relations: ...`.
    pub fn describe(&self) -> String {
        let reading = match self.reading {
            Reading::Loose => "loose",
            Reading::Strict => "strict",
        };
        format!(
            " ({reading} reading of imprecise dates){}",
            self.describe_filters()
        )
    }

    /// The filters, as `; relations: ...; levels: ...` (empty if none).
    pub fn describe_filters(&self) -> String {
        let mut text = String::new();
        if let Some(k) = &self.relation_kinds {
            text.push_str(&format!("; relations: {}", join(k)));
        }
        if let Some(k) = &self.node_kinds {
            text.push_str(&format!("; organisation kinds: {}", join(k)));
        }
        if let Some(k) = &self.levels {
            text.push_str(&format!("; levels: {}", join(k)));
        }
        text.push_str(&self.evidence.describe());
        text
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}
