//! `--period ID | --at DATE | --periods all|ID,ID`: one or several slices,
//! for the commands that measure.

use std::collections::BTreeSet;
use std::ops::Deref;

use anyhow::Result;
use councils::evidence::Evidence;
use councils::model::Certainty;
use councils::slice::{Filter, Selector, Snapshot};
use councils::temporal::steps::{Length, Step, Stepping, dataset_range};
use councils::time::{CalendarView, Reading, Span};

use super::Context;
use super::exit::name_flag;
use super::temporal::date_range;

/// Which slices to measure and which organisations to keep.
#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("when").args(["period", "at", "periods", "every"])))]
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
    pub steps: StepArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
}

/// `--every STEP [--from DATE] [--to DATE] [--window LENGTH]`: regular
/// steps (see docs/measures.md, "Regular steps and windows").
#[derive(Debug, Clone, clap::Args)]
pub struct StepArgs {
    /// Regular steps: day, week, month, Nd, Nw or Nm (calendar months of the dataset's calendar).
    #[arg(long, value_name = "STEP")]
    pub every: Option<Length>,
    /// First day of the steps (default: the first day of the dataset's span).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Last day of the steps (default: the last day of the dataset's span).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Slice each step over this length ending with its last day: Nd, week, month, Nm (default: the step itself).
    #[arg(long, value_name = "LENGTH")]
    pub window: Option<Length>,
}

/// What `--every` selected: how the range is cut, and the steps.
pub struct Stepped {
    /// The step and window lengths, in the dataset's calendar.
    pub stepping: Stepping,
    /// The range cut into steps, `[from, to)`.
    pub range: Span,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl Stepped {
    /// A one-line statement of the steps, their range and the slice rule.
    pub fn describe(&self, filter: &Filter, view: CalendarView) -> String {
        format!(
            "{} step{} {} from {}; each slice {} its window{}",
            self.steps.len(),
            if self.steps.len() == 1 { "" } else { "s" },
            self.stepping.describe(),
            self.range.show(view).replace(" – ", " to "),
            filter.rule(),
            filter.describe()
        )
    }
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

impl StepArgs {
    /// The steps of `--every`, if given: `--from`/`--to` (default: the
    /// dataset's span) cut by `--every`, each with its `--window`.
    pub fn stepped(&self, ctx: &Context) -> Result<Option<Stepped>> {
        let Some(every) = self.every else {
            // clap's `requires` does not fire for a member of the `when`
            // group, so the check is made here.
            let lone = [
                ("--from", self.from.is_some()),
                ("--to", self.to.is_some()),
                ("--window", self.window.is_some()),
            ];
            if let Some((flag, _)) = lone.iter().find(|(_, given)| *given) {
                anyhow::bail!(super::exit::Usage(format!(
                    "{flag} applies to regular steps: add --every STEP (day, week, month, Nd)"
                )));
            }
            return Ok(None);
        };
        let ds = &ctx.dataset;
        let calendar = ds.info.calendar;
        let default = match (&self.from, &self.to) {
            (Some(_), Some(_)) => Span::new(None, None),
            _ => dataset_range(ds)
                .map_err(|e| name_flag(e.into(), |p| (p == "range").then_some("--from/--to")))?,
        };
        let range = date_range(self.from.as_deref(), self.to.as_deref(), calendar, default)?;
        let stepping = Stepping {
            every,
            window: self.window,
            calendar,
        };
        let steps = stepping
            .steps(range)
            .map_err(|e| name_flag(e.into(), |p| (p == "every").then_some("--every")))?;
        Ok(Some(Stepped {
            stepping,
            range,
            steps,
        }))
    }

    /// The steps as slice selectors, labelled with the step's label.
    pub fn selectors(&self, ctx: &Context) -> Result<Option<Vec<Selector>>> {
        let calendar = ctx.dataset.info.calendar;
        Ok(self.stepped(ctx)?.map(|stepped| {
            stepped
                .steps
                .iter()
                .map(|s| Selector::At(s.when(calendar)))
                .collect()
        }))
    }
}

impl SelectionArgs {
    /// The steps of `--every`, if given (see [`StepArgs::stepped`]).
    pub fn stepped(&self, ctx: &Context) -> Result<Option<Stepped>> {
        self.steps.stepped(ctx)
    }

    /// The slices selected, in order (periods in dataset order for `all`,
    /// steps in time order), to be cut one at a time so that a thousand
    /// steps over a large network never hold a thousand graphs.
    pub fn selectors(&self, ctx: &Context) -> Result<Vec<Selector>> {
        let ds = &ctx.dataset;
        if let Some(steps) = self.steps.selectors(ctx)? {
            return Ok(steps);
        }
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
        Ok(selectors)
    }

    /// The snapshot of `selector` under the selection's filter.
    pub fn snapshot<'d>(&self, ctx: &'d Context, selector: &Selector) -> Result<Snapshot<'d>> {
        self.snapshot_read(ctx, selector, ctx.reading)
    }

    /// The snapshot of `selector` under `reading` whatever `--dates` says
    /// (`--dates both` takes each slice under each).
    pub fn snapshot_read<'d>(
        &self,
        ctx: &'d Context,
        selector: &Selector,
        reading: Reading,
    ) -> Result<Snapshot<'d>> {
        let filter = self.filter.filter(reading, None);
        Ok(Snapshot::new(&ctx.dataset, selector, filter)?)
    }

    /// Every slice selected, cut at once (for measures that compare them).
    pub fn snapshots<'d>(&self, ctx: &'d Context) -> Result<Vec<Snapshot<'d>>> {
        self.snapshots_read(ctx, ctx.reading)
    }

    /// Every slice selected, under `reading`.
    pub fn snapshots_read<'d>(
        &self,
        ctx: &'d Context,
        reading: Reading,
    ) -> Result<Vec<Snapshot<'d>>> {
        self.selectors(ctx)?
            .iter()
            .map(|s| self.snapshot_read(ctx, s, reading))
            .collect()
    }
}

impl SelectionArgs {
    /// [`SelectionArgs::describe`] for slices cut at once (never empty:
    /// [`SelectionArgs::selectors`] refuses an empty selection).
    pub fn describe_snapshots(&self, ctx: &Context, snapshots: &[Snapshot<'_>]) -> Result<String> {
        let labels: Vec<String> = snapshots.iter().map(|s| s.label.clone()).collect();
        match snapshots.first() {
            Some(first) => self.describe(ctx, first, &labels),
            None => Ok(String::new()),
        }
    }

    /// A one-line statement of which slices were taken and how: the steps,
    /// the one slice `first`, or the `labels` of several.
    pub fn describe(
        &self,
        ctx: &Context,
        first: &Snapshot<'_>,
        labels: &[String],
    ) -> Result<String> {
        if let Some(stepped) = self.stepped(ctx)? {
            return Ok(stepped.describe(&first.filter, ctx.view));
        }
        Ok(match labels {
            [_] => first.describe(ctx.view),
            many => format!(
                "slices: {}; each {} its window{}",
                many.join(", "),
                first.filter.rule(),
                first.filter.describe()
            ),
        })
    }
}

/// The label a selector's slice carries (see [`Snapshot::new`]).
pub fn label_of(selector: &Selector) -> String {
    match selector {
        Selector::Period(id) => id.clone(),
        Selector::At(when) => Selector::label_of_when(when),
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
