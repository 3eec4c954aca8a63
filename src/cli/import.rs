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
    /// A folder written by `export --format parquet` (builds with the `parquet` feature).
    Parquet(ParquetArgs),
}

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
        From::Parquet(args) => {
            let dataset = read_parquet(&args.dir)?;
            return write_out(&dataset, &args.dir, &args.out, args.force, out);
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
    write_out(&dataset, &args.dir, &args.out, args.force, out)
}

/// Reads the Parquet folder `dir` ([`councils::load::parquet`]).
#[cfg(feature = "parquet")]
fn read_parquet(dir: &std::path::Path) -> Result<councils::model::Dataset> {
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
fn read_parquet(_: &std::path::Path) -> Result<councils::model::Dataset> {
    Err(Usage(super::export::NO_PARQUET.into()).into())
}

/// Writes `dataset`, read from `from`, as a TOML dataset into `to`, all
/// files at once, and prints what was written.
fn write_out<W: Write>(
    dataset: &councils::model::Dataset,
    from: &std::path::Path,
    to: &std::path::Path,
    force: bool,
    out: &mut W,
) -> Result<ExitCode> {
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
        to.display()
    ));
    write_dir_atomic(to, overwrite, &|name| files.contains(&name), |tmp| {
        councils::export::toml::write_dataset(tmp, dataset, Overwrite::Refuse).map(drop)
    })
    .with_context(|| format!("writing the dataset to {}", to.display()))?;
    writeln!(
        out,
        "{}: {} organisations, {} relations, {} periods, {} events -> {} ({} files)",
        from.display(),
        dataset.organisations.len(),
        dataset.relations.len(),
        dataset.periods.len(),
        dataset.events.len(),
        to.display(),
        files.len()
    )?;
    Ok(ExitCode::SUCCESS)
}
