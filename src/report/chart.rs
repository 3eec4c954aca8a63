//! The votes chart: the share of votes in favour in each recorded vote,
//! over time, as an inline SVG with a table beside it for readers who do
//! not see the chart.

use maud::{Markup, html};

use crate::model::{Attribute, Dataset, Event};
use crate::time::{Calendar, CalendarView, Day};

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 40.0;

/// Colours of motions by stance, in the order of the values of the
/// dataset's `stance_attribute`; distinguishable in greyscale too (they differ in lightness).
const STANCE_COLORS: [&str; 6] = [
    "#2166ac", "#b2182b", "#1b7837", "#762a83", "#e08214", "#4d4d4d",
];
/// Points of votes whose motion has no stance.
const NO_STANCE: &str = "#8c1c13";

/// The attribute the dataset names in `stance_attribute`, if any.
fn stance_attribute(dataset: &Dataset) -> Option<&Attribute> {
    let id = dataset.info.stance_attribute.as_deref()?;
    dataset.attributes.iter().find(|a| a.id == id)
}

/// The colour of each stance value, in the attribute's order.
fn stance_colors(dataset: &Dataset) -> Vec<(String, &'static str)> {
    stance_attribute(dataset)
        .and_then(|a| a.values.clone())
        .unwrap_or_default()
        .into_iter()
        .zip(STANCE_COLORS.iter().cycle().copied())
        .collect()
}

/// Votes with both a "for" and an "against" count, with the day they are
/// placed on and the share for the motion. The day only places the point:
/// an imprecise date is placed at its middle day, and every label shows the
/// event's date as written ([`crate::time::When::show`]).
pub fn votes(dataset: &Dataset) -> Vec<(&Event, Day, f64)> {
    dataset
        .events
        .iter()
        .filter_map(|e| {
            let v = e.votes?;
            let (yes, no) = (v.in_favour?, v.against?);
            // An imprecise date (`1917-10-0X`) is placed at its middle day.
            let start = e.date.loose.start?;
            let last = e.date.loose.last_day().unwrap_or(start);
            let mut day = start;
            for _ in 0..start.days_until(last) / 2 {
                day = day.next();
            }
            // In f64: two u32 counts can add up past u32::MAX.
            let (yes, no) = (f64::from(yes), f64::from(no));
            (yes + no > 0.0).then(|| (e, day, yes / (yes + no)))
        })
        .collect()
}

/// Where an event is told: the page of its first organisation.
pub fn event_href(e: &Event) -> String {
    match e.organisations.first() {
        Some(org) => format!("org/{}#{}", super::org::page_file(org), e.id),
        None => format!("index.html#{}", e.id),
    }
}

