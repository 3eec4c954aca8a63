//! Paths and reachability over time: which organisations a message could
//! reach through relations while they were active, and how soon; and the
//! shortest paths inside one slice. See docs/measures.md, "Paths and
//! reachability".
//!
//! A [`TemporalGraph`] is cut from a dataset for a window of days, like a
//! [`Snapshot`] (same filters, same reading of imprecise dates) but with
//! each counted relation kept as an arc *with its days*: the days of the
//! window on which the relation and both its organisations were active.
//! [`reach`] runs the earliest-arrival kernel on it, [`path`] the static
//! shortest paths of one slice.

pub mod path;
pub mod reach;
pub mod steps;
pub mod summary;

use crate::error::{Error, Result};
use crate::measure::Counting;
use crate::model::{Dataset, Organisation, Relation};
use crate::slice::{Filter, Snapshot};
use crate::suggest::did_you_mean;
use chrono::Datelike;

use crate::time::{CalendarView, Day, Span};

use reach::{Arc, Arrival, Stream};

/// Which way `reach` follows relations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Along the relations: whom a message from the organisation reaches,
    /// with the earliest day it arrives.
    Down,
    /// Against them: who could get a message to the organisation, with the
    /// latest day they could send it and still arrive in the window.
    Up,
}

/// The counted relations of a window, each with the days it could carry a
/// message.
#[derive(Debug)]
pub struct TemporalGraph<'d> {
    /// The organisations and relations the filter keeps over the window
    /// (active on at least one of its days).
    pub snapshot: Snapshot<'d>,
    /// The first day of the window: arc days count from it.
    pub first: Day,
    /// Number of days in the window.
    pub days: i32,
    /// Arcs between snapshot nodes; arc `i` carries relation `relation[i]`
    /// (a position in `dataset.relations`). A symmetric kind gives two.
    pub arcs: Vec<Arc>,
    /// The relation behind each arc.
    pub relation: Vec<usize>,
    /// Crossing time in days (0: a message crosses a relation on the day
    /// it uses it and may go on the same day).
    pub step: i32,
    stream: Stream,
}

/// One step of a time-respecting path.
#[derive(Clone, Debug)]
pub struct Hop<'d> {
    /// Where the step starts.
    pub from: &'d Organisation,
    /// Where it ends.
    pub to: &'d Organisation,
    /// The relation crossed (for a symmetric kind, possibly written
    /// `to -> from`).
    pub relation: &'d Relation,
    /// The day the relation is crossed.
    pub depart: Day,
    /// The day the message is at `to`.
    pub arrive: Day,
}

/// An organisation reached, with its day (see [`Direction`]) and the step
/// next to it on its path. Following `hop` from organisation to
/// organisation gives the whole path (each organisation listed once, so
/// the list stays linear in size however long the paths).
#[derive(Clone, Debug)]
pub struct Reached<'d> {
    /// The organisation.
    pub organisation: &'d Organisation,
    /// Earliest arrival (down) or latest departure (up).
    pub day: Day,
    /// Relations crossed between the origin and it.
    pub steps: u32,
    /// Down: the last step, into it; up: the first step, out of it
    /// towards the origin.
    pub hop: Hop<'d>,
}

