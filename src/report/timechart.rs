//! The report's measures over time: the organisations with the highest
//! peak of a centrality measure, step by step, as small multiples (one
//! inline SVG each, on one shared scale) with the named periods shaded and
//! the events marked, every point carrying its value and rank (hover: an
//! SVG `<title>`); and the series behind them as CSV and JSON files.
//!
//! The steps are those of `councils centrality --every` (see
//! [`crate::temporal::steps`]): calendar months of the dataset's calendar
//! over its range, or longer or shorter steps so that there are at most
//! [`MOST_STEPS`]; each step is measured by the one dispatch
//! [`centrality`] and ranked by the one ranking. The measure is
//! betweenness, or degree where the report's [`Policy`] finds the largest
//! step too large for exact betweenness. Time: three passes over the
//! steps (sizes, peaks, the charted values), each one slice per step.

use maud::{Markup, html};

use super::chart::{event_href, month_starts};
use super::policy::Policy;
use crate::error::Result;
use crate::measure::{Counting, Measure, MeasureGraph, centrality};
use crate::model::{Dataset, Organisation};
use crate::slice::{Filter, Snapshot};
use crate::temporal::steps::{Length, STEP_CSV_COLUMNS, Step, Stepping, dataset_range};
use crate::time::{Calendar, CalendarView, Day, Span};

/// Organisations charted.
pub const CHARTED: usize = 6;

/// Most steps the report measures.
pub const MOST_STEPS: u32 = 60;

/// Most events marked on each chart (the earliest).
const MOST_EVENTS: usize = 200;

const WIDTH: f64 = 360.0;
const HEIGHT: f64 = 150.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 22.0;

/// Line colours of the charted organisations (one per chart, so colour
/// only repeats the caption).
const LINE: &str = "#2166ac";
const EVENT: &str = "#8c1c13";
const BANDS: [&str; 2] = ["#ececf2", "#f6f6f9"];

/// One charted organisation's values, step by step.
pub struct Line<'d> {
    /// The organisation.
    pub organisation: &'d Organisation,
    /// Per step: value, rank and the value as printed, if the organisation
    /// is in the step's slice.
    pub points: Vec<Option<(f64, usize, String)>>,
}

/// A measure over regular steps, for the organisations charted.
pub struct Series<'d> {
    /// How the range was cut.
    pub stepping: Stepping,
    /// The range, `[from, to)`.
    pub range: Span,
    /// The steps.
    pub steps: Vec<Step>,
    /// The measure charted.
    pub measure: Measure,
    /// Organisations and relations of the largest step.
    pub largest: (usize, usize),
    /// Highest peak first (ties by id); only organisations with a
    /// non-zero peak.
    pub lines: Vec<Line<'d>>,
}

/// Steps for the report over `range`: calendar months when there are at
/// most [`MOST_STEPS`] of them, else longer runs of months; days for a
/// range shorter than two months.
fn stepping_for(range: Span, calendar: Calendar) -> Stepping {
    let (Some(from), Some(to)) = (range.start, range.end) else {
        unreachable!("dataset_range is bounded");
    };
    let days = from.days_until(to).max(1) as u32;
    let months = Stepping {
        every: Length::Months(1),
        window: None,
        calendar,
    };
    let every = if days < 60 {
        Length::Days(days.div_ceil(MOST_STEPS).max(1))
    } else {
        let n = u32::try_from(months.count(from, to)).unwrap_or(u32::MAX);
        Length::Months(n.div_ceil(MOST_STEPS).max(1))
    };
    Stepping {
        every,
        window: None,
        calendar,
    }
}

