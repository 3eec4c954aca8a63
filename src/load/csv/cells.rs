//! Cells that hold TOML: `cite`, `lineage` and `states`, written as in the TOML
//! dataset files (`[{ source = "notes", page = "12" }]`), so that nothing a
//! TOML dataset can say is lost in a CSV folder.
//!
//! The cell is parsed as the value of a one-key TOML document; spans are
//! moved back onto the cell's place in the CSV file.

use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::table::Row;
use crate::error::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::load::raw::{RawCitation, RawLineage, RawState};
use crate::load::toml_file::{deserialize_forgiving, unknown_field};
use crate::suggest::did_you_mean;

const PREFIX: &str = "v = ";

#[derive(Deserialize)]
struct Cell<T> {
    v: T,
}

/// Reads a TOML cell as `T`; `Default` if empty, `None` (reported) if bad.
/// A misspelt field is reported and read past (see
/// [`deserialize_forgiving`]), so that one typo gives one error.
fn parse<T: DeserializeOwned + Default>(
    file: &SourceFile,
    row: &Row<'_>,
    col: Option<usize>,
    what: &str,
    subject: &dyn Fn() -> String,
    problems: &mut Diagnostics,
) -> Option<T> {
    let cell = row.get(col);
    if cell.trim().is_empty() {
        return Some(T::default());
    }
    let doc = format!("{PREFIX}{cell}");
    let (value, errors) = match DeTable::parse(&doc) {
        Ok(table) => {
            let span = table.span();
            deserialize_forgiving::<Cell<T>>(Spanned::new(span, DeValue::Table(table.into_inner())))
        }
        Err(e) => (None, vec![e]),
    };
    for e in errors {
        let k = e
            .span()
            .map_or(0, |s| s.start.saturating_sub(PREFIX.len()))
            .min(cell.len());
        let message = e.message().trim().to_string();
        let hint = unknown_field_hint(&message).or_else(|| {
            Some(format!(
                "`{what}` holds a TOML array of inline tables, as in the TOML files: {}",
                match what {
                    "cite" => "[{ source = \"id\", page = \"12\" }]",
                    "states" =>
                        "[{ attribute = \"majority\", value = \"x\", during = \"1917-09-01/..\" }]",
                    _ => "[{ kind = \"renamed-from\", organisation = \"id\" }]",
                }
            ))
        });
        problems.push(
            Diagnostic::new(
                file.location(row.offset_in(col, k)),
                format!("`{what}`: {message}"),
            )
            .about(subject())
            .hint(hint),
        );
    }
    value.map(|c| c.v)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`", the closest.
fn unknown_field_hint(message: &str) -> Option<String> {
    let (unknown, expected) = unknown_field(message)?;
    did_you_mean(&unknown, expected.iter().copied())
}

/// Moves a span within the TOML document onto the CSV file.
fn shift(row: &Row<'_>, col: Option<usize>, span: Range<usize>) -> Range<usize> {
    let start = row.offset_in(col, span.start.saturating_sub(PREFIX.len()));
    let end = row.offset_in(col, span.end.saturating_sub(PREFIX.len()));
    start..end
}

fn shift_text(row: &Row<'_>, col: Option<usize>, t: Spanned<String>) -> Spanned<String> {
    let span = shift(row, col, t.span());
    Spanned::new(span, t.into_inner())
}

/// The `cite` cell.
pub(super) fn citations(
    file: &SourceFile,
    row: &Row<'_>,
    col: Option<usize>,
    subject: &dyn Fn() -> String,
    problems: &mut Diagnostics,
) -> Vec<RawCitation> {
    if col.is_none() {
        return Vec::new();
    }
    let list: Vec<RawCitation> =
        parse(file, row, col, "cite", subject, problems).unwrap_or_default();
    list.into_iter()
        .map(|c| RawCitation {
            source: shift_text(row, col, c.source),
            ..c
        })
        .collect()
}

/// The `lineage` cell.
pub(super) fn lineage(
    file: &SourceFile,
    row: &Row<'_>,
    col: Option<usize>,
    subject: &dyn Fn() -> String,
    problems: &mut Diagnostics,
) -> Vec<Spanned<RawLineage>> {
    if col.is_none() {
        return Vec::new();
    }
    let list: Vec<Spanned<RawLineage>> =
        parse(file, row, col, "lineage", subject, problems).unwrap_or_default();
    list.into_iter()
        .map(|l| {
            let span = shift(row, col, l.span());
            let l = l.into_inner();
            Spanned::new(
                span,
                RawLineage {
                    kind: shift_text(row, col, l.kind),
                    organisation: shift_text(row, col, l.organisation),
                    date: l.date.map(|d| shift_text(row, col, d)),
                    note: l.note,
                },
            )
        })
        .collect()
}

/// The `states` cell: `[{ attribute = "majority", value = "bolshevik",
/// during = "1917-09-01/.." }]`.
pub(super) fn states(
    file: &SourceFile,
    row: &Row<'_>,
    col: Option<usize>,
    subject: &dyn Fn() -> String,
    problems: &mut Diagnostics,
) -> Vec<Spanned<RawState>> {
    if col.is_none() {
        return Vec::new();
    }
    let list: Vec<Spanned<RawState>> =
        parse(file, row, col, "states", subject, problems).unwrap_or_default();
    list.into_iter()
        .map(|s| {
            let span = shift(row, col, s.span());
            let s = s.into_inner();
            Spanned::new(
                span,
                RawState {
                    attribute: shift_text(row, col, s.attribute),
                    value: shift_text(row, col, s.value),
                    during: shift_text(row, col, s.during),
                    note: s.note,
                    certainty: s.certainty.map(|c| shift_text(row, col, c)),
                    cite: s
                        .cite
                        .into_iter()
                        .map(|c| RawCitation {
                            source: shift_text(row, col, c.source),
                            ..c
                        })
                        .collect(),
                },
            )
        })
        .collect()
}
