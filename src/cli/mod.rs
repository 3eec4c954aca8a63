//! Command-line options and dispatch: one file per subcommand, each with
//! its `Args` and `run`.

/// Writes a line to standard error, ignoring failure: `eprintln!` panics
/// when standard error is closed (`councils validate BAD 2>&- `), and a
/// diagnostic that cannot be shown is no reason to crash. Control
/// characters (from the dataset) are shown escaped, not obeyed.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        $crate::cli::progress::suspend(|| {
            let _ = writeln!(
                std::io::stderr(),
                "{}",
                councils::render::terminal::printable(&line)
            );
        });
    }};
}

mod bench;
mod centrality;
mod communities;
mod diff;
mod dot;
pub mod exit;
mod export;
mod import;
mod man;
mod output;
mod path;
mod periods;
pub mod progress;
mod ranges;
mod reach;
mod render;
mod report;
mod selection;
mod show;
mod snapshot;
mod stats;
mod temporal;
mod validate;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use councils::Dataset;
use councils::time::{CalendarView, Reading};

/// Organisations and their relations as time-sliced graphs, with the
/// soviets of 1917 built in.
///
/// Every command runs on the embedded 1917 dataset unless `--data PATH`
/// names another dataset folder. Dates on the command line are EDTF in the
/// dataset's calendar (Old Style for 1917); prefix `ns:` or `os:` to give
/// them in the other one.
#[derive(Debug, Parser)]
#[command(name = "councils", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Dataset folder (holding dataset.toml, or CSV tables with nodes.csv); default: the embedded 1917 dataset.
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Option<PathBuf>,
    /// Show dates in the Old Style (Julian), New Style (Gregorian) calendar, or both [default: both for a Julian dataset, ns for a Gregorian one].
    #[arg(long, global = true, value_enum)]
    pub calendar: Option<CalendarArg>,
    /// Read imprecise dates loosely (any day they may cover) or strictly (only days they surely cover); `both` shows centrality and stats under each, as ranges.
    #[arg(long, global = true, value_enum, default_value_t = ReadingArg::Loose)]
    pub dates: ReadingArg,
    /// Text output: one line per table row, however long (default: wrap long cells to the terminal's width, or $COLUMNS, or 100 columns when not a terminal).
    #[arg(long, global = true)]
    pub wide: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the periods with their O.S./N.S. dates and node and edge counts.
    Periods(periods::Args),
    /// Check a dataset and report every problem with file, line and column.
    Validate(validate::Args),
    /// Tell one organisation's story: states, relations, events, citations.
    Show(show::Args),
    /// The network at a date or for a period, as tables, JSON or CSV.
    Snapshot(snapshot::Args),
    /// Centrality measures per slice, or across periods with rank changes.
    Centrality(centrality::Args),
    /// Communities per slice (Louvain), how they carry on between periods, and assortativity.
    Communities(communities::Args),
    /// Structural figures: counts, density, components, flow between levels.
    Stats(stats::Args),
    /// Shortest paths between two organisations in a slice, or the earliest-arriving path over time.
    Path(path::Args),
    /// Whom an organisation's message reaches over time (or who reaches it), with the days.
    Reach(reach::Args),
    /// What changed between two periods or dates (or, with --series, period by period).
    Diff(diff::Args),
    /// Write the dataset (or a slice) as GEXF with timeline, GraphML, node-link JSON or CSV.
    Export(export::Args),
    /// Turn a folder of CSV tables into a TOML dataset.
    Import(import::Args),
    /// A diagram as Graphviz DOT: one period, a comparison, or a filmstrip.
    Dot(dot::Args),
    /// Diagrams drawn by Graphviz as SVG, PNG or PDF, one file per period with --all.
    Render(render::Args),
    /// Write the report: a static site with the timeline, diagrams, comparison, measures and votes.
    Report(report::Args),
    /// The benchmark pipeline of shared/bench/FORMAT.md: load, snapshots, measures, diff, timed.
    Bench(bench::Args),
    /// Print shell completions.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write every page into a folder.
    Man(man::Args),
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CalendarArg {
    /// Old Style (Julian).
    Os,
    /// New Style (Gregorian).
    Ns,
    /// Both, as `O.S. / N.S.`.
    Both,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ReadingArg {
    /// From the earliest possible start to the latest possible end.
    Loose,
    /// From the latest possible start to the earliest possible end.
    Strict,
    /// Both readings side by side (centrality and stats only).
    Both,
}

/// Output formats of data commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Table,
    /// JSON for programs.
    Json,
    /// CSV for spreadsheets.
    Csv,
}

