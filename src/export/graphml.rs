//! GraphML of one snapshot (or of the whole dataset, every element with
//! its dates as attributes), for yEd, Cytoscape and networkx.
//!
//! GraphML has no time: a snapshot is the natural unit. Every field is
//! declared as a `<key>` with its type (`string`, `int`, `double`,
//! `boolean`); node keys are prefixed `n_`, edge keys `e_`, graph keys
//! `g_` (their `attr.name` is the plain field name). Each attribute of the
//! dataset (`majority`, ...) becomes a node field holding its value in the
//! window, joined with ` → ` where it changed inside it (all values, for the
//! whole dataset). `start`/`end` are the first and last day, **inclusive**,
//! Gregorian ISO; absent when open.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::xml::{attr, text_element};
use super::{Scope, edge_ids};

struct Key {
    id: String,
    target: &'static str,
    name: String,
    kind: &'static str,
}

struct Item {
    id: String,
    source_target: Option<(String, String)>,
    data: Vec<(String, String)>,
}

/// The document's head; nodes and edges are made one at a time as they
/// are written ([`node`], [`edge`]), so a large dataset is never held twice.
struct GraphMl {
    keys: Vec<Key>,
    graph_data: Vec<(String, String)>,
}

const NODE_FIELDS: [(&str, &str); 13] = [
    ("name", "string"),
    ("kind", "string"),
    ("level", "string"),
    ("level_rank", "int"),
    ("during", "string"),
    ("start", "string"),
    ("end", "string"),
    ("name_original", "string"),
    ("place", "string"),
    ("part_of", "string"),
    ("count", "int"),
    ("note", "string"),
    ("certainty", "string"),
];
const EDGE_FIELDS: [(&str, &str); 9] = [
    ("relation", "string"),
    ("kind", "string"),
    ("directed", "boolean"),
    ("during", "string"),
    ("start", "string"),
    ("end", "string"),
    ("weight", "double"),
    ("note", "string"),
    ("certainty", "string"),
];
const GRAPH_FIELDS: [&str; 5] = ["title", "dataset", "calendar", "slice", "reading"];

fn build(scope: &Scope<'_>) -> GraphMl {
    let d = scope.dataset;
    let mut keys: Vec<Key> = Vec::new();
    for name in GRAPH_FIELDS {
        keys.push(Key {
            id: format!("g_{name}"),
            target: "graph",
            name: name.into(),
            kind: "string",
        });
    }
    for (name, kind) in NODE_FIELDS {
        keys.push(Key {
            id: format!("n_{name}"),
            target: "node",
            name: name.into(),
            kind,
        });
    }
    for a in &d.attributes {
        if NODE_FIELDS.iter().any(|(n, _)| *n == a.id) {
            continue;
        }
        keys.push(Key {
            id: format!("n_{}", a.id),
            target: "node",
            name: a.id.clone(),
            kind: "string",
        });
    }
    for (name, kind) in EDGE_FIELDS {
        keys.push(Key {
            id: format!("e_{name}"),
            target: "edge",
            name: name.into(),
            kind,
        });
    }
    let mut graph_data = vec![
        ("g_title".to_string(), d.info.title.clone()),
        ("g_dataset".to_string(), d.info.id.clone()),
        (
            "g_calendar".to_string(),
            super::calendar_name(d.info.calendar).to_string(),
        ),
        (
            "g_reading".to_string(),
            match scope.reading {
                crate::time::Reading::Loose => "loose".into(),
                crate::time::Reading::Strict => "strict".into(),
            },
        ),
    ];
    if let Some((label, _)) = &scope.slice {
        graph_data.insert(3, ("g_slice".into(), label.clone()));
    }
    GraphMl { keys, graph_data }
}

/// Adds `(key, value)` if there is a value.
fn push(data: &mut Vec<(String, String)>, key: &str, v: Option<String>) {
    if let Some(v) = v {
        data.push((key.to_string(), v));
    }
}

