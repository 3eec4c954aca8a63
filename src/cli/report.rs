//! `councils report`: the static site showing a dataset.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::Counting;
use councils::render::dot::{DotOptions, period_context};
use councils::render::graphviz;
use councils::render::limits::Limits;
use councils::report::diagrams::GraphvizDiagrams;
use councils::report::policy::{EGO_DIAGRAMS, EGO_LIMITS, EXACT_BETWEENNESS_WORK};
use councils::report::{Policy, ReportInput, build};
use councils::slice::{Filter, Selector};
use councils::write::Overwrite;

use super::Context;
use super::exit::Usage;
use super::selection::EvidenceArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write the site into (created if needed; a report councils
    /// wrote there before is replaced whole).
    #[arg(long, short, default_value = "report", value_name = "DIR")]
    pub out: PathBuf,
    /// The two slices compared (period ids or dates); default: the dataset's
    /// headline comparison, else its first and last periods.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub compare: Option<Vec<String>>,
    /// Write into a folder that holds files councils did not write: the
    /// report's files replace those of the same names, the others are kept.
    /// (A report councils wrote is replaced without it.)
    #[arg(long)]
    pub force: bool,
    /// Draw every diagram, however large (by default a period or
    /// comparison of more than 5,000 organisations or 20,000 relations is
    /// not drawn: Graphviz could take many GB and hours; nor is a
    /// neighbourhood of more than 120 organisations or 600 relations, nor
    /// more than 1,200 ego diagrams in all).
    #[arg(long)]
    pub force_size: bool,
    /// Draw at most N ego diagrams in all (default 1,200, or every one with
    /// --force-size); 0 draws none, for a quicker report of a large network.
    #[arg(long, value_name = "N")]
    pub ego_diagrams: Option<usize>,
    /// Compute betweenness exactly however large the network (by default,
    /// above 10^9 organisations × relations in a period, degree stands in
    /// its place).
    #[arg(long)]
    pub exact: bool,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let layered = args.evidence.layer(ctx)?;
    let ds = &layered.dataset;
    let (a, b) = match (&args.compare, &ds.info.compare) {
        (Some(pair), _) => (pair[0].clone(), pair[1].clone()),
        (None, Some((a, b))) => (a.clone(), b.clone()),
        (None, None) => match (ds.periods.first(), ds.periods.last()) {
            (Some(first), Some(last)) if ds.periods.len() > 1 => {
                (first.id.clone(), last.id.clone())
            }
            _ if councils::slice::is_timeless(ds) => {
                return Err(Usage(
                    "the report compares two slices of a network in time, and this network has no dates (one timeless slice); \
                     `councils centrality`, `stats`, `communities`, `render` and `export` work on it as it is"
                        .into(),
                )
                .into());
            }
            _ => {
                return Err(Usage(
                    "the report needs two periods to compare, or --compare A B".into(),
                )
                .into());
            }
        },
    };
    let filter = Filter {
        reading: ctx.reading,
        evidence: args.evidence.evidence(),
        ..Filter::default()
    };
    let input = ReportInput {
        dataset: ds,
        whole: &ctx.dataset,
        compare: (Selector::resolve(ds, &a)?, Selector::resolve(ds, &b)?),
        filter: filter.clone(),
        counting: Counting::default_for(ds),
        view: ctx.view,
        policy: Policy {
            diagrams: if args.force_size {
                Limits::NONE
            } else {
                Limits::DEFAULT
            },
            exact_betweenness: if args.exact {
                u128::MAX
            } else {
                EXACT_BETWEENNESS_WORK
            },
            ego: if args.force_size {
                Limits::NONE
            } else {
                EGO_LIMITS
            },
            ego_diagrams: match args.ego_diagrams {
                Some(n) => n,
                None if args.force_size => usize::MAX,
                None => EGO_DIAGRAMS,
            },
        },
    };
    if !graphviz::available() {
        say!(
            "warning: Graphviz's `dot` is not installed, so the report shows the DOT source instead of diagrams; {}",
            graphviz::INSTALL_HINT
        );
    }
    let context = period_context(ds, &filter)?;
    let mut options = DotOptions::new(ds);
    options.view = ctx.view;
    let diagrams = GraphvizDiagrams {
        context: &context,
        options,
        limits: input.policy.diagrams,
    };
    let site = build(&input, &diagrams, &|stage| {
        super::progress::stage(&format!(
            "{stage} ({} organisations, {} relations)",
            councils::suggest::thousands(ds.organisations.len()),
            councils::suggest::thousands(ds.relations.len())
        ))
    })?;
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let written = site.write(&args.out, overwrite, &|done, total| {
        super::progress::count("writing", done, total, "files")
    })?;
    super::progress::done();
    writeln!(
        out,
        "wrote {written} files to {}; open {}",
        args.out.display(),
        args.out.join("index.html").display()
    )?;
    Ok(ExitCode::SUCCESS)
}
