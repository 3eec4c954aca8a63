//! Reading a folder of CSV tables (the benchmark's workload format,
//! widened; docs/csv.md describes it in full) into the same raw records the
//! TOML loader produces, so that `validate` checks them by the same rules
//! and every problem names the CSV file, line and column.
//!
//! A CSV folder holds `nodes.csv` and optionally `edges.csv` and
//! `periods.csv`, plus any `.toml` files of the dataset format at its top
//! level (`dataset.toml` is then the manifest). What the TOML files do not
//! declare is synthesized: the `[dataset]` table (from the folder's name and
//! [`Options`]), the levels, relation kinds, one organisation kind per
//! value seen and one attribute per attribute of the states. In a CSV
//! folder `relations_outside_lifetimes` is `allow` unless the manifest says
//! otherwise, and whole numbers in date columns are day numbers only where
//! declared (see [`dates`]).
//!
//! Two things the workload format asks of an importer change the data, and
//! each is reported as a note (never silently): rows of edges.csv with the
//! same source, target and kind whose intervals overlap become one relation
//! (their union), and self-relations are dropped.

mod cells;
mod dates;
pub mod spreadsheet;
mod table;

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use self::dates::{DateColumns, Dates};
use self::table::{Spec, short_name};
use super::raw::*;
use super::{Chunked, RawDataset, Record, SourceFile};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::model::{Dataset, Interner};
use crate::time::{Calendar, Day, Span, parse_when};

/// The organisations table; its presence makes a folder a CSV dataset.
pub const NODES: &str = "nodes.csv";
/// The relations table.
pub const EDGES: &str = "edges.csv";
/// The periods table.
pub const PERIODS: &str = "periods.csv";

/// The epoch (day 0) when neither the manifest nor [`Options`] give one.
pub const DEFAULT_EPOCH: &str = "1917-01-01";

/// Settings for a CSV folder without a manifest (`dataset.toml` declares
/// them itself: its calendar, `day_numbers`, and its span's first day as
/// day 0).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The calendar dates are written in (default Gregorian).
    pub calendar: Option<Calendar>,
    /// Day 0 of day numbers, EDTF in that calendar (default
    /// [`DEFAULT_EPOCH`]). Giving one declares day numbers.
    pub epoch: Option<String>,
    /// Cells of digits only in `start`/`end` are day numbers (otherwise
    /// they are EDTF years, see [`dates`]).
    pub day_numbers: bool,
}

/// Something the importer did to the data, reported to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note(pub String);

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The tables of a CSV folder, read but not yet parsed.
#[derive(Debug)]
pub struct Tables {
    pub nodes: SourceFile,
    pub edges: Option<SourceFile>,
    pub periods: Option<SourceFile>,
}

/// True if `path` is a CSV dataset: a folder holding `nodes.csv`, or that
/// file itself.
pub fn is_csv_dataset(path: &Path) -> bool {
    if path.is_file() {
        return path.file_name().is_some_and(|n| n == NODES);
    }
    path.join(NODES).is_file()
}

/// Loads and validates the CSV folder `path`, with the notes on what the
/// import changed.
pub fn load(path: &Path, options: &Options) -> Result<(Dataset, Vec<Note>)> {
    let (mut raw, problems, notes) = read_dir(path, options)?;
    // The rows are read: the tables' text is needed only for locations,
    // which an ASCII file's line starts give alone.
    for file in raw.files.iter_mut().filter(|f| f.name.ends_with(".csv")) {
        file.release_text();
    }
    let dataset = crate::validate::validate(raw, problems).map_err(Error::Invalid)?;
    Ok((dataset, notes))
}

