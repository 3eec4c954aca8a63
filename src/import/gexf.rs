//! GEXF 1.1–1.3 (Gephi, networkx `write_gexf`, `councils export`), static
//! or dynamic, into a [`Graph`].
//!
//! Node and edge `start`/`end` (and 1.2's `startopen`/`endopen`, 1.3's
//! `timestamp` and `timestamps`) and `<spells>` give days; every interval is inclusive, as
//! GEXF reads it. `timeformat` `date`/`dateTime` are Gregorian dates;
//! `integer`, `long`, `double` (the default) are day numbers from
//! `--epoch`. Node attributes become the dataset's attributes (a static
//! value holds over the node's lifetime, a dynamic one over its own days);
//! edges keep their kind (see [`kind_source`]), weight and direction, and
//! their other attributes are dropped (a relation has none). A file
//! written by `councils export` is recognised by its creator, and its
//! fields (`kind`, `level`, `during`, ...) go back where they came from.
//! Elements of extensions (`viz:*`) and `<parents>` are counted and
//! reported as dropped; nested `<nodes>` (a hierarchy) and `pid` become
//! `part_of`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::xml::Element;
use super::{
    Clock, Days, Edge, Graph, Node, Note, Options, TimeFormat, Value, positive_weight, read_file,
};
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::suggest::did_you_mean;

/// Our export's static node attributes that are organisation fields.
const NODE_FIELDS: [&str; 10] = [
    "kind",
    "level",
    "level_rank",
    "during",
    "name_original",
    "place",
    "part_of",
    "count",
    "note",
    "certainty",
];
/// Our export's edge attributes that are relation fields.
const EDGE_FIELDS: [&str; 6] = [
    "relation",
    "kind",
    "directed",
    "during",
    "note",
    "certainty",
];

/// Reads the GEXF file `path` into a validated dataset, with notes.
pub fn load(path: &Path, options: &Options) -> Result<(Dataset, Vec<Note>)> {
    read(read_file(path)?, options)?.finish()
}

/// A declared attribute: its title and default value.
struct Declared {
    title: String,
    default: Option<String>,
}

