//! `councils dot --period ID | --at DATE | --compare A B | --filmstrip`:
//! the diagram as Graphviz DOT, on standard output or into a file.
//!
//! The diagram options ([`DiagramArgs`]) are shared with `councils render`,
//! which runs Graphviz on the same DOT. They are checked once into a
//! [`Plan`]: the snapshots to draw, the snapshots that fix the layout, and
//! the library's [`DotOptions`].

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use councils::render::dot::{self, Cluster, DotOptions, Focus, Layout, Picture};
use councils::render::graphviz;
use councils::render::limits::{Limits, TooLarge};
use councils::slice::{Selector, Snapshot};
use councils::write::{Overwrite, write_atomic};

use super::Context;
use super::exit::Usage;
use super::selection::{FilterArgs, set};

/// What to draw and how: shared by `dot` and `render`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiagramArgs {
    /// A period id (see `councils periods`).
    #[arg(long, value_name = "ID")]
    pub period: Option<String>,
    /// A date or interval, EDTF in the dataset's calendar (`1917-10-25`, `1917-10`, `ns:1917-11-07`).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Draw what was kept, added and removed from A to B, each a period id or else a date.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub compare: Option<Vec<String>>,
    /// With --compare: the two snapshots side by side instead of merged.
    #[arg(long, requires = "compare")]
    pub side_by_side: bool,
    /// Every period, side by side in order, as small multiples.
    #[arg(long)]
    pub filmstrip: bool,
    /// Keep only these relation kinds (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Fill organisations by the value of this attribute, `none` for no fill [default: the dataset's `color_by`].
    #[arg(long, value_name = "ATTR")]
    pub color_by: Option<String>,
    /// Box organisations together by place (nested at commas), by kind, or by community (`councils communities`).
    #[arg(long, value_enum, default_value_t = ClusterArg::None)]
    pub cluster: ClusterArg,
    /// Draw only ORG and the organisations within --depth relations of it (direction ignored).
    #[arg(long, value_name = "ORG")]
    pub focus: Option<String>,
    /// With --focus: how many relations away to reach.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "focus")]
    pub depth: usize,
    /// Wrap labels at N characters (0: no wrapping).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub wrap: usize,
    /// At most N organisations side by side in a tier; larger tiers take several rows (0: one row).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub row_width: usize,
    /// stable: every organisation of every period keeps its place in each diagram; compact: only what is drawn, in the stable layout's tiers, rows and left-to-right order (no slots for absent bodies; needs Graphviz to read that order).
    #[arg(long, value_enum, default_value_t = LayoutArg::Stable)]
    pub layout: LayoutArg,
    /// Same as --layout compact.
    #[arg(long, conflicts_with = "layout")]
    pub compact: bool,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

/// `--cluster`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterArg {
    /// By place, `Petrograd, Vyborg side` inside `Petrograd`.
    Place,
    /// By organisation kind.
    Kind,
    /// By community, numbered as `councils communities` numbers them (default settings).
    Community,
    /// No boxes; tier labels on the left.
    None,
}

/// `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// Every organisation of every period keeps its place.
    Stable,
    /// Only what is drawn, in the stable layout's order.
    Compact,
}

/// The snapshots a diagram draws.
pub enum Target<'d> {
    /// One snapshot.
    One(Box<Snapshot<'d>>),
    /// Two snapshots compared, merged or side by side.
    Compare(Box<(Snapshot<'d>, Snapshot<'d>)>, bool),
    /// Every period.
    Filmstrip(Vec<Snapshot<'d>>),
}

/// Checked diagram settings.
pub struct Plan<'d> {
    /// What to draw.
    pub target: Target<'d>,
    /// The snapshots that fix a stable layout (every period).
    pub context: Vec<Snapshot<'d>>,
    /// The library's options.
    pub options: DotOptions,
}

