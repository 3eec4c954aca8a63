//! `councils path A B`: the shortest paths between two organisations in
//! one slice (`--at`/`--period`), or the earliest-arriving time-respecting
//! path over a window (`--from --to --temporal`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::{Counting, MeasureGraph};
use councils::model::Relation;
use councils::render::table::Table;
use councils::slice::{Selector, Snapshot};
use councils::temporal::path::{relations_of_arc, shortest_paths};
use councils::temporal::{Hop, TemporalGraph, node_of};
use serde_json::{Value, json};

use super::exit::Usage;
use super::output::{when_json, write_json};
use super::selection::{FilterArgs, counted_kinds};
use super::temporal::{Window, crossing_rule, day_json, hop_json, name_temporal_flags};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("when").args(["period", "at", "temporal"])))]
pub struct Args {
    /// Where the path starts (organisation id).
    pub from_org: String,
    /// Where it ends (organisation id).
    pub to_org: String,
    /// Shortest paths in this period.
    #[arg(long, value_name = "ID")]
    pub period: Option<String>,
    /// Shortest paths at this date or interval (EDTF in the dataset's calendar).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// The earliest-arriving path over time, between --from and --to.
    #[arg(long, requires_all = ["from", "to"], conflicts_with = "all")]
    pub temporal: bool,
    #[command(flatten)]
    pub window: Window,
    /// Every shortest path, up to --limit (default: one).
    #[arg(long)]
    pub all: bool,
    /// The most shortest paths --all lists (at least 1).
    #[arg(long, value_name = "N", default_value_t = 100, requires = "all",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Relation kinds that count (default: the flow kinds, delegation and control).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.filter.layer(ctx)?;
    let mut counting = Counting::default_for(&ctx.dataset);
    if let Some(kinds) = counted_kinds(ctx, &args.relations)? {
        counting.kinds = kinds;
    }
    if !args.temporal && (args.window.from.is_some() || args.window.to.is_some()) {
        return Err(Usage(
            "--from and --to give the window of a path over time: add --temporal".into(),
        )
        .into());
    }
    if args.temporal {
        temporal(ctx, args, &counting, out)?;
    } else {
        in_slice(ctx, args, counting, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Shortest paths in one slice.
fn in_slice<W: Write>(ctx: &Context, args: &Args, counting: Counting, out: &mut W) -> Result<()> {
    let ds = &ctx.dataset;
    let selector = Selector::parse(ds, args.period.as_deref(), args.at.as_deref())?;
    let snapshot = Snapshot::new(ds, &selector, args.filter.filter(ctx.reading, None))?;
    let (a, b) = (
        node_of(&snapshot, &args.from_org)?,
        node_of(&snapshot, &args.to_org)?,
    );
    let graph = MeasureGraph::new(&snapshot, counting);
    let limit = if args.all { args.limit as usize } else { 1 };
    let found = shortest_paths(&graph, a, b, limit);
    let settings = format!(
        "{}; {}",
        snapshot.describe(ctx.view),
        graph.counting.describe(ds)
    );
    let steps = |path: &[u32]| -> Vec<(String, String, Vec<&Relation>)> {
        path.windows(2)
            .map(|w| {
                (
                    graph.id(w[0] as usize).to_string(),
                    graph.id(w[1] as usize).to_string(),
                    relations_of_arc(&graph, w[0], w[1]),
                )
            })
            .collect()
    };
    let length = found.paths.first().map(|p| p.len() - 1);
    let summary = match (length, found.capped) {
        (None, _) => format!(
            "no path from {} to {} through the counted relations",
            args.from_org, args.to_org
        ),
        (Some(n), capped) => format!(
            "{} shortest path{} of {n} step{} from {} to {}{}",
            found.paths.len(),
            plural(found.paths.len()),
            plural(n),
            args.from_org,
            args.to_org,
            match (args.all, capped) {
                (true, true) => format!(" (capped at --limit {}: there are more)", args.limit),
                (true, false) => " (all of them)".to_string(),
                (false, true) => " (one of several; --all lists them)".to_string(),
                (false, false) => " (the only one)".to_string(),
            }
        ),
    };
    match args.format {
        Format::Json => {
            let paths: Vec<Value> = found
                .paths
                .iter()
                .map(|p| {
                    json!(steps(p)
                        .iter()
                        .map(|(from, to, rels)| json!({
                            "from": from,
                            "to": to,
                            "relations": rels.iter().map(|r| relation_json(ctx, r)).collect::<Vec<_>>(),
                        }))
                        .collect::<Vec<_>>())
                })
                .collect();
            write_json(
                out,
                &json!({
                    "settings": settings,
                    "from": args.from_org,
                    "to": args.to_org,
                    "length": length,
                    "capped": found.capped,
                    "paths": paths,
                }),
            )?;
        }
        Format::Csv | Format::Table => {
            let mut table = Table::new(["path", "step", "from", "to", "relation", "kind", "dates"]);
            for (i, p) in found.paths.iter().enumerate() {
                for (s, (from, to, rels)) in steps(p).iter().enumerate() {
                    for r in rels {
                        table.push([
                            (i + 1).to_string(),
                            (s + 1).to_string(),
                            from.clone(),
                            to.clone(),
                            r.id().into_owned(),
                            r.kind.to_string(),
                            r.during.show(ctx.view),
                        ]);
                    }
                }
            }
            super::reach::write_table(ctx, args.format, &settings, &summary, &table, out)?;
        }
    }
    Ok(())
}

/// The earliest-arriving path over the window.
fn temporal<W: Write>(ctx: &Context, args: &Args, counting: &Counting, out: &mut W) -> Result<()> {
    let ds = &ctx.dataset;
    let span = args.window.span(ds)?;
    let graph = TemporalGraph::new(
        ds,
        span,
        args.filter.filter(ctx.reading, None),
        counting,
        args.window.crossing_days,
    )
    .map_err(name_temporal_flags)?;
    let path = graph.earliest_path(&args.from_org, &args.to_org)?;
    let settings = format!(
        "from {} to {}{}; {}; {}",
        span.start.map_or_else(String::new, |d| d.show(ctx.view)),
        span.last_day()
            .map_or_else(String::new, |d| d.show(ctx.view)),
        args.filter.filter(ctx.reading, None).describe(),
        counting.describe(ds),
        crossing_rule(graph.step),
    );
    let summary = match &path {
        None => format!(
            "no time-respecting path from {} to {} in the window",
            args.from_org, args.to_org
        ),
        Some(hops) if hops.is_empty() => format!("{} is where the message starts", args.to_org),
        Some(hops) => format!(
            "earliest arrival at {}: {} ({} step{}), starting at {} on {}",
            args.to_org,
            hops[hops.len() - 1].arrive.show(ctx.view),
            hops.len(),
            plural(hops.len()),
            args.from_org,
            graph.first.show(ctx.view),
        ),
    };
    let hops: &[Hop<'_>] = path.as_deref().unwrap_or_default();
    match args.format {
        Format::Json => write_json(
            out,
            &json!({
                "settings": settings,
                "from": args.from_org,
                "to": args.to_org,
                "start": day_json(graph.first),
                "arrival": hops.last().map(|h| day_json(h.arrive)),
                "reached": path.is_some(),
                "steps": hops.iter().map(|h| hop_json(ctx, h)).collect::<Vec<_>>(),
            }),
        )?,
        Format::Csv | Format::Table => {
            let mut table = Table::new([
                "step", "from", "to", "relation", "kind", "active", "crossed", "arrives",
            ]);
            for (i, h) in hops.iter().enumerate() {
                table.push([
                    (i + 1).to_string(),
                    h.from.id.clone(),
                    h.to.id.clone(),
                    h.relation.id().into_owned(),
                    h.relation.kind.to_string(),
                    h.relation.during.show(ctx.view),
                    h.depart.show(ctx.view),
                    h.arrive.show(ctx.view),
                ]);
            }
            super::reach::write_table(ctx, args.format, &settings, &summary, &table, out)?;
        }
    }
    Ok(())
}

/// A relation as JSON: id, endpoints, kind, dates.
pub fn relation_json(ctx: &Context, r: &Relation) -> Value {
    json!({
        "id": r.id(),
        "from": r.from,
        "to": r.to,
        "kind": r.kind,
        "during": when_json(&r.during, ctx.reading),
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