/// Where the relation kind comes from.
#[derive(Clone, Debug, PartialEq)]
enum KindSource {
    /// An edge attribute (its id).
    Attribute(String),
    /// The XML attribute `label` or `kind` of `<edge>`.
    Xml(&'static str),
    None,
}

/// Reads GEXF text into a graph (not yet validated).
pub fn read(file: crate::load::SourceFile, options: &Options) -> Result<Graph> {
    let (root, mut g) = Graph::open(file, "GEXF", "gexf", "GraphML")?;
    let creator_ours = root
        .child("meta")
        .and_then(|m| m.child("creator"))
        .is_some_and(|c| c.text.trim().starts_with("councils"));
    if let Some(meta) = root.child("meta") {
        g.title = meta.child("title").map(|t| t.text.trim().to_string());
        g.description = meta.child("description").map(|t| t.text.trim().to_string());
    }
    let Some(graph) = root.child("graph") else {
        g.problem(root.at, "no <graph> element".into(), None);
        return Err(Error::Invalid(g.problems));
    };
    let format = match graph.get("timeformat").unwrap_or("double") {
        "date" | "dateTime" | "datetime" => TimeFormat::Date,
        "integer" | "long" | "double" | "float" => TimeFormat::Number,
        other => {
            let at = graph.attr("timeformat").map_or(graph.at, |a| a.at);
            g.problem(
                at,
                format!("unknown timeformat `{other}`"),
                Some(
                    "GEXF allows date, dateTime, integer, double (and networkx writes long)".into(),
                ),
            );
            return Err(Error::Invalid(g.problems));
        }
    };
    let mut clock = Clock::new(format, options)?;
    let undirected_default = graph.get("defaultedgetype") == Some("undirected");

    // Declarations: id -> title (and default), per class.
    let mut node_decl: BTreeMap<String, Declared> = BTreeMap::new();
    let mut edge_decl: BTreeMap<String, Declared> = BTreeMap::new();
    // (title, static, offset) of the node attributes, in order.
    let mut node_titles: Vec<(String, bool, usize)> = Vec::new();
    let mut edge_titles: Vec<String> = Vec::new();
    for block in graph.children("attributes") {
        let edge = block.get("class") == Some("edge");
        for a in block.children("attribute") {
            let Some(id) = a.get("id") else { continue };
            let title = a.get("title").unwrap_or(id).to_string();
            let default = a.child("default").map(|d| d.text.trim().to_string());
            if edge {
                edge_titles.push(title.clone());
                edge_decl.insert(id.to_string(), Declared { title, default });
            } else {
                let fixed = block.get("mode") != Some("dynamic");
                node_titles.push((title.clone(), fixed, a.at));
                node_decl.insert(id.to_string(), Declared { title, default });
            }
        }
    }
    // Ours: written by `councils export`, or re-saved by Gephi with our
    // attributes (Gephi rewrites the creator, and may renumber ids).
    let has = |titles: &[&str], all: &[String]| titles.iter().all(|t| all.iter().any(|a| a == t));
    let static_titles: Vec<String> = node_titles
        .iter()
        .filter(|(_, fixed, _)| *fixed)
        .map(|(t, _, _)| t.clone())
        .collect();
    let ours = creator_ours
        || (has(&["during", "level_rank", "kind", "level"], &static_titles)
            && has(&["relation", "directed", "during", "kind"], &edge_titles));
    for (title, fixed, at) in node_titles {
        let is_field = ours && fixed && NODE_FIELDS.contains(&title.as_str());
        if !is_field && options.level_from.as_deref() != Some(title.as_str()) {
            g.attribute_at.insert(title.clone(), at);
            g.attributes.push(title);
        }
    }

    let edges: Vec<&Element> = graph
        .child("edges")
        .map(|e| e.children("edge").collect())
        .unwrap_or_default();
    let kind = kind_source(&mut g, options, ours, &edge_decl, &edges)?;
    if let Some(level) = &options.level_from
        && ours_or_declared(&node_decl, level).is_none()
    {
        let titles: Vec<&str> = node_decl.values().map(|d| d.title.as_str()).collect();
        return Err(Error::Unknown {
            what: "node attribute",
            name: level.clone(),
            hint: did_you_mean(level, titles.iter().copied())
                .or_else(|| Some(format!("the file declares: {}", titles.join(", ")))),
        });
    }
    g.level_source = options.level_from.clone();

    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    let mut nested = 0usize;
    if let Some(nodes) = graph.child("nodes") {
        read_nodes(
            &mut g,
            &mut clock,
            nodes,
            None,
            ours,
            options,
            &node_decl,
            &mut dropped,
            &mut nested,
        );
    }
    let mut bad_weights = 0usize;
    let mut dropped_edge_attrs: BTreeMap<String, usize> = BTreeMap::new();
    for e in edges {
        let edge = read_edge(
            &mut g,
            &mut clock,
            e,
            ours,
            undirected_default,
            &kind,
            &edge_decl,
            &mut dropped,
            &mut dropped_edge_attrs,
            &mut bad_weights,
        );
        g.edges.push(edge);
    }
    for c in &graph.children {
        if !matches!(c.local(), "attributes" | "nodes" | "edges") {
            *dropped.entry(c.name.clone()).or_default() += 1;
        }
    }
    for c in root.child("meta").map_or(&[][..], |m| &m.children[..]) {
        if !matches!(c.local(), "creator" | "title" | "description") {
            *dropped.entry(format!("meta {}", c.name)).or_default() += 1;
        }
    }
    if nested > 0 {
        g.note(format!(
            "{nested} node{} inside another node (a GEXF hierarchy, nested or by `pid`): each is an organisation `part_of` its parent",
            if nested == 1 { "" } else { "s" }
        ));
    }
    if bad_weights > 0 {
        g.note(format!(
            "dropped {bad_weights} edge weight{} that were not positive numbers (a relation's weight must be > 0)",
            if bad_weights == 1 { "" } else { "s" }
        ));
    }
    if !dropped_edge_attrs.is_empty() {
        let list: Vec<String> = dropped_edge_attrs
            .iter()
            .map(|(k, n)| format!("`{k}` ({n})"))
            .collect();
        g.note(format!(
            "dropped edge attributes (a relation holds only kind, weight, note and certainty): {}",
            list.join(", ")
        ));
    }
    if !dropped.is_empty() {
        let list: Vec<String> = dropped
            .iter()
            .map(|(k, n)| format!("<{k}> ({n})"))
            .collect();
        g.note(format!(
            "dropped elements the dataset cannot hold: {}",
            list.join(", ")
        ));
    }
    if clock.truncated > 0 {
        g.note(format!(
            "{} time{} of day dropped (councils counts whole days)",
            clock.truncated,
            if clock.truncated == 1 { "" } else { "s" }
        ));
    }
    if ours {
        let how = if creator_ours {
            "written by `councils export`"
        } else {
            "written by `councils export` and saved again by another tool (recognised by its attributes)"
        };
        g.notes.insert(
            0,
            Note(format!("{how}: kinds, levels, `during` texts, notes and certainty read back from its attributes")),
        );
    }
    Ok(g)
}

/// The declaration titled or identified `name`.
fn ours_or_declared<'d>(decl: &'d BTreeMap<String, Declared>, name: &str) -> Option<&'d str> {
    decl.iter()
        .find(|(id, d)| d.title == name || *id == name)
        .map(|(id, _)| id.as_str())
}

