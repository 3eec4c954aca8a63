//! What a historian would check in the embedded 1917 dataset
//! (graphs/russia-1917): the turns the ICC article describes show up in the
//! slices, the key votes carry the article's exact counts, and every element
//! can be traced to a source, down to the article's section and footnote.

use std::collections::BTreeSet;

use councils::model::Citation;
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::{Calendar, Day, parse_when};
use councils::{Dataset, load_embedded};

/// The article's id in the dataset's bibliography.
const ARTICLE: &str = "icc-wawc3";

/// The article's sections in order (the text before the first heading is
/// the introduction) with the footnote markers `[N]` that appear in each.
/// Generated from /work/shared/sources/what-are-workers-councils-part-3.txt;
/// `sections_table_matches_the_article` re-checks it when the file is there.
const SECTIONS: &[(&str, &[u32])] = &[
    ("Introduction", &[1, 2]),
    (
        "After the defeat of July, the bourgeoisie is intent on destroying the soviets",
        &[3, 4, 5, 6],
    ),
    (
        "The Bolsheviks inspire the response of the masses",
        &[7, 8, 9, 10, 11, 12, 13, 14],
    ),
    (
        "In mid-July, the masses are beginning to recover",
        &[15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
    ),
    (
        "The mobilisation and self-organisation of the masses foils the Kornilov coup",
        &[26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
    ),
    (
        "September 1917: the total renewal of the soviets",
        &[36, 37, 38, 39, 40, 41, 42, 43, 44, 45],
    ),
    (
        "The Military Revolutionary Committee, soviet organ of the insurrection",
        &[46, 47, 48, 49],
    ),
];

/// Where the article lives next to the repository (locally and in CI).
const ARTICLE_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/sources/what-are-workers-councils-part-3.txt"
);

/// The bodies the article lists as electing delegates to the October MRC.
const MRC_ELECTORS: &[&str] = &[
    "petrograd-soviet",
    "soldiers-section",
    "baltic-fleet-soviet-delegates",
    "red-guard",
    "finland-regional-committee",
    "petrograd-fzk-conference",
    "railway-union",
    "bolshevik-military-organisation",
];

fn dataset() -> Dataset {
    load_embedded().expect("the embedded dataset is valid")
}

fn period<'d>(ds: &'d Dataset, id: &str) -> Snapshot<'d> {
    Snapshot::new(ds, &Selector::Period(id.into()), Filter::default()).expect("known period")
}

fn at<'d>(ds: &'d Dataset, date: &str) -> Snapshot<'d> {
    let when = parse_when(date, Calendar::Julian).expect("valid date");
    Snapshot::new(ds, &Selector::At(when), Filter::default()).expect("valid slice")
}

fn julian(month: u8, day: u8) -> Day {
    Day::from_calendar(Calendar::Julian, 1917, month, day).expect("a real day")
}

/// A symmetric relation may be written either way round.
fn conflict(snap: &Snapshot<'_>, a: &str, b: &str) -> bool {
    snap.has_relation(a, b, "conflict") || snap.has_relation(b, a, "conflict")
}

/// Reads the article's headings and footnote markers per section.
fn sections_of(text: &str) -> Vec<(String, Vec<u32>)> {
    let headings: Vec<&str> = SECTIONS.iter().skip(1).map(|(h, _)| *h).collect();
    let mut out = vec![("Introduction".to_string(), Vec::new())];
    for line in text.lines() {
        if headings.contains(&line.trim()) {
            out.push((line.trim().to_string(), Vec::new()));
            continue;
        }
        let markers = &mut out.last_mut().expect("introduction").1;
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            rest = &rest[open + 1..];
            if let Some(close) = rest.find(']')
                && let Ok(n) = rest[..close].parse::<u32>()
            {
                markers.push(n);
            }
        }
    }
    out
}

