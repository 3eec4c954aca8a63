//! `councils periods`: the periods with their dates (in the calendar view
//! asked for, at their own precision) and the size of each period's
//! snapshot.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::render::table::Table;
use councils::slice::{Filter, Snapshot};
use serde_json::json;

use super::output::{when_json, write_json};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ds = &ctx.dataset;
    let filter = Filter {
        reading: ctx.reading,
        ..Filter::default()
    };
    let rows: Vec<_> = ds
        .periods
        .iter()
        .map(|p| {
            let snap =
                Snapshot::in_window(ds, p.id.clone(), p.during.span(ctx.reading), filter.clone());
            (p, snap.graph.node_count(), snap.graph.edge_count())
        })
        .collect();
    match args.format {
        Format::Json => {
            let list: Vec<_> = rows
                .iter()
                .map(|(p, n, e)| {
                    json!({
                        "id": p.id,
                        "label": p.label,
                        "during": when_json(&p.during, ctx.reading),
                        "organisations": n,
                        "relations": e,
                        "description": p.description,
                    })
                })
                .collect();
            write_json(out, &json!(list))?;
        }
        Format::Table | Format::Csv => {
            // The text table shows each period's dates at their own
            // precision; CSV keeps the first and last day of the reading.
            let csv = args.format == Format::Csv;
            let (start, end) = if csv {
                ("first day", "last day")
            } else {
                ("start", "end")
            };
            let mut table = Table::new([
                "id".to_string(),
                "label".to_string(),
                format!("{start} ({})", ctx.view.label()),
                format!("{end} ({})", ctx.view.label()),
                "organisations".to_string(),
                "relations".to_string(),
            ]);
            for (p, n, e) in &rows {
                let span = p.during.span(ctx.reading);
                let day = |d: Option<councils::time::Day>| d.map(|d| d.show(ctx.view));
                let (first, last) = if csv {
                    (day(span.start), day(span.last_day()))
                } else {
                    (p.during.show_start(ctx.view), p.during.show_end(ctx.view))
                };
                table.push([
                    p.id.clone(),
                    p.label.clone(),
                    first.unwrap_or_else(|| "..".into()),
                    last.unwrap_or_else(|| "..".into()),
                    n.to_string(),
                    e.to_string(),
                ]);
            }
            if args.format == Format::Csv {
                table.write_csv(&mut *out)?;
            } else {
                writeln!(
                    out,
                    "{} — periods",
                    councils::render::terminal::printable(&ds.info.title)
                )?;
                table.write_text(out, ctx.width)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
