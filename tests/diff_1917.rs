//! The known changes of 1917 are reported by `diff`: the headline
//! comparison (dual power against the renewal) and dual power against the
//! insurrection; `councils diff` prints only relations that existed, under
//! the ids their endpoints had in the slice they are attributed to, and
//! `councils centrality --periods all` ranks ties together.

// Only `councils` is used here.
#[allow(dead_code)]
mod common;

use common::councils;

use councils::compare::{CompareOptions, Comparison, compare};
use councils::measure::{Counting, Measure};
use councils::slice::{Filter, Selector};
use councils::time::{Calendar, CalendarView, Day};

fn comparison<'d>(dataset: &'d councils::Dataset, a: &str, b: &str) -> Comparison<'d> {
    let options = CompareOptions {
        filter: Filter::default(),
        counting: Counting::default_for(dataset),
        measure: Measure::Betweenness,
        top: 10,
        view: CalendarView::OldStyle,
    };
    compare(
        dataset,
        &Selector::Period(a.into()),
        &Selector::Period(b.into()),
        &options,
    )
    .unwrap()
}

#[test]
fn the_dataset_declares_its_headline_comparison() {
    let ds = councils::load_embedded().unwrap();
    assert_eq!(
        ds.info.compare,
        Some(("dual-power".to_string(), "renewal".to_string()))
    );
}

#[test]
fn petrograd_soviet_changes_majority_on_1_september() {
    let ds = councils::load_embedded().unwrap();
    let c = comparison(&ds, "dual-power", "renewal");
    let change = c
        .diff
        .state_changes
        .iter()
        .find(|s| s.organisation == "petrograd-soviet" && s.attribute == "majority")
        .expect("the majority change is reported");
    assert_eq!(change.before, ["sr-menshevik"]);
    assert_eq!(change.after, ["bolshevik"]);
    let starts: Vec<Option<Day>> = change.since.iter().map(|w| w.loose.start).collect();
    assert_eq!(
        starts,
        [Some(
            Day::from_calendar(Calendar::Julian, 1917, 9, 1).unwrap()
        )]
    );
}

#[test]
fn the_mrc_appears_and_the_first_congress_is_gone_by_october() {
    let ds = councils::load_embedded().unwrap();
    let c = comparison(&ds, "dual-power", "insurrection");
    assert!(c.diff.organisations_added.contains(&"mrc".to_string()));
    assert!(
        c.diff
            .organisations_removed
            .contains(&"first-congress".to_string())
    );
    let mrc = c
        .rank_shifts
        .iter()
        .find(|s| s.id == "mrc")
        .expect("the MRC ranks");
    assert_eq!(
        (mrc.rank_a, mrc.rank_b),
        (None, Some(1)),
        "the MRC becomes the broker"
    );
}

#[test]
fn the_cec_turns_on_the_petrograd_soviet_and_loses_its_central_place() {
    let ds = councils::load_embedded().unwrap();
    let c = comparison(&ds, "dual-power", "renewal");
    let change = c
        .diff
        .kind_changes
        .iter()
        .find(|k| k.pair == ("cec", "petrograd-soviet"))
        .expect("the CEC - Petrograd Soviet pair changes kind");
    assert!(!change.before.contains("conflict"));
    assert!(change.after.contains("conflict"));
    let cec = c
        .rank_shifts
        .iter()
        .find(|s| s.id == "cec")
        .expect("the CEC is in the top of A");
    assert_eq!(
        (cec.rank_a, cec.value_b),
        (Some(4), Some(0.0)),
        "the CEC shares 4th place in A and brokers nothing in B"
    );
}

#[test]
fn the_old_executive_falls_and_the_district_conference_rises() {
    let ds = councils::load_embedded().unwrap();
    let c = comparison(&ds, "dual-power", "renewal");
    let row = |id: &str| {
        c.rank_shifts
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id} ranks in both"))
    };
    // Competition ranks: the 70-odd bodies at 0 share one rank (21 in B),
    // so the Executive Committee falls from 3rd to that shared place, not
    // to an alphabetical 72nd.
    let ec = row("petrograd-soviet-ec");
    assert_eq!(
        (ec.rank_a, ec.rank_b, ec.shift),
        (Some(3), Some(21), Some(-18))
    );
    assert_eq!(ec.value_b, Some(0.0));
    let conference = row("inter-district-conference");
    assert_eq!(
        (conference.rank_a, conference.rank_b, conference.shift),
        (Some(19), Some(5), Some(14))
    );
}

