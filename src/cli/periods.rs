//! `councils periods`: the periods with their dates in both calendars and
//! the size of each period's snapshot.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::render::table::Table;
use councils::slice::{Filter, Snapshot};
use councils::time::CalendarView;
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
            let mut table = Table::new([
                "id".to_string(),
                "label".to_string(),
                format!("first day ({})", ctx.view.label()),
                format!("last day ({})", ctx.view.label()),
                "organisations".to_string(),
                "relations".to_string(),
            ]);
            for (p, n, e) in &rows {
                let span = p.during.span(ctx.reading);
                let show = |d: Option<councils::time::Day>, v: CalendarView| {
                    d.map_or("..".into(), |d| d.show(v))
                };
                table.push([
                    p.id.clone(),
                    p.label.clone(),
                    show(span.start, ctx.view),
                    show(span.last_day(), ctx.view),
                    n.to_string(),
                    e.to_string(),
                ]);
            }
            if args.format == Format::Csv {
                table.write_csv(&mut *out)?;
            } else {
                writeln!(out, "{} — periods", ds.info.title)?;
                table.write_text(out, ctx.width)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
