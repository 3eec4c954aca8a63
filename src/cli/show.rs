//! `councils show ORG`: one organisation's story in date order.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::render::doc::write_wrapped;
use councils::render::table::Table;
use councils::timeline::timeline;
use serde_json::json;

use super::output::{cite_json, cite_text, when_json, write_json};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The organisation's id, e.g. `petrograd-soviet`.
    pub organisation: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ds = &ctx.dataset;
    let (org, entries) = timeline(ds, &args.organisation, ctx.view)?;
    let level = &ds.level(org.level).label;
    let kind = ds
        .node_kind(&org.kind)
        .map_or(org.kind.as_str(), |k| k.label.as_str());
    match args.format {
        Format::Json => {
            let list: Vec<_> = entries
                .iter()
                .map(|e| {
                    json!({
                        "kind": e.kind,
                        "when": when_json(e.when, ctx.reading),
                        "text": e.text,
                        "certainty": e.certainty,
                        "cite": cite_json(e.cite),
                    })
                })
                .collect();
            let value = json!({
                "id": org.id,
                "name": org.name,
                "name_original": org.name_original,
                "kind": org.kind,
                "level": ds.level(org.level).id,
                "place": org.place,
                "during": when_json(&org.during, ctx.reading),
                "part_of": org.part_of,
                "count": org.count,
                "note": org.note,
                "certainty": org.certainty,
                "cite": cite_json(&org.cite),
                "timeline": list,
            });
            write_json(out, &value)?;
        }
        Format::Table | Format::Csv => {
            let mut table = Table::new([
                format!("date ({})", ctx.view.label()),
                "what".to_string(),
                "detail".to_string(),
                "sources".to_string(),
            ]);
            for e in &entries {
                table.push([
                    e.date(ctx.view),
                    format!("{:?}", e.kind).to_lowercase(),
                    e.text.clone(),
                    cite_text(e.cite),
                ]);
            }
            if args.format == Format::Csv {
                table.write_csv(&mut *out)?;
                return Ok(ExitCode::SUCCESS);
            }
            // Each field wraps under its own start.
            let field = |out: &mut W, label: &str, text: &str| {
                let first = format!("  {label}: ");
                let rest = " ".repeat(first.chars().count());
                write_wrapped(out, &first, &rest, text, ctx.width)
            };
            write_wrapped(
                out,
                "",
                "  ",
                &format!("{} ({})", org.name, org.id),
                ctx.width,
            )?;
            if let Some(original) = &org.name_original {
                field(out, "original name", original)?;
            }
            field(out, "kind", &format!("{kind}; level: {level}"))?;
            if let Some(place) = &org.place {
                field(out, "place", place)?;
            }
            field(out, "existed", &org.during.show(ctx.view))?;
            if let Some(parent) = &org.part_of {
                field(out, "part of", parent)?;
            }
            if let Some(count) = org.count {
                field(out, "stands for", &format!("{count} bodies"))?;
            }
            if let Some(note) = &org.note {
                field(out, "note", note)?;
            }
            if !org.certainty.is_certain() {
                field(out, "certainty", org.certainty.name())?;
            }
            field(out, "sources", &cite_text(&org.cite))?;
            writeln!(out)?;
            table.write_text(out, ctx.width)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
