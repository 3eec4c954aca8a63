//! `councils centrality`: centrality measures for one slice, or for several
//! periods side by side with rank changes.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::{Counting, Measure, MeasureGraph, centrality};
use councils::render::table::Table;
use serde_json::json;

use super::output::write_json;
use super::selection::{SelectionArgs, counted_kinds, describe_slices};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Measures, comma-separated or repeated: degree, in-degree, out-degree,
    /// betweenness, closeness, eigenvector, katz, pagerank (default: all).
    #[arg(long, value_delimiter = ',', value_name = "MEASURES")]
    pub measure: Vec<Measure>,
    /// Relation kinds that count (default: the flow kinds, delegation and control).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    /// Use relation weights (PageRank, eigenvector, Katz).
    #[arg(long)]
    pub weighted: bool,
    /// Show only the N highest-ranked organisations (in any period).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One slice's results: per measure, id -> (value, rank).
struct SliceResult {
    label: String,
    window: String,
    nodes: usize,
    arcs: usize,
    values: BTreeMap<Measure, BTreeMap<String, (f64, usize)>>,
    /// Measures that could not be computed, with why.
    failed: BTreeMap<Measure, String>,
}

impl SliceResult {
    /// Value and rank of `id` for `m`, if computed and present.
    fn get(&self, m: Measure, id: &str) -> Option<(f64, usize)> {
        self.values.get(&m).and_then(|v| v.get(id)).copied()
    }
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.selection.filter.layer(ctx)?;
    let ds = &ctx.dataset;
    let measures: Vec<Measure> = if args.measure.is_empty() {
        Measure::ALL.to_vec()
    } else {
        args.measure.clone()
    };
    let mut counting = Counting::default_for(ds);
    if let Some(kinds) = counted_kinds(ctx, &args.relations)? {
        counting.kinds = kinds;
    }
    counting.weighted = args.weighted;
    let snapshots = args.selection.snapshots(ctx)?;
    let mut results = Vec::new();
    for snap in &snapshots {
        let graph = MeasureGraph::new(snap, counting.clone());
        let mut values = BTreeMap::new();
        let mut failed = BTreeMap::new();
        for &m in &measures {
            match centrality(&graph, m) {
                Ok(scores) => {
                    let ranked = scores
                        .ranked(&graph)
                        .into_iter()
                        .map(|(id, v, r)| (id.to_string(), (v, r)))
                        .collect();
                    values.insert(m, ranked);
                }
                Err(e) => {
                    say!("warning: {}: {e}; shown as n/c", snap.label);
                    failed.insert(m, e.to_string());
                }
            }
        }
        results.push(SliceResult {
            label: snap.label.clone(),
            window: snap.window.show(ctx.view),
            nodes: graph.node_count(),
            arcs: graph.graph.edge_count(),
            values,
            failed,
        });
    }
    let settings = format!(
        "{}; {}",
        describe_slices(&snapshots, ctx),
        counting.describe(ds)
    );
    let name = |id: &str| ds.organisation(id).map_or("", |o| o.name.as_str());

