//! `councils import csv DIR --out DATASET`: a folder of CSV tables
//! (bench/FORMAT.md, widened; see docs/interchange.md) checked and written
//! as a TOML dataset that `councils validate` accepts and that slices
//! identically.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use councils::load::csv::{Options, is_csv_dataset, load};
use councils::time::Calendar;
use councils::write::{Overwrite, write_dir_atomic};

use super::exit::{Usage, name_flag};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub from: From,
}

#[derive(Debug, clap::Subcommand)]
pub enum From {
    /// A folder with nodes.csv (and edges.csv, periods.csv, dataset.toml if present).
    Csv(CsvArgs),
    /// A GEXF file (Gephi, networkx write_gexf), static or dynamic.
    Gexf(NetworkArgs),
    /// A GraphML file (yEd, networkx write_graphml, igraph write_graphml).
    Graphml(NetworkArgs),
    /// A folder written by `export --format parquet` (builds with the `parquet` feature).
    Parquet(ParquetArgs),
}

/// `import parquet DIR --out DATASET`.
#[derive(Debug, clap::Args)]
pub struct ParquetArgs {
    /// The folder holding nodes.parquet.
    pub dir: PathBuf,
    /// The dataset folder to write (dataset.toml, organisations.toml, ...).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace files that exist in the output folder.
    #[arg(long)]
    pub force: bool,
}

/// `import gexf|graphml FILE --out DATASET`.
#[derive(Debug, clap::Args)]
pub struct NetworkArgs {
    /// The file to read.
    pub file: PathBuf,
    /// The dataset folder to write (dataset.toml, organisations.toml, ...).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace files that exist in the output folder.
    #[arg(long)]
    pub force: bool,
    /// The edge attribute holding the relation kind (GEXF also: label, kind).
    #[arg(long, value_name = "ATTR")]
    pub kind_from: Option<String>,
    /// The node attribute holding the level (default: one level).
    #[arg(long, value_name = "ATTR")]
    pub level_from: Option<String>,
    /// GraphML: the attribute holding each node's and edge's first day (EDTF, or days from --epoch).
    #[arg(long, value_name = "ATTR")]
    pub start_from: Option<String>,
    /// GraphML: the attribute holding each node's and edge's last day, inclusive.
    #[arg(long, value_name = "ATTR")]
    pub end_from: Option<String>,
    /// Day 0 of numeric times (GEXF timeformat integer/double, numeric --start-from), a Gregorian date.
    #[arg(long, value_name = "DATE")]
    pub epoch: Option<String>,
}

/// The calendar of the CSV's dates.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum DataCalendar {
    /// Old Style.
    Julian,
    /// New Style.
    Gregorian,
}

#[derive(Debug, clap::Args)]
pub struct CsvArgs {
    /// The folder holding nodes.csv.
    pub dir: PathBuf,
    /// The dataset folder to write (dataset.toml, organisations.toml, ...).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace files that exist in the output folder.
    #[arg(long)]
    pub force: bool,
    /// Calendar the CSV's dates are written in, if it has no dataset.toml (default gregorian).
    #[arg(long, value_enum, value_name = "CALENDAR")]
    pub data_calendar: Option<DataCalendar>,
    /// Read whole numbers in start/end as day numbers counted from DATE (day 0, an EDTF day), if it has no dataset.toml.
    #[arg(long, value_name = "DATE")]
    pub epoch: Option<String>,
}

pub fn run<W: Write>(args: &Args, out: &mut W) -> Result<ExitCode> {
    let args = match &args.from {
        From::Csv(args) => args,
        From::Gexf(args) => return network(args, Format::Gexf, out),
        From::Graphml(args) => return network(args, Format::Graphml, out),
        From::Parquet(args) => {
            let dataset = read_parquet(&args.dir)?;
            write_toml(&dataset, &args.out, args.force)?;
            return summary(out, &args.dir, &dataset, &args.out);
        }
    };
    if !is_csv_dataset(&args.dir) {
        return Err(Usage(format!(
            "{} holds no nodes.csv: a CSV dataset is a folder with nodes.csv (see docs/interchange.md)",
            args.dir.display()
        ))
        .into());
    }
    let options = Options {
        calendar: args.data_calendar.map(|c| match c {
            DataCalendar::Julian => Calendar::Julian,
            DataCalendar::Gregorian => Calendar::Gregorian,
        }),
        epoch: args.epoch.clone(),
        day_numbers: false,
    };
    super::progress::stage(&format!("reading {}", args.dir.display()));
    let (dataset, notes) = load(&args.dir, &options).map_err(|e| {
        name_flag(e.into(), |parameter| match parameter {
            "epoch" => Some("--epoch"),
            "calendar" => Some("--data-calendar"),
            _ => None,
        })
    })?;
    for note in &notes {
        say!("note: {note}");
    }
    write_toml(&dataset, &args.out, args.force)?;
    summary(out, &args.dir, &dataset, &args.out)
}

