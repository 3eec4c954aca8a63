//! `councils render`: the diagrams of `councils dot` drawn by Graphviz as
//! SVG, PNG or PDF, one file per period with `--all`, each written
//! atomically and never over an existing file without `--force`.
//!
//! The paths written are printed on standard output, one per line;
//! Graphviz's warnings, if any, go to standard error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use councils::render::graphviz::{self, Format};
use councils::render::limits::{DiagramSize, Limits};
use councils::write::{Overwrite, write_atomic};

use super::Context;
use super::dot::DiagramArgs;
use super::exit::Usage;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Scalable vector graphics, with tooltips.
    Svg,
    /// A bitmap.
    Png,
    /// A PDF page.
    Pdf,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").args(["period", "at", "compare", "filmstrip", "all"])))]
pub struct Args {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// One file per period, named `<period-id>.<format>`, in --out.
    #[arg(long)]
    pub all: bool,
    /// Picture format [default: from the extension of -o, else svg].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Folder to write into, named after the period, date or comparison [default: .].
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out: Option<PathBuf>,
    /// The file to write (`-` for standard output).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "all"
    )]
    pub output: Option<PathBuf>,
    /// Replace files that exist.
    #[arg(long)]
    pub force: bool,
    /// Draw diagrams beyond 5,000 nodes or 20,000 edges too (Graphviz may then need many GB and hours).
    #[arg(long)]
    pub force_size: bool,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.diagram.filter.layer(ctx)?;
    let format = match (args.format, &args.output) {
        (Some(FormatArg::Svg), _) => Format::Svg,
        (Some(FormatArg::Png), _) => Format::Png,
        (Some(FormatArg::Pdf), _) => Format::Pdf,
        (None, Some(path)) => Format::from_path(path).unwrap_or(Format::Svg),
        (None, None) => Format::Svg,
    };
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let dir = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    // Every (path, DOT) first, so that nothing is drawn or written when one
    // of the diagrams cannot be built or one of the files exists.
    let mut jobs: Vec<(Option<PathBuf>, String)> = Vec::new();
    if args.all {
        if ctx.dataset.periods.is_empty() {
            return Err(Usage("the dataset has no periods; use --at DATE".into()).into());
        }
        for period in &ctx.dataset.periods {
            let diagram = DiagramArgs {
                period: Some(period.id.clone()),
                ..args.diagram.clone()
            };
            let plan = diagram.plan(ctx)?;
            let path = dir.join(format!("{}.{}", plan.stem(), format.extension()));
            jobs.push((Some(path), plan.dot()?));
        }
    } else {
        let plan = args.diagram.plan(ctx)?;
        let path = match &args.output {
            Some(p) if p.as_os_str() == "-" => None,
            Some(p) => Some(p.clone()),
            None => Some(dir.join(format!("{}.{}", plan.stem(), format.extension()))),
        };
        jobs.push((path, plan.dot()?));
    }
    if overwrite == Overwrite::Refuse
        && let Some(path) = jobs
            .iter()
            .find_map(|(p, _)| p.as_ref().filter(|p| p.exists()))
    {
        return Err(councils::Error::Exists(path.clone()).into());
    }
    // Issue 17.1: refuse an unbounded diagram before any is drawn.
    let limits = if args.force_size {
        Limits::NONE
    } else {
        Limits::DEFAULT
    };
    for (_, text) in &jobs {
        limits
            .check(DiagramSize::of_dot(text))
            .map_err(|e| Usage(format!("{e}, or pass --force-size to draw it anyway")))?;
    }
    for (path, text) in &jobs {
        let rendered = graphviz::render_within(text, format, &limits)?;
        let name = path.as_deref().unwrap_or(Path::new("-"));
        for line in rendered.warnings.lines() {
            say!("{}: graphviz: {line}", name.display());
        }
        if let Some(note) = rendered.note {
            say!("{}: note: {note}", name.display());
        }
        match path {
            Some(path) => {
                write_atomic(path, overwrite, |w| w.write_all(&rendered.bytes))?;
                writeln!(out, "{}", path.display())?;
            }
            None => out.write_all(&rendered.bytes)?,
        }
    }
    Ok(ExitCode::SUCCESS)
}
