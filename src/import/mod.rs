//! Networks from the tools people already use: GEXF (Gephi, networkx) and
//! GraphML (yEd, networkx, igraph) files read into a dataset that
//! `validate` accepts, with [`Note`]s saying what was mapped, guessed or
//! dropped (docs/interchange.md, "Import").
//!
//! Each reader ([`gexf`], [`graphml`]) turns its file into a [`Graph`]: the
//! nodes and edges with their dates as days, their attributes, and the byte
//! offset of every value. [`Graph::finish`] then makes the raw records the
//! TOML loader would make (ids turned into slugs, kinds and levels chosen,
//! parallel edges merged) and validates them by the same rules, so every
//! problem names the XML file's line and column.

mod build;
mod days;
pub mod gexf;
pub mod graphml;
mod slugs;
mod xml;

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::load::SourceFile;
use crate::time::Calendar;

pub use crate::load::csv::Note;
pub use days::{Clock, Days, TimeFormat};
pub use slugs::slug;

/// What the user tells the importer about the file.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The edge attribute holding the relation kind.
    pub kind_from: Option<String>,
    /// The node attribute holding the level.
    pub level_from: Option<String>,
    /// The attribute holding each element's first day (GraphML).
    pub start_from: Option<String>,
    /// The attribute holding each element's last day, inclusive (GraphML).
    pub end_from: Option<String>,
    /// Day 0 of numeric times (`timeformat="double"`, numbers in
    /// `--start-from`), a Gregorian EDTF day.
    pub epoch: Option<String>,
}

/// The organisation kind given to every node when the file names none.
const NODE_KIND: &str = "organisation";
/// The relation kind given to edges when the file names none.
const RELATION_KIND: &str = "relation";
/// The one level of a file that names none.
const LEVEL: (&str, &str) = ("all", "All organisations");

/// A value and the byte offset it was read at.
pub type At<T> = (T, usize);

/// A node as read from the file.
#[derive(Debug, Default)]
pub struct Node {
    pub id: At<String>,
    pub name: Option<String>,
    /// The EDTF lifetime as written by `councils export` (`during`).
    pub during: Option<At<String>>,
    /// The lifetime's intervals as days (spells, `start`/`end`).
    pub spells: Vec<Days>,
    pub kind: Option<At<String>>,
    pub level: Option<At<String>>,
    pub level_rank: Option<usize>,
    pub name_original: Option<String>,
    pub place: Option<String>,
    pub part_of: Option<At<String>>,
    pub count: Option<u32>,
    pub note: Option<String>,
    pub certainty: Option<At<String>>,
    /// Attribute values, each over the whole lifetime or its own days.
    pub values: Vec<Value>,
}

/// One value of a node attribute.
#[derive(Debug)]
pub struct Value {
    pub attribute: String,
    pub value: String,
    pub days: Option<Days>,
    pub at: usize,
}

/// An edge as read from the file.
#[derive(Debug, Default)]
pub struct Edge {
    pub id: Option<At<String>>,
    pub at: usize,
    pub source: At<String>,
    pub target: At<String>,
    pub kind: Option<At<String>>,
    pub directed: bool,
    /// The relation id as written by `councils export`.
    pub relation: Option<String>,
    pub during: Option<At<String>>,
    pub spells: Vec<Days>,
    pub weight: Option<At<f64>>,
    pub note: Option<String>,
    pub certainty: Option<At<String>>,
}

impl Edge {
    /// An `<edge>` element's id, place and ends (a missing end is a problem
    /// of `g`, which then names the edge in its problems), running one way
    /// if `directed`.
    pub fn begin(g: &mut Graph, e: &xml::Element, directed: bool) -> Self {
        let end = |name: &str| {
            e.attr(name)
                .map_or((String::new(), e.at), |a| (a.value.clone(), a.at))
        };
        let (source, target) = (end("source"), end("target"));
        g.subject = Some(format!("edge `{} -> {}`", source.0, target.0));
        for (name, v) in [("source", &source), ("target", &target)] {
            if v.0.is_empty() {
                g.problem(e.at, format!("an <edge> without a {name}"), None);
            }
        }
        Self {
            id: e.attr("id").map(|a| (a.value.clone(), a.at)),
            at: e.at,
            source,
            target,
            directed,
            ..Self::default()
        }
    }