/// Chooses where relation kinds come from (`--kind-from`, else our
/// export's `kind`, the edges' `kind` or `label`, an attribute titled
/// `kind` or `type`), and says so in a note.
fn kind_source(
    g: &mut Graph,
    options: &Options,
    ours: bool,
    decl: &BTreeMap<String, Declared>,
    edges: &[&Element],
) -> Result<KindSource> {
    if let Some(name) = &options.kind_from {
        if let Some(id) = ours_or_declared(decl, name) {
            g.kind_source = Some(format!("edge attribute `{name}` (--kind-from)"));
            return Ok(KindSource::Attribute(id.to_string()));
        }
        for xml in ["label", "kind"] {
            if name == xml {
                g.kind_source = Some(format!("edge `{xml}`s (--kind-from)"));
                return Ok(KindSource::Xml(xml));
            }
        }
        let mut known: Vec<&str> = decl.values().map(|d| d.title.as_str()).collect();
        known.extend(["label", "kind"]);
        return Err(Error::Unknown {
            what: "edge attribute",
            name: name.clone(),
            hint: did_you_mean(name, known.iter().copied())
                .or_else(|| Some(format!("the edges have: {}", known.join(", ")))),
        });
    }
    if ours && let Some(id) = ours_or_declared(decl, "kind") {
        g.kind_source = Some("the `kind` attribute of `councils export`".into());
        return Ok(KindSource::Attribute(id.to_string()));
    }
    if edges.iter().any(|e| e.get("kind").is_some()) {
        g.kind_source =
            Some("the edges' `kind` (guessed; choose another with --kind-from ATTR)".into());
        return Ok(KindSource::Xml("kind"));
    }
    for title in ["kind", "type"] {
        if let Some(id) = ours_or_declared(decl, title) {
            g.kind_source = Some(format!(
                "edge attribute `{title}` (guessed; choose another with --kind-from ATTR)"
            ));
            return Ok(KindSource::Attribute(id.to_string()));
        }
    }
    if edges.iter().any(|e| e.get("label").is_some()) {
        g.kind_source =
            Some("the edges' labels (guessed; choose another with --kind-from ATTR)".into());
        return Ok(KindSource::Xml("label"));
    }
    Ok(KindSource::None)
}