impl<'d> TemporalGraph<'d> {
    /// The temporal graph of `dataset` over the bounded `window` under
    /// `filter` (its `throughout` must be off, its relation kinds are
    /// ignored: `counting` says which kinds carry messages, symmetric ones
    /// both ways), with crossings taking `step` days.
    pub fn new(
        dataset: &'d Dataset,
        window: Span,
        filter: Filter,
        counting: &Counting,
        step: u32,
    ) -> Result<Self> {
        let (Some(first), Some(end)) = (window.start, window.end) else {
            return Err(Error::Parameter {
                name: "window",
                value: None,
                problem: "paths over time need a first and a last day".into(),
                hint: None,
            });
        };
        if window.is_empty() {
            return Err(Error::Parameter {
                name: "window",
                value: None,
                problem: "the window ends before it starts".into(),
                hint: None,
            });
        }
        if filter.throughout {
            return Err(Error::Parameter {
                name: "throughout",
                value: None,
                problem: "paths over time use each relation on the days it was active".into(),
                hint: None,
            });
        }
        let step = i32::try_from(step).map_err(|_| Error::Parameter {
            name: "step",
            value: Some(step.to_string()),
            problem: "too many days".into(),
            hint: None,
        })?;
        let counted = Filter {
            relation_kinds: Some(counting.kinds.clone()),
            ..filter
        };
        counted.check(dataset)?;
        let reading = counted.reading;
        let label = format!(
            "the window {}",
            window.show(CalendarView::native(dataset.info.calendar))
        );
        let snapshot = Snapshot::in_window(dataset, label, window, counted);
        let days = i32::try_from(first.days_until(end)).unwrap_or(i32::MAX);
        let offset = |d: Option<Day>, open: i32| {
            d.map_or(open, |d| {
                first.days_until(d).clamp(0, i64::from(days)) as i32
            })
        };
        let mut arcs = Vec::new();
        let mut relation = Vec::new();
        for edge in snapshot.graph.raw_edges() {
            let rel = &dataset.relations[edge.weight];
            let (a, b) = (edge.source(), edge.target());
            let spans = [
                rel.during.span(reading),
                dataset.organisations[snapshot.graph[a]]
                    .during
                    .span(reading),
                dataset.organisations[snapshot.graph[b]]
                    .during
                    .span(reading),
            ];
            let start = spans.iter().map(|s| offset(s.start, 0)).max().unwrap_or(0);
            let stop = spans
                .iter()
                .map(|s| offset(s.end, days))
                .min()
                .unwrap_or(days);
            if start >= stop {
                continue;
            }
            let symmetric = dataset
                .relation_kind(&rel.kind)
                .is_some_and(|k| !k.directed);
            let (a, b) = (a.index() as u32, b.index() as u32);
            for (from, to) in [(a, b), (b, a)]
                .into_iter()
                .take(1 + usize::from(symmetric))
            {
                arcs.push(Arc {
                    from,
                    to,
                    start,
                    end: stop,
                });
                relation.push(edge.weight);
            }
        }
        let stream = Stream::new(snapshot.graph.node_count(), &arcs);
        Ok(Self {
            snapshot,
            first,
            days,
            arcs,
            relation,
            step,
            stream,
        })
    }

    /// The snapshot node of organisation `id`: an unknown id is an error
    /// with a did-you-mean hint, and so is one not active in the window.
    pub fn node(&self, id: &str) -> Result<u32> {
        node_of(&self.snapshot, id)
    }

