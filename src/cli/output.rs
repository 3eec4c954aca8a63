//! Shared output helpers: the width of text output, dates as JSON,
//! citations as text, JSON writing.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use councils::model::Citation;
use councils::time::{Calendar, Reading, When};
use serde_json::{Value, json};

/// The width text output wraps to when standard output is not a terminal
/// (a file, a pipe) and `COLUMNS` is not set.
pub const DEFAULT_WIDTH: usize = 100;

/// The widest a line of text output may be: `None` (no limit) with
/// `--wide`; else `COLUMNS` if it is a positive number; else the terminal's
/// width; else [`DEFAULT_WIDTH`]. JSON, CSV and Markdown are never wrapped.
pub fn text_width(wide: bool) -> Option<usize> {
    if wide {
        return None;
    }
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let stdout = std::io::stdout();
    let terminal = || {
        stdout
            .is_terminal()
            .then(|| terminal_size::terminal_size_of(&stdout))
            .flatten()
            .map(|(terminal_size::Width(w), _)| usize::from(w))
            .filter(|&w| w > 0)
    };
    Some(columns.or_else(terminal).unwrap_or(DEFAULT_WIDTH))
}

/// An interval as JSON: the EDTF text and its first and last days (both
/// inclusive; `null` when open) in both calendars, under `reading`.
pub fn when_json(when: &When, reading: Reading) -> Value {
    let span = when.span(reading);
    let day = |d: Option<councils::time::Day>, cal| d.map(|d| d.iso(cal));
    json!({
        "edtf": when.text,
        "first_os": day(span.start, Calendar::Julian),
        "last_os": day(span.last_day(), Calendar::Julian),
        "first_ns": day(span.start, Calendar::Gregorian),
        "last_ns": day(span.last_day(), Calendar::Gregorian),
        "uncertain": when.uncertain,
        "approximate": when.approximate,
    })
}

/// Citations as JSON objects.
pub fn cite_json(cite: &[Citation]) -> Value {
    Value::Array(
        cite.iter()
            .map(|c| {
                json!({
                    "source": c.source,
                    "section": c.section,
                    "footnote": c.footnote,
                    "page": c.page,
                    "locator": c.locator,
                })
            })
            .collect(),
    )
}

/// Citations as one line of text.
pub fn cite_text(cite: &[Citation]) -> String {
    cite.iter()
        .map(Citation::short)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn write_json<W: Write>(out: &mut W, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A JSON array written from an iterator as it is serialised, so that a
/// large array is never held in memory as a whole.
pub struct Streamed<I>(std::cell::RefCell<Option<I>>);

impl<I> Streamed<I> {
    pub fn new(items: I) -> Self {
        Self(std::cell::RefCell::new(Some(items)))
    }
}

impl<I: Iterator<Item = Value>> serde::Serialize for Streamed<I> {
    /// Serialises the items once; a second call writes an empty array.
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}
