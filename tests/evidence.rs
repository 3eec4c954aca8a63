//! Evidence in the data: the `certainty` field (read, checked, shown and
//! exported) on the `evidence` fixture, whose elements rest on an
//! `article`, an outside `book`, or both (see the table at the top of
//! tests/fixtures/evidence/dataset.toml).

mod common;

use std::path::Path;

use common::{councils, fixture};
use councils::export::Scope;
use councils::export::csv::{self, DateStyle};
use councils::model::{Certainty, Dataset};
use councils::time::Reading;
use councils::write::Overwrite;

/// Runs a command on the `evidence` fixture.
fn evidence(args: &[&str]) -> (i32, String, String) {
    let data = fixture("evidence");
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    councils(&all)
}

/// The evidence fixture with `from` replaced by `to` (once, and it must be
/// there), in a temporary folder.
fn edited_fixture(from: &str, to: &str) -> tempfile::TempDir {
    let text = std::fs::read_to_string(fixture("evidence/dataset.toml")).unwrap();
    assert!(text.contains(from), "fixture lacks {from:?}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dataset.toml"), text.replacen(from, to, 1)).unwrap();
    dir
}

fn load(path: &Path) -> Dataset {
    councils::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every element's certainty, by id, in dataset order.
fn certainties(d: &Dataset) -> Vec<String> {
    let mut out = Vec::new();
    for o in &d.organisations {
        out.push(format!("{}={}", o.id, o.certainty.name()));
        for s in &o.states {
            out.push(format!("{}.{}={}", o.id, s.value, s.certainty.name()));
        }
    }
    for r in &d.relations {
        out.push(format!("{}={}", r.id, r.certainty.name()));
    }
    for e in &d.events {
        out.push(format!("{}={}", e.id, e.certainty.name()));
    }
    out
}

const FIXTURE_CERTAINTIES: [&str; 13] = [
    "a=certain",
    "b=certain",
    "b.moderate=certain",
    "b.radical=probable",
    "c=certain",
    "d=probable",
    "e=uncertain",
    "a->b:delegation=certain",
    "a->d:control=certain",
    "a->e:delegation=certain",
    "b->c:delegation=certain",
    "b->d:conflict=probable",
    "vote-b=uncertain",
];

#[test]
fn certainty_is_read_on_organisations_states_relations_and_events() {
    let d = load(&fixture("evidence"));
    assert_eq!(certainties(&d), FIXTURE_CERTAINTIES);
    assert!(Certainty::Uncertain < Certainty::Probable);
    assert!(Certainty::Probable < Certainty::Certain);
}

#[test]
fn unknown_certainty_is_an_error_with_its_position_and_a_hint() {
    let dir = edited_fixture(
        "note = \"The article's name for it is garbled; the reading is likely.\"\ncertainty = \"probable\"",
        "note = \"The article's name for it is garbled; the reading is likely.\"\ncertainty = \"probabel\"",
    );
    let (code, _, stderr) = councils(&["validate", dir.path().to_str().unwrap()]);
    let stderr = stderr.replace(dir.path().to_str().unwrap(), "DIR");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        "DIR/dataset.toml:128:13: error: organisation `d`: unknown certainty `probabel`\n  hint: did you mean `probable`?\n1 problem\nDIR: invalid\n"
    );
}

#[test]
fn unknown_certainty_without_a_near_name_lists_the_names() {
    let dir = edited_fixture(
        "certainty = \"uncertain\"\ncite = [{ source = \"book\", page = \"15\" }]",
        "certainty = \"maybe\"\ncite = [{ source = \"book\", page = \"15\" }]",
    );
    let (code, _, stderr) = councils(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "dataset.toml:182:13: error: event `vote-b`: unknown certainty `maybe`\n  hint: use one of certain, probable, uncertain\n"
        ),
        "{stderr}"
    );
}

