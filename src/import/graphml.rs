//! GraphML (yEd, networkx `write_graphml`, igraph `write_graphml`,
//! `councils export`) into a [`Graph`].
//!
//! `<key>` declarations name the data (`attr.name`, else the key's id);
//! `edgedefault="undirected"` and an edge's `directed` are kept. GraphML
//! has no time: the attributes named by `--start-from`/`--end-from` give
//! each node's and edge's first and last day (EDTF text, or numbers of
//! days from `--epoch` when the key is numeric); without them every
//! element is undated. Node data become the dataset's attributes, each
//! holding over the node's lifetime; edge data other than the kind and
//! `weight` are dropped. Nested graphs (yEd groups) become `part_of`; yEd's
//! graphics give a node its label and are otherwise dropped, with counts.
//! A file written by `councils export` (keys `n_during`, `n_level_rank`)
//! has its fields read back, its calendar from `g_calendar`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::xml::Element;
use super::{
    Clock, Edge, Graph, Node, Note, Options, TimeFormat, Value, positive_weight, read_file,
};
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::suggest::did_you_mean;
use crate::time::Calendar;

/// Reads the GraphML file `path` into a validated dataset, with notes.
pub fn load(path: &Path, options: &Options) -> Result<(Dataset, Vec<Note>)> {
    read(read_file(path)?, options)?.finish()
}

/// A `<key>`: what it is for, its name, type and default.
#[derive(Debug)]
struct Key {
    target: String,
    name: String,
    numeric: bool,
    graphics: bool,
    default: Option<String>,
}

/// Our export's node keys that are organisation fields (`n_` + name).
const NODE_FIELDS: [&str; 13] = [
    "name",
    "kind",
    "level",
    "level_rank",
    "during",
    "start",
    "end",
    "name_original",
    "place",
    "part_of",
    "count",
    "note",
    "certainty",
];
/// Our export's edge keys that are relation fields (`e_` + name).
const EDGE_FIELDS: [&str; 9] = [
    "relation",
    "kind",
    "directed",
    "during",
    "start",
    "end",
    "weight",
    "note",
    "certainty",
];

/// Everything [`read_node`] and [`read_edge`] need to know of the file.
struct Reading<'a> {
    keys: &'a HashMap<String, Key>,
    options: &'a Options,
    ours: bool,
    undirected: bool,
    kind_key: Option<String>,
    clock: Clock,
    dropped: BTreeMap<String, usize>,
    dropped_edge_data: BTreeMap<String, usize>,
    nested: usize,
    several: usize,
}