    /// Sets the field that `councils export` writes as the edge attribute
    /// `title` (`relation`, `directed`, `during`, `note`, `certainty`);
    /// any other title is left to the caller.
    pub fn set_exported(&mut self, title: &str, value: String, at: usize) {
        match title {
            "relation" => self.relation = Some(value),
            "directed" => self.directed = value.trim() != "false",
            "during" => self.during = Some((value, at)),
            "note" => self.note = Some(value),
            "certainty" => self.certainty = Some((value, at)),
            _ => {}
        }
    }
}

/// A weight as the dataset takes it: a finite number above 0.
pub fn positive_weight(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|w| *w > 0.0 && w.is_finite())
}

/// A file read into nodes and edges, before ids, kinds and levels are
/// settled.
#[derive(Debug)]
pub struct Graph {
    pub file: SourceFile,
    /// `GEXF` or `GraphML`, for messages.
    pub format: &'static str,
    pub id: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub calendar: Option<Calendar>,
    /// Node attributes in declaration order (their names in the file).
    pub attributes: Vec<String>,
    /// Where each node attribute was declared.
    pub attribute_at: HashMap<String, usize>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub notes: Vec<Note>,
    pub problems: Diagnostics,
    /// What the user named the kind source, for the note (`--kind-from`).
    pub kind_source: Option<String>,
    pub level_source: Option<String>,
    /// The element being read (`node `A``), named in problems.
    pub subject: Option<String>,
}

impl Graph {
    /// Parses `file` as XML whose root element must be `<root>`: the root
    /// and an empty graph of `format`, or the problem (a file of the other
    /// format, `other`, is named in the hint).
    pub fn open(
        file: SourceFile,
        format: &'static str,
        root: &str,
        other: &str,
    ) -> Result<(xml::Element, Self)> {
        let element = xml::parse(&file).map_err(|d| Error::Invalid(Diagnostics(vec![d])))?;
        let mut g = Self::new(file, format);
        if element.local() != root {
            g.problem(
                element.at,
                format!("the root element is <{}>, not <{root}>", element.name),
                Some(format!(
                    "is this a {other} file? use `councils import {}`",
                    other.to_lowercase()
                )),
            );
            return Err(Error::Invalid(g.problems));
        }
        Ok((element, g))
    }

    /// An empty graph read from `file`.
    pub fn new(file: SourceFile, format: &'static str) -> Self {
        Self {
            file,
            format,
            id: None,
            title: None,
            description: None,
            calendar: None,
            attributes: Vec::new(),
            attribute_at: HashMap::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            notes: Vec::new(),
            problems: Diagnostics::default(),
            kind_source: None,
            level_source: None,
            subject: None,
        }
    }

    /// Records a problem at byte `at`.
    pub fn problem(&mut self, at: usize, message: String, hint: Option<String>) {
        let mut d = Diagnostic::new(self.file.location(at), message).hint(hint);
        if let Some(s) = &self.subject {
            d = d.about(s.clone());
        }
        self.problems.push(d);
    }

    /// Records a note.
    pub fn note(&mut self, text: String) {
        self.notes.push(Note(text));
    }
}

/// Reads a file's text, reporting a file that is not UTF-8 at its first
/// bad byte.
pub fn read_file(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
            let d = Diagnostic::new(
                SourceFile::new(name, valid).location(offset),
                format!("the file is not valid UTF-8 (bad byte at offset {offset})"),
            )
            .hint(Some("GEXF and GraphML files are read as UTF-8".into()));
            Err(Error::Invalid(Diagnostics(vec![d])))
        }
    }
}
