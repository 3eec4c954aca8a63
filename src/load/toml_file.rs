//! Parsing one TOML file into raw records, collecting every problem.
//!
//! The file is parsed with `toml`'s recoverable parser (so several syntax
//! errors are reported at once), then each record (`[[organisation]]`
//! block, ...) is deserialized on its own: a bad record is reported and
//! skipped, the others are still read and checked.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::raw::*;
use super::{Chunked, SourceFile};
use crate::error::{Diagnostic, Diagnostics, Location};
use crate::suggest::did_you_mean;

/// A raw record and where it was written.
#[derive(Debug)]
pub struct Record<T> {
    /// Index of its file in [`RawDataset::files`].
    pub file: usize,
    /// Byte span of the whole record.
    pub span: Range<usize>,
    /// The record itself.
    pub value: T,
}

/// Every raw record of a dataset, with the files they came from.
#[derive(Debug, Default)]
pub struct RawDataset {
    pub files: Vec<SourceFile>,
    pub info: Vec<Record<RawInfo>>,
    pub levels: Vec<Record<RawLevel>>,
    pub node_kinds: Vec<Record<RawNodeKind>>,
    pub relation_kinds: Vec<Record<RawRelationKind>>,
    pub event_kinds: Vec<Record<RawEventKind>>,
    pub attributes: Vec<Record<RawAttribute>>,
    pub sources: Vec<Record<RawSource>>,
    pub organisations: Vec<Record<RawOrganisation>>,
    /// In blocks, so that validation frees them as it converts them.
    pub relations: Chunked<Record<RawRelation>>,
    pub periods: Vec<Record<RawPeriod>>,
    pub events: Vec<Record<RawEvent>>,
    /// Files with TOML syntax errors. Their records are still read as far as
    /// the parser could recover, so references to them resolve, but other
    /// problems found in them are not reported: they are mostly echoes of
    /// the syntax error (a string that swallowed the next lines, ...).
    pub broken: Vec<usize>,
    /// A `dataset` key was found, whether or not it could be read into
    /// `info`: when it could not, its error has been reported, and "no
    /// `[dataset]` table" would mislead (regression, issue 17.7).
    pub info_written: bool,
}

impl RawDataset {
    /// Parses all `files`, collecting every syntax and shape problem.
    pub fn parse(files: Vec<SourceFile>) -> (Self, Diagnostics) {
        let mut raw = Self::default();
        let mut problems = Diagnostics::default();
        for (index, file) in files.iter().enumerate() {
            parse_str(file, index, &mut raw, &mut problems);
        }
        raw.files = files;
        (raw, problems)
    }

    /// The line and column of byte `offset` in file `file`.
    pub fn location(&self, file: usize, offset: usize) -> Location {
        self.files[file].location(offset)
    }
}

/// The top-level keys a dataset file may hold.
const SECTIONS: [&str; 11] = [
    "dataset",
    "level",
    "node_kind",
    "relation_kind",
    "event_kind",
    "attribute",
    "source",
    "organisation",
    "relation",
    "period",
    "event",
];

/// Parses one file's text into `into`, adding its problems to `problems`.
pub fn parse_str(
    file: &SourceFile,
    index: usize,
    into: &mut RawDataset,
    problems: &mut Diagnostics,
) {
    let (table, errors) = DeTable::parse_recoverable(&file.text);
    if !errors.is_empty() {
        into.broken.push(index);
    }
    for error in errors {
        problems.push(toml_error(file, &error, 0));
    }
    let table = table.into_inner();
    for (key, value) in table {
        let key_span = key.span();
        let key = key.into_inner();
        let mut ctx = Ctx {
            file,
            index,
            problems: &mut *problems,
        };
        match key.as_ref() {
            "dataset" => {
                if !file.is_manifest() {
                    ctx.problems.push(
                        Diagnostic::new(
                            file.location(key_span.start),
                            "the `[dataset]` table belongs in dataset.toml only",
                        )
                        .hint(Some("move it to the manifest".into())),
                    );
                }
                into.info_written = true;
                ctx.one("dataset", value, &mut into.info);
            }
            "level" => ctx.many("level", value, &mut into.levels),
            "node_kind" => ctx.many("organisation kind", value, &mut into.node_kinds),
            "relation_kind" => ctx.many("relation kind", value, &mut into.relation_kinds),
            "event_kind" => ctx.many("event kind", value, &mut into.event_kinds),
            "attribute" => ctx.many("attribute", value, &mut into.attributes),
            "source" => ctx.many("source", value, &mut into.sources),
            "organisation" => ctx.many("organisation", value, &mut into.organisations),
            "relation" => ctx.many("relation", value, &mut into.relations),
            "period" => ctx.many("period", value, &mut into.periods),
            "event" => ctx.many("event", value, &mut into.events),
            other => {
                ctx.problems.push(
                    Diagnostic::new(
                        file.location(key_span.start),
                        format!("unknown section `{other}`"),
                    )
                    .hint(did_you_mean(other, SECTIONS).or_else(|| {
                        Some(format!("a dataset file holds only {}", SECTIONS.join(", ")))
                    })),
                )
            }
        }
    }
}

