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

use crate::load::csv::{EDGE_SPEC, NODE_SPEC, PERIOD_SPEC, spreadsheet};
use std::cmp::Ordering;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{Scope, is_given_relation_id};
use crate::error::{Error, Result};
use crate::model::{Certainty, Dataset, Organisation, Relation};
use crate::time::{Day, Reading, Span, When};
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

/// The UTF-8 byte-order mark: Excel reads a CSV file as UTF-8 only when it
/// starts with one (otherwise in the system's ANSI code page, which turns
/// Cyrillic names into mojibake), and LibreOffice takes it as the
/// encoding; `councils` and most CSV readers skip it.
pub const BOM: &[u8] = "\u{feff}".as_bytes();

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
                "dataset.toml" => write_manifest(w, d, style),
                table => {
                    // Day numbers are the workload format, for programs:
                    // byte for byte what its generator writes, no BOM.
                    if style == DateStyle::Edtf {
                        w.write_all(BOM)?;
                    }
                    match table {
                        "nodes.csv" => tables.nodes.write(w),
                        "edges.csv" => tables.edges.write(w),
                        _ => tables.periods.write(w),
                    }
                }
            })?;
        }
        Ok(())
    })?;
    Ok(FILES.iter().map(|name| dir.join(name)).collect())
}

/// The `dataset.toml` beside the tables: everything that is not a table
/// (the `[dataset]` table, vocabularies, sources, events).
pub fn write_manifest(w: &mut dyn Write, d: &Dataset, style: DateStyle) -> io::Result<()> {
    super::toml::write_manifest(w, d, style == DateStyle::Days)?;
    if !d.events.is_empty() {
        writeln!(w)?;
        super::toml::write_events(w, d.events.iter())?;
    }
    Ok(())
}

/// Makes one row of a table: its cells, as wide as the header.
type RowMaker<'a> = Box<dyn Fn(usize) -> Result<Vec<String>> + 'a>;

/// The days of row `i`'s element, under the scope's reading.
type SpanMaker<'a> = Box<dyn Fn(usize) -> Span + 'a>;

/// One table: a header and rows, optional columns dropped when unused.
///
/// Rows are made on demand, twice: once to find the optional columns some
/// row fills (and any error, before a file is written), once to write them.
/// Holding every cell of a large dataset as a `String` took ~70 MB at 300k
/// relations (issue 16); making a row costs far less than writing it.
pub struct Table<'a> {
    /// Column names.
    header: Vec<&'static str>,
    /// The columns written: the required ones and those some row fills.
    used: Vec<usize>,
    /// Number of rows.
    count: usize,
    /// Row `i`'s cells.
    row: RowMaker<'a>,
    /// Row `i`'s days.
    span: SpanMaker<'a>,
}

impl<'a> Table<'a> {
    /// A table of `count` rows made by `row`, whose first `required`
    /// columns are always written.
    fn new(
        header: Vec<&'static str>,
        required: usize,
        count: usize,
        row: impl Fn(usize) -> Result<Vec<String>> + 'a,
        span: impl Fn(usize) -> Span + 'a,
    ) -> Result<Self> {
        let mut filled: Vec<bool> = (0..header.len()).map(|c| c < required).collect();
        for i in 0..count {
            for (c, cell) in row(i)?.iter().enumerate() {
                filled[c] |= !cell.is_empty();
            }
        }
        let used = (0..header.len()).filter(|&c| filled[c]).collect();
        Ok(Self {
            header,
            used,
            count,
            row: Box::new(row),
            span: Box::new(span),
        })
    }

    /// The names of the columns written.
    pub fn columns(&self) -> Vec<&'static str> {
        self.used.iter().map(|&c| self.header[c]).collect()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True if the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Row `i`'s cells in the columns written ([`Table::columns`]), as
    /// they are in the dataset (not guarded for spreadsheets).
    pub fn row(&self, i: usize) -> Result<Vec<String>> {
        let mut row = (self.row)(i)?;
        Ok(self
            .used
            .iter()
            .map(|&c| std::mem::take(&mut row[c]))
            .collect())
    }

    /// Row `i`'s days (first included, first excluded), under the scope's
    /// reading of imprecise dates.
    pub fn span(&self, i: usize) -> Span {
        (self.span)(i)
    }

