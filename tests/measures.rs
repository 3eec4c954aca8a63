//! Centrality and structural measures agree with networkx.
//!
//! `tests/fixtures/measures/expected.json` holds networkx's values for every
//! period of the measures fixture under three counting settings, written by
//! `tests/networkx/measures_expected.py` (see its docstring). The live test
//! runs the same script on the 1917 dataset when a Python with networkx is
//! found (`COUNCILS_PYTHON`, .venv or python3); it is ignored without one,
//! and CI, which sets `COUNCILS_PYTHON`, fails without one.

#[allow(dead_code)]
mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use councils::measure::{Counting, Measure, MeasureGraph, centrality, stats};
use councils::slice::{Filter, Selector, Snapshot};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Checks every case of a networkx expectation file against our values on
/// `dataset`; returns the number of values compared.
fn check_against(dataset_dir: &Path, expected: &Value) -> usize {
    let dataset = councils::load(dataset_dir).expect("dataset loads");
    let mut compared = 0;
    for case in expected["cases"].as_array().unwrap() {
        let period = case["period"].as_str().unwrap();
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period(period.to_string()),
            Filter::default(),
        )
        .unwrap();
        let kinds: BTreeSet<String> = match case["kinds"].as_array() {
            Some(list) => list
                .iter()
                .map(|k| k.as_str().unwrap().to_string())
                .collect(),
            None => dataset
                .relation_kinds
                .iter()
                .map(|k| k.id.clone())
                .collect(),
        };
        let weighted = case["weighted"].as_bool().unwrap();
        let graph = MeasureGraph::new(&snap, Counting { kinds, weighted });
        let context = format!(
            "period {period}, kinds {}, weighted {weighted}",
            case["kinds"]
        );
        for measure in Measure::ALL {
            let want = &case["measures"][measure.name()];
            let got = centrality(&graph, measure);
            if want.is_null() {
                assert!(
                    got.is_err(),
                    "{context}: networkx did not converge for {measure}, we did"
                );
                continue;
            }
            let got = got.unwrap_or_else(|e| panic!("{context}: {e}"));
            let want = want.as_object().unwrap();
            assert_eq!(
                got.values.len(),
                want.len(),
                "{context}: {measure}: node count"
            );
            for (i, value) in got.values.iter().enumerate() {
                let id = graph.id(i);
                let expected = want[id].as_f64().unwrap();
                assert!(
                    (value - expected).abs() <= TOLERANCE,
                    "{context}: {measure} of {id}: ours {value}, networkx {expected}"
                );
                compared += 1;
            }
        }
        let s = stats(&graph);
        let want = &case["stats"];
        assert_eq!(
            s.organisations as u64,
            want["organisations"].as_u64().unwrap(),
            "{context}"
        );
        assert_eq!(s.arcs as u64, want["arcs"].as_u64().unwrap(), "{context}");
        assert!(
            (s.density - want["density"].as_f64().unwrap()).abs() <= TOLERANCE,
            "{context}"
        );
        assert_eq!(
            s.weak_components as u64,
            want["weak_components"].as_u64().unwrap(),
            "{context}"
        );
        assert_eq!(
            s.largest_component as u64,
            want["largest_component"].as_u64().unwrap(),
            "{context}"
        );
        assert_eq!(
            s.strong_components as u64,
            want["strong_components"].as_u64().unwrap(),
            "{context}"
        );
        match (s.reciprocity, want["reciprocity"].as_f64()) {
            (Some(a), Some(b)) => assert!((a - b).abs() <= TOLERANCE, "{context}: reciprocity"),
            (a, b) => assert_eq!(a, b, "{context}: reciprocity"),
        }
    }
    compared
}

#[test]
fn measures_match_networkx_on_the_fixture() {
    let dir = root().join("tests/fixtures/measures");
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
    let expected: Value = serde_json::from_str(&text).unwrap();
    let compared = check_against(&dir, &expected);
    // 3 settings x 8 measures x (14 organisations in spring + 13 in autumn).
    assert_eq!(compared, 3 * 8 * (14 + 13));
}

