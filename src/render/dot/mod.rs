//! Turns snapshots into Graphviz DOT diagrams: one period, the comparison
//! of two, the two side by side, or a filmstrip of several.
//!
//! The diagram is built as a graphviz-rust AST ([`Graph`]) and printed by
//! its printer ([`to_dot`]); every text that comes from a dataset passes
//! through [`escape`]. All visual conventions live in [`style`]. What is
//! drawn of each snapshot is decided in `visibility`, where it goes in
//! `layout`, how an organisation and a relation are written in `nodes` and
//! `edges`, and the key to it all in `legend`.
//!
//! # How a diagram reads
//!
//! * **Tiers by level.** `rankdir=BT`: level rank 0 (the grass roots) at the
//!   bottom, the highest level on top. Each level is one `rank=same` row,
//!   held in order by an invisible *spine* of tier labels; `newrank=true`
//!   lets rows cut across clusters. Relations that run downward are written
//!   upward with `dir=back`, so that no edge fights the tiers.
//! * **Shape by kind, fill by state, line by relation kind** (see
//!   [`style`]), with a legend (module `legend`) drawn from the same functions:
//!   every shape, fill, line and status mark the diagram uses is in it.
//! * **Stable layout.** Every diagram lays out the same *skeleton*: the
//!   union of the organisations and relations of every period (under the
//!   same filters), plus the snapshots drawn. What is absent from a snapshot
//!   is drawn invisible, and nothing that changes from one snapshot to the
//!   next (fills, outlines, tooltips, visibility) changes the size of
//!   anything, so Graphviz puts each organisation at the same place in
//!   every period's diagram. [`Layout::Compact`] lays out only what is
//!   drawn instead, in the stable layout's tiers, rows and left-to-right
//!   order ([`DotOptions::order`]).
//! * **Deterministic.** Organisations, relations, clusters and legend
//!   entries are emitted in dataset order; the same input gives the same
//!   bytes.

mod edges;
pub mod escape;
mod key;
mod layout;
mod legend;
mod nodes;
pub mod style;
mod visibility;

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::render::limits::DiagramSize;
use crate::slice::{Filter, Selector, Snapshot};
use crate::suggest::did_you_mean;
use crate::time::CalendarView;

use edges::direction;
use escape::{esc_string, esc_tooltip};
use layout::{Row, rows};
use style::Status;
use visibility::{Shows, Skeleton, Visible};

/// The font of every label.
const FONT: &str = "Helvetica,Arial,sans-serif";

/// How organisations are boxed together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cluster {
    /// No boxes; tier labels on the left.
    #[default]
    None,
    /// By place, nested at commas (`Petrograd, Vyborg side` sits inside
    /// `Petrograd`).
    Place,
    /// By organisation kind.
    Kind,
    /// By community ([`DotOptions::communities`]); bodies alone stay out.
    Community,
}

/// What the layout is computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// The union of every period (and of the snapshots drawn): an
    /// organisation keeps its place from one period's diagram to the next.
    #[default]
    Stable,
    /// Only what is drawn: no slot is kept for what is absent, so places
    /// change between diagrams, but each organisation stays in its tier
    /// and row of the stable layout, and the organisations of a row keep
    /// its left-to-right order ([`DotOptions::order`]).
    Compact,
}

/// An ego network: one organisation and those within `depth` relations
/// of it, direction ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focus {
    /// The organisation's id.
    pub organisation: String,
    /// How many relations away to reach (0: the organisation alone).
    pub depth: usize,
}

/// Settings of a diagram, checked by [`DotOptions::check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotOptions {
    /// The attribute whose value fills the nodes (`None`: no fill).
    pub color_by: Option<String>,
    /// Boxes around organisations.
    pub cluster: Cluster,
    /// Label width in characters (0: no wrapping).
    pub wrap: usize,
    /// At most this many organisations side by side in a tier; a larger
    /// tier takes several rows (0: one row per tier).
    pub row_width: usize,
    /// Calendar of the dates shown.
    pub view: CalendarView,
    /// Draw only an ego network.
    pub focus: Option<Focus>,
    /// Stable or compact layout.
    pub layout: Layout,
    /// Under [`Layout::Compact`]: organisation ids from left to right as
    /// the stable layout of the same picture places them ([`stable_order`]
    /// of Graphviz's [`positions`](crate::render::graphviz::positions));
    /// organisations it does not list follow, in the order the rows list
    /// them. `None`: the rows' own order.
    pub order: Option<Vec<String>>,
    /// Draw the legend.
    pub legend: bool,
    /// Community number of each organisation id, for
    /// [`Cluster::Community`] ([`crate::measure::community::community_numbers`]).
    pub communities: std::collections::BTreeMap<String, usize>,
    /// Written under the dataset's title instead of the snapshot's
    /// [`heading`] (`None`: the heading). The frames of an animation share
    /// one, so that their titles are as wide and their layouts the same.
    pub title: Option<String>,
}