    /// The organisations a message reaches from `origin` (down) or that
    /// can reach it (up) within the window, sorted by day then id; the
    /// origin is not listed.
    pub fn reach(&self, origin: &str, direction: Direction) -> Result<Vec<Reached<'d>>> {
        let node = self.node(origin)?;
        let found = self.run(node, direction);
        let mut reached: Vec<Reached<'d>> = (0..found.len() as u32)
            .filter(|&v| v != node)
            .filter_map(|v| {
                let arrival = found[v as usize]?;
                let (prev, arc) = arrival.via?;
                Some(Reached {
                    organisation: self.organisation(v),
                    day: self.day(arrival.day),
                    steps: arrival.steps,
                    hop: match direction {
                        Direction::Down => self.hop(prev, v, arc, arrival.day - self.step),
                        Direction::Up => self.hop(v, prev, arc, arrival.day),
                    },
                })
            })
            .collect();
        reached.sort_by(|x, y| (x.day, &x.organisation.id).cmp(&(y.day, &y.organisation.id)));
        Ok(reached)
    }

    /// The earliest-arriving time-respecting path from `from` to `to`,
    /// starting on the window's first day; `Ok(None)` if none arrives
    /// within the window.
    pub fn earliest_path(&self, from: &str, to: &str) -> Result<Option<Vec<Hop<'d>>>> {
        let (a, b) = (self.node(from)?, self.node(to)?);
        let found = self.run(a, Direction::Down);
        Ok(found[b as usize].map(|_| self.hops(&found, a, b)))
    }

    /// Earliest arrivals (down) or latest departures (up) from `node`.
    fn run(&self, node: u32, direction: Direction) -> Vec<Option<Arrival>> {
        match direction {
            Direction::Down => reach::earliest_arrival(&self.stream, node, 0, self.days, self.step),
            Direction::Up => reach::latest_departure(
                self.stream.node_count(),
                &self.arcs,
                node,
                self.days,
                self.step,
            ),
        }
    }

    /// The hops from `origin` (where the search ran from) to `v`, in
    /// travel order.
    fn hops(&self, found: &[Option<Arrival>], origin: u32, v: u32) -> Vec<Hop<'d>> {
        // `trace` lists (node reached, arc) from the origin on; the node
        // each step leaves is the one reached before it.
        let steps = reach::trace(found, v).unwrap_or_default();
        let mut at = origin;
        steps
            .into_iter()
            .map(|(to, arc)| {
                let day = found[to as usize].map_or(0, |a| a.day);
                let hop = self.hop(at, to, arc, day - self.step);
                at = to;
                hop
            })
            .collect()
    }

    /// The step `from -> to` through arc `arc`, crossed on day `depart`.
    fn hop(&self, from: u32, to: u32, arc: u32, depart: i32) -> Hop<'d> {
        Hop {
            from: self.organisation(from),
            to: self.organisation(to),
            relation: &self.snapshot.dataset.relations[self.relation[arc as usize]],
            depart: self.day(depart),
            arrive: self.day(depart + self.step),
        }
    }

    fn organisation(&self, v: u32) -> &'d Organisation {
        let pos = self.snapshot.graph[rustworkx_core::petgraph::graph::NodeIndex::new(v as usize)];
        &self.snapshot.dataset.organisations[pos]
    }

    /// The day `offset` days after the window's first.
    pub fn day(&self, offset: i32) -> Day {
        add_days(self.first, offset)
    }
}

/// The node of organisation `id` in `snapshot`: an error naming the id
/// (with a did-you-mean hint) if the dataset has no such organisation, or
/// saying so if it is not in the slice.
pub fn node_of(snapshot: &Snapshot<'_>, id: &str) -> Result<u32> {
    let dataset = snapshot.dataset;
    if dataset.organisation(id).is_none() {
        return Err(Error::Unknown {
            what: "organisation",
            name: id.to_string(),
            hint: did_you_mean(id, dataset.organisations.iter().map(|o| o.id.as_str())),
        });
    }
    snapshot
        .node(id)
        .map(|n| n.index() as u32)
        .ok_or_else(|| Error::Parameter {
            name: "organisation",
            value: Some(id.to_string()),
            problem: format!(
                "not active in {} (or left out by the filters)",
                snapshot.label
            ),
            hint: Some("`councils show ID` gives its dates".into()),
        })
}

/// `day` moved by `n` days (through the Gregorian date: [`Day`] keeps its
/// count private).
fn add_days(day: Day, n: i32) -> Day {
    // Saturating: a step of many days from a date near the calendar's
    // end must not overflow (the caller sees the day did not move).
    let date = day
        .gregorian()
        .checked_add_signed(chrono::TimeDelta::days(i64::from(n)))
        .unwrap_or(if n < 0 {
            chrono::NaiveDate::MIN
        } else {
            chrono::NaiveDate::MAX
        });
    Day::from_gregorian(i64::from(date.year()), date.month() as u8, date.day() as u8).unwrap_or(day)
}