/// The days of an element or value from its `start`/`end`, `startopen`/
/// `endopen` and `timestamp`; `None` if it has none of them.
fn interval(g: &mut Graph, clock: &mut Clock, e: &Element) -> Option<Days> {
    let mut day = |name: &str| {
        e.attr(name)
            .map(|a| (a.value.clone(), a.at))
            .and_then(|(v, at)| clock.day(g, &v, at))
    };
    if e.attr("timestamp").is_some() {
        let d = day("timestamp");
        return Some(Days { first: d, last: d });
    }
    let has = ["start", "end", "startopen", "endopen"]
        .iter()
        .any(|n| e.attr(n).is_some());
    if !has {
        return None;
    }
    let first = day("start").or_else(|| day("startopen").map(crate::time::Day::next));
    let last = day("end").or_else(|| day("endopen").map(crate::time::Day::prev));
    Some(Days { first, last })
}

/// The spells of an element: its `<spells>` or its own `start`/`end`.
fn spells(g: &mut Graph, clock: &mut Clock, e: &Element) -> Vec<Days> {
    let mut out = Vec::new();
    if let Some(s) = e.child("spells") {
        for spell in s.children("spell") {
            out.extend(interval(g, clock, spell));
        }
    }
    if out.is_empty() {
        out.extend(interval(g, clock, e));
    }
    // GEXF 1.3 timestamps: `timestamps="<[1, 4, 7]>"`, one day each.
    if let Some(list) = e.attr("timestamps") {
        let inner = list
            .value
            .trim()
            .trim_start_matches(['<', '['])
            .trim_end_matches([']', '>']);
        for stamp in inner
            .split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let day = clock.day(g, stamp, list.at);
            out.push(Days {
                first: day,
                last: day,
            });
        }
    }
    out
}

