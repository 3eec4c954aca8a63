//! `councils communities` (issue 15.3) and `--dates both` (issue 15.4):
//! modularity and assortativity against networkx, determinism, succession
//! of communities on a hand-made fixture, and measures as ranges on a
//! fixture with month-precision dates.

#[allow(dead_code)]
mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{councils, fixture};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn json(args: &[&str]) -> Value {
    let (code, out, err) = councils(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

/// networkx's `modularity`, `is_partition` and
/// `attribute_assortativity_coefficient` on the partitions and values
/// councils reports, for every 1917 period (two countings, four seeds and
/// resolutions) and 30 random datasets (tests/networkx/communities_check.py).
#[test]
#[cfg_attr(
    not(has_networkx),
    ignore = "needs a Python with networkx, numpy, scipy: COUNCILS_PYTHON, .venv or python3"
)]
fn modularity_and_assortativity_match_networkx_on_1917_and_random_graphs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new(env!("COUNCILS_NETWORKX_PYTHON"))
        .arg(root.join("tests/networkx/communities_check.py"))
        .arg(env!("CARGO_BIN_EXE_councils"))
        .arg(out.path())
        .arg("30")
        .status()
        .unwrap();
    assert!(status.success());
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();
    let cases = report["cases"].as_array().unwrap();
    let (mut from_1917, mut random, mut assortative) = (0, 0, 0);
    for case in cases {
        let context = format!(
            "{} {} seed {} resolution {}",
            case["dataset"], case["slice"], case["seed"], case["resolution"]
        );
        assert_eq!(case["is_partition"], true, "{context}");
        match (
            case["ours_modularity"].as_f64(),
            case["nx_modularity"].as_f64(),
        ) {
            (Some(a), Some(b)) => assert!((a - b).abs() <= TOLERANCE, "{context}: {a} vs {b}"),
            (a, b) => assert_eq!(a, b, "{context}"),
        }
        if case["dataset"] == "russia-1917" {
            from_1917 += 1;
        } else {
            random += 1;
        }
        if case.get("ours_assortativity").is_some() {
            assert_eq!(case["ours_arcs"], case["nx_arcs"], "{context}");
            match (
                case["ours_assortativity"].as_f64(),
                case["nx_assortativity"].as_f64(),
            ) {
                (Some(a), Some(b)) => {
                    assortative += 1;
                    assert!((a - b).abs() <= TOLERANCE, "{context}: r {a} vs {b}");
                }
                (a, b) => assert_eq!(a, b, "{context}: r"),
            }
        }
    }
    // 5 periods × (3 seeds + 1 weighted setting); 30 datasets × 2 periods.
    assert_eq!(from_1917, 20);
    assert_eq!(random, 60);
    assert!(assortative > 30, "only {assortative} defined coefficients");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_a_partition_of_every_organisation() {
    let run = |seed: &str, format: &str| {
        let (code, out, err) = councils(&[
            "communities",
            "--periods",
            "all",
            "--seed",
            seed,
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{err}");
        out
    };
    for format in ["table", "json", "csv"] {
        assert_eq!(run("7", format), run("7", format), "{format}");
    }
    let report: Value = serde_json::from_str(&run("7", "json")).unwrap();
    for slice in report["slices"].as_array().unwrap() {
        let period = slice["slice"].as_str().unwrap();
        let snapshot = json(&["snapshot", "--period", period, "--format", "json"]);
        let organisations: BTreeSet<&str> = snapshot["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        let mut seen = BTreeSet::new();
        for community in slice["communities"].as_array().unwrap() {
            let members = community["members"].as_array().unwrap();
            assert_eq!(community["size"].as_u64().unwrap() as usize, members.len());
            for id in members {
                let id = id.as_str().unwrap();
                assert!(seen.insert(id), "{period}: {id} in two communities");
            }
        }
        assert_eq!(seen, organisations, "{period}");
        assert_eq!(
            slice["organisations"].as_u64().unwrap() as usize,
            seen.len()
        );
        let q = slice["modularity"].as_f64().unwrap();
        assert!(q > 0.5 && q < 1.0, "{period}: modularity {q}");
    }
}

/// A community as the test compares it: members joined by spaces, its
/// fate, and the (community, Jaccard) pairs it matches.
type Summary = (String, Value, Vec<(u64, f64)>);

/// An expected community: members, fate, matches.
type Expected = (&'static str, &'static str, &'static [(u64, f64)]);

/// tests/fixtures/blocs: five cliques of delegations in the first period;
/// in the second one continues (gaining a member), one splits in two (each
/// half gaining a newcomer), two merge, one is new and one is gone.
#[test]
fn blocs_continue_split_merge_appear_and_dissolve() {
    let data = fixture("blocs");
    let data = data.to_str().unwrap();
    let report = json(&[
        "--data",
        data,
        "communities",
        "--periods",
        "all",
        "--format",
        "json",
    ]);
    let slices = report["slices"].as_array().unwrap();
    let summary = |slice: &Value| -> Vec<Summary> {
        slice["communities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let members: Vec<&str> = c["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap())
                    .collect();
                let from = c["from"]
                    .as_array()
                    .map(|list| {
                        list.iter()
                            .map(|o| {
                                (
                                    o["community"].as_u64().unwrap(),
                                    o["jaccard"].as_f64().unwrap(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (members.join(" "), c["fate"].clone(), from)
            })
            .collect()
    };
    let first = summary(&slices[0]);
    let names: Vec<&str> = first.iter().map(|(m, _, _)| m.as_str()).collect();
    assert_eq!(
        names,
        [
            "a1 a2 a3 a4",
            "b1 b2 b3 b4",
            "c1 c2 c3",
            "d1 d2 d3",
            "f1 f2 f3"
        ]
    );
    assert!(first.iter().all(|(_, fate, _)| fate.is_null()));
    let second = summary(&slices[1]);
    let expected: [Expected; 5] = [
        ("c1 c2 c3 d1 d2 d3", "merges", &[(3, 0.5), (4, 0.5)]),
        ("a1 a2 a3 a4 a5", "continues", &[(1, 0.8)]),
        ("b1 b2 x1", "split", &[(2, 0.4)]),
        ("b3 b4 x2", "split", &[(2, 0.4)]),
        ("e1 e2 e3", "new", &[]),
    ];
    assert_eq!(second.len(), expected.len());
    for ((members, fate, from), (want_members, want_fate, want_from)) in second.iter().zip(expected)
    {
        assert_eq!(members, want_members);
        assert_eq!(fate, want_fate, "{members}");
        assert_eq!(from.len(), want_from.len(), "{members}");
        for ((c, j), (wc, wj)) in from.iter().zip(want_from) {
            assert_eq!(c, wc, "{members}");
            assert!((j - wj).abs() < 1e-12, "{members}: J {j}");
        }
    }
    assert_eq!(slices[1]["dissolved"], serde_json::json!([5]));
    // Within-bloc relations only, every bloc of one side: r = 1. In the
    // second period, of 34 arcs 13 run left→left, 8 right→right, 9
    // left→right and 4 right→left: e_ii sum to 21/34, a = (22, 12)/34,
    // b = (17, 17)/34, Σ a_i b_i = 1/2, so r = (21/34 − 1/2)/(1/2) = 4/17.
    let r = |k: usize| slices[k]["assortativity"]["coefficient"].as_f64().unwrap();
    assert_eq!(r(0), 1.0);
    assert!((r(1) - 4.0 / 17.0).abs() < 1e-12, "{}", r(1));
    assert_eq!(slices[1]["assortativity"]["arcs"], 34);
    // A higher threshold turns the splits (J 0.4) into new blocs and
    // dissolves their parent.
    let strict = json(&[
        "--data",
        data,
        "communities",
        "--periods",
        "all",
        "--match",
        "0.45",
        "--format",
        "json",
    ]);
    let fates: Vec<&str> = strict["slices"][1]["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["fate"].as_str().unwrap())
        .collect();
    assert_eq!(fates, ["merges", "continues", "new", "new", "new"]);
    assert_eq!(strict["slices"][1]["dissolved"], serde_json::json!([2, 5]));
    // The table says the same in words.
    let (_, table, _) = councils(&["--data", data, "--wide", "communities", "--periods", "all"]);
    for line in [
        "1. 6 bodies; side: left 3, right 3; merges first 3 (J 0.50) + first 4 (J 0.50)",
        "2. 5 bodies; side: left 5; continues first 1 (J 0.80)",
        "3. 3 bodies; side: right 2, left 1; split from first 2 (J 0.40)",
        "5. 3 bodies; side: right 3; new",
        "dissolved since first: 5 (3 bodies)",
        "assortativity by side: 0.2353 (34 arcs between the 20 organisations with a value)",
    ] {
        assert!(table.contains(line), "{line}\n{table}");
    }
}

#[test]
fn bad_settings_are_refused_with_the_reason() {
    for (args, message) in [
        (
            &["communities", "--period", "renewal", "--by", "majorty"][..],
            "unknown attribute `majorty` (did you mean `majority`?)",
        ),
        (
            &["communities", "--period", "renewal", "--match", "0"][..],
            "--match takes a Jaccard index above 0 and at most 1, not 0",
        ),
        (
            &["communities", "--period", "renewal", "--resolution", "-1"][..],
            "--resolution: resolution must be a finite number ≥ 0, not -1",
        ),
        (
            &["--dates", "both", "diff", "renewal", "insurrection"][..],
            "--dates both is for centrality and stats",
        ),
    ] {
        let (code, _, err) = councils(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

/// tests/fixtures/ranges: the delegation c → hub is dated "2000-02/2000-03";
/// the loose reading puts it in late March, the strict one does not.
#[test]
fn dates_both_shows_centrality_and_stats_under_each_reading() {
    let data = fixture("ranges");
    let data = data.to_str().unwrap();
    let base = ["--data", data, "--dates", "both"];
    let args = |rest: &[&'static str]| -> Vec<&str> {
        base.iter().copied().chain(rest.iter().copied()).collect()
    };
    let report = json(&args(&[
        "centrality",
        "--period",
        "late-march",
        "--measure",
        "in-degree,degree",
        "--format",
        "json",
    ]));
    let slice = &report["slices"][0];
    assert_eq!(
        slice["arcs"],
        serde_json::json!({ "loose": 3, "strict": 2 })
    );
    let value = |measure: &str, id: &str, reading: &str| {
        slice["measures"][measure]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()[reading]["value"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(value("in-degree", "hub", "loose"), 1.0);
    assert!((value("in-degree", "hub", "strict") - 2.0 / 3.0).abs() < 1e-15);
    assert!((value("degree", "c", "loose") - 1.0 / 3.0).abs() < 1e-15);
    assert_eq!(value("degree", "c", "strict"), 0.0);
    let (code, table, err) = councils(&args(&[
        "centrality",
        "--period",
        "late-march",
        "--measure",
        "in-degree,degree",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        table.contains("late-march: 4 organisations, 3 / 2 arcs"),
        "{table}"
    );
    let hub = table.lines().find(|l| l.contains(" hub ")).unwrap();
    assert!(hub.contains("1.00 / 0.667"), "{hub}");
    let c = table.lines().find(|l| l.contains(" c ")).unwrap();
    assert!(c.contains("0.333 / 0"), "{c}");
    let (code, csv, _) = councils(&args(&[
        "centrality",
        "--period",
        "late-march",
        "--measure",
        "in-degree",
        "--format",
        "csv",
    ]));
    assert_eq!(code, 0);
    assert!(
        csv.contains("late-march,in-degree,hub,1,1,0.6666666666666666,1"),
        "{csv}"
    );

    let stats = json(&args(&[
        "stats",
        "--period",
        "late-march",
        "--format",
        "json",
    ]));
    let s = &stats["slices"][0]["stats"];
    assert_eq!(s["loose"]["arcs"], 3);
    assert_eq!(s["strict"]["arcs"], 2);
    assert_eq!(s["loose"]["density"], 0.25);
    assert!((s["strict"]["density"].as_f64().unwrap() - 1.0 / 6.0).abs() < 1e-15);
    assert_eq!(s["loose"]["weak_components"], 1);
    assert_eq!(s["strict"]["weak_components"], 2);
    let (_, table, _) = councils(&args(&["stats", "--period", "late-march"]));
    for row in [
        ("density", "0.2500 / 0.1667"),
        ("weak components", "1 / 2"),
        ("organisations", "4"),
    ] {
        let line = table.lines().find(|l| l.starts_with(row.0)).unwrap();
        assert!(line.trim_end().ends_with(row.1), "{line}");
    }
}

/// `councils dot --cluster community` boxes each community of two or more
/// as `councils communities` finds it, labelled with its number.
#[test]
fn diagrams_cluster_by_community() {
    for (data, period) in [(Some(fixture("blocs")), "second"), (None, "dual-power")] {
        let mut base: Vec<String> = Vec::new();
        if let Some(dir) = &data {
            base.extend(["--data".to_string(), dir.to_str().unwrap().to_string()]);
        }
        let with = |rest: &[&str]| -> Vec<String> {
            base.iter()
                .cloned()
                .chain(rest.iter().map(|s| s.to_string()))
                .collect()
        };
        let args = with(&["communities", "--period", period, "--format", "json"]);
        let report = json(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let args = with(&["dot", "--period", period, "--cluster", "community"]);
        let (code, dot, err) = councils(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(code, 0, "{err}");
        let mut boxed = 0;
        for community in report["slices"][0]["communities"].as_array().unwrap() {
            let n = community["community"].as_u64().unwrap();
            let members: BTreeSet<&str> = community["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            let label = format!("label=\"community {n}\"");
            if members.len() < 2 {
                assert!(!dot.contains(&label), "{period}: {label}");
                continue;
            }
            let start = dot
                .find(&label)
                .unwrap_or_else(|| panic!("{period}: {label}"));
            let block = &dot[start..start + dot[start..].find("\n  }").unwrap()];
            let drawn: BTreeSet<&str> = block
                .lines()
                .filter_map(|l| {
                    let (id, _) = l.strip_prefix("    ")?.split_once("[label=")?;
                    Some(id.trim_matches('"'))
                })
                .collect();
            assert_eq!(drawn, members, "{period}: community {n}");
            boxed += 1;
        }
        assert!(boxed >= 5, "{period}: {boxed}");
    }
    let (code, _, err) = councils(&["dot", "--filmstrip", "--cluster", "community"]);
    assert_eq!(code, 2);
    assert!(err.contains("--cluster community draws one slice"), "{err}");
}
