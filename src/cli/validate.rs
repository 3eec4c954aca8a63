//! `councils validate [PATH]`: report every problem of a dataset at once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use councils::Error;
use serde_json::json;

use super::{Format, Global, exit};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dataset folder to check (default: --data, else the embedded dataset).
    pub path: Option<PathBuf>,
    /// `table`: problems on stderr, a summary on stdout; `json`: everything on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Exit 0 if valid, 1 if not.
pub fn run<W: Write>(global: &Global, args: &Args, out: &mut W) -> Result<ExitCode> {
    let path = args.path.as_ref().or(global.data.as_ref());
    let result = match path {
        Some(p) => {
            super::progress::stage(&format!("reading and checking {}", p.display()));
            councils::load_with_notes(p)
        }
        .map(|(dataset, notes)| {
            for note in notes {
                say!("note: {note}");
            }
            dataset
        }),
        None => councils::load_embedded(),
    };
    let shown = path.map_or_else(
        || "embedded dataset graphs/russia-1917".to_string(),
        |p| p.display().to_string(),
    );
    super::progress::done();
    match result {
        Ok(dataset) => {
            let summary = format!(
                "{shown}: valid: {} organisations, {} relations, {} periods, {} events, {} sources",
                dataset.organisations.len(),
                dataset.relations.len(),
                dataset.periods.len(),
                dataset.events.len(),
                dataset.sources.len()
            );
            if args.format == Format::Json {
                super::output::write_json(out, &json!({ "valid": true, "problems": [] }))?;
            } else {
                writeln!(out, "{}", councils::render::terminal::printable(&summary))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(Error::Invalid(problems)) => {
            if args.format == Format::Json {
                let list: Vec<_> = problems
                    .0
                    .iter()
                    .map(|d| {
                        json!({
                            "file": &*d.location.file,
                            "line": d.location.line,
                            "column": d.location.column,
                            "subject": d.subject,
                            "message": d.message,
                            "hint": d.hint,
                        })
                    })
                    .collect();
                super::output::write_json(out, &json!({ "valid": false, "problems": list }))?;
            } else {
                say!("{problems}");
                say!("{shown}: invalid");
            }
            Ok(ExitCode::from(exit::INVALID))
        }
        Err(other) => Err(other.into()),
    }
}
