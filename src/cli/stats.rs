//! `councils stats`: structural figures of one slice, or of several periods
//! side by side.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::{Counting, MeasureGraph, Stats, stats};
use councils::render::doc::write_wrapped;
use councils::render::stats::stats_table;
use serde_json::json;

use super::output::write_json;
use super::selection::{SelectionArgs, counted_kinds, describe_slices};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Relation kinds counted for density, components, reciprocity and
    /// centralization (default: the flow kinds, delegation and control).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
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
    let snapshots = args.selection.snapshots(ctx)?;
    let all: Vec<(String, Stats)> = snapshots
        .iter()
        .map(|s| {
            (
                s.label.clone(),
                stats(&MeasureGraph::new(s, counting.clone())),
            )
        })
        .collect();
    let settings = format!(
        "{}; {}",
        describe_slices(&snapshots, ctx),
        counting.describe(ds)
    );
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
