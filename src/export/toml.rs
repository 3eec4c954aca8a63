//! Writing a checked dataset back as TOML dataset files: what `councils
//! import csv --out` writes, and the manifest of a CSV export.
//!
//! The output is the format of docs/format.md, field for field, so loading
//! it gives back an equal dataset: dates keep their EDTF text, relation ids
//! are written only where they were given (derived `from->to:kind` ids are
//! derived again), and empty lists are left out.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{calendar_name, is_given_relation_id};
use crate::error::Result;
use crate::model::{Certainty, Citation, Dataset, Event, Flow, Organisation, Period, Relation};
use crate::write::{Overwrite, write_atomic};

/// The files of a TOML dataset, in the order they are written.
pub const FILES: [&str; 5] = [
    "dataset.toml",
    "organisations.toml",
    "relations.toml",
    "periods.toml",
    "events.toml",
];

/// Writes `dataset` as a TOML dataset into folder `dir` (created if
/// needed), one file per section; returns the files written.
///
/// Undated elements (from CSV tables without date columns, networks
/// imported without dates) are written as `../..` only in a dataset without
/// a span (`span = "../.."`, a timeless network, which the validator then
/// accepts); elsewhere they are refused: a TOML dataset's `during` must be
/// EDTF.
pub fn write_dataset(dir: &Path, dataset: &Dataset, overwrite: Overwrite) -> Result<Vec<PathBuf>> {
    let timeless = dataset.info.span.text == crate::time::UNDATED;
    let undated = |w: &crate::time::When| !timeless && w.text == crate::time::UNDATED;
    let first_undated = (dataset.organisations.iter())
        .find(|o| undated(&o.during))
        .map(|o| format!("organisation {}", o.id))
        .or_else(|| {
            (dataset.relations.iter())
                .find(|r| undated(&r.during))
                .map(|r| format!("relation {}", r.id()))
        });
    if let Some(name) = first_undated {
        return Err(crate::Error::Unknown {
            what: "EDTF date of",
            name,
            hint: Some(
                "it is undated; a TOML dataset's dates are EDTF: give it `start`/`end` (or `during`) in the CSV tables".into(),
            ),
        });
    }
    std::fs::create_dir_all(dir).map_err(|source| crate::Error::Output {
        path: dir.to_path_buf(),
        source,
    })?;
    if overwrite == Overwrite::Refuse
        && let Some(existing) = FILES.iter().map(|f| dir.join(f)).find(|p| p.exists())
    {
        return Err(crate::Error::Exists(existing));
    }
    let mut written = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        write_atomic(&path, overwrite, |w| match name {
            "dataset.toml" => write_manifest(w, dataset, false),
            "organisations.toml" => write_organisations(w, dataset, dataset.organisations.iter()),
            "relations.toml" => write_relations(w, dataset.relations.iter()),
            "periods.toml" => write_periods(w, dataset.periods.iter()),
            _ => write_events(w, dataset.events.iter()),
        })?;
        written.push(path);
    }
    Ok(written)
}

/// A TOML basic string.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn field(w: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    writeln!(w, "{key} = {}", string(value))
}

fn optional(w: &mut dyn Write, key: &str, value: &Option<String>) -> io::Result<()> {
    match value {
        Some(v) => field(w, key, v),
        None => Ok(()),
    }
}

