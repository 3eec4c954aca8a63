//! `councils snapshot --at DATE | --period ID`: the organisations and
//! relations active then, as tables, JSON or CSV.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::render::doc::write_wrapped;
use councils::render::table::Table;
use councils::slice::{Selector, Snapshot};
use serde_json::json;

use super::exit::Usage;
use super::output::{Streamed, cite_json, when_json, write_json};
use super::selection::{FilterArgs, set};
use super::{Context, Format};

/// Which slice to take and how: shared by every command that slices.
#[derive(Debug, Clone, clap::Args)]
pub struct SliceArgs {
    /// A period id (see `councils periods`).
    #[arg(long, value_name = "ID", conflicts_with = "at")]
    pub period: Option<String>,
    /// A date or interval, EDTF in the dataset's calendar (`1917-10-25`, `1917-10`, `ns:1917-11-07`).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Keep only these relation kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

impl SliceArgs {
    /// Slices the context's dataset as these flags say.
    pub fn snapshot<'d>(&self, ctx: &'d Context) -> Result<Snapshot<'d>> {
        let filter = self.filter.filter(ctx.reading, set(&self.relations));
        let selector = Selector::parse(&ctx.dataset, self.period.as_deref(), self.at.as_deref())?;
        Ok(Snapshot::new(&ctx.dataset, &selector, filter)?)
    }
}

/// Which tables to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    /// Organisations.
    Nodes,
    /// Relations.
    Edges,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub slice: SliceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Print only the organisations or only the relations (CSV needs one).
    #[arg(long, value_enum)]
    pub only: Option<Only>,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.slice.filter.layer(ctx)?;
    let snap = args.slice.snapshot(ctx)?;
    let ds = &ctx.dataset;
    let reading = ctx.reading;
    if args.format == Format::Csv && args.only.is_none() {
        return Err(
            Usage("CSV holds one table: add `--only nodes` or `--only edges`".into()).into(),
        );
    }
    if args.format == Format::Json {
        // Streamed element by element: a large slice is never held whole
        // as a JSON tree (1 GB at 300k relations before).
        let nodes = snap.organisations().map(|o| {
            let states: Vec<_> = snap
                .states(o)
                .into_iter()
                .map(|s| json!({ "attribute": s.attribute, "value": s.value, "during": when_json(&s.during, reading) }))
                .collect();
            json!({
                "id": o.id,
                "name": o.name,
                "kind": o.kind,
                "level": ds.level(o.level).id,
                "place": o.place,
                "count": o.count,
                "during": when_json(&o.during, reading),
                "states": states,
                "cite": cite_json(&o.cite),
            })
        });
        let edges = snap.relations().map(|r| {
            json!({
                "id": r.id(),
                "from": r.from,
                "to": r.to,
                "kind": r.kind,
                "directed": ds.relation_kind(&r.kind).is_none_or(|k| k.directed),
                "during": when_json(&r.during, reading),
                "weight": r.weight,
                "note": r.note,
                "cite": cite_json(&r.cite),
            })
        });
        // Keys in the sorted order every other JSON output of the tool has.
        #[derive(serde::Serialize)]
        #[serde(bound(serialize = "A: Iterator<Item = serde_json::Value>, \
                                   B: Iterator<Item = serde_json::Value>"))]
        struct Slice<A, B> {
            #[serde(skip_serializing_if = "Option::is_none")]
            organisations: Option<Streamed<A>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            relations: Option<Streamed<B>>,
            settings: String,
        }
        let slice = Slice {
            organisations: (args.only != Some(Only::Edges)).then(|| Streamed::new(nodes)),
            relations: (args.only != Some(Only::Nodes)).then(|| Streamed::new(edges)),
            settings: snap.describe(ctx.view),
        };
        write_json(out, &slice)?;
        return Ok(ExitCode::SUCCESS);
    }

    // The attribute diagrams colour by (`color_by`) gets a column, if the
    // dataset names one.
    let shown = ds.info.color_by.as_deref();
    let mut nodes = Table::new(
        ["id", "name", "kind", "level"]
            .into_iter()
            .chain(shown)
            .chain(["existed"]),
    );
    for o in snap.organisations() {
        let mut row = vec![
            o.id.clone(),
            o.name.clone(),
            o.kind.clone(),
            ds.level(o.level).id.clone(),
        ];
        row.extend(shown.map(|a| snap.state_value(o, a).unwrap_or_default()));
        row.push(o.during.show(ctx.view));
        nodes.push(row);
    }
    let mut edges = Table::new(["from", "kind", "to", "during", "weight"]);
    for r in snap.relations() {
        edges.push([
            r.from.to_string(),
            r.kind.to_string(),
            r.to.to_string(),
            r.during.show(ctx.view),
            r.weight.map(|w| w.to_string()).unwrap_or_default(),
        ]);
    }
    if args.format == Format::Csv {
        say!("{}", snap.describe(ctx.view));
        let table = if args.only == Some(Only::Nodes) {
            &nodes
        } else {
            &edges
        };
        table.write_csv(&mut *out)?;
        return Ok(ExitCode::SUCCESS);
    }
    write_wrapped(out, "# ", "# ", &snap.describe(ctx.view), ctx.width)?;
    if args.only != Some(Only::Edges) {
        writeln!(out, "\n{} organisations", nodes.rows.len())?;
        nodes.write_text(out, ctx.width)?;
    }
    if args.only != Some(Only::Nodes) {
        writeln!(out, "\n{} relations", edges.rows.len())?;
        edges.write_text(out, ctx.width)?;
    }
    Ok(ExitCode::SUCCESS)
}