/// The `<node>` of organisation `o`.
fn node(scope: &Scope<'_>, o: &crate::model::Organisation) -> Item {
    let d = scope.dataset;
    let mut data = Vec::new();
    let (start, end) = scope.days(&o.during);
    push(&mut data, "n_name", Some(o.name.clone()));
    push(&mut data, "n_kind", Some(o.kind.clone()));
    push(&mut data, "n_level", Some(d.level(o.level).id.clone()));
    push(&mut data, "n_level_rank", Some(o.level.to_string()));
    push(&mut data, "n_during", Some(o.during.text.clone()));
    push(&mut data, "n_start", start);
    push(&mut data, "n_end", end);
    push(&mut data, "n_name_original", o.name_original.clone());
    push(&mut data, "n_place", o.place.clone());
    push(&mut data, "n_part_of", o.part_of.clone());
    push(&mut data, "n_count", o.count.map(|c| c.to_string()));
    push(&mut data, "n_note", o.note.clone());
    push(&mut data, "n_certainty", Some(o.certainty.name().into()));
    let states = scope.states(o);
    for a in &d.attributes {
        let values: Vec<&str> = states
            .iter()
            .filter(|s| s.attribute == a.id)
            .map(|s| s.value.as_str())
            .collect();
        if !values.is_empty() && !NODE_FIELDS.iter().any(|(n, _)| *n == a.id) {
            data.push((format!("n_{}", a.id), values.join(" → ")));
        }
    }
    Item {
        id: o.id.clone(),
        source_target: None,
        data,
    }
}

/// The `<edge>` of relation `r` with GraphML id `id`.
fn edge(scope: &Scope<'_>, r: &crate::model::Relation, id: &str) -> Item {
    let mut data = Vec::new();
    let (start, end) = scope.days(&r.during);
    let directed = scope
        .dataset
        .relation_kind(&r.kind)
        .is_none_or(|k| k.directed);
    push(&mut data, "e_relation", Some(r.id().into_owned()));
    push(&mut data, "e_kind", Some(r.kind.to_string()));
    push(&mut data, "e_directed", Some(directed.to_string()));
    push(&mut data, "e_during", Some(r.during.text.clone()));
    push(&mut data, "e_start", start);
    push(&mut data, "e_end", end);
    push(&mut data, "e_weight", r.weight.map(|w| format!("{w:?}")));
    push(&mut data, "e_note", r.note.clone());
    push(&mut data, "e_certainty", Some(r.certainty.name().into()));
    Item {
        id: id.to_string(),
        source_target: Some((r.from.to_string(), r.to.to_string())),
        data,
    }
}

/// Writes the scope as GraphML.
pub fn write<W: Write>(w: W, scope: &Scope<'_>) -> io::Result<()> {
    let g = build(scope);
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("graphml");
    root.push_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
    ));
    x.write_event(Event::Start(root))?;
    for k in &g.keys {
        x.create_element("key")
            .with_attributes([
                attr("id", &k.id),
                attr("for", k.target),
                attr("attr.name", &k.name),
                attr("attr.type", k.kind),
            ])
            .write_empty()?;
    }
    let mut graph = BytesStart::new("graph");
    graph.push_attribute(("id", "G"));
    graph.push_attribute(("edgedefault", "directed"));
    x.write_event(Event::Start(graph))?;
    for (k, v) in &g.graph_data {
        text_element(&mut x, "data", &[("key", k)], v)?;
    }
    for o in scope.organisations() {
        write_item(&mut x, &node(scope, o))?;
    }
    let ids = edge_ids(scope.dataset);
    for (r, pos) in scope.relations() {
        write_item(&mut x, &edge(scope, r, &ids[pos]))?;
    }
    x.write_event(Event::End(BytesEnd::new("graph")))?;
    x.write_event(Event::End(BytesEnd::new("graphml")))?;
    x.get_mut().write_all(b"\n")
}

fn write_item<W: Write>(x: &mut Writer<W>, item: &Item) -> io::Result<()> {
    let el = match &item.source_target {
        Some((s, t)) => x.create_element("edge").with_attributes([
            attr("id", &item.id),
            attr("source", s),
            attr("target", t),
        ]),
        None => x
            .create_element("node")
            .with_attribute(attr("id", &item.id)),
    };
    if item.data.is_empty() {
        return el.write_empty().map(|_| ());
    }
    el.write_inner_content(|x| {
        for (k, v) in &item.data {
            text_element(x, "data", &[("key", k)], v)?;
        }
        Ok(())
    })?;
    Ok(())
}