/// Reads the CSV folder `path` (or the folder of the `nodes.csv` it names)
/// into raw records, collecting every problem.
pub fn read_dir(path: &Path, options: &Options) -> Result<(RawDataset, Diagnostics, Vec<Note>)> {
    let dir = if path.is_file() {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    } else {
        path
    };
    let io = |path: &Path, source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut problems = Diagnostics::default();
    let mut read = |name: &str, required: bool| -> Result<Option<SourceFile>> {
        let path = dir.join(name);
        if !required && !path.exists() {
            return Ok(None);
        }
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        Ok(text_file(&path, bytes, &mut problems))
    };
    let nodes = read(NODES, true)?;
    let edges = read(EDGES, false)?;
    let periods = read(PERIODS, false)?;
    let mut toml_paths: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let p = entry.path();
        if p.extension().is_some_and(|x| x == "toml") && p.is_file() {
            toml_paths.push(p);
        }
    }
    toml_paths.sort();
    let mut toml_files = Vec::new();
    for p in toml_paths {
        let bytes = std::fs::read(&p).map_err(|e| io(&p, e))?;
        toml_files.extend(text_file(&p, bytes, &mut problems));
    }
    let Some(nodes) = nodes else {
        // Not UTF-8: reported; nothing else can be checked meaningfully.
        return Ok((RawDataset::default(), problems, Vec::new()));
    };
    let tables = Tables {
        nodes,
        edges,
        periods,
    };
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "csv".into());
    let (raw, more, notes) = parse(toml_files, tables, &name, options)?;
    problems.0.extend(more.0);
    Ok((raw, problems, notes))
}

/// The file's text, or `None` with a diagnostic if it is not UTF-8.
fn text_file(path: &Path, bytes: Vec<u8>, problems: &mut Diagnostics) -> Option<SourceFile> {
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceFile::new(name, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            problems.push(Diagnostic::new(
                SourceFile::new(name, valid).location(offset),
                format!("the file is not valid UTF-8 (bad byte at offset {offset})"),
            ));
            None
        }
    }
}

/// Parses the TOML files and CSV tables of one folder (named `name`) into
/// raw records. Fails only if `options` are unusable; every problem of the
/// files is a diagnostic.
pub fn parse(
    toml_files: Vec<SourceFile>,
    tables: Tables,
    name: &str,
    options: &Options,
) -> Result<(RawDataset, Diagnostics, Vec<Note>)> {
    let (mut raw, mut problems) = RawDataset::parse(toml_files);
    let nodes_index = raw.files.len();
    let mut notes = Vec::new();
    let dates = match raw.info.first() {
        Some(info) => {
            if options.calendar.is_some() || options.epoch.is_some() || options.day_numbers {
                let manifest = raw.files[info.file].name.to_string();
                let (name, value) = match &options.epoch {
                    Some(epoch) => ("epoch", Some(epoch.clone())),
                    None if options.day_numbers => ("day_numbers", None),
                    None => ("calendar", None),
                };
                return Err(Error::Parameter {
                    name,
                    value,
                    problem: "cannot be given for a folder with a manifest".into(),
                    hint: Some(format!(
                        "{manifest} declares the calendar and `day_numbers`, and day 0 is the first day of its span; edit it instead"
                    )),
                });
            }
            let info = &info.value;
            let calendar =
                Calendar::from_name(info.calendar.get_ref()).unwrap_or(Calendar::Gregorian);
            let epoch = parse_when(info.span.get_ref(), calendar)
                .ok()
                .and_then(|w| w.loose.start);
            let day_numbers = info.day_numbers.unwrap_or(false);
            // A manifest beside CSV tables keeps the CSV folder's rules: it
            // changes `relations_outside_lifetimes` only by saying so.
            if let Some(info) = raw.info.first_mut()
                && info.value.relations_outside_lifetimes.is_none()
            {
                info.value.relations_outside_lifetimes = Some(Spanned::new(0..0, "allow".into()));
            }
            Dates::new(calendar, epoch, day_numbers)
        }
        None => {
            let calendar = options.calendar.unwrap_or(Calendar::Gregorian);
            let epoch_text = options.epoch.as_deref().unwrap_or(DEFAULT_EPOCH);
            let epoch = epoch_day(epoch_text, calendar)?;
            let recognised =
                !options.day_numbers && options.epoch.is_none() && is_day_number_workload(&tables);
            if recognised {
                notes.push(Note(format!(
                    "{}: read as the day-number workload format (exactly its columns, whole-number ids): whole numbers in start/end are days counted from {epoch_text} (day 0); see docs/csv.md to read them otherwise",
                    short_name(&tables.nodes.name)
                )));
            }
            let day_numbers = options.day_numbers || options.epoch.is_some() || recognised;
            let at = |s: &str| Spanned::new(0..0, s.to_string());
            raw.info.push(Record {
                file: nodes_index,
                span: 0..0,
                value: RawInfo {
                    id: at(&slug(name)),
                    title: name.to_string(),
                    description: Some(format!("Imported from the CSV tables of {name}.")),
                    calendar: at(match calendar {
                        Calendar::Julian => "julian",
                        Calendar::Gregorian => "gregorian",
                    }),
                    // Day numbers count from the span's first day; other
                    // dates have no span to fall inside.
                    span: at(&if day_numbers {
                        format!("{epoch_text}/..")
                    } else {
                        crate::time::UNDATED.to_string()
                    }),
                    require_citations: false,
                    relations_outside_lifetimes: Some(at("allow")),
                    day_numbers: Some(day_numbers),
                    compare: None,
                    opposed_kinds: None,
                    color_by: None,
                    stance_attribute: None,
                    how_to_cite: None,
                    license: None,
                },
            });
            Dates::new(calendar, Some(epoch), day_numbers)
        }
    };
    let mut importer = Importer {
        raw: &mut raw,
        problems: &mut problems,
        notes,
        dates,
        node_kinds_seen: Vec::new(),
        level_column: true,
        ids: Interner::default(),
    };
    importer.nodes(tables.nodes);
    if let Some(f) = tables.edges {
        importer.edges(f);
    }
    if let Some(f) = tables.periods {
        importer.periods(f);
    }
    let kinds = std::mem::take(&mut importer.node_kinds_seen);
    let level_column = importer.level_column;
    let notes = std::mem::take(&mut importer.notes);
    synthesize(&mut raw, nodes_index, kinds, level_column);
    Ok((raw, problems, notes))
}

