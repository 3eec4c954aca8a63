//! A compact, immutable simple digraph in compressed sparse row form, the
//! graph the fast kernels run on.
//!
//! Nodes are `0..n` as `u32`; out-arcs of node `v` are
//! `targets[out_offsets[v]..out_offsets[v + 1]]`, sorted ascending, and the
//! reverse graph (in-arcs) is kept alongside, so BFS on either direction
//! reads one contiguous slice per node. Building sorts and deduplicates the
//! arcs and drops self-loops: the graph is simple, as FORMAT.md's snapshot
//! and [`MeasureGraph`](crate::measure::MeasureGraph) are. Node `i` of a
//! `Csr` built from a petgraph graph is that graph's node `i`.

use rustworkx_core::petgraph::graph::{DiGraph, NodeIndex};
use rustworkx_core::petgraph::visit::EdgeRef;

/// A simple digraph with both adjacency directions in CSR form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Csr {
    out_offsets: Vec<u32>,
    targets: Vec<u32>,
    in_offsets: Vec<u32>,
    sources: Vec<u32>,
}

impl Csr {
    /// The graph on nodes `0..n` with the arcs `(from, to)`, given as
    /// `from << 32 | to` keys in any order; duplicates and self-loops are
    /// dropped. `keys` is sorted in place.
    ///
    /// # Panics
    /// If an endpoint is `>= n`, or `n` or the arc count does not fit `u32`.
    pub fn from_keys(n: usize, keys: &mut Vec<u64>) -> Self {
        keys.sort_unstable();
        keys.dedup();
        keys.retain(|&k| (k >> 32) != (k & 0xffff_ffff));
        Self::from_sorted_keys(n, keys, |_, _| ())
    }

    /// The graph on nodes `0..n` with the weighted arcs `(from << 32 | to,
    /// weight)`, in any order: parallel arcs collapse into one whose weight
    /// is the sum of theirs, self-loops are dropped. Returns the graph and
    /// the weight of each in-arc, aligned with [`Csr::inn`] (entry `j` of
    /// node `v`'s in-list is at `in_offset(v) + j`; see
    /// [`Csr::in_arc_range`]), which is what the power iterations pull along.
    ///
    /// # Panics
    /// As [`Csr::from_keys`].
    pub fn from_weighted_keys(n: usize, mut arcs: Vec<(u64, f64)>) -> (Self, Vec<f64>) {
        arcs.sort_unstable_by_key(|&(k, _)| k);
        let mut merged: Vec<(u64, f64)> = Vec::with_capacity(arcs.len());
        for (k, w) in arcs {
            if (k >> 32) == (k & 0xffff_ffff) {
                continue;
            }
            match merged.last_mut() {
                Some((last, sum)) if *last == k => *sum += w,
                _ => merged.push((k, w)),
            }
        }
        let keys: Vec<u64> = merged.iter().map(|&(k, _)| k).collect();
        let mut weights = vec![0.0; keys.len()];
        let graph = Self::from_sorted_keys(n, &keys, |slot, i| weights[slot] = merged[i].1);
        (graph, weights)
    }

    /// Builds from sorted, unique keys without self-loops; `place(slot, i)`
    /// is told that arc `i` of `keys` went to in-list slot `slot`.
    fn from_sorted_keys(n: usize, keys: &[u64], mut place: impl FnMut(usize, usize)) -> Self {
        assert!(u32::try_from(n).is_ok(), "too many nodes for a Csr: {n}");
        assert!(
            u32::try_from(keys.len()).is_ok(),
            "too many arcs for a Csr: {}",
            keys.len()
        );
        let mut out_offsets = vec![0u32; n + 1];
        let mut in_offsets = vec![0u32; n + 1];
        for &k in keys {
            let (a, b) = ((k >> 32) as usize, (k & 0xffff_ffff) as usize);
            assert!(a < n && b < n, "arc {a} -> {b} outside 0..{n}");
            out_offsets[a + 1] += 1;
            in_offsets[b + 1] += 1;
        }
        for i in 0..n {
            out_offsets[i + 1] += out_offsets[i];
            in_offsets[i + 1] += in_offsets[i];
        }
        let targets: Vec<u32> = keys.iter().map(|&k| (k & 0xffff_ffff) as u32).collect();
        // Keys are sorted by source, so filling in-lists in key order leaves
        // each in-list sorted too.
        let mut fill = in_offsets.clone();
        let mut sources = vec![0u32; keys.len()];
        for (i, &k) in keys.iter().enumerate() {
            let (a, b) = ((k >> 32) as u32, (k & 0xffff_ffff) as usize);
            let slot = fill[b] as usize;
            sources[slot] = a;
            place(slot, i);
            fill[b] += 1;
        }
        Self {
            out_offsets,
            targets,
            in_offsets,
            sources,
        }
    }

    /// The graph on nodes `0..n` with the arcs `arcs` (duplicates and
    /// self-loops dropped).
    pub fn from_arcs(n: usize, arcs: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut keys: Vec<u64> = arcs
            .into_iter()
            .map(|(a, b)| (u64::from(a) << 32) | u64::from(b))
            .collect();
        Self::from_keys(n, &mut keys)
    }

    /// The simple graph underlying a petgraph digraph: node `i` is its node
    /// `i`; parallel arcs collapse, self-loops are dropped, weights ignored.
    pub fn from_digraph<N, E>(graph: &DiGraph<N, E>) -> Self {
        Self::from_arcs(
            graph.node_count(),
            graph
                .edge_references()
                .map(|e| (e.source().index() as u32, e.target().index() as u32)),
        )
    }

