//! The benchmark pipeline (`councils::pipeline`, `councils bench`) slices
//! as the library does, measures as the library does, diffs as FORMAT.md
//! says, and writes the dump `check.py` reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use councils::measure::{Counting, Measure, MeasureGraph, centrality};
use councils::pipeline::{self, Plan, Quiet, Temporal};
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::Reading;
use serde_json::Value;

const TOLERANCE: f64 = 1e-12;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A snapshot as sets of ids: nodes and arcs.
type Sets = (BTreeSet<String>, BTreeSet<(String, String)>);

fn pipeline_sets(t: &Temporal, period: &str) -> Sets {
    let w = t.period(period).unwrap();
    let s = t.snapshot(w.start, w.end);
    let id = |i: u32| t.ids.text(s.nodes[i as usize]);
    (
        (0..s.nodes.len() as u32).map(id).collect(),
        s.graph.arcs().map(|(a, b)| (id(a), id(b))).collect(),
    )
}

fn all_kinds(dataset: &councils::Dataset) -> Counting {
    Counting {
        kinds: dataset
            .relation_kinds
            .iter()
            .map(|k| k.id.clone())
            .collect(),
        weighted: false,
    }
}

fn library_sets(dataset: &councils::Dataset, period: &str) -> Sets {
    let snap = Snapshot::new(dataset, &Selector::Period(period.into()), Filter::default()).unwrap();
    let g = MeasureGraph::new(&snap, all_kinds(dataset));
    let nodes = (0..g.node_count()).map(|i| g.id(i).to_string()).collect();
    let arcs = g
        .graph
        .edge_indices()
        .filter_map(|e| g.graph.edge_endpoints(e))
        .map(|(a, b)| (g.id(a.index()).to_string(), g.id(b.index()).to_string()))
        .collect();
    (nodes, arcs)
}

#[test]
fn snapshots_match_the_library_on_every_dataset_and_period() {
    let datasets = [
        councils::load_embedded().unwrap(),
        councils::load(&fixture("measures")).unwrap(),
        councils::load(&fixture("csv/gen120")).unwrap(),
    ];
    for dataset in &datasets {
        let t = Temporal::from_dataset(dataset, Reading::Loose);
        assert!(!dataset.periods.is_empty());
        for p in &dataset.periods {
            assert_eq!(
                pipeline_sets(&t, &p.id),
                library_sets(dataset, &p.id),
                "{}: period {}",
                dataset.info.id,
                p.id
            );
        }
    }
}

#[test]
fn streamed_csv_equals_the_validated_dataset() {
    let dir = fixture("csv/gen120");
    assert!(pipeline::is_format_csv(&dir));
    let (fast, origin) = Temporal::load(&dir, Reading::Loose).unwrap();
    assert_eq!(origin, pipeline::Origin::FormatCsv);
    let slow = Temporal::from_dataset(&councils::load(&dir).unwrap(), Reading::Loose);
    let sorted = |t: &Temporal| match &t.ids {
        pipeline::Ids::Int(v) => {
            let mut v = v.clone();
            v.sort_unstable();
            v
        }
        pipeline::Ids::Text(_) => panic!("FORMAT.md ids are integers"),
    };
    assert_eq!(sorted(&fast), sorted(&slow));
    for p in ["p1", "p2", "p3", "p4", "p5"] {
        assert_eq!(pipeline_sets(&fast, p), pipeline_sets(&slow, p), "{p}");
    }
}

#[test]
fn measures_match_the_library_on_1917() {
    let dataset = councils::load_embedded().unwrap();
    let t = Temporal::from_dataset(&dataset, Reading::Loose);
    let measures = vec![
        Measure::Degree,
        Measure::InDegree,
        Measure::OutDegree,
        Measure::Betweenness,
        Measure::Closeness,
        Measure::Pagerank,
        Measure::Eigenvector,
        Measure::Katz,
    ];
    let plan = Plan {
        periods: dataset.periods.iter().map(|p| p.id.clone()).collect(),
        measures: measures.clone(),
        approx: None,
        parallel: true,
    };
    let outcome = pipeline::run(&t, &plan, &Quiet).unwrap();
    for result in &outcome.periods {
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period(result.window.id.clone()),
            Filter::default(),
        )
        .unwrap();
        let g = MeasureGraph::new(&snap, all_kinds(&dataset));
        for &m in &measures {
            let want = centrality(&g, m);
            let got = result.get(m);
            let (Ok(want), Some(got)) = (&want, got) else {
                assert_eq!(want.is_ok(), got.is_some(), "{}: {m}", result.window.id);
                continue;
            };
            let want: BTreeMap<&str, f64> = want
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| (g.id(i), v))
                .collect();
            for (i, v) in got.iter().enumerate() {
                let id = t.ids.text(result.slice.nodes[i]);
                let w = want[id.as_str()];
                // Eigenvector and Katz stop by a tolerance; the rest are exact.
                let tol = if matches!(m, Measure::Eigenvector | Measure::Katz) {
                    1e-8
                } else {
                    TOLERANCE
                };
                assert!(
                    (v - w).abs() <= tol,
                    "{}: {m} of {id}: pipeline {v}, library {w}",
                    result.window.id
                );
            }
        }
    }
}

