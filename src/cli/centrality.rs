//! `councils centrality`: centrality measures for one slice, or for several
//! periods side by side with rank changes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::centrality::{Options, centrality_with};
use councils::measure::rank::{resolved, show_change, significant};
use councils::measure::{Counting, Measure, MeasureError, MeasureGraph, Place, Ranked, Scores};
use councils::render::doc::write_wrapped;
use councils::render::table::Table;
use councils::slice::Snapshot;
use councils::temporal::steps::STEP_CSV_COLUMNS;
use serde_json::json;

use super::output::write_json;
use super::selection::{SelectionArgs, Stepped, counted_kinds, label_of};
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

/// One measure's ranking in one slice.
struct MeasureResult {
    /// `(id, value, place)` in display order.
    rows: Vec<(String, f64, Place)>,
    /// Row of each id.
    row_of: BTreeMap<String, usize>,
    /// Significant digits that print values ranked apart differently.
    digits: usize,
    /// The measure's resolution: values within it of 0 print as `0`.
    resolution: f64,
}

impl MeasureResult {
    fn new(ranked: Ranked<'_>) -> Self {
        let rows: Vec<(String, f64, Place)> = ranked
            .rows
            .iter()
            .map(|&(id, v, place)| (id.to_string(), v, place))
            .collect();
        let row_of = rows
            .iter()
            .enumerate()
            .map(|(i, (id, _, _))| (id.clone(), i))
            .collect();
        Self {
            rows,
            row_of,
            digits: ranked.digits,
            resolution: ranked.resolution,
        }
    }

    /// Keeps only the rows whose place passes `keep` (a step's top N: the
    /// rest is never shown, and a thousand steps of every organisation
    /// would fill memory).
    fn retain(&mut self, keep: impl Fn(&Place) -> bool) {
        self.rows.retain(|(_, _, place)| keep(place));
        // `retain` keeps the capacity: without this, every step would
        // still hold room for all its organisations.
        self.rows.shrink_to_fit();
        self.row_of = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, (id, _, _))| (id.clone(), i))
            .collect();
    }

    /// Value and place of `id`, if present.
    fn get(&self, id: &str) -> Option<(f64, Place)> {
        self.row_of
            .get(id)
            .map(|&i| (self.rows[i].1, self.rows[i].2))
    }

    /// `value` printed with this ranking's digits (`0` within the
    /// measure's resolution of 0).
    fn show(&self, value: f64) -> String {
        significant(resolved(value, self.resolution), self.digits)
    }
}

/// One slice's results: per measure, its ranking.
struct SliceResult {
    label: String,
    window: String,
    nodes: usize,
    arcs: usize,
    values: BTreeMap<Measure, MeasureResult>,
    /// Measures that could not be computed, with why.
    failed: BTreeMap<Measure, String>,
}

impl SliceResult {
    /// Each measure's rows kept by `keep`, as JSON: `{measure: [{id,
    /// value, rank}]}`.
    fn json_values(
        &self,
        keep: impl Fn(&Place) -> bool,
    ) -> serde_json::Map<String, serde_json::Value> {
        self.values
            .iter()
            .map(|(m, vals)| {
                let list: Vec<_> = vals
                    .rows
                    .iter()
                    .filter(|(_, _, place)| keep(place))
                    .map(|(id, v, place)| json!({ "id": id, "value": v, "rank": place.rank }))
                    .collect();
                (m.name().to_string(), json!(list))
            })
            .collect()
    }