/// Prints what was read from `from` and written to `to`.
fn summary<W: Write>(
    out: &mut W,
    from: &std::path::Path,
    dataset: &councils::Dataset,
    to: &std::path::Path,
) -> Result<ExitCode> {
    writeln!(
        out,
        "{}: {} organisations, {} relations, {} periods, {} events -> {} ({} files)",
        from.display(),
        dataset.organisations.len(),
        dataset.relations.len(),
        dataset.periods.len(),
        dataset.events.len(),
        to.display(),
        councils::export::toml::FILES.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Reads the Parquet folder `dir` ([`councils::load::parquet`]).
#[cfg(feature = "parquet")]
fn read_parquet(dir: &std::path::Path) -> Result<councils::Dataset> {
    use councils::load::parquet;
    if !parquet::is_parquet_dataset(dir) {
        return Err(Usage(format!(
            "{} holds no {}: a Parquet dataset is a folder written by `councils export --format parquet`",
            dir.display(),
            parquet::NODES
        ))
        .into());
    }
    super::progress::stage(&format!("reading {}", dir.display()));
    Ok(parquet::load(dir)?)
}

/// Without the `parquet` feature: says how to build with it.
#[cfg(not(feature = "parquet"))]
fn read_parquet(_: &std::path::Path) -> Result<councils::Dataset> {
    Err(Usage(super::export::NO_PARQUET.into()).into())
}

/// The two network formats.
#[derive(Clone, Copy)]
enum Format {
    Gexf,
    Graphml,
}

/// `import gexf|graphml`: reads, validates, prints what was mapped,
/// guessed or dropped, and writes the dataset.
fn network<W: Write>(args: &NetworkArgs, format: Format, out: &mut W) -> Result<ExitCode> {
    let options = councils::import::Options {
        kind_from: args.kind_from.clone(),
        level_from: args.level_from.clone(),
        start_from: args.start_from.clone(),
        end_from: args.end_from.clone(),
        epoch: args.epoch.clone(),
    };
    if matches!(format, Format::Gexf) && (args.start_from.is_some() || args.end_from.is_some()) {
        return Err(Usage(
            "--start-from/--end-from apply to GraphML: a GEXF file dates its nodes and edges itself (start/end, spells)".into(),
        )
        .into());
    }
    super::progress::stage(&format!("reading {}", args.file.display()));
    let loaded = match format {
        Format::Gexf => councils::import::gexf::load(&args.file, &options),
        Format::Graphml => councils::import::graphml::load(&args.file, &options),
    };
    let (dataset, notes) = loaded.map_err(|e| {
        name_flag(e.into(), |parameter| {
            (parameter == "epoch").then_some("--epoch")
        })
    })?;
    for note in &notes {
        say!("note: {note}");
    }
    write_toml(&dataset, &args.out, args.force)?;
    writeln!(
        out,
        "{}: {} organisations, {} relations, {} attributes -> {} ({} files)",
        args.file.display(),
        dataset.organisations.len(),
        dataset.relations.len(),
        dataset.attributes.len(),
        args.out.display(),
        councils::export::toml::FILES.len()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `dataset` as a TOML dataset folder, all files at once.
fn write_toml(dataset: &councils::Dataset, dir: &std::path::Path, force: bool) -> Result<()> {
    let overwrite = if force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    // All files at once (issue 17.2): an interrupted import leaves the old
    // dataset or the new one, never a mix that may validate.
    let files = councils::export::toml::FILES;
    super::progress::stage(&format!(
        "writing {} organisations and {} relations to {}",
        councils::suggest::thousands(dataset.organisations.len()),
        councils::suggest::thousands(dataset.relations.len()),
        dir.display()
    ));
    write_dir_atomic(dir, overwrite, &|name| files.contains(&name), |tmp| {
        councils::export::toml::write_dataset(tmp, dataset, Overwrite::Refuse).map(drop)
    })
    .with_context(|| format!("writing the dataset to {}", dir.display()))
}