#[test]
fn show_states_the_certainty_of_what_is_not_certain() {
    let (code, out, err) = evidence(&["show", "d", "--calendar", "os"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\n  certainty: probable\n"), "{out}");
    assert!(
        out.contains("conflict ↔ b (1917-01-01 – 1917-12-31) [probable]"),
        "{out}"
    );
    assert!(
        out.contains("control ← a (1917-01-01 – 1917-12-31)  "),
        "{out}"
    );
    let (_, out, _) = evidence(&["show", "b", "--calendar", "os"]);
    assert!(!out.contains("certainty:"), "{out}");
    assert!(
        out.contains("majority = radical (1917-09-01 – 1917-12-31) [probable]"),
        "{out}"
    );
    assert!(out.contains("vote: Body B votes. [uncertain]"), "{out}");
    assert!(
        !out.contains("majority = moderate (1917-01-01 – 1917-08-31) ["),
        "{out}"
    );
    let (_, out, _) = evidence(&["show", "e", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["certainty"], "uncertain");
    assert_eq!(v["timeline"][0]["certainty"], "uncertain");
}

#[test]
fn certainty_survives_csv_and_toml_round_trips() {
    let d = load(&fixture("evidence"));
    let dir = tempfile::tempdir().unwrap();
    let csv_dir = dir.path().join("csv");
    csv::write_dir(
        &csv_dir,
        &Scope::whole(&d, Reading::Loose),
        DateStyle::Edtf,
        Overwrite::Refuse,
    )
    .unwrap();
    let nodes = std::fs::read_to_string(csv_dir.join("nodes.csv")).unwrap();
    assert!(
        nodes.starts_with("id,name,kind,level,start,end,note,cite,states,certainty\n"),
        "{nodes}"
    );
    assert!(nodes.contains(",probable\n") && nodes.contains(",uncertain\n"));
    assert_eq!(certainties(&load(&csv_dir)), FIXTURE_CERTAINTIES, "CSV");
    let toml_dir = dir.path().join("toml");
    councils::export::toml::write_dataset(&toml_dir, &d, Overwrite::Refuse).unwrap();
    assert_eq!(certainties(&load(&toml_dir)), FIXTURE_CERTAINTIES, "TOML");
}

#[test]
fn bad_certainty_in_a_csv_cell_is_reported_at_its_cell() {
    let d = load(&fixture("evidence"));
    let dir = tempfile::tempdir().unwrap();
    csv::write_dir(
        dir.path(),
        &Scope::whole(&d, Reading::Loose),
        DateStyle::Edtf,
        Overwrite::Refuse,
    )
    .unwrap();
    let edges = dir.path().join("edges.csv");
    let text = std::fs::read_to_string(&edges).unwrap();
    std::fs::write(&edges, text.replace(",probable\n", ",likely\n")).unwrap();
    let (code, _, stderr) = councils(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "edges.csv:5:122: error: relation `b->d:conflict`: unknown certainty `likely`\n"
        ),
        "{stderr}"
    );
}

#[test]
fn json_graphml_and_gexf_exports_carry_certainty() {
    let (code, out, err) = evidence(&["export", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let node = |id: &str| {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(node("d")["certainty"], "probable");
    assert_eq!(node("a").get("certainty"), None, "certain is the default");
    assert_eq!(node("b")["states"][1]["certainty"], "probable");
    let edge = v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "b->d:conflict")
        .unwrap();
    assert_eq!(edge["certainty"], "probable");
    assert_eq!(v["graph"]["events"][0]["certainty"], "uncertain");

    let (_, out, _) = evidence(&["export", "--format", "graphml"]);
    assert!(out.contains(
        "<key id=\"n_certainty\" for=\"node\" attr.name=\"certainty\" attr.type=\"string\"/>"
    ));
    assert_eq!(
        out.matches("<data key=\"n_certainty\">certain</data>")
            .count(),
        3
    );
    assert_eq!(
        out.matches("<data key=\"n_certainty\">probable</data>")
            .count(),
        1
    );
    assert_eq!(
        out.matches("<data key=\"e_certainty\">probable</data>")
            .count(),
        1
    );
    let (_, out, _) = evidence(&["export", "--format", "gexf"]);
    assert_eq!(
        out.matches("for=\"certainty\" value=\"uncertain\"").count(),
        1,
        "{out}"
    );
    assert_eq!(
        out.matches("for=\"certainty\" value=\"probable\"").count(),
        2,
        "{out}"
    );
}
