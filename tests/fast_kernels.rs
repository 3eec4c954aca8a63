//! The fast kernels agree with rustworkx-core (the oracle) on random and
//! special graphs, on their serial and parallel paths; the parallel paths
//! give the same bits as the serial ones; sampled betweenness stays within
//! its stated error bound.

use std::convert::Infallible;

use councils::measure::approx::{Approx, approximate_betweenness};
use councils::measure::fast::{
    Csr, betweenness_centrality, closeness_centrality, degree_centrality, eigenvector_centrality,
    katz_centrality, pagerank,
};
use rustworkx_core::centrality as rx;
use rustworkx_core::petgraph::Direction;
use rustworkx_core::petgraph::graph::{DiGraph, EdgeReference, NodeIndex};

const TOLERANCE: f64 = 1e-12;

fn assert_close(what: &str, ours: &[f64], oracle: &[f64], tol: f64) {
    assert_eq!(ours.len(), oracle.len(), "{what}: lengths");
    for (i, (a, b)) in ours.iter().zip(oracle).enumerate() {
        assert!(
            (a - b).abs() <= tol,
            "{what}: node {i}: ours {a}, oracle {b}"
        );
    }
}

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random digraph on `n` nodes with about `n * degree` arcs.
fn random_graph(n: usize, degree: usize, seed: u64) -> Csr {
    let mut rng = Rng(seed);
    let arcs: Vec<(u32, u32)> = (0..n * degree)
        .map(|_| (rng.below(n as u64) as u32, rng.below(n as u64) as u32))
        .collect();
    Csr::from_arcs(n, arcs)
}

fn special_graphs() -> Vec<(&'static str, Csr)> {
    let cycle = |n: u32| Csr::from_arcs(n as usize, (0..n).map(|i| (i, (i + 1) % n)));
    // Two components, one a directed star, one a bidirected path.
    let disconnected = Csr::from_arcs(
        9,
        [
            (0, 1),
            (0, 2),
            (0, 3),
            (4, 5),
            (5, 4),
            (5, 6),
            (6, 5),
            (6, 7),
            (7, 6),
        ],
    );
    vec![
        ("empty", Csr::from_arcs(0, [])),
        ("one node", Csr::from_arcs(1, [])),
        ("two nodes", Csr::from_arcs(2, [(0, 1)])),
        ("isolated nodes", Csr::from_arcs(5, [])),
        ("cycle of 3", cycle(3)),
        ("cycle of 301", cycle(301)),
        ("disconnected", disconnected),
        (
            "complete on 12",
            Csr::from_arcs(12, (0..12u32).flat_map(|a| (0..12u32).map(move |b| (a, b)))),
        ),
    ]
}

fn all_graphs() -> Vec<(String, Csr)> {
    let mut graphs: Vec<(String, Csr)> = special_graphs()
        .into_iter()
        .map(|(name, g)| (name.to_string(), g))
        .collect();
    for (i, &(n, degree)) in [(10, 1), (40, 2), (120, 3), (300, 2), (500, 4), (700, 1)]
        .iter()
        .enumerate()
    {
        graphs.push((
            format!("random n={n} d={degree}"),
            random_graph(n, degree, 42 + i as u64),
        ));
    }
    graphs
}

#[test]
fn betweenness_matches_rustworkx_core_serial_and_parallel() {
    for (name, g) in all_graphs() {
        let dg = g.to_digraph();
        let oracle: Vec<f64> = rx::betweenness_centrality(&dg, false, true, usize::MAX)
            .into_iter()
            .map(|v| v.unwrap_or(0.0))
            .collect();
        let serial = betweenness_centrality(&g, false);
        let parallel = betweenness_centrality(&g, true);
        assert_close(&format!("{name}: betweenness"), &serial, &oracle, TOLERANCE);
        // Fixed blocks and a fixed summation tree: the very same bits.
        assert_eq!(serial, parallel, "{name}: serial and parallel differ");
    }
}

#[test]
fn closeness_matches_rustworkx_core_serial_and_parallel() {
    for (name, g) in all_graphs() {
        let dg = g.to_digraph();
        let oracle: Vec<f64> = rx::closeness_centrality(&dg, true, usize::MAX)
            .into_iter()
            .map(|v| v.unwrap_or(0.0))
            .collect();
        let serial = closeness_centrality(&g, false);
        let parallel = closeness_centrality(&g, true);
        assert_close(&format!("{name}: closeness"), &serial, &oracle, TOLERANCE);
        assert_eq!(serial, parallel, "{name}: serial and parallel differ");
    }
}

#[test]
fn degree_pagerank_and_eigenvector_match_the_library() {
    for (name, g) in all_graphs() {
        let dg = g.to_digraph();
        let n = g.node_count();
        if n > 1 {
            let inn = rx::degree_centrality(&dg, Some(Direction::Incoming));
            let out = rx::degree_centrality(&dg, Some(Direction::Outgoing));
            let oracle: Vec<f64> = inn.iter().zip(&out).map(|(a, b)| a + b).collect();
            assert_close(
                &format!("{name}: degree"),
                &degree_centrality(&g),
                &oracle,
                TOLERANCE,
            );
        }
        let oracle = reference_pagerank(&g.arcs().collect::<Vec<_>>(), n, None);
        let ours = pagerank(&g, None, 0.85, 1e-10, 1000).unwrap();
        assert_close(&format!("{name}: pagerank"), &ours, &oracle, 1e-12);
        let weight =
            |_: rustworkx_core::petgraph::graph::EdgeReference<'_, f64>| Ok::<f64, Infallible>(1.0);
        let Ok(oracle) = rx::eigenvector_centrality(&dg, weight, Some(1000), Some(1e-10));
        let ours = eigenvector_centrality(&g, None, 1000, 1e-10).ok();
        match (oracle, ours) {
            // Both iterate x <- (A^T + I) x and stop by the same rule; they
            // may take a different number of steps only at a near-exact
            // tie, so compare with the iteration tolerance.
            (Some(a), Some(b)) => assert_close(&format!("{name}: eigenvector"), &b, &a, 1e-8),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{name}: eigenvector convergence"),
        }
    }
}

