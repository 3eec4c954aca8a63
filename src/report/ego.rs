//! The neighbourhood section of an organisation's page: its ego diagrams
//! (the organisations within one relation of it, and within two on
//! demand) in each period it existed, drawn by the report's
//! [`Diagrams`] with the stable layout of its neighbourhoods, so that
//! every organisation keeps its place from one period to the next.
//!
//! The cost is bounded by the [`Policy`]: a neighbourhood beyond
//! [`Policy::ego`] is not drawn, and [`Plan`] spends the budget of
//! [`Policy::ego_diagrams`] on the organisations with the most relations;
//! the other pages say why, with the command that draws the diagram.

use std::collections::BTreeSet;

use maud::{Markup, html};

use super::index::figure;
use super::org::page_file;
use super::{Diagram, Diagrams, Policy};
use crate::model::Dataset;
use crate::render::dot::Focus;
use crate::slice::{Snapshot, neighbourhood, relations_among};
use crate::time::CalendarView;

/// The depths drawn: one relation away, and two on demand.
const DEPTHS: [usize; 2] = [1, 2];

/// Which organisations' pages draw ego diagrams: those with the most
/// relations (ties in dataset order), as long as their diagrams (one per
/// period they existed in and depth) fit in [`Policy::ego_diagrams`].
pub struct Plan {
    drawn: Vec<bool>,
    count: usize,
}

impl Plan {
    /// Spends the budget on the organisations of `ds`; `relations` gives
    /// the number of relations of the organisation at a position.
    pub fn new(
        ds: &Dataset,
        snapshots: &[Snapshot<'_>],
        relations: impl Fn(usize) -> usize,
        policy: &Policy,
    ) -> Self {
        let mut order: Vec<usize> = (0..ds.organisations.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(relations(i)), i));
        let mut drawn = vec![false; ds.organisations.len()];
        let mut left = policy.ego_diagrams;
        let mut count = 0;
        for i in order {
            let id = &ds.organisations[i].id;
            let periods = snapshots.iter().filter(|s| s.node(id).is_some()).count();
            let cost = periods.saturating_mul(DEPTHS.len());
            if cost > left {
                break;
            }
            left -= cost;
            drawn[i] = true;
            count += 1;
        }
        Self { drawn, count }
    }
}

/// One period's neighbourhood: the snapshot, the organisations drawn and
/// the relations among them.
struct Hood<'s, 'd> {
    snapshot: &'s Snapshot<'d>,
    nodes: BTreeSet<usize>,
    relations: BTreeSet<usize>,
}

/// The neighbourhood of `centre` at `depth` in each snapshot that holds
/// it, in period order.
fn hoods<'s, 'd>(snapshots: &'s [Snapshot<'d>], centre: &str, depth: usize) -> Vec<Hood<'s, 'd>> {
    snapshots
        .iter()
        .filter_map(|s| {
            let nodes = neighbourhood(s, centre, depth)?;
            let relations = relations_among(s, &nodes)
                .into_iter()
                .map(|(_, _, r)| r)
                .collect();
            Some(Hood {
                snapshot: s,
                nodes,
                relations,
            })
        })
        .collect()
}

/// "one relation", "two relations".
fn away(depth: usize) -> String {
    match depth {
        1 => "one relation".into(),
        2 => "two relations".into(),
        d => format!("{d} relations"),
    }
}

