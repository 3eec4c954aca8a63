//! `councils bench`: the whole benchmark pipeline of
//! `shared/bench/FORMAT.md` in one command (load, snapshot each period,
//! measures per period, diff of the first two), with stage timings on
//! stderr, one JSON line on stdout in the shape `peers.py` prints (so
//! `summarise.py` tabulates us beside the peers), and `--dump` in the shape
//! `check.py` compares. It times [`councils::bench::run`], which loads,
//! slices and measures with the same library calls as every other command.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context as _, Result};
use councils::bench::{self, Observer, Plan};
use councils::measure::Measure;
use councils::measure::approx::Approx;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::Global;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Period ids, comma-separated; the first two are diffed (default: every period).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub periods: Vec<String>,
    /// Measures, comma-separated (default: degree, betweenness, closeness, pagerank, eigenvector).
    #[arg(long, value_delimiter = ',', value_name = "MEASURES")]
    pub measures: Vec<Measure>,
    /// Write the values and the diff as JSON for shared/bench/check.py.
    #[arg(long, value_name = "FILE")]
    pub dump: Option<PathBuf>,
    /// Estimate betweenness from sampled sources, every node within EPSILON
    /// of the exact value with probability 1 − delta (Hoeffding bound; see
    /// docs/benchmarks.md).
    #[arg(long, value_name = "EPSILON")]
    pub approx: Option<f64>,
    /// Failure probability of --approx.
    #[arg(long, default_value_t = 0.1, value_name = "DELTA")]
    pub delta: f64,
    /// Seed of the --approx sample.
    #[arg(long, default_value_t = 0, value_name = "SEED")]
    pub seed: u64,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Free text copied into the JSON line (as peers.py --tag).
    #[arg(long, default_value = "")]
    pub tag: String,
}

const DEFAULT_MEASURES: [Measure; 5] = [
    Measure::Degree,
    Measure::Betweenness,
    Measure::Closeness,
    Measure::Pagerank,
    Measure::Eigenvector,
];

pub fn run<W: Write>(global: &Global, args: &Args, out: &mut W) -> Result<ExitCode> {
    if let Some(threads) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .context("cannot start the thread pool")?;
    }
    let approx = args.approx.map(|epsilon| Approx {
        epsilon,
        delta: args.delta,
        seed: args.seed,
    });
    if let Some(a) = &approx {
        a.check()?;
    }
    let rss_start = bench::peak_rss_mib();
    let t0 = Instant::now();
    let dataset = global.context()?.dataset;
    let load = t0.elapsed().as_secs_f64();
    let observer = Stderr::new();
    observer.end("load", load);
    let periods = if args.periods.is_empty() {
        dataset.periods.iter().map(|p| p.id.clone()).collect()
    } else {
        args.periods.clone()
    };
    let measures = if args.measures.is_empty() {
        DEFAULT_MEASURES.to_vec()
    } else {
        args.measures.clone()
    };
    let plan = Plan {
        periods,
        measures,
        approx,
        parallel: true,
        reading: global.reading(),
    };
    let outcome = bench::run(&dataset, &plan, &observer)?;
    observer.finish();
    let total = load + outcome.timings.iter().map(|(_, s)| s).sum::<f64>();
    eprintln!("{:<24} {total:>10.4} s", "total");

    for p in &outcome.periods {
        for (m, why) in &p.failed {
            say!("warning: {}: {m}: {why}", p.period);
        }
        if let (Some(k), Some(a)) = (p.samples, &plan.approx) {
            eprintln!(
                "note: {}: betweenness sampled from {k} of {} sources (every node within {} with probability {})",
                p.period,
                p.graph.node_count(),
                a.epsilon,
                1.0 - a.delta
            );
        }
    }
    let mut timings = serde_json::Map::new();
    timings.insert("load".into(), json!(round6(load)));
    for (stage, secs) in &outcome.timings {
        timings.insert(stage.clone(), json!(round6(*secs)));
    }
    let sizes: serde_json::Map<String, serde_json::Value> = outcome
        .periods
        .iter()
        .map(|p| {
            (
                p.period.clone(),
                json!({"nodes": p.graph.node_count(), "edges": p.graph.arc_count()}),
            )
        })
        .collect();
    let mut line = json!({
        "lib": "councils",
        "version": env!("CARGO_PKG_VERSION"),
        "threads": rayon::current_num_threads(),
        "data": global.data.as_ref().map_or("embedded".to_string(), |p| p.display().to_string()),
        "periods": plan.periods,
        "measures": plan.measures.iter().map(|m| m.name()).collect::<Vec<_>>(),
        "unsupported": [],
        "snapshot_sizes": sizes,
        "timings_s": timings,
        "rss_after_import_mb": rss_start.map(round1),
        "peak_rss_mb": bench::peak_rss_mib().map(round1),
        "tag": args.tag,
    });
    if let Some(a) = &plan.approx {
        line["approx"] = json!({"epsilon": a.epsilon, "delta": a.delta, "seed": a.seed});
    }
    if let Some(d) = &outcome.diff {
        line["diff_counts"] = json!({
            "nodes_added": d.nodes_added, "nodes_removed": d.nodes_removed,
            "edges_added": d.edges_added, "edges_removed": d.edges_removed,
            "nodes_kept": d.nodes_kept, "edges_kept": d.edges_kept,
        });
    }
    writeln!(out, "{line}")?;
    if let Some(path) = &args.dump {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        bench::write_dump(&mut w, &dataset, &outcome)
            .and_then(|()| w.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Stage timings on stderr, and a progress bar for long stages when stderr
/// is a terminal (indicatif draws nothing otherwise).
struct Stderr {
    bar: Mutex<Option<ProgressBar>>,
}

impl Stderr {
    fn new() -> Self {
        Self {
            bar: Mutex::new(None),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().ok().and_then(|mut b| b.take()) {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Stderr {
    fn begin(&self, stage: &str, work: u64) {
        if work < 2000 {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(work), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg:<24} {bar:40} {pos}/{len} sources, eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(stage.to_string());
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, done: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(done);
        }
    }

    fn end(&self, stage: &str, seconds: f64) {
        self.finish();
        eprintln!("{stage:<24} {seconds:>10.4} s");
    }
}
