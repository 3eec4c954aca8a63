//! Communities of a measure graph: Louvain modularity maximisation, and the
//! modularity of a partition.
//!
//! The graph is the [`MeasureGraph`] the centrality measures use (counted
//! relation kinds, symmetric kinds both ways, parallel relations merged,
//! weights only when counting is weighted), kept **directed**: modularity
//! is the directed modularity of Leicht and Newman (2008), as networkx's
//! `community.modularity` computes it on a `DiGraph`,
//!
//! ```text
//! Q = Σ_c [ L_c / m − γ · K_c^out · K_c^in / m² ]
//! ```
//!
//! where `m` is the total arc weight, `L_c` the weight of the arcs inside
//! community `c`, `K_c^out` and `K_c^in` the summed out- and in-weights of
//! its members and `γ` the resolution. No projection to an undirected graph
//! is made: a pair joined both ways weighs both arcs.
//!
//! [`louvain`] follows Blondel et al. (2008) in networkx's directed form
//! (`louvain_partitions`): local moves in a shuffled node order until no
//! move gains, then each community becomes one node, until a level gains
//! no more than [`THRESHOLD`]. The shuffle comes from the seed alone
//! ([`SplitMix64`]), and ties go to the first community met in node order,
//! so a seed always gives the same partition. Each level costs O(n + m)
//! per pass; a handful of passes and levels is usual.

use super::graph::MeasureGraph;

/// Modularity gain below which a further level is not tried (networkx's
/// default `threshold`).
pub const THRESHOLD: f64 = 1e-7;

/// Settings of [`louvain`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LouvainOptions {
    /// γ: above 1 favours more, smaller communities; below 1 fewer,
    /// larger ones.
    pub resolution: f64,
    /// Seed of the node-order shuffle.
    pub seed: u64,
}

impl Default for LouvainOptions {
    fn default() -> Self {
        Self {
            resolution: 1.0,
            seed: 1,
        }
    }
}

/// Why communities could not be found.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CommunityError {
    /// The resolution is negative, infinite or not a number.
    #[error("resolution must be a finite number ≥ 0, not {0}")]
    Resolution(f64),
}

/// A partition of a measure graph's nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Partition {
    /// The community of each node (node `i` of the measure graph).
    pub of: Vec<usize>,
    /// The nodes of each community, in node order. Communities are
    /// numbered from 0 by size (largest first), then by the id of their
    /// first member in id order.
    pub members: Vec<Vec<usize>>,
}

impl Partition {
    /// Numbers the communities of `labels` (any label per node) in the
    /// documented order.
    pub fn from_labels(graph: &MeasureGraph<'_, '_>, labels: &[usize]) -> Self {
        let n = labels.len();
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (node, &label) in labels.iter().enumerate() {
            groups.entry(label).or_default().push(node);
        }
        let mut members: Vec<Vec<usize>> = groups.into_values().collect();
        let first_id = |nodes: &Vec<usize>| nodes.iter().map(|&i| graph.id(i)).min();
        members.sort_by(|a, b| {
            b.len()
                .cmp(&a.len())
                .then_with(|| first_id(a).cmp(&first_id(b)))
        });
        let mut of = vec![0; n];
        for (c, nodes) in members.iter().enumerate() {
            for &node in nodes {
                of[node] = c;
            }
        }
        Self { of, members }
    }
}

/// Communities found by [`louvain`].
#[derive(Clone, Debug, PartialEq)]
pub struct Communities {
    /// The partition.
    pub partition: Partition,
    /// Its modularity; `None` when the graph has no arc (modularity is
    /// then undefined: m = 0).
    pub modularity: Option<f64>,
    /// Levels of aggregation made.
    pub levels: usize,
    /// The settings used.
    pub options: LouvainOptions,
}

/// The arcs of `graph` with their weights (1 when unweighted).
fn weighted_arcs(graph: &MeasureGraph<'_, '_>) -> Vec<(usize, usize, f64)> {
    let g = &graph.graph;
    let mut arcs = Vec::with_capacity(g.arc_count());
    for v in 0..g.node_count() as u32 {
        let range = g.in_arc_range(v);
        for (j, &u) in g.inn(v).iter().enumerate() {
            let w = graph.weights.as_ref().map_or(1.0, |w| w[range.start + j]);
            arcs.push((u as usize, v as usize, w));
        }
    }
    arcs
}

