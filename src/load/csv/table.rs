//! One CSV file read row by row, each cell knowing its byte span in the
//! file, so that every problem can be reported at its line and column.
//!
//! Values come from the `csv` crate (RFC 4180: quoting, doubled quotes,
//! line breaks inside quoted fields); the spans come from a second, cheap
//! scan of the row's raw bytes, because the `csv` crate reports only where a
//! record starts. One `StringRecord` is reused for the whole file.

use std::ops::Range;

use toml::Spanned;

use super::spreadsheet;
use crate::error::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::{Id, Interner};
use crate::suggest::did_you_mean;

/// The columns of one kind of table: the core columns (the workload
/// format's, of which the first `needed` must be present), then the others.
pub(crate) struct Spec {
    pub required: &'static [&'static str],
    /// How many leading `required` columns a file must have.
    pub needed: usize,
    pub optional: &'static [&'static str],
}

impl Spec {
    /// Every column, required first, in the order exports write them.
    pub(crate) fn columns(&self) -> Vec<&'static str> {
        self.all().collect()
    }

    fn all(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.required.iter().chain(self.optional).copied()
    }
}

/// Where each column of a [`Spec`] sits in the file (`None`: absent), in the
/// order `required` then `optional`.
pub(super) struct Columns(Vec<Option<usize>>);

impl Columns {
    /// The field index of the spec's `n`-th column.
    pub fn at(&self, n: usize) -> Option<usize> {
        self.0[n]
    }
}

/// One data row.
pub(super) struct Row<'a> {
    /// The file's text.
    text: &'a str,
    record: &'a csv::StringRecord,
    /// Raw byte span of each field (quotes included).
    spans: &'a [Range<usize>],
    /// Fields whose spreadsheet guard was taken away
    /// ([`super::spreadsheet::restore`]): their values start one
    /// character later in the file.
    guarded: &'a [bool],
    /// 1-based line of the row's start.
    pub line: u64,
}

impl<'a> Row<'a> {
    /// The unescaped value of field `i` (empty if the column is absent).
    pub fn get(&self, i: Option<usize>) -> &'a str {
        i.and_then(|i| self.record.get(i)).unwrap_or("")
    }

    /// The raw byte span of field `i` (quotes included); for an absent
    /// column, the row's start.
    pub fn span(&self, i: Option<usize>) -> Range<usize> {
        match i {
            Some(i) => self.spans[i].clone(),
            None => self.spans[0].start..self.spans[0].start,
        }
    }

    /// The byte span of the whole row.
    pub fn whole(&self) -> Range<usize> {
        self.spans[0].start..self.spans[self.spans.len() - 1].end
    }

    /// Field `i` as a spanned string.
    pub fn text(&self, i: Option<usize>) -> Spanned<String> {
        Spanned::new(self.span(i), self.get(i).to_string())
    }

    /// Field `i` as a spanned [`Id`], shared through `ids`.
    pub fn id(&self, i: Option<usize>, ids: &mut Interner) -> Spanned<Id> {
        Spanned::new(self.span(i), ids.id(self.get(i)))
    }

    /// Field `i` as a spanned string, `None` if empty.
    pub fn optional(&self, i: Option<usize>) -> Option<Spanned<String>> {
        (!self.get(i).is_empty()).then(|| self.text(i))
    }

    /// Field `i` as a plain string, `None` if empty.
    pub fn optional_string(&self, i: Option<usize>) -> Option<String> {
        let v = self.get(i);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// The file offset of byte `k` of field `i`'s unescaped value: inside a
    /// quoted field, every doubled quote before it counts twice.
    pub fn offset_in(&self, i: Option<usize>, k: usize) -> usize {
        let span = self.span(i);
        let k = k + usize::from(i.is_some_and(|i| self.guarded.get(i) == Some(&true)));
        let raw = self.text.as_bytes();
        if raw.get(span.start) != Some(&b'"') {
            return (span.start + k).min(span.end);
        }
        let mut at = span.start + 1;
        for _ in 0..k {
            if at >= span.end {
                break;
            }
            at += if raw[at] == b'"' { 2 } else { 1 };
        }
        at.min(span.end)
    }
}

