//! The simple directed graph the measures run on, built from a snapshot.
//!
//! A snapshot is a multigraph (several relations of several kinds may join
//! two organisations). Measures follow networkx's conventions on a *simple*
//! directed graph, so:
//!
//! * only the chosen relation kinds count (by default the flow kinds
//!   `delegation` and `control`; see [`default_kinds`]);
//! * a symmetric kind (e.g. `conflict`) counts in both directions;
//! * parallel arcs collapse into one whose weight is the sum of their
//!   weights (a relation without a weight weighs 1);
//! * every organisation of the snapshot is a node, isolated or not.
//!
//! Node `i` of the measure graph is node `i` of the snapshot graph, so
//! results map back to organisations without lookups.
//!
//! The graph is built straight into the compressed form the kernels of
//! [`fast`](super::fast) run on ([`Csr`]): every measure, for every command
//! and for `councils bench`, runs on this one graph.

use std::collections::BTreeSet;

use super::fast::Csr;
use crate::model::{Dataset, Flow};
use crate::slice::Snapshot;

/// Which relations a measure counts and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counting {
    /// Relation kinds that become arcs.
    pub kinds: BTreeSet<String>,
    /// Use relation weights (PageRank, eigenvector, Katz); otherwise every
    /// arc weighs 1.
    pub weighted: bool,
}

impl Counting {
    /// The default: the dataset's flow kinds, unweighted.
    pub fn default_for(dataset: &Dataset) -> Self {
        Self {
            kinds: default_kinds(dataset),
            weighted: false,
        }
    }

    /// A one-line statement of the settings, for output headers.
    pub fn describe(&self, dataset: &Dataset) -> String {
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|k| {
                let symmetric = dataset.relation_kind(k).is_some_and(|rk| !rk.directed);
                if symmetric {
                    format!("{k} (symmetric: both ways)")
                } else {
                    k.clone()
                }
            })
            .collect();
        format!(
            "relations counted: {}; parallel relations merged; {}",
            kinds.join(", "),
            if self.weighted {
                "weighted by relation weight (PageRank, eigenvector, Katz)"
            } else {
                "unweighted"
            }
        )
    }
}

/// The relation kinds measures count by default: those whose flow is `up`
/// or `down` (delegation and control in the 1917 dataset), or every kind if
/// the dataset declares no flows.
pub fn default_kinds(dataset: &Dataset) -> BTreeSet<String> {
    let flow: BTreeSet<String> = dataset
        .relation_kinds
        .iter()
        .filter(|k| matches!(k.flow, Some(Flow::Up | Flow::Down)))
        .map(|k| k.id.clone())
        .collect();
    if flow.is_empty() {
        dataset
            .relation_kinds
            .iter()
            .map(|k| k.id.clone())
            .collect()
    } else {
        flow
    }
}

/// A simple weighted digraph over a snapshot's organisations.
#[derive(Clone, Debug)]
pub struct MeasureGraph<'s, 'd> {
    /// The snapshot it was built from.
    pub snapshot: &'s Snapshot<'d>,
    /// Node `i` is snapshot node `i`; parallel relations are one arc.
    pub graph: Csr,
    /// Summed relation weights of each arc, aligned with the graph's
    /// in-lists ([`Csr::in_arc_range`]), when [`Counting::weighted`].
    pub weights: Option<Vec<f64>>,
    /// The settings used.
    pub counting: Counting,
}

impl<'s, 'd> MeasureGraph<'s, 'd> {
    /// Builds the measure graph of `snapshot` under `counting`.
    pub fn new(snapshot: &'s Snapshot<'d>, counting: Counting) -> Self {
        let dataset = snapshot.dataset;
        let n = snapshot.graph.node_count();
        let symmetric: Vec<&str> = dataset
            .relation_kinds
            .iter()
            .filter(|k| !k.directed)
            .map(|k| k.id.as_str())
            .collect();
        let mut arcs: Vec<(u64, f64)> = Vec::with_capacity(snapshot.graph.edge_count());
        for edge in snapshot.graph.raw_edges() {
            let relation = &dataset.relations[edge.weight];
            if !counting.kinds.contains(relation.kind.as_str()) {
                continue;
            }
            let (a, b) = (edge.source().index() as u64, edge.target().index() as u64);
            let w = if counting.weighted {
                relation.weight.unwrap_or(1.0)
            } else {
                1.0
            };
            arcs.push(((a << 32) | b, w));
            if symmetric.contains(&relation.kind.as_str()) {
                arcs.push(((b << 32) | a, w));
            }
        }
        let (graph, weights) = Csr::from_weighted_keys(n, arcs);
        Self {
            snapshot,
            graph,
            weights: counting.weighted.then_some(weights),
            counting,
        }
    }

    /// Number of organisations.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of arcs (pairs joined by at least one counted relation).
    pub fn arc_count(&self) -> usize {
        self.graph.arc_count()
    }

    /// The organisation id of node `i`.
    pub fn id(&self, i: usize) -> &'d str {
        let pos = self.snapshot.graph[rustworkx_core::petgraph::graph::NodeIndex::new(i)];
        &self.snapshot.dataset.organisations[pos].id
    }
}
