//! `councils --dates both centrality|stats`: the figures under the loose
//! and the strict reading of imprecise dates, side by side
//! ([`councils::measure::ranges`]).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::ranges::{MeasureRange, Readings};
use councils::measure::{Counting, Measure, MeasureGraph};
use councils::render::doc::write_wrapped;
use councils::render::stats::stats_range_table;
use councils::render::table::Table;
use councils::slice::Snapshot;
use councils::time::Reading;
use serde_json::json;

use super::output::write_json;
use super::selection::{SelectionArgs, counted_kinds};
use super::{Context, Format};

/// What the output says about the readings.
const LEGEND: &str = "both readings of imprecise dates: one value where they agree, loose / strict where they differ (loose: active on any day a date may cover; strict: only on days it surely covers); —: not in that reading's slice";

/// The selected slices under each reading, paired.
fn slices<'d>(ctx: &'d Context, selection: &SelectionArgs) -> Result<Vec<Readings<Snapshot<'d>>>> {
    let loose = selection.snapshots_read(ctx, Reading::Loose)?;
    let strict = selection.snapshots_read(ctx, Reading::Strict)?;
    Ok(loose
        .into_iter()
        .zip(strict)
        .map(|(loose, strict)| Readings { loose, strict })
        .collect())
}

/// The slices' description, which names the loose reading they were
/// described under, naming both (the strict slices differ only in it).
fn describe_both(
    selection: &SelectionArgs,
    loose: &[Snapshot<'_>],
    ctx: &Context,
) -> Result<String> {
    Ok(selection.describe_snapshots(ctx, loose)?.replace(
        "(loose reading of imprecise dates)",
        "(loose and strict readings of imprecise dates)",
    ))
}

/// The counting settings of `--relations` and `--weighted`.
fn counting(ctx: &Context, relations: &Option<Vec<String>>, weighted: bool) -> Result<Counting> {
    let mut counting = Counting::default_for(&ctx.dataset);
    if let Some(kinds) = counted_kinds(ctx, relations)? {
        counting.kinds = kinds;
    }
    counting.weighted = weighted;
    Ok(counting)
}

/// `councils --dates both centrality`.
pub fn centrality<W: Write>(
    ctx: &Context,
    args: &super::centrality::Args,
    out: &mut W,
) -> Result<ExitCode> {
    let ctx = &args.selection.filter.layer(ctx)?;
    let ds = &ctx.dataset;
    let measures: Vec<Measure> = if args.measure.is_empty() {
        Measure::ALL.to_vec()
    } else {
        args.measure.clone()
    };
    let counting = counting(ctx, &args.relations, args.weighted)?;
    let pairs = slices(ctx, &args.selection)?;
    let loose: Vec<Snapshot<'_>> = pairs.iter().map(|p| p.loose.clone()).collect();
    let settings = format!(
        "{}; {}; {LEGEND}",
        describe_both(&args.selection, &loose, ctx)?,
        counting.describe(ds)
    );
    let in_top = |row: &councils::measure::ranges::RangeRow| {
        args.top.is_none_or(|t| {
            [row.loose, row.strict]
                .iter()
                .flatten()
                .any(|(_, p)| p.rank <= t)
        })
    };
    let name = |id: &str| ds.organisation(id).map_or("", |o| o.name.as_str());
    let mut json_slices = Vec::new();
    let mut csv = Table::new([
        "slice",
        "measure",
        "id",
        "value_loose",
        "rank_loose",
        "value_strict",
        "rank_strict",
    ]);
    if args.format == Format::Table {
        write_wrapped(out, "# ", "# ", &settings, ctx.width)?;
    }
    for pair in &pairs {
        let graphs = Readings {
            loose: MeasureGraph::new(&pair.loose, counting.clone()),
            strict: MeasureGraph::new(&pair.strict, counting.clone()),
        };
        let mut ranges = Vec::new();
        for &m in &measures {
            match MeasureRange::new(&graphs.loose, &graphs.strict, m) {
                Ok(range) => ranges.push(range),
                Err(e) => say!("warning: {}: {m}: {e}; left out", pair.loose.label),
            }
        }
        let organisations = Readings {
            loose: graphs.loose.node_count(),
            strict: graphs.strict.node_count(),
        };
        let arcs = Readings {
            loose: graphs.loose.arc_count(),
            strict: graphs.strict.arc_count(),
        };
        let label = &pair.loose.label;
        match args.format {
            Format::Json => {
                let measures: serde_json::Map<String, serde_json::Value> = ranges
                    .iter()
                    .map(|r| {
                        let rows: Vec<_> = r
                            .rows
                            .iter()
                            .filter(|row| in_top(row))
                            .map(|row| {
                                let side = |x: Option<(f64, councils::measure::Place)>| {
                                    x.map(|(v, p)| json!({ "value": v, "rank": p.rank }))
                                };
                                json!({ "id": row.id, "loose": side(row.loose), "strict": side(row.strict) })
                            })
                            .collect();
                        (r.measure.name().to_string(), json!(rows))
                    })
                    .collect();
                json_slices.push(json!({
                    "slice": label,
                    "window": {
                        "loose": pair.loose.window.show(ctx.view),
                        "strict": pair.strict.window.show(ctx.view),
                    },
                    "organisations": organisations,
                    "arcs": arcs,
                    "measures": measures,
                }));
            }
            Format::Csv => {
                for r in &ranges {
                    for row in r.rows.iter().filter(|row| in_top(row)) {
                        let value = |x: Option<(f64, councils::measure::Place)>| {
                            x.map_or((String::new(), String::new()), |(v, p)| {
                                (format!("{v}"), p.rank.to_string())
                            })
                        };
                        let (vl, rl) = value(row.loose);
                        let (vs, rs) = value(row.strict);
                        csv.push([
                            label.clone(),
                            r.measure.name().to_string(),
                            row.id.clone(),
                            vl,
                            rl,
                            vs,
                            rs,
                        ]);
                    }
                }
            }
            Format::Table => {
                writeln!(
                    out,
                    "\n{label}: {} organisations, {} arcs",
                    organisations.show(),
                    arcs.show()
                )?;
                let Some(first) = ranges.first() else {
                    continue;
                };
                writeln!(
                    out,
                    "ranked by {} under the loose reading (competition ranks)",
                    first.measure
                )?;
                let mut header = vec!["rank".to_string(), "id".to_string(), "name".to_string()];
                header.extend(ranges.iter().map(|r| r.measure.name().to_string()));
                let mut table = Table::new(header);
                for (i, row) in first.rows.iter().enumerate() {
                    if !in_top(row) {
                        continue;
                    }
                    let mut cells = vec![
                        MeasureRange::show_rank(row),
                        row.id.clone(),
                        name(&row.id).to_string(),
                    ];
                    // Every measure lists the same organisations, in its
                    // own order: find this one's row.
                    cells.extend(ranges.iter().map(|r| {
                        let same = r.rows.get(i).filter(|x| x.id == row.id);
                        same.or_else(|| r.rows.iter().find(|x| x.id == row.id))
                            .map_or("—".to_string(), |x| r.show(x))
                    }));
                    table.push(cells);
                }
                table.write_text(out, ctx.width)?;
            }
        }
    }
    match args.format {
        Format::Json => write_json(
            out,
            &json!({ "settings": settings, "readings": ["loose", "strict"], "slices": json_slices }),
        )?,
        Format::Csv => {
            say!("# {settings}");
            csv.write_csv(&mut *out)?;
        }
        Format::Table => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// `councils --dates both stats`.
pub fn stats<W: Write>(ctx: &Context, args: &super::stats::Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.selection.filter.layer(ctx)?;
    let ds = &ctx.dataset;
    let counting = counting(ctx, &args.relations, false)?;
    let pairs = slices(ctx, &args.selection)?;
    let all: Vec<(String, Readings<councils::measure::Stats>)> = pairs
        .iter()
        .map(|p| {
            (
                p.loose.label.clone(),
                Readings {
                    loose: councils::measure::stats(&MeasureGraph::new(&p.loose, counting.clone())),
                    strict: councils::measure::stats(&MeasureGraph::new(
                        &p.strict,
                        counting.clone(),
                    )),
                },
            )
        })
        .collect();
    let loose: Vec<Snapshot<'_>> = pairs.iter().map(|p| p.loose.clone()).collect();
    let settings = format!(
        "{}; {}; {LEGEND}",
        describe_both(&args.selection, &loose, ctx)?,
        counting.describe(ds)
    );
    if args.format == Format::Json {
        let list: Vec<_> = all
            .iter()
            .map(|(label, s)| json!({ "slice": label, "stats": s }))
            .collect();
        write_json(
            out,
            &json!({ "settings": settings, "readings": ["loose", "strict"], "slices": list }),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let table = stats_range_table(ds, &all);
    if args.format == Format::Csv {
        say!("# {settings}");
        table.write_csv(&mut *out)?;
    } else {
        write_wrapped(out, "# ", "# ", &settings, ctx.width)?;
        table.write_text(out, ctx.width)?;
    }
    Ok(ExitCode::SUCCESS)
}