struct Ctx<'a> {
    file: &'a SourceFile,
    index: usize,
    problems: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// Deserializes a single table (a `what`) into one record.
    ///
    /// A misspelt field is reported once, naming the record, and the record
    /// is kept (read as if the field had its closest allowed name, or
    /// without it), so that references to it resolve: one typo, one error
    /// (regression: `plase = ...` dropped the organisation and every
    /// relation to it reported `unknown organisation`).
    fn one<T: DeserializeOwned>(
        &mut self,
        what: &str,
        value: Spanned<DeValue<'_>>,
        out: &mut impl Extend<Record<T>>,
    ) {
        let span = value.span();
        let subject = record_subject(what, value.get_ref());
        let about = |d: Diagnostic| match &subject {
            Some(s) => d.about(s.clone()),
            None => d,
        };
        let (record, errors) = deserialize_forgiving::<T>(value);
        for e in errors {
            self.problems
                .push(about(toml_error(self.file, &e, span.start)));
        }
        if let Some(value) = record {
            out.extend(Some(Record {
                file: self.index,
                span,
                value,
            }));
        }
    }

    /// Deserializes an array of tables (`[[key]]`, each a `what`), record
    /// by record.
    fn many<T: DeserializeOwned>(
        &mut self,
        what: &str,
        value: Spanned<DeValue<'_>>,
        out: &mut impl Extend<Record<T>>,
    ) {
        let key = match what {
            "organisation kind" => "node_kind",
            "relation kind" => "relation_kind",
            "event kind" => "event_kind",
            other => other,
        };
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    self.one(what, item.clone(), out);
                }
            }
            other => self.problems.push(
                Diagnostic::new(
                    self.file.location(span.start),
                    format!(
                        "`{key}` must be an array of tables, found {}",
                        with_article(other.type_str())
                    ),
                )
                .hint(Some(format!("write each entry as a `[[{key}]]` block"))),
            ),
        }
    }
}

/// `organisation `id``, `relation `from->to:kind``...: the record a
/// problem belongs to, from its `id` (or a relation's endpoints).
fn record_subject(what: &str, value: &DeValue<'_>) -> Option<String> {
    let DeValue::Table(table) = value else {
        return None;
    };
    let text = |key: &str| match table.get(key).map(Spanned::get_ref) {
        Some(DeValue::String(s)) => Some(s.to_string()),
        _ => None,
    };
    let id = text("id").or_else(|| {
        Some(format!(
            "{}->{}:{}",
            text("from")?,
            text("to")?,
            text("kind")?
        ))
    })?;
    Some(format!("{what} `{id}`"))
}

/// Deserializes `value` as a `T`, getting past misspelt fields: each
/// unknown field is renamed to the allowed field it resembles (if that is
/// not set already) or dropped, and reading is tried again. Returns the
/// value, if one could be read, and every error met (one per misspelt
/// field, then the error that stopped it, if any).
pub(crate) fn deserialize_forgiving<T: DeserializeOwned>(
    mut value: Spanned<DeValue<'_>>,
) -> (Option<T>, Vec<toml::de::Error>) {
    let mut errors = Vec::new();
    loop {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(v) => return (Some(v), errors),
            Err(e) => {
                let fixed = match (unknown_field(e.message()), e.span()) {
                    (Some((field, expected)), Some(at)) if errors.len() < 64 => {
                        let rename = crate::suggest::closest(&field, expected.iter().copied());
                        fix_field(&mut value, at, rename)
                    }
                    _ => false,
                };
                errors.push(e);
                if !fixed {
                    return (None, errors);
                }
            }
        }
    }
}

/// The unknown field and the allowed ones, from serde's "unknown field
/// `x`, expected one of `a`, `b`" (or "expected `a`").
pub(crate) fn unknown_field(message: &str) -> Option<(String, Vec<&str>)> {
    let rest = message.trim().strip_prefix("unknown field `")?;
    let (unknown, expected) = rest.split_once('`')?;
    let fields = expected.split('`').skip(1).step_by(2).collect();
    Some((unknown.to_string(), fields))
}

/// Renames the key at byte `at` of `value` (at any depth) to `rename`, or
/// removes it if there is no rename or a field of that name is already
/// there. False if no key starts at `at`.
fn fix_field(value: &mut Spanned<DeValue<'_>>, at: Range<usize>, rename: Option<&str>) -> bool {
    match value.get_mut() {
        DeValue::Table(table) => {
            let found = table.keys().find(|k| k.span() == at).cloned();
            if let Some(key) = found {
                let Some((_, v)) = table.remove_entry(key.get_ref().as_ref()) else {
                    return false;
                };
                if let Some(name) = rename.filter(|n| table.get(*n).is_none()) {
                    let new_key =
                        Spanned::new(key.span(), std::borrow::Cow::Owned(name.to_string()));
                    table.insert(new_key, v);
                }
                return true;
            }
            table
                .iter_mut()
                .any(|(_, v)| fix_field(v, at.clone(), rename))
        }
        DeValue::Array(items) => items.iter_mut().any(|v| fix_field(v, at.clone(), rename)),
        _ => false,
    }
}