    /// Value and place of `id` for `m`, if computed and present.
    fn get(&self, m: Measure, id: &str) -> Option<(f64, Place)> {
        self.values.get(&m).and_then(|v| v.get(id))
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
    let stepped = args.selection.stepped(ctx)?;
    let selectors = args.selection.selectors(ctx)?;
    let mut results = Vec::new();
    let mut settings = String::new();
    let labels: Vec<String> = selectors.iter().map(label_of).collect();
    // One slice at a time: a thousand steps over a large network never
    // hold a thousand graphs.
    for (i, selector) in selectors.iter().enumerate() {
        let snap = args.selection.snapshot(ctx, selector)?;
        if i == 0 {
            settings = format!(
                "{}; {}",
                args.selection.describe(ctx, &snap, &labels)?,
                counting.describe(ds)
            );
        }
        let mut result = measure_slice(&snap, &counting, &measures, ctx);
        if stepped.is_some() {
            for values in result.values.values_mut() {
                values.retain(|place| in_step_top(args.top, place));
            }
        }
        results.push(result);
    }
    if let Some(stepped) = &stepped {
        return write_steps(ctx, args, &measures, stepped, &results, &settings, out);
    }
    let name = |id: &str| ds.organisation(id).map_or("", |o| o.name.as_str());

    match args.format {
        Format::Json => {
            let slices: Vec<_> = results
                .iter()
                .map(|r| {
                    let measures = r.json_values(|place| args.top.is_none_or(|t| place.rank <= t));
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
                    for (id, v, place) in &vals.rows {
                        if args.top.is_none_or(|t| place.rank <= t) {
                            table.push([
                                r.label.clone(),
                                m.name().to_string(),
                                id.clone(),
                                format!("{v}"),
                                place.rank.to_string(),
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
            write_wrapped(out, "# ", "# ", &settings, ctx.width)?;
            writeln!(out, "# {} organisations, {} arcs", r.nodes, r.arcs)?;
            let Some(first) = measures.iter().copied().find(|m| r.values.contains_key(m)) else {
                anyhow::bail!("no measure could be computed");
            };
            let mut header = vec!["rank".to_string(), "id".to_string(), "name".to_string()];
            header.extend(measures.iter().map(|m| m.name().to_string()));
            let mut table = Table::new(header);
            for (id, _, place) in &r.values[&first].rows {
                if args.top.is_some_and(|t| place.rank > t) {
                    continue;
                }
                let mut row = vec![place.rank.to_string(), id.clone(), name(id).to_string()];
                row.extend(measures.iter().map(|&m| {
                    r.values
                        .get(&m)
                        .and_then(|v| v.get(id).map(|(x, _)| v.show(x)))
                        .unwrap_or_else(|| "n/c".to_string())
                }));
                table.push(row);
            }
            write_wrapped(
                out,
                "# ",
                "# ",
                &format!(
                    "ranked by {first} (competition ranks: tied values share a rank); n/c: not computed (see warnings)"
                ),
                ctx.width,
            )?;
            table.write_text(out, ctx.width)?;
        }
        Format::Table => {
            write_wrapped(out, "# ", "# ", &settings, ctx.width)?;
            let legend = format!(
                "tied values share a rank (competition ranking, 1224); change = rank in {} minus rank in {} (positive: rose), 0 where the rank did not move or the organisation shares last place in both",
                results[0].label,
                results[results.len() - 1].label
            );
            write_wrapped(out, "# ", "# ", &legend, ctx.width)?;
            for &m in &measures {
                writeln!(out, "\n{m}: rank (value) per slice")?;
                let mut header = vec!["id".to_string(), "name".to_string()];
                header.extend(results.iter().map(|r| r.label.clone()));
                header.push("change".to_string());
                let mut table = Table::new(header);
                for (id, change, _) in rank_changes(&results, m) {
                    let in_top = results.iter().any(|r| {
                        r.get(m, &id)
                            .is_some_and(|(_, place)| args.top.is_none_or(|t| place.rank <= t))
                    });
                    if !in_top {
                        continue;
                    }
                    let mut row = vec![id.clone(), name(&id).to_string()];
                    for r in &results {
                        row.push(match r.values.get(&m) {
                            None => "n/c".to_string(),
                            Some(v) => v.get(&id).map_or("—".to_string(), |(x, place)| {
                                format!("{} ({})", place.rank, v.show(x))
                            }),
                        });
                    }
                    row.push(change.map_or("—".to_string(), show_change));
                    table.push(row);
                }
                table.write_text(out, ctx.width)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every measure of one slice, ranked (the measures that fail are kept
/// with why, and shown as n/c).
fn measure_slice(
    snap: &Snapshot<'_>,
    counting: &Counting,
    measures: &[Measure],
    ctx: &Context,
) -> SliceResult {
    let graph = MeasureGraph::new(snap, counting.clone());
    let mut values = BTreeMap::new();
    let mut failed = BTreeMap::new();
    for &m in measures {
        match measure_with_progress(&graph, m, &snap.label) {
            Ok(scores) => {
                values.insert(m, MeasureResult::new(scores.ranked(&graph)));
            }
            Err(e) => {
                say!("warning: {}: {e}; shown as n/c", snap.label);
                failed.insert(m, e.to_string());
            }
        }
    }
    SliceResult {
        label: snap.label.clone(),
        window: snap.window.show(ctx.view),
        nodes: graph.node_count(),
        arcs: graph.arc_count(),
        values,
        failed,
    }
}

/// True if `place` is in a step's top `top` (every place without one). A
/// top N over steps leaves out the bodies sharing the last place
/// (betweenness 0 in a sparse month): they are nobody's top.
fn in_step_top(top: Option<usize>, place: &Place) -> bool {
    top.is_none_or(|t| place.rank <= t && !place.last)
}

/// The results over regular steps: one row per (step, organisation) for
/// each measure, the organisations of each step's top N (all without
/// `--top`), with the step's days and window in the dataset's calendar.
fn write_steps<W: Write>(
    ctx: &Context,
    args: &Args,
    measures: &[Measure],
    stepped: &Stepped,
    results: &[SliceResult],
    settings: &str,
    out: &mut W,
) -> Result<ExitCode> {
    let ds = &ctx.dataset;
    let calendar = ds.info.calendar;
    let name = |id: &str| ds.organisation(id).map_or("", |o| o.name.as_str());
    let in_top = |place: &Place| in_step_top(args.top, place);
    let steps = stepped.steps.iter().zip(results);
    match args.format {
        Format::Json => {
            let list: Vec<_> = steps
                .map(|(step, r)| {
                    let [start, end, window_start, window_end] = step.dates(calendar);
                    let measures = r.json_values(in_top);
                    json!({
                        "step": step.label,
                        "start": start,
                        "end": end,
                        "window_start": window_start,
                        "window_end": window_end,
                        "organisations": r.nodes,
                        "arcs": r.arcs,
                        "measures": measures,
                        "failed": r.failed,
                    })
                })
                .collect();
            write_json(
                out,
                &json!({ "settings": settings, "calendar": calendar, "steps": list }),
            )?;
        }
        Format::Csv => {
            let mut table = Table::new(STEP_CSV_COLUMNS);
            for (step, r) in steps {
                for (m, vals) in &r.values {
                    for (id, v, place) in vals.rows.iter().filter(|(_, _, p)| in_top(p)) {
                        table.push(step.csv_row(calendar, m.name(), id, *v, place.rank));
                    }
                }
            }
            say!("# {settings}");
            table.write_csv(&mut *out)?;
        }
        Format::Table => {
            write_wrapped(out, "# ", "# ", settings, ctx.width)?;
            write_wrapped(
                out,
                "# ",
                "# ",
                &format!(
                    "dates in the {calendar:?} calendar; step: its first month or day; {}competition ranks (tied values share a rank); n/c: not computed (see warnings)",
                    args.top.map_or(String::new(), |t| format!(
                        "the top {t} of each step, without the bodies sharing its last place; "
                    ))
                ),
                ctx.width,
            )?;
            for &m in measures {
                writeln!(out, "\n{m} per step")?;
                let mut table = Table::new(["step", "rank", "id", "name", m.name()]);
                for (step, r) in stepped.steps.iter().zip(results) {
                    let Some(vals) = r.values.get(&m) else {
                        table.push([step.label.as_str(), "n/c", "", "", ""]);
                        continue;
                    };
                    if !vals.rows.iter().any(|(_, _, p)| in_top(p)) {
                        table.push([step.label.as_str(), "—", "", "all tied", ""]);
                    }
                    for (id, v, place) in vals.rows.iter().filter(|(_, _, p)| in_top(p)) {
                        table.push([
                            step.label.clone(),
                            place.rank.to_string(),
                            id.clone(),
                            name(id).to_string(),
                            vals.show(*v),
                        ]);
                    }
                }
                table.write_text(out, ctx.width)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every organisation ranked in any slice for measure `m`, with its rank
/// change from the first slice to the last ([`Place::change_to`]; `None`
/// if absent from either), sorted by rank in the last slice where present,
/// then by id.
fn rank_changes(results: &[SliceResult], m: Measure) -> Vec<(String, Option<i64>, Option<usize>)> {
    let first = &results[0];
    let last = &results[results.len() - 1];
    let ids: BTreeSet<&String> = results
        .iter()
        .filter_map(|r| r.values.get(&m))
        .flat_map(|v| v.row_of.keys())
        .collect();
    let mut rows: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let a = first.get(m, id).map(|(_, p)| p);
            let b = last.get(m, id).map(|(_, p)| p);
            let change = a.zip(b).map(|(a, b)| a.change_to(b));
            (id.clone(), change, b.map(|p| p.rank))
        })
        .collect();
    rows.sort_by(|x, y| (x.2.is_none(), x.2, &x.0).cmp(&(y.2.is_none(), y.2, &y.0)));
    rows
}

/// Computes `m`, telling a terminal how far betweenness and closeness have
/// got ("renewal: betweenness, 12,345 of 84,569 sources"), since on a large
/// network they take minutes.
fn measure_with_progress(
    graph: &MeasureGraph<'_, '_>,
    m: Measure,
    label: &str,
) -> Result<Scores, MeasureError> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let total = graph.node_count();
    let done = AtomicUsize::new(0);
    let verb = format!("{label}: {m},");
    let tick = |k: usize| {
        let before = done.fetch_add(k, Ordering::Relaxed);
        // Redrawn at each whole per cent, not for every source.
        if (before + k) * 100 / total.max(1) != before * 100 / total.max(1) {
            let n = councils::suggest::thousands;
            super::progress::stage(&format!("{verb} {} of {} sources", n(before + k), n(total)));
        }
    };
    let options = Options {
        progress: Some(&tick),
        ..Options::default()
    };
    centrality_with(graph, m, &options).map(|(scores, _)| scores)
}
