//! Degree, PageRank, eigenvector and Katz centrality on a [`Csr`], with
//! networkx's definitions and stopping rules. The power iterations take
//! optional arc weights, aligned with the in-lists as
//! [`Csr::from_weighted_keys`] returns them; `None` weighs every arc 1.
//!
//! The power iterations *pull* along in-lists (each node sums its
//! predecessors), so every node's new value is a sequential sum over a
//! contiguous slice: cache-friendly and the same bits on every run.

use super::csr::Csr;

/// `(in + out) / (n − 1)` per node; a lone node has 1 (networkx).
///
/// ```
/// use councils::measure::fast::{Csr, degree_centrality};
/// let g = Csr::from_arcs(3, [(0, 1), (1, 2)]);
/// assert_eq!(degree_centrality(&g), [0.5, 1.0, 0.5]);
/// ```
pub fn degree_centrality(graph: &Csr) -> Vec<f64> {
    let n = graph.node_count();
    if n <= 1 {
        return vec![1.0; n];
    }
    let scale = 1.0 / (n - 1) as f64;
    (0..n as u32)
        .map(|v| (graph.in_degree(v) + graph.out_degree(v)) as f64 * scale)
        .collect()
}

/// The iteration did not converge within `max_iter` iterations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("did not converge within {0} iterations")]
pub struct NoConvergence(pub usize);

/// PageRank as `nx.pagerank(G, alpha, tol=tol, weight=...)`: uniform
/// teleport, the rank of nodes without out-weight spread uniformly, each
/// arc carrying its share of its source's out-weight; stop when the L1
/// change is below `n · tol`. Values sum to 1.
///
/// # Complexity
/// O(|V| + |E|) per iteration.
///
/// ```
/// use councils::measure::fast::{Csr, pagerank};
/// let g = Csr::from_arcs(3, [(0, 1), (1, 2), (2, 0)]);
/// let pr = pagerank(&g, None, 0.85, 1e-10, 100).unwrap();
/// assert!(pr.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12));
/// ```
pub fn pagerank(
    graph: &Csr,
    weights: Option<&[f64]>,
    alpha: f64,
    tol: f64,
    max_iter: usize,
) -> Result<Vec<f64>, NoConvergence> {
    let n = graph.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let out_weight: Vec<f64> = match weights {
        None => (0..n as u32).map(|v| graph.out_degree(v) as f64).collect(),
        Some(w) => {
            let mut sum = vec![0.0; n];
            for v in 0..n as u32 {
                for (&u, &x) in graph.inn(v).iter().zip(&w[graph.in_arc_range(v)]) {
                    sum[u as usize] += x;
                }
            }
            sum
        }
    };
    let inv_out: Vec<f64> = out_weight
        .iter()
        .map(|&d| if d == 0.0 { 0.0 } else { 1.0 / d })
        .collect();
    let dangling: Vec<u32> = (0..n as u32)
        .filter(|&v| out_weight[v as usize] == 0.0)
        .collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut share = vec![0.0; n];
    for _ in 0..max_iter {
        let dangling_sum: f64 = dangling.iter().map(|&v| x[v as usize]).sum();
        for ((s, &xv), &inv) in share.iter_mut().zip(&x).zip(&inv_out) {
            *s = xv * inv;
        }
        let base = alpha * dangling_sum * uniform + (1.0 - alpha) * uniform;
        let mut err = 0.0;
        for (v, xv) in x.iter_mut().enumerate() {
            let new = alpha * pull(graph, weights, v as u32, &share) + base;
            err += (new - *xv).abs();
            *xv = new;
        }
        if err < n as f64 * tol {
            return Ok(x);
        }
    }
    Err(NoConvergence(max_iter))
}

/// `Σ w(u, v) · x[u]` over the in-arcs `u → v`.
#[inline]
fn pull(graph: &Csr, weights: Option<&[f64]>, v: u32, x: &[f64]) -> f64 {
    let inn = graph.inn(v);
    match weights {
        None => inn.iter().map(|&u| x[u as usize]).sum(),
        Some(w) => inn
            .iter()
            .zip(&w[graph.in_arc_range(v)])
            .map(|(&u, &wu)| wu * x[u as usize])
            .sum(),
    }
}

/// Eigenvector centrality as `nx.eigenvector_centrality(G, max_iter, tol)`:
/// the left (in-arc) eigenvector, found by iterating `x ← (A^T + I) x`
/// normalised to unit length, from the all-ones vector, until the L1
/// change is below `n · tol`.
///
/// ```
/// use councils::measure::fast::{Csr, eigenvector_centrality};
/// let g = Csr::from_arcs(2, [(0, 1), (1, 0)]);
/// let x = eigenvector_centrality(&g, None, 100, 1e-10).unwrap();
/// assert!(x.iter().all(|v| (v - 0.5f64.sqrt()).abs() < 1e-12));
/// ```
pub fn eigenvector_centrality(
    graph: &Csr,
    weights: Option<&[f64]>,
    max_iter: usize,
    tol: f64,
) -> Result<Vec<f64>, NoConvergence> {
    let n = graph.node_count();
    if n == 0 {
        return Err(NoConvergence(max_iter));
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iter {
        for (v, out) in next.iter_mut().enumerate() {
            *out = x[v] + pull(graph, weights, v as u32, &x);
        }
        let norm = next.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Err(NoConvergence(max_iter));
        }
        let mut err = 0.0;
        for (new, old) in next.iter_mut().zip(&x) {
            *new /= norm;
            err += (*new - old).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * tol {
            return Ok(x);
        }
    }
    Err(NoConvergence(max_iter))
}

/// Katz centrality as `nx.katz_centrality(G, alpha, beta, max_iter, tol,
/// normalized=True)`: iterate `x ← α Aᵀx + β` from zero until the L1
/// change is below `n · tol`, then scale to unit length.
///
/// ```
/// use councils::measure::fast::{Csr, katz_centrality};
/// let g = Csr::from_arcs(2, [(0, 1), (1, 0)]);
/// let x = katz_centrality(&g, None, 0.1, 1.0, 1000, 1e-10).unwrap();
/// assert!(x.iter().all(|v| (v - 0.5f64.sqrt()).abs() < 1e-12));
/// ```
pub fn katz_centrality(
    graph: &Csr,
    weights: Option<&[f64]>,
    alpha: f64,
    beta: f64,
    max_iter: usize,
    tol: f64,
) -> Result<Vec<f64>, NoConvergence> {
    let n = graph.node_count();
    let mut x = vec![0.0; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iter {
        let mut err = 0.0;
        for (v, out) in next.iter_mut().enumerate() {
            *out = alpha * pull(graph, weights, v as u32, &x) + beta;
            err += (*out - x[v]).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * tol {
            let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
            let scale = if norm == 0.0 { 1.0 } else { 1.0 / norm };
            x.iter_mut().for_each(|v| *v *= scale);
            return Ok(x);
        }
    }
    Err(NoConvergence(max_iter))
}
