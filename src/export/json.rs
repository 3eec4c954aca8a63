//! Node-link JSON, as networkx (`nx.node_link_graph(data, edges="edges")`)
//! and D3 read it: `{"directed", "multigraph", "graph", "nodes", "edges"}`.
//!
//! Nodes and edges carry every field of their organisation or relation
//! (with `during` as EDTF and `start`/`end` as inclusive Gregorian days,
//! `null` when open), states and citations as lists; `graph` carries the
//! dataset's description, vocabularies, periods and events, so the file
//! stands on its own. In a snapshot each attribute's value in the window is
//! also a plain node field (`"majority": "bolshevik"`). The graph is a
//! multigraph: two organisations may be joined by relations of several
//! kinds; each edge's `key` is its unique id.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Scope, calendar_name, edge_ids};
use crate::model::{Certainty, Citation, Dataset, Organisation, Relation, State};
use crate::time::{Reading, When};

/// An interval: EDTF text plus first and last day.
#[derive(Serialize)]
struct Dates<'a> {
    during: &'a str,
    start: Option<String>,
    end: Option<String>,
}

impl<'a> Dates<'a> {
    fn of(when: &'a When, reading: Reading) -> Self {
        let (start, end) = super::first_last(&when.span(reading));
        Self {
            during: &when.text,
            start,
            end,
        }
    }
}

#[derive(Serialize)]
struct JsonState<'a> {
    attribute: &'a str,
    value: &'a str,
    #[serde(flatten)]
    dates: Dates<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Certainty::is_default")]
    certainty: Certainty,
    #[serde(skip_serializing_if = "Cites::is_empty")]
    cite: Cites<'a>,
}

#[derive(Serialize)]
struct JsonLineage<'a> {
    kind: &'a str,
    organisation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
    level: &'a str,
    level_rank: usize,
    #[serde(flatten)]
    dates: Dates<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_original: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    part_of: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Certainty::is_default")]
    certainty: Certainty,
    /// Attribute values in the snapshot's window.
    #[serde(flatten)]
    values: BTreeMap<&'a str, String>,
    states: Vec<JsonState<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lineage: Vec<JsonLineage<'a>>,
    #[serde(skip_serializing_if = "Cites::is_empty")]
    cite: Cites<'a>,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    source: &'a str,
    target: &'a str,
    key: String,
    relation: std::borrow::Cow<'a, str>,
    kind: &'a str,
    directed: bool,
    #[serde(flatten)]
    dates: Dates<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Certainty::is_default")]
    certainty: Certainty,
    #[serde(skip_serializing_if = "Cites::is_empty")]
    cite: Cites<'a>,
}

#[derive(Serialize)]
struct JsonGraph<N: Serialize, E: Serialize> {
    directed: bool,
    multigraph: bool,
    graph: serde_json::Value,
    nodes: N,
    edges: E,
}

/// A JSON array written straight from an iterator, never collected: the
/// nodes and edges of a large dataset as `Vec`s took ~40 MB at 300k
/// relations (issue 16).
pub(crate) struct Streamed<F>(pub(crate) F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Citations as JSON objects, absent locators left out.
struct Cites<'a>(&'a [Citation]);

impl Serialize for Cites<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct One<'a>(&'a Citation);
        impl Serialize for One<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let c = self.0;
                let mut m = s.serialize_map(None)?;
                m.serialize_entry("source", &c.source)?;
                for (k, v) in [
                    ("section", &c.section),
                    ("footnote", &c.footnote),
                    ("page", &c.page),
                    ("locator", &c.locator),
                ] {
                    if let Some(v) = v {
                        m.serialize_entry(k, v)?;
                    }
                }
                m.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for c in self.0 {
            seq.serialize_element(&One(c))?;
        }
        seq.end()
    }
}

