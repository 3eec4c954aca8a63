//! `councils export --format gexf|graphml|json|csv [--period ID | --at DATE]
//! [-o PATH]`: the dataset (or one slice of it) for Gephi, yEd, Cytoscape,
//! networkx, D3 and spreadsheets. See docs/interchange.md.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use councils::export::csv::DateStyle;
use councils::export::{Scope, csv, gexf, graphml, json};
use councils::measure::Measure;
use councils::slice::{Filter, Selector, Snapshot};
use councils::write::{Overwrite, write_atomic};

use super::Context;
use super::exit::Usage;
use super::selection::EvidenceArgs;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// GEXF 1.3 with the whole timeline (Gephi); a slice keeps its elements.
    Gexf,
    /// GraphML of a slice (or of everything, dates as attributes).
    Graphml,
    /// Node-link JSON (networkx, D3).
    Json,
    /// CSV tables and a dataset.toml, which `councils` reads back (needs -o DIR).
    Csv,
    /// Parquet tables with interval columns and a dataset.toml, for DuckDB,
    /// Spark and pyarrow; `councils import parquet` reads them back (needs -o DIR;
    /// builds with the `parquet` feature).
    Parquet,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Export only the elements of this period (see `councils periods`).
    #[arg(long, value_name = "ID", conflicts_with = "at")]
    pub period: Option<String>,
    /// Export only the elements active at this date or interval (EDTF).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Write to this file (a folder for csv); default: standard output.
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// csv: write day numbers counted from the span's first day, end exclusive (FORMAT.md), not EDTF.
    #[arg(long)]
    pub days: bool,
    /// gexf: size nodes by this measure of the slice (degree, in-degree, out-degree,
    /// betweenness, closeness, eigenvector, katz, pagerank); needs --period or --at.
    #[arg(long, value_name = "MEASURE")]
    pub size_by: Option<Measure>,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.evidence.layer(ctx)?;
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let sliced = args.period.is_some() || args.at.is_some();
    if args.days && args.format != ExportFormat::Csv {
        return Err(Usage("--days applies to --format csv only".into()).into());
    }
    if args.size_by.is_some() && args.format != ExportFormat::Gexf {
        return Err(Usage("--size-by applies to --format gexf only".into()).into());
    }
    if args.size_by.is_some() && !sliced {
        return Err(Usage(
            "--size-by sizes nodes by a measure of one slice: add --period ID or --at DATE".into(),
        )
        .into());
    }
    if matches!(args.format, ExportFormat::Csv | ExportFormat::Parquet) {
        let name = if args.format == ExportFormat::Csv {
            "CSV"
        } else {
            "Parquet"
        };
        if sliced {
            return Err(Usage(format!(
                "{name} export writes the whole dataset (to be read back); for one slice use `councils snapshot --format csv`{}",
                if name == "Parquet" { ", or select the slice from the interval columns (docs/interchange.md)" } else { "" }
            ))
            .into());
        }
        let Some(dir) = &args.output else {
            return Err(Usage(format!("{name} export writes several files: give -o DIR")).into());
        };
        let style = if args.days {
            DateStyle::Days
        } else {
            DateStyle::Edtf
        };
        let scope = Scope::whole(&ctx.dataset, ctx.reading);
        super::progress::stage(&format!(
            "writing {} relations as {name} to {}",
            councils::suggest::thousands(ctx.dataset.relations.len()),
            dir.display()
        ));
        let written = if args.format == ExportFormat::Csv {
            csv::write_dir(dir, &scope, style, overwrite)?
        } else {
            write_parquet(dir, &scope, overwrite)?
        };
        super::progress::done();
        for path in written {
            say!("wrote {}", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let snapshot;
    let filter = Filter {
        reading: ctx.reading,
        evidence: args.evidence.evidence(),
        ..Filter::default()
    };
    let scope = if sliced {
        let selector = Selector::parse(&ctx.dataset, args.period.as_deref(), args.at.as_deref())?;
        snapshot = Some(Snapshot::new(&ctx.dataset, &selector, filter.clone())?);
        Scope::snapshot(snapshot.as_ref().expect("just made"))
    } else {
        snapshot = None;
        Scope::whole(&ctx.dataset, ctx.reading)
    };
    let viz = if args.format == ExportFormat::Gexf {
        gexf_viz(&ctx.dataset, snapshot.as_ref(), &filter, args.size_by)?
    } else {
        gexf::Viz::default()
    };
    if args.format == ExportFormat::Gexf && !viz.positions.is_empty() {
        let unplaced = scope
            .organisations()
            .filter(|o| !viz.positions.contains_key(&o.id))
            .count();
        if unplaced > 0 {
            say!(
                "note: {unplaced} organisation{} in no period's diagram, so without viz:position (Gephi places {})",
                if unplaced == 1 { " is" } else { "s are" },
                if unplaced == 1 { "it" } else { "them" }
            );
        }
    }
    let format = args.format;
    let fill = |w: &mut dyn Write| match format {
        ExportFormat::Gexf => gexf::write_with(w, &scope, &viz),
        ExportFormat::Graphml => graphml::write(w, &scope),
        ExportFormat::Json => json::write(w, &scope),
        ExportFormat::Csv | ExportFormat::Parquet => unreachable!("handled above"),
    };
    match &args.output {
        Some(path) => {
            super::progress::stage(&format!(
                "writing {} relations to {}",
                councils::suggest::thousands(ctx.dataset.relations.len()),
                path.display()
            ));
            write_atomic(path, overwrite, fill)?;
            super::progress::done();
            say!("wrote {}", path.display());
        }
        None => fill(out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The Parquet export ([`councils::export::parquet`]).
#[cfg(feature = "parquet")]
fn write_parquet(dir: &Path, scope: &Scope<'_>, overwrite: Overwrite) -> Result<Vec<PathBuf>> {
    Ok(councils::export::parquet::write_dir(dir, scope, overwrite)?)
}

/// Without the `parquet` feature: says how to build with it.
#[cfg(not(feature = "parquet"))]
fn write_parquet(_: &Path, _: &Scope<'_>, _: Overwrite) -> Result<Vec<PathBuf>> {
    Err(Usage(NO_PARQUET.into()).into())
}

/// What a build without the `parquet` feature says when asked for Parquet.
#[cfg(not(feature = "parquet"))]
pub const NO_PARQUET: &str = "this councils was built without Parquet support: build it with \
`cargo install --features parquet` (or `cargo build --release --features parquet`); see the README";

/// Positions from the diagrams' stable layout (the slice's diagram, or the
/// first period's for the whole dataset) and sizes by `size_by` of the
/// slice. Without Graphviz, or without periods, no positions are written
/// and a note says why: positions are never made up.
fn gexf_viz(
    dataset: &councils::model::Dataset,
    slice: Option<&Snapshot<'_>>,
    filter: &Filter,
    size_by: Option<Measure>,
) -> Result<gexf::Viz> {
    let first;
    let drawn = match slice {
        Some(s) => Some(s),
        None => match dataset.periods.first() {
            Some(p) => {
                first = Snapshot::new(dataset, &Selector::Period(p.id.clone()), filter.clone())?;
                Some(&first)
            }
            None => None,
        },
    };
    let positions = match drawn.map(gexf::stable_positions) {
        Some(Ok(positions)) => positions,
        Some(Err(e)) => {
            say!("note: no viz:position written: {e}");
            Default::default()
        }
        None => {
            say!("note: no viz:position written: the dataset has no periods, so no stable layout");
            Default::default()
        }
    };
    let sizes = match (size_by, slice) {
        (Some(m), Some(s)) => Some((m, gexf::measure_sizes(s, m)?)),
        _ => None,
    };
    Ok(gexf::Viz { positions, sizes })
}
