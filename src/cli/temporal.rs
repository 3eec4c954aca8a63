//! What `path --temporal` and `reach` share: the window flags, the
//! crossing rule in words, hops and days as JSON.

use anyhow::Result;
use councils::Dataset;
use councils::temporal::Hop;
use councils::time::{Calendar, Day, Span, parse_cli_date};
use serde_json::{Value, json};

use super::Context;
use super::exit::{Usage, name_flag, shared_flag};

/// `--from DATE --to DATE [--crossing-days N]`.
#[derive(Debug, Clone, clap::Args)]
pub struct Window {
    /// First day of the window: the message starts then (EDTF in the dataset's calendar; a month starts on its first day).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the window: arrivals after it do not count (a month ends on its last day).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Days a message takes to cross a relation (0: it arrives the day the relation is used and may go on the same day).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub crossing_days: u32,
}

impl Window {
    /// The days from the first of `--from` to the last of `--to`.
    pub fn span(&self, dataset: &Dataset) -> Result<Span> {
        let (Some(from), Some(to)) = (&self.from, &self.to) else {
            return Err(Usage("paths over time need --from DATE and --to DATE".into()).into());
        };
        date_range(
            Some(from),
            Some(to),
            dataset.info.calendar,
            Span::new(None, None),
        )
    }
}

/// The days from the first of `--from` to the last of `--to` (EDTF in
/// `calendar`), each end taken from `default` where not given.
pub fn date_range(
    from: Option<&str>,
    to: Option<&str>,
    calendar: Calendar,
    default: Span,
) -> Result<Span> {
    let start = match from {
        Some(from) => {
            parse_cli_date(from, calendar)
                .map_err(councils::Error::from)?
                .loose
                .start
        }
        None => default.start,
    };
    let end = match to {
        Some(to) => {
            parse_cli_date(to, calendar)
                .map_err(councils::Error::from)?
                .loose
                .end
        }
        None => default.end,
    };
    let span = Span::new(start, end);
    if span.is_empty() {
        let show = |d: Option<councils::time::Day>| d.map_or("..".into(), |d| d.iso(calendar));
        return Err(Usage(format!(
            "--to {} is before --from {}",
            to.map_or_else(|| show(end.map(councils::time::Day::prev)), str::to_string),
            from.map_or_else(|| show(start), str::to_string)
        ))
        .into());
    }
    Ok(span)
}

/// The library's parameters named by their flags.
pub fn name_temporal_flags(err: councils::Error) -> anyhow::Error {
    name_flag(err.into(), |p| match p {
        "window" => Some("--from/--to"),
        "throughout" => Some("--throughout"),
        "step" => Some("--crossing-days"),
        other => shared_flag(other),
    })
}

/// How a relation is crossed, for output headers.
pub fn crossing_rule(step: i32) -> String {
    match step {
        0 => "a relation is crossed on any day it is active, arriving the same day; days never go back along a path".into(),
        n => format!(
            "a relation is crossed on any day it is active, arriving {n} day{} later; days never go back along a path",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// A day in both calendars.
pub fn day_json(day: Day) -> Value {
    json!({ "os": day.iso(Calendar::Julian), "ns": day.iso(Calendar::Gregorian) })
}

/// A hop as JSON: the step, the relation crossed, the days.
pub fn hop_json(ctx: &Context, hop: &Hop<'_>) -> Value {
    json!({
        "from": hop.from.id,
        "to": hop.to.id,
        "relation": super::path::relation_json(ctx, hop.relation),
        "crossed": day_json(hop.depart),
        "arrives": day_json(hop.arrive),
    })
}