impl Cites<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Writes the scope as node-link JSON.
pub fn write<'d, W: Write>(w: W, scope: &Scope<'d>) -> io::Result<()> {
    let d = scope.dataset;
    let reading = scope.reading;
    let ids = edge_ids(d);
    let node = |o: &'d Organisation| -> JsonNode<'d> {
        let states: Vec<&State> = scope.states(o);
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        if scope.slice.is_some() {
            for s in &states {
                values
                    .entry(s.attribute.as_str())
                    .and_modify(|v| {
                        v.push_str(" → ");
                        v.push_str(&s.value);
                    })
                    .or_insert_with(|| s.value.clone());
            }
        }
        JsonNode {
            id: &o.id,
            name: &o.name,
            kind: &o.kind,
            level: &d.level(o.level).id,
            level_rank: o.level,
            dates: Dates::of(&o.during, reading),
            name_original: o.name_original.as_deref(),
            place: o.place.as_deref(),
            part_of: o.part_of.as_deref(),
            count: o.count,
            note: o.note.as_deref(),
            certainty: o.certainty,
            values,
            states: states
                .into_iter()
                .map(|s| JsonState {
                    attribute: &s.attribute,
                    value: &s.value,
                    dates: Dates::of(&s.during, reading),
                    note: s.note.as_deref(),
                    certainty: s.certainty,
                    cite: Cites(&s.cite),
                })
                .collect(),
            lineage: o
                .lineage
                .iter()
                .map(|l| JsonLineage {
                    kind: l.kind.name(),
                    organisation: &l.organisation,
                    date: l.date.as_ref().map(|w| w.text.as_str()),
                    note: l.note.as_deref(),
                })
                .collect(),
            cite: Cites(&o.cite),
        }
    };
    let edge = |(r, pos): (&'d Relation, usize)| JsonEdge {
        source: &r.from,
        target: &r.to,
        key: ids[pos].clone(),
        relation: r.id(),
        kind: &r.kind,
        directed: d.relation_kind(&r.kind).is_none_or(|k| k.directed),
        dates: Dates::of(&r.during, reading),
        weight: r.weight,
        note: r.note.as_deref(),
        certainty: r.certainty,
        cite: Cites(&r.cite),
    };
    let graph = JsonGraph {
        directed: true,
        multigraph: true,
        graph: graph_info(d, scope),
        nodes: Streamed(|| scope.organisations().map(node)),
        edges: Streamed(|| scope.relations().map(edge)),
    };
    let mut w = w;
    serde_json::to_writer_pretty(&mut w, &graph)?;
    writeln!(w)
}

/// The graph's own attributes: the dataset's description, vocabularies,
/// periods and events, and the slice.
fn graph_info(d: &Dataset, scope: &Scope<'_>) -> serde_json::Value {
    use serde_json::json;
    let reading = scope.reading;
    let dates = |w: &When| serde_json::to_value(Dates::of(w, reading)).unwrap_or_default();
    let with = |mut v: serde_json::Value, extra: serde_json::Value| {
        if let (Some(a), serde_json::Value::Object(b)) = (v.as_object_mut(), extra) {
            a.extend(b);
        }
        v
    };
    let i = &d.info;
    json!({
        "id": i.id,
        "title": i.title,
        "description": i.description,
        "calendar": calendar_name(i.calendar),
        "span": i.span.text,
        "require_citations": i.require_citations,
        "relations_outside_lifetimes": if i.allow_relations_outside_lifetimes { "allow" } else { "error" },
        "how_to_cite": i.how_to_cite,
        "license": i.license,
        "reading": match reading { Reading::Loose => "loose", Reading::Strict => "strict" },
        "slice": scope.slice.as_ref().map(|(label, window)| {
            let (start, end) = super::first_last(window);
            json!({ "label": label, "start": start, "end": end })
        }),
        "levels": d.levels.iter().map(|l| json!({
            "id": l.id, "label": l.label, "description": l.description, "rank": l.rank,
        })).collect::<Vec<_>>(),
        "node_kinds": d.node_kinds.iter().map(|k| json!({
            "id": k.id, "label": k.label, "description": k.description, "shape": k.shape,
        })).collect::<Vec<_>>(),
        "relation_kinds": d.relation_kinds.iter().map(|k| json!({
            "id": k.id, "label": k.label, "description": k.description, "directed": k.directed,
            "flow": k.flow, "style": k.style, "color": k.color,
        })).collect::<Vec<_>>(),
        "event_kinds": d.event_kinds.iter().map(|k| json!({
            "id": k.id, "label": k.label, "description": k.description,
        })).collect::<Vec<_>>(),
        "attributes": d.attributes.iter().map(|a| json!({
            "id": a.id, "label": a.label, "description": a.description, "values": a.values,
        })).collect::<Vec<_>>(),
        "sources": d.sources.iter().map(|s| json!({
            "id": s.id, "title": s.title, "author": s.author, "year": s.year,
            "publisher": s.publisher, "url": s.url, "note": s.note,
        })).collect::<Vec<_>>(),
        "periods": d.periods.iter().map(|p| with(json!({
            "id": p.id, "label": p.label, "description": p.description,
            "cite": serde_json::to_value(Cites(&p.cite)).unwrap_or_default(),
        }), dates(&p.during))).collect::<Vec<_>>(),
        "events": d.events.iter().map(|e| with(with(json!({
            "id": e.id, "kind": e.kind, "organisations": e.organisations, "votes": e.votes,
            "summary": e.summary,
            "cite": serde_json::to_value(Cites(&e.cite)).unwrap_or_default(),
        }), dates(&e.date)), if e.certainty.is_certain() {
            json!({})
        } else {
            json!({ "certainty": e.certainty })
        })).collect::<Vec<_>>(),
    })
}
