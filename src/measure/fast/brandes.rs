//! Exact betweenness centrality (Brandes) on a [`Csr`], unweighted and
//! directed, with networkx's normalisation.
//!
//! One BFS per source counts shortest paths (σ) level by level; a reverse
//! sweep over the BFS order accumulates dependencies (δ) without
//! predecessor lists: the successors of `w` on shortest paths are its
//! out-neighbours one level further. The σ slot of a node is overwritten by
//! its coefficient `(1 + δ) / σ` once the sweep has passed it, so a source
//! needs three arrays (level, σ-or-coefficient, BFS order), allocated once
//! per block of sources and reset only where the BFS went. σ is an `f64`:
//! path counts overflow `u64` on large graphs (networkx counts in floats
//! too).
//!
//! Sources are cut into [`BLOCKS`] contiguous blocks whose partial sums are
//! added along a fixed binary tree ([`rayon::join`] on halves), so the
//! result is byte-identical whatever the number of threads and however the
//! work was stolen, and the serial path gives the same bits as the parallel
//! one.

use super::csr::Csr;

/// Number of source blocks (fixed, so sums do not depend on threads).
pub const BLOCKS: usize = 64;

const UNSEEN: u32 = u32::MAX;

/// Betweenness of every node: the share of shortest paths between ordered
/// pairs `(s, t)`, `s ≠ v ≠ t`, that pass through `v`, scaled by
/// `1 / ((n − 1)(n − 2))` (no scaling when `n ≤ 2`), as
/// `nx.betweenness_centrality(G, normalized=True, endpoints=False)`.
///
/// # Arguments
/// * `parallel`: split the sources across rayon's threads (same result).
///
/// # Complexity
/// O(|V|·|E|) time, O(|V|) memory per block in flight.
///
/// # Example
/// ```
/// use councils::measure::fast::{Csr, betweenness_centrality};
/// // 0 -> 1 -> 2: node 1 lies on the one path 0 -> 2 out of (3 - 1)(3 - 2) pairs.
/// let g = Csr::from_arcs(3, [(0, 1), (1, 2)]);
/// assert_eq!(betweenness_centrality(&g, false), [0.0, 0.5, 0.0]);
/// ```
pub fn betweenness_centrality(graph: &Csr, parallel: bool) -> Vec<f64> {
    let sources: Vec<u32> = (0..graph.node_count() as u32).collect();
    let mut values = dependency_sums(graph, &sources, parallel, &|_| {});
    normalise(&mut values);
    values
}

/// Scales raw dependency sums over every source by `1 / ((n − 1)(n − 2))`
/// (networkx's directed normalisation; unchanged when `n ≤ 2`).
pub fn normalise(values: &mut [f64]) {
    let n = values.len();
    if n > 2 {
        let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
        values.iter_mut().for_each(|v| *v *= scale);
    }
}

/// Σ over `sources` of the dependency δ_s(v) of each node `v` (endpoints
/// excluded, not normalised). `progress` is called with the number of
/// sources finished since its last call.
pub fn dependency_sums(
    graph: &Csr,
    sources: &[u32],
    parallel: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Vec<f64> {
    let n = graph.node_count();
    if sources.is_empty() {
        return vec![0.0; n];
    }
    // Renumber nodes so that a BFS touches nearby memory; map back after.
    let order = graph.locality_order();
    let local = graph.permuted(&order);
    let mut rank = vec![0u32; n];
    for (new, &old) in order.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    let sources: Vec<u32> = sources.iter().map(|&s| rank[s as usize]).collect();
    let blocks = BLOCKS.min(sources.len());
    let job = Job {
        graph: &local,
        sources: &sources,
        blocks,
        parallel,
        progress,
    };
    let sums = job.fold(0, blocks);
    let mut out = vec![0.0; n];
    for (new, &old) in order.iter().enumerate() {
        out[old as usize] = sums[new];
    }
    out
}

struct Job<'a> {
    graph: &'a Csr,
    sources: &'a [u32],
    blocks: usize,
    parallel: bool,
    progress: &'a (dyn Fn(usize) + Sync),
}