/// Checked global settings, built once from the flags.
pub struct Context {
    pub dataset: Dataset,
    pub view: CalendarView,
    pub reading: Reading,
    /// The widest a line of text output may be; `None` with `--wide`.
    pub width: Option<usize>,
}

impl Global {
    /// The view asked for, or the dataset's own (`CalendarView::native`).
    fn view(&self, dataset: &Dataset) -> CalendarView {
        match self.calendar {
            Some(CalendarArg::Os) => CalendarView::OldStyle,
            Some(CalendarArg::Ns) => CalendarView::NewStyle,
            Some(CalendarArg::Both) => CalendarView::Both,
            None => CalendarView::native(dataset.info.calendar),
        }
    }

    fn reading(&self) -> Reading {
        match self.dates {
            ReadingArg::Loose | ReadingArg::Both => Reading::Loose,
            ReadingArg::Strict => Reading::Strict,
        }
    }

    /// Loads the dataset the flags name.
    fn context(&self) -> Result<Context> {
        let dataset = match &self.data {
            Some(path) => {
                progress::stage(&format!("reading {}", path.display()));
                let (dataset, notes) = councils::load_with_notes(path)?;
                for note in notes {
                    say!("note: {note}");
                }
                dataset
            }
            None => councils::load_embedded()?,
        };
        Ok(Context {
            view: self.view(&dataset),
            dataset,
            reading: self.reading(),
            width: output::text_width(self.wide),
        })
    }
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let both = matches!(cli.global.dates, ReadingArg::Both);
    if both && !matches!(cli.command, Command::Centrality(_) | Command::Stats(_)) {
        anyhow::bail!(exit::Usage(
            "--dates both is for centrality and stats (diff always shows both readings); other commands take --dates loose or strict".into()
        ));
    }
    let code = match &cli.command {
        Command::Centrality(args) if both => {
            ranges::centrality(&cli.global.context()?, args, &mut out)?
        }
        Command::Stats(args) if both => ranges::stats(&cli.global.context()?, args, &mut out)?,
        Command::Validate(args) => validate::run(&cli.global, args, &mut out)?,
        Command::Periods(args) => periods::run(&cli.global.context()?, args, &mut out)?,
        Command::Show(args) => show::run(&cli.global.context()?, args, &mut out)?,
        Command::Snapshot(args) => snapshot::run(&cli.global.context()?, args, &mut out)?,
        Command::Centrality(args) => centrality::run(&cli.global.context()?, args, &mut out)?,
        Command::Communities(args) => communities::run(&cli.global.context()?, args, &mut out)?,
        Command::Stats(args) => stats::run(&cli.global.context()?, args, &mut out)?,
        Command::Path(args) => path::run(&cli.global.context()?, args, &mut out)?,
        Command::Reach(args) => reach::run(&cli.global.context()?, args, &mut out)?,
        Command::Diff(args) => diff::run(&cli.global.context()?, args, &mut out)?,
        Command::Export(args) => export::run(&cli.global.context()?, args, &mut out)?,
        Command::Import(args) => import::run(args, &mut out)?,
        Command::Dot(args) => dot::run(&cli.global.context()?, args, &mut out)?,
        Command::Render(args) => render::run(&cli.global.context()?, args, &mut out)?,
        Command::Report(args) => report::run(&cli.global.context()?, args, &mut out)?,
        Command::Bench(args) => bench::run(&cli.global, args, &mut out)?,
        Command::Completions { shell } => {
            // Into memory first: clap_complete panics when a write fails
            // (a closed pipe), instead of returning the error.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "councils", &mut script);
            out.write_all(&script)?;
            ExitCode::SUCCESS
        }
        Command::Man(args) => man::run(args, &mut out)?,
    };
    progress::done();
    out.flush()?;
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
