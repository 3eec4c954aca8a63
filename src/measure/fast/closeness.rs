//! Closeness centrality on a [`Csr`] by breadth-first search over in-arcs,
//! 128 sources at a time.
//!
//! Distances are measured *to* the node (networkx's convention for
//! digraphs), so each node's BFS walks the reverse graph, which the `Csr`
//! holds as contiguous in-lists. The BFSs of 128 nodes run together as bit
//! lanes ([`MultiBfs`]); distance sums are integers, so every value is
//! computed exactly as rustworkx-core computes it, and batches are
//! independent, so the parallel result equals the serial one bit for bit.

use rayon::prelude::*;

use super::csr::Csr;

/// Closeness of every node with the Wasserman–Faust scaling, as
/// `nx.closeness_centrality(G, wf_improved=True)`: with `r` the number of
/// nodes that reach `u` (counting `u`) and `Σd` the sum of their distances
/// to `u`, `((r − 1) / Σd) · (r − 1) / (n − 1)`; 0 when nothing reaches
/// `u`.
///
/// # Arguments
/// * `parallel`: spread the nodes over rayon's threads (same result).
///
/// # Complexity
/// O(|V|·(|V| + |E|)) time, O(|V|) memory per thread.
///
/// # Example
/// ```
/// use councils::measure::fast::{Csr, closeness_centrality};
/// // 0 -> 1 -> 2: node 2 is reached by both others, at distances 1 and 2.
/// let g = Csr::from_arcs(3, [(0, 1), (1, 2)]);
/// let c = closeness_centrality(&g, false);
/// assert_eq!(c, [0.0, 0.5, (2.0 / 3.0) * 2.0 / 2.0]);
/// ```
pub fn closeness_centrality(graph: &Csr, parallel: bool) -> Vec<f64> {
    closeness_with_progress(graph, parallel, &|_| {})
}

/// [`closeness_centrality`], calling `progress` with the number of nodes
/// finished since its last call.
pub fn closeness_with_progress(
    graph: &Csr,
    parallel: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<f64> {
    let n = graph.node_count();
    // Renumber nodes so that a BFS touches nearby memory and the 128 BFSs of
    // a batch (consecutive numbers: neighbours) share their frontiers.
    let order = graph.locality_order();
    let local = graph.permuted(&order);
    let batches = n.div_ceil(LANES);
    let one = |bfs: &mut MultiBfs, b: usize| {
        let lanes = bfs.run(&local, b * LANES, LANES.min(n - b * LANES));
        progress(lanes.len());
        lanes
    };
    let values: Vec<f64> = if parallel {
        (0..batches)
            .into_par_iter()
            .map_init(|| MultiBfs::new(n), one)
            .flatten_iter()
            .collect()
    } else {
        let mut bfs = MultiBfs::new(n);
        (0..batches).flat_map(|b| one(&mut bfs, b)).collect()
    };
    let mut out = vec![0.0; n];
    for (new, &old) in order.iter().enumerate() {
        out[old as usize] = values[new];
    }
    out
}

/// Sources per batch: one bit of a [`Word`] each.
const LANES: usize = Word::BITS as usize;

/// One bit per source of a batch.
type Word = u128;

/// Multi-source BFS (Then et al., "The more the merrier: efficient
/// multi-source graph traversal", VLDB 2015): up to 128 BFSs at once, one
/// bit per source in each node's `seen`, `visit` and `next` words, so an
/// arc is read once per level for every source whose frontier holds its
/// tail.
struct MultiBfs {
    seen: Vec<Word>,
    visit: Vec<Word>,
    next: Vec<Word>,
    frontier: Vec<u32>,
    touched: Vec<u32>,
}

impl MultiBfs {
    fn new(n: usize) -> Self {
        Self {
            seen: vec![0; n],
            visit: vec![0; n],
            next: vec![0; n],
            frontier: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Closeness of nodes `first..first + lanes`, walking in-arcs.
    fn run(&mut self, graph: &Csr, first: usize, lanes: usize) -> Vec<f64> {
        let Self {
            seen,
            visit,
            next,
            frontier,
            touched,
        } = self;
        seen.fill(0);
        frontier.clear();
        let mut reach = [1u64; LANES];
        let mut total = [0u64; LANES];
        for i in 0..lanes {
            let s = first + i;
            seen[s] = 1 << i;
            visit[s] = 1 << i;
            frontier.push(s as u32);
        }
        let mut level = 0u64;
        while !frontier.is_empty() {
            level += 1;
            touched.clear();
            for &v in frontier.iter() {
                let bits = visit[v as usize];
                for &w in graph.inn(v) {
                    let w = w as usize;
                    let new = bits & !seen[w];
                    if new != 0 {
                        if next[w] == 0 {
                            touched.push(w as u32);
                        }
                        next[w] |= new;
                        seen[w] |= new;
                    }
                }
            }
            for &v in frontier.iter() {
                visit[v as usize] = 0;
            }
            // Count the new nodes of each lane with a bit-sliced counter:
            // plane k holds bit k of every lane's count, and adding a word
            // is a ripple-carry over the planes (about two steps on
            // average), instead of one step per set bit.
            let mut planes: [Word; 33] = [0; 33];
            for &w in touched.iter() {
                let bits = next[w as usize];
                visit[w as usize] = bits;
                next[w as usize] = 0;
                let (mut carry, mut k) = (bits, 0);
                while carry != 0 {
                    let overflow = planes[k] & carry;
                    planes[k] ^= carry;
                    carry = overflow;
                    k += 1;
                }
            }
            for (k, plane) in planes.iter().enumerate() {
                let mut lanes = *plane;
                while lanes != 0 {
                    let i = lanes.trailing_zeros() as usize;
                    reach[i] += 1 << k;
                    total[i] += level << k;
                    lanes &= lanes - 1;
                }
            }
            std::mem::swap(frontier, touched);
        }
        let n = graph.node_count();
        (0..lanes)
            .map(|i| {
                let (r, t) = (reach[i], total[i]);
                if r <= 1 || t == 0 {
                    return 0.0;
                }
                // Same operations, in the same order, as rustworkx-core.
                let c = (r - 1) as f64 / t as f64;
                c * (r - 1) as f64 / (n - 1) as f64
            })
            .collect()
    }
}