/// Reads `file` as a table of `spec`: checks the header (missing, unknown
/// and repeated columns are reported with hints), then calls `each` for
/// every data row that has as many fields as the header. Returns false if
/// the header is unusable (no row was read).
pub(super) fn read(
    file: &SourceFile,
    spec: &Spec,
    problems: &mut Diagnostics,
    mut each: impl FnMut(&Row<'_>, &Columns, &mut Diagnostics),
) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file.text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut restored = csv::StringRecord::new();
    let mut guarded = Vec::new();
    let mut spans = Vec::new();
    let name = short_name(&file.name);

    // The header.
    let header_ok = match reader.read_record(&mut record) {
        Ok(true) => true,
        Ok(false) => false,
        Err(e) => {
            problems.push(csv_error(file, &e));
            return false;
        }
    };
    if !header_ok {
        problems.push(
            Diagnostic::new(file.location(0), format!("{name} is empty")).hint(Some(format!(
                "the first line names the columns: {}",
                spec.required[..spec.needed].join(","),
            ))),
        );
        return false;
    }
    if let Some(problem) = field_spans(&file.text, 0, &mut spans) {
        problems.push(quote_problem(file, problem));
        return false;
    }
    let mut columns = vec![None; spec.required.len() + spec.optional.len()];
    let mut usable = true;
    for (i, column) in record.iter().enumerate() {
        let at = file.location(spans.get(i).map_or(0, |s| s.start));
        match spec.all().position(|c| c == column) {
            Some(n) if columns[n].is_some() => {
                problems.push(Diagnostic::new(
                    at,
                    format!("column `{column}` appears twice"),
                ));
                usable = false;
            }
            Some(n) => columns[n] = Some(i),
            None => problems.push(
                Diagnostic::new(at, format!("unknown column `{column}` in {name}")).hint(
                    did_you_mean(column, spec.all()).or_else(|| {
                        Some(format!(
                            "allowed columns: {}",
                            spec.all().collect::<Vec<_>>().join(", ")
                        ))
                    }),
                ),
            ),
        }
    }
    for (n, column) in spec.required[..spec.needed].iter().enumerate() {
        if columns[n].is_none() {
            problems.push(
                Diagnostic::new(file.location(0), format!("{name} has no column `{column}`")).hint(
                    Some(format!(
                        "the header must name the columns {}",
                        spec.required[..spec.needed].join(",")
                    )),
                ),
            );
            usable = false;
        }
    }
    if !usable {
        return false;
    }
    let width = record.len();
    let columns = Columns(columns);

    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                problems.push(csv_error(file, &e));
                break;
            }
        }
        let Some(position) = record.position() else {
            continue;
        };
        // Regression (blank_line_before_a_row_is_skipped): the csv reader
        // skips blank lines, but the position it reports is where it began
        // reading, on the blank line; the fields start after it.
        let mut start = position.byte() as usize;
        while matches!(file.text.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if let Some(problem) = field_spans(&file.text, start, &mut spans) {
            problems.push(quote_problem(file, problem));
            continue;
        }
        if spans.len() != record.len() {
            problems.push(Diagnostic::new(
                file.location(start),
                "cannot locate the fields of this row (please report this input)",
            ));
            continue;
        }
        if record.len() != width {
            problems.push(
                Diagnostic::new(
                    file.location(start),
                    format!(
                        "this row has {} field{}, the header has {width}",
                        record.len(),
                        if record.len() == 1 { "" } else { "s" }
                    ),
                )
                .hint(Some(
                    "quote fields that contain a comma: \"Smith, J.\"".into(),
                )),
            );
            continue;
        }
        // Cells an export guarded against spreadsheet formulas read back
        // as they were (docs/csv.md, "Cells a spreadsheet would run").
        guarded.clear();
        guarded.extend(record.iter().map(|c| spreadsheet::restore(c).is_some()));
        let record = if guarded.contains(&true) {
            restored.clear();
            for c in &record {
                restored.push_field(spreadsheet::restore(c).unwrap_or(c));
            }
            &restored
        } else {
            &record
        };
        let row = Row {
            text: &file.text,
            record,
            spans: &spans,
            guarded: &guarded,
            line: file.location(start).line as u64,
        };
        each(&row, &columns, problems);
    }
    true
}

/// The file name without its folder, for messages.
pub(super) fn short_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn quote_problem(file: &SourceFile, (offset, message): QuoteProblem) -> Diagnostic {
    Diagnostic::new(file.location(offset), message).hint(Some(
        "a field that starts with a quote ends at the next lone quote; write a quote inside it twice: \"Cruiser \"\"Aurora\"\"\"".into(),
    ))
}

fn csv_error(file: &SourceFile, e: &csv::Error) -> Diagnostic {
    let offset = e.position().map_or(0, |p| p.byte() as usize);
    Diagnostic::new(file.location(offset), format!("cannot read CSV: {e}"))
}