/// The header of each table of the day-number workload format (the
/// benchmark's `gen_temporal.py` writes it), in order.
const WORKLOAD_HEADERS: [(&str, &str); 3] = [
    (NODES, "id,name,kind,level,start,end"),
    (EDGES, "source,target,kind,start,end,weight"),
    (PERIODS, "id,label,start,end"),
];

/// True if the tables are the day-number workload format: each table's
/// header is exactly the format's, and every organisation id is a whole
/// number. Such tables are read with day numbers (and a note says so);
/// anything else needs a declaration.
fn is_day_number_workload(tables: &Tables) -> bool {
    let files = [
        Some(&tables.nodes),
        tables.edges.as_ref(),
        tables.periods.as_ref(),
    ];
    let headers_match = files
        .iter()
        .zip(WORKLOAD_HEADERS)
        .all(|(file, (_, header))| {
            file.is_none_or(|f| f.text.lines().next().map(str::trim_end) == Some(header))
        });
    if !headers_match {
        return false;
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(tables.nodes.text.as_bytes());
    let mut record = csv::ByteRecord::new();
    while let Ok(true) = reader.read_byte_record(&mut record) {
        let id = record.get(0).unwrap_or_default();
        if id.is_empty() || !id.iter().all(u8::is_ascii_digit) {
            return false;
        }
    }
    true
}

/// The epoch as a day: `text` must name exactly one day.
fn epoch_day(text: &str, calendar: Calendar) -> Result<Day> {
    let when = parse_when(text, calendar)?;
    match (when.loose.start, when.loose.end) {
        (Some(s), Some(e)) if s.next() == e => Ok(s),
        _ => Err(Error::Unknown {
            what: "epoch",
            name: text.to_string(),
            hint: Some("give one day, e.g. 1917-01-01".into()),
        }),
    }
}

/// A slug made of `name` (for the synthesized dataset id).
fn slug(name: &str) -> String {
    let s: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "csv".into() } else { s }
}

struct Importer<'r> {
    raw: &'r mut RawDataset,
    problems: &'r mut Diagnostics,
    notes: Vec<Note>,
    dates: Dates,
    /// Organisation kinds in order of first use, with where.
    node_kinds_seen: Vec<(String, usize, Range<usize>)>,
    /// nodes.csv has a `level` column.
    level_column: bool,
    /// The relations' ends and kinds, each distinct text held once.
    ids: Interner,
}

/// The kind of an organisation whose `kind` cell is empty or absent.
const DEFAULT_KIND: &str = "organisation";

/// The one level synthesized when nodes.csv has no `level` column and no
/// TOML file declares levels.
const SINGLE_LEVEL: (&str, &str) = ("all", "All organisations");

