//! Centrality and structural measures of snapshots.
//!
//! A snapshot is first reduced to a simple weighted digraph
//! ([`MeasureGraph`]) under explicit [`Counting`] settings (which relation
//! kinds count, weighted or not); the measures then run on it, through
//! rustworkx-core where it has the algorithm. Results leave this module
//! keyed by organisation id. See docs/measures.md for what each measure
//! means for an organisational network.

pub mod approx;
pub mod assortativity;
pub mod centrality;
pub mod community;
pub mod community_tracking;
pub mod fast;
pub mod graph;
pub mod ranges;
pub mod rank;
pub mod stats;

pub use centrality::{Measure, MeasureError, Ranked, Scores, centrality};
pub use graph::{Counting, MeasureGraph, default_kinds};
pub use rank::{Place, Ranking, competition_ranks};
pub use stats::{LevelFlow, Stats, stats};
