//! Interchange: CSV folders in (errors with file, line and column; FORMAT.md
//! boundaries; merged rows reported), GEXF, GraphML, JSON and CSV out, and
//! nothing lost on the way back (fixtures, the embedded dataset, a
//! gen_temporal.py dataset, and a property test over random datasets).
//! GEXF, GraphML and JSON are read back with networkx by
//! tests/networkx/read_exports.py (ignored without networkx; CI fails without it).

mod common;

use common::{councils, fixture};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use councils::Dataset;
use councils::export::csv::DateStyle;
use councils::export::{Scope, csv, edge_ids, gexf, graphml, json};
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::Reading;
use councils::write::Overwrite;
use proptest::prelude::*;
use serde_json::{Value, json};

fn load(path: &Path) -> Dataset {
    councils::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// Equality of datasets: every field except where things were written.

/// Everything a dataset holds, origins and the lookup index left out.
///
/// Built from the model's derived `Debug` (pretty form, one field per
/// line) so that every field, including ones added later, is compared:
/// a field an export forgets to write shows up as a difference here
/// instead of passing silently. `origin` blocks (where an element was
/// written) and `organisation_index` (a HashMap, whose order is random)
/// are dropped.
fn canonical(d: &Dataset) -> String {
    let text = format!("{d:#?}");
    let mut out = String::with_capacity(text.len());
    let mut skipping: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(depth) = skipping {
            if indent == depth && line.trim_start().starts_with('}') {
                skipping = None;
            }
            continue;
        }
        let field = line.trim_start();
        if field.starts_with("origin: ") || field.starts_with("organisation_index: ") {
            if field.ends_with('{') {
                skipping = Some(indent);
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Fails with the first lines where `got` and `want` (canonical forms)
/// differ, rather than printing two whole datasets.
fn assert_same(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
    let at = (0..g.len().max(w.len()))
        .find(|&i| g.get(i) != w.get(i))
        .unwrap_or(0);
    let from = at.saturating_sub(12);
    panic!(
        "{what}: differs at line {}\n--- got\n{}\n--- want\n{}",
        at + 1,
        g[from.min(g.len())..(at + 3).min(g.len())].join("\n"),
        w[from.min(w.len())..(at + 3).min(w.len())].join("\n"),
    );
}

#[test]
fn canonical_compares_stance_and_certainty() {
    let d = councils::load_embedded().unwrap();
    let mut changed = d.clone();
    let event = (changed.events.iter_mut())
        .find(|e| e.stance.is_some())
        .expect("the 1917 data has an event with a stance");
    event.stance = None;
    assert_ne!(canonical(&changed), canonical(&d), "stance ignored");
    let mut changed = d.clone();
    let relation = (changed.relations.iter_mut())
        .find(|r| !r.certainty.is_certain())
        .expect("the 1917 data has a relation with a certainty");
    relation.certainty = Default::default();
    assert_ne!(canonical(&changed), canonical(&d), "certainty ignored");
    assert!(
        !canonical(&d).contains("origin: Location"),
        "origins are not compared"
    );
}

/// Exports `d` as CSV and as TOML into temporary folders, loads both back
/// and checks that nothing changed.
fn assert_round_trips(d: &Dataset) {
    let want = canonical(d);
    let dir = tempfile::tempdir().unwrap();
    let csv_dir = dir.path().join("csv");
    csv::write_dir(
        &csv_dir,
        &Scope::whole(d, Reading::Loose),
        DateStyle::Edtf,
        Overwrite::Refuse,
    )
    .unwrap();
    let (back, notes) = councils::load_with_notes(&csv_dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(notes.is_empty(), "{notes:?}");
    assert_same(&canonical(&back), &want, "CSV round trip");
    let toml_dir = dir.path().join("toml");
    councils::export::toml::write_dataset(&toml_dir, d, Overwrite::Refuse).unwrap();
    assert_same(&canonical(&load(&toml_dir)), &want, "TOML round trip");
}

#[test]
fn mini_fixture_round_trips_through_csv_and_toml() {
    assert_round_trips(&load(&fixture("mini")));
}

#[test]
fn embedded_dataset_round_trips_through_csv_and_toml() {
    assert_round_trips(&councils::load_embedded().unwrap());
}

#[test]
fn csv_fixtures_round_trip() {
    for name in ["csv/gen120", "csv/tricky", "csv/boundary"] {
        assert_round_trips(&load(&fixture(name)));
    }
}

#[test]
fn generated_dataset_comes_back_byte_for_byte_as_day_numbers() {
    let d = load(&fixture("csv/gen120"));
    let dir = tempfile::tempdir().unwrap();
    csv::write_dir(
        dir.path(),
        &Scope::whole(&d, Reading::Loose),
        DateStyle::Days,
        Overwrite::Refuse,
    )
    .unwrap();
    for table in ["nodes.csv", "edges.csv", "periods.csv"] {
        let original = std::fs::read_to_string(fixture("csv/gen120").join(table)).unwrap();
        let exported = std::fs::read_to_string(dir.path().join(table)).unwrap();
        assert!(original == exported, "{table} differs");
    }
}

// ---------------------------------------------------------------------------
// Import rules.

fn snapshot_ids(d: &Dataset, period: &str) -> (Vec<String>, Vec<String>) {
    let s = Snapshot::new(d, &Selector::Period(period.into()), Filter::default()).unwrap();
    (
        s.organisations().map(|o| o.id.clone()).collect(),
        s.relations()
            .map(|r| format!("{}->{}:{}@{}", r.from, r.to, r.kind, r.during.text))
            .collect(),
    )
}

/// FORMAT.md: "An interval ending on day 48 does not overlap a period
/// starting on day 48." Day numbers' `end` is exclusive, EDTF's inclusive.
#[test]
fn relation_ending_on_day_48_is_absent_from_the_period_starting_on_day_48() {
    let d = load(&fixture("csv/boundary"));
    let (orgs, rels) = snapshot_ids(&d, "p1");
    assert_eq!(orgs, ["1", "2", "3"]);
    assert_eq!(
        rels,
        [
            "1->2:delegation@1917-01-01/1917-02-17",
            "2->1:control@1917-02-17/1917-02-17",
            "3->2:delegation@1917-01-11/..",
        ]
    );
    let (orgs, rels) = snapshot_ids(&d, "p2");
    assert_eq!(
        orgs,
        ["1", "2"],
        "organisation 3 ended on day 48 (exclusive)"
    );
    assert_eq!(rels, ["2->1:control@1917-02-18/1917-02-18"]);
    let p2 = d.period("p2").unwrap();
    assert_eq!(p2.during.text, "1917-02-18/1917-04-06");
}

#[test]
fn day_numbers_count_from_the_first_day_of_the_manifest_span() {
    let d = load(&fixture("csv/tricky"));
    assert_eq!(d.info.calendar, councils::time::Calendar::Julian);
    // Day 0 is 1917-02-27 O.S. (February 1917 has 28 days in the Julian
    // calendar too); the exclusive end 126 is 1917-07-03, so the last day is
    // 1917-07-02.
    assert_eq!(
        d.period("before").unwrap().during.text,
        "1917-02-27/1917-07-02"
    );
    assert_eq!(d.organisation("city").unwrap().during.text, "1917-02-27/..");
    assert_eq!(
        d.organisation("committee").unwrap().during.text,
        "1917-10-25"
    );
}

#[test]
fn overlapping_rows_are_merged_and_self_relations_dropped_with_notes() {
    let (d, notes) = councils::load_with_notes(&fixture("csv/merge")).unwrap();
    let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "nodes.csv: read as the day-number workload format (exactly its columns, whole-number ids): whole numbers in start/end are days counted from 1917-01-01 (day 0); see docs/csv.md to read them otherwise",
            "edges.csv: dropped 1 self-relation (source = target) on line 6",
            "edges.csv: merged 3 overlapping rows into 1 relation (same source, target and kind; their union, with the first row's weight) on lines 2, 3, 4",
        ]
    );
    let rels: Vec<(&str, Option<f64>)> = d
        .relations
        .iter()
        .map(|r| (r.during.text.as_str(), r.weight))
        .collect();
    // [0,20) ∪ [10,30) ∪ [25,40) = [0,40); [40,50) only touches it.
    assert_eq!(
        rels,
        [
            ("1917-01-01/1917-02-09", Some(2.0)),
            ("1917-02-10/1917-02-19", Some(1.0)),
            ("1917-01-01/..", Some(1.0)),
        ]
    );
    let (code, _, stderr) =
        councils(&["--data", fixture("csv/merge").to_str().unwrap(), "periods"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("note: edges.csv: merged 3 overlapping rows"),
        "{stderr}"
    );
}

#[test]
fn invalid_csv_reports_every_problem_with_file_line_and_column() {
    let dir = fixture("csv/invalid");
    let (code, _, stderr) = councils(&["validate", dir.to_str().unwrap()]);
    assert_eq!(code, 1);
    let stderr = stderr.replace(dir.to_str().unwrap(), "DIR");
    let expected = "\
DIR/edges.csv:2:5: error: relation `1->2:delegaton`: unknown relation kind `delegaton`
  hint: did you mean `delegation`?
DIR/edges.csv:3:3: error: relation `1->22:support`: unknown organisation `22`
  hint: did you mean `2`?
DIR/edges.csv:4:16: error: relation `2->1:control`: weight `heavy` is not a number
  hint: write a decimal number such as 2.0 or 0.417
DIR/edges.csv:5:14: error: relation `2->1:conflict`: `start` is empty
  hint: write a day number or an EDTF date; `..` for an open start
DIR/nodes.csv:1:30: error: unknown column `nmae` in nodes.csv
  hint: did you mean `name`?
DIR/nodes.csv:3:38: error: organisation `2`: unknown level `7`
DIR/nodes.csv:4:30: error: organisation `3`: start `1917-13-01` is not an EDTF date: month must be 01-12 or a sub-year code 21-41
  hint: write a day number or an EDTF date: 1917-10-25, 1917-10, 1917-07-20~ (approximate), `..` (open)
DIR/nodes.csv:5:28: error: organisation `4`: ends on day 20, not after its start (day 30)
  hint: `end` is the first day the element no longer exists (exclusive)
DIR/nodes.csv:6:1: error: this row has 3 fields, the header has 7
  hint: quote fields that contain a comma: \"Smith, J.\"
9 problems
DIR: invalid
";
    assert_eq!(stderr, expected);
}

// ---------------------------------------------------------------------------
// The commands.

#[test]
fn import_writes_a_toml_dataset_that_validates_and_slices_identically() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("tricky");
    let (csv_dir, toml_dir) = (fixture("csv/tricky"), target.to_str().unwrap().to_string());
    let csv_dir = csv_dir.to_str().unwrap();
    let (code, stdout, stderr) = councils(&["import", "csv", csv_dir, "--out", &toml_dir]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("3 organisations, 2 relations, 2 periods, 0 events"),
        "{stdout}"
    );
    let (code, _, stderr) = councils(&["validate", &toml_dir]);
    assert_eq!(code, 0, "{stderr}");
    for period in ["before", "after"] {
        let args = ["snapshot", "--period", period, "--format", "json"];
        let from_csv = councils(&[&["--data", csv_dir][..], &args].concat());
        let from_toml = councils(&[&["--data", toml_dir.as_str()][..], &args].concat());
        assert_eq!(from_csv.0, 0, "{}", from_csv.2);
        assert_eq!(from_csv.1, from_toml.1, "slice {period}");
    }
    // A second import refuses to replace the files without --force.
    let (code, _, stderr) = councils(&["import", "csv", csv_dir, "--out", &toml_dir]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("exists (use --force to replace it)"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&["import", "csv", csv_dir, "--out", &toml_dir, "--force"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn import_options_conflicting_with_a_manifest_are_refused() {
    let out = tempfile::tempdir().unwrap();
    let tricky = fixture("csv/tricky");
    let import = |option: &str, value: &str| {
        let (code, _, stderr) = councils(&[
            "import",
            "csv",
            tricky.to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            option,
            value,
        ]);
        assert_eq!(code, 2, "{stderr}");
        stderr
    };
    let manifest = tricky.join("dataset.toml");
    let manifest = manifest.display();
    assert_eq!(
        import("--epoch", "1917-01-01"),
        format!(
            "error: --epoch `1917-01-01`: cannot be given for a folder with a manifest ({manifest} declares the calendar and `day_numbers`, and day 0 is the first day of its span; edit it instead)\n"
        )
    );
    let stderr = import("--data-calendar", "julian");
    assert!(
        stderr
            .starts_with("error: --data-calendar: cannot be given for a folder with a manifest ("),
        "{stderr}"
    );
}

/// The library names its own parameters, not the CLI's flags (issue 16):
/// the CLI adds the flag (above).
#[test]
fn library_errors_name_parameters_not_flags() {
    use councils::load::csv::Options;
    let options = Options {
        calendar: Some(councils::time::Calendar::Julian),
        epoch: None,
        day_numbers: false,
    };
    let err = councils::load::csv::load(&fixture("csv/tricky"), &options).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("calendar: cannot be given for a folder with a manifest ("),
        "{err}"
    );
    let d = councils::load_embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let err = csv::write_dir(
        dir.path(),
        &Scope::whole(&d, Reading::Loose),
        DateStyle::Days,
        Overwrite::Refuse,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "DateStyle::Days: organisation `anarchists` has no day number for `..1917-02-23/..` (day numbers count from the first day of the dataset's span; without them, dates are written as EDTF)"
    );
}

#[test]
fn export_with_days_names_the_flag_when_a_date_has_no_day_number() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("csv");
    let (code, _, stderr) = councils(&[
        "export",
        "--format",
        "csv",
        "--days",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "error: --days: organisation `anarchists` has no day number for `..1917-02-23/..` (day numbers count from the first day of the dataset's span; without them, dates are written as EDTF)\n"
    );
}

#[test]
fn import_reads_julian_dates_from_an_epoch_given_on_the_command_line() {
    let src = tempfile::tempdir().unwrap();
    for t in ["nodes.csv", "edges.csv", "periods.csv"] {
        std::fs::copy(fixture("csv/boundary").join(t), src.path().join(t)).unwrap();
    }
    let out = src.path().join("out");
    let (code, _, stderr) = councils(&[
        "import",
        "csv",
        src.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--data-calendar",
        "julian",
        "--epoch",
        "1917-02-27",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let d = load(&out);
    assert_eq!(d.period("p1").unwrap().during.text, "1917-02-27/1917-04-15");
}

#[test]
fn export_writes_files_atomically_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mini.gexf");
    let data = fixture("mini");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "export",
        "--format",
        "gexf",
        "-o",
        file.to_str().unwrap(),
    ];
    assert_eq!(councils(&args).0, 0);
    let (code, _, stderr) = councils(&args);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(councils(&[&args[..], &["--force"]].concat()).0, 0);
    let (code, _, stderr) = councils(&[
        "--data",
        data.to_str().unwrap(),
        "export",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("-o DIR"), "{stderr}");
}

#[test]
fn gexf_escapes_markup_and_keeps_line_breaks() {
    let d = load(&fixture("csv/tricky"));
    let mut out = Vec::new();
    gexf::write(&mut out, &Scope::whole(&d, Reading::Loose)).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("label=\"Soviet of workers&apos; &amp; soldiers&apos; deputies, &quot;Petrograd&quot; &lt;city&gt;\""),
        "{text}"
    );
    assert!(text.contains("value=\"two&#10;lines\""), "{text}");
    assert!(
        text.contains("<attvalue for=\"majority\" value=\"bolshevik\" start=\"1917-09-14\"/>"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// networkx reads our files back.

/// The Python with networkx that build/requirements.rs found:
/// $COUNCILS_PYTHON, the repository's .venv, or python3 (the tests that
/// call this are ignored without one).
fn python() -> PathBuf {
    PathBuf::from(env!("COUNCILS_NETWORKX_PYTHON"))
}

/// What networkx should find in an export of `scope`.
fn expected(scope: &Scope<'_>, values: bool) -> Value {
    let d = scope.dataset;
    let ids = edge_ids(d);
    let mut nodes = BTreeMap::new();
    for o in scope.organisations() {
        let (start, end) = scope.days(&o.during);
        let states = scope.states(o);
        let mut joined: BTreeMap<&str, String> = BTreeMap::new();
        for s in &states {
            joined
                .entry(s.attribute.as_str())
                .and_modify(|v| *v = format!("{v} → {}", s.value))
                .or_insert_with(|| s.value.clone());
        }
        nodes.insert(
            o.id.clone(),
            json!({
                "name": o.name, "kind": o.kind, "level": d.level(o.level).id,
                "start": start, "end": end,
                "states": states.iter().map(|s| {
                    let (a, b) = scope.days(&s.during);
                    json!([s.attribute, s.value, a, b])
                }).collect::<Vec<_>>(),
                "values": if values { json!(joined) } else { json!({}) },
            }),
        );
    }
    let mut edges = BTreeMap::new();
    for (r, pos) in scope.relations() {
        let (start, end) = scope.days(&r.during);
        edges.insert(
            ids[pos].clone(),
            json!({"source": r.from, "target": r.to, "kind": r.kind, "start": start, "end": end, "weight": r.weight}),
        );
    }
    json!({ "nodes": nodes, "edges": edges })
}

fn read_back(python: &Path, format: &str, scope: &Scope<'_>) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("export.{format}"));
    let mut out = Vec::new();
    let values = match format {
        "gexf" => {
            gexf::write(&mut out, scope).unwrap();
            false
        }
        "graphml" => {
            graphml::write(&mut out, scope).unwrap();
            true
        }
        _ => {
            json::write(&mut out, scope).unwrap();
            scope.slice.is_some()
        }
    };
    std::fs::write(&file, out).unwrap();
    let want = dir.path().join("expected.json");
    std::fs::write(&want, serde_json::to_vec(&expected(scope, values)).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/networkx/read_exports.py");
    let run = Process::new(python)
        .arg(script)
        .arg(format)
        .arg(&file)
        .arg(&want)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{format} ({}):\n{stdout}{}",
        scope.slice.as_ref().map_or("whole", |s| s.0.as_str()),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
#[cfg_attr(
    not(has_networkx),
    ignore = "needs a Python with networkx, numpy, scipy: COUNCILS_PYTHON, .venv or python3"
)]
fn networkx_reads_gexf_graphml_and_json_back() {
    let python = python();
    for name in ["mini", "csv/tricky", "csv/gen120"] {
        let d = load(&fixture(name));
        let whole = Scope::whole(&d, Reading::Loose);
        for format in ["gexf", "graphml", "json"] {
            read_back(&python, format, &whole);
        }
        for p in &d.periods {
            let snap =
                Snapshot::new(&d, &Selector::Period(p.id.clone()), Filter::default()).unwrap();
            for format in ["gexf", "graphml", "json"] {
                read_back(&python, format, &Scope::snapshot(&snap));
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Property: any dataset comes back equal from CSV and from TOML.

fn day(n: u32) -> String {
    let d = chrono::NaiveDate::from_ymd_opt(1917, 1, 1).unwrap() + chrono::Days::new(u64::from(n));
    d.format("%Y-%m-%d").to_string()
}

/// An EDTF `during` of one of the forms datasets use, from two day numbers.
fn during(form: u8, a: u32, b: u32) -> String {
    let (a, b) = (a.min(b), a.max(b));
    let month = |n: u32| day(n)[..7].to_string();
    match form % 9 {
        0 => format!("{}/{}", day(a), day(b)),
        1 => format!("{}/..", day(a)),
        2 => day(a),
        3 => format!("..{}/..", day(a)),
        4 => format!("{}~/{}", day(a), day(b)),
        5 => format!("{}/{}", month(a), month(b)),
        6 => format!("{}/", day(a)),
        7 => "1917".to_string(),
        _ => format!("../{}", day(b)),
    }
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zé ,;\"'&<>\\n\\\\]{1,12}"
}

#[derive(Debug, Clone)]
struct Org {
    name: String,
    during: (u8, u32, u32),
    note: Option<String>,
    kind: bool,
    majority: bool,
}

#[derive(Debug, Clone)]
struct Rel {
    from: usize,
    to: usize,
    kind: u8,
    during: (u8, u32, u32),
    weight: Option<u8>,
}

fn org() -> impl Strategy<Value = Org> {
    (
        text(),
        (0u8..9, 0u32..360, 0u32..360),
        proptest::option::of(text()),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(name, during, note, kind, majority)| Org {
            name,
            during,
            note,
            kind,
            majority,
        })
}

fn rel() -> impl Strategy<Value = Rel> {
    (
        0usize..6,
        0usize..6,
        0u8..3,
        (0u8..9, 0u32..360, 0u32..360),
        proptest::option::of(1u8..50),
    )
        .prop_map(|(from, to, kind, during, weight)| Rel {
            from,
            to,
            kind,
            during,
            weight,
        })
}

/// A valid TOML dataset with these elements.
fn dataset_text(orgs: &[Org], rels: &[Rel], periods: &[(u8, u32, u32)]) -> String {
    let s = councils::export::toml::string;
    let mut t = String::from(
        "[dataset]\nid = \"prop\"\ntitle = \"Prop\"\ncalendar = \"julian\"\nspan = \"1917-01-01/1917-12-31\"\nrelations_outside_lifetimes = \"allow\"\n\n\
[[level]]\nid = \"low\"\nlabel = \"Low\"\n\n[[level]]\nid = \"high\"\nlabel = \"High\"\n\n\
[[node_kind]]\nid = \"soviet\"\nlabel = \"Soviet\"\n\n[[node_kind]]\nid = \"committee\"\nlabel = \"Committee\"\n\n\
[[relation_kind]]\nid = \"delegation\"\nlabel = \"delegation\"\ndirected = true\nflow = \"up\"\n\n\
[[relation_kind]]\nid = \"control\"\nlabel = \"control\"\ndirected = true\nflow = \"down\"\n\n\
[[relation_kind]]\nid = \"conflict\"\nlabel = \"conflict\"\ndirected = false\n\n\
[[attribute]]\nid = \"majority\"\nlabel = \"Majority\"\n\n[[source]]\nid = \"notes\"\ntitle = \"Notes, \\\"quoted\\\"\"\n",
    );
    for (i, o) in orgs.iter().enumerate() {
        t += &format!(
            "\n[[organisation]]\nid = \"o{i}\"\nname = {}\nkind = \"{}\"\nlevel = \"{}\"\nduring = {}\n",
            s(&o.name),
            if o.kind { "soviet" } else { "committee" },
            if i % 2 == 0 { "low" } else { "high" },
            // States must lie inside the lifetime.
            s(&if o.majority {
                "1917-01-01/..".to_string()
            } else {
                during(o.during.0, o.during.1, o.during.2)
            }),
        );
        if let Some(n) = &o.note {
            t += &format!(
                "note = {}\ncite = [{{ source = \"notes\", page = {} }}]\n",
                s(n),
                s(n)
            );
        }
        if o.majority {
            t += "\n[[organisation.state]]\nattribute = \"majority\"\nvalue = \"a, b\"\nduring = \"1917-01/1917-05\"\n";
            t += "\n[[organisation.state]]\nattribute = \"majority\"\nvalue = \"c\"\nduring = \"1917-06-01/..\"\n";
        }
    }
    let mut seen = std::collections::HashSet::new();
    for r in rels {
        let (from, to) = (r.from % orgs.len(), r.to % orgs.len());
        // `conflict` is symmetric: `a -> b` and `b -> a` are one pair.
        let key = if r.kind == 2 {
            (from.min(to), from.max(to))
        } else {
            (from, to)
        };
        if from == to || !seen.insert((key, r.kind)) {
            continue;
        }
        t += &format!(
            "\n[[relation]]\nfrom = \"o{from}\"\nto = \"o{to}\"\nkind = \"{}\"\nduring = {}\n",
            ["delegation", "control", "conflict"][usize::from(r.kind)],
            s(&during(r.during.0, r.during.1, r.during.2)),
        );
        if let Some(w) = r.weight {
            t += &format!("weight = {}\n", f64::from(w) / 4.0);
        }
    }
    for (i, p) in periods.iter().enumerate() {
        t += &format!(
            "\n[[period]]\nid = \"p{i}\"\nlabel = \"Period, {i}\"\nduring = {}\n",
            s(&during(p.0, p.1, p.2))
        );
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_dataset_comes_back_equal_from_csv_and_toml(
        orgs in proptest::collection::vec(org(), 1..6),
        rels in proptest::collection::vec(rel(), 0..8),
        periods in proptest::collection::vec((0u8..9, 0u32..360, 0u32..360), 0..3),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dataset.toml"), dataset_text(&orgs, &rels, &periods)).unwrap();
        let d = councils::load(dir.path()).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        assert_round_trips(&d);
    }
}
