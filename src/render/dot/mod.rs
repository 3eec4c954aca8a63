//! Turns snapshots into Graphviz DOT diagrams: one period, the comparison
//! of two, the two side by side, or a filmstrip of several.
//!
//! The diagram is built as a graphviz-rust AST ([`Graph`]) and printed by
//! its printer ([`to_dot`]); every text that comes from a dataset passes
//! through [`escape`]. All visual conventions live in [`style`].
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
//!   drawn instead.
//! * **Deterministic.** Organisations, relations, clusters and legend
//!   entries are emitted in dataset order; the same input gives the same
//!   bytes.

pub mod escape;
mod legend;
pub mod style;

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use rustworkx_core::petgraph::visit::EdgeRef;

use crate::error::{Error, Result};
use crate::model::{Dataset, Organisation, Relation};
use crate::slice::{Filter, Selector, Snapshot, neighbourhood};
use crate::suggest::did_you_mean;
use crate::time::CalendarView;

use escape::{class_name, esc_string, esc_tooltip, wrap};
use style::{EdgeLook, Status};

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
}

/// What the layout is computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// The union of every period (and of the snapshots drawn): an
    /// organisation keeps its place from one period's diagram to the next.
    #[default]
    Stable,
    /// Only what is drawn: smaller, but places change between diagrams.
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
    /// Draw the legend.
    pub legend: bool,
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
            legend: true,
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

/// Every period of `dataset` sliced with `filter`, in period order: the
/// context that fixes a [`Layout::Stable`] layout.
pub fn period_context<'d>(dataset: &'d Dataset, filter: &Filter) -> Result<Vec<Snapshot<'d>>> {
    dataset
        .periods
        .iter()
        .map(|p| Snapshot::new(dataset, &Selector::Period(p.id.clone()), filter.clone()))
        .collect()
}