impl Job<'_> {
    /// Sum of blocks `lo..hi`, split at the midpoint: a fixed tree.
    fn fold(&self, lo: usize, hi: usize) -> Vec<f64> {
        if hi - lo == 1 {
            return self.block(lo);
        }
        let mid = lo + (hi - lo) / 2;
        let (mut left, right) = if self.parallel {
            rayon::join(|| self.fold(lo, mid), || self.fold(mid, hi))
        } else {
            (self.fold(lo, mid), self.fold(mid, hi))
        };
        left.iter_mut().zip(&right).for_each(|(a, b)| *a += b);
        left
    }

    fn block(&self, b: usize) -> Vec<f64> {
        let len = self.sources.len();
        let range = b * len / self.blocks..(b + 1) * len / self.blocks;
        let n = self.graph.node_count();
        let mut acc = vec![0.0; n];
        let mut work = Work::new(n);
        let mut pending = 0;
        for &s in &self.sources[range] {
            work.accumulate(self.graph, s, &mut acc);
            pending += 1;
            if pending == 256 {
                (self.progress)(pending);
                pending = 0;
            }
        }
        (self.progress)(pending);
        acc
    }
}

/// Per-source buffers, reused across the sources of a block.
pub(crate) struct Work {
    /// Per node: BFS level, and σ during the BFS, then `(1 + δ) / σ` once
    /// the sweep has passed it. Side by side, so that one visit touches one
    /// cache line.
    slot: Vec<Slot>,
    order: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Slot {
    level: u32,
    value: f64,
}

impl Work {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            slot: vec![
                Slot {
                    level: UNSEEN,
                    value: 0.0
                };
                n
            ],
            order: Vec::with_capacity(n),
        }
    }

    /// Adds δ_s(v) to `acc[v]` for every `v ≠ s`.
    pub(crate) fn accumulate(&mut self, graph: &Csr, s: u32, acc: &mut [f64]) {
        let Self { slot, order } = self;
        order.clear();
        slot[s as usize] = Slot {
            level: 0,
            value: 1.0,
        };
        order.push(s);
        let mut head = 0;
        while head < order.len() {
            let v = order[head] as usize;
            head += 1;
            let Slot { level, value } = slot[v];
            let next = level + 1;
            for &w in graph.out(v as u32) {
                let sw = &mut slot[w as usize];
                if sw.level == UNSEEN {
                    *sw = Slot { level: next, value };
                    order.push(w);
                } else if sw.level == next {
                    sw.value += value;
                }
            }
        }
        // order[0] is s, whose dependency is not counted (endpoints excluded).
        for &w in order[1..].iter().rev() {
            let w = w as usize;
            let next = slot[w].level + 1;
            let mut sum = 0.0;
            for &x in graph.out(w as u32) {
                let sx = slot[x as usize];
                if sx.level == next {
                    sum += sx.value;
                }
            }
            let sigma = slot[w].value;
            let delta = sigma * sum;
            acc[w] += delta;
            slot[w].value = (1.0 + delta) / sigma;
        }
        for &w in order.iter() {
            slot[w as usize].level = UNSEEN;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_equal_paths_share_the_dependency() {
        // 0 -> 1 -> 3 and 0 -> 2 -> 3: each middle node carries half of 0 -> 3.
        let g = Csr::from_arcs(4, [(0, 1), (0, 2), (1, 3), (2, 3)]);
        let b = betweenness_centrality(&g, false);
        assert_eq!(b, [0.0, 0.5 / 6.0, 0.5 / 6.0, 0.0]);
    }

    #[test]
    fn blocks_cover_every_source_once() {
        let n = 200;
        let g = Csr::from_arcs(n, (0..n as u32).map(|i| (i, (i + 1) % n as u32)));
        let count = std::sync::atomic::AtomicUsize::new(0);
        let sources: Vec<u32> = (0..n as u32).collect();
        let raw = dependency_sums(&g, &sources, true, &|k| {
            count.fetch_add(k, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(count.into_inner(), n);
        // On a directed cycle every node lies inside the paths of
        // (n - 1)(n - 2) / 2 ordered pairs.
        let want = ((n - 1) * (n - 2) / 2) as f64;
        assert!(raw.iter().all(|&x| x == want), "{raw:?}");
    }
}