/// The series of the report: `None` if the dataset has no dated range.
pub fn series<'d>(
    dataset: &'d Dataset,
    filter: &Filter,
    counting: &Counting,
    policy: &Policy,
) -> Result<Option<Series<'d>>> {
    let Ok(range) = dataset_range(dataset) else {
        return Ok(None);
    };
    let stepping = stepping_for(range, dataset.info.calendar);
    let steps = stepping.steps(range)?;
    let slice =
        |step: &Step| Snapshot::in_window(dataset, step.label.clone(), step.window, filter.clone());
    // Pass 1: the largest step decides betweenness or degree.
    let largest = steps
        .iter()
        .map(|s| {
            let snap = slice(s);
            (snap.graph.node_count(), snap.graph.edge_count())
        })
        .max_by_key(|&(n, m)| n as u128 * m as u128)
        .unwrap_or_default();
    let measure = policy.betweenness_or_degree(largest.0, largest.1);
    // Pass 2: each organisation's peak; pass 3: the charted ones' values.
    // Nothing per step is held for every organisation, so memory stays
    // that of one slice.
    let mut peak = vec![0.0_f64; dataset.organisations.len()];
    each_ranked(
        dataset,
        &steps,
        &slice,
        counting,
        measure,
        |_, pos, v, _, _| {
            if v > peak[pos] {
                peak[pos] = v;
            }
        },
    )?;
    let mut chosen: Vec<usize> = (0..peak.len()).filter(|&i| peak[i] > 0.0).collect();
    chosen.sort_by(|&a, &b| {
        peak[b].total_cmp(&peak[a]).then_with(|| {
            dataset.organisations[a]
                .id
                .cmp(&dataset.organisations[b].id)
        })
    });
    chosen.truncate(CHARTED);
    let mut lines: Vec<Line<'d>> = chosen
        .iter()
        .map(|&pos| Line {
            organisation: &dataset.organisations[pos],
            points: vec![None; steps.len()],
        })
        .collect();
    each_ranked(
        dataset,
        &steps,
        &slice,
        counting,
        measure,
        |step, pos, v, rank, shown| {
            if let Some(i) = chosen.iter().position(|&c| c == pos) {
                lines[i].points[step] = Some((v, rank, shown()));
            }
        },
    )?;
    Ok(Some(Series {
        stepping,
        range,
        steps,
        measure,
        largest,
        lines,
    }))
}

/// Calls `visit(step, organisation position, value, rank, shown)` for
/// every organisation of every step's slice, measured and ranked.
fn each_ranked<'d>(
    dataset: &'d Dataset,
    steps: &[Step],
    slice: &dyn Fn(&Step) -> Snapshot<'d>,
    counting: &Counting,
    measure: Measure,
    mut visit: impl FnMut(usize, usize, f64, usize, &dyn Fn() -> String),
) -> Result<()> {
    for (i, step) in steps.iter().enumerate() {
        let snap = slice(step);
        let graph = MeasureGraph::new(&snap, counting.clone());
        let Ok(scores) = centrality(&graph, measure) else {
            continue;
        };
        let ranked = scores.ranked(&graph);
        for &(id, v, place) in &ranked.rows {
            if let Some(pos) = dataset.organisation_position(id) {
                visit(i, pos, v, place.rank, &|| ranked.show(v));
            }
        }
    }
    Ok(())
}

impl Series<'_> {
    /// The series as CSV: one row per (step, charted organisation), the
    /// columns of `councils centrality --every --format csv`.
    pub fn csv(&self, calendar: Calendar) -> String {
        let mut table = crate::render::table::Table::new(STEP_CSV_COLUMNS);
        for (j, step) in self.steps.iter().enumerate() {
            for line in &self.lines {
                if let Some((v, rank, _)) = &line.points[j] {
                    table.push(step.csv_row(
                        calendar,
                        self.measure.name(),
                        &line.organisation.id,
                        *v,
                        *rank,
                    ));
                }
            }
        }
        let mut out = Vec::new();
        table
            .write_csv(&mut out)
            .expect("writing to memory cannot fail");
        String::from_utf8(out).expect("CSV of UTF-8 cells")
    }

    /// The series as JSON: the settings, then per step its dates and the
    /// charted organisations' values and ranks.
    pub fn json(&self, calendar: Calendar) -> String {
        let steps: Vec<_> = self
            .steps
            .iter()
            .enumerate()
            .map(|(j, step)| {
                let [start, end, window_start, window_end] = step.dates(calendar);
                let values: Vec<_> = self
                    .lines
                    .iter()
                    .filter_map(|line| {
                        line.points[j].as_ref().map(|(v, rank, _)| {
                            serde_json::json!({ "id": line.organisation.id, "value": v, "rank": rank })
                        })
                    })
                    .collect();
                serde_json::json!({
                    "step": step.label,
                    "start": start,
                    "end": end,
                    "window_start": window_start,
                    "window_end": window_end,
                    "values": values,
                })
            })
            .collect();
        let doc = serde_json::json!({
            "measure": self.measure.name(),
            "calendar": calendar,
            "steps_of": self.stepping.describe(),
            "organisations": self.lines.iter().map(|l| &l.organisation.id).collect::<Vec<_>>(),
            "steps": steps,
        });
        let mut text = serde_json::to_string_pretty(&doc).expect("JSON of plain values");
        text.push('\n');
        text
    }
}

