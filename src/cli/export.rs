//! `councils export --format gexf|graphml|json|csv [--period ID | --at DATE]
//! [-o PATH]`: the dataset (or one slice of it) for Gephi, yEd, Cytoscape,
//! networkx, D3 and spreadsheets. See docs/interchange.md.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use councils::export::csv::DateStyle;
use councils::export::{Scope, csv, gexf, graphml, json};
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
    if args.format == ExportFormat::Csv {
        if sliced {
            return Err(Usage(
                "CSV export writes the whole dataset (to be read back); for one slice use `councils snapshot --format csv`".into(),
            )
            .into());
        }
        let Some(dir) = &args.output else {
            return Err(Usage("CSV export writes several files: give -o DIR".into()).into());
        };
        let style = if args.days {
            DateStyle::Days
        } else {
            DateStyle::Edtf
        };
        let scope = Scope::whole(&ctx.dataset, ctx.reading);
        super::progress::stage(&format!(
            "writing {} relations as CSV to {}",
            councils::suggest::thousands(ctx.dataset.relations.len()),
            dir.display()
        ));
        let written = csv::write_dir(dir, &scope, style, overwrite)?;
        super::progress::done();
        for path in written {
            say!("wrote {}", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let snapshot;
    let scope = if sliced {
        let selector = Selector::parse(&ctx.dataset, args.period.as_deref(), args.at.as_deref())?;
        let filter = Filter {
            reading: ctx.reading,
            evidence: args.evidence.evidence(),
            ..Filter::default()
        };
        snapshot = Snapshot::new(&ctx.dataset, &selector, filter)?;
        Scope::snapshot(&snapshot)
    } else {
        Scope::whole(&ctx.dataset, ctx.reading)
    };
    let format = args.format;
    let fill = |w: &mut dyn Write| match format {
        ExportFormat::Gexf => gexf::write(w, &scope),
        ExportFormat::Graphml => graphml::write(w, &scope),
        ExportFormat::Json => json::write(w, &scope),
        ExportFormat::Csv => unreachable!("handled above"),
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
