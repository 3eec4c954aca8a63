//! `--period ID | --at DATE | --periods all|ID,ID`: one or several slices,
//! for the commands that measure.

use std::collections::BTreeSet;
use std::ops::Deref;

use anyhow::Result;
use councils::evidence::Evidence;
use councils::model::Certainty;
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::Reading;

use super::Context;

/// Which slices to measure and which organisations to keep.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("when").required(true).args(["period", "at", "periods"])))]
pub struct SelectionArgs {
    /// One period (see `councils periods`).
    #[arg(long, value_name = "ID")]
    pub period: Option<String>,
    /// One date or interval, EDTF in the dataset's calendar (`1917-10-25`, `ns:1917-11-07`).
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
    /// Several periods, in order: `all`, or ids separated by commas.
    #[arg(long, value_delimiter = ',', value_name = "all|IDS")]
    pub periods: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// The slice rule and the organisation filters every slicing command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Keep only what was active on every day of the window (default: on any day).
    #[arg(long)]
    pub throughout: bool,
    /// Keep only these organisation kinds (comma-separated).
    #[arg(long = "kinds", value_delimiter = ',', value_name = "KINDS")]
    pub node_kinds: Option<Vec<String>>,
    /// Keep only these levels (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "LEVELS")]
    pub levels: Option<Vec<String>>,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

impl FilterArgs {
    /// The library's filter, with `reading` and the relation kinds to keep.
    pub fn filter(&self, reading: Reading, relation_kinds: Option<BTreeSet<String>>) -> Filter {
        Filter {
            throughout: self.throughout,
            reading,
            relation_kinds,
            node_kinds: set(&self.node_kinds),
            levels: set(&self.levels),
            evidence: self.evidence.evidence(),
        }
    }

    /// The context seen through the evidence layer (see [`EvidenceArgs::layer`]).
    pub fn layer<'c>(&self, ctx: &'c Context) -> Result<Layered<'c>> {
        self.evidence.layer(ctx)
    }
}

/// The evidence layer every slicing command takes: which sources, how sure.
/// See "Evidence layers" in docs/cli.md.
#[derive(Debug, Clone, clap::Args)]
pub struct EvidenceArgs {
    /// Keep only what these sources support (ids of the bibliography, comma-separated); a relation also needs both organisations.
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub sources: Option<Vec<String>>,
    /// Drop the citations of these sources, and what then cites nothing (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub exclude_sources: Option<Vec<String>>,
    /// Keep only what is at least this sure.
    #[arg(long, value_enum, value_name = "CERTAINTY")]
    pub min_certainty: Option<CertaintyArg>,
}

/// `--min-certainty` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CertaintyArg {
    /// Only what the sources state.
    Certain,
    /// Certain and probable elements.
    Probable,
    /// Everything (the default).
    Uncertain,
}

impl EvidenceArgs {
    /// The library's evidence layer.
    pub fn evidence(&self) -> Evidence {
        Evidence {
            sources: set(&self.sources),
            excluded: set(&self.exclude_sources).unwrap_or_default(),
            min_certainty: match self.min_certainty {
                Some(CertaintyArg::Certain) => Certainty::Certain,
                Some(CertaintyArg::Probable) => Certainty::Probable,
                Some(CertaintyArg::Uncertain) | None => Certainty::Uncertain,
            },
        }
    }

    /// The context whose dataset is the layer's (source ids checked):
    /// elements the layer does not support are gone and the kept ones cite
    /// only admitted sources, so that every table, diagram, export and
    /// report page shows the layer. Without evidence flags, `ctx` itself.
    pub fn layer<'c>(&self, ctx: &'c Context) -> Result<Layered<'c>> {
        let evidence = self.evidence();
        if evidence.is_everything() {
            return Ok(Layered::plain(ctx));
        }
        evidence.check(&ctx.dataset)?;
        Ok(Layered {
            base: ctx,
            own: Some(Context {
                dataset: evidence.apply(&ctx.dataset),
                view: ctx.view,
                reading: ctx.reading,
                width: ctx.width,
            }),
        })
    }
}

/// A context, or its evidence layer: derefs to the one to use.
pub struct Layered<'c> {
    base: &'c Context,
    own: Option<Context>,
}

impl<'c> Layered<'c> {
    /// `ctx` itself, for a command that applies the layer per snapshot.
    pub fn plain(ctx: &'c Context) -> Self {
        Self {
            base: ctx,
            own: None,
        }
    }
}

impl Deref for Layered<'_> {
    type Target = Context;

    fn deref(&self) -> &Context {
        self.own.as_ref().unwrap_or(self.base)
    }
}

/// A comma-separated list as a set.
pub fn set(list: &Option<Vec<String>>) -> Option<BTreeSet<String>> {
    list.as_ref().map(|v| v.iter().cloned().collect())
}

impl SelectionArgs {
    /// The snapshots selected, in order (periods in dataset order for `all`).
    pub fn snapshots<'d>(&self, ctx: &'d Context) -> Result<Vec<Snapshot<'d>>> {
        self.snapshots_read(ctx, ctx.reading)
    }

    /// The snapshots selected, under `reading` whatever `--dates` says
    /// (`--dates both` takes them under each).
    pub fn snapshots_read<'d>(
        &self,
        ctx: &'d Context,
        reading: Reading,
    ) -> Result<Vec<Snapshot<'d>>> {
        let ds = &ctx.dataset;
        let filter = self.filter.filter(reading, None);
        let selectors: Vec<Selector> = match &self.periods {
            Some(list) if list.iter().any(|p| p == "all") => ds
                .periods
                .iter()
                .map(|p| Selector::Period(p.id.clone()))
                .collect(),
            Some(list) => list.iter().map(|p| Selector::Period(p.clone())).collect(),
            None => vec![Selector::parse(
                ds,
                self.period.as_deref(),
                self.at.as_deref(),
            )?],
        };
        if selectors.is_empty() {
            anyhow::bail!(super::exit::Usage(
                "the dataset has no periods; use --at DATE".into()
            ));
        }
        selectors
            .iter()
            .map(|s| Ok(Snapshot::new(ds, s, filter.clone())?))
            .collect()
    }
}

/// A one-line statement of which slices were taken and how.
pub fn describe_slices(snapshots: &[councils::slice::Snapshot<'_>], ctx: &Context) -> String {
    match snapshots {
        [one] => one.describe(ctx.view),
        many => {
            let labels: Vec<&str> = many.iter().map(|s| s.label.as_str()).collect();
            format!(
                "slices: {}; each {} its window{}",
                labels.join(", "),
                many[0].filter.rule(),
                many[0].filter.describe()
            )
        }
    }
}

/// Parses `--relations` into the counted kinds, checked by the library's
/// [`Filter::check`] (the one place that knows what a dataset declares).
pub fn counted_kinds(
    ctx: &Context,
    relations: &Option<Vec<String>>,
) -> Result<Option<BTreeSet<String>>> {
    let kinds = set(relations);
    Filter {
        relation_kinds: kinds.clone(),
        ..Filter::default()
    }
    .check(&ctx.dataset)?;
    Ok(kinds)
}