/// The directed modularity of the partition `of` (community of each node)
/// at resolution `resolution`; `None` without arcs.
pub fn modularity(graph: &MeasureGraph<'_, '_>, of: &[usize], resolution: f64) -> Option<f64> {
    let arcs = weighted_arcs(graph);
    let communities = of.iter().copied().max().map_or(0, |c| c + 1);
    let mut inside = vec![0.0; communities];
    let mut out = vec![0.0; communities];
    let mut inn = vec![0.0; communities];
    let mut m = 0.0;
    for &(u, v, w) in &arcs {
        m += w;
        out[of[u]] += w;
        inn[of[v]] += w;
        if of[u] == of[v] {
            inside[of[u]] += w;
        }
    }
    (m > 0.0).then(|| {
        (0..communities)
            .map(|c| inside[c] / m - resolution * out[c] * inn[c] / (m * m))
            .sum()
    })
}

/// The seeded generator of the node-order shuffle (SplitMix64, Steele et
/// al. 2014): small, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform integer below `bound` (> 0), without modulo bias.
    fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % bound;
            }
        }
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// One level of the Louvain method: nodes (original nodes, or the
/// communities of the level below) and weighted arcs, self-loops kept.
struct Level {
    /// Neighbours either way, self-loops left out, weights of both
    /// directions summed, in node order.
    neighbours: Vec<Vec<(usize, f64)>>,
    /// Weighted out- and in-degrees, self-loops included.
    out_degree: Vec<f64>,
    in_degree: Vec<f64>,
    /// Arcs `(from, to, weight)`, self-loops included.
    arcs: Vec<(usize, usize, f64)>,
}

impl Level {
    fn new(n: usize, arcs: Vec<(usize, usize, f64)>) -> Self {
        let mut out_degree = vec![0.0; n];
        let mut in_degree = vec![0.0; n];
        let mut pairs: Vec<(usize, usize, f64)> = Vec::with_capacity(arcs.len() * 2);
        for &(u, v, w) in &arcs {
            out_degree[u] += w;
            in_degree[v] += w;
            if u != v {
                pairs.push((u, v, w));
                pairs.push((v, u, w));
            }
        }
        pairs.sort_by_key(|&(u, v, _)| (u, v));
        let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (u, v, w) in pairs {
            match neighbours[u].last_mut() {
                Some((last, sum)) if *last == v => *sum += w,
                _ => neighbours[u].push((v, w)),
            }
        }
        Self {
            neighbours,
            out_degree,
            in_degree,
            arcs,
        }
    }

    fn node_count(&self) -> usize {
        self.neighbours.len()
    }

    /// Local moves until none gains: returns each node's community
    /// (labels are node numbers) and whether any node moved.
    fn local_moves(&self, m: f64, resolution: f64, rng: &mut SplitMix64) -> (Vec<usize>, bool) {
        let n = self.node_count();
        let mut community: Vec<usize> = (0..n).collect();
        let mut total_in = self.in_degree.clone();
        let mut total_out = self.out_degree.clone();
        let mut order: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut order);
        // Weight from the node being moved to each community, and the
        // communities touched, in the order first met.
        let mut weight_to = vec![0.0; n];
        let mut seen = vec![false; n];
        let mut touched: Vec<usize> = Vec::new();
        let mut improved = false;
        let m2 = m * m;
        loop {
            let mut moves = 0;
            for &u in &order {
                let own = community[u];
                for &(v, w) in &self.neighbours[u] {
                    let c = community[v];
                    if !seen[c] {
                        seen[c] = true;
                        touched.push(c);
                    }
                    weight_to[c] += w;
                }
                let (k_in, k_out) = (self.in_degree[u], self.out_degree[u]);
                total_in[own] -= k_in;
                total_out[own] -= k_out;
                let remove_cost = -weight_to[own] / m
                    + resolution * (k_out * total_in[own] + k_in * total_out[own]) / m2;
                let mut best = own;
                let mut best_gain = 0.0;
                for &c in &touched {
                    let gain = remove_cost + weight_to[c] / m
                        - resolution * (k_out * total_in[c] + k_in * total_out[c]) / m2;
                    if gain > best_gain {
                        best_gain = gain;
                        best = c;
                    }
                }
                total_in[best] += k_in;
                total_out[best] += k_out;
                if best != own {
                    community[u] = best;
                    moves += 1;
                    improved = true;
                }
                for &c in &touched {
                    weight_to[c] = 0.0;
                    seen[c] = false;
                }
                touched.clear();
            }
            if moves == 0 {
                return (community, improved);
            }
        }
    }

    /// The level above: one node per community of `community` (numbered
    /// in order of first member), arcs summed, internal arcs as self-loops.
    /// Returns it with the new number of each community label.
    fn aggregate(&self, community: &[usize]) -> (Self, Vec<usize>) {
        let mut number = vec![usize::MAX; community.len()];
        let mut next = 0;
        for &c in community {
            if number[c] == usize::MAX {
                number[c] = next;
                next += 1;
            }
        }
        let mut arcs: Vec<(usize, usize, f64)> = self
            .arcs
            .iter()
            .map(|&(u, v, w)| (number[community[u]], number[community[v]], w))
            .collect();
        arcs.sort_by_key(|&(u, v, _)| (u, v));
        let mut merged: Vec<(usize, usize, f64)> = Vec::with_capacity(arcs.len());
        for (u, v, w) in arcs {
            match merged.last_mut() {
                Some((a, b, sum)) if (*a, *b) == (u, v) => *sum += w,
                _ => merged.push((u, v, w)),
            }
        }
        (Self::new(next, merged), number)
    }
}

