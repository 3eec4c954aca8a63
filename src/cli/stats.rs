//! `councils stats`: structural figures of one slice, or of several periods
//! side by side.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::Dataset;
use councils::measure::{Counting, MeasureGraph, Stats, stats};
use councils::render::table::Table;
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
    let rows: Vec<Vec<(String, String)>> = all.iter().map(|(_, s)| stat_rows(ds, s)).collect();
    let mut header = vec!["figure".to_string()];
    header.extend(all.iter().map(|(label, _)| label.clone()));
    let mut table = Table::new(header);
    // Every slice lists the same figures in the same order; a count that is
    // zero in every slice is left out.
    for (i, (label, _)) in rows[0].iter().enumerate() {
        let values: Vec<&String> = rows.iter().map(|r| &r[i].1).collect();
        if label.starts_with("  ") && values.iter().all(|v| v.as_str() == "0") {
            continue;
        }
        let mut row = vec![label.clone()];
        row.extend(values.into_iter().cloned());
        table.push(row);
    }
    if args.format == Format::Csv {
        eprintln!("# {settings}");
        table.write_csv(&mut *out)?;
    } else {
        writeln!(out, "# {settings}")?;
        table.write_text(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The figures of one slice as (label, value) rows, in a fixed order.
fn stat_rows(ds: &Dataset, s: &Stats) -> Vec<(String, String)> {
    let opt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    let mut rows = vec![
        ("organisations".to_string(), s.organisations.to_string()),
        ("relations".to_string(), s.relations.to_string()),
    ];
    let count = |map: &std::collections::BTreeMap<String, usize>, key: &str| {
        map.get(key).copied().unwrap_or(0).to_string()
    };
    for kind in &ds.node_kinds {
        rows.push((
            format!("  kind {}", kind.id),
            count(&s.organisations_by_kind, &kind.id),
        ));
    }
    for level in ds.levels.iter().rev() {
        rows.push((
            format!("  level {}", level.id),
            count(&s.organisations_by_level, &level.id),
        ));
    }
    rows.push(("arcs counted".into(), s.arcs.to_string()));
    rows.push(("density".into(), format!("{:.4}", s.density)));
    rows.push(("weak components".into(), s.weak_components.to_string()));
    rows.push(("largest component".into(), s.largest_component.to_string()));
    rows.push(("strong components".into(), s.strong_components.to_string()));
    rows.push(("reciprocity".into(), opt(s.reciprocity)));
    rows.push(("degree centralization".into(), opt(s.degree_centralization)));
    let directed_total: usize = s.initiated_by_level.values().sum();
    for kind in &ds.relation_kinds {
        let f = s.flow.get(&kind.id).cloned().unwrap_or_default();
        rows.push((format!("{} relations", kind.id), f.relations.to_string()));
        if kind.directed {
            rows.push((format!("  {} going up", kind.id), f.up.to_string()));
            rows.push((format!("  {} going down", kind.id), f.down.to_string()));
        } else {
            rows.push((
                format!("  {} between levels", kind.id),
                f.between_levels.to_string(),
            ));
        }
        rows.push((
            format!("  {} within a level", kind.id),
            f.same_level.to_string(),
        ));
    }
    rows.push((
        "directed relations by source level".into(),
        directed_total.to_string(),
    ));
    for level in ds.levels.iter().rev() {
        let n = s.initiated_by_level.get(&level.id).copied().unwrap_or(0);
        let share = n as f64 / directed_total.max(1) as f64;
        rows.push((
            format!("  from {}", level.id),
            if n == 0 {
                "0".to_string()
            } else {
                format!("{n} ({:.0}%)", share * 100.0)
            },
        ));
    }
    rows
}
