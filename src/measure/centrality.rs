//! Centrality measures of a [`MeasureGraph`], keyed by organisation id.
//!
//! Each measure is a thin call into rustworkx-core (degree, eigenvector,
//! Katz), the CSR kernels of [`fast`](super::fast) (betweenness, closeness)
//! or [`pagerank`](super::pagerank), with
//! networkx's definitions and defaults so values can be compared:
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

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use rustworkx_core::centrality::{degree_centrality, eigenvector_centrality, katz_centrality};
use rustworkx_core::petgraph::Direction;

use super::fast;
use super::graph::MeasureGraph;
use super::pagerank::pagerank;
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

/// Computes `measure` on `graph`.
pub fn centrality(graph: &MeasureGraph<'_, '_>, measure: Measure) -> Result<Scores, MeasureError> {
    let g = &graph.graph;
    let n = g.node_count();
    let weight =
        |e: rustworkx_core::petgraph::graph::EdgeReference<'_, f64>| -> Result<f64, Infallible> {
            Ok(*e.weight())
        };
    if n <= 1
        && matches!(
            measure,
            Measure::Degree | Measure::InDegree | Measure::OutDegree
        )
    {
        // networkx's convention: a lone node has degree centrality 1.
        return Ok(Scores {
            measure,
            values: vec![1.0; n],
        });
    }
    let values = match measure {
        // rustworkx-core's total degree divides a node joined both ways to
        // every other by 2(n − 1); networkx does not. The sum of the two
        // directed degrees is networkx's definition exactly.
        Measure::Degree => {
            let inn = degree_centrality(g, Some(Direction::Incoming));
            let out = degree_centrality(g, Some(Direction::Outgoing));
            inn.iter().zip(&out).map(|(a, b)| a + b).collect()
        }
        Measure::InDegree => degree_centrality(g, Some(Direction::Incoming)),
        Measure::OutDegree => degree_centrality(g, Some(Direction::Outgoing)),
        // The CSR kernels agree with rustworkx-core to 1e-12 (tests/fast_kernels.rs)
        // and are faster (docs/benchmarks.md).
        Measure::Betweenness => {
            fast::betweenness_centrality(&fast::Csr::from_digraph(g), n >= fast::PARALLEL_THRESHOLD)
        }
        Measure::Closeness => {
            fast::closeness_centrality(&fast::Csr::from_digraph(g), n >= fast::PARALLEL_THRESHOLD)
        }
        Measure::Eigenvector => {
            let Ok(result) = eigenvector_centrality(g, weight, Some(MAX_ITER), Some(TOL));
            result.ok_or(MeasureError::NoConvergence { measure })?
        }
        Measure::Katz => {
            let Ok(result) = katz_centrality(
                g,
                weight,
                Some(0.1),
                None,
                Some(1.0),
                Some(MAX_ITER),
                Some(TOL),
            );
            result.ok_or(MeasureError::NoConvergence { measure })?
        }
        Measure::Pagerank => {
            pagerank(g, 0.85, TOL, MAX_ITER).map_err(|_| MeasureError::NoConvergence { measure })?
        }
    };
    debug_assert_eq!(values.len(), n);
    Ok(Scores { measure, values })
}