/// The section of the front page: the small multiples, or why there are
/// none.
pub fn section(
    dataset: &Dataset,
    series: Option<&Series<'_>>,
    policy: &Policy,
    view: CalendarView,
) -> Markup {
    html! {
        section id="over-time" aria-labelledby="over-time-h" {
            h2 id="over-time-h" { "Measures over time" }
            @match series {
                None => p { "The dataset's span is open and no element is dated, so there are no steps to measure." },
                Some(s) if s.lines.is_empty() => p { "No organisation has a non-zero " (s.measure) " in any step." },
                Some(s) => (multiples(dataset, s, policy, view)),
            }
        }
    }
}

fn multiples(dataset: &Dataset, s: &Series<'_>, policy: &Policy, view: CalendarView) -> Markup {
    let (Some(start), Some(end)) = (s.range.start, s.range.end) else {
        return html! {};
    };
    let span = start.days_until(end).max(1) as f64;
    let x = |d: Day| {
        LEFT + (WIDTH - LEFT - RIGHT) * (start.days_until(d) as f64 / span).clamp(0.0, 1.0)
    };
    let top = s
        .lines
        .iter()
        .flat_map(|l| l.points.iter().flatten().map(|p| p.0))
        .fold(0.0_f64, f64::max);
    let y = |v: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - v / top);
    let reading = crate::time::Reading::Loose;
    let bands: Vec<(f64, f64, &str, String)> = dataset
        .periods
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let w = p.during.span(reading);
            let (a, b) = (w.start?.max(start), w.end?.min(end));
            (a < b).then(|| {
                (
                    x(a),
                    x(b),
                    BANDS[i % 2],
                    format!("{}: {}", p.label, p.during.show(view)),
                )
            })
        })
        .collect();
    let events: Vec<(f64, String, String)> = dataset
        .events
        .iter()
        .filter_map(|e| {
            let d = e.date.loose.start?;
            (start <= d && d < end).then(|| {
                (
                    x(d),
                    format!("{}: {}", e.date.show(view), e.summary),
                    event_href(e),
                )
            })
        })
        .take(MOST_EVENTS)
        .collect();
    let dated_events = dataset
        .events
        .iter()
        .filter(|e| e.date.loose.start.is_some_and(|d| start <= d && d < end))
        .count();
    let months = month_starts(start, end.prev(), dataset.info.calendar);
    let every = months.len().div_ceil(6).max(1);
    let mid = |step: &Step| {
        let (a, b) = (step.start(), step.end());
        LEFT + (WIDTH - LEFT - RIGHT)
            * ((start.days_until(a) + start.days_until(b)) as f64 / 2.0 / span)
    };
    let shown_top = s
        .lines
        .iter()
        .flat_map(|l| l.points.iter().flatten())
        .find(|p| p.0 == top)
        .map_or_else(|| format!("{top}"), |p| p.2.clone());
    let command = format!(
        "councils centrality --every {} --measure {} --format csv",
        s.stepping.every,
        s.measure.name()
    );
    html! {
        p class="settings" {
            (s.measure) " of the " (s.lines.len()) " organisations with the highest peak, in "
            (s.steps.len()) " steps " (s.stepping.describe()) ", from " (s.range.show(view).replace(" – ", " to ")) ". "
            "One scale for every chart, 0 to " (shown_top) ". Shaded bands: the periods; red ticks: events"
            @if dated_events > events.len() { " (the first " (events.len()) " of " (dated_events) ")" }
            ". Hover a point for its step, value and rank (competition ranks among all organisations of the step). "
            "The series: " a href="data/series.csv" { "CSV" } ", " a href="data/series.json" { "JSON" }
            "; every organisation: " code { (command) } "."
        }
        @if s.measure != Measure::Betweenness {
            p class="notice" { (policy.why_degree(s.largest.0, s.largest.1)) }
        }
        @if !bands.is_empty() {
            ul class="legend" aria-label="Periods" {
                @for p in &dataset.periods {
                    li { (p.label) " (" (p.during.show(view)) ")" }
                }
            }
        }
        div class="multiples" {
            @for line in &s.lines {
                @let org = line.organisation;
                @let label = format!("{} of {} by step", s.measure, org.name);
                figure class="chart small" {
                    figcaption {
                        a href={ "org/" (super::org::page_file(&org.id)) } { (org.name) }
                    }
                    svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) }
                        role="img" aria-label=(label) {
                        title { (label) }
                        @for (a, b, fill, title) in &bands {
                            rect x=(a) y=(TOP) width=(b - a) height=(HEIGHT - TOP - BOTTOM) fill=(fill) {
                                title { (title) }
                            }
                        }
                        line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(0.0)) y2=(y(0.0)) stroke="#9a9aa6" {}
                        text x=(LEFT - 4.0) y=(y(0.0) + 4.0) text-anchor="end" font-size="10" fill="#5b5b66" { "0" }
                        text x=(LEFT - 4.0) y=(y(top) + 4.0) text-anchor="end" font-size="10" fill="#5b5b66" { (shown_top) }
                        @for (k, (day, name)) in months.iter().enumerate() {
                            @if k % every == 0 {
                                text x=(x(*day) + 2.0) y=(HEIGHT - 6.0) font-size="10" fill="#5b5b66" { (name) }
                            }
                        }
                        @for (ex, title, href) in &events {
                            a href=(href) {
                                line x1=(ex) x2=(ex) y1=(y(0.0)) y2=(y(0.0) - 6.0) stroke=(EVENT) stroke-width="1.5" {
                                    title { (title) }
                                }
                            }
                        }
                        @for run in runs(&line.points) {
                            polyline fill="none" stroke=(LINE) stroke-width="1.5"
                                points=(run.iter().map(|&j| format!("{:.1},{:.1}", mid(&s.steps[j]), y(line.points[j].as_ref().map_or(0.0, |p| p.0)))).collect::<Vec<_>>().join(" ")) {}
                        }
                        @for (j, point) in line.points.iter().enumerate() {
                            @if let Some((v, rank, shown)) = point {
                                circle cx=(format!("{:.1}", mid(&s.steps[j]))) cy=(format!("{:.1}", y(*v))) r="3" fill=(LINE) {
                                    title { (org.name) ", " (s.steps[j].label) " (" (s.steps[j].days.show(view)) "): " (s.measure) " " (shown) ", rank " (rank) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Runs of consecutive steps where the organisation is present: the line
/// breaks where it is not in the slice.
fn runs<T>(points: &[Option<T>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current = Vec::new();
    for (j, p) in points.iter().enumerate() {
        if p.is_some() {
            current.push(j);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_where_the_organisation_is_absent() {
        let points = [Some(1), None, Some(2), Some(3), None, None, Some(4)];
        assert_eq!(runs(&points), [vec![0], vec![2, 3], vec![6]]);
    }

    /// The report's steps stay within MOST_STEPS: months over a year,
    /// runs of months over decades, days over a few weeks.
    #[test]
    fn report_steps_are_months_or_fewer_than_the_most() {
        let g = |y, m, d| Day::from_gregorian(y, m, d).unwrap();
        let cal = Calendar::Gregorian;
        let year = stepping_for(Span::new(Some(g(1917, 1, 1)), Some(g(1918, 1, 1))), cal);
        assert_eq!(year.every, Length::Months(1));
        let century = stepping_for(Span::new(Some(g(1900, 1, 1)), Some(g(2000, 1, 1))), cal);
        assert_eq!(century.every, Length::Months(20));
        assert_eq!(
            century
                .steps(Span::new(Some(g(1900, 1, 1)), Some(g(2000, 1, 1))))
                .unwrap()
                .len(),
            60
        );
        let weeks = stepping_for(Span::new(Some(g(1917, 1, 1)), Some(g(1917, 1, 22))), cal);
        assert_eq!(weeks.every, Length::Days(1));
    }
}