impl DotOptions {
    /// The defaults for `dataset`: fill by the attribute it names in
    /// `color_by` (none if it names none), no clusters, labels wrapped at 20 characters, rows of at
    /// most 8 organisations, both
    /// calendars, stable layout, with a legend.
    pub fn new(dataset: &Dataset) -> Self {
        Self {
            color_by: dataset.info.color_by.clone(),
            cluster: Cluster::None,
            wrap: 20,
            row_width: 8,
            view: CalendarView::Both,
            focus: None,
            layout: Layout::Stable,
            order: None,
            legend: true,
            communities: Default::default(),
            title: None,
        }
    }

    /// Checks that the attribute and the focus organisation exist.
    pub fn check(&self, dataset: &Dataset) -> Result<()> {
        if let Some(attr) = &self.color_by
            && !dataset.attributes.iter().any(|a| &a.id == attr)
        {
            return Err(Error::Unknown {
                what: "attribute",
                name: attr.clone(),
                hint: did_you_mean(attr, dataset.attributes.iter().map(|a| a.id.as_str())),
            });
        }
        if let Some(focus) = &self.focus
            && dataset.organisation(&focus.organisation).is_none()
        {
            return Err(Error::Unknown {
                what: "organisation",
                name: focus.organisation.clone(),
                hint: did_you_mean(
                    &focus.organisation,
                    dataset.organisations.iter().map(|o| o.id.as_str()),
                ),
            });
        }
        Ok(())
    }
}

/// What to draw.
#[derive(Clone, Copy, Debug)]
pub enum Picture<'a, 'd> {
    /// One snapshot.
    Single(&'a Snapshot<'d>),
    /// One diagram of what was kept, added and removed from the first
    /// snapshot to the second.
    Compare(&'a Snapshot<'d>, &'a Snapshot<'d>),
    /// The two snapshots in two boxes, left and right, what the other lacks
    /// marked as removed (left) or added (right).
    SideBySide(&'a Snapshot<'d>, &'a Snapshot<'d>),
    /// Small multiples: each snapshot in its box, left to right.
    Filmstrip(&'a [Snapshot<'d>]),
}

impl<'a, 'd> Picture<'a, 'd> {
    /// The snapshots drawn, in order.
    fn snapshots(&self) -> Vec<&'a Snapshot<'d>> {
        match *self {
            Picture::Single(s) => vec![s],
            Picture::Compare(a, b) | Picture::SideBySide(a, b) => vec![a, b],
            Picture::Filmstrip(list) => list.iter().collect(),
        }
    }
}

/// Every period of `dataset` sliced with `filter`, in period order: the
/// context that fixes a [`Layout::Stable`] layout.
pub fn period_context<'d>(dataset: &'d Dataset, filter: &Filter) -> Result<Vec<Snapshot<'d>>> {
    dataset
        .periods
        .iter()
        .map(|p| Snapshot::new(dataset, &Selector::Period(p.id.clone()), filter.clone()))
        .collect()
}