#[test]
fn diff_counts_and_rank_shifts_follow_format_md() {
    let dir = fixture("csv/gen120");
    let (t, _) = Temporal::load(&dir, Reading::Loose).unwrap();
    let plan = Plan {
        periods: vec!["p2".into(), "p4".into()],
        measures: vec![Measure::Betweenness],
        approx: None,
        parallel: false,
    };
    let outcome = pipeline::run(&t, &plan, &Quiet).unwrap();
    let d = outcome.diff.as_ref().unwrap();
    let (na, ea) = pipeline_sets(&t, "p2");
    let (nb, eb) = pipeline_sets(&t, "p4");
    assert_eq!(d.nodes_added, nb.difference(&na).count());
    assert_eq!(d.nodes_removed, na.difference(&nb).count());
    assert_eq!(d.nodes_kept, na.intersection(&nb).count());
    assert_eq!(d.edges_added, eb.difference(&ea).count());
    assert_eq!(d.edges_removed, ea.difference(&eb).count());
    assert_eq!(d.edges_kept, ea.intersection(&eb).count());

    // Competition ranks by brute force: one more than the number of values
    // above, ties (within the documented tolerance) sharing a rank.
    let ranks = |k: usize| -> BTreeMap<u64, usize> {
        let r = &outcome.periods[k];
        let values = r.get(Measure::Betweenness).unwrap();
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let above = values
                    .iter()
                    .filter(|&&w| w > v && !councils::measure::rank::tied(w, v))
                    .count();
                (t.ids.text(r.slice.nodes[i]).parse().unwrap(), above + 1)
            })
            .collect()
    };
    let (ra, rb) = (ranks(0), ranks(1));
    let shifts = d.shifts.as_ref().unwrap();
    let listed: BTreeSet<u64> = shifts
        .iter()
        .map(|s| t.ids.text(s.node).parse().unwrap())
        .collect();
    let top: BTreeSet<u64> = ra
        .iter()
        .chain(&rb)
        .filter(|(_, r)| **r <= pipeline::TOP)
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(listed, top);
    // The fixture has tied values among the listed nodes, so positional
    // ranks (the old rule) would fail the checks below.
    let shared = |r: &BTreeMap<u64, usize>| {
        listed
            .iter()
            .filter_map(|id| r.get(id))
            .collect::<BTreeSet<_>>()
            .len()
            < listed.iter().filter(|id| r.contains_key(id)).count()
    };
    assert!(shared(&ra) || shared(&rb), "no tie among the listed ranks");
    for s in shifts {
        let id: u64 = t.ids.text(s.node).parse().unwrap();
        assert_eq!(s.rank_a(), ra.get(&id).copied(), "{id}");
        assert_eq!(s.rank_b(), rb.get(&id).copied(), "{id}");
        if let (Some(a), Some(b)) = (s.place_a, s.place_b) {
            let expected = if a.last && b.last {
                0
            } else {
                a.rank as i64 - b.rank as i64
            };
            assert_eq!(s.shift(), Some(expected));
        }
    }
}

#[test]
fn bench_command_writes_the_dump_check_py_reads() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.json");
    let out = Command::cargo_bin("councils")
        .unwrap()
        .arg("--data")
        .arg(fixture("csv/gen120"))
        .args(["bench", "--periods", "p2,p4", "--dump"])
        .arg(&dump)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    for stage in ["load", "snapshot:p2", "betweenness:p4", "diff", "total"] {
        assert!(stderr.contains(stage), "no {stage} timing in {stderr}");
    }
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["lib"], "councils");
    assert_eq!(line["loader"], "format-csv");
    assert!(line["timings_s"]["closeness:p2"].is_number());
    let dump: Value = serde_json::from_str(&std::fs::read_to_string(&dump).unwrap()).unwrap();
    for p in ["p2", "p4"] {
        for m in [
            "degree",
            "betweenness",
            "closeness",
            "pagerank",
            "eigenvector",
        ] {
            let values = dump[p][m].as_object().unwrap();
            assert_eq!(
                values.len() as u64,
                line["snapshot_sizes"][p]["nodes"].as_u64().unwrap()
            );
            assert!(values.keys().all(|k| k.parse::<u64>().is_ok()));
        }
    }
    let shifts = dump["diff"]["top20_rank_shifts"].as_array().unwrap();
    assert!(shifts.len() >= 20);
    assert!(shifts[0]["node"].is_u64());
    assert_eq!(
        dump["diff"]["nodes_added"],
        line["diff_counts"]["nodes_added"]
    );
}

#[test]
fn bench_reports_bad_rows_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nodes.csv"),
        "id,name,kind,level,start,end\n1,\"A, \"\"one\"\"\",x,0,0,\n2,B,x,0,zero,\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("edges.csv"),
        "source,target,kind,start,end,weight\n1,3,control,0,,1.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("periods.csv"),
        "id,label,start,end\np1,One,0,10\n",
    )
    .unwrap();
    let err = Temporal::read_csv(dir.path()).unwrap_err().to_string();
    assert!(err.contains("nodes.csv:3:"), "{err}");
    assert!(err.contains("`zero` is not a day number"), "{err}");
    assert!(err.contains("edges.csv:2:"), "{err}");
    assert!(err.contains("unknown organisation `3`"), "{err}");
}

#[test]
fn sampled_run_names_its_sample() {
    let out = Command::cargo_bin("councils")
        .unwrap()
        .arg("--data")
        .arg(fixture("csv/gen120"))
        .args([
            "bench",
            "--periods",
            "p4",
            "--measures",
            "betweenness",
            "--approx",
            "0.5",
            "--seed",
            "3",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("betweenness sampled from"), "{stderr}");
    let line: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["approx"]["seed"], 3);
}
