//! What a diagram draws of each snapshot ([`Visible`]: all of it, or the
//! ego network of the focus), the union laid out ([`Skeleton`]), and what
//! one panel shows of it ([`Shows`]: a snapshot, or the change between two).

use std::collections::{BTreeMap, BTreeSet};

use rustworkx_core::petgraph::visit::EdgeRef;

use super::Focus;
use super::style::Status;
use crate::error::{Error, Result};
use crate::model::{Dataset, Id, Organisation};
use crate::render::limits::DiagramSize;
use crate::slice::{Snapshot, neighbourhood, relations_among};

/// A relation in a diagram: relations with the same endpoints and kind
/// (entered for different intervals) are drawn as one edge. Endpoints are
/// positions in `dataset.organisations`; a symmetric kind's endpoints are
/// in ascending order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct EdgeKey {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) kind: Id,
}

/// The ends `(a, b)` of a relation of `kind` as its [`EdgeKey`] holds them:
/// in ascending order for a symmetric kind.
fn drawn_ends(dataset: &Dataset, a: usize, b: usize, kind: &str) -> (usize, usize) {
    let symmetric = dataset.relation_kind(kind).is_some_and(|k| !k.directed);
    if symmetric && b < a { (b, a) } else { (a, b) }
}

/// The size of the [`Skeleton`] of `snapshots` drawn whole (no focus),
/// counted in flat sorted lists rather than by building it: at 300,000
/// relations the skeleton's maps take hundreds of MB, its count a few.
pub(super) fn whole_skeleton_size<'a, 'd: 'a>(
    snapshots: impl IntoIterator<Item = &'a Snapshot<'d>>,
) -> DiagramSize {
    let mut nodes: Vec<usize> = Vec::new();
    let mut edges: Vec<(usize, usize, &str)> = Vec::new();
    for snap in snapshots {
        let graph = &snap.graph;
        nodes.extend(graph.node_weights().copied());
        edges.extend(graph.edge_references().map(|e| {
            let kind = snap.dataset.relations[*e.weight()].kind.as_str();
            let (from, to) = drawn_ends(snap.dataset, graph[e.source()], graph[e.target()], kind);
            (from, to, kind)
        }));
    }
    nodes.sort_unstable();
    nodes.dedup();
    edges.sort_unstable();
    edges.dedup();
    DiagramSize {
        nodes: nodes.len(),
        edges: edges.len(),
    }
}

/// What of one snapshot is drawn: its organisations (or the ego network
/// of the focus), and its relations among them, grouped by [`EdgeKey`].
pub(super) struct Visible<'a, 'd> {
    pub(super) snap: &'a Snapshot<'d>,
    pub(super) nodes: BTreeSet<usize>,
    pub(super) edges: BTreeMap<EdgeKey, Vec<usize>>,
}

impl<'a, 'd> Visible<'a, 'd> {
    /// `required`: fail if the focus organisation is not in the snapshot
    /// (for snapshots drawn); otherwise it contributes nothing.
    pub(super) fn new(
        snap: &'a Snapshot<'d>,
        focus: Option<&Focus>,
        required: bool,
    ) -> Result<Self> {
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
        // Of an ego network, only the relations of its organisations are
        // looked at (issue 14: a report draws thousands of ego diagrams).
        let among: Vec<(usize, usize, usize)> = match focus {
            Some(_) => relations_among(snap, &nodes),
            None => graph
                .edge_references()
                .map(|e| (graph[e.source()], graph[e.target()], *e.weight()))
                .collect(),
        };
        let mut edges: BTreeMap<EdgeKey, Vec<usize>> = BTreeMap::new();
        for (a, b, r) in among {
            let rel = &snap.dataset.relations[r];
            let (from, to) = drawn_ends(snap.dataset, a, b, &rel.kind);
            edges
                .entry(EdgeKey {
                    from,
                    to,
                    kind: rel.kind.clone(),
                })
                .or_default()
                .push(r);
        }
        for list in edges.values_mut() {
            list.sort_unstable();
        }
        Ok(Self { snap, nodes, edges })
    }

    /// The values `org` had for `attribute` in the window, in time order,
    /// repeats removed.
    pub(super) fn values(&self, org: &Organisation, attribute: &str) -> Vec<String> {
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
pub(super) struct Skeleton {
    pub(super) nodes: BTreeSet<usize>,
    pub(super) edges: BTreeSet<EdgeKey>,
}

impl Skeleton {
    pub(super) fn add(&mut self, visible: &Visible) {
        self.nodes.extend(visible.nodes.iter().copied());
        self.edges.extend(visible.edges.keys().cloned());
    }

    pub(super) fn add_all(&mut self, other: &Skeleton) {
        self.nodes.extend(other.nodes.iter().copied());
        self.edges.extend(other.edges.iter().cloned());
    }
}

/// What one panel shows of the skeleton.
pub(super) enum Shows<'v, 'a, 'd> {
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
    pub(super) fn status(
        &self,
        has: impl Fn(&Visible) -> bool,
    ) -> Option<(Status, Vec<&'v Visible<'a, 'd>>)> {
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
