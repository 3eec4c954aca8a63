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
//!
//! For Gephi to open the file ready to read ([`Viz`], issue 19.2):
//!
//! * every edge carries GEXF 1.3's `kind` (the relation kind), so that
//!   Gephi keeps parallel relations of different kinds as separate edges;
//! * every node has a `viz:color`: the diagrams' fill ([`value_colors`],
//!   the same palette) of the value of the dataset's `color_by` attribute
//!   (`majority`) on the scope's last day it has one, white without;
//! * `viz:position` comes from the diagrams' stable layout, as Graphviz
//!   lays it out ([`stable_positions`]), and is left out when Graphviz
//!   cannot give it (never made up);
//! * `viz:size` and a `centrality_<measure>` attribute, when a measure is
//!   chosen ([`measure_sizes`]).

use std::collections::BTreeMap;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::xml::{attr, text_element};
use super::{Scope, edge_ids};
use crate::measure::centrality::{Options, centrality_with};
use crate::measure::{Counting, Measure, MeasureError, MeasureGraph};
use crate::model::{Dataset, Organisation};
use crate::render::dot::style::{NO_VALUE, value_colors};
use crate::render::dot::{DotOptions, Picture, diagram, laid_out_size, period_context, to_dot};
use crate::render::graphviz::{self, GraphvizError};
use crate::render::limits::{Limits, TooLarge};
use crate::slice::Snapshot;

/// The GEXF 1.3 visualization namespace (`viz:`).
pub const VIZ_NAMESPACE: &str = "http://gexf.net/1.3/viz";

/// Smallest and largest `viz:size` ([`measure_sizes`] scales between them).
pub const SIZE_RANGE: (f64, f64) = (10.0, 50.0);

/// Node positions and sizes for Gephi, beyond the colours every export has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Viz {
    /// `(x, y)` in points of each organisation, by id, from
    /// [`stable_positions`]; organisations without one get no
    /// `viz:position`.
    pub positions: BTreeMap<String, (f64, f64)>,
    /// The measure nodes are sized by and each organisation's value, by id
    /// ([`measure_sizes`]).
    pub sizes: Option<(Measure, BTreeMap<String, f64>)>,
}

/// Why the stable layout gave no positions.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// The diagram could not be built (a dataset without periods has no
    /// stable layout).
    #[error("no stable layout: {0}")]
    Diagram(#[from] crate::error::Error),
    /// Graphviz is missing, refused the size, or failed.
    #[error(transparent)]
    Graphviz(#[from] GraphvizError),
}

/// Where each organisation of the diagrams' stable layout sits (by id, in
/// points, `y` up as in Gephi): the diagram of `drawn` with every period
/// as its context, laid out by Graphviz (`render --period` of any period
/// puts an organisation at the same place). Organisations that are in no
/// period and not in `drawn` have none.
///
/// # Errors
///
/// [`LayoutError::Diagram`] if the dataset has no periods,
/// [`LayoutError::Graphviz`] if `dot` is missing ([`GraphvizError::Missing`]),
/// the diagram is too large for it, or it fails.
pub fn stable_positions(drawn: &Snapshot<'_>) -> Result<BTreeMap<String, (f64, f64)>, LayoutError> {
    let dataset = drawn.dataset;
    let options = DotOptions::new(dataset);
    // Refused before the diagram is built, which is what costs: on the
    // snapshot's own size first, which needs no other slice, then on the
    // whole stable layout's.
    let too_large = |e: TooLarge| GraphvizError::TooLarge(e.at_least());
    let alone = laid_out_size(Picture::Single(drawn), &[], &options)?;
    Limits::DEFAULT.check(alone).map_err(too_large)?;
    let context = period_context(dataset, &drawn.filter)?;
    let size = laid_out_size(Picture::Single(drawn), &context, &options)?;
    Limits::DEFAULT.check(size).map_err(too_large)?;
    let graph = diagram(Picture::Single(drawn), &context, &options)?;
    let plain = graphviz::render(&to_dot(&graph), graphviz::Format::Plain)?;
    Ok(plain_positions(
        &String::from_utf8_lossy(&plain.bytes),
        dataset,
    ))
}

/// The positions of `dataset`'s organisations in Graphviz's plain output
/// (`node NAME X Y ...`, in inches; a diagram's node is named by the
/// organisation's id), in points rounded to hundredths.
fn plain_positions(plain: &str, dataset: &Dataset) -> BTreeMap<String, (f64, f64)> {
    let mut out = BTreeMap::new();
    for line in plain.lines() {
        let Some(rest) = line.strip_prefix("node ") else {
            continue;
        };
        let (name, rest) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let mut name = String::new();
                let mut chars = quoted.char_indices();
                let mut end = quoted.len();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => name.extend(chars.next().map(|(_, c)| c)),
                        '"' => {
                            end = i + 1;
                            break;
                        }
                        c => name.push(c),
                    }
                }
                (name, &quoted[end..])
            }
            None => match rest.split_once(' ') {
                Some((name, rest)) => (name.to_string(), rest),
                None => continue,
            },
        };
        if dataset.organisation(&name).is_none() {
            continue;
        }
        let mut numbers = rest.split_whitespace().map(str::parse::<f64>);
        if let (Some(Ok(x)), Some(Ok(y))) = (numbers.next(), numbers.next()) {
            let points = |v: f64| (v * 72.0 * 100.0).round() / 100.0;
            out.insert(name, (points(x), points(y)));
        }
    }
    out
}