/// Citations as an inline array: `[{ source = "x", page = "3" }]`.
pub fn citations(cite: &[Citation]) -> String {
    let items: Vec<String> = cite
        .iter()
        .map(|c| {
            let mut parts = vec![format!("source = {}", string(&c.source))];
            for (k, v) in [
                ("section", &c.section),
                ("footnote", &c.footnote),
                ("page", &c.page),
                ("locator", &c.locator),
            ] {
                if let Some(v) = v {
                    parts.push(format!("{k} = {}", string(v)));
                }
            }
            format!("{{ {} }}", parts.join(", "))
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn cite(w: &mut dyn Write, cite: &[Citation]) -> io::Result<()> {
    if cite.is_empty() {
        return Ok(());
    }
    writeln!(w, "cite = {}", citations(cite))
}

/// `dataset.toml`: the `[dataset]` table and every vocabulary section.
///
/// `day_numbers` declares that the CSV tables written beside it hold day
/// numbers. `relations_outside_lifetimes` is always written, because its
/// default differs between TOML datasets (`error`) and CSV folders
/// (`allow`).
pub fn write_manifest(w: &mut dyn Write, d: &Dataset, day_numbers: bool) -> io::Result<()> {
    let i = &d.info;
    writeln!(w, "[dataset]")?;
    field(w, "id", &i.id)?;
    field(w, "title", &i.title)?;
    optional(w, "description", &i.description)?;
    field(w, "calendar", calendar_name(i.calendar))?;
    field(w, "span", &i.span.text)?;
    if i.require_citations {
        writeln!(w, "require_citations = true")?;
    }
    let outside = if i.allow_relations_outside_lifetimes {
        "allow"
    } else {
        "error"
    };
    field(w, "relations_outside_lifetimes", outside)?;
    if let Some((before, after)) = &i.compare {
        writeln!(w, "compare = [{}, {}]", string(before), string(after))?;
    }
    if day_numbers {
        writeln!(w, "day_numbers = true")?;
    }
    if !i.opposed_kinds.is_empty() {
        let pairs: Vec<String> = i
            .opposed_kinds
            .iter()
            .map(|(a, b)| format!("[{}, {}]", string(a), string(b)))
            .collect();
        writeln!(w, "opposed_kinds = [{}]", pairs.join(", "))?;
    }
    optional(w, "color_by", &i.color_by)?;
    optional(w, "stance_attribute", &i.stance_attribute)?;
    optional(w, "how_to_cite", &i.how_to_cite)?;
    optional(w, "license", &i.license)?;
    for l in &d.levels {
        writeln!(w, "\n[[level]]")?;
        field(w, "id", &l.id)?;
        field(w, "label", &l.label)?;
        optional(w, "description", &l.description)?;
    }
    for k in &d.node_kinds {
        writeln!(w, "\n[[node_kind]]")?;
        field(w, "id", &k.id)?;
        field(w, "label", &k.label)?;
        optional(w, "description", &k.description)?;
        optional(w, "shape", &k.shape)?;
    }
    for k in &d.relation_kinds {
        writeln!(w, "\n[[relation_kind]]")?;
        field(w, "id", &k.id)?;
        field(w, "label", &k.label)?;
        optional(w, "description", &k.description)?;
        writeln!(w, "directed = {}", k.directed)?;
        if let Some(flow) = k.flow {
            let name = match flow {
                Flow::Up => "up",
                Flow::Down => "down",
                Flow::Across => "across",
            };
            field(w, "flow", name)?;
        }
        optional(w, "style", &k.style)?;
        optional(w, "color", &k.color)?;
    }
    for k in &d.event_kinds {
        writeln!(w, "\n[[event_kind]]")?;
        field(w, "id", &k.id)?;
        field(w, "label", &k.label)?;
        optional(w, "description", &k.description)?;
    }
    for a in &d.attributes {
        writeln!(w, "\n[[attribute]]")?;
        field(w, "id", &a.id)?;
        field(w, "label", &a.label)?;
        optional(w, "description", &a.description)?;
        if let Some(values) = &a.values {
            let list: Vec<String> = values.iter().map(|v| string(v)).collect();
            writeln!(w, "values = [{}]", list.join(", "))?;
        }
        if !a.value_labels.is_empty() {
            let pairs: Vec<String> = a
                .value_labels
                .iter()
                .map(|(v, l)| format!("{} = {}", string(v), string(l)))
                .collect();
            writeln!(w, "value_labels = {{ {} }}", pairs.join(", "))?;
        }
    }
    for s in &d.sources {
        writeln!(w, "\n[[source]]")?;
        field(w, "id", &s.id)?;
        field(w, "title", &s.title)?;
        optional(w, "author", &s.author)?;
        optional(w, "year", &s.year)?;
        optional(w, "publisher", &s.publisher)?;
        optional(w, "url", &s.url)?;
        optional(w, "note", &s.note)?;
    }
    Ok(())
}

/// `certainty = "..."` unless it is the default (`certain`).
fn certainty(w: &mut dyn Write, c: Certainty) -> io::Result<()> {
    if c.is_certain() {
        return Ok(());
    }
    field(w, "certainty", c.name())
}

/// `[[organisation]]` blocks, with their lineage and states.
pub fn write_organisations<'a>(
    w: &mut dyn Write,
    d: &Dataset,
    orgs: impl Iterator<Item = &'a Organisation>,
) -> io::Result<()> {
    for (n, o) in orgs.enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        writeln!(w, "[[organisation]]")?;
        field(w, "id", &o.id)?;
        field(w, "name", &o.name)?;
        optional(w, "name_original", &o.name_original)?;
        field(w, "kind", &o.kind)?;
        field(w, "level", &d.level(o.level).id)?;
        optional(w, "place", &o.place)?;
        field(w, "during", &o.during.text)?;
        optional(w, "part_of", &o.part_of)?;
        if let Some(c) = o.count {
            writeln!(w, "count = {c}")?;
        }
        optional(w, "note", &o.note)?;
        certainty(w, o.certainty)?;
        cite(w, &o.cite)?;
        for l in &o.lineage {
            writeln!(w, "\n[[organisation.lineage]]")?;
            field(w, "kind", l.kind.name())?;
            field(w, "organisation", &l.organisation)?;
            if let Some(date) = &l.date {
                field(w, "date", &date.text)?;
            }
            optional(w, "note", &l.note)?;
        }
        for s in &o.states {
            writeln!(w, "\n[[organisation.state]]")?;
            field(w, "attribute", &s.attribute)?;
            field(w, "value", &s.value)?;
            field(w, "during", &s.during.text)?;
            optional(w, "note", &s.note)?;
            certainty(w, s.certainty)?;
            cite(w, &s.cite)?;
        }
    }
    Ok(())
}

/// `[[relation]]` blocks.
pub fn write_relations<'a>(
    w: &mut dyn Write,
    relations: impl Iterator<Item = &'a Relation>,
) -> io::Result<()> {
    for (n, r) in relations.enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        writeln!(w, "[[relation]]")?;
        if is_given_relation_id(&r.id()) {
            field(w, "id", &r.id())?;
        }
        field(w, "from", &r.from)?;
        field(w, "to", &r.to)?;
        field(w, "kind", &r.kind)?;
        field(w, "during", &r.during.text)?;
        if let Some(x) = r.weight {
            writeln!(w, "weight = {x:?}")?;
        }
        optional(w, "note", &r.note)?;
        certainty(w, r.certainty)?;
        cite(w, &r.cite)?;
    }
    Ok(())
}