/// The organisations and relations the diagram of `picture` lays out (see
/// [`diagram`]), counted without building it. The DOT adds a few invisible
/// helpers (tier labels, the legend), so this is a lower bound of its
/// [`DiagramSize::of_dot`]: enough to refuse a diagram far beyond the
/// [`crate::render::limits::Limits`] before spending memory on it (the
/// stable layout of 100,000 organisations took 900 MB to build, only to
/// be refused, issue 16).
///
/// # Errors
///
/// As [`diagram`].
pub fn laid_out_size(
    picture: Picture<'_, '_>,
    context: &[Snapshot<'_>],
    options: &DotOptions,
) -> Result<DiagramSize> {
    let drawn = picture.snapshots();
    let compact = options.layout == Layout::Compact;
    if options.focus.is_none() {
        options.check(first_drawn(&drawn)?.dataset)?;
        let context = if compact { &[][..] } else { context };
        return Ok(visibility::whole_skeleton_size(
            drawn.iter().copied().chain(context),
        ));
    }
    let (_, drawn, whole) = skeletons(&drawn, context, options)?;
    let laid_out = if compact { drawn } else { whole };
    Ok(DiagramSize {
        nodes: laid_out.nodes.len(),
        edges: laid_out.edges.len(),
    })
}

/// The first snapshot drawn; an error if there is none.
fn first_drawn<'a, 'd>(drawn: &[&'a Snapshot<'d>]) -> Result<&'a Snapshot<'d>> {
    drawn.first().copied().ok_or_else(|| Error::Unknown {
        what: "snapshot",
        name: String::new(),
        hint: Some("nothing to draw: the dataset has no periods".into()),
    })
}

/// What each snapshot of `drawn` shows, the union of those (the compact
/// layout's skeleton), and that union with the `context` (the stable
/// layout's).
fn skeletons<'a, 'd>(
    drawn: &[&'a Snapshot<'d>],
    context: &'a [Snapshot<'d>],
    options: &DotOptions,
) -> Result<(Vec<Visible<'a, 'd>>, Skeleton, Skeleton)> {
    options.check(first_drawn(drawn)?.dataset)?;
    let views: Vec<Visible> = drawn
        .iter()
        .map(|s| Visible::new(s, options.focus.as_ref(), true))
        .collect::<Result<_>>()?;
    let mut skeleton = Skeleton::default();
    for v in &views {
        skeleton.add(v);
    }
    let mut whole = Skeleton::default();
    whole.add_all(&skeleton);
    for s in context {
        whole.add(&Visible::new(s, options.focus.as_ref(), false)?);
    }
    Ok((views, skeleton, whole))
}

/// Builds the diagram of `picture`.
///
/// # Arguments
///
/// * `picture`: the snapshots to draw (all cut from one dataset).
/// * `context`: more snapshots whose elements the layout makes room for
///   under [`Layout::Stable`], usually [`period_context`]; under
///   [`Layout::Compact`] they set only the tiers and rows.
/// * `options`: see [`DotOptions`].
///
/// # Errors
///
/// [`Error::Unknown`] for an unknown attribute or focus organisation, or a
/// focus organisation absent from a snapshot drawn.
///
/// # Example
///
/// ```
/// use councils::render::dot::{DotOptions, Picture, diagram, period_context, to_dot};
/// use councils::slice::{Filter, Selector, Snapshot};
/// let dataset = councils::load(std::path::Path::new("tests/fixtures/mini")).unwrap();
/// let snap = Snapshot::new(&dataset, &Selector::Period("early".into()), Filter::default()).unwrap();
/// let context = period_context(&dataset, &snap.filter).unwrap();
/// let dot = to_dot(&diagram(Picture::Single(&snap), &context, &DotOptions::new(&dataset)).unwrap());
/// assert!(dot.starts_with("digraph councils {"));
/// assert!(graphviz_rust::parse(&dot).is_ok());
/// ```
pub fn diagram(
    picture: Picture<'_, '_>,
    context: &[Snapshot<'_>],
    options: &DotOptions,
) -> Result<Graph> {
    let drawn = picture.snapshots();
    let (views, skeleton, whole) = skeletons(&drawn, context, options)?;
    let dataset = views[0].snap.dataset;
    let stable_rows = rows(dataset, &whole, options.row_width);
    let compact = options.layout == Layout::Compact;
    let (skeleton, rows) = if compact {
        let order: Vec<usize> = options
            .order
            .iter()
            .flatten()
            .filter_map(|id| dataset.organisation_position(id))
            .collect();
        let rows = layout::compact(stable_rows, &skeleton.nodes, &order);
        (skeleton, rows)
    } else {
        (whole, stable_rows)
    };
    let row_of = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.nodes.iter().enumerate().map(move |(k, &n)| (n, (i, k))))
        .collect();
    let builder = Builder {
        dataset,
        options,
        skeleton: &skeleton,
        rows,
        row_of,
        colors: options
            .color_by
            .as_deref()
            .map(|a| style::value_colors(dataset, a))
            .unwrap_or_default(),
        edge_styles: style::EdgeStyles::new(dataset),
        compare: matches!(picture, Picture::Compare(..) | Picture::SideBySide(..)),
        miniature: matches!(picture, Picture::Filmstrip(_)),
        numbers: match picture {
            Picture::Filmstrip(_) => key::numbers(dataset, &skeleton),
            _ => BTreeMap::new(),
        },
        compact,
    };
    let (title, panels) = match picture {
        Picture::Single(_) => (
            options
                .title
                .clone()
                .unwrap_or_else(|| builder.heading(&views[0])),
            vec![Panel {
                prefix: String::new(),
                title: None,
                shows: Shows::One(&views[0]),
            }],
        ),
        Picture::Compare(..) => (
            format!(
                "from {}\nto {}",
                builder.heading(&views[0]),
                builder.heading(&views[1])
            ),
            vec![Panel {
                prefix: String::new(),
                title: None,
                shows: Shows::Diff(&views[0], &views[1]),
            }],
        ),
        Picture::SideBySide(..) => (
            "comparison".to_string(),
            vec![
                Panel {
                    prefix: "a.".into(),
                    title: Some(format!("before: {}", builder.heading(&views[0]))),
                    shows: Shows::Side(&views[0], &views[1], Status::Removed),
                },
                Panel {
                    prefix: "b.".into(),
                    title: Some(format!("after: {}", builder.heading(&views[1]))),
                    shows: Shows::Side(&views[1], &views[0], Status::Added),
                },
            ],
        ),
        Picture::Filmstrip(_) => (
            format!("{} periods", views.len()),
            views
                .iter()
                .enumerate()
                .map(|(i, v)| Panel {
                    prefix: format!("p{}.", i + 1),
                    title: Some(builder.heading(v)),
                    shows: Shows::One(v),
                })
                .collect(),
        ),
    };
    Ok(builder.graph(&title, &panels))
}