    /// A petgraph digraph with the same nodes and arcs (weight 1), for the
    /// library's measures and for tests against rustworkx-core.
    pub fn to_digraph(&self) -> DiGraph<(), f64> {
        let mut g = DiGraph::with_capacity(self.node_count(), self.arc_count());
        for _ in 0..self.node_count() {
            g.add_node(());
        }
        for (a, b) in self.arcs() {
            g.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), 1.0);
        }
        g
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.out_offsets.len().saturating_sub(1)
    }

    /// Number of arcs.
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// Out-neighbours of `v`, ascending.
    #[inline]
    pub fn out(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.targets[self.out_offsets[v] as usize..self.out_offsets[v + 1] as usize]
    }

    /// In-neighbours of `v`, ascending.
    #[inline]
    pub fn inn(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.sources[self.in_offsets[v] as usize..self.in_offsets[v + 1] as usize]
    }

    /// The positions of `v`'s in-arcs in the graph's in-arc order (the
    /// order of the weights [`Csr::from_weighted_keys`] returns).
    #[inline]
    pub fn in_arc_range(&self, v: u32) -> std::ops::Range<usize> {
        self.in_offsets[v as usize] as usize..self.in_offsets[v as usize + 1] as usize
    }

    /// Out-degree of `v`.
    #[inline]
    pub fn out_degree(&self, v: u32) -> usize {
        (self.out_offsets[v as usize + 1] - self.out_offsets[v as usize]) as usize
    }

    /// In-degree of `v`.
    #[inline]
    pub fn in_degree(&self, v: u32) -> usize {
        (self.in_offsets[v as usize + 1] - self.in_offsets[v as usize]) as usize
    }

    /// Every arc `(from, to)`, sorted.
    pub fn arcs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.node_count() as u32).flat_map(move |v| self.out(v).iter().map(move |&w| (v, w)))
    }

    /// The reverse graph (every arc turned round).
    pub fn reversed(&self) -> Self {
        Self {
            out_offsets: self.in_offsets.clone(),
            targets: self.sources.clone(),
            in_offsets: self.out_offsets.clone(),
            sources: self.targets.clone(),
        }
    }

    /// A node order that keeps neighbours close in memory: breadth-first
    /// over arcs of both directions, each component from its node of
    /// highest degree (a Cuthill–McKee-like order). Entry `i` is the node
    /// that becomes node `i` under [`Csr::permuted`].
    pub fn locality_order(&self) -> Vec<u32> {
        let n = self.node_count();
        let degree = |v: u32| self.out_degree(v) + self.in_degree(v);
        let mut starts: Vec<u32> = (0..n as u32).collect();
        starts.sort_by_key(|&v| (std::cmp::Reverse(degree(v)), v));
        let mut seen = vec![false; n];
        let mut order = Vec::with_capacity(n);
        for s in starts {
            if seen[s as usize] {
                continue;
            }
            seen[s as usize] = true;
            let mut head = order.len();
            order.push(s);
            while head < order.len() {
                let v = order[head];
                head += 1;
                for &w in self.out(v).iter().chain(self.inn(v)) {
                    if !seen[w as usize] {
                        seen[w as usize] = true;
                        order.push(w);
                    }
                }
            }
        }
        order
    }

    /// The same graph with node `order[i]` renumbered `i` (`order` must be
    /// a permutation of the nodes).
    pub fn permuted(&self, order: &[u32]) -> Self {
        let n = self.node_count();
        assert_eq!(order.len(), n, "not a permutation of the nodes");
        let mut rank = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        let mut keys: Vec<u64> = self
            .arcs()
            .map(|(a, b)| (u64::from(rank[a as usize]) << 32) | u64::from(rank[b as usize]))
            .collect();
        Self::from_keys(n, &mut keys)
    }

    /// Bytes held by the adjacency arrays.
    pub fn heap_bytes(&self) -> usize {
        4 * (self.out_offsets.len()
            + self.targets.len()
            + self.in_offsets.len()
            + self.sources.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_self_loops_are_dropped() {
        let g = Csr::from_arcs(3, [(0, 1), (0, 1), (1, 1), (2, 0), (1, 2)]);
        assert_eq!(g.arcs().collect::<Vec<_>>(), [(0, 1), (1, 2), (2, 0)]);
        assert_eq!(g.inn(0), [2]);
        assert_eq!((g.out_degree(1), g.in_degree(1)), (1, 1));
    }

    #[test]
    fn weighted_parallel_arcs_sum_and_align_with_in_lists() {
        let key = |a: u64, b: u64| (a << 32) | b;
        let (g, w) = Csr::from_weighted_keys(
            3,
            vec![
                (key(2, 1), 5.0),
                (key(0, 1), 1.0),
                (key(0, 1), 2.5),
                (key(1, 1), 9.0),
                (key(1, 2), 4.0),
            ],
        );
        assert_eq!(g.arcs().collect::<Vec<_>>(), [(0, 1), (1, 2), (2, 1)]);
        assert_eq!(g.inn(1), [0, 2]);
        assert_eq!(&w[g.in_arc_range(1)], [3.5, 5.0]);
        assert_eq!(&w[g.in_arc_range(2)], [4.0]);
        assert!(g.in_arc_range(0).is_empty());
    }

    #[test]
    fn empty_graph_has_no_nodes() {
        let g = Csr::from_arcs(0, []);
        assert_eq!((g.node_count(), g.arc_count()), (0, 0));
        assert_eq!(Csr::default().node_count(), 0);
    }

    #[test]
    fn digraph_round_trip_keeps_arcs() {
        let g = Csr::from_arcs(4, [(3, 0), (0, 2), (2, 3)]);
        assert_eq!(Csr::from_digraph(&g.to_digraph()), g);
        assert_eq!(
            g.reversed().arcs().collect::<Vec<_>>(),
            [(0, 3), (2, 0), (3, 2)]
        );
    }
}
