//! `diff`: a snapshot compared with itself shows nothing; applying a diff to
//! A gives B (property test over random datasets); the CLI prints text,
//! Markdown and JSON.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use councils::diff::diff;

/// A relation's identity, owned (the diff's borrow from the dataset).
type RelationKey = (String, String, String);

fn owned((x, y, k): councils::diff::RelationKey<'_>) -> RelationKey {
    (x.to_string(), y.to_string(), k.to_string())
}
use councils::load::SourceFile;
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::{Calendar, parse_when};
use proptest::prelude::*;

mod common;

use common::fixture;

const MANIFEST: &str = r#"
[dataset]
id = "random"
title = "Random"
calendar = "gregorian"
span = "1917-01-01/1917-12-31"

[[level]]
id = "low"
label = "Low"

[[level]]
id = "high"
label = "High"

[[node_kind]]
id = "body"
label = "Body"

[[relation_kind]]
id = "delegation"
label = "delegation"
directed = true
flow = "up"

[[relation_kind]]
id = "control"
label = "control"
directed = true
flow = "down"

[[relation_kind]]
id = "support"
label = "support"
directed = true
flow = "across"

[[relation_kind]]
id = "conflict"
label = "conflict"
directed = false
flow = "across"
"#;

const KINDS: [&str; 4] = ["delegation", "control", "support", "conflict"];

fn day(offset: u32) -> String {
    let base = NaiveDate::from_ymd_opt(1917, 1, 1).unwrap();
    (base + Duration::days(i64::from(offset)))
        .format("%Y-%m-%d")
        .to_string()
}

/// An organisation: (start, length or open, level, successor of the previous one?).
type Org = (u32, Option<u32>, bool, bool);
/// A relation: (from, to, kind, start fraction, end fraction) — placed
/// inside both lifetimes.
type Rel = (usize, usize, usize, u8, u8);

fn dataset_text(orgs: &[Org], rels: &[Rel]) -> String {
    let mut text = String::new();
    let lifetimes: Vec<(u32, u32)> = orgs
        .iter()
        .map(|(s, len, _, _)| (*s, len.map_or(300, |l| s + l)))
        .collect();
    for (i, (start, len, high, successor)) in orgs.iter().enumerate() {
        let during = match len {
            Some(l) => format!("{}/{}", day(*start), day(start + l)),
            None => format!("{}/..", day(*start)),
        };
        text.push_str(&format!(
            "[[organisation]]\nid = \"o{i}\"\nname = \"Org {i}\"\nkind = \"body\"\nlevel = \"{}\"\nduring = \"{during}\"\n",
            if *high { "high" } else { "low" }
        ));
        if *successor && i > 0 {
            text.push_str(&format!(
                "[[organisation.lineage]]\nkind = \"successor-of\"\norganisation = \"o{}\"\n",
                i - 1
            ));
        }
    }
    let mut seen = BTreeSet::new();
    for &(from, to, kind, a, b) in rels {
        let (from, to) = (from % orgs.len(), to % orgs.len());
        if from == to {
            continue;
        }
        let kind = KINDS[kind % 4];
        let key = if kind == "conflict" {
            (from.min(to), from.max(to), kind)
        } else {
            (from, to, kind)
        };
        if !seen.insert(key) {
            continue;
        }
        let lo = lifetimes[from].0.max(lifetimes[to].0);
        let hi = lifetimes[from].1.min(lifetimes[to].1);
        if lo > hi {
            continue;
        }
        let span = hi - lo;
        let (a, b) = (u32::from(a.min(b)), u32::from(a.max(b)));
        let start = lo + span * a / 255;
        let end = lo + span * b / 255;
        text.push_str(&format!(
            "[[relation]]\nfrom = \"o{from}\"\nto = \"o{to}\"\nkind = \"{kind}\"\nduring = \"{}/{}\"\n",
            day(start),
            day(end)
        ));
    }
    text
}

