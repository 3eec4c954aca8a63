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

use std::collections::{BTreeSet, HashMap};

use rustworkx_core::petgraph::graph::{DiGraph, NodeIndex};

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
    /// Node `i` is snapshot node `i`; arcs carry summed weights.
    pub graph: DiGraph<(), f64>,
    /// The settings used.
    pub counting: Counting,
}

impl<'s, 'd> MeasureGraph<'s, 'd> {
    /// Builds the measure graph of `snapshot` under `counting`.
    pub fn new(snapshot: &'s Snapshot<'d>, counting: Counting) -> Self {
        let dataset = snapshot.dataset;
        let n = snapshot.graph.node_count();
        let mut graph = DiGraph::with_capacity(n, snapshot.graph.edge_count());
        for _ in 0..n {
            graph.add_node(());
        }
        let mut arcs: HashMap<(u32, u32), f64> = HashMap::new();
        let mut order: Vec<(u32, u32)> = Vec::new();
        let mut add = |a: NodeIndex, b: NodeIndex, w: f64| {
            let key = (a.index() as u32, b.index() as u32);
            let entry = arcs.entry(key).or_insert_with(|| {
                order.push(key);
                0.0
            });
            *entry += w;
        };
        for edge in snapshot.graph.edge_indices() {
            let relation = &dataset.relations[snapshot.graph[edge]];
            if !counting.kinds.contains(&relation.kind) {
                continue;
            }
            let Some((a, b)) = snapshot.graph.edge_endpoints(edge) else {
                continue;
            };
            let w = if counting.weighted {
                relation.weight.unwrap_or(1.0)
            } else {
                1.0
            };
            add(a, b, w);
            if dataset
                .relation_kind(&relation.kind)
                .is_some_and(|k| !k.directed)
            {
                add(b, a, w);
            }
        }
        for (a, b) in order {
            let w = if counting.weighted {
                arcs[&(a, b)]
            } else {
                1.0
            };
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), w);
        }
        Self {
            snapshot,
            graph,
            counting,
        }
    }

    /// Number of organisations.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// The organisation id of node `i`.
    pub fn id(&self, i: usize) -> &'d str {
        let pos = self.snapshot.graph[NodeIndex::new(i)];
        &self.snapshot.dataset.organisations[pos].id
    }
}