/// Turns a `toml` error into a diagnostic at its span (or at `fallback`),
/// adding a "did you mean" hint to unknown-field errors.
fn toml_error(file: &SourceFile, error: &toml::de::Error, fallback: usize) -> Diagnostic {
    let mut message = without_type_names(error.message().trim());
    let offset = match error.span() {
        Some(s) => s.start,
        // The parser gives its limit on dotted keys (`[a.a.a...]`, over 80 parts)
        // no place: it is put on the first line with that many dots, not at
        // 1:1 (regression, issue 17.7).
        None if message == "recursion limit" => {
            message =
                format!("recursion limit: a dotted key of more than {DOTTED_KEY_LIMIT} parts");
            deep_dotted_key(&file.text).unwrap_or(fallback)
        }
        None => fallback,
    };
    let hint = unknown_field_hint(&message);
    Diagnostic::new(file.location(offset), message).hint(hint)
}

/// serde names the record's Rust type (`expected struct RawInfo`), which
/// means nothing to the reader: it is said as "a table" (regression, issue
/// 17.7).
fn without_type_names(message: &str) -> String {
    const STRUCT: &str = "expected struct Raw";
    let Some(at) = message.find(STRUCT) else {
        return message.to_string();
    };
    let rest = &message[at + STRUCT.len()..];
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    format!("{}expected a table{}", &message[..at], &rest[name_len..])
}

/// `type_name` after "a" or "an": "an integer", "a string".
fn with_article(type_name: &str) -> String {
    let vowel = type_name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {type_name}", if vowel { "an" } else { "a" })
}

/// The most parts a dotted key may have for the TOML parser.
const DOTTED_KEY_LIMIT: usize = 80;

/// Where the first key of more than [`DOTTED_KEY_LIMIT`] parts starts:
/// the first non-blank character of the first line with that many dots.
fn deep_dotted_key(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if line.matches('.').count() + 1 > DOTTED_KEY_LIMIT {
            return Some(start + (line.len() - line.trim_start().len()));
        }
        start += line.len();
    }
    None
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" message, the
/// closest expected field.
fn unknown_field_hint(message: &str) -> Option<String> {
    let (unknown, fields) = unknown_field(message)?;
    did_you_mean(&unknown, fields.iter().copied())
        .or_else(|| Some(format!("allowed fields: {}", fields.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (RawDataset, Diagnostics) {
        RawDataset::parse(vec![SourceFile::new("orgs.toml", text)])
    }

    #[test]
    fn misspelt_field_is_an_error_at_its_line_with_a_hint() {
        let (raw, problems) = parse(
            "[[organisation]]\nid = \"a\"\nnmae = \"A\"\nkind = \"soviet\"\nlevel = \"city\"\nduring = \"1917\"\n",
        );
        // Kept, read as the field it resembles, for reference checks.
        assert_eq!(raw.organisations.len(), 1);
        assert_eq!(raw.organisations[0].value.name, "A");
        assert_eq!(problems.0.len(), 1);
        assert_eq!(problems.0[0].subject.as_deref(), Some("organisation `a`"));
        let d = &problems.0[0];
        assert_eq!(d.location.line, 3, "{d}");
        assert_eq!(d.location.column, 1, "{d}");
        assert!(d.message.contains("unknown field `nmae`"), "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn good_records_survive_a_bad_neighbour() {
        let (raw, problems) = parse(
            "[[period]]\nid = \"a\"\nlabel = \"A\"\nduring = \"1917\"\n\n[[period]]\nid = \"b\"\nduring = \"1917\"\n",
        );
        assert_eq!(raw.periods.len(), 1);
        assert_eq!(problems.len(), 1);
        assert!(problems.0[0].message.contains("missing field `label`"));
    }

    #[test]
    fn several_syntax_errors_are_reported_together() {
        let (_, problems) = parse("a = \nb = \"x\nc = 1\n");
        assert!(problems.len() >= 2, "{problems}");
    }

    #[test]
    fn unknown_section_suggests_the_right_one() {
        let (_, problems) = parse("[[organization]]\nid = \"x\"\n");
        assert_eq!(
            problems.0[0].hint.as_deref(),
            Some("did you mean `organisation`?")
        );
    }

    #[test]
    fn dataset_table_outside_the_manifest_is_refused() {
        let (_, problems) = parse("[dataset]\nid = \"x\"\n");
        assert!(
            problems
                .0
                .iter()
                .any(|d| d.message.contains("belongs in dataset.toml"))
        );
    }
}
