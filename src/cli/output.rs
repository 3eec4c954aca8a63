//! Shared output helpers: dates as JSON, citations as text, JSON writing.

use std::io::Write;

use anyhow::Result;
use councils::model::Citation;
use councils::time::{Calendar, Reading, When};
use serde_json::{Value, json};

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
pub fn write_json<W: Write>(out: &mut W, value: &Value) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}