/// The neighbourhood section of the page of the organisation at
/// `position`.
pub fn section(
    ds: &Dataset,
    position: usize,
    snapshots: &[Snapshot<'_>],
    diagrams: &dyn Diagrams,
    plan: &Plan,
    policy: &Policy,
    view: CalendarView,
) -> Markup {
    let org = &ds.organisations[position];
    let first = hoods(snapshots, &org.id, DEPTHS[0]);
    let body = if first.is_empty() {
        html! { p { (org.name) " is in none of the periods' networks." } }
    } else if !plan.drawn[position] {
        html! { p class="notice" { "Ego diagrams not drawn: " (policy.why_no_ego(&org.id, plan.count)) } }
    } else {
        let second = hoods(snapshots, &org.id, DEPTHS[1]);
        let same = first.iter().zip(&second).all(|(a, b)| a.nodes == b.nodes);
        let mut views = vec![Reach::new(&org.id, DEPTHS[0], first, policy)];
        if !same {
            views.push(Reach::new(&org.id, DEPTHS[1], second, policy));
        }
        let jobs: Vec<(&Snapshot<'_>, &Focus)> = views
            .iter()
            .filter(|v| v.why.is_none())
            .flat_map(|v| v.hoods.iter().map(|h| (h.snapshot, &v.focus)))
            .collect();
        let mut drawn = diagrams.egos(&jobs).into_iter();
        let mut shown = views.iter().map(|v| {
            let pictures: Vec<Diagram> = match v.why {
                None => drawn.by_ref().take(v.hoods.len()).collect(),
                Some(_) => Vec::new(),
            };
            v.markup(ds, &pictures, view)
        });
        let near = shown.next().unwrap_or_default();
        let far = shown.next();
        html! {
            (near)
            details class="ego-more" {
                summary { "Within " (away(DEPTHS[1])) }
                @match far {
                    Some(far) => (far),
                    None => p { "No organisation is " (away(DEPTHS[1])) " away that is not " (away(DEPTHS[0])) " away, in any period." },
                }
            }
        }
    };
    html! {
        section class="ego" id="neighbourhood" aria-labelledby="neighbourhood-h" {
            h3 id="neighbourhood-h" { "Neighbourhood" }
            p class="settings" {
                "The organisations within " (away(DEPTHS[0])) " of " (org.name) " (in either direction) in each period it existed, "
                "each at the same place in every period; the organisation itself has a thick outline. "
                "Shapes, fills and lines as in the period diagrams."
            }
            (body)
        }
    }
}

/// The neighbourhoods of one depth, and why they are not drawn, if so.
struct Reach<'s, 'd> {
    focus: Focus,
    hoods: Vec<Hood<'s, 'd>>,
    why: Option<String>,
}

impl<'s, 'd> Reach<'s, 'd> {
    fn new(centre: &str, depth: usize, hoods: Vec<Hood<'s, 'd>>, policy: &Policy) -> Self {
        let nodes: BTreeSet<usize> = hoods.iter().flat_map(|h| h.nodes.iter().copied()).collect();
        let relations: BTreeSet<usize> = hoods
            .iter()
            .flat_map(|h| h.relations.iter().copied())
            .collect();
        Self {
            why: policy.ego_too_large(centre, depth, nodes.len(), relations.len()),
            focus: Focus {
                organisation: centre.to_string(),
                depth,
            },
            hoods,
        }
    }

    /// The tabs of this depth, a diagram (of `pictures`, in period order)
    /// per period, or why there is none.
    fn markup(&self, ds: &Dataset, pictures: &[Diagram], view: CalendarView) -> Markup {
        let depth = self.focus.depth;
        if let Some(why) = &self.why {
            return html! { p class="notice" { "Diagrams not drawn: " (why) } };
        }
        let centre = &self.focus.organisation;
        let name = ds
            .organisation(centre)
            .map_or(centre.as_str(), |o| o.name.as_str());
        html! {
            div class="ego-periods" data-timeline="" {
                div class="controls" role="tablist" aria-label={ "Periods, within " (away(depth)) } {
                    @for (i, h) in self.hoods.iter().enumerate() {
                        @let label = &h.snapshot.label;
                        button type="button" role="tab" id={ "ego" (depth) "-tab-" (label) } aria-controls={ "ego" (depth) "-panel-" (label) }
                            aria-selected=(if i == 0 { "true" } else { "false" }) {
                            (ds.period(label).map_or(label.as_str(), |p| p.label.as_str()))
                        }
                    }
                }
                @for (i, (h, picture)) in self.hoods.iter().zip(pictures).enumerate() {
                    @let s = h.snapshot;
                    @let period = ds.period(&s.label);
                    @let title = period.map_or(s.label.clone(), |p| p.label.clone());
                    @let dates = period.map_or_else(|| s.window.show(view), |p| p.during.show(view));
                    div class="period-panel" role="tabpanel" id={ "ego" (depth) "-panel-" (s.label) } aria-labelledby={ "ego" (depth) "-tab-" (s.label) } hidden[i > 0] {
                        h4 { (title) }
                        p class="dates" {
                            (dates) " · " (h.nodes.len()) " organisations, " (h.relations.len()) " relations within " (away(depth))
                        }
                        (figure(
                            picture,
                            &format!("The organisations within {} of {name} in the period “{title}” ({dates})", away(depth)),
                            None,
                            &format!("e{depth}-{}-", i + 1),
                        ))
                        details {
                            summary { "The " (h.nodes.len()) " organisations drawn" }
                            ul class="ego-members" {
                                @for &n in &h.nodes {
                                    @let o = &ds.organisations[n];
                                    li data-org=(o.id) { a href=(page_file(&o.id)) { (o.name) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