/// A quoted field that breaks RFC 4180, which the csv reader would read
/// silently: `(file offset, message)`.
type QuoteProblem = (usize, &'static str);

/// Fills `out` with the raw byte span of each field of the record starting
/// at `start` (RFC 4180: a field starting with `"` runs to the matching
/// unescaped `"`). Returns the first quoting problem, if any: a quote never
/// closed (the csv reader takes the rest of the file into the field,
/// silently dropping every row after it) or text after a closing quote
/// (which it silently joins to the field).
fn field_spans(text: &str, start: usize, out: &mut Vec<Range<usize>>) -> Option<QuoteProblem> {
    let raw = text.as_bytes();
    out.clear();
    let mut pos = start;
    let mut problem = None;
    loop {
        let field_start = pos;
        if raw.get(pos) == Some(&b'"') {
            pos += 1;
            let mut closed = false;
            while pos < raw.len() {
                if raw[pos] == b'"' {
                    if raw.get(pos + 1) == Some(&b'"') {
                        pos += 2;
                    } else {
                        pos += 1;
                        closed = true;
                        break;
                    }
                } else {
                    pos += 1;
                }
            }
            if !closed {
                problem = problem.or(Some((
                    field_start,
                    "this quoted field is never closed: it runs to the end of the file",
                )));
            } else if pos < raw.len() && !matches!(raw[pos], b',' | b'\n' | b'\r') {
                problem = problem.or(Some((pos, "text after the closing quote of a field")));
            }
        }
        while pos < raw.len() && !matches!(raw[pos], b',' | b'\n' | b'\r') {
            pos += 1;
        }
        out.push(field_start..pos);
        if raw.get(pos) == Some(&b',') {
            pos += 1;
        } else {
            break;
        }
    }
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a blank line before a data row made the row's field
    /// spans start on the blank line, and reading a field's span panicked.
    #[test]
    fn blank_line_before_a_row_is_skipped() {
        let file = SourceFile::new("edges.csv", "a,b\n\n\r\n1,2\n");
        let spec = Spec {
            required: &["a", "b"],
            needed: 2,
            optional: &[],
        };
        let mut problems = Diagnostics::default();
        let mut rows = Vec::new();
        read(&file, &spec, &mut problems, |row, columns, _| {
            rows.push((
                row.line,
                row.get(columns.at(1)).to_string(),
                row.span(columns.at(1)),
            ));
        });
        assert!(problems.is_empty(), "{problems}");
        assert_eq!(rows, vec![(4, "2".to_string(), 9..10)]);
    }

    #[test]
    fn spans_skip_quoted_commas_and_doubled_quotes() {
        let text = "a,\"b, \"\"c\"\"\",d\n";
        let mut spans = Vec::new();
        assert_eq!(field_spans(text, 0, &mut spans), None);
        assert_eq!(spans, vec![0..1, 2..12, 13..14]);
    }

    /// Regression (review): the csv reader took an unclosed quote to the
    /// end of the file, dropping every later row without a word, and joined
    /// text after a closing quote to the field.
    #[test]
    fn unclosed_quotes_and_text_after_a_closing_quote_are_errors() {
        let file = SourceFile::new("t.csv", "id,name\na,\"Cruiser \"\"Aurora\nb,B\nc,C\n");
        let spec = Spec {
            required: &["id", "name"],
            needed: 2,
            optional: &[],
        };
        let mut problems = Diagnostics::default();
        read(&file, &spec, &mut problems, |_, _, _| {});
        let text = problems.to_string();
        assert!(
            text.contains("t.csv:2:3: error: this quoted field is never closed"),
            "{text}"
        );
        let file = SourceFile::new("t.csv", "id,name\na,\"Aurora\" crew\n");
        let mut problems = Diagnostics::default();
        read(&file, &spec, &mut problems, |_, _, _| {});
        let text = problems.to_string();
        assert!(
            text.contains("t.csv:2:11: error: text after the closing quote of a field"),
            "{text}"
        );
    }

    #[test]
    fn offsets_inside_quoted_fields_count_doubled_quotes_twice() {
        let file = SourceFile::new("t.csv", "x\n\"a\"\"b\"\n");
        let spec = Spec {
            required: &["x"],
            needed: 1,
            optional: &[],
        };
        let mut problems = Diagnostics::default();
        let mut seen = Vec::new();
        read(&file, &spec, &mut problems, |row, cols, _| {
            assert_eq!(row.get(cols.at(0)), "a\"b");
            // Byte 2 of the value (`b`) is at file offset 2 + 1 + 3.
            seen.push(row.offset_in(cols.at(0), 2));
        });
        assert_eq!(seen, vec![6]);
        assert!(problems.is_empty());
    }

    #[test]
    fn misspelt_and_missing_columns_are_reported_with_hints() {
        let file = SourceFile::new("dir/nodes.csv", "id,nmae\n1,a\n");
        let spec = Spec {
            required: &["id", "name"],
            needed: 2,
            optional: &["note"],
        };
        let mut problems = Diagnostics::default();
        assert!(!read(&file, &spec, &mut problems, |_, _, _| panic!(
            "no rows"
        )));
        let text = problems.to_string();
        assert!(text.contains("dir/nodes.csv:1:4: error: unknown column `nmae` in nodes.csv\n  hint: did you mean `name`?"), "{text}");
        assert!(text.contains("nodes.csv has no column `name`"), "{text}");
    }

    #[test]
    fn short_rows_are_reported_at_their_line() {
        let file = SourceFile::new("e.csv", "a,b\n1,2\n3\n");
        let spec = Spec {
            required: &["a", "b"],
            needed: 2,
            optional: &[],
        };
        let mut problems = Diagnostics::default();
        let mut rows = 0;
        read(&file, &spec, &mut problems, |_, _, _| rows += 1);
        assert_eq!(rows, 1);
        assert_eq!(problems.0[0].location.line, 3);
    }
}