/// `measure` of every organisation of `snapshot`, by id, computed as
/// `councils centrality` computes it by default (the flow kinds,
/// unweighted), through the one measure dispatch [`centrality_with`].
///
/// # Errors
///
/// [`MeasureError::NoConvergence`] if a power iteration does not converge.
pub fn measure_sizes(
    snapshot: &Snapshot<'_>,
    measure: Measure,
) -> Result<BTreeMap<String, f64>, MeasureError> {
    let graph = MeasureGraph::new(snapshot, Counting::default_for(snapshot.dataset));
    let (scores, _) = centrality_with(&graph, measure, &Options::default())?;
    Ok(scores
        .values
        .iter()
        .enumerate()
        .map(|(i, &v)| (graph.id(i).to_string(), v))
        .collect())
}

/// The `viz:size` of `value` when the largest value is `max`: linear from
/// [`SIZE_RANGE`]'s smallest (0) to its largest (`max`).
fn size_of(value: f64, max: f64) -> f64 {
    let (small, large) = SIZE_RANGE;
    if max > 0.0 {
        small + (large - small) * (value / max)
    } else {
        small
    }
}

/// `#rrggbb` as red, green, blue.
fn rgb(hex: &str) -> Option<[u8; 3]> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The fill of `o` in the diagrams' palette: the colour of the value of
/// `attribute` it holds on the scope's last day with one (the end of a
/// diagram's gradient), [`NO_VALUE`] without.
fn node_color(
    scope: &Scope<'_>,
    o: &Organisation,
    attribute: &str,
    colors: &[(String, &'static str)],
) -> &'static str {
    scope
        .states(o)
        .into_iter()
        .filter(|s| s.attribute == attribute)
        .max_by_key(|s| {
            // The state that ends last; an open end is the latest.
            let end = s.during.span(scope.reading).end;
            (end.is_none(), end)
        })
        .and_then(|s| colors.iter().find(|(v, _)| *v == s.value))
        .map_or(NO_VALUE, |(_, c)| c)
}

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
    /// GEXF 1.3's edge `kind` (the relation kind).
    kind: Option<String>,
    weight: Option<f64>,
    values: Vec<Value>,
    spell: (Option<String>, Option<String>),
    color: Option<[u8; 3]>,
    position: Option<(f64, f64)>,
    size: Option<f64>,
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

fn build(scope: &Scope<'_>, viz: &Viz) -> Gexf {
    let d = scope.dataset;
    let mut node_static: Vec<Key> = [
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
    if let Some((measure, _)) = &viz.sizes {
        node_static.push(Key {
            id: size_key(*measure),
            title: size_key(*measure),
            kind: "double",
        });
    }
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

/// The attribute holding the measure nodes are sized by.
fn size_key(measure: Measure) -> String {
    format!("centrality_{}", measure.name().replace('-', "_"))
}

/// What every node's `viz:` elements come from.
struct Look<'a> {
    /// The `color_by` attribute and its palette.
    colors: Option<(&'a str, Vec<(String, &'static str)>)>,
    viz: &'a Viz,
    /// The largest measure value.
    max: f64,
}

impl<'a> Look<'a> {
    fn new(dataset: &'a Dataset, viz: &'a Viz) -> Self {
        Self {
            colors: dataset
                .info
                .color_by
                .as_deref()
                .map(|a| (a, value_colors(dataset, a))),
            viz,
            max: viz.sizes.as_ref().map_or(0.0, |(_, values)| {
                values.values().copied().fold(0.0, f64::max)
            }),
        }
    }
}

/// The `<node>` of organisation `o`, or `None` if its span is empty.
fn node(scope: &Scope<'_>, o: &crate::model::Organisation, look: &Look<'_>) -> Option<Element> {
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
    let size = look
        .viz
        .sizes
        .as_ref()
        .and_then(|(m, values)| Some((m, *values.get(&o.id)?)));
    if let Some((measure, v)) = size {
        values.push(value(&size_key(*measure), format!("{v:?}")));
    }
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
        kind: None,
        weight: None,
        values,
        spell: super::first_last(&span),
        color: look
            .colors
            .as_ref()
            .and_then(|(a, palette)| rgb(node_color(scope, o, a, palette))),
        position: look.viz.positions.get(&o.id).copied(),
        size: size.map(|(_, v)| size_of(v, look.max)),
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
        value("relation", r.id()),
        value("kind", r.kind.as_str()),
        value("directed", directed.to_string()),
        value("during", &r.during.text),
    ];
    if let Some(n) = &r.note {
        values.push(value("note", n));
    }
    values.push(value("certainty", r.certainty.name()));
    Some(Element {
        id: id.to_string(),
        label: r.kind.to_string(),
        source_target: Some((r.from.to_string(), r.to.to_string())),
        kind: Some(r.kind.to_string()),
        weight: r.weight,
        values,
        spell: super::first_last(&span),
        color: None,
        position: None,
        size: None,
    })
}

