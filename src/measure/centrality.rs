//! Centrality measures of a [`MeasureGraph`], keyed by organisation id.
//!
//! Each measure is a call into the CSR kernels of [`fast`](super::fast),
//! the one dispatch every command and `councils bench` go through; the
//! kernels are tested against rustworkx-core and networkx
//! (`tests/fast_kernels.rs`, `tests/measures.rs`). They follow networkx's
//! definitions and defaults so values can be compared:
//!
//! | measure | definition (networkx) |
//! |---|---|
//! | degree | (in + out) / (n − 1) |
//! | in-degree, out-degree | in / (n − 1), out / (n − 1) |
//! | betweenness | Brandes, directed, endpoints excluded, × 1/((n − 1)(n − 2)) |
//! | closeness | distances *to* the node, Wasserman–Faust scaling |
//! | eigenvector | in-arc (left) eigenvector, unit norm |
//! | katz | α = 0.1, β = 1, in-arcs, unit norm |
//! | pagerank | α = 0.85, uniform teleport and dangling spread, sums to 1 |
//!
//! Betweenness and closeness are always unweighted (path lengths count
//! arcs); the others use arc weights when the graph was built weighted.

use std::fmt;
use std::str::FromStr;

use super::approx::{Approx, approximate_betweenness};
use super::fast;
use super::graph::MeasureGraph;
use super::rank::{Place, competition_ranks_within, resolved, significant};

/// Power iterations: enough to converge on any graph that converges.
const MAX_ITER: usize = 1000;
/// Per-node L1 tolerance of power iterations (networkx's stopping rule:
/// total change below n · TOL), as in shared/bench: rustworkx-core and
/// [`pagerank`] iterate exactly as networkx does, so with the same tolerance
/// the values agree to rounding.
const TOL: f64 = 1e-10;

/// A centrality measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// (in + out) / (n − 1).
    Degree,
    /// in / (n − 1).
    InDegree,
    /// out / (n − 1).
    OutDegree,
    /// Share of shortest paths through the node.
    Betweenness,
    /// Inverse mean distance from the nodes that reach it.
    Closeness,
    /// Importance from important predecessors.
    Eigenvector,
    /// Attenuated count of walks ending at the node.
    Katz,
    /// Random-surfer stationary probability.
    Pagerank,
}

impl Measure {
    /// The smallest difference this measure can tell apart on a graph of
    /// `n` organisations: power iterations (eigenvector, Katz, PageRank)
    /// stop when the values change by less than `n` · 1e-10 in all, so
    /// closer values are tied and smaller ones are 0 (the residue left on
    /// bodies the dominant component does not reach); exact measures tell
    /// apart anything beyond rounding
    /// ([`ABSOLUTE_TOLERANCE`](super::rank::ABSOLUTE_TOLERANCE)).
    pub fn resolution(self, n: usize) -> f64 {
        match self {
            Self::Eigenvector | Self::Katz | Self::Pagerank => TOL * n as f64,
            _ => super::rank::ABSOLUTE_TOLERANCE,
        }
    }

    /// Every measure, in the order used in output.
    pub const ALL: [Measure; 8] = [
        Self::Degree,
        Self::InDegree,
        Self::OutDegree,
        Self::Betweenness,
        Self::Closeness,
        Self::Eigenvector,
        Self::Katz,
        Self::Pagerank,
    ];

    /// The name used on the command line and in output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Degree => "degree",
            Self::InDegree => "in-degree",
            Self::OutDegree => "out-degree",
            Self::Betweenness => "betweenness",
            Self::Closeness => "closeness",
            Self::Eigenvector => "eigenvector",
            Self::Katz => "katz",
            Self::Pagerank => "pagerank",
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Measure {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|m| m.name()).collect();
                match crate::suggest::did_you_mean(s, names.iter().copied()) {
                    Some(hint) => format!("unknown measure `{s}` ({hint})"),
                    None => format!("unknown measure `{s}` (one of {})", names.join(", ")),
                }
            })
    }
}

/// A measure that could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MeasureError {
    /// A power iteration did not converge.
    #[error("{measure} did not converge within {MAX_ITER} iterations")]
    NoConvergence {
        /// Which measure.
        measure: Measure,
    },
}

/// The values of one measure, by graph node.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    /// The measure.
    pub measure: Measure,
    /// Value of node `i` (see [`MeasureGraph::id`]).
    pub values: Vec<f64>,
}