/// The chart, or a sentence saying there is nothing to chart.
pub fn chart(dataset: &Dataset, view: CalendarView) -> Markup {
    let points = votes(dataset);
    // The earliest and the latest point (the first of those on one day).
    let (Some(first), Some(last)) = (
        points.iter().min_by_key(|p| p.1),
        points.iter().rev().max_by_key(|p| p.1),
    ) else {
        return html! { p { "The dataset records no vote with counts for and against." } };
    };
    // A little room on both sides, and at least a month of axis.
    let (start, end) = (first.1.prev().prev(), last.1.next().next());
    let span = (start.days_until(end)).max(30) as f64;
    let x = |d: Day| LEFT + (WIDTH - LEFT - RIGHT) * start.days_until(d) as f64 / span;
    let y = |share: f64| TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - share);
    let months = month_starts(start, end, dataset.info.calendar);
    let colors = stance_colors(dataset);
    let stance = stance_attribute(dataset);
    let stance_label =
        |value: &str| -> String { stance.map_or(value, |a| a.value_label(value)).to_string() };
    let color_of = |e: &Event| {
        e.stance
            .as_ref()
            .and_then(|s| colors.iter().find(|(v, _)| v == s))
            .map_or(NO_STANCE, |(_, c)| *c)
    };
    let used: Vec<&(String, &str)> = colors
        .iter()
        .filter(|(v, _)| {
            points
                .iter()
                .any(|(e, _, _)| e.stance.as_deref() == Some(v.as_str()))
        })
        .collect();
    let label = format!(
        "Share of votes in favour in {} votes from {} to {}",
        points.len(),
        first.0.date.show(view),
        last.0.date.show(view)
    );
    html! {
        figure class="chart" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) }
                role="img" aria-label=(label) {
                title { (label) }
                @for pct in [0.0, 0.25, 0.5, 0.75, 1.0] {
                    line x1=(LEFT) x2=(WIDTH - RIGHT) y1=(y(pct)) y2=(y(pct))
                        stroke=(if pct == 0.5 { "#8c1c13" } else { "#d8d8de" })
                        stroke-dasharray=[(pct == 0.5).then_some("6 4")] {}
                    text x=(LEFT - 6.0) y=(y(pct) + 4.0) text-anchor="end" font-size="12" fill="#5b5b66" {
                        (format!("{:.0}%", pct * 100.0))
                    }
                }
                @for (day, name) in &months {
                    line x1=(x(*day)) x2=(x(*day)) y1=(TOP) y2=(HEIGHT - BOTTOM) stroke="#eeeef2" {}
                    text x=(x(*day) + 3.0) y=(HEIGHT - BOTTOM + 16.0) font-size="12" fill="#5b5b66" { (name) }
                }
                text x=(LEFT) y=(HEIGHT - 6.0) font-size="11" fill="#5b5b66" {
                    "Months " (match dataset.info.calendar { Calendar::Julian => "Old Style", Calendar::Gregorian => "New Style" })
                    "; dashed line: half the votes"
                }
                @for (i, (e, day, share)) in points.iter().enumerate() {
                    // Votes on the same day sit side by side, not on top of each other.
                    @let same_day_before = points[..i].iter().filter(|p| p.1 == *day).count() as f64;
                    a href=(event_href(e)) aria-label=(format!("{}, {}: {:.0}% in favour", e.date.show(view), e.summary, share * 100.0)) {
                        circle cx=(x(*day) + 9.0 * same_day_before) cy=(y(*share)) r="6" fill=(color_of(e)) fill-opacity="0.9" stroke="#ffffff" stroke-width="1.5" {
                            title {
                                (e.date.show(view)) ": " (e.summary) " (" (format!("{:.0}%", share * 100.0)) " for"
                                @if let Some(st) = &e.stance { "; motion: " (stance_label(st)) }
                                ")"
                            }
                        }
                    }
                }
            }
            @if !used.is_empty() {
                ul class="legend" aria-label="Motions by stance" {
                    @for (value, color) in &used {
                        li { span class="swatch" style={ "background:" (color) } {} " motion " (stance_label(value)) }
                    }
                }
            }
            figcaption { "Each point is a vote: the share of votes for the motion among votes for and against (abstentions left out), coloured by the motion's stance. Follow a point to the vote, its counts and its source." }
        }
    }
}

/// First days of the months between `start` and `end` in `calendar`, with
/// short month names.
pub(super) fn month_starts(start: Day, end: Day, calendar: Calendar) -> Vec<(Day, String)> {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ymd = |d: Day| -> (i64, u8) {
        match calendar {
            Calendar::Julian => {
                let (y, m, _) = d.julian();
                (y, m)
            }
            Calendar::Gregorian => {
                use chrono::Datelike;
                let g = d.gregorian();
                (i64::from(g.year()), g.month() as u8)
            }
        }
    };
    let (mut year, mut month) = ymd(start);
    // The month the axis starts in, labelled at the axis itself.
    let mut out = vec![(start, NAMES[usize::from(month - 1)].to_string())];
    loop {
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
        let Some(day) = Day::from_calendar(calendar, year, month, 1) else {
            break;
        };
        if day > end {
            break;
        }
        out.push((day, NAMES[usize::from(month - 1)].to_string()));
    }
    out
}
