//! `councils render`: the diagrams of `councils dot` drawn by Graphviz as
//! SVG, PNG or PDF, one file per period with `--all`, each written
//! atomically and never over an existing file without `--force`.
//!
//! `--animate` draws every period and merges the diagrams into the network
//! in motion (`councils::render::animate`): an SVG that plays by itself,
//! or an HTML page with the report's player.
//!
//! The paths written are printed on standard output, one per line;
//! Graphviz's warnings, if any, go to standard error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use councils::render::animate::{Animation, Frame, Movie, common_title};
use councils::render::graphviz::{self, Format};
use councils::render::limits::{DiagramSize, Limits, TooLarge};
use councils::write::{Overwrite, write_atomic};

use super::Context;
use super::dot::{DiagramArgs, Target};
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
    /// With --animate: a page with a player (play, pause, slider, keys), nothing fetched.
    Html,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").args(["period", "at", "compare", "filmstrip", "all", "animate"])))]
pub struct Args {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// One file per period, named `<period-id>.<format>`, in --out.
    #[arg(long)]
    pub all: bool,
    /// Every period in one animation, elements fading in and out in their stable places: an SVG that plays by itself, or an HTML page with a player (`-o movie.html`); default file movie.svg.
    #[arg(long, conflicts_with = "compact")]
    pub animate: bool,
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

/// The refusal of a diagram beyond the limits, with the way to force it.
fn too_large(e: TooLarge) -> Usage {
    Usage(format!("{e}, or pass --force-size to draw it anyway"))
}

/// True if `path` names an HTML file.
fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.diagram.filter.layer(ctx)?;
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let dir = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let limits = if args.force_size {
        Limits::NONE
    } else {
        Limits::DEFAULT
    };
    if args.animate {
        let html = match (args.format, &args.output) {
            (Some(FormatArg::Html), _) => true,
            (Some(FormatArg::Svg), _) => false,
            (Some(other), _) => {
                return Err(Usage(format!(
                    "--animate writes svg or html, not {}",
                    format!("{other:?}").to_lowercase()
                ))
                .into());
            }
            (None, Some(path)) => is_html(path),
            (None, None) => false,
        };
        let path = match &args.output {
            Some(p) if p.as_os_str() == "-" => None,
            Some(p) => Some(p.clone()),
            None => Some(dir.join(if html { "movie.html" } else { "movie.svg" })),
        };
        return animate(ctx, args, html, path, overwrite, &limits, out);
    }
    let format = match (args.format, &args.output) {
        (Some(FormatArg::Svg), _) => Format::Svg,
        (Some(FormatArg::Png), _) => Format::Png,
        (Some(FormatArg::Pdf), _) => Format::Pdf,
        (Some(FormatArg::Html), _) => {
            return Err(Usage(
                "--format html is for --animate; a single diagram is svg, png or pdf".into(),
            )
            .into());
        }
        (None, Some(path)) => Format::from_path(path).unwrap_or(Format::Svg),
        (None, None) => Format::Svg,
    };
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
            plan.check_size(&limits)?.map_err(too_large)?;
            let path = dir.join(format!("{}.{}", plan.stem(), format.extension()));
            jobs.push((Some(path), plan.dot()?));
        }
    } else {
        let plan = args.diagram.plan(ctx)?;
        plan.check_size(&limits)?.map_err(too_large)?;
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
    for (_, text) in &jobs {
        limits.check(DiagramSize::of_dot(text)).map_err(too_large)?;
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

/// `--animate`: every period drawn with the stable layout, the diagrams
/// merged into one animation, written to `path` (standard output if
/// `None`) as a self-playing SVG or, if `html`, a page with the player.
fn animate<W: Write>(
    ctx: &Context,
    args: &Args,
    html: bool,
    path: Option<PathBuf>,
    overwrite: Overwrite,
    limits: &Limits,
    out: &mut W,
) -> Result<ExitCode> {
    let ds = &ctx.dataset;
    if ds.periods.is_empty() {
        return Err(Usage("the dataset has no periods to animate".into()).into());
    }
    if overwrite == Overwrite::Refuse
        && let Some(path) = path.as_ref().filter(|p| p.exists())
    {
        return Err(councils::Error::Exists(path.clone()).into());
    }
    // Every period's frame, then its DOT under one title (so that the
    // frames' layouts match), each checked against the limits before any
    // is drawn. A plan holds every period's snapshot: one at a time.
    let plan = |period: &str| {
        DiagramArgs {
            period: Some(period.to_string()),
            ..args.diagram.clone()
        }
        .plan(ctx)
    };
    let mut frames = Vec::new();
    for period in &ds.periods {
        let plan = plan(&period.id)?;
        let Target::One(snapshot) = &plan.target else {
            unreachable!("a period is one snapshot")
        };
        frames.push(Frame::of(snapshot, &plan.options));
    }
    let title = common_title(&frames);
    let mut jobs = Vec::new();
    for frame in frames {
        let mut plan = plan(&frame.id)?;
        plan.options.title = title.clone();
        let in_frame = |e: TooLarge| Usage(format!("{}: {}", frame.id, too_large(e).0));
        plan.check_size(limits)?.map_err(in_frame)?;
        let text = plan.dot()?;
        limits.check(DiagramSize::of_dot(&text)).map_err(in_frame)?;
        jobs.push((frame, text));
    }
    let name = path
        .as_deref()
        .unwrap_or(Path::new("-"))
        .display()
        .to_string();
    let mut frames = Vec::new();
    let mut svgs = Vec::new();
    for (frame, text) in jobs {
        let rendered = graphviz::render_within(&text, Format::Svg, limits)?;
        for line in rendered.warnings.lines() {
            say!("{name}: {}: graphviz: {line}", frame.id);
        }
        if let Some(note) = rendered.note {
            say!("{name}: {}: note: {note}", frame.id);
        }
        svgs.push(String::from_utf8(rendered.bytes).map_err(|_| {
            anyhow::anyhow!("Graphviz wrote SVG that is not UTF-8 for `{}`", frame.id)
        })?);
        frames.push(frame);
    }
    let movie = Movie::merge(frames, &svgs)?;
    drop(svgs);
    let text = if html {
        councils::report::movie::standalone(ds, &movie)
    } else {
        movie.svg(Animation::Css {
            seconds_per_frame: councils::report::movie::SECONDS_PER_FRAME,
        })
    };
    match path {
        Some(path) => {
            write_atomic(&path, overwrite, |w| w.write_all(text.as_bytes()))?;
            writeln!(out, "{}", path.display())?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
