//! Approximate betweenness by source sampling, for snapshots too large for
//! exact Brandes.
//!
//! Brandes' betweenness is a sum over sources: with the networkx scale
//! `c = 1 / ((n − 1)(n − 2))`, `b(v) = (1/n) Σ_s Y_s(v)` where
//! `Y_s(v) = n · c · δ_s(v)` and δ_s(v) is the dependency of source `s` on
//! `v`. So `b(v)` is the mean of `Y_s(v)` over the `n` sources, and the
//! mean over `k` sources drawn uniformly *without replacement* estimates it
//! without bias (Brandes and Pich 2007, "Centrality estimation in large
//! networks").
//!
//! # Error bound
//!
//! δ_s(v) ≤ n − 2, so `Y_s(v)` lies in `[0, R]` with `R = n / (n − 1)`.
//! Hoeffding's inequality (which holds for sampling without replacement,
//! Hoeffding 1963, §6) bounds one node's error by
//! `P(|b̂(v) − b(v)| ≥ ε) ≤ 2 exp(−2kε² / R²)`; a union bound over the `n`
//! nodes gives: with
//!
//! ```text
//! k = ⌈ R² · ln(2n / δ) / (2ε²) ⌉
//! ```
//!
//! sources, **every** node's estimate is within ε of its exact normalised
//! betweenness with probability at least `1 − δ`. When `k ≥ n` every
//! source is used and the result is exact. The bound is on absolute error
//! in networkx's normalisation (values in `[0, 1]`); it is loose (observed
//! errors are typically ten times smaller) but it is a guarantee, not a
//! heuristic.
//!
//! Sources are drawn by a partial Fisher–Yates shuffle driven by
//! SplitMix64 from `seed`, so one seed gives one result on every machine.

use super::fast::Csr;
use super::fast::brandes::dependency_sums;

/// Settings of an approximation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Approx {
    /// Largest absolute error allowed on any node (networkx normalisation).
    pub epsilon: f64,
    /// Probability that some node exceeds `epsilon` (default 0.1).
    pub delta: f64,
    /// Seed of the source sample.
    pub seed: u64,
}

impl Approx {
    /// `epsilon` with δ = 0.1 and seed 0.
    pub fn new(epsilon: f64) -> Self {
        Self {
            epsilon,
            delta: 0.1,
            seed: 0,
        }
    }

    /// Number of sources the bound asks for on `n` nodes (before capping
    /// at `n`).
    pub fn sample_size(&self, n: usize) -> usize {
        if n <= 2 {
            return n;
        }
        let range = n as f64 / (n - 1) as f64;
        let k = range * range * (2.0 * n as f64 / self.delta).ln()
            / (2.0 * self.epsilon * self.epsilon);
        k.ceil().min(usize::MAX as f64) as usize
    }

    /// Checks that ε > 0 and 0 < δ < 1; the error names the parameter
    /// (`epsilon` or `delta`).
    pub fn check(&self) -> Result<(), crate::error::Error> {
        let bad = |name, value: f64, problem: &str| crate::error::Error::Parameter {
            name,
            value: Some(value.to_string()),
            problem: problem.to_string(),
            hint: None,
        };
        if !(self.epsilon > 0.0 && self.epsilon.is_finite()) {
            return Err(bad(
                "epsilon",
                self.epsilon,
                "the error bound must be a positive number",
            ));
        }
        if !(self.delta > 0.0 && self.delta < 1.0) {
            return Err(bad(
                "delta",
                self.delta,
                "the failure probability must lie strictly between 0 and 1",
            ));
        }
        Ok(())
    }
}

/// An approximate betweenness result.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Estimated normalised betweenness by node.
    pub values: Vec<f64>,
    /// Sources used.
    pub samples: usize,
    /// True if every source was used (the values are exact).
    pub exact: bool,
}

/// Estimates betweenness (networkx normalisation, endpoints excluded) from
/// a sample of sources sized by [`Approx::sample_size`].
///
/// # Complexity
/// O(k·|E|) time for `k` sampled sources.
///
/// # Example
/// ```
/// use councils::measure::approx::{Approx, approximate_betweenness};
/// use councils::measure::fast::{Csr, betweenness_centrality};
/// let g = Csr::from_arcs(4, [(0, 1), (1, 2), (2, 3)]);
/// // A tiny graph needs more samples than it has sources: exact.
/// let est = approximate_betweenness(&g, &Approx::new(0.1), false, &|_| {});
/// assert!(est.exact);
/// assert_eq!(est.values, betweenness_centrality(&g, false));
/// ```
pub fn approximate_betweenness(
    graph: &Csr,
    approx: &Approx,
    parallel: bool,
    progress: &(dyn Fn(usize) + Sync),
) -> Estimate {
    let n = graph.node_count();
    let k = approx.sample_size(n).min(n);
    let sources = sample(n, k, approx.seed);
    let mut values = dependency_sums(graph, &sources, parallel, progress);
    if n > 2 {
        // (n / k) Σ_sampled δ, times c.
        let scale = (n as f64 / k as f64) / ((n - 1) * (n - 2)) as f64;
        values.iter_mut().for_each(|v| *v *= scale);
    }
    Estimate {
        values,
        samples: k,
        exact: k == n,
    }
}

/// `k` distinct nodes of `0..n`, drawn uniformly from `seed`.
pub fn sample(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let mut pool: Vec<u32> = (0..n as u32).collect();
    if k >= n {
        return pool;
    }
    let mut rng = SplitMix64(seed);
    for i in 0..k {
        let j = i + rng.below((n - i) as u64) as usize;
        pool.swap(i, j);
    }
    pool.truncate(k);
    pool
}

/// Steele, Lea and Flood's SplitMix64: small, fast, and reproducible.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (multiply-shift; bias below 2^-32 for the
    /// bounds used here).
    fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(bound)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_is_distinct_and_seeded() {
        let a = sample(1000, 100, 7);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
        assert_eq!(a, sample(1000, 100, 7));
        assert_ne!(a, sample(1000, 100, 8));
    }

    #[test]
    fn sample_size_follows_the_bound() {
        let a = Approx {
            epsilon: 0.05,
            delta: 0.1,
            seed: 0,
        };
        let n = 10_000;
        let r = n as f64 / (n - 1) as f64;
        let want = (r * r * (2.0 * n as f64 / 0.1).ln() / (2.0 * 0.0025)).ceil() as usize;
        assert_eq!(a.sample_size(n), want);
        assert!(Approx::new(0.0).check().is_err());
    }
}