/// The Python with networkx that build/requirements.rs found:
/// $COUNCILS_PYTHON, the repository's .venv, or python3 (the test that calls
/// this is ignored without one).
fn python() -> PathBuf {
    PathBuf::from(env!("COUNCILS_NETWORKX_PYTHON"))
}

#[test]
#[cfg_attr(
    not(has_networkx),
    ignore = "needs a Python with networkx, numpy, scipy: COUNCILS_PYTHON, .venv or python3"
)]
fn measures_match_networkx_on_every_1917_period() {
    let python = python();
    let out = tempfile::NamedTempFile::new().unwrap();
    let status = std::process::Command::new(python)
        .arg(root().join("tests/networkx/measures_expected.py"))
        .arg(env!("CARGO_BIN_EXE_councils"))
        .arg(root().join("graphs/russia-1917"))
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();
    let compared = check_against(&root().join("graphs/russia-1917"), &expected);
    assert!(compared > 1000, "compared only {compared} values");
}

#[test]
fn values_ranked_apart_print_differently_for_every_1917_period_and_measure() {
    let dataset = councils::load_embedded().unwrap();
    let mut ties = 0;
    for period in &dataset.periods {
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period(period.id.clone()),
            Filter::default(),
        )
        .unwrap();
        let graph = MeasureGraph::new(&snap, Counting::default_for(&dataset));
        for m in Measure::ALL {
            let Ok(scores) = centrality(&graph, m) else {
                continue;
            };
            let ranked = scores.ranked(&graph);
            for pair in ranked.rows.windows(2) {
                let ((x, vx, px), (y, vy, py)) = (pair[0], pair[1]);
                assert!(px.rank <= py.rank, "{m} {}: {x} before {y}", period.id);
                if px.rank == py.rank {
                    ties += 1;
                    assert!(x < y, "ties are shown by id: {x}, {y}");
                    // Tied to rounding, or within the measure's resolution
                    // (a power iteration's tolerance).
                    assert!(
                        councils::measure::rank::tied(vx, vy)
                            || (vx - vy).abs() <= ranked.resolution,
                        "{m} {}: {x} ({vx}) and {y} ({vy}) share a rank",
                        period.id
                    );
                } else {
                    assert_ne!(
                        ranked.show(vx),
                        ranked.show(vy),
                        "{m} {}: {x} ({vx}) and {y} ({vy}) ranked apart print alike",
                        period.id
                    );
                }
            }
        }
    }
    assert!(ties > 100, "the 1917 data have many ties ({ties})");
}

/// Regression: eigenvector centrality ranked 37 bodies of the Kornilov
/// period 13th to 49th on the residue its power iteration leaves on bodies
/// the dominant component does not reach (values from 1.3e-9 down to
/// 1.3e-14, printed with 9 digits). Values within the iteration's
/// resolution of 0 are 0 and share one rank.
#[test]
fn eigenvector_residue_is_not_ranked() {
    let (code, out, err) = common::councils(&[
        "centrality",
        "--period",
        "kornilov",
        "--measure",
        "eigenvector",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let mut csv = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    // slice,measure,id,value,rank
    let below: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| r[3].parse::<f64>().unwrap() < 1e-8)
        .collect();
    assert!(below.len() > 30, "{}", below.len());
    assert!(below.iter().any(|r| r[3].parse::<f64>().unwrap() > 0.0));
    let shared = &below[0][4];
    assert!(below.iter().all(|r| &r[4] == shared), "{below:?}");
    // The text table shows them as 0, with no more digits than needed.
    let (_, text, _) = common::councils(&[
        "--wide",
        "centrality",
        "--period",
        "kornilov",
        "--measure",
        "eigenvector",
    ]);
    assert!(text.contains("13    anarchists"), "{text}");
    assert!(!text.contains("e-1"), "{text}");
}