/// The organisations (ids) of `picture`'s first panel from left to right,
/// row by row, given where Graphviz placed the nodes of its stable layout
/// (`positions`: node name -> centre, as
/// [`positions`](crate::render::graphviz::positions) reads it): the
/// [`DotOptions::order`] of a compact layout of the same picture.
pub fn stable_order(
    picture: Picture<'_, '_>,
    positions: &BTreeMap<String, (f64, f64)>,
) -> Vec<String> {
    let (first, prefix) = match picture {
        Picture::Single(s) | Picture::Compare(s, _) => (Some(s), ""),
        Picture::SideBySide(s, _) => (Some(s), "a."),
        Picture::Filmstrip(list) => (list.first(), "p1."),
    };
    let Some(dataset) = first.map(|s| s.dataset) else {
        return Vec::new();
    };
    let mut placed: Vec<(f64, &str)> = positions
        .iter()
        .filter_map(|(name, &(x, _))| {
            let id = name.strip_prefix(prefix)?;
            dataset.organisation(id).map(|o| (x, o.id.as_str()))
        })
        .collect();
    placed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    placed.into_iter().map(|(_, id)| id.to_string()).collect()
}

/// Prints `graph` as DOT text, ending with a line break.
pub fn to_dot(graph: &Graph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// One box of a multi-panel diagram (or the whole of a single one).
struct Panel<'v, 'a, 'd> {
    /// Prepended to every node name and SVG id (`p1.`).
    prefix: String,
    /// The box's label; `None` for a diagram of one panel (no box).
    title: Option<String>,
    shows: Shows<'v, 'a, 'd>,
}