    match args.format {
        Format::Json => {
            let slices: Vec<_> = results
                .iter()
                .map(|r| {
                    let measures: serde_json::Map<String, serde_json::Value> = r
                        .values
                        .iter()
                        .map(|(m, vals)| {
                            let mut rows: Vec<_> = vals.iter().collect();
                            rows.sort_by_key(|(_, (_, rank))| *rank);
                            let list: Vec<_> = rows
                                .into_iter()
                                .filter(|(_, (_, rank))| args.top.is_none_or(|t| *rank <= t))
                                .map(
                                    |(id, (v, rank))| json!({ "id": id, "value": v, "rank": rank }),
                                )
                                .collect();
                            (m.name().to_string(), json!(list))
                        })
                        .collect();
                    json!({
                        "slice": r.label,
                        "window": r.window,
                        "organisations": r.nodes,
                        "arcs": r.arcs,
                        "measures": measures,
                        "failed": r.failed,
                    })
                })
                .collect();
            write_json(out, &json!({ "settings": settings, "slices": slices }))?;
        }
        Format::Csv => {
            let mut table = Table::new(["slice", "measure", "id", "value", "rank"]);
            for r in &results {
                for (m, vals) in &r.values {
                    let mut rows: Vec<_> = vals.iter().collect();
                    rows.sort_by_key(|(_, (_, rank))| *rank);
                    for (id, (v, rank)) in rows {
                        if args.top.is_none_or(|t| *rank <= t) {
                            table.push([
                                r.label.clone(),
                                m.name().to_string(),
                                id.clone(),
                                format!("{v}"),
                                rank.to_string(),
                            ]);
                        }
                    }
                }
            }
            say!("# {settings}");
            table.write_csv(&mut *out)?;
        }
        Format::Table if results.len() == 1 => {
            let r = &results[0];
            writeln!(out, "# {settings}")?;
            writeln!(out, "# {} organisations, {} arcs", r.nodes, r.arcs)?;
            let Some(first) = measures.iter().copied().find(|m| r.values.contains_key(m)) else {
                anyhow::bail!("no measure could be computed");
            };
            let mut header = vec!["rank".to_string(), "id".to_string(), "name".to_string()];
            header.extend(measures.iter().map(|m| m.name().to_string()));
            let mut table = Table::new(header);
            let mut rows: Vec<_> = r.values[&first].iter().collect();
            rows.sort_by_key(|(_, (_, rank))| *rank);
            for (id, (_, rank)) in rows {
                if args.top.is_some_and(|t| *rank > t) {
                    continue;
                }
                let mut row = vec![rank.to_string(), id.clone(), name(id).to_string()];
                row.extend(measures.iter().map(|&m| {
                    r.get(m, id)
                        .map_or("n/c".to_string(), |(v, _)| format!("{v:.6}"))
                }));
                table.push(row);
            }
            writeln!(out, "# ranked by {first}; n/c: not computed (see warnings)")?;
            table.write_text(out)?;
        }
        Format::Table => {
            writeln!(out, "# {settings}")?;
            writeln!(
                out,
                "# change = rank in {} minus rank in {} (positive: rose)",
                results[0].label,
                results[results.len() - 1].label
            )?;
            for &m in &measures {
                writeln!(out, "\n{m}: rank (value) per slice")?;
                let mut header = vec!["id".to_string(), "name".to_string()];
                header.extend(results.iter().map(|r| r.label.clone()));
                header.push("change".to_string());
                let mut table = Table::new(header);
                for (id, change, _) in rank_changes(&results, m) {
                    let in_top = results.iter().any(|r| {
                        r.get(m, &id)
                            .is_some_and(|(_, rank)| args.top.is_none_or(|t| rank <= t))
                    });
                    if !in_top {
                        continue;
                    }
                    let mut row = vec![id.clone(), name(&id).to_string()];
                    for r in &results {
                        row.push(if r.failed.contains_key(&m) {
                            "n/c".to_string()
                        } else {
                            r.get(m, &id)
                                .map_or("—".to_string(), |(v, rank)| format!("{rank} ({v:.3})"))
                        });
                    }
                    row.push(change.map_or("—".to_string(), |c| format!("{c:+}")));
                    table.push(row);
                }
                table.write_text(out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every organisation ranked in any slice for measure `m`, with its rank
/// change from the first slice to the last (`None` if absent from either),
/// sorted by rank in the last slice where present, then by id.
fn rank_changes(results: &[SliceResult], m: Measure) -> Vec<(String, Option<i64>, Option<usize>)> {
    let first = &results[0];
    let last = &results[results.len() - 1];
    let mut ids: Vec<&String> = results
        .iter()
        .filter_map(|r| r.values.get(&m))
        .flat_map(|v| v.keys())
        .collect();
    ids.sort();
    ids.dedup();
    let mut rows: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let a = first.get(m, id).map(|(_, r)| r as i64);
            let b = last.get(m, id).map(|(_, r)| r);
            let change = a.zip(b).map(|(a, b)| a - b as i64);
            (id.clone(), change, b)
        })
        .collect();
    rows.sort_by(|x, y| (x.2.is_none(), x.2, &x.0).cmp(&(y.2.is_none(), y.2, &y.0)));
    rows
}