fn load(text: &str) -> councils::Dataset {
    councils::load_files(
        vec![
            SourceFile::new("dataset.toml", MANIFEST),
            SourceFile::new("data.toml", text),
        ],
        Default::default(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn at(dataset: &councils::Dataset, from: u32, len: u32) -> Snapshot<'_> {
    let when = parse_when(
        &format!("{}/{}", day(from), day(from + len)),
        Calendar::Gregorian,
    )
    .unwrap();
    Snapshot::new(dataset, &Selector::At(when), Filter::default()).unwrap()
}

fn keys(snapshot: &Snapshot<'_>) -> BTreeSet<RelationKey> {
    let ds = snapshot.dataset;
    snapshot
        .relations()
        .map(|r| {
            let (mut a, mut b) = (r.from.to_string(), r.to.to_string());
            if ds.relation_kind(&r.kind).is_some_and(|k| !k.directed) && b < a {
                std::mem::swap(&mut a, &mut b);
            }
            (a, b, r.kind.to_string())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn applying_the_diff_to_a_gives_b(
        orgs in prop::collection::vec((0u32..200, prop::option::of(1u32..150), any::<bool>(), prop::bool::weighted(0.2)), 1..9),
        rels in prop::collection::vec((0usize..9, 0usize..9, 0usize..4, any::<u8>(), any::<u8>()), 0..20),
        wa in (0u32..250, 0u32..60),
        wb in (0u32..250, 0u32..60),
    ) {
        let ds = load(&dataset_text(&orgs, &rels));
        let a = at(&ds, wa.0, wa.1);
        let b = at(&ds, wb.0, wb.1);
        let d = diff(&a, &b);

        let ids = |s: &Snapshot<'_>| -> BTreeSet<String> { s.organisations().map(|o| o.id.clone()).collect() };
        let before: BTreeSet<String> = d.continuations.iter().flat_map(|c| c.before.clone()).collect();
        let after: BTreeSet<String> = d.continuations.iter().flat_map(|c| c.after.clone()).collect();

        let mut rebuilt_a: BTreeSet<String> = d.organisations_kept.iter().cloned().collect();
        rebuilt_a.extend(d.organisations_removed.iter().cloned());
        rebuilt_a.extend(before.iter().cloned());
        prop_assert_eq!(&rebuilt_a, &ids(&a));

        // A's organisations, with the diff applied, are B's.
        let mut applied: BTreeSet<String> = ids(&a);
        for id in d.organisations_removed.iter().chain(&before) { prop_assert!(applied.remove(id)); }
        applied.extend(after.iter().cloned());
        applied.extend(d.organisations_added.iter().cloned());
        prop_assert_eq!(&applied, &ids(&b));

        // A's relations, with the diff applied, are B's (continued bodies
        // under their representative on both sides).
        let canonical = |keys: BTreeSet<RelationKey>| -> BTreeSet<RelationKey> {
            keys.into_iter()
                .map(|(x, y, k)| {
                    let (mut x, mut y) = (d.canonical(&x).to_string(), d.canonical(&y).to_string());
                    if k == "conflict" && y < x { std::mem::swap(&mut x, &mut y); }
                    (x, y, k)
                })
                .collect()
        };
        let mut relations = canonical(keys(&a));
        for r in &d.relations_removed { prop_assert!(relations.remove(&owned(r.key())), "removed {:?} was not in A", r); }
        for r in &d.relations_added { prop_assert!(relations.insert(owned(r.key())), "added {:?} was already in A", r); }
        prop_assert_eq!(relations, canonical(keys(&b)));
    }

    #[test]
    fn a_snapshot_compared_with_itself_shows_nothing(
        orgs in prop::collection::vec((0u32..200, prop::option::of(1u32..150), any::<bool>(), prop::bool::weighted(0.2)), 1..9),
        rels in prop::collection::vec((0usize..9, 0usize..9, 0usize..4, any::<u8>(), any::<u8>()), 0..20),
        w in (0u32..250, 0u32..60),
    ) {
        let ds = load(&dataset_text(&orgs, &rels));
        let a = at(&ds, w.0, w.1);
        let d = diff(&a, &at(&ds, w.0, w.1));
        prop_assert!(d.is_empty(), "{:?}", d);
        prop_assert_eq!(d.similarity.organisations, 1.0);
        prop_assert_eq!(d.similarity.relations, 1.0);
    }
}

/// Runs `councils --data tests/fixtures/mini ARGS`.
fn councils(args: &[&str]) -> (i32, String, String) {
    let data = fixture("mini");
    let mut all = vec!["--data", data.to_str().unwrap()];
    all.extend_from_slice(args);
    common::councils(&all)
}

#[test]
fn diff_reports_majority_change_kind_change_and_events() {
    let (code, stdout, stderr) = councils(&["--calendar", "os", "diff", "early", "late"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("City Soviet (city-soviet)  majority   sr-menshevik  sr-menshevik → bolshevik  1917-09-01"), "{stdout}");
    assert!(
        stdout.contains("- city-soviet – district-soviet: delegation → control\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("- conflict (1): city-soviet — rival\n"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("1917-09-01  vote  The soviet adopts the resolution.  279 for, 115 against"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "similarity (Jaccard)  organisations 0.75, relations 0.00, level-balanced 0.75"
        ),
        "{stdout}"
    );
}

#[test]
fn diff_of_a_period_with_itself_lists_nothing_that_changed() {
    let (code, stdout, _) = councils(&["diff", "late", "late", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for list in [
        "organisations_added",
        "organisations_removed",
        "relations_added",
        "relations_removed",
        "state_changes",
        "kind_changes",
    ] {
        assert_eq!(v[list].as_array().unwrap().len(), 0, "{list}");
    }
    assert_eq!(v["counts"]["loose"]["similarity"]["relations"], 1.0);
}

#[test]
fn diff_accepts_dates_and_states_its_settings() {
    let (code, stdout, _) = councils(&["diff", "1917-06-30", "ns:1917-07-14", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["settings"]["a"]["slice"], "1917-06-30");
    assert_eq!(v["settings"]["reading"], "loose");
    assert_eq!(v["settings"]["rule"], "active at any time in");
    assert_eq!(v["relations_added"][0]["kind"], "control");
    assert_eq!(v["relations_removed"][0]["kind"], "delegation");
    assert_eq!(
        v["relations_removed"][0]["in_a"][0],
        serde_json::json!({ "from": v["relations_removed"][0]["identity"]["from"], "to": v["relations_removed"][0]["identity"]["to"] })
    );
    assert_eq!(v["relations_removed"][0]["in_b"], serde_json::json!([]));
}

#[test]
fn strict_reading_is_reported_beside_the_loose_one() {
    // The factory committee is dated by month: it is in the loose slice of
    // 1917-03-15 but not in the strict one.
    let (_, stdout, _) = councils(&["diff", "1917-02-27", "1917-03-15", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["counts"]["loose"]["organisations_added"], 2);
    assert_eq!(v["counts"]["strict"]["organisations_added"], 1);
    let (_, text, _) = councils(&["diff", "1917-02-27", "1917-03-15"]);
    assert!(
        text.contains("added 2 (1 under the strict reading)"),
        "{text}"
    );
}

#[test]
fn markdown_output_has_headings_and_tables() {
    let (code, stdout, _) = councils(&["diff", "early", "late", "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# What changed from early to late\n"));
    assert!(stdout.contains("\n## Changes of state (1)\n"));
    assert!(stdout.contains(
        "| organisation | attribute | in A | in B | since |\n| --- | --- | --- | --- | --- |\n"
    ));
}

#[test]
fn series_compares_each_period_with_the_next() {
    let (code, stdout, _) = councils(&["--wide", "diff", "--series"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("early → late  +1 / −0"), "{stdout}");
}

#[test]
fn unknown_slice_gets_a_hint() {
    let (code, _, stderr) = councils(&["diff", "erly", "late"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: unknown period or date `erly` (did you mean `early`?)\n"
    );
}

/// Regression (review of issue 18.1): relations without a weight to
/// successive forms of one body were summed and printed as a weight that
/// halved or doubled. Only declared weights are compared, the largest in
/// each window, and a continued relation names both sides' real ends.
#[test]
fn only_declared_weights_are_reweighted_and_continuations_name_both_ends() {
    let text = "
[[organisation]]
id = \"a\"
name = \"A\"
kind = \"body\"
level = \"low\"
during = \"1917-01-01/..\"

[[organisation]]
id = \"x\"
name = \"X\"
kind = \"body\"
level = \"high\"
during = \"1917-01-01/1917-03-31\"

[[organisation]]
id = \"x2\"
name = \"X, first renewal\"
kind = \"body\"
level = \"high\"
during = \"1917-04-01/1917-05-31\"
[[organisation.lineage]]
kind = \"successor-of\"
organisation = \"x\"

[[organisation]]
id = \"y\"
name = \"Y\"
kind = \"body\"
level = \"high\"
during = \"1917-06-01/..\"
[[organisation.lineage]]
kind = \"successor-of\"
organisation = \"x2\"

[[relation]]
from = \"a\"
to = \"x\"
kind = \"delegation\"
weight = 12.0
during = \"1917-01-01/1917-03-31\"

[[relation]]
from = \"a\"
to = \"x2\"
kind = \"delegation\"
weight = 12.0
during = \"1917-04-01/1917-05-31\"

[[relation]]
from = \"a\"
to = \"y\"
kind = \"delegation\"
weight = 20.0
during = \"1917-06-01/..\"

[[relation]]
from = \"a\"
to = \"x\"
kind = \"support\"
during = \"1917-01-01/1917-03-31\"

[[relation]]
from = \"a\"
to = \"x2\"
kind = \"support\"
during = \"1917-04-01/1917-05-31\"

[[relation]]
from = \"a\"
to = \"y\"
kind = \"support\"
during = \"1917-06-01/..\"
";
    let ds = load(text);
    let window = |w: &str| {
        let when = parse_when(w, Calendar::Gregorian).unwrap();
        Snapshot::new(&ds, &Selector::At(when), Filter::default()).unwrap()
    };
    let (a, b) = (
        window("1917-01-01/1917-05-31"),
        window("1917-06-01/1917-12-31"),
    );
    let d = diff(&a, &b);
    // Two cabinets' worth of unweighted support is still one support.
    assert_eq!(d.reweighted.len(), 1, "{:?}", d.reweighted);
    let r = &d.reweighted[0];
    assert_eq!((r.before, r.after), (12.0, 20.0));
    let ends = |side: &[(&str, &str)]| -> Vec<String> {
        side.iter().map(|(f, t)| format!("{f}→{t}")).collect()
    };
    assert_eq!(ends(r.relation.in_a()), ["a→x", "a→x2"]);
    assert_eq!(ends(r.relation.in_b()), ["a→y"]);
}
