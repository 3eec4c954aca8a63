//! The fast kernels agree with rustworkx-core (the oracle) on random and
//! special graphs, on their serial and parallel paths; the parallel paths
//! give the same bits as the serial ones; sampled betweenness stays within
//! its stated error bound.

use std::convert::Infallible;

use councils::measure::approx::{Approx, approximate_betweenness};
use councils::measure::fast::{
    Csr, betweenness_centrality, closeness_centrality, degree_centrality, eigenvector_centrality,
    pagerank,
};
use rustworkx_core::centrality as rx;
use rustworkx_core::petgraph::Direction;

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
        let oracle = councils::measure::pagerank::pagerank(&dg, 0.85, 1e-10, 1000).unwrap();
        let ours = pagerank(&g, 0.85, 1e-10, 1000).unwrap();
        assert_close(&format!("{name}: pagerank"), &ours, &oracle, 1e-12);
        let weight =
            |_: rustworkx_core::petgraph::graph::EdgeReference<'_, f64>| Ok::<f64, Infallible>(1.0);
        let Ok(oracle) = rx::eigenvector_centrality(&dg, weight, Some(1000), Some(1e-10));
        let ours = eigenvector_centrality(&g, 1000, 1e-10).ok();
        match (oracle, ours) {
            // Both iterate x <- (A^T + I) x and stop by the same rule; they
            // may take a different number of steps only at a near-exact
            // tie, so compare with the iteration tolerance.
            (Some(a), Some(b)) => assert_close(&format!("{name}: eigenvector"), &b, &a, 1e-8),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{name}: eigenvector convergence"),
        }
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
