//! The front page: the period timeline with its diagrams, the comparison,
//! centrality and structure across periods, the votes, and the index of
//! organisations.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::chart::{chart, event_href, votes};
use super::page::{Depth, citations_html, document_html, inline_svg, layout, table_html};
use super::{Diagram, ReportInput};
use crate::compare::Comparison;
use crate::measure::rank::show_change;
use crate::measure::{Measure, MeasureGraph, Place, centrality, stats};
use crate::render::stats::stats_table;
use crate::render::table::Table;
use crate::slice::Snapshot;

/// A diagram as a figure: inline SVG (with a link to the full-size file
/// `href`, if there is one), or the DOT source with the reason it could
/// not be drawn; `key` is unique on the page (see [`inline_svg`]).
pub(super) fn figure(diagram: &Diagram, label: &str, href: Option<&str>, key: &str) -> Markup {
    html! {
        figure class="diagram" {
            @match diagram {
                Diagram::Svg(svg) => {
                    (inline_svg(svg, label, key))
                    @if let Some(href) = href { p { a href=(href) { "Open the diagram full size" } } }
                }
                Diagram::Source { dot, why } => {
                    p class="notice" { "Diagram not drawn: " (why) }
                    details { summary { "DOT source" } pre { (dot) } }
                }
                Diagram::Omitted { why } => {
                    p class="notice" { "Diagram not drawn: " (why) }
                }
            }
            figcaption { (label) }
        }
    }
}