/// Reads GraphML text into a graph (not yet validated).
pub fn read(file: crate::load::SourceFile, options: &Options) -> Result<Graph> {
    let (root, mut g) = Graph::open(file, "GraphML", "graphml", "GEXF")?;
    let mut keys: HashMap<String, Key> = HashMap::new();
    let mut node_names: Vec<(String, usize)> = Vec::new();
    let mut edge_names: Vec<String> = Vec::new();
    for k in root.children("key") {
        let Some(id) = k.get("id") else { continue };
        let target = k.get("for").unwrap_or("all").to_string();
        let name = k.get("attr.name").unwrap_or(id).to_string();
        let numeric = matches!(
            k.get("attr.type"),
            Some("int" | "long" | "float" | "double")
        );
        let graphics = k.get("yfiles.type").is_some();
        if !graphics {
            if matches!(target.as_str(), "node" | "all") {
                node_names.push((name.clone(), k.at));
            }
            if matches!(target.as_str(), "edge" | "all") {
                edge_names.push(name.clone());
            }
        }
        keys.insert(
            id.to_string(),
            Key {
                target,
                name,
                numeric,
                graphics,
                default: k.child("default").map(|d| d.text.clone()),
            },
        );
    }
    let ours = keys.contains_key("n_during") && keys.contains_key("n_level_rank");
    let graphs: Vec<&Element> = root.children("graph").collect();
    let Some(graph) = graphs.first() else {
        g.problem(root.at, "no <graph> element".into(), None);
        return Err(Error::Invalid(g.problems));
    };
    if graphs.len() > 1 {
        g.note(format!(
            "the file holds {} graphs: only the first is imported",
            graphs.len()
        ));
    }
    let check = |name: &Option<String>, names: &[String], what: &'static str| -> Result<()> {
        match name {
            Some(n) if !names.contains(n) => Err(Error::Unknown {
                what,
                name: n.clone(),
                hint: did_you_mean(n, names.iter().map(String::as_str))
                    .or_else(|| Some(format!("the file declares: {}", names.join(", ")))),
            }),
            _ => Ok(()),
        }
    };
    let node_only: Vec<String> = node_names.iter().map(|(n, _)| n.clone()).collect();
    let mut either = node_only.clone();
    either.extend(edge_names.iter().cloned());
    check(&options.level_from, &node_only, "node attribute")?;
    check(&options.kind_from, &edge_names, "edge attribute")?;
    check(&options.start_from, &either, "attribute")?;
    check(&options.end_from, &either, "attribute")?;

    let numeric_dates = [&options.start_from, &options.end_from].iter().any(|n| {
        n.as_ref()
            .is_some_and(|n| keys.values().any(|k| k.name == *n && k.numeric))
    });
    let clock = Clock::new(
        if numeric_dates {
            TimeFormat::Number
        } else {
            TimeFormat::Date
        },
        options,
    )?;
    let kind_key = match &options.kind_from {
        Some(k) => {
            g.kind_source = Some(format!("edge attribute `{k}` (--kind-from)"));
            Some(k.clone())
        }
        None if ours => {
            g.kind_source = Some("the `kind` attribute of `councils export`".into());
            Some("kind".into())
        }
        None => ["kind", "label", "type"]
            .into_iter()
            .find(|n| edge_names.iter().any(|e| e == n))
            .map(|n| {
                g.kind_source = Some(format!(
                    "edge attribute `{n}` (guessed; choose another with --kind-from ATTR)"
                ));
                n.to_string()
            }),
    };
    g.level_source = options.level_from.clone();
    if options.start_from.is_none() && options.end_from.is_none() && !ours {
        let dateish: Vec<&str> = either
            .iter()
            .map(String::as_str)
            .filter(|n| {
                matches!(
                    n.to_lowercase().as_str(),
                    "start" | "end" | "date" | "begin" | "from" | "to" | "year"
                )
            })
            .collect();
        if !dateish.is_empty() {
            g.note(format!(
                "attribute{} {} may hold dates: every element is undated unless you name them with --start-from ATTR --end-from ATTR",
                if dateish.len() == 1 { "" } else { "s" },
                dateish
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    let reserved = |n: &str| {
        options.start_from.as_deref() == Some(n)
            || options.end_from.as_deref() == Some(n)
            || options.level_from.as_deref() == Some(n)
    };
    // Node attributes of the dataset, in declaration order.
    let mut label_from: Option<&str> = None;
    for candidate in ["label", "name"] {
        if !ours && node_only.iter().any(|n| n == candidate) {
            label_from = Some(candidate);
            break;
        }
    }
    for (name, at) in &node_names {
        let field = ours
            && keys
                .get(&format!("n_{name}"))
                .is_some_and(|_| NODE_FIELDS.contains(&name.as_str()));
        if field || reserved(name) || label_from == Some(name.as_str()) {
            continue;
        }
        if !g.attributes.contains(name) {
            g.attributes.push(name.clone());
            g.attribute_at.insert(name.clone(), *at);
        }
    }
    if let Some(l) = label_from {
        g.note(format!("node names from node attribute `{l}`"));
    }
    let mut graph_dropped: BTreeMap<String, usize> = BTreeMap::new();
    if ours {
        for d in graph.children("data") {
            let v = d.text.clone();
            match d.get("key") {
                Some("g_title") => g.title = Some(v),
                Some("g_dataset") => g.id = Some(v),
                Some("g_calendar") => g.calendar = Calendar::from_name(&v),
                _ => {}
            }
        }
    } else {
        for d in graph.children("data") {
            let name = d
                .get("key")
                .and_then(|k| keys.get(k))
                .map(|k| k.name.clone());
            if name.as_deref() == Some("name") {
                g.title = Some(d.text.clone());
            } else {
                let what = format!("graph data `{}`", name.unwrap_or_default());
                *graph_dropped.entry(what).or_default() += 1;
            }
        }
    }
    let file_data = root.children("data").count();
    if file_data > 0 {
        graph_dropped.insert("data of the whole file (yEd resources)".into(), file_data);
    }
    let mut r = Reading {
        keys: &keys,
        options,
        ours,
        undirected: graph.get("edgedefault") == Some("undirected"),
        kind_key,
        clock,
        dropped: graph_dropped,
        dropped_edge_data: BTreeMap::new(),
        nested: 0,
        several: 0,
    };
    read_graph(&mut g, &mut r, graph, None, label_from);
    if r.nested > 0 {
        g.note(format!(
            "{} node{} inside a nested graph (a yEd group): each is an organisation `part_of` the node holding the graph",
            r.nested,
            if r.nested == 1 { "" } else { "s" }
        ));
    }
    if r.several > 0 {
        g.note(format!(
            "{} value{} joined with ` → ` (GraphML holds the values an attribute took, not their dates): kept as one text over the node's lifetime",
            r.several,
            if r.several == 1 { "" } else { "s" }
        ));
    }
    if !r.dropped_edge_data.is_empty() {
        let list: Vec<String> = r
            .dropped_edge_data
            .iter()
            .map(|(k, n)| format!("`{k}` ({n})"))
            .collect();
        g.note(format!(
            "dropped edge attributes (a relation holds only kind, weight, note and certainty): {}",
            list.join(", ")
        ));
    }
    if !r.dropped.is_empty() {
        let list: Vec<String> = r
            .dropped
            .iter()
            .map(|(k, n)| format!("{k} ({n})"))
            .collect();
        g.note(format!(
            "dropped what the dataset cannot hold: {}",
            list.join(", ")
        ));
    }
    if r.clock.truncated > 0 {
        g.note(format!(
            "{} time{} of day dropped (councils counts whole days)",
            r.clock.truncated,
            if r.clock.truncated == 1 { "" } else { "s" }
        ));
    }
    if ours {
        g.notes.insert(
            0,
            Note("written by `councils export`: kinds, levels, `during` texts, notes and certainty read back from its keys".into()),
        );
    }
    Ok(g)
}

fn read_graph(
    g: &mut Graph,
    r: &mut Reading<'_>,
    graph: &Element,
    parent: Option<&(String, usize)>,
    label_from: Option<&str>,
) {
    for c in &graph.children {
        match c.local() {
            "node" => {
                let Some(id) = c.attr("id") else {
                    g.problem(c.at, "a <node> without an id".into(), None);
                    continue;
                };
                let id = (id.value.clone(), id.at);
                let node = read_node(g, r, c, &id, parent, label_from);
                g.nodes.push(node);
                for inner in c.children("graph") {
                    read_graph(g, r, inner, Some(&id), label_from);
                }
            }
            "edge" => {
                let edge = read_edge(g, r, c);
                g.edges.push(edge);
            }
            "data" | "desc" => {}
            other => *r.dropped.entry(format!("<{other}>")).or_default() += 1,
        }
    }
}

/// The `(key name, text, offset, key)` of an element's `<data>`, defaults
/// filled in for the keys of `target`.
fn data<'k>(
    e: &Element,
    keys: &'k HashMap<String, Key>,
    target: &str,
) -> Vec<(String, String, usize, Option<&'k Key>)> {
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in e.children("data") {
        let key = d.get("key").unwrap_or_default();
        seen.push(key);
        let k = keys.get(key);
        let name = k.map_or(key.to_string(), |k| k.name.clone());
        let text = if d.children.is_empty() {
            d.text.clone()
        } else {
            d.all_text()
        };
        out.push((name, text, d.at, k));
    }
    let mut defaults: Vec<(&String, &Key)> = keys
        .iter()
        .filter(|(id, k)| {
            k.default.is_some()
                && (k.target == target || k.target == "all")
                && !seen.contains(&id.as_str())
        })
        .collect();
    defaults.sort_by_key(|(id, _)| id.as_str());
    for (_, k) in defaults {
        out.push((
            k.name.clone(),
            k.default.clone().unwrap_or_default(),
            e.at,
            Some(k),
        ));
    }
    out
}

/// The EDTF text of an element's `--start-from`/`--end-from` values, if
/// it has either.
fn during(
    g: &mut Graph,
    r: &mut Reading<'_>,
    values: &[(String, String, usize, Option<&Key>)],
) -> Option<(String, usize)> {
    let mut end = |name: &Option<String>| -> Option<(String, usize)> {
        let name = name.as_ref()?;
        let (_, text, at, _) = values
            .iter()
            .find(|(n, t, _, _)| n == name && !t.trim().is_empty())?;
        let text = text.trim();
        Some(match r.clock.format {
            TimeFormat::Number => {
                let day = r.clock.day(g, text, *at)?;
                (day.iso(Calendar::Gregorian), *at)
            }
            TimeFormat::Date => match text.find('T') {
                Some(i) => {
                    r.clock.truncated += 1;
                    (text[..i].to_string(), *at)
                }
                None => (text.to_string(), *at),
            },
        })
    };
    let start = end(&r.options.start_from);
    let last = end(&r.options.end_from);
    if start.is_none() && last.is_none() {
        return None;
    }
    let at = start.as_ref().or(last.as_ref()).map_or(0, |s| s.1);
    let text = |e: Option<(String, usize)>| e.map_or_else(|| "..".to_string(), |e| e.0);
    Some((format!("{}/{}", text(start), text(last)), at))
}

fn read_node(
    g: &mut Graph,
    r: &mut Reading<'_>,
    n: &Element,
    id: &(String, usize),
    parent: Option<&(String, usize)>,
    label_from: Option<&str>,
) -> Node {
    g.subject = Some(format!("node `{}`", id.0));
    let values = data(n, r.keys, "node");
    let mut node = Node {
        id: id.clone(),
        ..Node::default()
    };
    if let Some(p) = parent {
        node.part_of = Some(p.clone());
        r.nested += 1;
    }
    if !r.ours {
        node.during = during(g, r, &values);
    }
    for (name, text, at, key) in values {
        if key.is_some_and(|k| k.graphics) {
            if node.name.is_none() && label_from.is_none() {
                let label = yed_label(n, "NodeLabel");
                if !label.is_empty() {
                    node.name = Some(label);
                }
            }
            *r.dropped.entry("yEd graphics".into()).or_default() += 1;
            continue;
        }
        if r.ours && NODE_FIELDS.contains(&name.as_str()) {
            match name.as_str() {
                "name" => node.name = Some(text),
                "kind" => node.kind = Some((text, at)),
                "level" => node.level = Some((text, at)),
                "level_rank" => node.level_rank = text.trim().parse().ok(),
                "during" => node.during = Some((text, at)),
                "name_original" => node.name_original = Some(text),
                "place" => node.place = Some(text),
                "part_of" => node.part_of = Some((text, at)),
                "count" => match text.trim().parse() {
                    Ok(c) => node.count = Some(c),
                    Err(_) => g.problem(at, format!("count `{text}` is not a whole number"), None),
                },
                "note" => node.note = Some(text),
                "certainty" => node.certainty = Some((text, at)),
                _ => {}
            }
            continue;
        }
        if r.options.level_from.as_deref() == Some(name.as_str()) {
            node.level = Some((text, at));
            continue;
        }
        if label_from == Some(name.as_str()) {
            node.name = Some(text);
            continue;
        }
        if r.options.start_from.as_deref() == Some(name.as_str())
            || r.options.end_from.as_deref() == Some(name.as_str())
        {
            continue;
        }
        if r.ours && text.contains(" → ") {
            r.several += 1;
        }
        node.values.push(Value {
            attribute: name,
            value: text,
            days: None,
            at,
        });
    }
    for c in &n.children {
        match c.local() {
            "data" | "graph" | "desc" => {}
            other => *r.dropped.entry(format!("<{other}>")).or_default() += 1,
        }
    }
    node
}

/// The text of a yEd label (`y:NodeLabel`) anywhere inside `e`.
fn yed_label(e: &Element, local: &str) -> String {
    for c in &e.children {
        if c.local() == local {
            return c.all_text().trim().to_string();
        }
        let inner = yed_label(c, local);
        if !inner.is_empty() {
            return inner;
        }
    }
    String::new()
}

fn read_edge(g: &mut Graph, r: &mut Reading<'_>, e: &Element) -> Edge {
    let directed = match e.get("directed") {
        Some("false") => false,
        Some(_) => true,
        None => !r.undirected,
    };
    let mut edge = Edge::begin(g, e, directed);
    let values = data(e, r.keys, "edge");
    if !r.ours {
        edge.during = during(g, r, &values);
    }
    for (name, text, at, key) in values {
        if key.is_some_and(|k| k.graphics) {
            *r.dropped.entry("yEd graphics".into()).or_default() += 1;
            continue;
        }
        if r.kind_key.as_deref() == Some(name.as_str()) {
            edge.kind = Some((text, at));
            continue;
        }
        if r.ours && EDGE_FIELDS.contains(&name.as_str()) {
            if name == "weight" {
                edge.weight = text.trim().parse().ok().map(|w| (w, at));
            } else {
                edge.set_exported(&name, text, at);
            }
            continue;
        }
        if r.options.start_from.as_deref() == Some(name.as_str())
            || r.options.end_from.as_deref() == Some(name.as_str())
        {
            continue;
        }
        if name == "weight" {
            match positive_weight(&text) {
                Some(w) => edge.weight = Some((w, at)),
                None => {
                    *r.dropped
                        .entry("edge weights that are not > 0".into())
                        .or_default() += 1
                }
            }
            continue;
        }
        *r.dropped_edge_data.entry(name).or_default() += 1;
    }
    for c in &e.children {
        match c.local() {
            "data" | "desc" => {}
            other => *r.dropped.entry(format!("<{other}>")).or_default() += 1,
        }
    }
    edge
}
