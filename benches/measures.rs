//! Benchmarks of loading, slicing and each measure (divan).
//!
//! `cargo bench --bench measures`. The measures run on a random digraph
//! (the generator below, seeded) and on the embedded 1917 dataset; the
//! rustworkx-core versions of betweenness and closeness run beside the
//! CSR kernels so the speed-up stays visible.

use std::path::Path;

use councils::measure::fast::{self, Csr};
use councils::measure::{Counting, Measure, MeasureGraph, centrality};
use councils::slice::{Filter, Selector, Snapshot};
use divan::{Bencher, black_box};

fn main() {
    divan::main();
}

/// A random digraph with `n` nodes and about `3n` arcs (LCG, seeded).
fn random_graph(n: usize) -> Csr {
    let mut state = 42u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32 % n as u32
    };
    let arcs: Vec<(u32, u32)> = (0..3 * n).map(|_| (next(), next())).collect();
    Csr::from_arcs(n, arcs)
}

const SIZES: [usize; 2] = [500, 2000];

fn csv_fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv/gen120")
}

#[divan::bench]
fn load_embedded_toml() -> councils::Dataset {
    councils::load_embedded().unwrap()
}

#[divan::bench]
fn load_csv_through_validation() -> councils::Dataset {
    councils::load(&csv_fixture()).unwrap()
}

#[divan::bench]
fn slice_1917_library(bencher: Bencher) {
    let dataset = councils::load_embedded().unwrap();
    let period = Selector::Period(dataset.periods[2].id.clone());
    bencher.bench_local(|| Snapshot::new(&dataset, &period, Filter::default()).unwrap());
}

/// A period of the CSV workload sliced into its measure graph (every
/// relation kind), as `councils bench` and `centrality` do.
#[divan::bench]
fn slice_csv_measure_graph(bencher: Bencher) {
    let dataset = councils::load(&csv_fixture()).unwrap();
    let period = Selector::Period("p4".into());
    let counting = councils::bench::every_kind(&dataset);
    bencher.bench_local(|| {
        let snap = Snapshot::new(&dataset, &period, Filter::default()).unwrap();
        MeasureGraph::new(&snap, counting.clone()).graph
    });
}

/// The whole light benchmark (snapshots, degree, PageRank, eigenvector,
/// diff) on the loaded CSV workload: the library calls `councils bench`
/// times.
#[divan::bench]
fn bench_light_pipeline(bencher: Bencher) {
    let dataset = councils::load(&csv_fixture()).unwrap();
    let plan = councils::bench::Plan {
        periods: vec!["p2".into(), "p4".into()],
        measures: vec![Measure::Degree, Measure::Pagerank, Measure::Eigenvector],
        approx: None,
        parallel: true,
        reading: councils::time::Reading::Loose,
    };
    bencher.bench_local(|| councils::bench::run(&dataset, &plan, &councils::bench::Quiet).unwrap());
}

#[divan::bench(args = [Measure::Degree, Measure::Betweenness, Measure::Closeness, Measure::Eigenvector, Measure::Pagerank])]
fn measure_1917(bencher: Bencher, measure: Measure) {
    let dataset = councils::load_embedded().unwrap();
    let period = Selector::Period(dataset.periods[2].id.clone());
    let snap = Snapshot::new(&dataset, &period, Filter::default()).unwrap();
    let graph = MeasureGraph::new(&snap, Counting::default_for(&dataset));
    bencher.bench_local(|| centrality(&graph, measure).unwrap());
}

#[divan::bench(args = SIZES)]
fn betweenness_csr(bencher: Bencher, n: usize) {
    let g = random_graph(n);
    bencher.bench_local(|| fast::betweenness_centrality(&g, true));
}

#[divan::bench(args = SIZES)]
fn betweenness_rustworkx_core(bencher: Bencher, n: usize) {
    let g = random_graph(n).to_digraph();
    bencher.bench_local(|| rustworkx_core::centrality::betweenness_centrality(&g, false, true, 50));
}

#[divan::bench(args = SIZES)]
fn closeness_csr(bencher: Bencher, n: usize) {
    let g = random_graph(n);
    bencher.bench_local(|| fast::closeness_centrality(&g, true));
}

#[divan::bench(args = SIZES)]
fn closeness_rustworkx_core(bencher: Bencher, n: usize) {
    let g = random_graph(n).to_digraph();
    bencher.bench_local(|| rustworkx_core::centrality::closeness_centrality(&g, true, 50));
}

#[divan::bench(args = SIZES)]
fn pagerank_csr(bencher: Bencher, n: usize) {
    let g = random_graph(n);
    bencher.bench_local(|| fast::pagerank(&g, None, 0.85, 1e-10, 1000).unwrap());
}

#[divan::bench(args = SIZES)]
fn eigenvector_csr(bencher: Bencher, n: usize) {
    let g = random_graph(n);
    bencher.bench_local(|| fast::eigenvector_centrality(&g, None, 1000, 1e-10).unwrap());
}

#[divan::bench(args = SIZES)]
fn degree_csr(bencher: Bencher, n: usize) {
    let g = random_graph(n);
    bencher.bench_local(|| black_box(fast::degree_centrality(&g)));
}

/// Earliest arrival (`councils reach`, `path --temporal`) on a random
/// temporal graph of `n` organisations and `3n` relations, each starting
/// in the first half of a 240-day window and active for up to 120 days
/// (LCG, seeded), so that a message reaches most organisations (checked
/// before timing): the kernel alone, then the latest-departure mirror,
/// which also builds its reversed stream. Self-contained: its own
/// generator.
mod temporal {
    use councils::temporal::reach::{Arc, Stream, earliest_arrival, latest_departure};
    use divan::{Bencher, black_box};

    const SIZES: [usize; 2] = [10_000, 100_000];
    const DAYS: i32 = 240;

    fn random_arcs(n: usize) -> Vec<Arc> {
        let mut state = 7u64;
        let mut next = |m: u32| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32 % m
        };
        (0..3 * n)
            .map(|_| {
                let (from, to) = (next(n as u32), next(n as u32));
                let start = next(DAYS as u32 / 2) as i32;
                let end = start + 1 + next(DAYS as u32 / 2) as i32;
                Arc {
                    from,
                    to,
                    start,
                    end,
                }
            })
            .collect()
    }

    #[divan::bench(args = SIZES)]
    fn earliest_arrival_stream(bencher: Bencher, n: usize) {
        let stream = Stream::new(n, &random_arcs(n));
        let reached = earliest_arrival(&stream, 0, 0, DAYS, 0);
        assert!(
            reached.iter().flatten().count() > n / 2,
            "too few reached to measure"
        );
        bencher.bench_local(|| black_box(earliest_arrival(&stream, 0, 0, DAYS, 0)));
    }

    #[divan::bench(args = SIZES)]
    fn latest_departure_stream(bencher: Bencher, n: usize) {
        let arcs = random_arcs(n);
        let reached = latest_departure(n, &arcs, 0, DAYS, 0);
        assert!(
            reached.iter().flatten().count() > n / 2,
            "too few reached to measure"
        );
        bencher.bench_local(|| black_box(latest_departure(n, &arcs, 0, DAYS, 0)));
    }
}