struct Builder<'o, 'd> {
    dataset: &'d Dataset,
    options: &'o DotOptions,
    skeleton: &'o Skeleton,
    rows: Vec<Row>,
    /// The row of each organisation of the skeleton, and its place in the
    /// row's list.
    row_of: BTreeMap<usize, (usize, usize)>,
    colors: Vec<(String, &'static str)>,
    /// The look of each relation kind.
    edge_styles: style::EdgeStyles,
    compare: bool,
    /// Small nodes labelled with their number in the key (names in the
    /// key and the tooltips), for small multiples.
    miniature: bool,
    /// Each organisation's number in the key of a filmstrip (module `key`).
    numbers: BTreeMap<usize, usize>,
    /// [`Layout::Compact`]: the organisations of a row are chained in
    /// their order, and relations within a row do not move them.
    compact: bool,
}

impl Builder<'_, '_> {
    fn graph(&self, title: &str, panels: &[Panel]) -> Graph {
        let ds = self.dataset;
        let mut stmts = vec![
            Stmt::GAttribute(GraphAttributes::Graph(vec![
                attr("rankdir", "BT"),
                attr("newrank", "true"),
                attr("label", &format!("{}\n{}", ds.info.title, title)),
                attr("labelloc", "t"),
                attr("fontname", FONT),
                attr("fontsize", "16"),
                attr("nodesep", "0.25"),
                attr("ranksep", "0.55"),
            ])),
            Stmt::GAttribute(GraphAttributes::Node(vec![
                attr("fontname", FONT),
                attr("fontsize", "11"),
                attr("margin", "0.08,0.04"),
            ])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![
                attr("fontname", FONT),
                attr("fontsize", "9"),
                attr("arrowsize", "0.8"),
            ])),
        ];
        if panels.len() == 1 && panels[0].title.is_none() {
            stmts.extend(self.panel(&panels[0]));
        } else {
            for (i, panel) in panels.iter().enumerate() {
                let mut inner = vec![
                    Stmt::Attribute(attr("label", panel.title.as_deref().unwrap_or(""))),
                    // Under rankdir=BT a cluster's `b` is the top.
                    Stmt::Attribute(attr("labelloc", "b")),
                    Stmt::Attribute(attr("style", "rounded")),
                    Stmt::Attribute(attr("color", "#606060")),
                    Stmt::Attribute(attr("id", &format!("panel-{}", i + 1))),
                ];
                inner.extend(self.panel(panel));
                stmts.push(subgraph(&format!("cluster_panel_{}", i + 1), inner));
            }
            // Panels left to right in order: their top tier labels share a
            // row, joined by invisible edges.
            if !self.rows.is_empty() {
                let tops: Vec<String> = panels
                    .iter()
                    .map(|p| format!("{}row.{}", p.prefix, self.rows.len()))
                    .collect();
                let mut row = vec![Stmt::Attribute(attr("rank", "same"))];
                for pair in tops.windows(2) {
                    row.push(edge(&pair[0], &pair[1], vec![attr("style", "invis")]));
                }
                stmts.push(subgraph("panel_order", row));
            }
        }
        if self.miniature && !self.rows.is_empty() {
            stmts.push(self.key(&format!("{}row.1", panels[0].prefix)));
        }
        if self.options.legend {
            stmts.push(self.legend(panels));
        }
        Graph::DiGraph {
            id: Id::Plain("councils".into()),
            strict: false,
            stmts,
        }
    }

    fn heading(&self, visible: &Visible) -> String {
        heading(visible.snap, self.options)
    }
}

/// The heading of `snap`'s diagram, under the dataset's title: `Label (id),
/// dates (O.S. / N.S.)`, and on a second line the settings that are not
/// defaults (focus, filters, evidence layer).
pub fn heading(snap: &Snapshot<'_>, options: &DotOptions) -> String {
    let view = options.view;
    let name = match snap.dataset.period(&snap.label) {
        Some(p) => format!("{} ({})", p.label, p.id),
        None => format!("at {}", snap.label),
    };
    let mut text = format!("{name}, {} ({})", snap.window.show(view), view.label());
    let mut settings = Vec::new();
    if let Some(f) = &options.focus {
        let steps = if f.depth == 1 { "step" } else { "steps" };
        settings.push(format!(
            "around {} within {} {steps}",
            f.organisation, f.depth
        ));
    }
    if snap.filter.throughout {
        settings.push("active throughout".into());
    }
    let filter = &snap.filter;
    for (what, set) in [
        ("relations", &filter.relation_kinds),
        ("kinds", &filter.node_kinds),
        ("levels", &filter.levels),
    ] {
        if let Some(set) = set {
            settings.push(format!(
                "{what}: {}",
                set.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if !filter.evidence.is_everything() {
        // An evidence layer shows part of the dataset: the title says
        // which, so an article-only diagram is never taken for the whole.
        settings.push(
            filter
                .evidence
                .describe()
                .trim_start_matches("; ")
                .to_string(),
        );
    }
    if !settings.is_empty() {
        text.push('\n');
        text.push_str(&settings.join("; "));
    }
    text
}

fn cite_text(cite: &[crate::model::Citation]) -> String {
    cite.iter()
        .map(crate::model::Citation::short)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A DOT id for `text`: bare when the DOT grammar (and graphviz-rust's
/// parser) reads it as a plain word or number, quoted and escaped otherwise.
fn dot_id(text: &str) -> Id {
    let word = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let number = {
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (int, frac) = match digits.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (digits, None),
        };
        let int_ok = int == "0"
            || (int.starts_with(|c: char| ('1'..='9').contains(&c))
                && int.chars().all(|c| c.is_ascii_digit()));
        let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
        int_ok && frac_ok
    };
    const KEYWORDS: [&str; 6] = ["node", "edge", "graph", "digraph", "subgraph", "strict"];
    if (word || number) && !KEYWORDS.contains(&text.to_ascii_lowercase().as_str()) {
        Id::Plain(text.to_string())
    } else {
        Id::Escaped(esc_string(text))
    }
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), dot_id(value))
}

/// A `tooltip`, escaped for Graphviz's two readings of its backslashes.
fn tip(value: &str) -> Attribute {
    Attribute(Id::Plain("tooltip".into()), Id::Escaped(esc_tooltip(value)))
}

fn node(name: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node {
        id: NodeId(dot_id(name), None),
        attributes,
    })
}

fn node_ref(name: &str) -> Stmt {
    node(name, Vec::new())
}

fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(dot_id(from), None)),
            Vertex::N(NodeId(dot_id(to), None)),
        ),
        attributes,
    })
}