/// The `(attribute id, value, days, offset)` of an element's attvalues.
fn attvalues(
    g: &mut Graph,
    clock: &mut Clock,
    e: &Element,
) -> Vec<(String, String, Option<Days>, usize)> {
    let mut out = Vec::new();
    for block in e.children("attvalues") {
        for v in block.children("attvalue") {
            let Some(key) = v.get("for").or_else(|| v.get("id")) else {
                continue;
            };
            let value = v.get("value").unwrap_or_default().to_string();
            let at = v.attr("value").map_or(v.at, |a| a.at);
            let days = interval(g, clock, v);
            out.push((key.to_string(), value, days, at));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn read_nodes(
    g: &mut Graph,
    clock: &mut Clock,
    nodes: &Element,
    parent: Option<&(String, usize)>,
    ours: bool,
    options: &Options,
    decl: &BTreeMap<String, Declared>,
    dropped: &mut BTreeMap<String, usize>,
    nested: &mut usize,
) {
    for n in nodes.children("node") {
        let Some(id) = n.attr("id") else {
            g.problem(n.at, "a <node> without an id".into(), None);
            continue;
        };
        let id = (id.value.clone(), id.at);
        g.subject = Some(format!("node `{}`", id.0));
        let mut node = Node {
            id: id.clone(),
            name: n.get("label").map(str::to_string),
            spells: spells(g, clock, n),
            ..Node::default()
        };
        if let Some(p) = parent {
            node.part_of = Some(p.clone());
            *nested += 1;
        } else if let Some(pid) = n.attr("pid") {
            node.part_of = Some((pid.value.clone(), pid.at));
            *nested += 1;
        }
        let mut seen: HashMap<String, ()> = HashMap::new();
        for (key, value, days, at) in attvalues(g, clock, n) {
            let title = decl.get(&key).map_or(key.clone(), |d| d.title.clone());
            seen.insert(key.clone(), ());
            if options.level_from.as_deref() == Some(title.as_str()) {
                node.level = Some((value, at));
                continue;
            }
            if ours && days.is_none() && NODE_FIELDS.contains(&title.as_str()) {
                field(g, &mut node, &title, value, at);
                continue;
            }
            node.values.push(Value {
                attribute: title,
                value,
                days,
                at,
            });
        }
        for (key, d) in decl {
            if let Some(default) = &d.default
                && !seen.contains_key(key)
                && !(ours && NODE_FIELDS.contains(&d.title.as_str()))
            {
                if options.level_from.as_deref() == Some(d.title.as_str()) {
                    node.level = Some((default.clone(), n.at));
                } else {
                    node.values.push(Value {
                        attribute: d.title.clone(),
                        value: default.clone(),
                        days: None,
                        at: n.at,
                    });
                }
            }
        }
        for c in &n.children {
            match c.local() {
                "attvalues" | "spells" | "nodes" | "edges" => {}
                _ => *dropped.entry(c.name.clone()).or_default() += 1,
            }
        }
        g.nodes.push(node);
        if let Some(inner) = n.child("nodes") {
            read_nodes(
                g,
                clock,
                inner,
                Some(&id),
                ours,
                options,
                decl,
                dropped,
                nested,
            );
        }
        if let Some(inner) = n.child("edges") {
            *dropped.entry("edges inside a node".into()).or_default() += inner.children.len();
        }
    }
}

/// Puts one of our export's static node attributes back in its field.
fn field(g: &mut Graph, node: &mut Node, key: &str, value: String, at: usize) {
    match key {
        "kind" => node.kind = Some((value, at)),
        "level" => node.level = Some((value, at)),
        "level_rank" => node.level_rank = value.parse().ok(),
        "during" => node.during = Some((value, at)),
        "name_original" => node.name_original = Some(value),
        "place" => node.place = Some(value),
        "part_of" => node.part_of = Some((value, at)),
        "count" => match value.parse() {
            Ok(c) => node.count = Some(c),
            Err(_) => g.problem(at, format!("count `{value}` is not a whole number"), None),
        },
        "note" => node.note = Some(value),
        _ => node.certainty = Some((value, at)),
    }
}

#[allow(clippy::too_many_arguments)]
fn read_edge(
    g: &mut Graph,
    clock: &mut Clock,
    e: &Element,
    ours: bool,
    undirected_default: bool,
    kind: &KindSource,
    decl: &BTreeMap<String, Declared>,
    dropped: &mut BTreeMap<String, usize>,
    dropped_attrs: &mut BTreeMap<String, usize>,
    bad_weights: &mut usize,
) -> Edge {
    let directed = match e.get("type") {
        // `mutual`: both ways, which a symmetric kind is.
        Some("undirected" | "mutual") => false,
        Some(_) => true,
        None => !undirected_default,
    };
    let mut edge = Edge::begin(g, e, directed);
    edge.spells = spells(g, clock, e);
    if let KindSource::Xml(name) = kind {
        edge.kind = e.attr(name).map(|a| (a.value.clone(), a.at));
    }
    if let Some(w) = e.attr("weight") {
        match positive_weight(&w.value) {
            Some(x) => edge.weight = Some((x, w.at)),
            None => *bad_weights += 1,
        }
    }
    for (key, value, _days, at) in attvalues(g, clock, e) {
        if let KindSource::Attribute(id) = kind
            && *id == key
        {
            edge.kind = Some((value, at));
            continue;
        }
        let title = decl.get(&key).map_or(key, |d| d.title.clone());
        if ours && EDGE_FIELDS.contains(&title.as_str()) {
            edge.set_exported(&title, value, at);
            continue;
        }
        if title == "weight" && edge.weight.is_none() {
            match positive_weight(&value) {
                Some(x) => edge.weight = Some((x, at)),
                None => *bad_weights += 1,
            }
            continue;
        }
        *dropped_attrs.entry(title).or_default() += 1;
    }
    for c in &e.children {
        match c.local() {
            "attvalues" | "spells" => {}
            _ => *dropped.entry(c.name.clone()).or_default() += 1,
        }
    }
    edge
}