impl DiagramArgs {
    /// Slices the dataset and checks every option.
    pub fn plan<'d>(&self, ctx: &'d Context) -> Result<Plan<'d>> {
        let ds = &ctx.dataset;
        let filter = self.filter.filter(ctx.reading, set(&self.relations));
        let slice = |selector: &Selector| Snapshot::new(ds, selector, filter.clone());
        let target = if let Some(pair) = &self.compare {
            let a = slice(&Selector::resolve(ds, &pair[0])?)?;
            let b = slice(&Selector::resolve(ds, &pair[1])?)?;
            Target::Compare(Box::new((a, b)), self.side_by_side)
        } else if self.filmstrip {
            if ds.periods.is_empty() {
                return Err(
                    Usage("the dataset has no periods to put in a filmstrip".into()).into(),
                );
            }
            Target::Filmstrip(dot::period_context(ds, &filter)?)
        } else {
            let selector = Selector::parse(ds, self.period.as_deref(), self.at.as_deref())?;
            Target::One(Box::new(slice(&selector)?))
        };
        let mut options = DotOptions::new(ds);
        options.color_by = match self.color_by.as_deref() {
            Some("none") => None,
            Some(attr) => Some(attr.to_string()),
            None => options.color_by,
        };
        options.cluster = match self.cluster {
            ClusterArg::Place => Cluster::Place,
            ClusterArg::Kind => Cluster::Kind,
            ClusterArg::Community => Cluster::Community,
            ClusterArg::None => Cluster::None,
        };
        options.wrap = self.wrap;
        options.row_width = self.row_width;
        options.view = ctx.view;
        options.focus = self.focus.as_ref().map(|org| Focus {
            organisation: org.clone(),
            depth: self.depth,
        });
        options.layout = if self.compact || self.layout == LayoutArg::Compact {
            Layout::Compact
        } else {
            Layout::Stable
        };
        options.legend = !self.no_legend;
        if options.cluster == Cluster::Community {
            let Target::One(snapshot) = &target else {
                return Err(Usage(
                    "--cluster community draws one slice: give --period or --at".into(),
                )
                .into());
            };
            options.communities = councils::measure::community::community_numbers(snapshot);
        }
        options.check(ds)?;
        let context = match &target {
            Target::Filmstrip(_) => Vec::new(),
            _ => dot::period_context(ds, &filter)?,
        };
        Ok(Plan {
            target,
            context,
            options,
        })
    }
}

impl Plan<'_> {
    /// The diagram as DOT text. A compact layout first has Graphviz lay
    /// out the stable one (within [`Limits::DEFAULT`]), to keep its order.
    pub fn dot(&self) -> Result<String> {
        let picture = self.picture();
        let mut options = self.options.clone();
        if options.layout == Layout::Compact {
            let stable = DotOptions {
                layout: Layout::Stable,
                ..options.clone()
            };
            let text = dot::to_dot(&dot::diagram(picture, &self.context, &stable)?);
            let placed = graphviz::positions(&text, &Limits::DEFAULT).map_err(|e| {
                anyhow::anyhow!("the compact layout keeps the stable layout's order, which Graphviz lays out: {e}")
            })?;
            options.order = Some(dot::stable_order(picture, &placed));
        }
        let graph = dot::diagram(picture, &self.context, &options)?;
        Ok(dot::to_dot(&graph))
    }

    /// What is drawn.
    fn picture(&self) -> Picture<'_, '_> {
        match &self.target {
            Target::One(s) => Picture::Single(s),
            Target::Compare(pair, false) => Picture::Compare(&pair.0, &pair.1),
            Target::Compare(pair, true) => Picture::SideBySide(&pair.0, &pair.1),
            Target::Filmstrip(list) => Picture::Filmstrip(list),
        }
    }

    /// `Err` if the diagram lays out more than `limits`, checked before
    /// its DOT is built (which at 100,000 organisations takes most of a
    /// GB); its figures are a lower bound. The DOT is checked again once
    /// built.
    pub fn check_size(&self, limits: &Limits) -> Result<Result<(), TooLarge>> {
        let size = dot::laid_out_size(self.picture(), &self.context, &self.options)?;
        Ok(limits.check(size).map_err(TooLarge::at_least))
    }

    /// A file name (without extension) for the picture: the period id, the
    /// date, `compare-A-B` or `filmstrip`.
    pub fn stem(&self) -> String {
        let name = |s: &Snapshot| dot::escape::class_name(&s.label.replace(['/', ':'], "_"));
        match &self.target {
            Target::One(s) => name(s),
            Target::Compare(pair, false) => format!("compare-{}-{}", name(&pair.0), name(&pair.1)),
            Target::Compare(pair, true) => {
                format!("side-by-side-{}-{}", name(&pair.0), name(&pair.1))
            }
            Target::Filmstrip(_) => "filmstrip".into(),
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").args(["period", "at", "compare", "filmstrip"])))]
pub struct Args {
    #[command(flatten)]
    pub diagram: DiagramArgs,
    /// Write the DOT to FILE (atomically) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.diagram.filter.layer(ctx)?;
    let text = args.diagram.plan(ctx)?.dot()?;
    match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            let overwrite = if args.force {
                Overwrite::Allow
            } else {
                Overwrite::Refuse
            };
            write_atomic(path, overwrite, |w| w.write_all(text.as_bytes()))?;
        }
        _ => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