#[test]
fn sections_table_matches_the_article() {
    let Ok(text) = std::fs::read_to_string(ARTICLE_PATH) else {
        eprintln!("article not found at {ARTICLE_PATH}; checking against the embedded table only");
        return;
    };
    let found = sections_of(&text);
    let expected: Vec<(String, Vec<u32>)> = SECTIONS
        .iter()
        .map(|(h, f)| (h.to_string(), f.to_vec()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn petrograd_soviet_changes_majority_between_dual_power_and_renewal() {
    let ds = dataset();
    let soviet = ds
        .organisation("petrograd-soviet")
        .expect("petrograd-soviet");
    let before = period(&ds, "dual-power").state_value(soviet, "majority");
    let after = period(&ds, "renewal").state_value(soviet, "majority");
    assert_eq!(before.as_deref(), Some("sr-menshevik"));
    assert_eq!(after.as_deref(), Some("bolshevik"));
    // The turn itself: the night vote of 31 August, counted on 1 September.
    assert_eq!(
        at(&ds, "1917-08-31")
            .state_value(soviet, "majority")
            .as_deref(),
        Some("sr-menshevik")
    );
    assert_eq!(
        at(&ds, "1917-09-01")
            .state_value(soviet, "majority")
            .as_deref(),
        Some("bolshevik")
    );
    // The Kornilov period (27-31 August) ends the night before the count.
    assert_eq!(
        period(&ds, "kornilov")
            .state_value(soviet, "majority")
            .as_deref(),
        Some("sr-menshevik")
    );
}

#[test]
fn trotsky_chairs_the_petrograd_soviet_from_25_september() {
    let ds = dataset();
    let soviet = ds
        .organisation("petrograd-soviet")
        .expect("petrograd-soviet");
    assert_eq!(
        at(&ds, "1917-10-01")
            .state_value(soviet, "chair")
            .as_deref(),
        Some("Leon Trotsky")
    );
    assert_eq!(
        at(&ds, "1917-08-01")
            .state_value(soviet, "chair")
            .as_deref(),
        Some("Nikolai Chkheidze")
    );
}

#[test]
fn october_mrc_receives_delegates_from_every_body_the_article_lists() {
    let ds = dataset();
    for snap in [period(&ds, "insurrection"), at(&ds, "1917-10-24")] {
        assert!(snap.contains("mrc"));
        for body in MRC_ELECTORS {
            assert!(
                snap.has_relation(body, "mrc", "delegation"),
                "{body} -> mrc delegation missing in {}",
                snap.label
            );
        }
    }
    // The committee did not exist before the insurrection period.
    assert!(!period(&ds, "renewal").contains("mrc"));
}

#[test]
fn cec_is_in_conflict_with_petrograd_soviet_only_after_the_change_of_majority() {
    let ds = dataset();
    assert!(conflict(&period(&ds, "renewal"), "cec", "petrograd-soviet"));
    assert!(conflict(
        &period(&ds, "insurrection"),
        "cec",
        "petrograd-soviet"
    ));
    assert!(!conflict(
        &period(&ds, "dual-power"),
        "cec",
        "petrograd-soviet"
    ));
    assert!(!conflict(
        &period(&ds, "july-reaction"),
        "cec",
        "petrograd-soviet"
    ));
}

#[test]
fn soviet_leaders_back_the_government_before_july_but_not_after_september() {
    let ds = dataset();
    let dual = period(&ds, "dual-power");
    assert!(dual.has_relation("petrograd-soviet-ec", "provisional-government", "support"));
    assert!(dual.has_relation("petrograd-soviet-ec", "petrograd-soviet", "control"));
    let renewal = period(&ds, "renewal");
    assert!(!renewal.has_relation("petrograd-soviet-ec", "provisional-government", "support"));
    assert!(conflict(&renewal, "petrograd-soviet", "fourth-coalition"));
}

#[test]
fn the_cec_holds_the_petrograd_soviets_means_in_september() {
    let ds = dataset();
    assert!(period(&ds, "renewal").has_relation("cec", "petrograd-soviet", "control"));
}

#[test]
fn grass_roots_convene_each_other_against_kornilov() {
    let ds = dataset();
    let k = period(&ds, "kornilov");
    assert!(k.has_relation("inter-district-conference", "august-mrc", "delegation"));
    assert!(k.has_relation(
        "inter-district-conference",
        "government-commissars",
        "control"
    ));
    assert!(k.has_relation(
        "helsingfors-soviet-congress",
        "finland-governor-general",
        "control"
    ));
    assert!(conflict(&k, "red-guard", "kornilov"));
}

#[test]
fn mrc_controls_the_army_command_in_late_october() {
    let ds = dataset();
    let late = at(&ds, "1917-10-24");
    assert!(late.has_relation("mrc", "petrograd-military-district-hq", "control"));
    assert!(late.has_relation("mrc", "peter-paul-garrison", "control"));
    assert!(late.has_relation("mrc", "petrograd-garrison", "control"));
    let early = at(&ds, "1917-10-15");
    assert!(!early.has_relation("mrc", "petrograd-military-district-hq", "control"));
    assert!(!early.has_relation("mrc", "peter-paul-garrison", "control"));
    assert!(early.has_relation(
        "petrograd-military-district-hq",
        "peter-paul-garrison",
        "control"
    ));
}

#[test]
fn periods_tile_the_revolution_without_gaps_or_overlaps() {
    let ds = dataset();
    let ids: Vec<&str> = ds.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "dual-power",
            "july-reaction",
            "kornilov",
            "renewal",
            "insurrection"
        ]
    );
    for pair in ds.periods.windows(2) {
        assert_eq!(
            pair[0].during.loose.end, pair[1].during.loose.start,
            "{} and {} must meet",
            pair[0].id, pair[1].id
        );
    }
    assert_eq!(ds.periods[0].during.loose.start, Some(julian(2, 27)));
    assert_eq!(ds.periods[1].during.loose.start, Some(julian(7, 3)));
    assert_eq!(ds.periods[2].during.loose.start, Some(julian(8, 27)));
    assert_eq!(ds.periods[3].during.loose.start, Some(julian(9, 1)));
    assert_eq!(ds.periods[4].during.loose.start, Some(julian(10, 10)));
    assert_eq!(ds.periods[4].during.loose.last_day(), Some(julian(10, 26)));
}

#[test]
fn every_organisation_is_present_in_at_least_one_period() {
    let ds = dataset();
    let mut seen = BTreeSet::new();
    for p in &ds.periods {
        let snap = period(&ds, &p.id);
        seen.extend(snap.organisations().map(|o| o.id.clone()));
    }
    let missing: Vec<&str> = ds
        .organisations
        .iter()
        .map(|o| o.id.as_str())
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(missing.is_empty(), "in no period: {missing:?}");
}

/// Checks one citation; returns a problem, if any.
fn citation_problem(c: &Citation) -> Option<String> {
    if c.source != ARTICLE {
        return (c.locator.is_none() && c.page.is_none())
            .then(|| format!("{} cited without locator or page", c.source));
    }
    let Some(section) = &c.section else {
        return Some("article cited without section".into());
    };
    let Some((_, markers)) = SECTIONS.iter().find(|(h, _)| h == section) else {
        return Some(format!("no section {section:?} in the article"));
    };
    let Some(footnote) = &c.footnote else {
        return Some(format!("article cited in {section:?} without footnote"));
    };
    match footnote.parse::<u32>() {
        Ok(n) if markers.contains(&n) => None,
        _ => Some(format!(
            "footnote [{footnote}] does not appear in {section:?}"
        )),
    }
}

#[test]
fn every_element_cites_a_source_and_article_citations_point_into_the_article() {
    let ds = dataset();
    let mut problems = Vec::new();
    let mut check = |what: String, cite: &[Citation]| {
        if cite.is_empty() {
            problems.push(format!("{what}: no citation"));
        }
        for c in cite {
            if ds.source(&c.source).is_none() {
                problems.push(format!("{what}: unknown source {}", c.source));
            }
            if let Some(p) = citation_problem(c) {
                problems.push(format!("{what}: {p}"));
            }
        }
    };
    for o in &ds.organisations {
        check(format!("organisation {}", o.id), &o.cite);
        for s in &o.states {
            check(
                format!("state {}.{}={}", o.id, s.attribute, s.value),
                &s.cite,
            );
        }
    }
    for r in &ds.relations {
        check(format!("relation {}", r.id), &r.cite);
    }
    for e in &ds.events {
        check(format!("event {}", e.id), &e.cite);
    }
    for p in &ds.periods {
        for c in &p.cite {
            if let Some(problem) = citation_problem(c) {
                problems.push(format!("period {}: {problem}", p.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_organisation_and_relation_has_a_note() {
    let ds = dataset();
    for o in &ds.organisations {
        assert!(o.note.as_deref().is_some_and(|n| !n.is_empty()), "{}", o.id);
    }
    for r in &ds.relations {
        assert!(r.note.as_deref().is_some_and(|n| !n.is_empty()), "{}", r.id);
    }
}

/// The event with exactly these counts, checked to fall on `day` (O.S.).
fn assert_vote(ds: &Dataset, counts: (Option<u32>, Option<u32>, Option<u32>), day: Day) {
    let event = ds
        .events
        .iter()
        .find(|e| {
            e.votes
                .is_some_and(|v| (v.in_favour, v.against, v.abstained) == counts)
        })
        .unwrap_or_else(|| panic!("no event with votes {counts:?}"));
    assert_eq!(event.kind, "vote", "{}", event.id);
    assert!(
        event.date.loose.contains_day(day),
        "{} is dated {}, expected it to include {}",
        event.id,
        event.date.text,
        day.iso(Calendar::Julian)
    );
}

#[test]
fn key_votes_carry_the_articles_exact_counts() {
    let ds = dataset();
    assert_vote(&ds, (Some(519), Some(414), Some(67)), julian(9, 9));
    assert_vote(&ds, (Some(279), Some(115), None), julian(9, 1));
    assert_vote(&ds, (Some(15), None, None), julian(8, 31));
    assert_vote(&ds, (Some(700), Some(13), Some(36)), julian(9, 2));
    assert_vote(&ds, (Some(130), Some(66), None), julian(9, 8));
    assert_vote(&ds, (Some(175), Some(4), Some(19)), julian(8, 15));
    assert_vote(&ds, (Some(364), Some(304), None), julian(8, 11));
    assert_vote(&ds, (Some(159), Some(132), None), julian(10, 3));
    assert_vote(&ds, (Some(116), Some(97), None), julian(10, 6));
    assert_vote(&ds, (None, Some(0), Some(3)), julian(7, 25));
    assert_vote(&ds, (Some(10), Some(2), None), julian(10, 10));
    assert_vote(&ds, (Some(19), Some(2), Some(4)), julian(10, 16));
    // The 9 September vote is exactly that day, not an interval around it.
    let sept9 = ds
        .events
        .iter()
        .find(|e| e.id == "petrograd-soviet-vote-1917-09-09")
        .expect("the 9 September vote");
    assert_eq!(sept9.date.loose.start, Some(julian(9, 9)));
    assert_eq!(sept9.date.loose.last_day(), Some(julian(9, 9)));
}

#[test]
fn ural_congress_and_aggregates_keep_the_articles_numbers() {
    let ds = dataset();
    for (id, n) in [
        ("petrograd-90-factories", 90),
        ("peterhof-27-plants", 27),
        ("front-29-regiments", 29),
        ("ural-soviets", 56),
        ("moscow-district-soviets", 10),
    ] {
        let org = ds.organisation(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(org.count, Some(n), "{id}");
    }
    let delegates = ds
        .relations
        .iter()
        .find(|r| r.from == "ural-soviets" && r.to == "ural-regional-congress")
        .expect("Ural delegation");
    assert_eq!(delegates.weight, Some(120.0));
}

#[test]
fn old_style_25_october_is_new_style_7_november() {
    assert_eq!(
        Day::from_calendar(Calendar::Julian, 1917, 10, 25),
        Day::from_gregorian(1917, 11, 7)
    );
    let ds = dataset();
    let congress = ds.organisation("second-congress").expect("second-congress");
    assert_eq!(
        congress.during.loose.start,
        Day::from_gregorian(1917, 11, 7)
    );
}

#[test]
fn the_dataset_is_large_enough_to_tell_the_story() {
    let ds = dataset();
    assert!(ds.organisations.len() >= 80, "{}", ds.organisations.len());
    assert!(ds.relations.len() >= 150, "{}", ds.relations.len());
    let votes = ds.events.iter().filter(|e| e.votes.is_some()).count();
    assert!(votes >= 12, "{votes} events with votes");
    for kind in ["delegation", "control", "conflict", "support"] {
        assert!(
            ds.relations.iter().any(|r| r.kind == kind),
            "no {kind} relation"
        );
    }
}
