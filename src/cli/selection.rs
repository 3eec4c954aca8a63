//! `--period ID | --at DATE | --periods all|ID,ID`: one or several slices,
//! for the commands that measure.

use std::collections::BTreeSet;

use anyhow::Result;
use councils::slice::{Filter, Selector, Snapshot};
use councils::suggest::did_you_mean;
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
        }
    }
}

/// A comma-separated list as a set.
pub fn set(list: &Option<Vec<String>>) -> Option<BTreeSet<String>> {
    list.as_ref().map(|v| v.iter().cloned().collect())
}

impl SelectionArgs {
    /// The snapshots selected, in order (periods in dataset order for `all`).
    pub fn snapshots<'d>(&self, ctx: &'d Context) -> Result<Vec<Snapshot<'d>>> {
        let ds = &ctx.dataset;
        let filter = self.filter.filter(ctx.reading, None);
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

/// Parses `--relations` into the counted kinds, checking each exists.
pub fn counted_kinds(
    ctx: &Context,
    relations: &Option<Vec<String>>,
) -> Result<Option<BTreeSet<String>>> {
    let Some(list) = relations else {
        return Ok(None);
    };
    let known: Vec<&str> = ctx
        .dataset
        .relation_kinds
        .iter()
        .map(|k| k.id.as_str())
        .collect();
    for kind in list {
        if !known.contains(&kind.as_str()) {
            return Err(councils::Error::Unknown {
                what: "relation kind",
                name: kind.clone(),
                hint: did_you_mean(kind, known.iter().copied()),
            }
            .into());
        }
    }
    Ok(Some(list.iter().cloned().collect()))
}