    /// Writes the table as CSV (RFC 4180, `\n` line ends), every cell a
    /// spreadsheet would run as a formula guarded by a `'`
    /// ([`spreadsheet::neutralise`]; the loader takes it away again).
    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(w);
        out.write_record(self.used.iter().map(|&c| self.header[c]))?;
        for i in 0..self.count {
            // Every row was made once already in `new`, so this cannot fail.
            let row = (self.row)(i).map_err(io::Error::other)?;
            out.write_record(
                self.used
                    .iter()
                    .map(|&c| spreadsheet::neutralise(&row[c]).into_owned()),
            )?;
        }
        out.flush()
    }
}

/// The three tables of an export.
pub struct Tables<'a> {
    pub nodes: Table<'a>,
    pub edges: Table<'a>,
    pub periods: Table<'a>,
}

/// How one export writes cells.
#[derive(Clone, Copy)]
struct Cells {
    style: DateStyle,
    /// Day 0 of [`DateStyle::Days`].
    epoch: Option<Day>,
}

impl Cells {
    /// `start`, `end` and `during` of `when`; fails if `Days` is asked for
    /// and it has no day number (before the span starts, or an open start).
    fn dates(self, what: impl FnOnce() -> String, when: &When) -> Result<[String; 3]> {
        match self.style {
            DateStyle::Edtf => Ok(edtf_cells(when)),
            DateStyle::Days => day_cells(self.epoch, when).ok_or_else(|| Error::Parameter {
                name: "DateStyle::Days",
                value: None,
                problem: format!("{} has no day number for `{}`", what(), when.text),
                hint: Some(
                    "day numbers count from the first day of the dataset's span; without them, dates are written as EDTF".into(),
                ),
            }),
        }
    }
}

fn cite(c: &[crate::model::Citation]) -> String {
    if c.is_empty() {
        String::new()
    } else {
        super::toml::citations(c)
    }
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn certainty(c: Certainty) -> String {
    if c.is_certain() {
        String::new()
    } else {
        c.name().to_string()
    }
}

impl<'a> Tables<'a> {
    /// The tables of `scope`; fails if `Days` is asked for and a date has no
    /// day number (before the span starts, or an open start).
    pub fn build(scope: &Scope<'a>, style: DateStyle) -> Result<Self> {
        let d = scope.dataset;
        let cells = Cells {
            style,
            epoch: d.info.span.loose.start,
        };

        let reading = scope.reading;
        let mut orgs: Vec<&Organisation> = scope.organisations().collect();
        orgs.sort_by(|a, b| id_order(&a.id, &b.id));
        let node_count = orgs.len();
        let node_span = {
            let orgs = orgs.clone();
            move |i: usize| orgs[i].during.span(reading)
        };
        let node = move |i: usize| -> Result<Vec<String>> {
            let o = orgs[i];
            let [start, end, during] =
                cells.dates(|| format!("organisation `{}`", o.id), &o.during)?;
            Ok(vec![
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
            ])
        };

        let mut rels: Vec<&Relation> = scope.relations().map(|(r, _)| r).collect();
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
        let edge_count = rels.len();
        let edge_span = {
            let rels = rels.clone();
            move |i: usize| rels[i].during.span(reading)
        };
        let edge = move |i: usize| -> Result<Vec<String>> {
            let r = rels[i];
            let [start, end, during] =
                cells.dates(|| format!("relation `{}`", r.id()), &r.during)?;
            Ok(vec![
                r.from.to_string(),
                r.to.to_string(),
                r.kind.to_string(),
                start,
                end,
                r.weight.map(|w| format!("{w:?}")).unwrap_or_default(),
                during,
                if is_given_relation_id(&r.id()) {
                    r.id().into_owned()
                } else {
                    String::new()
                },
                opt(&r.note),
                cite(&r.cite),
                certainty(r.certainty),
            ])
        };

        let period = move |i: usize| -> Result<Vec<String>> {
            let p = &d.periods[i];
            let [start, end, during] = cells.dates(|| format!("period `{}`", p.id), &p.during)?;
            Ok(vec![
                p.id.clone(),
                p.label.clone(),
                start,
                end,
                during,
                opt(&p.description),
                cite(&p.cite),
            ])
        };
        Ok(Self {
            // The same columns the importer reads, so the two cannot drift.
            nodes: Table::new(NODE_SPEC.columns(), 6, node_count, node, node_span)?,
            // FORMAT.md's layout always carries weight, which import allows
            // to be absent.
            edges: Table::new(EDGE_SPEC.columns(), 6, edge_count, edge, edge_span)?,
            periods: Table::new(
                PERIOD_SPEC.columns(),
                4,
                d.periods.len(),
                period,
                move |i| d.periods[i].during.span(reading),
            )?,
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