/// The five levels synthesized when levels are not declared: id, label,
/// and the names a `level` cell may give instead of the id.
const WORKLOAD_LEVELS: [(&str, &str, [&str; 3]); 5] = [
    (
        "0",
        "Grass-roots committee",
        [
            "grass-roots",
            "grass-roots committee",
            "grass_roots_committee",
        ],
    ),
    (
        "1",
        "District council",
        ["district", "district council", "district_council"],
    ),
    (
        "2",
        "City council",
        ["city", "city council", "city_council"],
    ),
    (
        "3",
        "Regional council",
        ["regional", "regional council", "regional_council"],
    ),
    (
        "4",
        "National body",
        ["national", "national body", "national_body"],
    ),
];

/// The synthesized level id a `level` cell names (`2`, `city`, `City
/// council`), or the cell as written.
fn workload_level(cell: &str) -> &str {
    let lower = cell.trim().to_lowercase();
    WORKLOAD_LEVELS
        .iter()
        .find(|(id, _, names)| *id == lower || names.contains(&lower.as_str()))
        .map_or(cell, |(id, _, _)| id)
}

/// A lifetime that covers every day under the loose reading: the stand-in
/// for an organisation whose dates are wrong (and reported).
const OPEN: &str = crate::time::UNDATED;

/// The columns of nodes.csv (also what `export --format csv` writes).
pub(crate) const NODE_SPEC: Spec = Spec {
    required: &["id", "name", "kind", "level", "start", "end"],
    needed: 2,
    optional: &[
        "during",
        "name_original",
        "place",
        "part_of",
        "count",
        "note",
        "lineage",
        "cite",
        "states",
        "certainty",
    ],
};
/// The columns of edges.csv.
pub(crate) const EDGE_SPEC: Spec = Spec {
    required: &["source", "target", "kind", "start", "end"],
    needed: 3,
    optional: &["weight", "during", "id", "note", "cite", "certainty"],
};
/// The columns of periods.csv.
pub(crate) const PERIOD_SPEC: Spec = Spec {
    required: &["id", "label", "start", "end"],
    needed: 1,
    optional: &["during", "description", "cite"],
};

/// What merging needs of an edge row besides its raw record: its loose
/// span and its line.
struct EdgeMeta {
    loose: Span,
    line: u64,
}

