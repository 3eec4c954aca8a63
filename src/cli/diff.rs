//! `councils diff A B`: what changed between two periods or dates;
//! `councils diff --series`: consecutive periods, the year in one table.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::compare::{CompareOptions, Comparison, compare, compare_evidence};
use councils::evidence::Evidence;
use councils::measure::{Counting, Measure};
use councils::render::table::Table;
use councils::slice::Selector;

use super::Context;
use super::exit::Usage;
use super::output::write_json;
use super::selection::{FilterArgs, Layered, StepArgs, counted_kinds};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped, readable text.
    Text,
    /// Markdown, to paste into a paper or a wiki.
    Markdown,
    /// JSON for programs.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier slice: a period id or a date (`dual-power`, `1917-06-18`,
    /// `ns:1917-07-01`); without A and B, the dataset's headline comparison.
    pub a: Option<String>,
    /// The later slice: a period id or a date; with --sources-a, default A.
    #[arg(requires = "a")]
    pub b: Option<String>,
    /// See side A through these sources only (bibliography ids, comma-separated), B through all
    /// (or through --sources): `diff renewal --sources-a icc-wawc3` shows what other works add.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "IDS",
        conflicts_with = "series",
        requires = "a"
    )]
    pub sources_a: Option<Vec<String>>,
    /// Compare each period with the next, in one table (with --every: each step with the next).
    #[arg(long, conflicts_with_all = ["a", "b"])]
    pub series: bool,
    #[command(flatten)]
    pub steps: StepArgs,
    /// Measure whose rank shifts are reported.
    #[arg(long, default_value = "betweenness", value_name = "MEASURE")]
    pub measure: Measure,
    /// Report rank shifts of the organisations in the top N of A or B.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Relation kinds the measures count (default: the flow kinds).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    // With --sources-a the two sides see different layers of one dataset,
    // so the layer is applied per snapshot rather than to the dataset.
    let layered = match &args.sources_a {
        Some(_) => Layered::plain(ctx),
        None => args.filter.layer(ctx)?,
    };
    let ctx = &layered;
    let ds = &ctx.dataset;
    let mut counting = Counting::default_for(ds);
    if let Some(kinds) = counted_kinds(ctx, &args.relations)? {
        counting.kinds = kinds;
    }
    let options = CompareOptions {
        filter: args.filter.filter(ctx.reading, None),
        counting,
        measure: args.measure,
        top: args.top,
        view: ctx.view,
    };
    if args.series {
        return series(ctx, &args.steps, &options, args.format, out);
    }
    if args.steps.every.is_some() {
        return Err(Usage("--every compares steps in a series: add --series".into()).into());
    }
    let (a, b) = match (&args.a, &args.b, &ds.info.compare) {
        (Some(a), Some(b), _) => (a.as_str(), b.as_str()),
        (Some(a), None, _) if args.sources_a.is_some() => (a.as_str(), a.as_str()),
        (None, None, Some((a, b))) => (a.as_str(), b.as_str()),
        (Some(_), None, _) => return Err(Usage("give two slices A B".into()).into()),
        _ => {
            return Err(Usage(
                "give two slices A B, or --series (this dataset declares no headline `compare`)"
                    .into(),
            )
            .into());
        }
    };
    let a = Selector::resolve(ds, a)?;
    let b = Selector::resolve(ds, b)?;
    let comparison = match &args.sources_a {
        Some(ids) => {
            let a_evidence = Evidence {
                sources: Some(ids.iter().cloned().collect()),
                ..options.filter.evidence.clone()
            };
            compare_evidence(ds, &a, &a_evidence, &b, &options)?
        }
        None => compare(ds, &a, &b, &options)?,
    };
    match args.format {
        DiffFormat::Json => write_json(
            out,
            &councils::render::diff::Json::new(&comparison, ctx.view),
        )?,
        DiffFormat::Text => {
            councils::render::diff::document(&comparison, ctx.view).write_text(out, ctx.width)?
        }
        DiffFormat::Markdown => {
            councils::render::diff::document(&comparison, ctx.view).write_markdown(out)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Consecutive periods (or steps) compared, one row per transition.
fn series<W: Write>(
    ctx: &Context,
    steps: &StepArgs,
    options: &CompareOptions,
    format: DiffFormat,
    out: &mut W,
) -> Result<ExitCode> {
    let ds = &ctx.dataset;
    let stepped = steps.stepped(ctx)?;
    let (slices, what) = match steps.selectors(ctx)? {
        Some(steps) => (steps, "step"),
        None => (
            ds.periods
                .iter()
                .map(|p| Selector::Period(p.id.clone()))
                .collect(),
            "period",
        ),
    };
    if slices.len() < 2 {
        return Err(Usage(format!("--series needs at least two {what}s")).into());
    }
    let comparisons: Vec<Comparison<'_>> = slices
        .windows(2)
        .map(|pair| compare(ds, &pair[0], &pair[1], options))
        .collect::<councils::Result<_>>()?;
    if format == DiffFormat::Json {
        let list: Vec<_> = comparisons
            .iter()
            .map(|c| councils::render::diff::json(c, ctx.view))
            .collect();
        write_json(out, &serde_json::json!(list))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = Table::new([
        "from → to",
        "organisations (+/−)",
        "relations (+/−)",
        "flips",
        "state changes",
        "Jaccard org.",
        "Jaccard rel.",
        "rose most",
        "fell most",
    ]);
    for c in &comparisons {
        let d = &c.diff;
        // Every organisation that moved the most, not one of them picked
        // by id: a tie is a tie.
        let extreme = |rising: bool| {
            let moved: Vec<(i64, &String)> = c
                .rank_shifts
                .iter()
                .filter_map(|s| s.shift.map(|x| (x, &s.id)))
                .filter(|(x, _)| if rising { *x > 0 } else { *x < 0 })
                .collect();
            let Some(most) = moved.iter().map(|(x, _)| x.abs()).max() else {
                return "—".to_string();
            };
            let ids: Vec<&str> = moved
                .iter()
                .filter(|(x, _)| x.abs() == most)
                .map(|(_, id)| id.as_str())
                .collect();
            let shift = if rising { most } else { -most };
            format!("{} ({shift:+})", ids.join(", "))
        };
        table.push([
            format!("{} → {}", d.a, d.b),
            format!(
                "+{} / −{}",
                d.organisations_added.len(),
                d.organisations_removed.len()
            ),
            format!(
                "+{} / −{}",
                d.relations_added.len(),
                d.relations_removed.len()
            ),
            d.flips().to_string(),
            d.state_changes.len().to_string(),
            format!("{:.2}", d.similarity.organisations),
            format!("{:.2}", d.similarity.relations),
            extreme(true),
            extreme(false),
        ]);
    }
    let mut doc =
        councils::render::doc::Document::new(format!("{}: {what} by {what}", ds.info.title));
    if let Some(stepped) = &stepped {
        doc.paragraph(format!(
            "{} step{} {} from {}.",
            stepped.steps.len(),
            if stepped.steps.len() == 1 { "" } else { "s" },
            stepped.stepping.describe(),
            stepped.range.show(ctx.view).replace(" – ", " to ")
        ));
    }
    doc.paragraph(format!(
        "Each row compares a {what} with the next. Organisations and relations {} each {what}{}; rank shifts in {} among the top {}; {}.",
        options.filter.rule(),
        options.filter.describe(),
        options.measure,
        options.top,
        options.counting.describe(ds)
    ));
    doc.table(table);
    match format {
        DiffFormat::Markdown => doc.write_markdown(out)?,
        _ => doc.write_text(out, ctx.width)?,
    }
    Ok(ExitCode::SUCCESS)
}
