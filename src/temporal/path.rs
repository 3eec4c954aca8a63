//! Shortest paths inside one slice: breadth-first search on the measure
//! graph ([`MeasureGraph`]), so a path goes through exactly the relations
//! the measures count (the counted kinds, symmetric kinds both ways,
//! parallel relations one arc).

use std::collections::VecDeque;

use crate::measure::MeasureGraph;
use crate::model::Relation;

/// The shortest paths from one organisation to another in a slice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShortestPaths {
    /// Each path as measure-graph nodes, source first; in the order of
    /// their node sequences (node order is organisation id order).
    pub paths: Vec<Vec<u32>>,
    /// True if there are more shortest paths than were asked for.
    pub capped: bool,
}

/// Up to `limit` shortest paths from `a` to `b` in `graph` (all of them
/// when fewer; one with `limit` 1), in the order of their node sequences.
/// Empty if `b` cannot be reached; `[[a]]` if `a == b`.
///
/// Complexity: one breadth-first search, O(V + E), then O(length) per
/// path listed (a node is kept only if it lies on some shortest path, so
/// the listing never backtracks into a dead end).
pub fn shortest_paths(graph: &MeasureGraph<'_, '_>, a: u32, b: u32, limit: usize) -> ShortestPaths {
    let csr = &graph.graph;
    let n = csr.node_count();
    let mut dist = vec![u32::MAX; n];
    dist[a as usize] = 0;
    let mut queue = VecDeque::from([a]);
    while let Some(u) = queue.pop_front() {
        if u == b {
            break;
        }
        for &v in csr.out(u) {
            if dist[v as usize] == u32::MAX {
                dist[v as usize] = dist[u as usize] + 1;
                queue.push_back(v);
            }
        }
    }
    let mut found = ShortestPaths {
        paths: Vec::new(),
        capped: false,
    };
    if dist[b as usize] == u32::MAX || limit == 0 {
        return found;
    }
    // Walk back from `b` over in-arcs that step down one level of
    // distance: every such walk ends at `a`, and every shortest path is
    // one. Depth-first over ascending node ids, then each path reversed,
    // lists them by their node sequences read from `b`; sorted below.
    let mut path = vec![b];
    enumerate(graph, &dist, &mut path, limit + 1, &mut found.paths);
    if found.paths.len() > limit {
        found.paths.truncate(limit);
        found.capped = true;
    }
    found.paths.sort();
    found
}

fn enumerate(
    graph: &MeasureGraph<'_, '_>,
    dist: &[u32],
    path: &mut Vec<u32>,
    limit: usize,
    out: &mut Vec<Vec<u32>>,
) {
    let last = *path.last().expect("path starts with b");
    if dist[last as usize] == 0 {
        out.push(path.iter().rev().copied().collect());
        return;
    }
    for &p in graph.graph.inn(last) {
        if out.len() >= limit {
            return;
        }
        if dist[p as usize] != u32::MAX && dist[p as usize] + 1 == dist[last as usize] {
            path.push(p);
            enumerate(graph, dist, path, limit, out);
            path.pop();
        }
    }
}

/// The counted relations that make the arc `u -> v` of `graph`: those of a
/// counted kind written `u -> v`, and those of a counted symmetric kind
/// written `v -> u`, in dataset order.
pub fn relations_of_arc<'d>(graph: &MeasureGraph<'_, 'd>, u: u32, v: u32) -> Vec<&'d Relation> {
    use rustworkx_core::petgraph::graph::NodeIndex;
    let snapshot = graph.snapshot;
    let dataset = snapshot.dataset;
    let (nu, nv) = (NodeIndex::new(u as usize), NodeIndex::new(v as usize));
    let symmetric = |kind: &str| dataset.relation_kind(kind).is_some_and(|k| !k.directed);
    let mut positions: Vec<usize> = snapshot
        .graph
        .edges_connecting(nu, nv)
        .map(|e| *e.weight())
        .filter(|&pos| {
            graph
                .counting
                .kinds
                .contains(dataset.relations[pos].kind.as_str())
        })
        .chain(
            snapshot
                .graph
                .edges_connecting(nv, nu)
                .map(|e| *e.weight())
                .filter(|&pos| {
                    let kind = &dataset.relations[pos].kind;
                    graph.counting.kinds.contains(kind.as_str()) && symmetric(kind)
                }),
        )
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
        .into_iter()
        .map(|p| &dataset.relations[p])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::Counting;
    use crate::slice::{Filter, Selector, Snapshot};

    /// The mini fixture in the early period: factory-committee ->
    /// district-soviet -> city-soviet, both delegation.
    fn paths(from: &str, to: &str, limit: usize) -> Option<(Vec<Vec<String>>, bool)> {
        let dataset = crate::load(std::path::Path::new("tests/fixtures/mini")).unwrap();
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period("early".into()),
            Filter::default(),
        )
        .unwrap();
        let graph = MeasureGraph::new(&snap, Counting::default_for(&dataset));
        let (a, b) = (
            snap.node(from)?.index() as u32,
            snap.node(to)?.index() as u32,
        );
        let found = shortest_paths(&graph, a, b, limit);
        let ids = found
            .paths
            .iter()
            .map(|p| {
                p.iter()
                    .map(|&v| graph.id(v as usize).to_string())
                    .collect()
            })
            .collect();
        Some((ids, found.capped))
    }

    #[test]
    fn follows_the_counted_relations_in_their_direction() {
        let path = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            paths("factory-committee", "city-soviet", 5),
            Some((
                vec![path(&[
                    "factory-committee",
                    "district-soviet",
                    "city-soviet"
                ])],
                false
            ))
        );
        // Against the direction of delegation: no path.
        assert_eq!(
            paths("city-soviet", "factory-committee", 5),
            Some((vec![], false))
        );
        // From an organisation to itself: the path of no step.
        assert_eq!(
            paths("city-soviet", "city-soviet", 5),
            Some((vec![path(&["city-soviet"])], false))
        );
    }
}