/// Ranks of every organisation per snapshot for `measure`, and the table
/// of the top `top` of any snapshot with the change from first to last.
fn rank_table(
    snapshots: &[Snapshot<'_>],
    input: &ReportInput<'_>,
    measure: Measure,
    top: usize,
) -> Table {
    let ds = input.dataset;
    let ranks: Vec<BTreeMap<String, (String, Place)>> = snapshots
        .iter()
        .map(|s| {
            let g = MeasureGraph::new(s, input.counting.clone());
            centrality(&g, measure)
                .map(|scores| {
                    let ranked = scores.ranked(&g);
                    ranked
                        .rows
                        .iter()
                        .map(|&(id, v, place)| (id.to_string(), (ranked.show(v), place)))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let mut ids: Vec<&String> = ranks
        .iter()
        .flat_map(|r| {
            r.iter()
                .filter(|(_, (_, place))| place.rank <= top)
                .map(|(id, _)| id)
        })
        .collect();
    ids.sort();
    ids.dedup();
    let last = ranks.last();
    ids.sort_by_key(|id| {
        (
            last.and_then(|l| l.get(*id))
                .map_or(usize::MAX, |x| x.1.rank),
            (*id).clone(),
        )
    });
    let mut header = vec!["organisation".to_string()];
    header.extend(snapshots.iter().map(|s| s.label.clone()));
    header.push("change".to_string());
    let mut table = Table::new(header);
    for id in ids {
        let mut row = vec![ds.organisation(id).map_or(id.clone(), |o| o.name.clone())];
        for r in &ranks {
            row.push(r.get(id).map_or("—".to_string(), |(v, place)| {
                format!("{} ({v})", place.rank)
            }));
        }
        let first = ranks.first().and_then(|r| r.get(id)).map(|x| x.1);
        let lastr = last.and_then(|r| r.get(id)).map(|x| x.1);
        row.push(
            first
                .zip(lastr)
                .map_or("—".to_string(), |(a, b)| show_change(a.change_to(b))),
        );
        table.push(row);
    }
    table
}

/// Sections of the front page made elsewhere.
pub struct Sections {
    /// Evidence by period ([`super::evidence::section`]).
    pub evidence: Markup,
    /// Measures over time ([`super::timechart::section`]).
    pub over_time: Markup,
}

/// The front page; `betweenness` is the measure standing for betweenness
/// (itself, or degree on a large network) and `largest` the organisations
/// and relations of the largest period ([`super::Policy`]).
pub fn index_page(
    input: &ReportInput<'_>,
    snapshots: &[Snapshot<'_>],
    diagrams: &[Diagram],
    comparison: &Comparison<'_>,
    comparison_diagram: &Diagram,
    sections: Sections,
    (betweenness, largest): (Measure, (usize, usize)),
) -> Markup {
    let Sections {
        evidence,
        over_time,
    } = sections;
    let ds = input.dataset;
    let view = input.view;
    let body = html! {
        p {
            (ds.organisations.len()) " organisations, " (ds.relations.len()) " relations, "
            (ds.events.len()) " events, " (ds.periods.len()) " periods. "
            "Dates are shown " (view.label()) "; every element cites its source (see each organisation's page). "
            "Imprecise dates are read " (match input.filter.reading { crate::time::Reading::Loose => "loosely (an element is shown wherever it may have been active)", crate::time::Reading::Strict => "strictly (an element is shown only where it was surely active)" }) "."
            @if !input.filter.evidence.is_everything() { " Only the evidence layer “" (input.filter.evidence.label()) "” is shown (see " a href="#evidence" { "Evidence" } ")." }
        }
        section id="timeline" aria-labelledby="timeline-h" {
            h2 id="timeline-h" { "Timeline" }
            p class="settings" { "Each diagram shows the organisations and relations active at any time in the period. Grass roots at the bottom, national bodies at the top. " a href="movie.html" { "See the periods in motion" } "." }
            div data-timeline="" {
                div class="controls" role="tablist" aria-label="Periods" {
                    @for (i, s) in snapshots.iter().enumerate() {
                        @let period = ds.period(&s.label);
                        button type="button" role="tab" id={ "tab-" (s.label) } aria-controls={ "panel-" (s.label) }
                            aria-selected=(if i == 0 { "true" } else { "false" }) {
                            (period.map_or(s.label.as_str(), |p| p.label.as_str()))
                        }
                    }
                }
                div class="controls" {
                    label for="period-slider" { "Move through the periods: " }
                    input id="period-slider" type="range" min="0" max=(snapshots.len().saturating_sub(1)) step="1" value="0"
                        aria-valuetext="period";
                    span data-status="" aria-live="polite" {}
                }
                @for (i, (s, d)) in snapshots.iter().zip(diagrams).enumerate() {
                    @let period = ds.period(&s.label);
                    @let title = period.map_or(s.label.clone(), |p| p.label.clone());
                    div class="period-panel" role="tabpanel" id={ "panel-" (s.label) } aria-labelledby={ "tab-" (s.label) } hidden[i > 0] {
                        h3 { (title) }
                        p class="dates" {
                            @if s.window.start.is_some() && s.window.end.is_some() {
                                (period.map_or_else(|| s.window.show(view), |p| p.during.show(view)))
                            }
                            " · " (s.graph.node_count()) " organisations, " (s.graph.edge_count()) " relations"
                        }
                        @if let Some(p) = period { @if let Some(desc) = &p.description { p { (desc) } } }
                        (figure(d, &format!("The network in the period “{title}” ({})", s.window.show(view)), Some(&format!("diagrams/{}.svg", s.label)), &format!("d{}-", i + 1)))
                    }
                }
            }
        }
        section id="comparison" aria-labelledby="comparison-h" {
            h2 id="comparison-h" { "Comparison: " (comparison.diff.a) " and " (comparison.diff.b) }
            (figure(comparison_diagram, &format!("What was kept, added and removed from {} to {}", comparison.diff.a, comparison.diff.b), Some("diagrams/comparison.svg"), "dc-"))
            (document_html(&crate::render::diff::document(comparison, view), 2, &format!("councils diff {} {}", comparison.diff.a, comparison.diff.b)))
        }
        section id="centrality" aria-labelledby="centrality-h" {
            h2 id="centrality-h" { "Centrality across periods" }
            p class="settings" { "Rank (value) in each period; tied values share a rank (competition ranking, 1224); change = rank in the first period minus rank in the last (positive: rose), 0 where the rank did not move or the organisation shares last place in both. " (input.counting.describe(ds)) ". See docs/measures.md." }
            @if betweenness != Measure::Betweenness {
                p class="notice" { (input.policy.why_degree(largest.0, largest.1)) }
            }
            @for m in [betweenness, Measure::InDegree, Measure::Pagerank] {
                h3 { (m) }
                (table_html(&rank_table(snapshots, input, m, 12)))
            }
        }
        section id="structure" aria-labelledby="structure-h" {
            h2 id="structure-h" { "Structure across periods" }
            @let all: Vec<(String, crate::measure::Stats)> = snapshots.iter().map(|s| (s.label.clone(), stats(&MeasureGraph::new(s, input.counting.clone())))).collect();
            (table_html(&stats_table(ds, &all)))
        }
        (over_time)
        (evidence)
        section id="votes" aria-labelledby="votes-h" {
            h2 id="votes-h" { "Votes" }
            (chart(ds, view))
            div class="table-wrap" {
                table {
                    thead { tr { th scope="col" { "Date (" (view.label()) ")" } th scope="col" { "Vote" } th scope="col" class="num" { "For" } th scope="col" class="num" { "Against" } th scope="col" class="num" { "Abstained" } th scope="col" { "Source" } } }
                    tbody {
                        @for e in ds.events.iter().filter(|e| e.votes.is_some()) {
                            @let v = e.votes.unwrap_or(crate::model::Votes { in_favour: None, against: None, abstained: None });
                            tr id=(e.id) {
                                td class="dates" { (e.date.show(view)) }
                                td { a href=(event_href(e)) { (e.summary) } }
                                td class="num" { (v.in_favour.map(|n| n.to_string()).unwrap_or_default()) }
                                td class="num" { (v.against.map(|n| n.to_string()).unwrap_or_default()) }
                                td class="num" { (v.abstained.map(|n| n.to_string()).unwrap_or_default()) }
                                td { (citations_html(&e.cite, Depth(0))) }
                            }
                        }
                    }
                }
            }
            p class="muted" { (votes(ds).len()) " votes with counts for and against are charted." }
        }
        section id="organisations" aria-labelledby="organisations-h" {
            h2 id="organisations-h" { "Organisations" }
            label for="org-search" { "Search: " }
            input id="org-search" type="search" placeholder="name, place or kind" data-filter=".org-index li" aria-describedby="org-count";
            p id="org-count" class="muted" aria-live="polite" { (ds.organisations.len()) " organisations" }
            @for level in ds.levels.iter().rev() {
                @let orgs: Vec<_> = ds.organisations.iter().filter(|o| o.level == level.rank).collect();
                @if !orgs.is_empty() {
                    h3 { (level.label) }
                    ul class="org-index" {
                        @for o in orgs {
                            li data-org=(o.id) data-search=(format!("{} {} {} {}", o.name, o.id, o.place.clone().unwrap_or_default(), o.kind).to_lowercase()) {
                                a href={ "org/" (super::org::page_file(&o.id)) } { (o.name) }
                                @if let Some(p) = &o.place { span class="muted" { " · " (p) } }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ds, "Report", Depth(0), body)
}