/// Communities of `graph` by the Louvain method (see the module docs).
pub fn louvain(
    graph: &MeasureGraph<'_, '_>,
    options: LouvainOptions,
) -> Result<Communities, CommunityError> {
    let resolution = options.resolution;
    if !(resolution.is_finite() && resolution >= 0.0) {
        return Err(CommunityError::Resolution(resolution));
    }
    let n = graph.node_count();
    let arcs = weighted_arcs(graph);
    let m: f64 = arcs.iter().map(|a| a.2).sum();
    // The community of each original node, as a node of the current level.
    let mut of: Vec<usize> = (0..n).collect();
    let mut levels = 0;
    if m > 0.0 {
        let mut rng = SplitMix64::new(options.seed);
        let mut level = Level::new(n, arcs);
        let mut current = modularity(graph, &of, resolution).unwrap_or(0.0);
        loop {
            let (community, improved) = level.local_moves(m, resolution, &mut rng);
            if !improved {
                break;
            }
            let (above, number) = level.aggregate(&community);
            let candidate: Vec<usize> = of.iter().map(|&x| number[community[x]]).collect();
            let gained = modularity(graph, &candidate, resolution).unwrap_or(0.0);
            of = candidate;
            levels += 1;
            if gained - current <= THRESHOLD {
                break;
            }
            current = gained;
            level = above;
        }
    }
    let partition = Partition::from_labels(graph, &of);
    let modularity = modularity(graph, &partition.of, resolution);
    Ok(Communities {
        partition,
        modularity,
        levels,
        options,
    })
}

/// The community number (from 1, as `councils communities` prints it) of
/// each organisation of `snapshot` in a community of two or more, found
/// with the default counting and [`LouvainOptions::default`]: what
/// `councils dot --cluster community` boxes.
pub fn community_numbers(
    snapshot: &crate::slice::Snapshot<'_>,
) -> std::collections::BTreeMap<String, usize> {
    let graph = MeasureGraph::new(
        snapshot,
        super::graph::Counting::default_for(snapshot.dataset),
    );
    let found =
        louvain(&graph, LouvainOptions::default()).expect("the default resolution is valid");
    let mut numbers = std::collections::BTreeMap::new();
    for (c, nodes) in found.partition.members.iter().enumerate() {
        if nodes.len() > 1 {
            for &i in nodes {
                numbers.insert(graph.id(i).to_string(), c + 1);
            }
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shuffle_depends_on_the_seed_only() {
        let shuffled = |seed| {
            let mut v: Vec<u32> = (0..20).collect();
            SplitMix64::new(seed).shuffle(&mut v);
            v
        };
        assert_eq!(shuffled(7), shuffled(7));
        assert_ne!(shuffled(7), shuffled(8));
        let mut sorted = shuffled(7);
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn aggregation_keeps_internal_weight_as_self_loops() {
        // 0 -> 1 (2), 1 -> 0 (1), 1 -> 2 (3), 2 -> 2 cannot occur at level
        // 0 but does above.
        let level = Level::new(3, vec![(0, 1, 2.0), (1, 0, 1.0), (1, 2, 3.0)]);
        assert_eq!(level.neighbours[1], [(0, 3.0), (2, 3.0)]);
        let (above, number) = level.aggregate(&[0, 0, 2]);
        assert_eq!(number[0], 0);
        assert_eq!(number[2], 1);
        assert_eq!(above.arcs, [(0, 0, 3.0), (0, 1, 3.0)]);
        assert_eq!(above.out_degree, [6.0, 0.0]);
        assert_eq!(above.in_degree, [3.0, 3.0]);
        assert!(above.neighbours[0] == [(1, 3.0)]);
    }
}
