//! GEXF 1.3 with the whole timeline, for Gephi's timeline and networkx.
//!
//! The graph is `mode="dynamic"`, `timeformat="date"`: every node and edge
//! has a `<spell>` with its first and last day (both **inclusive**, as GEXF
//! reads `start`/`end`; a missing bound is open), in the proleptic
//! Gregorian calendar Gephi's time line uses. Each attribute of the dataset
//! (`majority`, ...) is a dynamic node attribute whose values carry their
//! own `start`/`end`. Static attributes give kind, level, the EDTF text as
//! written, and the other fields. All edges are directed (a symmetric kind
//! is marked `directed = false`): networkx refuses undirected edges in a
//! directed graph.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::xml::{attr, text_element};
use super::{Scope, edge_ids};

/// An attribute declaration.
struct Key {
    id: String,
    title: String,
    kind: &'static str,
}

/// A value, with its own interval for dynamic attributes.
struct Value {
    key: String,
    value: String,
    start: Option<String>,
    end: Option<String>,
}

struct Element {
    id: String,
    label: String,
    source_target: Option<(String, String)>,
    weight: Option<f64>,
    values: Vec<Value>,
    spell: (Option<String>, Option<String>),
}

/// The document's head; nodes and edges are made one at a time as they
/// are written ([`node`], [`edge`]), so a large dataset is never held twice.
struct Gexf {
    title: String,
    description: String,
    node_static: Vec<Key>,
    node_dynamic: Vec<Key>,
    edge_static: Vec<Key>,
}

fn key(id: &str, kind: &'static str) -> Key {
    Key {
        id: id.into(),
        title: id.into(),
        kind,
    }
}

fn value(key: &str, v: impl Into<String>) -> Value {
    Value {
        key: key.into(),
        value: v.into(),
        start: None,
        end: None,
    }
}

fn build(scope: &Scope<'_>) -> Gexf {
    let d = scope.dataset;
    let node_static = [
        ("kind", "string"),
        ("level", "string"),
        ("level_rank", "integer"),
        ("during", "string"),
        ("name_original", "string"),
        ("place", "string"),
        ("part_of", "string"),
        ("count", "integer"),
        ("note", "string"),
        ("certainty", "string"),
    ]
    .into_iter()
    .map(|(id, kind)| key(id, kind))
    .collect();
    let node_dynamic = d
        .attributes
        .iter()
        .map(|a| Key {
            id: a.id.clone(),
            title: a.id.clone(),
            kind: "string",
        })
        .collect();
    let edge_static = [
        ("relation", "string"),
        ("kind", "string"),
        ("directed", "boolean"),
        ("during", "string"),
        ("note", "string"),
        ("certainty", "string"),
    ]
    .into_iter()
    .map(|(id, kind)| key(id, kind))
    .collect();
    let description = match &scope.slice {
        Some((label, window)) => {
            let (a, b) = super::first_last(window);
            format!(
                "{}: the elements of slice {label} ({} to {}), with their whole lifetimes",
                d.info.title,
                a.as_deref().unwrap_or(".."),
                b.as_deref().unwrap_or("..")
            )
        }
        None => d
            .info
            .description
            .clone()
            .unwrap_or_else(|| d.info.title.clone()),
    };
    Gexf {
        title: d.info.title.clone(),
        description,
        node_static,
        node_dynamic,
        edge_static,
    }
}

/// The `<node>` of organisation `o`, or `None` if its span is empty.
fn node(scope: &Scope<'_>, o: &crate::model::Organisation) -> Option<Element> {
    let d = scope.dataset;
    let span = o.during.span(scope.reading);
    if span.is_empty() {
        return None;
    }
    let mut values = vec![
        value("kind", &o.kind),
        value("level", &d.level(o.level).id),
        value("level_rank", o.level.to_string()),
        value("during", &o.during.text),
    ];
    for (k, v) in [
        ("name_original", &o.name_original),
        ("place", &o.place),
        ("part_of", &o.part_of),
        ("note", &o.note),
    ] {
        if let Some(v) = v {
            values.push(value(k, v));
        }
    }
    if let Some(c) = o.count {
        values.push(value("count", c.to_string()));
    }
    values.push(value("certainty", o.certainty.name()));
    for s in scope.states(o) {
        let (start, end) = scope.days(&s.during);
        values.push(Value {
            key: s.attribute.clone(),
            value: s.value.clone(),
            start,
            end,
        });
    }
    Some(Element {
        id: o.id.clone(),
        label: o.name.clone(),
        source_target: None,
        weight: None,
        values,
        spell: super::first_last(&span),
    })
}