#[test]
fn bodies_at_zero_in_both_dual_power_and_the_insurrection_show_no_change() {
    let ds = councils::load_embedded().unwrap();
    let c = comparison(&ds, "dual-power", "insurrection");
    let ranks = |label: &str| {
        let snap =
            councils::slice::Snapshot::new(&ds, &Selector::Period(label.into()), Filter::default())
                .unwrap();
        let g = councils::measure::MeasureGraph::new(&snap, Counting::default_for(&ds));
        councils::measure::centrality(&g, Measure::Betweenness)
            .unwrap()
            .ranked(&g)
            .rows
            .into_iter()
            .map(|(id, v, place)| (id.to_string(), (v, place)))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let (a, b) = (ranks("dual-power"), ranks("insurrection"));
    let zero_in_both: Vec<&String> = a
        .iter()
        .filter(|(id, (v, _))| *v == 0.0 && b.get(*id).is_some_and(|(w, _)| *w == 0.0))
        .map(|(id, _)| id)
        .collect();
    assert!(zero_in_both.len() > 40, "{}", zero_in_both.len());
    for id in zero_in_both {
        let (pa, pb) = (a[id].1, b[id].1);
        assert_eq!(pa.change_to(pb), 0, "{id}: {pa:?} -> {pb:?}");
        // One shared rank per snapshot for all of them.
        assert_eq!(pa.rank, a.values().filter(|(v, _)| *v > 0.0).count() + 1);
    }
    let cec = c.rank_shifts.iter().find(|s| s.id == "cec").unwrap();
    assert_eq!(
        cec.shift,
        Some(4 - 26),
        "the CEC did move: to shared last place"
    );
}

#[test]
fn the_votes_of_september_fall_between_dual_power_and_the_renewal() {
    let ds = councils::load_embedded().unwrap();
    let c = comparison(&ds, "dual-power", "renewal");
    let ids: Vec<&str> = c.diff.events.iter().map(|e| e.id.as_str()).collect();
    for id in [
        "petrograd-soviet-vote-1917-08-31",
        "finland-soviets-vote-1917-09-02",
        "kiev-soviet-vote-1917-09-08",
        "petrograd-soviet-vote-1917-09-09",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn the_headline_diff_prints_no_relation_to_a_body_formed_later() {
    let (code, text, stderr) = councils(&["--wide", "diff"]);
    assert_eq!(code, 0, "{stderr}");
    // The fourth coalition was formed on 25 September: nothing of the
    // dual-power period (February to July) ran to it.
    for never in [
        "first-congress → fourth-coalition",
        "petrograd-soviet-ec → fourth-coalition",
        "peasants-cec → fourth-coalition",
        "finland-soviets-conference — fourth-coalition",
        "bolsheviks → rabochii-put control: 1 → 2",
    ] {
        assert!(!text.contains(never), "`{never}` printed:\n{text}");
    }
    // Removed relations are printed as they ran in A ...
    assert!(
        text.contains("- support (4): first-congress → first-coalition; peasants-cec → first-coalition; petrograd-soviet-ec → first-coalition and petrograd-soviet-ec → pg-first-cabinet; petrograd-soviet-ec → provisional-government\n"),
        "{text}"
    );
    // Unweighted relations to successive forms of one body are one
    // relation, not a weight that halved or doubled (the Kadets' support of
    // the first cabinets and of the fourth coalition was once printed as
    // "support: 2 → 1").
    assert!(!text.contains("support: 2 → 1"), "{text}");
    assert!(!text.contains("control: 1 → 2"), "{text}");
    assert!(text.contains("; reweighted 0\n"), "{text}");
}

/// Regression (review): `diff --series` named one of two bodies that fell
/// by 10 from the renewal to the insurrection, picked by id.
#[test]
fn the_series_names_every_body_that_moved_the_most() {
    let (code, text, stderr) = councils(&["--wide", "diff", "--series"]);
    assert_eq!(code, 0, "{stderr}");
    let row = text
        .lines()
        .find(|l| l.starts_with("renewal → insurrection"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.ends_with("moscow-soviet, petrograd-military-district-hq (-10)"),
        "{row}"
    );
}

#[test]
fn the_headline_diff_in_json_gives_identity_and_both_sides_endpoints() {
    let (code, out, stderr) = councils(&["diff", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // No relation of 1917 declares a weight: none is reweighted.
    assert_eq!(v["reweighted"], serde_json::json!([]));
    let added = v["relations_added"].as_array().unwrap();
    assert!(added.iter().all(|r| r["in_a"] == serde_json::json!([])
        && r["in_b"].as_array().is_some_and(|b| !b.is_empty())));
    let removed = v["relations_removed"].as_array().unwrap();
    assert!(removed.iter().all(|r| r["in_b"] == serde_json::json!([])
        && r["in_a"].as_array().is_some_and(|a| !a.is_empty())));
    assert!(
        removed
            .iter()
            .flat_map(|r| r["in_a"].as_array().unwrap())
            .all(|e| e["to"] != "fourth-coalition"),
        "{removed:?}"
    );
}

#[test]
fn centrality_across_periods_ranks_ties_together_and_shows_real_moves_only() {
    let (code, text, stderr) = councils(&[
        "--wide",
        "centrality",
        "--periods",
        "all",
        "--measure",
        "betweenness",
        "--top",
        "10",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let row = |id: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no row {id}:\n{text}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    };
    // id, name, five periods, change. The Executive Committee falls from
    // 3rd to the place shared by every body at 0 (26th), not to an
    // alphabetical 67th.
    let ec = row("petrograd-soviet-ec");
    assert_eq!(
        ec[2..],
        [
            "3 (0.00159)",
            "6 (0.000495)",
            "8 (0.000404)",
            "21 (0)",
            "26 (0)",
            "-23"
        ]
    );
    // Ties share a rank: the CEC and the garrison are both 4th in dual power.
    assert_eq!(row("cec")[2], "4 (0.00147)");
    assert_eq!(row("petrograd-garrison")[2], "4 (0.00147)");
    // A body at 0 in the first and the last period shows no change.
    assert_eq!(
        row("front-29-regiments")[2..],
        ["19 (0)", "5 (0.000792)", "21 (0)", "21 (0)", "26 (0)", "0"]
    );
    assert!(text.contains("tied values share a rank (competition ranking, 1224)"));
}

#[test]
fn centrality_of_one_period_keeps_a_tie_across_the_top_whole() {
    let (code, text, stderr) = councils(&[
        "--wide",
        "centrality",
        "--period",
        "renewal",
        "--measure",
        "betweenness",
        "--top",
        "9",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let ranks: Vec<(&str, &str)> = text
        .lines()
        .skip_while(|l| !l.starts_with("----"))
        .skip(1)
        .map(|l| {
            let mut cells = l.split_whitespace();
            (cells.next().unwrap(), cells.next().unwrap())
        })
        .collect();
    assert_eq!(
        ranks,
        [
            ("1", "petrograd-soviet"),
            ("2", "petrograd-garrison"),
            ("3", "democratic-conference"),
            ("4", "petrograd-military-district-hq"),
            ("5", "inter-district-conference"),
            ("6", "grassroots-joint-assemblies"),
            ("7", "helsingfors-soviet"),
            ("8", "peterhof-district-soviet"),
            ("9", "baltic-fleet"),
            ("9", "moscow-soviet"),
        ]
    );
    assert!(
        text.lines().any(|l| l.starts_with("5 ")
            && l.contains(" inter-district-conference ")
            && l.ends_with(" 0.000719")),
        "{text}"
    );
}

// --- dates at their precision in diff and chart ---

/// The Zamoskvorechye soviet's stance is dated `1917-08~/..`: its change is
/// "since c. August 1917 O.S.", never a day the data does not give.
#[test]
fn a_state_change_is_dated_at_the_precision_of_its_state() {
    let (code, text, stderr) = councils(&["--wide", "diff"]);
    assert_eq!(code, 0, "{stderr}");
    let row = text
        .lines()
        .find(|l| l.starts_with("Zamoskvorechye District Soviet (zamoskvorechye-district-soviet)"))
        .unwrap_or_else(|| panic!("the stance change is listed:\n{text}"));
    let cells: Vec<&str> = row
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        cells[1..],
        ["stance", "—", "for-soviet-power", "c. August 1917 O.S."],
        "{row}"
    );
    assert!(!row.contains("1917-08-01 / 1917-08-14"), "{row}");
}

/// In JSON the change and the events carry their dates as shown (at their
/// precision) and as written in EDTF.
#[test]
fn diff_json_dates_are_shown_at_their_precision_with_their_edtf() {
    let (code, out, stderr) = councils(&["diff", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let change = v["state_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["organisation"] == "zamoskvorechye-district-soviet")
        .expect("the stance change is in the JSON");
    assert_eq!(change["since"], serde_json::json!(["c. August 1917 O.S."]));
    assert_eq!(change["since_edtf"], serde_json::json!(["1917-08~/.."]));
    let event = |id: &str| {
        v["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap_or_else(|| panic!("{id} is in the JSON"))
            .clone()
    };
    let strike = event("moscow-soviet-rejects-strike-1917-08-11");
    assert_eq!(strike["date"], "c. 1917-08-11 / 1917-08-24");
    assert_eq!(strike["date_edtf"], "1917-08-11~");
    let recall = event("zamoskvorechye-recall-vote-1917-08");
    assert_eq!(recall["date"], "c. August 1917 O.S.");
    assert_eq!(recall["date_edtf"], "1917-08~");
}

/// The header names the calendar once, without a doubled full stop.
#[test]
fn the_diff_header_has_no_double_full_stop() {
    let (code, text, stderr) = councils(&["--wide", "diff"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains("dates shown O.S. / N.S.; organisations and relations active"),
        "{text}"
    );
    assert!(!text.contains("N.S.."), "{text}");
}

/// Regression (review): the summary said "76 in A, 117 in B: kept 59,
/// added 54, removed 15", figures that do not add up because relations to
/// successive forms of one body are matched as one; and "continued under
/// another name 2" did not say how many bodies that is.
#[test]
fn the_summary_figures_add_up() {
    let (code, text, stderr) = councils(&["--wide", "diff"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains("relations             76 in A, 117 in B, matched across lineage as 74 and 113: kept 59 (55 under the strict reading), added 54 (58 under the strict reading), removed 15;"),
        "{text}"
    );
    assert!(
        text.contains("removed 3, continued under another name 2 (3 bodies of A as 4 of B)\n"),
        "{text}"
    );
}

#[test]
fn the_streamed_json_is_the_document_with_its_keys_sorted() {
    // `diff --format json` writes the document element by element
    // (`render::diff::Json`); its bytes must be those of the whole document
    // built as a `serde_json::Value`, whose object keys are sorted. Written
    // in another key order, or with a list element serialised from a struct
    // in its field order, the two differ.
    let ds = councils::load_embedded().unwrap();
    for (a, b) in [("dual-power", "renewal"), ("dual-power", "insurrection")] {
        let c = comparison(&ds, a, b);
        let streamed = serde_json::to_string_pretty(&councils::render::diff::Json::new(
            &c,
            CalendarView::Both,
        ))
        .unwrap();
        let whole = councils::render::diff::json(&c, CalendarView::Both);
        assert_eq!(streamed, serde_json::to_string_pretty(&whole).unwrap());
        for key in [
            "relations_added",
            "kind_changes",
            "state_changes",
            "events",
            "continuations",
        ] {
            assert!(
                !whole[key].as_array().unwrap().is_empty() || key == "continuations",
                "{a} → {b}: {key} is empty, the test would not cover it"
            );
        }
    }
}
