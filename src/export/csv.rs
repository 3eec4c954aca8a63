//! CSV tables in the layout of `bench/FORMAT.md` (nodes.csv, edges.csv,
//! periods.csv), widened by the optional columns `councils` reads back, plus
//! a `dataset.toml` manifest with everything that is not a table (the
//! `[dataset]` table, the vocabularies, sources, events). Importing the
//! folder gives back an equal dataset.
//!
//! Dates are written as EDTF endpoints (`start`, `end` inclusive, empty
//! `end` = open) and, where the text cannot be split that way (a single
//! date, an unknown end, a year that would read as a day number), whole in
//! the `during` column. With [`DateStyle::Days`] they are FORMAT.md's day
//! numbers instead (counted from the first day of the dataset's span,
//! `end` exclusive), which keeps days but not imprecision.
//!
//! Optional columns are written only if some row uses them; rows are sorted
//! as FORMAT.md sorts them (ids that are numbers compare as numbers).

use crate::load::csv::{EDGE_SPEC, NODE_SPEC, PERIOD_SPEC};
use std::cmp::Ordering;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Scope, is_given_relation_id};
use crate::error::{Error, Result};
use crate::model::{Certainty, Organisation};
use crate::time::{Day, Reading, When};
use crate::write::{Overwrite, write_atomic, write_dir_atomic};

/// How `start` and `end` are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DateStyle {
    /// EDTF as in the dataset (lossless).
    #[default]
    Edtf,
    /// Day numbers from the span's first day, `end` exclusive (FORMAT.md);
    /// the loose reading's days.
    Days,
}

/// The files a CSV export writes.
pub const FILES: [&str; 4] = ["dataset.toml", "nodes.csv", "edges.csv", "periods.csv"];

/// Writes the scope's tables and manifest into folder `dir`, all at once
/// ([`write_dir_atomic`]): an interrupted export leaves the old folder or
/// the new one, never some old and some new files (issue 17.2: one such mix
/// validated as a correct dataset). An existing `dir` holding other files
/// than [`FILES`] is not replaced.
pub fn write_dir(
    dir: &Path,
    scope: &Scope<'_>,
    style: DateStyle,
    overwrite: Overwrite,
) -> Result<Vec<PathBuf>> {
    let tables = Tables::build(scope, style)?;
    let d = scope.dataset;
    write_dir_atomic(dir, overwrite, &|name| FILES.contains(&name), |tmp| {
        for name in FILES {
            write_atomic(&tmp.join(name), Overwrite::Refuse, |w| match name {
                "dataset.toml" => {
                    super::toml::write_manifest(w, d, style == DateStyle::Days)?;
                    if !d.events.is_empty() {
                        writeln!(w)?;
                        super::toml::write_events(w, d.events.iter())?;
                    }
                    Ok(())
                }
                "nodes.csv" => tables.nodes.write(w),
                "edges.csv" => tables.edges.write(w),
                _ => tables.periods.write(w),
            })?;
        }
        Ok(())
    })?;
    Ok(FILES.iter().map(|name| dir.join(name)).collect())
}

/// One table: a header and rows, optional columns dropped when unused.
pub struct Table {
    /// Column names.
    pub header: Vec<&'static str>,
    /// How many leading columns are always written.
    pub required: usize,
    /// Cells, one `Vec` per row, as wide as `header`.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Writes the table as CSV (RFC 4180, `\n` line ends).
    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        let used: Vec<usize> = (0..self.header.len())
            .filter(|&c| c < self.required || self.rows.iter().any(|r| !r[c].is_empty()))
            .collect();
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(w);
        out.write_record(used.iter().map(|&c| self.header[c]))?;
        for row in &self.rows {
            out.write_record(used.iter().map(|&c| row[c].as_str()))?;
        }
        out.flush()
    }
}

/// The three tables of an export.
pub struct Tables {
    pub nodes: Table,
    pub edges: Table,
    pub periods: Table,
}