/// The `<edge>` of relation `r` with GEXF id `id`, or `None` if its span
/// is empty.
fn edge(scope: &Scope<'_>, r: &crate::model::Relation, id: &str) -> Option<Element> {
    let span = r.during.span(scope.reading);
    if span.is_empty() {
        return None;
    }
    let directed = scope
        .dataset
        .relation_kind(&r.kind)
        .is_none_or(|k| k.directed);
    let mut values = vec![
        value("relation", &r.id),
        value("kind", &r.kind),
        value("directed", directed.to_string()),
        value("during", &r.during.text),
    ];
    if let Some(n) = &r.note {
        values.push(value("note", n));
    }
    values.push(value("certainty", r.certainty.name()));
    Some(Element {
        id: id.to_string(),
        label: r.kind.clone(),
        source_target: Some((r.from.clone(), r.to.clone())),
        weight: r.weight,
        values,
        spell: super::first_last(&span),
    })
}

/// Writes the scope as GEXF 1.3.
pub fn write<W: Write>(w: W, scope: &Scope<'_>) -> io::Result<()> {
    let g = build(scope);
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("gexf");
    root.push_attribute(("xmlns", "http://gexf.net/1.3"));
    root.push_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"));
    root.push_attribute((
        "xsi:schemaLocation",
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
    ));
    root.push_attribute(("version", "1.3"));
    x.write_event(Event::Start(root))?;
    x.create_element("meta").write_inner_content(|x| {
        text_element(
            x,
            "creator",
            &[],
            concat!("councils ", env!("CARGO_PKG_VERSION")),
        )?;
        text_element(x, "title", &[], &g.title)?;
        text_element(x, "description", &[], &g.description)
    })?;
    let mut graph = BytesStart::new("graph");
    graph.push_attribute(("mode", "dynamic"));
    graph.push_attribute(("defaultedgetype", "directed"));
    graph.push_attribute(("timeformat", "date"));
    graph.push_attribute(("timerepresentation", "interval"));
    x.write_event(Event::Start(graph))?;
    for (class, mode, keys) in [
        ("node", "static", &g.node_static),
        ("node", "dynamic", &g.node_dynamic),
        ("edge", "static", &g.edge_static),
    ] {
        if keys.is_empty() {
            continue;
        }
        x.create_element("attributes")
            .with_attributes([("class", class), ("mode", mode)])
            .write_inner_content(|x| {
                for k in keys {
                    x.create_element("attribute")
                        .with_attributes([
                            attr("id", &k.id),
                            attr("title", &k.title),
                            attr("type", k.kind),
                        ])
                        .write_empty()?;
                }
                Ok(())
            })?;
    }
    x.write_event(Event::Start(BytesStart::new("nodes")))?;
    for o in scope.organisations() {
        if let Some(e) = node(scope, o) {
            write_element(&mut x, &e)?;
        }
    }
    x.write_event(Event::End(BytesEnd::new("nodes")))?;
    let ids = edge_ids(scope.dataset);
    x.write_event(Event::Start(BytesStart::new("edges")))?;
    for (r, pos) in scope.relations() {
        if let Some(e) = edge(scope, r, &ids[pos]) {
            write_element(&mut x, &e)?;
        }
    }
    x.write_event(Event::End(BytesEnd::new("edges")))?;
    x.write_event(Event::End(BytesEnd::new("graph")))?;
    x.write_event(Event::End(BytesEnd::new("gexf")))?;
    x.get_mut().write_all(b"\n")
}

fn write_element<W: Write>(x: &mut Writer<W>, e: &Element) -> io::Result<()> {
    let weight = e.weight.map(|w| format!("{w:?}"));
    let mut el = x
        .create_element(if e.source_target.is_some() {
            "edge"
        } else {
            "node"
        })
        .with_attribute(attr("id", &e.id));
    if let Some((s, t)) = &e.source_target {
        el = el.with_attributes([attr("source", s), attr("target", t)]);
    }
    el = el.with_attribute(attr("label", &e.label));
    if let Some(w) = &weight {
        el = el.with_attribute(attr("weight", w));
    }
    el.write_inner_content(|x| {
        x.create_element("attvalues").write_inner_content(|x| {
            for v in &e.values {
                let mut a = x
                    .create_element("attvalue")
                    .with_attributes([attr("for", &v.key), attr("value", &v.value)]);
                if let Some(s) = &v.start {
                    a = a.with_attribute(attr("start", s));
                }
                if let Some(s) = &v.end {
                    a = a.with_attribute(attr("end", s));
                }
                a.write_empty()?;
            }
            Ok(())
        })?;
        x.create_element("spells").write_inner_content(|x| {
            let mut s = x.create_element("spell");
            if let Some(a) = &e.spell.0 {
                s = s.with_attribute(attr("start", a));
            }
            if let Some(b) = &e.spell.1 {
                s = s.with_attribute(attr("end", b));
            }
            s.write_empty()?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}
