//! PageRank with networkx's definition.
//!
//! petgraph's `page_rank` is not used: it runs a fixed number of
//! iterations with no convergence test, costs O(|V|·|E|) per iteration, and
//! leaves out the teleport term for pairs joined by an arc, so its values
//! differ from networkx's (and from Brin and Page's) on most graphs. This is
//! the standard power iteration of networkx's `pagerank`: uniform teleport,
//! the rank of dangling nodes (no out-arcs) spread uniformly over all nodes,
//! arcs weighted by their share of the source's out-weight.

use rustworkx_core::petgraph::graph::DiGraph;
use rustworkx_core::petgraph::visit::EdgeRef;

/// PageRank did not converge.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("PageRank did not converge within {max_iter} iterations (tolerance {tol})")]
pub struct NoConvergence {
    /// Iterations run.
    pub max_iter: usize,
    /// Tolerance per node.
    pub tol: f64,
}

/// PageRank of every node of `graph`.
///
/// # Arguments
/// * `alpha`: damping factor, the probability of following an arc (0.85).
/// * `tol`: stop when the L1 change between iterations is below `n · tol`.
/// * `max_iter`: give up after this many iterations.
///
/// Arc weights are used as they are; pass a graph with all weights 1 for
/// the unweighted measure. Values sum to 1.
///
/// # Complexity
/// O(|V| + |E|) per iteration.
///
/// # Example
/// ```
/// use rustworkx_core::petgraph::graph::DiGraph;
/// use councils::measure::pagerank::pagerank;
/// // a -> b, b -> c, c -> a: a cycle, so every node ranks 1/3.
/// let g = DiGraph::<(), f64>::from_edges([(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)]);
/// let pr = pagerank(&g, 0.85, 1e-10, 100).unwrap();
/// assert!(pr.iter().all(|x| (x - 1.0 / 3.0).abs() < 1e-12));
/// ```
pub fn pagerank(
    graph: &DiGraph<(), f64>,
    alpha: f64,
    tol: f64,
    max_iter: usize,
) -> Result<Vec<f64>, NoConvergence> {
    let n = graph.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut out_weight = vec![0.0; n];
    for e in graph.edge_references() {
        out_weight[e.source().index()] += *e.weight();
    }
    // Each arc's share of its source's out-weight, computed once.
    let arcs: Vec<(usize, usize, f64)> = graph
        .edge_references()
        .map(|e| {
            let s = e.source().index();
            (s, e.target().index(), *e.weight() / out_weight[s])
        })
        .collect();
    let dangling: Vec<usize> = (0..n).filter(|&i| out_weight[i] == 0.0).collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iter {
        let dangling_sum: f64 = dangling.iter().map(|&i| x[i]).sum();
        next.iter_mut().for_each(|v| *v = 0.0);
        for &(s, t, share) in &arcs {
            next[t] += x[s] * share;
        }
        let base = alpha * dangling_sum * uniform + (1.0 - alpha) * uniform;
        let mut err = 0.0;
        for (v, old) in next.iter_mut().zip(&x) {
            *v = alpha * *v + base;
            err += (*v - old).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * tol {
            return Ok(x);
        }
    }
    Err(NoConvergence { max_iter, tol })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_into_a_hub_matches_networkx() {
        // nx.pagerank(nx.DiGraph([(1, 0), (2, 0), (3, 0)]), tol=1e-10)
        let g = DiGraph::<(), f64>::from_edges([(1, 0, 1.0), (2, 0, 1.0), (3, 0, 1.0)]);
        let pr = pagerank(&g, 0.85, 1e-10, 1000).unwrap();
        let expected = [
            0.5419847329011439,
            0.15267175569961863,
            0.15267175569961863,
            0.15267175569961863,
        ];
        for (a, b) in pr.iter().zip(expected) {
            assert!((a - b).abs() < 1e-9, "{pr:?}");
        }
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn empty_graph_has_no_ranks() {
        assert!(
            pagerank(&DiGraph::new(), 0.85, 1e-10, 10)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn too_few_iterations_is_an_error() {
        let g = DiGraph::<(), f64>::from_edges([(1, 0, 1.0), (2, 0, 1.0)]);
        assert!(pagerank(&g, 0.85, 1e-15, 1).is_err());
    }
}