impl Tables {
    /// Builds the tables; fails if `Days` is asked for and a date has no day
    /// number (before the span starts, or an open start).
    pub fn build(scope: &Scope<'_>, style: DateStyle) -> Result<Self> {
        let d = scope.dataset;
        let epoch = d.info.span.loose.start;
        let dates = |what: String, when: &When| -> Result<[String; 3]> {
            match style {
                DateStyle::Edtf => Ok(edtf_cells(when)),
                DateStyle::Days => day_cells(epoch, when).ok_or_else(|| Error::Parameter {
                    name: "DateStyle::Days",
                    value: None,
                    problem: format!("{what} has no day number for `{}`", when.text),
                    hint: Some(
                        "day numbers count from the first day of the dataset's span; without them, dates are written as EDTF".into(),
                    ),
                }),
            }
        };
        let cite = |c: &[crate::model::Citation]| {
            if c.is_empty() {
                String::new()
            } else {
                super::toml::citations(c)
            }
        };
        let opt = |s: &Option<String>| s.clone().unwrap_or_default();
        let certainty = |c: Certainty| {
            if c.is_certain() {
                String::new()
            } else {
                c.name().to_string()
            }
        };

        let mut orgs: Vec<&Organisation> = scope.organisations().collect();
        orgs.sort_by(|a, b| id_order(&a.id, &b.id));
        let mut nodes = Vec::with_capacity(orgs.len());
        for o in orgs {
            let [start, end, during] = dates(format!("organisation `{}`", o.id), &o.during)?;
            nodes.push(vec![
                o.id.clone(),
                o.name.clone(),
                o.kind.clone(),
                d.level(o.level).id.clone(),
                start,
                end,
                during,
                opt(&o.name_original),
                opt(&o.place),
                opt(&o.part_of),
                o.count.map(|c| c.to_string()).unwrap_or_default(),
                opt(&o.note),
                lineage_cell(o),
                cite(&o.cite),
                states_cell(o),
                certainty(o.certainty),
            ]);
        }

        let mut rels: Vec<_> = scope.relations().map(|(r, _)| r).collect();
        rels.sort_by(|a, b| {
            a.during
                .loose
                .start
                .cmp(&b.during.loose.start)
                .then_with(|| id_order(&a.from, &b.from))
                .then_with(|| id_order(&a.to, &b.to))
                .then_with(|| a.kind.cmp(&b.kind))
                .then_with(|| a.during.loose.end.cmp(&b.during.loose.end))
        });
        let mut edges = Vec::with_capacity(rels.len());
        for r in rels {
            let [start, end, during] = dates(format!("relation `{}`", r.id), &r.during)?;
            edges.push(vec![
                r.from.clone(),
                r.to.clone(),
                r.kind.clone(),
                start,
                end,
                r.weight.map(|w| format!("{w:?}")).unwrap_or_default(),
                during,
                if is_given_relation_id(&r.id) {
                    r.id.clone()
                } else {
                    String::new()
                },
                opt(&r.note),
                cite(&r.cite),
                certainty(r.certainty),
            ]);
        }

        let mut periods = Vec::with_capacity(d.periods.len());
        for p in &d.periods {
            let [start, end, during] = dates(format!("period `{}`", p.id), &p.during)?;
            periods.push(vec![
                p.id.clone(),
                p.label.clone(),
                start,
                end,
                during,
                opt(&p.description),
                cite(&p.cite),
            ]);
        }
        Ok(Self {
            // The same columns the importer reads, so the two cannot drift.
            nodes: Table {
                header: NODE_SPEC.columns(),
                required: 6,
                rows: nodes,
            },
            // FORMAT.md's layout always carries weight, which import allows
            // to be absent.
            edges: Table {
                header: EDGE_SPEC.columns(),
                required: 6,
                rows: edges,
            },
            periods: Table {
                header: PERIOD_SPEC.columns(),
                required: 4,
                rows: periods,
            },
        })
    }
}

/// Numbers before other ids, numbers by value, the rest as text.
fn id_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        (Err(_), Err(_)) => a.cmp(b),
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `[start, end, during]` as EDTF: the interval split at `/` where that
/// reads back to the same text, else the whole text in `during`.
pub fn edtf_cells(when: &When) -> [String; 3] {
    if let Some((a, b)) = when.text.split_once('/')
        && !a.is_empty()
        && !b.is_empty()
        && !digits(a)
        && !digits(b)
    {
        let end = if b == ".." { "" } else { b };
        return [a.to_string(), end.to_string(), String::new()];
    }
    [String::new(), String::new(), when.text.clone()]
}

/// `[start, end, ""]` as day numbers from `epoch` (end exclusive), under
/// the loose reading; `None` if the start is open or before the epoch.
fn day_cells(epoch: Option<Day>, when: &When) -> Option<[String; 3]> {
    let epoch = epoch?;
    let span = when.span(Reading::Loose);
    let start = epoch.days_until(span.start?);
    if start < 0 {
        return None;
    }
    let end = match span.end {
        Some(e) => epoch.days_until(e).to_string(),
        None => String::new(),
    };
    Some([start.to_string(), end, String::new()])
}

fn lineage_cell(o: &Organisation) -> String {
    if o.lineage.is_empty() {
        return String::new();
    }
    let s = super::toml::string;
    let items: Vec<String> = o
        .lineage
        .iter()
        .map(|l| {
            let mut parts = vec![
                format!("kind = {}", s(l.kind.name())),
                format!("organisation = {}", s(&l.organisation)),
            ];
            if let Some(date) = &l.date {
                parts.push(format!("date = {}", s(&date.text)));
            }
            if let Some(note) = &l.note {
                parts.push(format!("note = {}", s(note)));
            }
            format!("{{ {} }}", parts.join(", "))
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn states_cell(o: &Organisation) -> String {
    if o.states.is_empty() {
        return String::new();
    }
    let s = super::toml::string;
    let items: Vec<String> = o
        .states
        .iter()
        .map(|st| {
            let mut parts = vec![
                format!("attribute = {}", s(&st.attribute)),
                format!("value = {}", s(&st.value)),
                format!("during = {}", s(&st.during.text)),
            ];
            if let Some(note) = &st.note {
                parts.push(format!("note = {}", s(note)));
            }
            if !st.certainty.is_certain() {
                parts.push(format!("certainty = {}", s(st.certainty.name())));
            }
            if !st.cite.is_empty() {
                parts.push(format!("cite = {}", super::toml::citations(&st.cite)));
            }
            format!("{{ {} }}", parts.join(", "))
        })
        .collect();
    format!("[{}]", items.join(", "))
}
