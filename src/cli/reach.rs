//! `councils reach ORG --from --to [--direction down|up]`: the
//! organisations a message from ORG reaches through the counted relations
//! while they are active (down), or that could get one to ORG (up), with
//! the day.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::Counting;
use councils::render::doc::write_wrapped;
use councils::render::table::Table;
use councils::temporal::{Direction, TemporalGraph};
use serde_json::json;

use super::output::{Streamed, write_json};
use super::selection::{FilterArgs, counted_kinds};
use super::temporal::{Window, crossing_rule, day_json, hop_json, name_temporal_flags};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The organisation (id).
    pub organisation: String,
    #[command(flatten)]
    pub window: Window,
    /// down: whom ORG's message reaches, along the relations' direction, with the earliest arrival; up: who could reach ORG, with the latest day they could send.
    #[arg(long, value_enum, default_value_t = DirectionArg::Down)]
    pub direction: DirectionArg,
    /// Relation kinds that count (default: the flow kinds, delegation and control).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `--direction` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    /// Along the relations: whom ORG reaches.
    Down,
    /// Against them: who reaches ORG.
    Up,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.filter.layer(ctx)?;
    let ds = &ctx.dataset;
    let mut counting = Counting::default_for(ds);
    if let Some(kinds) = counted_kinds(ctx, &args.relations)? {
        counting.kinds = kinds;
    }
    let direction = match args.direction {
        DirectionArg::Down => Direction::Down,
        DirectionArg::Up => Direction::Up,
    };
    if councils::slice::is_timeless(ds) && args.window.from.is_none() && args.window.to.is_none() {
        return timeless(ctx, args, counting, direction, out);
    }
    let span = args.window.span(ds)?;
    let graph = TemporalGraph::new(
        ds,
        span,
        args.filter.filter(ctx.reading, None),
        &counting,
        args.window.crossing_days,
    )
    .map_err(name_temporal_flags)?;
    let reached = graph.reach(&args.organisation, direction)?;
    let show = |d: Option<councils::time::Day>| d.map_or_else(String::new, |d| d.show(ctx.view));
    let settings = format!(
        "from {} to {}{}; {}; {}",
        show(span.start),
        show(span.last_day()),
        args.filter.filter(ctx.reading, None).describe(),
        counting.describe(ds),
        crossing_rule(graph.step),
    );
    let (summary, day_column, next_column) = match direction {
        Direction::Down => (
            format!(
                "{} organisation{} reached from {} (message sent on {}), by earliest arrival",
                reached.len(),
                if reached.len() == 1 { "" } else { "s" },
                args.organisation,
                graph.first.show(ctx.view)
            ),
            "arrives",
            "via",
        ),
        Direction::Up => (
            format!(
                "{} organisation{} that could reach {} by {}, by the latest day they could send",
                reached.len(),
                if reached.len() == 1 { "" } else { "s" },
                args.organisation,
                show(span.last_day())
            ),
            "latest",
            "next",
        ),
    };
    // The neighbour on the path: the one before (down) or after (up).
    let neighbour = |r: &councils::temporal::Reached<'_>| -> String {
        match direction {
            Direction::Down => r.hop.from.id.clone(),
            Direction::Up => r.hop.to.id.clone(),
        }
    };
    match args.format {
        Format::Json => {
            // Streamed: on the 100k workload the list runs to tens of
            // megabytes, and need not be held in memory as a whole.
            #[derive(serde::Serialize)]
            #[serde(bound(serialize = "I: Iterator<Item = serde_json::Value>"))]
            struct Reach<'a, I> {
                settings: &'a str,
                organisation: &'a str,
                direction: Direction,
                first: Option<serde_json::Value>,
                last: Option<serde_json::Value>,
                reached: Streamed<I>,
            }
            let list = reached.iter().map(|r| {
                json!({
                    "id": r.organisation.id,
                    "name": r.organisation.name,
                    "day": day_json(r.day),
                    "steps": r.steps,
                    "hop": hop_json(ctx, &r.hop),
                })
            });
            write_json(
                out,
                &Reach {
                    settings: &settings,
                    organisation: &args.organisation,
                    direction,
                    first: span.start.map(day_json),
                    last: span.last_day().map(day_json),
                    reached: Streamed::new(list),
                },
            )?;
        }
        Format::Csv | Format::Table => {
            let mut table = Table::new([day_column, "id", "name", "steps", next_column]);
            for r in &reached {
                table.push([
                    r.day.show(ctx.view),
                    r.organisation.id.clone(),
                    r.organisation.name.clone(),
                    r.steps.to_string(),
                    neighbour(r),
                ]);
            }
            write_table(ctx, args.format, &settings, &summary, &table, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reach in a network without dates (see `councils::slice::is_timeless`):
/// a message crosses every counted relation, so whom ORG reaches is who
/// lies along the relations' direction (against it, up), found breadth
/// first; steps are the fewest relations crossed, and no day is shown.
fn timeless<W: Write>(
    ctx: &Context,
    args: &Args,
    counting: Counting,
    direction: Direction,
    out: &mut W,
) -> Result<ExitCode> {
    use councils::measure::MeasureGraph;
    use councils::slice::{Selector, Snapshot};
    let ds = &ctx.dataset;
    let filter = args.filter.filter(ctx.reading, None);
    let settings = format!(
        "timeless (the dataset has no dates){}; {}; a message crosses every counted relation",
        filter.describe(),
        counting.describe(ds)
    );
    let selector = Selector::At(councils::time::When::undated(ds.info.calendar));
    let snapshot = Snapshot::new(ds, &selector, filter)?;
    let graph = MeasureGraph::new(&snapshot, counting);
    let n = graph.node_count();
    let Some(start) = (0..n).find(|&i| graph.id(i) == args.organisation) else {
        return Err(councils::Error::Unknown {
            what: "organisation",
            name: args.organisation.clone(),
            hint: councils::suggest::did_you_mean(&args.organisation, (0..n).map(|i| graph.id(i))),
        }
        .into());
    };
    // Breadth first: (node, steps, the neighbour it was reached from).
    let mut seen = vec![false; n];
    seen[start] = true;
    let mut reached: Vec<(usize, usize, usize)> = Vec::new();
    let mut queue = std::collections::VecDeque::from([(start, 0usize)]);
    while let Some((v, steps)) = queue.pop_front() {
        let next = match direction {
            Direction::Down => graph.graph.out(v as u32),
            Direction::Up => graph.graph.inn(v as u32),
        };
        for &w in next {
            let w = w as usize;
            if !seen[w] {
                seen[w] = true;
                reached.push((w, steps + 1, v));
                queue.push_back((w, steps + 1));
            }
        }
    }
    reached.sort_by(|a, b| (a.1, graph.id(a.0)).cmp(&(b.1, graph.id(b.0))));
    let name = |i: usize| ds.organisation(graph.id(i)).map_or("", |o| o.name.as_str());
    let (summary, next_column) = match direction {
        Direction::Down => (
            format!(
                "{} organisation{} reached from {}, by steps",
                reached.len(),
                if reached.len() == 1 { "" } else { "s" },
                args.organisation
            ),
            "via",
        ),
        Direction::Up => (
            format!(
                "{} organisation{} that could reach {}, by steps",
                reached.len(),
                if reached.len() == 1 { "" } else { "s" },
                args.organisation
            ),
            "next",
        ),
    };
    match args.format {
        Format::Json => {
            let list: Vec<serde_json::Value> = reached
                .iter()
                .map(|&(i, steps, from)| {
                    json!({"id": graph.id(i), "name": name(i), "steps": steps, next_column: graph.id(from)})
                })
                .collect();
            write_json(
                out,
                &json!({
                    "settings": settings,
                    "organisation": args.organisation,
                    "direction": direction,
                    "reached": list,
                }),
            )?;
        }
        Format::Csv | Format::Table => {
            let mut table = Table::new(["id", "name", "steps", next_column]);
            for &(i, steps, from) in &reached {
                table.push([
                    graph.id(i).to_string(),
                    name(i).to_string(),
                    steps.to_string(),
                    graph.id(from).to_string(),
                ]);
            }
            write_table(ctx, args.format, &settings, &summary, &table, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `table` as text (with the settings and summary as a wrapped
/// header) or as CSV (with them on standard error): what `path` and `reach`
/// print.
pub(super) fn write_table<W: Write>(
    ctx: &Context,
    format: Format,
    settings: &str,
    summary: &str,
    table: &Table,
    out: &mut W,
) -> Result<()> {
    if format == Format::Csv {
        say!("# {settings}");
        say!("# {summary}");
        table.write_csv(&mut *out)?;
    } else {
        write_wrapped(out, "# ", "# ", settings, ctx.width)?;
        write_wrapped(out, "# ", "# ", summary, ctx.width)?;
        if !table.rows.is_empty() {
            table.write_text(out, ctx.width)?;
        }
    }
    Ok(())
}