/// Writes the scope as GEXF 1.3, with colours but no positions or sizes.
pub fn write<W: Write>(w: W, scope: &Scope<'_>) -> io::Result<()> {
    write_with(w, scope, &Viz::default())
}

/// Writes the scope as GEXF 1.3, nodes placed and sized by `viz`.
pub fn write_with<W: Write>(w: W, scope: &Scope<'_>, viz: &Viz) -> io::Result<()> {
    let g = build(scope, viz);
    let look = Look::new(scope.dataset, viz);
    let mut x = Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let mut root = BytesStart::new("gexf");
    root.push_attribute(("xmlns", "http://gexf.net/1.3"));
    root.push_attribute(("xmlns:viz", VIZ_NAMESPACE));
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
        if let Some(e) = node(scope, o, &look) {
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
    if let Some(kind) = &e.kind {
        el = el.with_attribute(attr("kind", kind));
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
        if let Some([r, g, b]) = e.color {
            let [r, g, b] = [r, g, b].map(|c| c.to_string());
            x.create_element("viz:color")
                .with_attributes([attr("r", &r), attr("g", &g), attr("b", &b)])
                .write_empty()?;
        }
        if let Some((px, py)) = e.position {
            let (px, py) = (format!("{px:?}"), format!("{py:?}"));
            x.create_element("viz:position")
                .with_attributes([attr("x", &px), attr("y", &py), attr("z", "0.0")])
                .write_empty()?;
        }
        if let Some(size) = e.size {
            let size = format!("{:?}", (size * 100.0).round() / 100.0);
            x.create_element("viz:size")
                .with_attribute(attr("value", &size))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}