/// Builds the diagram of `picture`.
///
/// # Arguments
///
/// * `picture`: the snapshots to draw (all cut from one dataset).
/// * `context`: more snapshots whose elements the layout makes room for
///   under [`Layout::Stable`], usually [`period_context`]; ignored under
///   [`Layout::Compact`].
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
    let drawn: Vec<&Snapshot> = match picture {
        Picture::Single(s) => vec![s],
        Picture::Compare(a, b) | Picture::SideBySide(a, b) => vec![a, b],
        Picture::Filmstrip(list) => list.iter().collect(),
    };
    let Some(first) = drawn.first() else {
        return Err(Error::Unknown {
            what: "snapshot",
            name: String::new(),
            hint: Some("nothing to draw: the dataset has no periods".into()),
        });
    };
    let dataset = first.dataset;
    options.check(dataset)?;
    let views: Vec<Visible> = drawn
        .iter()
        .map(|s| Visible::new(s, options.focus.as_ref(), true))
        .collect::<Result<_>>()?;
    let mut skeleton = Skeleton::default();
    for v in &views {
        skeleton.add(v);
    }
    if options.layout == Layout::Stable {
        for s in context {
            skeleton.add(&Visible::new(s, options.focus.as_ref(), false)?);
        }
    }
    let rows = rows(dataset, &skeleton, options.row_width);
    let row_of = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.nodes.iter().map(move |&n| (n, i)))
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
    };
    let (title, panels) = match picture {
        Picture::Single(_) => (
            builder.heading(&views[0]),
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

/// Prints `graph` as DOT text, ending with a line break.
pub fn to_dot(graph: &Graph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// A relation in a diagram: relations with the same endpoints and kind
/// (entered for different intervals) are drawn as one edge. Endpoints are
/// positions in `dataset.organisations`; a symmetric kind's endpoints are
/// in ascending order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct EdgeKey {
    from: usize,
    to: usize,
    kind: String,
}

/// What of one snapshot is drawn: its organisations (or the ego network
/// of the focus), and its relations among them, grouped by [`EdgeKey`].
struct Visible<'a, 'd> {
    snap: &'a Snapshot<'d>,
    nodes: BTreeSet<usize>,
    edges: BTreeMap<EdgeKey, Vec<usize>>,
}

impl<'a, 'd> Visible<'a, 'd> {
    /// `required`: fail if the focus organisation is not in the snapshot
    /// (for snapshots drawn); otherwise it contributes nothing.
    fn new(snap: &'a Snapshot<'d>, focus: Option<&Focus>, required: bool) -> Result<Self> {
        let graph = &snap.graph;
        let nodes: BTreeSet<usize> = match focus {
            None => graph.node_weights().copied().collect(),
            Some(focus) => match neighbourhood(snap, &focus.organisation, focus.depth) {
                Some(nodes) => nodes,
                None if required => {
                    return Err(Error::Unknown {
                        what: "organisation in this slice",
                        name: focus.organisation.clone(),
                        hint: Some(format!("it is not active in `{}`", snap.label)),
                    });
                }
                None => BTreeSet::new(),
            },
        };
        let mut edges: BTreeMap<EdgeKey, Vec<usize>> = BTreeMap::new();
        for e in graph.edge_references() {
            let (a, b) = (graph[e.source()], graph[e.target()]);
            if !(nodes.contains(&a) && nodes.contains(&b)) {
                continue;
            }
            let rel = &snap.dataset.relations[*e.weight()];
            let symmetric = snap
                .dataset
                .relation_kind(&rel.kind)
                .is_some_and(|k| !k.directed);
            let (from, to) = if symmetric && b < a { (b, a) } else { (a, b) };
            edges
                .entry(EdgeKey {
                    from,
                    to,
                    kind: rel.kind.clone(),
                })
                .or_default()
                .push(*e.weight());
        }
        for list in edges.values_mut() {
            list.sort_unstable();
        }
        Ok(Self { snap, nodes, edges })
    }

    /// The values `org` had for `attribute` in the window, in time order,
    /// repeats removed.
    fn values(&self, org: &Organisation, attribute: &str) -> Vec<String> {
        let mut values: Vec<String> = Vec::new();
        for s in self.snap.states(org) {
            if s.attribute == attribute && values.last() != Some(&s.value) {
                values.push(s.value.clone());
            }
        }
        values
    }
}

/// The organisations and relations laid out: the union of several
/// [`Visible`]s.
#[derive(Default)]
struct Skeleton {
    nodes: BTreeSet<usize>,
    edges: BTreeSet<EdgeKey>,
}

impl Skeleton {
    fn add(&mut self, visible: &Visible) {
        self.nodes.extend(visible.nodes.iter().copied());
        self.edges.extend(visible.edges.keys().cloned());
    }
}

/// What one panel shows of the skeleton.
enum Shows<'v, 'a, 'd> {
    /// A snapshot.
    One(&'v Visible<'a, 'd>),
    /// The change from the first to the second.
    Diff(&'v Visible<'a, 'd>, &'v Visible<'a, 'd>),
    /// The first, with what the second lacks marked with the status given.
    Side(&'v Visible<'a, 'd>, &'v Visible<'a, 'd>, Status),
}

impl<'v, 'a, 'd> Shows<'v, 'a, 'd> {
    /// The status of an element present in the visibles for which `has`
    /// is true, with the snapshots that describe it (earlier first); `None`
    /// if it is not drawn.
    fn status(&self, has: impl Fn(&Visible) -> bool) -> Option<(Status, Vec<&'v Visible<'a, 'd>>)> {
        match *self {
            Shows::One(v) => has(v).then(|| (Status::Present, vec![v])),
            Shows::Diff(a, b) => match (has(a), has(b)) {
                (true, true) => Some((Status::Kept, vec![a, b])),
                (false, true) => Some((Status::Added, vec![b])),
                (true, false) => Some((Status::Removed, vec![a])),
                (false, false) => None,
            },
            Shows::Side(this, other, missing) => {
                has(this).then(|| (if has(other) { Status::Kept } else { missing }, vec![this]))
            }
        }
    }
}

/// One box of a multi-panel diagram (or the whole of a single one).
struct Panel<'v, 'a, 'd> {
    /// Prepended to every node name and SVG id (`p1.`).
    prefix: String,
    /// The box's label; `None` for a diagram of one panel (no box).
    title: Option<String>,
    shows: Shows<'v, 'a, 'd>,
}

/// A tree of place clusters (or one level of kind clusters).
#[derive(Default)]
struct Group {
    label: String,
    nodes: Vec<usize>,
    children: BTreeMap<String, Group>,
}

struct Builder<'o, 'd> {
    dataset: &'d Dataset,
    options: &'o DotOptions,
    skeleton: &'o Skeleton,
    rows: Vec<Row>,
    /// The row of each organisation of the skeleton.
    row_of: BTreeMap<usize, usize>,
    colors: Vec<(String, &'static str)>,
    /// The look of each relation kind.
    edge_styles: style::EdgeStyles,
    compare: bool,
    /// Small unlabelled nodes (names in tooltips), for small multiples.
    miniature: bool,
}

/// One row of organisations side by side, all of one level.
struct Row {
    level: usize,
    nodes: Vec<usize>,
}

/// Splits each tier of the skeleton into rows of at most `width`
/// organisations (0: one row per tier), bottom first.
///
/// Within a tier, organisations linked mostly to lower tiers go to the
/// lower rows and those linked mostly to higher tiers to the upper rows
/// (ties by place, then id), so that edges stay short; rows are filled
/// evenly. The order within a row is left to Graphviz.
fn rows(dataset: &Dataset, skeleton: &Skeleton, width: usize) -> Vec<Row> {
    let level = |n: usize| dataset.organisations[n].level;
    let mut pull: BTreeMap<usize, i64> = skeleton.nodes.iter().map(|&n| (n, 0)).collect();
    for e in &skeleton.edges {
        let (a, b) = (level(e.from), level(e.to));
        let step = match a.cmp(&b) {
            std::cmp::Ordering::Less => 1,
            std::cmp::Ordering::Greater => -1,
            std::cmp::Ordering::Equal => 0,
        };
        *pull.entry(e.from).or_default() += step;
        *pull.entry(e.to).or_default() -= step;
    }
    let mut tiers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &n in &skeleton.nodes {
        tiers.entry(level(n)).or_default().push(n);
    }
    let mut rows = Vec::new();
    for (level, mut nodes) in tiers {
        nodes.sort_by_key(|&n| {
            let org = &dataset.organisations[n];
            (pull[&n], org.place.clone(), n)
        });
        let count = if width == 0 {
            1
        } else {
            nodes.len().div_ceil(width)
        };
        let (size, extra) = (nodes.len() / count, nodes.len() % count);
        let mut rest = nodes.as_slice();
        for i in 0..count {
            let (this, next) = rest.split_at(size + usize::from(i < extra));
            rows.push(Row {
                level,
                nodes: this.to_vec(),
            });
            rest = next;
        }
    }
    rows
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
        if self.options.legend {
            stmts.push(self.legend());
        }
        Graph::DiGraph {
            id: Id::Plain("councils".into()),
            strict: false,
            stmts,
        }
    }

    /// `Label (id), dates (O.S. / N.S.)` of a snapshot, with the filters
    /// that are not defaults.
    fn heading(&self, visible: &Visible) -> String {
        let snap = visible.snap;
        let view = self.options.view;
        let name = match snap.dataset.period(&snap.label) {
            Some(p) => format!("{} ({})", p.label, p.id),
            None => format!("at {}", snap.label),
        };
        let mut text = format!("{name}, {} ({})", snap.window.show(view), view.label());
        let mut settings = Vec::new();
        if let Some(f) = &self.options.focus {
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

    /// The statements of one panel: tiers, clusters, nodes and edges.
    fn panel(&self, panel: &Panel) -> Vec<Stmt> {
        let ds = self.dataset;
        let p = &panel.prefix;
        let spine = |row: usize| format!("{p}row.{}", row + 1);
        let mut stmts = Vec::new();
        // The spine: one invisible point per row, chained bottom to top,
        // so that the rows stack in order even where no edge joins them.
        // With tier labels shown, the first row of each tier carries its
        // level's label, kept leftmost by invisible edges to the row.
        let labelled = self.options.cluster == Cluster::None;
        let row_stmts = |tier: Option<usize>| -> Vec<Stmt> {
            let mut out = Vec::new();
            for (i, row) in self.rows.iter().enumerate() {
                if tier.is_some_and(|t| t != row.level) {
                    continue;
                }
                let first = i == 0 || self.rows[i - 1].level != row.level;
                let level = ds.level(row.level);
                let spine_attrs = if labelled && first {
                    vec![
                        attr("shape", "plaintext"),
                        attr("label", &wrap(&level.label, 12)),
                        attr("fontcolor", "#707070"),
                        attr("fontsize", "12"),
                        attr("id", &format!("{p}tier-{}", level.id)),
                        tip(level.description.as_deref().unwrap_or(&level.label)),
                    ]
                } else {
                    vec![
                        attr("shape", "point"),
                        attr("width", "0.01"),
                        attr("style", "invis"),
                    ]
                };
                out.push(node(&spine(i), spine_attrs));
                let mut same = vec![Stmt::Attribute(attr("rank", "same")), node_ref(&spine(i))];
                for &n in &row.nodes {
                    let name = format!("{p}{}", ds.organisations[n].id);
                    if labelled {
                        same.push(edge(&spine(i), &name, vec![attr("style", "invis")]));
                    } else {
                        same.push(node_ref(&name));
                    }
                }
                out.push(subgraph(&format!("{p}rank.{}", i + 1), same));
            }
            out
        };
        match self.options.cluster {
            Cluster::None => {
                for &n in &self.skeleton.nodes {
                    stmts.push(self.org_node(panel, n));
                }
                stmts.extend(row_stmts(None));
            }
            Cluster::Place | Cluster::Kind => {
                let (loose, root) = self.groups();
                for n in loose {
                    stmts.push(self.org_node(panel, n));
                }
                let mut counter = 0;
                for group in root.children.values() {
                    stmts.push(self.cluster(panel, group, &mut counter));
                }
                stmts.extend(row_stmts(None));
            }
        }
        for pair in (0..self.rows.len()).collect::<Vec<_>>().windows(2) {
            stmts.push(edge(
                &spine(pair[0]),
                &spine(pair[1]),
                vec![attr("style", "invis"), attr("weight", "10")],
            ));
        }
        for key in &self.skeleton.edges {
            stmts.push(self.relation_edge(panel, key));
        }
        stmts
    }

    /// Organisations outside any cluster, and the cluster tree.
    fn groups(&self) -> (Vec<usize>, Group) {
        let ds = self.dataset;
        let mut root = Group::default();
        let mut loose = Vec::new();
        for &n in &self.skeleton.nodes {
            let org = &ds.organisations[n];
            let path: Vec<(String, String)> = match self.options.cluster {
                Cluster::Place => org
                    .place
                    .iter()
                    .flat_map(|p| p.split(','))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| (s.to_string(), s.to_string()))
                    .collect(),
                Cluster::Kind => {
                    // Kinds in dataset order: the key is the kind's position.
                    let pos = ds.node_kinds.iter().position(|k| k.id == org.kind);
                    let label = ds
                        .node_kind(&org.kind)
                        .map_or(org.kind.as_str(), |k| &k.label);
                    vec![(
                        format!("{:04}", pos.unwrap_or(usize::MAX)),
                        label.to_string(),
                    )]
                }
                Cluster::None => Vec::new(),
            };
            if path.is_empty() {
                loose.push(n);
                continue;
            }
            let mut group = &mut root;
            for (key, label) in path {
                group = group.children.entry(key).or_default();
                group.label = label;
            }
            group.nodes.push(n);
        }
        (loose, root)
    }

    fn cluster(&self, panel: &Panel, group: &Group, counter: &mut usize) -> Stmt {
        *counter += 1;
        let name = format!("cluster_{}{}", panel.prefix.replace('.', "_"), counter);
        let shown = self.group_shown(panel, group);
        let mut stmts = vec![
            Stmt::Attribute(attr("label", &wrap(&group.label, 30))),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("labeljust", "l")),
            Stmt::Attribute(attr("labelloc", "b")),
            Stmt::Attribute(attr("fontsize", "10")),
            Stmt::Attribute(attr("id", &name)),
        ];
        // An empty cluster keeps its size (and its label's) but is not seen.
        let (pen, font) = if shown {
            ("#a0a0a0", "#606060")
        } else {
            ("transparent", "transparent")
        };
        stmts.push(Stmt::Attribute(attr("color", pen)));
        stmts.push(Stmt::Attribute(attr("fontcolor", font)));
        for &n in &group.nodes {
            stmts.push(self.org_node(panel, n));
        }
        for child in group.children.values() {
            stmts.push(self.cluster(panel, child, counter));
        }
        subgraph(&name, stmts)
    }

    fn group_shown(&self, panel: &Panel, group: &Group) -> bool {
        group
            .nodes
            .iter()
            .any(|n| panel.shows.status(|v| v.nodes.contains(n)).is_some())
            || group.children.values().any(|g| self.group_shown(panel, g))
    }

    fn org_node(&self, panel: &Panel, n: usize) -> Stmt {
        let ds = self.dataset;
        let org = &ds.organisations[n];
        let kind = ds.node_kind(&org.kind);
        let shape = style::node_shape(kind);
        let mut label = wrap(&org.name, self.options.wrap);
        if let Some(count) = org.count {
            label.push_str(&format!("\n×{count}"));
        }
        // Attributes that size the node come first and never change
        // between panels, periods or statuses.
        let mut attrs = if self.miniature {
            vec![
                attr("label", ""),
                attr("shape", shape),
                attr("fixedsize", "true"),
                attr("width", "0.4"),
                attr("height", "0.3"),
            ]
        } else {
            vec![attr("label", &label), attr("shape", shape)]
        };
        let name = format!("{}{}", panel.prefix, org.id);
        let Some((status, shown)) = panel.shows.status(|v| v.nodes.contains(&n)) else {
            attrs.push(attr("style", "invis"));
            attrs.push(attr("id", &format!("{}org-{}", panel.prefix, org.id)));
            return node(&name, attrs);
        };
        let values: Vec<String> = match &self.options.color_by {
            Some(a) => {
                let mut all: Vec<String> = Vec::new();
                for v in &shown {
                    for value in v.values(org, a) {
                        if all.last() != Some(&value) {
                            all.push(value);
                        }
                    }
                }
                all
            }
            None => Vec::new(),
        };
        let (pen, width, _) = style::node_outline(status);
        let focus = self
            .options
            .focus
            .as_ref()
            .is_some_and(|f| f.organisation == org.id);
        attrs.extend([
            attr("style", &style::node_style(shape, status)),
            attr("fillcolor", &self.fill(&values)),
            attr("color", pen),
            attr("penwidth", if focus { style::FOCUS_PEN } else { width }),
            tip(&self.node_tooltip(org, status, &shown)),
            attr("id", &format!("{}org-{}", panel.prefix, org.id)),
        ]);
        let mut class = format!(
            "organisation kind-{} level-{}",
            class_name(&org.kind),
            class_name(&ds.level(org.level).id)
        );
        if status != Status::Present {
            class.push_str(&format!(" {}", status.word()));
        }
        if let Some(last) = values.last() {
            class.push_str(&format!(" value-{}", class_name(last)));
        }
        if focus {
            class.push_str(" focus");
        }
        attrs.push(attr("class", &class));
        node(&name, attrs)
    }

    /// The fill of a node with these values: one colour, or a gradient from
    /// the first value to the last if it changed in the window.
    fn fill(&self, values: &[String]) -> String {
        let color = |v: &String| {
            self.colors
                .iter()
                .find(|(value, _)| value == v)
                .map_or(style::NO_VALUE, |(_, c)| c)
        };
        match values {
            [] => style::NO_VALUE.to_string(),
            [one] => color(one).to_string(),
            [first, .., last] if color(first) == color(last) => color(first).to_string(),
            [first, .., last] => format!("{}:{}", color(first), color(last)),
        }
    }

    fn node_tooltip(&self, org: &Organisation, status: Status, shown: &[&Visible]) -> String {
        let ds = self.dataset;
        let view = self.options.view;
        let mut lines = Vec::new();
        match &org.name_original {
            Some(original) => lines.push(format!("{} ({original})", org.name)),
            None => lines.push(org.name.clone()),
        }
        let kind = ds
            .node_kind(&org.kind)
            .map_or(org.kind.as_str(), |k| &k.label);
        let mut what = format!("{kind}, {}", ds.level(org.level).label);
        if let Some(place) = &org.place {
            what.push_str(&format!(", {place}"));
        }
        lines.push(what);
        lines.push(format!("existed {}", org.during.show(view)));
        if let Some(count) = org.count {
            lines.push(format!("stands for {count} bodies"));
        }
        if self.compare {
            lines.push(status.word().to_string());
        }
        let mut attributes: Vec<&str> = ds.attributes.iter().map(|a| a.id.as_str()).collect();
        if let Some(first) = &self.options.color_by {
            attributes.retain(|a| a != first);
            attributes.insert(0, first);
        }
        for a in attributes {
            let declared = ds.attributes.iter().find(|x| x.id == a);
            let label = declared.map_or(a, |x| &x.label);
            let parts: Vec<String> = shown
                .iter()
                .filter_map(|v| {
                    let values = v.values(org, a);
                    (!values.is_empty()).then(|| {
                        let labels: Vec<&str> = values
                            .iter()
                            .map(|v| declared.map_or(v.as_str(), |x| x.value_label(v)))
                            .collect();
                        let joined = labels.join(" → ");
                        if shown.len() > 1 {
                            format!("{joined} in {}", v.snap.label)
                        } else {
                            joined
                        }
                    })
                })
                .collect();
            if !parts.is_empty() {
                lines.push(format!("{label}: {}", parts.join("; ")));
            }
        }
        if let Some(note) = &org.note {
            lines.push(note.clone());
        }
        if !org.cite.is_empty() {
            lines.push(format!("Sources: {}", cite_text(&org.cite)));
        }
        lines.join("\n")
    }

    fn relation_edge(&self, panel: &Panel, key: &EdgeKey) -> Stmt {
        let ds = self.dataset;
        let (from, to) = (&ds.organisations[key.from], &ds.organisations[key.to]);
        let kind = ds.relation_kind(&key.kind);
        let look = self.edge_styles.look(&key.kind);
        let p = &panel.prefix;
        // A relation running down the rows is written upward and drawn
        // backward, so that it agrees with the ranks.
        let reversed = self.row_of[&key.to] < self.row_of[&key.from];
        let (tail, head) = if reversed { (to, from) } else { (from, to) };
        let mut attrs = direction(&look, reversed);
        let id = format!("{p}rel-{}--{}--{}", from.id, key.kind, to.id);
        match panel.shows.status(|v| v.edges.contains_key(key)) {
            None => {
                attrs.push(attr("style", "invis"));
                attrs.push(attr("id", &id));
            }
            Some((status, shown)) => {
                let (color, width) = style::edge_pen(&look, status);
                let mut relations: Vec<usize> = shown
                    .iter()
                    .flat_map(|v| v.edges.get(key).into_iter().flatten().copied())
                    .collect();
                relations.sort_unstable();
                relations.dedup();
                let kind_label = kind.map_or(key.kind.as_str(), |k| &k.label);
                let mut tooltip: Vec<String> = relations
                    .iter()
                    .map(|&r| self.relation_tooltip(&ds.relations[r], kind_label, &look))
                    .collect();
                if self.compare {
                    tooltip.insert(0, status.word().to_string());
                }
                attrs.extend([
                    attr("style", look.style),
                    attr("color", &color),
                    attr("penwidth", width),
                    tip(&tooltip.join("\n\n")),
                    attr("id", &id),
                ]);
                let mut class = format!("relation kind-{}", class_name(&key.kind));
                if status != Status::Present {
                    class.push_str(&format!(" {}", status.word()));
                }
                attrs.push(attr("class", &class));
            }
        }
        edge(
            &format!("{p}{}", tail.id),
            &format!("{p}{}", head.id),
            attrs,
        )
    }

    fn relation_tooltip(&self, rel: &Relation, kind: &str, look: &EdgeLook) -> String {
        let ds = self.dataset;
        let name = |id: &str| {
            ds.organisation(id)
                .map_or(id.to_string(), |o| o.name.clone())
        };
        let arrow = if look.directed { "→" } else { "↔" };
        let mut lines = vec![
            format!("{} {arrow} {}: {kind}", name(&rel.from), name(&rel.to)),
            format!("during {}", rel.during.show(self.options.view)),
        ];
        if let Some(w) = rel.weight {
            lines.push(format!("weight {w}"));
        }
        if let Some(note) = &rel.note {
            lines.push(note.clone());
        }
        if !rel.cite.is_empty() {
            lines.push(format!("Sources: {}", cite_text(&rel.cite)));
        }
        lines.join("\n")
    }
}

/// `dir`, `arrowhead` and `arrowtail` of an edge of this look, written
/// backward if `reversed`.
fn direction(look: &EdgeLook, reversed: bool) -> Vec<Attribute> {
    if !look.directed {
        vec![
            attr("dir", "both"),
            attr("arrowhead", look.arrow),
            attr("arrowtail", look.arrow),
        ]
    } else if reversed {
        vec![attr("dir", "back"), attr("arrowtail", look.arrow)]
    } else {
        vec![attr("arrowhead", look.arrow)]
    }
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