impl Importer<'_> {
    fn add_file(&mut self, file: SourceFile) -> usize {
        self.raw.files.push(file);
        self.raw.files.len() - 1
    }

    fn nodes(&mut self, file: SourceFile) {
        let index = self.add_file(file);
        let file = &self.raw.files[index];
        let mut out = Vec::with_capacity(file.line_count().saturating_sub(1));
        let mut kinds: HashMap<String, ()> = HashMap::new();
        let mut seen = Vec::new();
        let dates = &mut self.dates;
        // Declared levels are named by their ids; synthesized ones also by
        // number or name (`2`, `city`).
        let bottom_level = self
            .raw
            .levels
            .first()
            .map(|l| l.value.id.get_ref().clone());
        let mut level_column = true;
        table::read(file, &NODE_SPEC, self.problems, |row, c, problems| {
            let id = row.get(c.at(0));
            let subject = || format!("organisation `{id}`");
            if level_column && c.at(3).is_none() {
                level_column = false;
                if let Some(bottom) = &bottom_level {
                    problems.push(
                        Diagnostic::new(
                            file.location(0),
                            "nodes.csv has no column `level`, but the dataset declares levels",
                        )
                        .hint(Some(format!(
                            "add a `level` column naming a declared level, e.g. `{bottom}`"
                        ))),
                    );
                }
            }
            let level = match (c.at(3), &bottom_level) {
                (None, Some(bottom)) => Spanned::new(row.span(None), bottom.clone()),
                (None, None) => Spanned::new(row.span(None), SINGLE_LEVEL.0.to_string()),
                (Some(_), Some(_)) => row.text(c.at(3)),
                (Some(_), None) => Spanned::new(
                    row.span(c.at(3)),
                    workload_level(row.get(c.at(3))).to_string(),
                ),
            };
            let cols = DateColumns {
                start: c.at(4),
                end: c.at(5),
                during: c.at(6),
                open_if_absent: true,
            };
            // A bad date keeps the organisation (with an open lifetime),
            // so that its relations do not report it as unknown.
            let during = dates.read(file, row, cols, &subject, problems).map_or_else(
                || Spanned::new(row.span(c.at(4)), OPEN.to_string()),
                |(t, _)| t,
            );
            let count = match row.get(c.at(10)) {
                "" => None,
                n => match n.parse::<u32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        problems.push(
                            Diagnostic::new(
                                file.location(row.offset_in(c.at(10), 0)),
                                format!("count `{n}` is not a whole number"),
                            )
                            .about(subject()),
                        );
                        None
                    }
                },
            };
            let kind = match row.get(c.at(2)) {
                "" => Spanned::new(row.span(c.at(2)), DEFAULT_KIND.to_string()),
                _ => row.text(c.at(2)),
            };
            if !kinds.contains_key(kind.get_ref()) {
                kinds.insert(kind.get_ref().clone(), ());
                seen.push((kind.get_ref().clone(), index, kind.span()));
            }
            out.push(Record {
                file: index,
                span: row.whole(),
                value: RawOrganisation {
                    id: row.text(c.at(0)),
                    name: row.get(c.at(1)).to_string(),
                    name_original: row.optional_string(c.at(7)),
                    kind,
                    level,
                    place: row.optional_string(c.at(8)),
                    during,
                    part_of: row.optional(c.at(9)),
                    count,
                    note: row.optional_string(c.at(11)),
                    certainty: row.optional(c.at(15)),
                    lineage: cells::lineage(file, row, c.at(12), &subject, problems),
                    state: cells::states(file, row, c.at(14), &subject, problems),
                    cite: cells::citations(file, row, c.at(13), &subject, problems),
                },
            });
        });
        // Read: only the locations are needed of the text from here on.
        self.raw.files[index].release_text();
        if self.raw.organisations.is_empty() {
            self.raw.organisations = out;
        } else {
            self.raw.organisations.append(&mut out);
        }
        self.node_kinds_seen = seen;
        self.level_column = level_column;
    }

    fn edges(&mut self, file: SourceFile) {
        let index = self.add_file(file);
        let file = &self.raw.files[index];
        // Rows are large (~350 bytes): they are kept in blocks that
        // validation frees as it converts them; their notes are reserved up
        // front, one per line.
        let capacity = file.line_count().saturating_sub(1);
        let mut rows: Chunked<Record<RawRelation>> = Chunked::new();
        let mut meta: Vec<EdgeMeta> = Vec::with_capacity(capacity);
        let dates = &mut self.dates;
        let ids = &mut self.ids;
        table::read(file, &EDGE_SPEC, self.problems, |row, c, problems| {
            let (from, to, kind) = (row.get(c.at(0)), row.get(c.at(1)), row.get(c.at(2)));
            let subject = || format!("relation `{from}->{to}:{kind}`");
            let cols = DateColumns {
                start: c.at(3),
                end: c.at(4),
                during: c.at(6),
                open_if_absent: true,
            };
            let dated = dates.read(file, row, cols, &subject, problems);
            let weight = match row.get(c.at(5)) {
                "" => None,
                w => match w.parse::<f64>() {
                    Ok(x) => Some(Spanned::new(row.span(c.at(5)), x)),
                    Err(_) => {
                        problems.push(
                            Diagnostic::new(
                                file.location(row.offset_in(c.at(5), 0)),
                                format!("weight `{w}` is not a number"),
                            )
                            .about(subject())
                            .hint(Some("write a decimal number such as 2.0 or 0.417".into())),
                        );
                        None
                    }
                },
            };
            let cite = cells::citations(file, row, c.at(9), &subject, problems);
            let Some((during, loose)) = dated else {
                return;
            };
            rows.push(Record {
                file: index,
                span: row.whole(),
                value: RawRelation {
                    from: row.id(c.at(0), ids),
                    to: row.id(c.at(1), ids),
                    kind: row.id(c.at(2), ids),
                    during,
                    weight,
                    id: row.optional(c.at(7)).map(Box::new),
                    note: row.optional_string(c.at(8)),
                    certainty: row.optional(c.at(10)).map(Box::new),
                    cite,
                },
            });
            meta.push(EdgeMeta {
                loose,
                line: row.line,
            });
        });
        // The rows are read: the text is released before merging, which
        // needs working lists of its own (issue 16: the peak of loading).
        self.raw.files[index].release_text();
        let name = short_name(&self.raw.files[index].name).to_string();
        self.merge(&mut rows, &meta, &name);
        drop(meta);
        self.raw.relations.append(&mut rows);
    }

    /// Drops self-relations and merges overlapping rows of one (source,
    /// target, kind) into their union, noting both; in place, so that no
    /// second copy of the rows is ever held.
    fn merge(&mut self, rows: &mut Chunked<Record<RawRelation>>, meta: &[EdgeMeta], name: &str) {
        let mut self_loops = Vec::new();
        let mut order: Vec<usize> = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            if r.value.from.get_ref() == r.value.to.get_ref() {
                self_loops.push(meta[i].line);
            } else {
                order.push(i);
            }
        }
        // Only grouping matters here (the output keeps row order), so the
        // ends and kinds are numbered in order of first appearance and rows
        // sorted by integer keys: string keys took ~10 % of loading 300k rows.
        let mut numbers: HashMap<&str, u32> = HashMap::new();
        let mut keys: Vec<(u32, u32, u32)> = Vec::with_capacity(rows.len());
        for r in rows.iter() {
            let r = &r.value;
            let mut key = [0u32; 3];
            for (slot, text) in
                key.iter_mut()
                    .zip([r.from.get_ref(), r.to.get_ref(), r.kind.get_ref()])
            {
                let next = numbers.len() as u32;
                *slot = *numbers.entry(text.as_str()).or_insert(next);
            }
            keys.push((key[0], key[1], key[2]));
        }
        order.sort_unstable_by_key(|&i| (keys[i], meta[i].loose.start, i));
        // `into[i]`: the row that row i was merged into (itself if kept).
        let mut into: Vec<usize> = (0..rows.len()).collect();
        let mut union: HashMap<usize, Span> = HashMap::new();
        let mut merged_lines = Vec::new();
        let mut groups = 0usize;
        let mut current: Option<(usize, Span)> = None;
        for &i in &order {
            if let Some((head, span)) = current.as_mut() {
                let same = keys[*head] == keys[i];
                if same && span.overlaps(&meta[i].loose) {
                    if !union.contains_key(head) {
                        groups += 1;
                        merged_lines.push(meta[*head].line);
                    }
                    *span = hull(span, &meta[i].loose);
                    union.insert(*head, *span);
                    into[i] = *head;
                    merged_lines.push(meta[i].line);
                    continue;
                }
            }
            current = Some((i, meta[i].loose));
        }
        if !self_loops.is_empty() {
            self.notes.push(Note(format!(
                "{name}: dropped {} self-relation{} (source = target) on line{} {}",
                self_loops.len(),
                plural(self_loops.len()),
                plural(self_loops.len()),
                lines(&self_loops)
            )));
        }
        if !merged_lines.is_empty() {
            merged_lines.sort_unstable();
            self.notes.push(Note(format!(
                "{name}: merged {} overlapping row{} into {groups} relation{} (same source, target and kind; their union, with the first row's weight) on line{} {}",
                merged_lines.len(),
                plural(merged_lines.len()),
                plural(groups),
                plural(merged_lines.len()),
                lines(&merged_lines)
            )));
        }
        let calendar = self.dates.calendar;
        for (&head, span) in &union {
            let during = &mut rows[head].value.during;
            *during = Spanned::new(during.span(), span_text(span, calendar));
        }
        let mut i = 0;
        rows.retain(|r| {
            let keep = into[i] == i && r.value.from.get_ref() != r.value.to.get_ref();
            i += 1;
            keep
        });
    }

    fn periods(&mut self, file: SourceFile) {
        let index = self.add_file(file);
        let file = &self.raw.files[index];
        let mut out = Vec::new();
        let dates = &mut self.dates;
        table::read(file, &PERIOD_SPEC, self.problems, |row, c, problems| {
            let id = row.get(c.at(0));
            let subject = || format!("period `{id}`");
            let cols = DateColumns {
                start: c.at(2),
                end: c.at(3),
                during: c.at(4),
                open_if_absent: false,
            };
            let dated = dates.read(file, row, cols, &subject, problems);
            let cite = cells::citations(file, row, c.at(6), &subject, problems);
            if let Some((during, _)) = dated {
                out.push(Record {
                    file: index,
                    span: row.whole(),
                    value: RawPeriod {
                        id: row.text(c.at(0)),
                        label: match row.get(c.at(1)) {
                            "" => id.to_string(),
                            label => label.to_string(),
                        },
                        during,
                        description: row.optional_string(c.at(5)),
                        cite,
                    },
                });
            }
        });
        self.raw.periods.extend(out);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Up to ten line numbers, then "...".
fn lines(lines: &[u64]) -> String {
    let mut text: Vec<String> = lines.iter().take(10).map(u64::to_string).collect();
    if lines.len() > 10 {
        text.push(format!("... ({} more)", lines.len() - 10));
    }
    text.join(", ")
}

/// The smallest span covering both.
fn hull(a: &Span, b: &Span) -> Span {
    let start = match (a.start, b.start) {
        (Some(x), Some(y)) => Some(x.min(y)),
        _ => None,
    };
    let end = match (a.end, b.end) {
        (Some(x), Some(y)) => Some(x.max(y)),
        _ => None,
    };
    Span::new(start, end)
}

/// A day-precise EDTF interval for `span` (inclusive end; `..` open).
fn span_text(span: &Span, calendar: Calendar) -> String {
    let start = span
        .start
        .map_or_else(|| "..".to_string(), |d| d.iso(calendar));
    let end = span
        .last_day()
        .map_or_else(|| "..".to_string(), |d| d.iso(calendar));
    format!("{start}/{end}")
}

/// Declares what the TOML files left undeclared.
fn synthesize(
    raw: &mut RawDataset,
    file: usize,
    kinds: Vec<(String, usize, Range<usize>)>,
    level_column: bool,
) {
    let text = |s: &str| Spanned::new(0..0, s.to_string());
    if raw.levels.is_empty() {
        let levels: Vec<(&str, &str)> = if level_column {
            WORKLOAD_LEVELS
                .iter()
                .map(|(id, label, _)| (*id, *label))
                .collect()
        } else {
            vec![SINGLE_LEVEL]
        };
        for (id, label) in levels {
            raw.levels.push(Record {
                file,
                span: 0..0,
                value: RawLevel {
                    id: text(id),
                    label: label.into(),
                    description: None,
                },
            });
        }
    }
    if raw.node_kinds.is_empty() {
        let mut kinds = kinds;
        kinds.sort_by(|a, b| a.0.cmp(&b.0));
        for (id, kind_file, span) in kinds {
            let label = capitalise(&id.replace('_', " "));
            raw.node_kinds.push(Record {
                file: kind_file,
                span: span.clone(),
                value: RawNodeKind {
                    id: Spanned::new(span, id),
                    label,
                    description: None,
                    shape: None,
                },
            });
        }
    }
    if raw.attributes.is_empty() {
        let mut seen: Vec<(String, usize, Range<usize>)> = Vec::new();
        for r in &raw.organisations {
            for s in &r.value.state {
                let a = &s.get_ref().attribute;
                if !seen.iter().any(|(id, _, _)| id == a.get_ref()) {
                    seen.push((a.get_ref().clone(), r.file, a.span()));
                }
            }
        }
        seen.sort_by(|a, b| a.0.cmp(&b.0));
        for (id, attr_file, span) in seen {
            raw.attributes.push(Record {
                file: attr_file,
                span: span.clone(),
                value: RawAttribute {
                    label: capitalise(&id.replace('_', " ")),
                    id: Spanned::new(span, id),
                    description: None,
                    values: None,
                    value_labels: Default::default(),
                },
            });
        }
    }
    if raw.relation_kinds.is_empty() {
        const KINDS: [(&str, &str, &str); 4] = [
            (
                "delegation",
                "up",
                "delegates sent by a body to a higher one",
            ),
            ("control", "down", "a higher body directing a lower one"),
            ("support", "across", "support between bodies"),
            ("conflict", "across", "conflict between bodies"),
        ];
        for (id, flow, description) in KINDS {
            raw.relation_kinds.push(Record {
                file,
                span: 0..0,
                value: RawRelationKind {
                    id: text(id),
                    label: id.into(),
                    description: Some(description.into()),
                    directed: true,
                    flow: Some(text(flow)),
                    style: None,
                    color: None,
                },
            });
        }
        // The synthesised support and conflict are opposed: a pair whose
        // relation turns from one to the other is a flip in `diff`.
        for info in &mut raw.info {
            if info.value.opposed_kinds.is_none() {
                let pair = vec![text("support"), text("conflict")];
                info.value.opposed_kinds = Some(vec![Spanned::new(0..0, pair)]);
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