/// `[[period]]` blocks.
pub fn write_periods<'a>(
    w: &mut dyn Write,
    periods: impl Iterator<Item = &'a Period>,
) -> io::Result<()> {
    for (n, p) in periods.enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        writeln!(w, "[[period]]")?;
        field(w, "id", &p.id)?;
        field(w, "label", &p.label)?;
        field(w, "during", &p.during.text)?;
        optional(w, "description", &p.description)?;
        cite(w, &p.cite)?;
    }
    Ok(())
}

/// `[[event]]` blocks.
pub fn write_events<'a>(
    w: &mut dyn Write,
    events: impl Iterator<Item = &'a Event>,
) -> io::Result<()> {
    for (n, e) in events.enumerate() {
        if n > 0 {
            writeln!(w)?;
        }
        writeln!(w, "[[event]]")?;
        field(w, "id", &e.id)?;
        field(w, "date", &e.date.text)?;
        field(w, "kind", &e.kind)?;
        if !e.organisations.is_empty() {
            let list: Vec<String> = e.organisations.iter().map(|o| string(o)).collect();
            writeln!(w, "organisations = [{}]", list.join(", "))?;
        }
        if let Some(v) = &e.votes {
            let mut parts = Vec::new();
            for (k, x) in [
                ("for", v.in_favour),
                ("against", v.against),
                ("abstained", v.abstained),
            ] {
                if let Some(x) = x {
                    parts.push(format!("{k} = {x}"));
                }
            }
            writeln!(w, "votes = {{ {} }}", parts.join(", "))?;
        }
        optional(w, "stance", &e.stance)?;
        field(w, "summary", &e.summary)?;
        certainty(w, e.certainty)?;
        cite(w, &e.cite)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(
            string("a \"b\" \\ c\nd\u{1}"),
            "\"a \\\"b\\\" \\\\ c\\nd\\u0001\""
        );
    }
}
