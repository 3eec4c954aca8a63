//! Issue 18, points 3–6: dates shown at their own precision and in the
//! dataset's calendar, CSV date cells never silently read as day numbers,
//! optional CSV columns, and one typo giving one error.

mod common;

use std::path::Path;

use common::{councils, fixture};

/// Writes `files` (name, text) into a new temporary folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn path(dir: &Path) -> &str {
    dir.to_str().unwrap()
}

// ---------------------------------------------------------------------------
// Point 3: precision.

/// `1917-06/..` was shown as `1917-06-01 / 1917-06-14 – ..`, a day the
/// source does not give.
#[test]
fn a_month_is_shown_as_a_month() {
    let (code, stdout, stderr) = councils(&["show", "central-council-fzk"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("\n  existed: from June 1917 O.S.\n"),
        "{stdout}"
    );
    let (_, stdout, _) = councils(&["--calendar", "os", "show", "central-council-fzk"]);
    assert!(stdout.contains("\n  existed: from June 1917\n"), "{stdout}");
}

/// An approximate date (`1917-08-11~`) looked exact in the timeline.
#[test]
fn an_approximate_date_says_so() {
    let mini = fixture("mini");
    let dir = folder(&[]);
    for f in ["dataset.toml", "network.toml"] {
        std::fs::copy(mini.join(f), dir.path().join(f)).unwrap();
    }
    let network = dir.path().join("network.toml");
    let text = std::fs::read_to_string(&network)
        .unwrap()
        .replace("date = \"1917-09-01\"", "date = \"1917-09-01~\"");
    std::fs::write(&network, text).unwrap();
    let (code, stdout, stderr) = councils(&["--data", path(dir.path()), "show", "city-soviet"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("\nc. 1917-09-01 / 1917-09-14  event "),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------
// Point 4: the dataset's calendar.

/// A Gregorian dataset was shown as if Julian: `1918-10-22 / 1918-11-04`.
#[test]
fn gregorian_csv_dataset_has_no_old_style_pair() {
    let data = fixture("csv/gregorian");
    let (code, stdout, stderr) = councils(&["--data", path(&data), "periods"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "gregorian — periods\n\
         id        label     start (N.S.)   end (N.S.)     organisations  relations\n\
         --------  --------  -------------  -------------  -------------  ---------\n\
         november  november  1918-11-01     1918-11-30     2              0\n\
         december  december  December 1918  December 1918  3              2\n"
    );
    let (code, stdout, stderr) = councils(&["--data", path(&data), "show", "port-council"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("\n  existed: from 1918-11-04\n"),
        "{stdout}"
    );
    assert!(!stdout.contains(" / "), "{stdout}");
    // Asked for, the pair is given; the month keeps its calendar.
    let (_, stdout, _) = councils(&[
        "--data",
        path(&data),
        "--calendar",
        "both",
        "show",
        "city-council",
    ]);
    assert!(
        stdout.contains("\n  existed: from November 1918 N.S.\n"),
        "{stdout}"
    );
}

/// The report's period headers printed `O.S. / N.S.` whatever `--calendar`
/// said.
#[test]
fn report_period_headers_obey_the_calendar_flag() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let (code, _, stderr) = councils(&[
        "--data",
        path(&fixture("mini")),
        "--calendar",
        "ns",
        "report",
        "--out",
        path(&site),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("1917-03-14 – 1917-07-13"), "{index}");
    assert!(!index.contains("O.S. / "), "an O.S. date in an N.S. report");
}

// ---------------------------------------------------------------------------
// Point 5: CSV dates and columns.

/// `start=1875` was day 1875 after 1917-01-01: "exists from 1923-12-20".
#[test]
fn four_digits_in_a_csv_date_column_are_a_year() {
    let dir = folder(&[(
        "nodes.csv",
        "id,name,kind,level,start,end\nparty,A party,party,national,1875,\n",
    )]);
    let (code, stdout, stderr) = councils(&["--data", path(dir.path()), "show", "party"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\n  existed: from 1875\n"), "{stdout}");
    let d = councils::load(dir.path()).unwrap();
    let org = d.organisation("party").unwrap();
    assert_eq!(org.during.text, "1875/..");
    assert_eq!(org.during.loose.start.unwrap().to_string(), "1875-01-01");
}

#[test]
fn other_whole_numbers_need_declared_day_numbers() {
    let dir = folder(&[("nodes.csv", "id,name,start\nx,X,48\n")]);
    let (code, _, stderr) = councils(&["validate", path(dir.path())]);
    assert_eq!(code, 1);
    let stderr = stderr.replace(path(dir.path()), "DIR");
    assert!(
        stderr.starts_with(
            "DIR/nodes.csv:2:5: error: organisation `x`: `48` is neither a year (four digits) nor a declared day number\n  hint: write a year as four digits (0875) or an EDTF date; to count days from day 0, declare `day_numbers = true` in dataset.toml"
        ),
        "{stderr}"
    );
}

const MANIFEST: &str =
    "[dataset]\nid = \"t\"\ntitle = \"T\"\ncalendar = \"gregorian\"\nspan = \"1918-11-01/..\"\n";

#[test]
fn declared_day_numbers_count_from_the_span() {
    let manifest = format!("{MANIFEST}day_numbers = true\n");
    let dir = folder(&[
        ("dataset.toml", &manifest),
        ("nodes.csv", "id,name,start,end\nx,X,3,10\n"),
    ]);
    let d = councils::load(dir.path()).unwrap();
    assert_eq!(
        d.organisation("x").unwrap().during.text,
        "1918-11-04/1918-11-10"
    );
}

/// The workload format of the benchmark (exactly its columns, whole-number
/// ids) is read with day numbers, and a note says so.
#[test]
fn workload_tables_are_read_with_day_numbers_and_a_note() {
    let data = fixture("csv/boundary");
    let (code, _, stderr) = councils(&["--data", path(&data), "periods"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.starts_with("note: nodes.csv: read as the day-number workload format"),
        "{stderr}"
    );
}

/// A dataset.toml beside CSV tables turned `relations_outside_lifetimes`
/// from `allow` into `error`.
#[test]
fn a_manifest_beside_csv_keeps_relations_outside_lifetimes_allowed() {
    let nodes = "id,name,start,end\na,A,1918-11-01,1918-11-10\nb,B,1918-11-01,\n";
    let edges = "source,target,kind,start,end\na,b,support,1918-11-01,1918-11-20\n";
    let without = folder(&[("nodes.csv", nodes), ("edges.csv", edges)]);
    let with = folder(&[
        ("dataset.toml", MANIFEST),
        ("nodes.csv", nodes),
        ("edges.csv", edges),
    ]);
    for dir in [&without, &with] {
        let (code, _, stderr) = councils(&["validate", path(dir.path())]);
        assert_eq!(code, 0, "{stderr}");
    }
    let strict = format!("{MANIFEST}relations_outside_lifetimes = \"error\"\n");
    let refused = folder(&[
        ("dataset.toml", &strict),
        ("nodes.csv", nodes),
        ("edges.csv", edges),
    ]);
    let (code, _, _) = councils(&["validate", path(refused.path())]);
    assert_eq!(code, 1);
}

/// A missing `level` or period `label` column was an error.
#[test]
fn tables_with_only_the_columns_a_user_has_load() {
    let dir = folder(&[
        ("nodes.csv", "id,name\na,A\nb,B\n"),
        ("edges.csv", "source,target,kind\na,b,support\n"),
        ("periods.csv", "id,start,end\nwinter,1918-11,1919-02\n"),
    ]);
    let d = councils::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let a = d.organisation("a").unwrap();
    assert_eq!(a.kind, "organisation");
    assert_eq!(d.level(a.level).id, "all");
    assert_eq!(d.relations.len(), 1);
    assert_eq!(d.period("winter").unwrap().label, "winter");
    let (code, stdout, stderr) = councils(&["--data", path(dir.path()), "show", "a"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\n  existed: undated\n"), "{stdout}");
    // Undated elements survive a CSV round trip, and a TOML one in a
    // dataset without a span (`span = "../.."`, as here).
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("csv");
    let (code, _, stderr) = councils(&[
        "--data",
        path(dir.path()),
        "export",
        "--format",
        "csv",
        "-o",
        path(&csv),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let back = councils::load(&csv).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.organisation("a").unwrap().during.text, "../..");
    let toml = out.path().join("toml");
    let (code, _, stderr) = councils(&["import", "csv", path(dir.path()), "--out", path(&toml)]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(toml.join("organisations.toml")).unwrap();
    assert!(text.contains("during = \"../..\""), "{text}");
    let back = councils::load(&toml).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.organisation("a").unwrap().during.text, "../..");
    assert_eq!(back.relations[0].during.text, "../..");
}

#[test]
fn levels_may_be_named_like_kinds() {
    let dir = folder(&[(
        "nodes.csv",
        "id,name,level\na,A,city\nb,B,District council\nc,C,4\n",
    )]);
    for (id, level) in [
        ("a", "City council"),
        ("b", "District council"),
        ("c", "National body"),
    ] {
        let (code, stdout, stderr) = councils(&["--data", path(dir.path()), "show", id]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains(&format!("; level: {level}\n")), "{stdout}");
    }
}

// ---------------------------------------------------------------------------
// Point 6: one typo, one error.

/// `plase = ...` dropped the organisation, and the relation to it then
/// reported `unknown organisation city-soviet`.
#[test]
fn a_misspelt_field_gives_one_error_naming_the_record() {
    let dir = folder(&[]);
    std::fs::copy(
        fixture("mini/dataset.toml"),
        dir.path().join("dataset.toml"),
    )
    .unwrap();
    std::fs::copy(
        fixture("invalid/typo-cascade.toml"),
        dir.path().join("typo-cascade.toml"),
    )
    .unwrap();
    let (code, _, stderr) = councils(&["validate", path(dir.path())]);
    assert_eq!(code, 1);
    let stderr = stderr.replace(path(dir.path()), "DIR");
    assert_eq!(
        stderr,
        "DIR/typo-cascade.toml:8:1: error: organisation `city-soviet`: unknown field `plase`, expected one of `id`, `name`, `name_original`, `kind`, `level`, `place`, `during`, `part_of`, `count`, `note`, `certainty`, `lineage`, `state`, `cite`\n  \
         hint: did you mean `place`?\n\
         1 problem\n\
         DIR: invalid\n"
    );
}

/// In a CSV cell too: a misspelt citation field dropped the whole `cite`
/// cell, so the organisation then also "cites no source".
#[test]
fn a_misspelt_field_in_a_csv_cell_gives_one_error() {
    let manifest = format!(
        "{MANIFEST}require_citations = true\n\n[[source]]\nid = \"notes\"\ntitle = \"Notes\"\n"
    );
    let dir = folder(&[
        ("dataset.toml", &manifest),
        (
            "nodes.csv",
            "id,name,kind,level,start,end,cite\nx,X,council,2,1918-11-04,,\"[{ sorce = \"\"notes\"\" }]\"\n",
        ),
    ]);
    let (code, _, stderr) = councils(&["validate", path(dir.path())]);
    assert_eq!(code, 1);
    let stderr = stderr.replace(path(dir.path()), "DIR");
    assert_eq!(
        stderr,
        "DIR/nodes.csv:2:31: error: organisation `x`: `cite`: unknown field `sorce`, expected one of `source`, `section`, `footnote`, `page`, `locator`\n  \
         hint: did you mean `source`?\n\
         1 problem\n\
         DIR: invalid\n"
    );
}

/// Regression (review): without declared day numbers, a bad date's hint
/// suggested writing a day number, which would itself be refused.
#[test]
fn date_hints_offer_day_numbers_only_where_they_are_declared() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nodes.csv"),
        "id,name,start,end\na,A,1917-13-01,\nb,B,,1917-05\n",
    )
    .unwrap();
    let (code, _, stderr) = councils(&["validate", path(dir.path())]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("hint: write an EDTF date: 1917-10-25"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: write an EDTF date; `..` for an open start"),
        "{stderr}"
    );
    assert!(!stderr.contains("day number"), "{stderr}");
}