/// PageRank as networkx writes it, pushed along an arc list: the oracle for
/// the CSR kernel, which pulls along in-lists. `weights[i]` weighs
/// `arcs[i]` (all 1 if `None`).
fn reference_pagerank(arcs: &[(u32, u32)], n: usize, weights: Option<&[f64]>) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    let w = |i: usize| weights.map_or(1.0, |w| w[i]);
    let mut out_weight = vec![0.0; n];
    for (i, &(a, _)) in arcs.iter().enumerate() {
        out_weight[a as usize] += w(i);
    }
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    for _ in 0..1000 {
        let dangling: f64 = (0..n).filter(|&v| out_weight[v] == 0.0).map(|v| x[v]).sum();
        let mut next = vec![0.0; n];
        for (i, &(a, b)) in arcs.iter().enumerate() {
            next[b as usize] += x[a as usize] * w(i) / out_weight[a as usize];
        }
        let base = 0.85 * dangling * uniform + 0.15 * uniform;
        next.iter_mut().for_each(|v| *v = 0.85 * *v + base);
        let err: f64 = next.iter().zip(&x).map(|(a, b)| (a - b).abs()).sum();
        x = next;
        if err < n as f64 * 1e-10 {
            return x;
        }
    }
    panic!("reference PageRank did not converge");
}

#[test]
fn weighted_power_iterations_match_rustworkx_core_and_networkx_pagerank() {
    for seed in 1..=4u64 {
        let n = 60;
        let mut rng = Rng(seed);
        // Parallel arcs on purpose: the CSR sums their weights, as
        // MeasureGraph merges parallel relations.
        let arcs: Vec<(u64, f64)> = (0..n * 3)
            .map(|_| {
                let (a, b) = (rng.below(n as u64), rng.below(n as u64));
                ((a << 32) | b, 1.0 + rng.below(4) as f64 * 0.5)
            })
            .collect();
        let (g, w) = Csr::from_weighted_keys(n, arcs);
        // The same graph as petgraph arcs with their summed weights.
        let mut dg = DiGraph::<(), f64>::new();
        for _ in 0..n {
            dg.add_node(());
        }
        let mut listed = Vec::new();
        let mut weights = Vec::new();
        for v in 0..n as u32 {
            for (&u, &x) in g.inn(v).iter().zip(&w[g.in_arc_range(v)]) {
                dg.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), x);
                listed.push((u, v));
                weights.push(x);
            }
        }
        let weight = |e: EdgeReference<'_, f64>| Ok::<f64, Infallible>(*e.weight());
        let what = |m: &str| format!("seed {seed}: weighted {m}");
        let Ok(Some(oracle)) = rx::eigenvector_centrality(&dg, weight, Some(1000), Some(1e-10))
        else {
            panic!("{}: rustworkx-core did not converge", what("eigenvector"));
        };
        let ours = eigenvector_centrality(&g, Some(&w), 1000, 1e-10).unwrap();
        assert_close(&what("eigenvector"), &ours, &oracle, 1e-8);
        let Ok(Some(oracle)) = rx::katz_centrality(
            &dg,
            weight,
            Some(0.1),
            None,
            Some(1.0),
            Some(1000),
            Some(1e-10),
        ) else {
            panic!("{}: rustworkx-core Katz did not converge", what("katz"));
        };
        let ours = katz_centrality(&g, Some(&w), 0.1, 1.0, 1000, 1e-10).unwrap();
        assert_close(&what("katz"), &ours, &oracle, 1e-8);
        let oracle = reference_pagerank(&listed, n, Some(&weights));
        let ours = pagerank(&g, Some(&w), 0.85, 1e-10, 1000).unwrap();
        assert_close(&what("pagerank"), &ours, &oracle, 1e-12);
        // Weights matter: the unweighted values differ.
        let plain = pagerank(&g, None, 0.85, 1e-10, 1000).unwrap();
        assert!(plain.iter().zip(&ours).any(|(a, b)| (a - b).abs() > 1e-6));
    }
}

#[test]
fn sampled_betweenness_is_within_its_bound() {
    let g = random_graph(1500, 2, 7);
    let exact = betweenness_centrality(&g, true);
    for seed in [1, 2, 3] {
        let approx = Approx {
            epsilon: 0.1,
            delta: 0.1,
            seed,
        };
        let est = approximate_betweenness(&g, &approx, true, &|_| {});
        assert!(!est.exact && est.samples < g.node_count());
        let max_err = est
            .values
            .iter()
            .zip(&exact)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(
            max_err <= approx.epsilon,
            "seed {seed}: max error {max_err}"
        );
        // Same seed, same sample, same bits; serial equals parallel.
        assert_eq!(
            est,
            approximate_betweenness(&g, &approx, false, &|_| {}),
            "seed {seed}"
        );
    }
}

#[test]
fn sampled_betweenness_with_every_source_is_exact() {
    let g = random_graph(200, 3, 11);
    let est = approximate_betweenness(&g, &Approx::new(0.01), true, &|_| {});
    assert!(est.exact);
    assert_eq!(est.values, betweenness_centrality(&g, true));
}
