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
        out.push(format!("{}={}", r.id(), r.certainty.name()));
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
    let (code, out, err) = evidence(&["--wide", "show", "d", "--calendar", "os"]);
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
    let (_, out, _) = evidence(&["--wide", "show", "b", "--calendar", "os"]);
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
        nodes.starts_with("\u{feff}id,name,kind,level,start,end,note,cite,states,certainty\n"),
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

// ---------------------------------------------------------------------------
// Evidence layers: --sources, --exclude-sources, --min-certainty.

/// Organisation and relation ids of `snapshot --period PERIOD ARGS` as JSON.
fn snapshot_ids(period: &str, args: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut all = vec!["snapshot", "--period", period, "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = evidence(&all);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids = |key: &str, field: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    (ids("organisations", "id"), ids("relations", "id"))
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn sources_keep_what_the_named_sources_support_and_relations_between_kept_bodies() {
    assert_eq!(
        snapshot_ids("spring", &[]),
        (
            strings(&["a", "b", "c", "d", "e"]),
            strings(&[
                "a->b:delegation",
                "a->d:control",
                "b->c:delegation",
                "b->d:conflict"
            ])
        )
    );
    // b->c cites the article, but c rests on the book alone.
    assert_eq!(
        snapshot_ids("spring", &["--sources", "article"]),
        (
            strings(&["a", "b", "d", "e"]),
            strings(&["a->b:delegation", "b->d:conflict"])
        )
    );
    assert_eq!(
        snapshot_ids("autumn", &["--sources", "article"]),
        (
            strings(&["a", "b", "d", "e"]),
            strings(&["a->b:delegation", "a->e:delegation", "b->d:conflict"])
        )
    );
    // a->d cites the book, but a rests on the article alone.
    assert_eq!(
        snapshot_ids("autumn", &["--sources", "book"]),
        (strings(&["b", "c"]), strings(&[]))
    );
    assert_eq!(
        snapshot_ids("autumn", &["--sources", "article,book"]),
        snapshot_ids("autumn", &[])
    );
}

#[test]
fn exclude_sources_drops_their_citations_and_what_then_cites_nothing() {
    assert_eq!(
        snapshot_ids("autumn", &["--exclude-sources", "book"]),
        (
            strings(&["a", "b", "d", "e"]),
            strings(&["a->b:delegation", "a->e:delegation", "b->d:conflict"])
        )
    );
    let (code, out, err) = evidence(&["export", "--format", "json", "--exclude-sources", "book"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let b = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "b")
        .unwrap();
    assert_eq!(
        b["cite"],
        serde_json::json!([{ "source": "article", "footnote": "2" }]),
        "the book's citation is dropped"
    );
    assert_eq!(
        b["states"].as_array().unwrap().len(),
        1,
        "the state resting on the book alone is dropped: {b}"
    );
    assert_eq!(
        v["graph"]["events"],
        serde_json::json!([]),
        "vote-b cites the book alone"
    );
}

#[test]
fn min_certainty_keeps_what_is_at_least_that_sure() {
    assert_eq!(
        snapshot_ids("autumn", &["--min-certainty", "uncertain"]),
        snapshot_ids("autumn", &[])
    );
    assert_eq!(
        snapshot_ids("autumn", &["--min-certainty", "probable"]),
        (
            strings(&["a", "b", "c", "d"]),
            strings(&[
                "a->b:delegation",
                "a->d:control",
                "b->c:delegation",
                "b->d:conflict"
            ])
        )
    );
    assert_eq!(
        snapshot_ids("autumn", &["--min-certainty", "certain"]),
        (
            strings(&["a", "b", "c"]),
            strings(&["a->b:delegation", "b->c:delegation"])
        )
    );
    // b's autumn majority is probable: gone at `certain`.
    let (_, out, _) = evidence(&[
        "snapshot",
        "--period",
        "autumn",
        "--min-certainty",
        "certain",
    ]);
    assert!(out.contains("certainty at least certain"), "{out}");
    assert!(!out.contains("radical"), "{out}");
    let (_, out, _) = evidence(&[
        "snapshot",
        "--period",
        "autumn",
        "--min-certainty",
        "probable",
    ]);
    assert!(out.contains("radical"), "{out}");
}

#[test]
fn unknown_source_ids_are_errors_with_a_hint() {
    let (code, out, err) = evidence(&["centrality", "--period", "autumn", "--sources", "artcle"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert_eq!(
        err,
        "error: unknown source `artcle` (did you mean `article`?)\n"
    );
    let (code, _, err) = evidence(&[
        "stats",
        "--period",
        "autumn",
        "--exclude-sources",
        "journal",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "error: unknown source `journal` (the dataset's sources: article, book)\n"
    );
    let (code, _, err) = evidence(&[
        "snapshot",
        "--period",
        "autumn",
        "--sources",
        "article",
        "--exclude-sources",
        "article",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        err,
        "error: --exclude-sources `article`: is also among the sources kept; a source cannot be both kept and excluded\n"
    );
    let (code, _, err) = evidence(&["snapshot", "--period", "autumn", "--min-certainty", "sure"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("invalid value 'sure' for '--min-certainty"),
        "{err}"
    );
}

#[test]
fn every_slicing_command_takes_the_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    let has_c = |args: &[&str]| -> bool {
        let (code, out, err) = evidence(args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out.contains("\"c\"") || out.contains("org-c")
    };
    type Case<'a> = Vec<&'a str>;
    let cases: Vec<Case<'_>> = vec![
        vec!["snapshot", "--period", "autumn", "--format", "json"],
        vec!["centrality", "--period", "autumn", "--format", "json"],
        vec!["centrality", "--periods", "all", "--format", "json"],
        vec!["dot", "--period", "autumn"],
        vec!["dot", "--compare", "spring", "autumn"],
        vec!["export", "--format", "json"],
        vec!["export", "--format", "graphml", "--period", "autumn"],
        vec!["diff", "spring", "autumn", "--format", "json"],
    ];
    for case in &cases {
        assert!(has_c(case), "{case:?} without a layer shows c");
        let mut layered = case.clone();
        layered.extend(["--sources", "article"]);
        assert!(!has_c(&layered), "{layered:?} leaves c out");
    }
    let organisations = |args: &[&str]| -> serde_json::Value {
        let (code, out, err) = evidence(args);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["slices"][0]["stats"]["organisations"].clone()
    };
    assert_eq!(
        organisations(&["stats", "--period", "autumn", "--format", "json"]),
        5
    );
    assert_eq!(
        organisations(&[
            "stats",
            "--period",
            "autumn",
            "--format",
            "json",
            "--sources",
            "article"
        ]),
        4
    );
    let (code, _, err) = evidence(&[
        "export",
        "--format",
        "csv",
        "-o",
        &format!("{dir}/csv"),
        "--sources",
        "book",
    ]);
    assert_eq!(code, 0, "{err}");
    let nodes = std::fs::read_to_string(tmp.path().join("csv/nodes.csv")).unwrap();
    let ids: Vec<&str> = nodes.lines().skip(1).map(|l| &l[..1]).collect();
    assert_eq!(ids, ["b", "c"]);
    let (code, _, err) = evidence(&[
        "render",
        "--period",
        "autumn",
        "--format",
        "svg",
        "-o",
        &format!("{dir}/a.svg"),
        "--sources",
        "article",
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(tmp.path().join("a.svg")).unwrap();
    assert!(
        svg.contains("org&#45;a") && !svg.contains("org&#45;c"),
        "{svg}"
    );
    let (code, _, err) = evidence(&[
        "report",
        "-o",
        &format!("{dir}/report"),
        "--sources",
        "article",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("report/org/a.html").exists());
    assert!(!tmp.path().join("report/org/c.html").exists());
}

#[test]
fn diff_sources_a_compares_the_layer_with_the_whole_period() {
    let (code, out, err) = evidence(&[
        "diff",
        "autumn",
        "--sources-a",
        "article",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["organisations_added"], serde_json::json!(["c"]));
    assert_eq!(v["organisations_removed"], serde_json::json!([]));
    assert_eq!(
        v["relations_added"],
        serde_json::json!([
            {
                "identity": { "from": "a", "to": "d" },
                "in_a": [],
                "in_b": [{ "from": "a", "to": "d" }],
                "kind": "control"
            },
            {
                "identity": { "from": "b", "to": "c" },
                "in_a": [],
                "in_b": [{ "from": "b", "to": "c" }],
                "kind": "delegation"
            }
        ])
    );
    assert_eq!(v["relations_removed"], serde_json::json!([]));
    let (_, text, _) = evidence(&[
        "diff",
        "autumn",
        "--sources-a",
        "article",
        "--calendar",
        "os",
    ]);
    assert!(
        text.starts_with("What changed from autumn [article] to autumn [all sources]\n"),
        "{text}"
    );
    assert!(
        text.contains("majority   —     radical"),
        "b's book-only state is added: {text}"
    );
    // The shared layer applies to B (and A keeps its own sources).
    let (_, out, _) = evidence(&[
        "diff",
        "autumn",
        "--sources-a",
        "article",
        "--min-certainty",
        "certain",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["organisations_added"], serde_json::json!(["c"]));
    assert_eq!(
        v["relations_added"],
        serde_json::json!([{
            "identity": { "from": "b", "to": "c" },
            "in_a": [],
            "in_b": [{ "from": "b", "to": "c" }],
            "kind": "delegation"
        }])
    );
}

/// The evidence section of a report's index.html as text, one line per
/// table row, cells separated by `|`.
fn evidence_section(index: &str) -> String {
    let start = index
        .find("<section id=\"evidence\"")
        .expect("evidence section");
    let end = start + index[start..].find("</section>").unwrap();
    let mut text = index[start..end]
        .replace("</tr>", "\n")
        .replace("</h3>", "\n")
        .replace("</p>", "\n")
        .replace("</td>", "|")
        .replace("</th>", "|");
    while let Some(open) = text.find('<') {
        let close = open + text[open..].find('>').unwrap();
        text.replace_range(open..=close, "");
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn report_counts_per_period_what_rests_on_the_main_source_and_what_on_outside_works() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let (code, _, err) = evidence(&[
        "report",
        "-o",
        out.to_str().unwrap(),
        "--sources",
        "article",
    ]);
    assert_eq!(code, 0, "{err}");
    let section = evidence_section(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let want = "\
period|in the period|on article alone|on outside works alone|on article and outside works|in this report|
Spring|5|3|1|1|4|
Autumn|5|3|1|1|4|
Relations
period|in the period|on article alone|on outside works alone|on article and outside works|in this report|
Spring|4|2|1|1|2|
Autumn|5|3|1|1|3|";
    assert!(section.contains(want), "{section}");
    assert!(
        section.contains("This report shows only the evidence layer “article”"),
        "{section}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(
            "Only the evidence layer “article” is shown (see <a href=\"#evidence\">Evidence</a>)."
        ),
        "the layer is named at the top"
    );
    // Without a layer: the same counts, no column for the layer.
    let whole = tmp.path().join("w");
    let (code, _, err) = evidence(&["report", "-o", whole.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let section = evidence_section(&std::fs::read_to_string(whole.join("index.html")).unwrap());
    assert!(
        section.contains("Spring|4|2|1|1|\nAutumn|5|3|1|1|"),
        "{section}"
    );
    assert!(!section.contains("in this report"), "{section}");
}

// ---------------------------------------------------------------------------
// The 1917 dataset: the article (`icc-wawc3`) against the completed network.

const ARTICLE: &str = "icc-wawc3";

fn cites_article(cite: &[councils::model::Citation]) -> bool {
    cite.iter().any(|c| c.source == ARTICLE)
}

/// The snapshot of the embedded dataset for `period`, without a layer.
fn snapshot_1917<'d>(d: &'d Dataset, period: &str) -> councils::slice::Snapshot<'d> {
    councils::slice::Snapshot::new(
        d,
        &councils::slice::Selector::Period(period.into()),
        councils::slice::Filter::default(),
    )
    .unwrap()
}

/// The organisation ids of `councils centrality ARGS --format json`, and
/// the organisation count it reports.
fn centrality_ids(args: &[&str]) -> (Vec<String>, u64) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, out, err) = councils(&all);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let slice = &v["slices"][0];
    let ids = slice["measures"]["betweenness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    (ids, slice["organisations"].as_u64().unwrap())
}

#[test]
fn centrality_on_the_article_alone_leaves_out_what_only_outside_works_support() {
    let d = councils::load_embedded().unwrap();
    assert_eq!(d.sources[0].id, ARTICLE, "the article is the main source");
    let snap = snapshot_1917(&d, "renewal");
    let outside_only: Vec<&str> = snap
        .organisations()
        .filter(|o| !cites_article(&o.cite))
        .map(|o| o.id.as_str())
        .collect();
    assert!(
        !outside_only.is_empty(),
        "some body of the renewal rests on outside works alone"
    );
    let on_article = snap
        .organisations()
        .filter(|o| cites_article(&o.cite))
        .count();
    let (all, n_all) = centrality_ids(&["centrality", "--period", "renewal"]);
    let (article, n_article) =
        centrality_ids(&["centrality", "--period", "renewal", "--sources", ARTICLE]);
    assert_eq!(n_all as usize, snap.organisations().count());
    assert_eq!(n_article as usize, on_article);
    for id in &outside_only {
        assert!(
            all.iter().any(|x| x == id),
            "{id} is measured on the whole dataset"
        );
        assert!(
            !article.iter().any(|x| x == id),
            "{id} is not in the article's network"
        );
    }
}

#[test]
fn report_on_the_article_alone_has_the_evidence_table_of_1917() {
    let d = councils::load_embedded().unwrap();
    let mut want = Vec::new();
    for p in &d.periods {
        let snap = snapshot_1917(&d, &p.id);
        let row = |cites: Vec<(&[councils::model::Citation], bool)>| {
            let mut n = [0usize; 5];
            for (cite, in_layer) in cites {
                let article = cites_article(cite);
                let other = cite.iter().any(|c| c.source != ARTICLE);
                n[0] += 1;
                n[match (article, other) {
                    (true, false) => 1,
                    (false, true) => 2,
                    _ => 3,
                }] += 1;
                n[4] += usize::from(in_layer);
            }
            n.map(|x| x.to_string()).join("|")
        };
        let org_cites = |id: &str| cites_article(&d.organisation(id).unwrap().cite);
        let orgs = row(snap
            .organisations()
            .map(|o| (o.cite.as_slice(), cites_article(&o.cite)))
            .collect());
        let rels = row(snap
            .relations()
            .map(|r| {
                let kept = cites_article(&r.cite) && org_cites(&r.from) && org_cites(&r.to);
                (r.cite.as_slice(), kept)
            })
            .collect());
        want.push((
            format!("{}|{orgs}|", p.label),
            format!("{}|{rels}|", p.label),
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = councils(&[
        "report",
        "-o",
        tmp.path().to_str().unwrap(),
        "--sources",
        ARTICLE,
    ]);
    assert_eq!(code, 0, "{err}");
    let section =
        evidence_section(&std::fs::read_to_string(tmp.path().join("index.html")).unwrap());
    let (orgs, rels) = section.split_once("\nRelations\n").expect("two tables");
    assert!(orgs.contains("on icc-wawc3 alone|on outside works alone|on icc-wawc3 and outside works|in this report|"), "{section}");
    for (o, r) in &want {
        assert!(orgs.lines().any(|l| l == o), "{o} in {orgs}");
        assert!(rels.lines().any(|l| l == r), "{r} in {rels}");
    }
    for o in &d.organisations {
        let page = tmp.path().join(format!("org/{}.html", o.id));
        assert_eq!(page.exists(), cites_article(&o.cite), "{}", o.id);
    }
}

#[test]
fn a_layer_applied_twice_is_the_layer_applied_once() {
    use councils::evidence::Evidence;
    let layers = [
        Evidence {
            sources: Some([ARTICLE.to_string()].into()),
            ..Evidence::default()
        },
        Evidence {
            excluded: [ARTICLE.to_string()].into(),
            min_certainty: Certainty::Probable,
            ..Evidence::default()
        },
    ];
    let d = councils::load_embedded().unwrap();
    for layer in &layers {
        let once = layer.apply(&d);
        let twice = layer.apply(&once);
        // (Debug of the vectors: the id index is a HashMap, unordered.)
        let parts = |d: &Dataset| format!("{:?} {:?} {:?}", d.organisations, d.relations, d.events);
        assert_eq!(parts(&once), parts(&twice), "{layer:?}");
        assert!(
            once.organisations.len() < d.organisations.len(),
            "{layer:?}"
        );
        for r in &once.relations {
            assert!(once.organisation(&r.from).is_some() && once.organisation(&r.to).is_some());
            assert!(!r.cite.is_empty() && r.cite.iter().all(|c| layer.admits(&c.source)));
        }
    }
}

#[test]
fn an_exported_layer_is_a_valid_dataset_holding_the_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("article");
    let (code, _, err) = councils(&[
        "export",
        "--format",
        "csv",
        "-o",
        dir.to_str().unwrap(),
        "--sources",
        ARTICLE,
    ]);
    assert_eq!(code, 0, "{err}");
    let back = load(&dir);
    let d = councils::load_embedded().unwrap();
    let ids = |d: &Dataset| -> (Vec<String>, Vec<String>) {
        (
            d.organisations.iter().map(|o| o.id.clone()).collect(),
            d.relations.iter().map(|r| r.id().into_owned()).collect(),
        )
    };
    let want: (Vec<String>, Vec<String>) = (
        d.organisations
            .iter()
            .filter(|o| cites_article(&o.cite))
            .map(|o| o.id.clone())
            .collect(),
        d.relations
            .iter()
            .filter(|r| {
                let cited = |id: &str| cites_article(&d.organisation(id).unwrap().cite);
                cites_article(&r.cite) && cited(&r.from) && cited(&r.to)
            })
            .map(|r| r.id().into_owned())
            .collect(),
    );
    assert_eq!(ids(&back), want);
    assert!(
        back.relations
            .iter()
            .flat_map(|r| &r.cite)
            .all(|c| c.source == ARTICLE)
    );
}

/// A diagram of an evidence layer says so in its title, so that an
/// article-only picture is never taken for the whole dataset.
#[test]
fn a_diagram_of_a_layer_names_the_layer_in_its_title() {
    let title = |args: &[&str]| -> String {
        let (code, out, err) = councils(args);
        assert_eq!(code, 0, "{err}");
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with("graph["))
            .expect("graph attributes");
        line.split("label=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let layered = title(&[
        "dot",
        "--period",
        "renewal",
        "--sources",
        "icc-wawc3",
        "--min-certainty",
        "probable",
    ]);
    assert!(
        layered.ends_with("\\nsources: icc-wawc3; certainty at least probable"),
        "{layered}"
    );
    let whole = title(&["dot", "--period", "renewal"]);
    assert!(!whole.contains("sources"), "{whole}");
}