impl Scores {
    /// The organisations ranked by this measure ([`competition_ranks`]:
    /// ties share a rank, display order within a tie by id).
    pub fn ranked<'d>(&self, graph: &MeasureGraph<'_, 'd>) -> Ranked<'d> {
        let resolution = self.measure.resolution(self.values.len());
        let ranking = competition_ranks_within(&self.values, resolution, |i, j| {
            graph.id(i).cmp(graph.id(j))
        });
        Ranked {
            digits: ranking.digits(&self.values),
            resolution: ranking.resolution,
            rows: ranking
                .order
                .iter()
                .map(|&i| (graph.id(i), self.values[i], ranking.places[i]))
                .collect(),
        }
    }
}

/// A measure's values ranked: what `centrality`, `diff` and the report show.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked<'d> {
    /// `(organisation id, value, place)` in display order.
    pub rows: Vec<(&'d str, f64, Place)>,
    /// Significant digits that print any two values ranked apart
    /// differently ([`Ranking::digits`](super::rank::Ranking::digits)).
    pub digits: usize,
    /// Values closer than this are tied; within it of 0, shown as `0`
    /// ([`Measure::resolution`]).
    pub resolution: f64,
}

impl Ranked<'_> {
    /// `value` printed with [`Ranked::digits`] significant digits (`0`
    /// within the measure's resolution of 0).
    pub fn show(&self, value: f64) -> String {
        significant(resolved(value, self.resolution), self.digits)
    }
}

/// How a measure is computed, beyond its definition.
#[derive(Clone, Copy, Default)]
pub struct Options<'p> {
    /// Run on one thread even on a large graph (by default the kernels use
    /// rayon's pool from [`fast::PARALLEL_THRESHOLD`] nodes on; results are
    /// the same bits either way).
    pub serial: bool,
    /// Estimate betweenness from sampled sources instead of exactly.
    pub approx: Option<Approx>,
    /// Told how many more units (sources, nodes) of betweenness or
    /// closeness are done, for progress bars.
    pub progress: Option<&'p (dyn Fn(usize) + Sync)>,
}

impl fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("serial", &self.serial)
            .field("approx", &self.approx)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

/// Computes `measure` on `graph` with the default [`Options`].
pub fn centrality(graph: &MeasureGraph<'_, '_>, measure: Measure) -> Result<Scores, MeasureError> {
    centrality_with(graph, measure, &Options::default()).map(|(scores, _)| scores)
}

/// Computes `measure` on `graph`; also returns how many sources sampled
/// betweenness used (`None` when exact).
pub fn centrality_with(
    graph: &MeasureGraph<'_, '_>,
    measure: Measure,
    options: &Options<'_>,
) -> Result<(Scores, Option<usize>), MeasureError> {
    let g = &graph.graph;
    let weights = graph.weights.as_deref();
    let n = g.node_count();
    let parallel = !options.serial && n >= fast::PARALLEL_THRESHOLD;
    let progress = options.progress.unwrap_or(&|_| {});
    let per_node = |count: &dyn Fn(u32) -> usize| -> Vec<f64> {
        // networkx's convention: a lone node has degree centrality 1.
        if n <= 1 {
            return vec![1.0; n];
        }
        let scale = 1.0 / (n - 1) as f64;
        (0..n as u32).map(|v| count(v) as f64 * scale).collect()
    };
    let converged = |r: Result<Vec<f64>, fast::NoConvergence>| {
        r.map_err(|_| MeasureError::NoConvergence { measure })
    };
    let mut samples = None;
    let values = match measure {
        Measure::Degree => fast::degree_centrality(g),
        Measure::InDegree => per_node(&|v| g.in_degree(v)),
        Measure::OutDegree => per_node(&|v| g.out_degree(v)),
        Measure::Betweenness => match &options.approx {
            Some(approx) => {
                let estimate = approximate_betweenness(g, approx, parallel, progress);
                samples = (!estimate.exact).then_some(estimate.samples);
                estimate.values
            }
            None => {
                let sources: Vec<u32> = (0..n as u32).collect();
                let mut v = fast::brandes::dependency_sums(g, &sources, parallel, progress);
                fast::brandes::normalise(&mut v);
                v
            }
        },
        Measure::Closeness => fast::closeness::closeness_with_progress(g, parallel, progress),
        Measure::Eigenvector => converged(fast::eigenvector_centrality(g, weights, MAX_ITER, TOL))?,
        Measure::Katz => converged(fast::katz_centrality(g, weights, 0.1, 1.0, MAX_ITER, TOL))?,
        Measure::Pagerank => converged(fast::pagerank(g, weights, 0.85, TOL, MAX_ITER))?,
    };
    debug_assert_eq!(values.len(), n);
    Ok((Scores { measure, values }, samples))
}