fn subgraph(name: &str, stmts: Vec<Stmt>) -> Stmt {
    Stmt::Subgraph(Subgraph {
        id: dot_id(name),
        stmts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `laid_out_size` counts what `diagram` lays out, with and without a
    /// focus, stable and compact, and is at most what the DOT holds (which
    /// adds tier labels and the legend).
    #[test]
    fn laid_out_size_counts_the_skeleton_diagram_lays_out() {
        let dataset = crate::load_embedded().unwrap();
        let filter = Filter::default();
        let context = period_context(&dataset, &filter).unwrap();
        let focus = Focus {
            organisation: "petrograd-soviet".into(),
            depth: 1,
        };
        let count = |s: &Skeleton| DiagramSize {
            nodes: s.nodes.len(),
            edges: s.edges.len(),
        };
        let mut seen = Vec::new();
        for snap in &context[1..] {
            for layout in [Layout::Stable, Layout::Compact] {
                for focus in [None, Some(focus.clone())] {
                    let options = DotOptions {
                        layout,
                        focus,
                        ..DotOptions::new(&dataset)
                    };
                    let size = laid_out_size(Picture::Single(snap), &context, &options).unwrap();
                    let (_, drawn, whole) = skeletons(&[snap], &context, &options).unwrap();
                    let expected = if layout == Layout::Compact {
                        count(&drawn)
                    } else {
                        count(&whole)
                    };
                    assert_eq!(
                        size, expected,
                        "{} {layout:?} {:?}",
                        snap.label, options.focus
                    );
                    let dot = to_dot(&diagram(Picture::Single(snap), &context, &options).unwrap());
                    let printed = DiagramSize::of_dot(&dot);
                    assert!(size.nodes <= printed.nodes && size.edges <= printed.edges);
                    seen.push(size);
                }
            }
        }
        // The cases differ: the count follows the focus and the layout.
        seen.sort_by_key(|s| (s.nodes, s.edges));
        seen.dedup();
        assert!(seen.len() >= 4, "{seen:?}");
        assert!(seen.last().unwrap().nodes > 100);
    }

    #[test]
    fn ids_are_bare_only_when_the_grammar_allows() {
        assert_eq!(dot_id("BT"), Id::Plain("BT".into()));
        assert_eq!(dot_id("cluster_1"), Id::Plain("cluster_1".into()));
        assert_eq!(dot_id("0.25"), Id::Plain("0.25".into()));
        assert_eq!(dot_id("10"), Id::Plain("10".into()));
        for quoted in [
            "city-soviet",
            "#a6cee3",
            "0.08,0.04",
            "",
            "1.",
            "007",
            "node",
            "Graph",
            "p1.x",
        ] {
            assert!(matches!(dot_id(quoted), Id::Escaped(_)), "{quoted}");
        }
    }
}
