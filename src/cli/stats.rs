//! `councils stats`: structural figures of one slice, of several periods
//! side by side, or of regular steps (`--every`), with the temporal
//! summaries of each step (`--every ... --temporal`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::{Counting, MeasureGraph, Stats, stats};
use councils::render::doc::write_wrapped;
use councils::render::stats::stats_table;
use councils::render::table::Table;
use councils::temporal::steps::Step;
use councils::temporal::summary::{Summary, summarise};
use councils::time::Calendar;
use serde_json::json;

use super::output::write_json;
use super::selection::{SelectionArgs, Stepped, counted_kinds, label_of};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Relation kinds counted for density, components, reciprocity and
    /// centralization (default: the flow kinds, delegation and control).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    /// With --every: relations formed and dissolved, their durations and
    /// the temporal density of each step, instead of the static figures.
    #[arg(long)]
    pub temporal: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.selection.filter.layer(ctx)?;
    let ds = &ctx.dataset;
    let mut counting = Counting::default_for(ds);
    if let Some(kinds) = counted_kinds(ctx, &args.relations)? {
        counting.kinds = kinds;
    }
    if args.temporal && args.selection.steps.every.is_none() {
        anyhow::bail!(super::exit::Usage(
            "--temporal summarises regular steps: add --every STEP (day, week, month, Nd)".into()
        ));
    }
    let selectors = args.selection.selectors(ctx)?;
    let labels: Vec<String> = selectors.iter().map(label_of).collect();
    let first = args.selection.snapshot(ctx, &selectors[0])?;
    let settings = format!(
        "{}; {}",
        args.selection.describe(ctx, &first, &labels)?,
        counting.describe(ds)
    );
    drop(first);
    let stepped = args.selection.stepped(ctx)?;
    if let (Some(stepped), true) = (&stepped, args.temporal) {
        let filter = args.selection.filter.filter(ctx.reading, None);
        let summaries = summarise(ds, &stepped.steps, &filter, &counting)?;
        return write_summaries(ctx, args.format, stepped, &summaries, &settings, out);
    }
    // One slice at a time: a thousand steps over a large network never
    // hold a thousand graphs.
    let all: Vec<(String, Stats)> = selectors
        .iter()
        .map(|selector| {
            let snap = args.selection.snapshot(ctx, selector)?;
            Ok((
                snap.label.clone(),
                stats(&MeasureGraph::new(&snap, counting.clone())),
            ))
        })
        .collect::<Result<_>>()?;
    if let Some(stepped) = &stepped {
        return write_step_stats(ctx, args.format, stepped, &all, &settings, out);
    }
    if args.format == Format::Json {
        let list: Vec<_> = all
            .iter()
            .map(|(label, s)| json!({ "slice": label, "stats": s }))
            .collect();
        write_json(out, &json!({ "settings": settings, "slices": list }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let table = stats_table(ds, &all);
    if args.format == Format::Csv {
        say!("# {settings}");
        table.write_csv(&mut *out)?;
    } else {
        write_wrapped(out, "# ", "# ", &settings, ctx.width)?;
        table.write_text(out, ctx.width)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A step's first and last day and its window's, ISO in `calendar`.
fn step_dates(step: &Step, calendar: Calendar) -> [String; 4] {
    let iso = |d: Option<councils::time::Day>| d.map_or(String::new(), |d| d.iso(calendar));
    [
        iso(step.days.start),
        iso(step.days.last_day()),
        iso(step.window.start),
        iso(step.window.last_day()),
    ]
}

/// The dates columns of step tables written as CSV.
const DATE_COLUMNS: [&str; 4] = ["start", "end", "window_start", "window_end"];

/// Figures of each step, in the three formats.
struct StepRows<'a> {
    /// Column names after `step` (and, in CSV, the dates).
    columns: &'a [&'a str],
    /// Per step: the cells for the table and CSV, the value for JSON.
    rows: Vec<(Vec<String>, serde_json::Value)>,
    /// What the columns mean, under the table's settings line.
    legend: &'a str,
}

/// Writes the figures of each step as a table (one row per step), or CSV
/// and JSON with the step's dates.
fn write_step_rows<W: Write>(
    ctx: &Context,
    format: Format,
    stepped: &Stepped,
    StepRows {
        columns,
        rows,
        legend,
    }: StepRows<'_>,
    settings: &str,
    out: &mut W,
) -> Result<ExitCode> {
    let calendar = ctx.dataset.info.calendar;
    match format {
        Format::Json => {
            let list: Vec<_> = stepped
                .steps
                .iter()
                .zip(rows)
                .map(|(step, (_, value))| {
                    let [start, end, window_start, window_end] = step_dates(step, calendar);
                    json!({
                        "step": step.label,
                        "start": start,
                        "end": end,
                        "window_start": window_start,
                        "window_end": window_end,
                        "figures": value,
                    })
                })
                .collect();
            write_json(
                out,
                &json!({ "settings": settings, "calendar": calendar, "steps": list }),
            )?;
        }
        Format::Csv => {
            let mut header = vec!["step"];
            header.extend(DATE_COLUMNS);
            header.extend(columns);
            let mut table = Table::new(header);
            for (step, (cells, _)) in stepped.steps.iter().zip(rows) {
                let mut row = vec![step.label.clone()];
                row.extend(step_dates(step, calendar));
                row.extend(cells);
                table.push(row);
            }
            say!("# {settings}");
            table.write_csv(&mut *out)?;
        }
        Format::Table => {
            write_wrapped(out, "# ", "# ", settings, ctx.width)?;
            write_wrapped(out, "# ", "# ", legend, ctx.width)?;
            let mut header = vec!["step"];
            header.extend(columns);
            let mut table = Table::new(header);
            for (step, (cells, _)) in stepped.steps.iter().zip(rows) {
                let mut row = vec![step.label.clone()];
                row.extend(cells);
                table.push(row);
            }
            table.write_text(out, ctx.width)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The structural figures of each step, one row per step.
fn write_step_stats<W: Write>(
    ctx: &Context,
    format: Format,
    stepped: &Stepped,
    all: &[(String, Stats)],
    settings: &str,
    out: &mut W,
) -> Result<ExitCode> {
    let opt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    let exact = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
    let csv = format == Format::Csv;
    let rows = all
        .iter()
        .map(|(_, s)| {
            let cells = vec![
                s.organisations.to_string(),
                s.relations.to_string(),
                s.arcs.to_string(),
                if csv {
                    format!("{}", s.density)
                } else {
                    format!("{:.4}", s.density)
                },
                s.weak_components.to_string(),
                s.largest_component.to_string(),
                s.strong_components.to_string(),
                if csv {
                    exact(s.reciprocity)
                } else {
                    opt(s.reciprocity)
                },
                if csv {
                    exact(s.degree_centralization)
                } else {
                    opt(s.degree_centralization)
                },
            ];
            (cells, json!(s))
        })
        .collect();
    write_step_rows(
        ctx,
        format,
        stepped,
        StepRows {
            columns: &[
                "organisations",
                "relations",
                "arcs",
                "density",
                "weak comp.",
                "largest comp.",
                "strong comp.",
                "reciprocity",
                "centralization",
            ],
            rows,
            legend: "figures as in `councils stats` for one slice (docs/measures.md); —: undefined (no arcs, or fewer than three organisations)",
        },
        settings,
        out,
    )
}

/// The temporal summaries of each step, one row per step.
fn write_summaries<W: Write>(
    ctx: &Context,
    format: Format,
    stepped: &Stepped,
    summaries: &[Summary],
    settings: &str,
    out: &mut W,
) -> Result<ExitCode> {
    let csv = format == Format::Csv;
    let int =
        |v: Option<i64>| v.map_or(if csv { "" } else { "—" }.to_string(), |v| v.to_string());
    let rows = summaries
        .iter()
        .map(|s| {
            let d = &s.durations;
            let cells = vec![
                s.organisations.to_string(),
                s.relations.to_string(),
                s.formed.to_string(),
                s.dissolved.to_string(),
                d.count.to_string(),
                int(d.min),
                d.median
                    .map_or(if csv { "" } else { "—" }.to_string(), |m| format!("{m}")),
                int(d.max),
                d.censored.to_string(),
                if csv {
                    format!("{}", s.temporal_density)
                } else {
                    format!("{:.4}", s.temporal_density)
                },
            ];
            (cells, json!(s))
        })
        .collect();
    write_step_rows(
        ctx,
        format,
        stepped,
        StepRows {
            columns: &[
                "organisations",
                "relations",
                "formed",
                "dissolved",
                "durations",
                "min days",
                "median days",
                "max days",
                "censored",
                "temporal density",
            ],
            rows,
            legend: "relations: counted relations in the step's slice; formed/dissolved: their first/last day falls in the step, inside the dataset's span; durations: of the slice's relations, first to last day inclusive, in days (censored: an end open or at the edge of the dataset's span, length unknown, left out); temporal density: share of (ordered pair, day) cells of the window with an active relation (docs/measures.md, \"Temporal summaries\")",
        },
        settings,
        out,
    )
}
