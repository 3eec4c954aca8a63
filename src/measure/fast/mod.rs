//! Specialised kernels for large snapshots: a compact CSR graph with `u32`
//! indices and the measures that dominate the benchmark pipeline (exact
//! betweenness, closeness), plus degree, PageRank and eigenvector on the
//! same graph so a pipeline never converts it.
//!
//! Every kernel follows networkx's definition (as rustworkx-core does) and
//! is tested against rustworkx-core as the oracle on random graphs, serial
//! and parallel, in `tests/fast_kernels.rs`. Results are by node index and
//! deterministic: the parallel paths give the same bits as the serial ones.

pub mod brandes;
pub mod closeness;
pub mod csr;
pub mod power;

pub use brandes::betweenness_centrality;
pub use closeness::closeness_centrality;
pub use csr::Csr;
pub use power::{
    NoConvergence, degree_centrality, eigenvector_centrality, katz_centrality, pagerank,
};

/// Below this many nodes the kernels run on one thread: splitting costs
/// more than it saves.
pub const PARALLEL_THRESHOLD: usize = 200;
