//! The words generic code takes from a dataset's vocabulary, declared in
//! `[dataset]` (docs/format.md): `opposed_kinds` (diff's flips), `color_by`
//! (diagram fill, the snapshot table's column) and `stance_attribute` (the
//! values of an event's `stance`, the votes chart). Before they were
//! declared, `support`/`conflict`, `majority` and `stance` were hard-coded,
//! so a dataset with other names got none of it and one that merely spelt
//! its kinds `support` and `conflict` got flips it never asked for.

mod common;

use std::path::Path;

use common::{councils, fixture};
use serde_json::Value;
use tempfile::TempDir;

const KINDS: &str = "alliance,rivalry,support,conflict";

/// Runs `councils --data DIR ARGS`.
fn on(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--data", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    councils(&all)
}

/// Runs `councils --data DIR ARGS`, which must succeed, and returns its
/// standard output.
fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = on(dir, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// The vocabulary fixture with its `dataset.toml` rewritten by `edit`.
fn variant(edit: impl Fn(&str) -> String) -> TempDir {
    let dir = TempDir::new().unwrap();
    let text = std::fs::read_to_string(fixture("vocabulary").join("dataset.toml")).unwrap();
    std::fs::write(dir.path().join("dataset.toml"), edit(&text)).unwrap();
    dir
}

/// The fixture without the `[dataset]` key `key` (its line left blank, so
/// that later lines keep their numbers).
fn without(key: &str) -> TempDir {
    variant(|text| {
        text.lines()
            .map(|l| if l.starts_with(key) { "" } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// (pair, flip) of each kind change between spring and autumn.
fn flips(dir: &Path) -> Vec<(String, bool)> {
    let out = ok(
        dir,
        &[
            "diff",
            "spring",
            "autumn",
            "--relations",
            KINDS,
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    json["kind_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            let pair = &k["pair"];
            (
                format!(
                    "{}-{}",
                    pair[0].as_str().unwrap(),
                    pair[1].as_str().unwrap()
                ),
                k["flip"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_declared_opposed_pair_is_a_flip_and_kinds_spelt_support_and_conflict_are_not() {
    assert_eq!(
        flips(&fixture("vocabulary")),
        [("a-b".to_string(), true), ("c-d".to_string(), false)]
    );
    let out = ok(
        &fixture("vocabulary"),
        &["diff", "spring", "autumn", "--relations", KINDS],
    );
    assert!(
        out.contains("- a – b: alliance → rivalry (flip)\n"),
        "{out}"
    );
    assert!(out.contains("- c – d: support → conflict\n"), "{out}");
    assert!(
        out.contains("pairs that changed kind 2 (flips\n                      1)"),
        "{out}"
    );
}

#[test]
fn a_dataset_that_declares_no_opposed_kinds_has_no_flips() {
    let dir = without("opposed_kinds");
    assert_eq!(
        flips(dir.path()),
        [("a-b".to_string(), false), ("c-d".to_string(), false)]
    );
}

#[test]
fn diagrams_and_the_snapshot_table_use_the_declared_color_by() {
    let data = fixture("vocabulary");
    let dot = ok(&data, &["dot", "--period", "spring"]);
    assert!(dot.contains("fillcolor=\"#a6cee3\""), "{dot}");
    assert!(dot.contains("\\nCamp: red\""), "{dot}");
    assert!(
        dot.contains("<B>Camp</B>"),
        "the legend explains the fill: {dot}"
    );
    let table = ok(&data, &["snapshot", "--period", "spring"]);
    assert!(
        table.contains("\nid  name    kind  level  camp   existed\n"),
        "{table}"
    );
    assert!(
        table.contains("\nb   Body B  body  local  white  1900-01-01"),
        "{table}"
    );
}

#[test]
fn without_color_by_diagrams_have_no_fill_and_the_table_no_attribute_column() {
    let dir = without("color_by");
    let dot = ok(dir.path(), &["dot", "--period", "spring"]);
    assert!(!dot.contains("<B>Camp</B>"), "{dot}");
    assert!(!dot.contains("#a6cee3"), "{dot}");
    // Asked for, the fill is still there.
    let dot = ok(
        dir.path(),
        &["dot", "--period", "spring", "--color-by", "camp"],
    );
    assert!(dot.contains("\\nCamp: red\""), "{dot}");
    let table = ok(dir.path(), &["snapshot", "--period", "spring"]);
    assert!(
        table.contains("\nid  name    kind  level  existed\n"),
        "{table}"
    );
    assert!(
        table.contains("\nb   Body B  body  local  1900-01-01"),
        "{table}"
    );
}

#[test]
fn the_votes_chart_names_stances_by_the_declared_stance_attribute() {
    let out = TempDir::new().unwrap();
    let report = out.path().join("report");
    ok(
        &fixture("vocabulary"),
        &["report", "--out", report.to_str().unwrap()],
    );
    let index = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert!(
        index.contains(
            "<li><span class=\"swatch\" style=\"background:#2166ac\"></span> motion for peace</li>"
        ),
        "the vote is coloured and labelled by `position`"
    );
}

#[test]
fn a_stance_without_a_declared_stance_attribute_is_a_located_error() {
    let dir = without("stance_attribute");
    let (code, _, err) = councils(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let out = err.replace(dir.path().to_str().unwrap(), "DIR");
    assert_eq!(
        out,
        "DIR/dataset.toml:136:10: error: event `peace-vote`: `stance` needs `stance_attribute` in `[dataset]`\n  \
         hint: name the attribute whose values motions take, e.g. `stance_attribute = \"stance\"` in dataset.toml\n\
         1 problem\nDIR: invalid\n"
    );
}

#[test]
fn a_stance_outside_the_declared_attribute_names_that_attribute() {
    let dir = variant(|t| t.replace("stance = \"for-peace\"", "stance = \"for-pease\""));
    let (code, _, out) = councils(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "dataset.toml:136:10: error: event `peace-vote`: `for-pease` is not a declared value of `position`\n  \
             hint: did you mean `for-peace`?\n"
        ),
        "{out}"
    );
}

#[test]
fn invalid_vocabulary_declarations_are_located_errors_with_hints() {
    let dir = variant(|t| {
        t.replace(
            "opposed_kinds = [[\"alliance\", \"rivalry\"]]",
            "opposed_kinds = [[\"alliance\", \"rivalri\"], [\"alliance\"], [\"rivalry\", \"rivalry\"]]",
        )
        .replace("color_by = \"camp\"", "color_by = \"cmap\"")
        .replace("stance_attribute = \"position\"", "stance_attribute = \"positon\"")
    });
    let (code, _, err) = councils(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let out = err.replace(dir.path().to_str().unwrap(), "DIR");
    assert_eq!(
        out,
        "DIR/dataset.toml:15:31: error: dataset: unknown relation kind `rivalri`\n  \
         hint: did you mean `rivalry`?\n\
         DIR/dataset.toml:15:43: error: dataset: each entry of `opposed_kinds` needs two relation kinds, found 1\n  \
         hint: e.g. opposed_kinds = [[\"support\", \"conflict\"]]\n\
         DIR/dataset.toml:15:57: error: dataset: `opposed_kinds` pairs `rivalry` with itself\n  \
         hint: name two different relation kinds\n\
         DIR/dataset.toml:16:12: error: dataset: unknown attribute `cmap`\n  \
         hint: did you mean `camp`?\n\
         DIR/dataset.toml:17:20: error: dataset: unknown attribute `positon`\n  \
         hint: did you mean `position`?\n\
         5 problems\nDIR: invalid\n"
    );
}

#[test]
fn a_csv_folder_without_a_manifest_gets_flips_between_its_synthesised_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "nodes.csv",
        "id,name,kind,level,start,end\n1,One,committee,0,0,\n2,Two,committee,0,0,\n",
    );
    write(
        "edges.csv",
        "source,target,kind,start,end,weight\n1,2,support,0,10,\n1,2,conflict,10,,\n",
    );
    write(
        "periods.csv",
        "id,label,start,end\nspring,Spring,0,10\nautumn,Autumn,10,20\n",
    );
    let out = ok(
        dir.path(),
        &[
            "diff",
            "spring",
            "autumn",
            "--relations",
            "support,conflict",
            "--format",
            "json",
        ],
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    let changes = json["kind_changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json}");
    assert_eq!(changes[0]["flip"], true);
}
