//! The benchmark (`councils::bench`, `councils bench`) runs the library's
//! own path: it slices as FORMAT.md says (checked against a reading of the
//! CSV tables written here), measures exactly what `centrality` measures,
//! diffs as FORMAT.md says, and writes the dump `check.py` reads.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use councils::bench::{self, Plan, Quiet};
use councils::measure::{Measure, MeasureGraph, centrality};
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::Reading;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A snapshot as sets of ids: nodes and arcs.
type Sets = (BTreeSet<String>, BTreeSet<(String, String)>);

/// A period's snapshot as the benchmark cut it.
fn bench_sets(dataset: &councils::Dataset, result: &bench::PeriodResult) -> Sets {
    let id = |i: u32| dataset.organisations[result.nodes[i as usize]].id.clone();
    (
        (0..result.nodes.len() as u32).map(id).collect(),
        result.graph.arcs().map(|(a, b)| (id(a), id(b))).collect(),
    )
}

/// FORMAT.md's snapshot of `period`, read straight from the CSV tables of
/// `dir` (day numbers, empty end = open, half-open intervals): the
/// organisations whose lifetime overlaps the period, and one arc per
/// ordered pair joined by a relation of any kind overlapping it, both ends
/// in the snapshot, no self-loops.
fn format_md_sets(dir: &Path, period: &str) -> Sets {
    let rows = |name: &str| -> Vec<Vec<String>> {
        csv::Reader::from_path(dir.join(name))
            .unwrap()
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let day = |s: &str, open: i64| {
        if s.is_empty() {
            open
        } else {
            s.parse().unwrap()
        }
    };
    let window = rows("periods.csv")
        .into_iter()
        .find(|r| r[0] == period)
        .map(|r| (day(&r[2], i64::MIN), day(&r[3], i64::MAX)))
        .unwrap();
    let overlaps = |start: i64, end: i64| start < window.1 && window.0 < end;
    let nodes: BTreeSet<String> = rows("nodes.csv")
        .into_iter()
        .filter(|r| overlaps(day(&r[4], i64::MIN), day(&r[5], i64::MAX)))
        .map(|r| r[0].clone())
        .collect();
    let arcs = rows("edges.csv")
        .into_iter()
        .filter(|r| overlaps(day(&r[3], i64::MIN), day(&r[4], i64::MAX)))
        .filter(|r| r[0] != r[1] && nodes.contains(&r[0]) && nodes.contains(&r[1]))
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    (nodes, arcs)
}

fn plan(periods: &[&str], measures: &[Measure]) -> Plan {
    Plan {
        periods: periods.iter().map(|p| p.to_string()).collect(),
        measures: measures.to_vec(),
        approx: None,
        parallel: true,
        reading: Reading::Loose,
    }
}

#[test]
fn snapshots_follow_format_md() {
    let dir = fixture("csv/gen120");
    let dataset = councils::load(&dir).unwrap();
    let periods = ["p1", "p2", "p3", "p4", "p5"];
    let outcome = bench::run(&dataset, &plan(&periods, &[]), &Quiet).unwrap();
    for (result, p) in outcome.periods.iter().zip(periods) {
        let (nodes, arcs) = format_md_sets(&dir, p);
        assert!(arcs.len() > 10, "{p}: too small a test");
        assert_eq!(bench_sets(&dataset, result), (nodes, arcs), "{p}");
    }
}

#[test]
fn bench_measures_exactly_what_centrality_measures() {
    let all = Measure::ALL.to_vec();
    for dataset in [
        councils::load_embedded().unwrap(),
        councils::load(&fixture("measures")).unwrap(),
    ] {
        let periods: Vec<&str> = dataset.periods.iter().map(|p| p.id.as_str()).collect();
        let outcome = bench::run(&dataset, &plan(&periods, &all), &Quiet).unwrap();
        assert_eq!(outcome.periods.len(), periods.len());
        for result in &outcome.periods {
            let snap = Snapshot::new(
                &dataset,
                &Selector::Period(result.period.clone()),
                Filter::default(),
            )
            .unwrap();
            let g = MeasureGraph::new(&snap, bench::every_kind(&dataset));
            let ids: Vec<&str> = (0..g.node_count()).map(|i| g.id(i)).collect();
            let bench_ids: Vec<&str> = result
                .nodes
                .iter()
                .map(|&p| dataset.organisations[p].id.as_str())
                .collect();
            assert_eq!(bench_ids, ids, "{}", result.period);
            for &m in &all {
                match (centrality(&g, m), result.get(m)) {
                    // The same code on the same graph: the same bits.
                    (Ok(want), Some(got)) => assert_eq!(got, want.values, "{}: {m}", result.period),
                    (want, got) => {
                        assert!(want.is_err() && got.is_none(), "{}: {m}", result.period)
                    }
                }
            }
        }
    }
}

#[test]
fn diff_counts_and_rank_shifts_follow_format_md() {
    let dir = fixture("csv/gen120");
    let dataset = councils::load(&dir).unwrap();
    let mut serial = plan(&["p2", "p4"], &[Measure::Betweenness]);
    serial.parallel = false;
    let outcome = bench::run(&dataset, &serial, &Quiet).unwrap();
    let d = outcome.diff.as_ref().unwrap();
    let (na, ea) = format_md_sets(&dir, "p2");
    let (nb, eb) = format_md_sets(&dir, "p4");
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
                let id = &dataset.organisations[r.nodes[i]].id;
                (id.parse().unwrap(), above + 1)
            })
            .collect()
    };
    let (ra, rb) = (ranks(0), ranks(1));
    let shifts = d.shifts.as_ref().unwrap();
    let listed: BTreeSet<u64> = shifts
        .iter()
        .map(|s| dataset.organisations[s.organisation].id.parse().unwrap())
        .collect();
    let top: BTreeSet<u64> = ra
        .iter()
        .chain(&rb)
        .filter(|(_, r)| **r <= bench::TOP)
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
    // Rows by the better of the two ranks, then by id as a number (as
    // peers.py sorts FORMAT.md's integer ids: 9 before 10).
    let key = |s: &bench::Shift| {
        let better = s
            .rank_a()
            .unwrap_or(usize::MAX)
            .min(s.rank_b().unwrap_or(usize::MAX));
        let id: u64 = dataset.organisations[s.organisation].id.parse().unwrap();
        (better, id)
    };
    assert!(
        shifts.windows(2).all(|w| key(&w[0]) < key(&w[1])),
        "rows out of order"
    );
    for s in shifts {
        let id: u64 = dataset.organisations[s.organisation].id.parse().unwrap();
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
    let err = councils::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("nodes.csv:3:"), "{err}");
    assert!(err.contains("start `zero` is not an EDTF date"), "{err}");
    assert!(err.contains("hint: write a day number"), "{err}");
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

#[test]
fn a_bad_sampling_bound_names_the_flag() {
    let out = Command::cargo_bin("councils")
        .unwrap()
        .arg("--data")
        .arg(fixture("csv/gen120"))
        .args(["bench", "--approx", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--approx `0`: the error bound must be a positive number"),
        "{stderr}"
    );
    let out = Command::cargo_bin("councils")
        .unwrap()
        .args(["bench", "--approx", "0.1", "--delta", "1.5"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--delta `1.5`: the failure probability"),
        "{stderr}"
    );
}
