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

/// Where the article lives: next to the repository, or where
/// COUNCILS_ARTICLE says (build/requirements.rs).
const ARTICLE_PATH: &str = env!("COUNCILS_ARTICLE_PATH");

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
#[cfg_attr(
    not(has_article),
    ignore = "needs the article: ../shared/sources/ beside the repository, or COUNCILS_ARTICLE"
)]
fn sections_table_matches_the_article() {
    let text = std::fs::read_to_string(ARTICLE_PATH).expect(ARTICLE_PATH);
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
        check(format!("relation {}", r.id()), &r.cite);
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
        assert!(
            r.note.as_deref().is_some_and(|n| !n.is_empty()),
            "{}",
            r.id()
        );
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

// --- coverage (issue 13.1–13.2) ---

/// The statement-by-statement table of docs/dataset-1917-coverage.md.
const COVERAGE: &str = include_str!("../docs/dataset-1917-coverage.md");

/// The article's paragraphs: the non-empty lines after the title, headings
/// left out. ¶ 68 is the author's signature.
const PARAGRAPHS: u32 = 68;

/// The reasons a statement may be left out of the data, as the coverage
/// table's "how" column writes them.
const NOT_MODELLED: &[&str] = &[
    "framing",
    "not-a-body",
    "internal",
    "intention",
    "outside",
    "absence",
];

/// One row of the coverage table.
#[derive(Debug)]
struct CoverageRow {
    line: usize,
    section: String,
    paragraph: u32,
    marker: u32,
    how: String,
    ids: Vec<String>,
}

/// The names in backquotes in `cell`.
fn quoted(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Reads the rows of the coverage table under the article's section
/// headings (`## <heading>`); other tables of the document are skipped.
fn coverage_rows() -> Vec<CoverageRow> {
    let mut rows = Vec::new();
    let mut section: Option<String> = None;
    for (i, line) in COVERAGE.lines().enumerate() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = SECTIONS
                .iter()
                .any(|(h, _)| *h == heading)
                .then(|| heading.to_string());
            continue;
        }
        let Some(section) = &section else { continue };
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| ¶ | marker | statement | how | ids |" splits into 7 cells.
        let Ok(paragraph) = cells.get(1).map_or(Err(()), |c| c.parse().map_err(|_| ())) else {
            continue;
        };
        assert_eq!(cells.len(), 7, "coverage line {}: {line}", i + 1);
        let marker = cells[2]
            .strip_prefix('[')
            .and_then(|m| m.strip_suffix(']'))
            .and_then(|m| m.parse().ok())
            .unwrap_or_else(|| panic!("coverage line {}: bad marker {:?}", i + 1, cells[2]));
        rows.push(CoverageRow {
            line: i + 1,
            section: section.clone(),
            paragraph,
            marker,
            how: cells[4].to_string(),
            ids: quoted(cells[5]),
        });
    }
    rows
}

/// The article's paragraphs in order, each with its section heading.
fn paragraph_sections(text: &str) -> Vec<String> {
    let headings: Vec<&str> = SECTIONS.iter().skip(1).map(|(h, _)| *h).collect();
    let mut section = "Introduction".to_string();
    let mut out = Vec::new();
    for line in text.lines().skip(1).map(str::trim) {
        if headings.contains(&line) {
            section = line.to_string();
        } else if !line.is_empty() {
            out.push(section.clone());
        }
    }
    out
}

/// What a name in the coverage table stands for, if it is in the dataset.
fn resolve(ds: &Dataset, name: &str) -> Option<&'static str> {
    if let Some((org, rest)) = name.split_once('#') {
        let (attribute, value) = rest.split_once('=').unwrap_or((rest, ""));
        let org = ds.organisation(org)?;
        return org
            .states
            .iter()
            .any(|s| s.attribute == attribute && (value.is_empty() || s.value == value))
            .then_some("state");
    }
    if ds.relations.iter().any(|r| r.id() == name) {
        Some("relation")
    } else if ds.organisation(name).is_some() {
        Some("organisation")
    } else if ds.events.iter().any(|e| e.id == name) {
        Some("event")
    } else if ds.period(name).is_some() {
        Some("period")
    } else {
        None
    }
}

#[test]
fn coverage_table_has_a_row_for_every_marker_and_paragraph_in_its_section() {
    let rows = coverage_rows();
    let mut problems = Vec::new();
    for row in &rows {
        let (_, markers) = SECTIONS
            .iter()
            .find(|(h, _)| *h == row.section)
            .expect("rows are read under known sections only");
        if !markers.contains(&row.marker) {
            problems.push(format!(
                "line {}: [{}] is not a marker of {:?}",
                row.line, row.marker, row.section
            ));
        }
    }
    let markers: BTreeSet<u32> = rows.iter().map(|r| r.marker).collect();
    let missing: Vec<u32> = (1..=49).filter(|n| !markers.contains(n)).collect();
    assert!(missing.is_empty(), "markers without a row: {missing:?}");
    let paragraphs: BTreeSet<u32> = rows.iter().map(|r| r.paragraph).collect();
    assert_eq!(paragraphs, (1..=PARAGRAPHS).collect::<BTreeSet<_>>());
    if let Ok(text) = std::fs::read_to_string(ARTICLE_PATH) {
        let sections = paragraph_sections(&text);
        assert_eq!(
            sections.len(),
            PARAGRAPHS as usize,
            "paragraphs in the article"
        );
        for row in &rows {
            let expected = &sections[row.paragraph as usize - 1];
            if *expected != row.section {
                problems.push(format!(
                    "line {}: ¶ {} belongs to {expected:?}, not {:?}",
                    row.line, row.paragraph, row.section
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_name_the_coverage_doc_puts_in_a_table_is_in_the_dataset() {
    let ds = dataset();
    let unknown: Vec<String> = COVERAGE
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('|'))
        .flat_map(|(i, l)| quoted(l).into_iter().map(move |n| (i + 1, n)))
        .filter(|(_, name)| resolve(&ds, name).is_none())
        .map(|(line, name)| format!("line {line}: {name}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "not in the dataset:\n{}",
        unknown.join("\n")
    );
}

#[test]
fn coverage_rows_say_how_and_lead_with_an_element_of_that_type() {
    let ds = dataset();
    let mut problems = Vec::new();
    for row in coverage_rows() {
        let lead = row.ids.first().and_then(|n| resolve(&ds, n));
        match row.how.as_str() {
            how @ ("relation" | "state" | "event" | "organisation" | "period") => {
                if lead != Some(how) {
                    problems.push(format!(
                        "line {}: {how} row leads with {:?}",
                        row.line,
                        row.ids.first()
                    ));
                }
            }
            how => match how.strip_prefix("not modelled: ") {
                Some(reason) if NOT_MODELLED.contains(&reason) => {}
                _ => problems.push(format!("line {}: unknown how {how:?}", row.line)),
            },
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn coverage_totals_line_matches_the_rows() {
    let rows = coverage_rows();
    let count = |how: &str| rows.iter().filter(|r| r.how == how).count();
    let left_out: Vec<String> = NOT_MODELLED
        .iter()
        .map(|r| format!("{r} {}", count(&format!("not modelled: {r}"))))
        .collect();
    let expected = format!(
        "Totals: {} statements — relation {}, state {}, event {}, organisation {}, period {}, \
         not modelled {} ({}).",
        rows.len(),
        count("relation"),
        count("state"),
        count("event"),
        count("organisation"),
        count("period"),
        rows.iter()
            .filter(|r| r.how.starts_with("not modelled"))
            .count(),
        left_out.join(", ")
    );
    let line = COVERAGE
        .lines()
        .find(|l| l.starts_with("Totals:"))
        .expect("a totals line");
    assert_eq!(line, expected);
}

#[test]
fn police_and_cossacks_stand_against_kronstadt_and_the_workers_in_july() {
    let ds = dataset();
    let july = period(&ds, "july-reaction");
    assert!(conflict(&july, "kronstadt-soviet", "cossack-units"));
    assert!(conflict(&july, "kronstadt-soviet", "police-gendarmes"));
    // Lenin and Trotsky hunted during the Sixth Congress.
    assert!(conflict(
        &at(&ds, "1917-07-28"),
        "police-gendarmes",
        "bolsheviks"
    ));
    // The Cossacks against the July demonstrators (Trotsky's History).
    assert!(conflict(
        &at(&ds, "1917-07-04"),
        "cossack-units",
        "petrograd-factory-committees"
    ));
    let renewal = period(&ds, "renewal");
    assert!(!conflict(&renewal, "kronstadt-soviet", "cossack-units"));
    assert!(!conflict(&renewal, "police-gendarmes", "bolsheviks"));
}

#[test]
fn the_districts_and_putilov_arm_their_own_formations_against_kornilov() {
    let ds = dataset();
    let k = period(&ds, "kornilov");
    assert!(k.has_relation("inter-district-conference", "workers-militia", "control"));
    assert!(k.has_relation("inter-district-conference", "flying-brigades", "control"));
    assert!(k.has_relation("putilov-works", "putilov-fighting-companies", "delegation"));
    assert!(k.has_relation("putilov-works", "proletarian-artillery", "support"));
    for unit in ["putilov-fighting-companies", "proletarian-artillery"] {
        assert!(conflict(&k, unit, "kornilov"), "{unit} against Kornilov");
    }
    assert_eq!(
        ds.organisation("putilov-fighting-companies")
            .and_then(|o| o.part_of.as_deref()),
        Some("putilov-works")
    );
    // The article does not say the works supplied the Red Guard.
    assert!(!k.has_relation("putilov-works", "red-guard", "support"));
    // None of them existed before the Kornilov days.
    let july = period(&ds, "july-reaction");
    for id in [
        "workers-militia",
        "flying-brigades",
        "putilov-fighting-companies",
        "proletarian-artillery",
    ] {
        assert!(!july.contains(id), "{id} before 27 August");
    }
}

#[test]
fn soviet_organs_take_the_telegraph_and_telephones() {
    let ds = dataset();
    assert!(period(&ds, "kornilov").has_relation(
        "helsingfors-soviet-congress",
        "helsingfors-telegraph-telephone",
        "control"
    ));
    assert!(at(&ds, "1917-10-25").has_relation(
        "mrc",
        "petrograd-communication-centres",
        "control"
    ));
    assert!(!at(&ds, "1917-10-24").has_relation(
        "mrc",
        "petrograd-communication-centres",
        "control"
    ));
}

#[test]
fn employers_zimmerwaldians_and_the_workers_press_act_where_the_article_says() {
    let ds = dataset();
    let july = period(&ds, "july-reaction");
    assert!(conflict(&july, "employers", "petrograd-factory-committees"));
    assert!(conflict(&july, "employers", "moscow-factory-committees"));
    assert!(conflict(&july, "moscow-state-conference", "zimmerwaldians"));
    // Closures after July, sabotage in early October: nothing in between.
    assert!(!conflict(
        &at(&ds, "1917-09-15"),
        "employers",
        "petrograd-factory-committees"
    ));
    assert!(conflict(
        &at(&ds, "1917-10-05"),
        "employers",
        "petrograd-factory-committees"
    ));
    assert!(period(&ds, "kornilov").has_relation("workers-press", "red-guard", "support"));
}

#[test]
fn the_articles_stances_and_majorities_after_july() {
    let ds = dataset();
    let value = |snap: &Snapshot<'_>, id: &str, attribute: &str| {
        snap.state_value(ds.organisation(id).expect(id), attribute)
    };
    let july = period(&ds, "july-reaction");
    for party in ["mensheviks", "srs"] {
        assert_eq!(
            value(&july, party, "stance").as_deref(),
            Some("for-coalition")
        );
    }
    let renewal = period(&ds, "renewal");
    assert_eq!(
        value(&renewal, "bolsheviks", "stance").as_deref(),
        Some("for-soviet-power")
    );
    assert_eq!(
        value(&at(&ds, "1917-10-15"), "provincial-soviets", "majority").as_deref(),
        Some("bolshevik")
    );
}

#[test]
fn second_pass_readings_beyond_the_articles_words_are_marked() {
    let ds = dataset();
    for (from, to, kind, expected) in [
        (
            "workers-press",
            "red-guard",
            "support",
            Certainty::Uncertain,
        ),
        (
            "right-wing-gangs",
            "bolshevik-interim-papers",
            "conflict",
            Certainty::Probable,
        ),
        ("retch", "red-guard", "conflict", Certainty::Probable),
        (
            "kronstadt-sailors",
            "grassroots-joint-assemblies",
            "delegation",
            Certainty::Probable,
        ),
        (
            "kronstadt-soviet",
            "cossack-units",
            "conflict",
            Certainty::Certain,
        ),
    ] {
        assert_eq!(
            relation(&ds, from, to, kind).certainty,
            expected,
            "{from} -> {to}"
        );
    }
    assert_eq!(
        state(&ds, "provincial-soviets", "majority", "bolshevik").certainty,
        Certainty::Probable
    );
}

/// docs/dataset-1917.md, whose "At the time of writing" counts must be the
/// dataset's.
const DATASET_DOC: &str = include_str!("../docs/dataset-1917.md");

#[test]
fn the_dataset_doc_gives_the_datasets_counts() {
    let ds = dataset();
    let kind = |k: &str| ds.relations.iter().filter(|r| r.kind == k).count();
    let expected = format!(
        "At the time of writing: {} organisations, {} relations ({} delegation, {} \
         control, {} conflict, {} support), {} events of which {} carry vote counts, \
         {} periods, {} sources.",
        ds.organisations.len(),
        ds.relations.len(),
        kind("delegation"),
        kind("control"),
        kind("conflict"),
        kind("support"),
        ds.events.len(),
        ds.events.iter().filter(|e| e.votes.is_some()).count(),
        ds.periods.len(),
        ds.sources.len(),
    );
    let start = DATASET_DOC
        .find("At the time of writing:")
        .expect("a counts sentence");
    let sentence: String = DATASET_DOC[start..]
        .split_inclusive(". ")
        .next()
        .expect("one sentence")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(sentence.trim_end(), expected);
}

// --- corrections (issue 13.3–13.4) ---
//
// Read against the article statement by statement, the first pass had some
// relations the wrong way round, a ninth elector of the MRC, guessed
// identifications, wrong locators and details from other books under
// citations of the article alone. Each test below pins one correction.

use councils::model::{Certainty, Event, Organisation, Relation, State};

/// The section of the article that holds footnotes [7]-[14].
const BOLSHEVIKS_SECTION: &str = "The Bolsheviks inspire the response of the masses";

/// Whether `cite` points at the article's footnote marker `[footnote]`.
fn cites_article_at(cite: &[Citation], footnote: &str) -> bool {
    cite.iter()
        .any(|c| c.source == ARTICLE && c.footnote.as_deref() == Some(footnote))
}

/// Whether `cite` names a work other than the article.
fn cites_outside_work(cite: &[Citation]) -> bool {
    cite.iter().any(|c| c.source != ARTICLE)
}

/// The relation of `kind` from `from` to `to`; for a conflict either way round.
fn relation<'d>(ds: &'d Dataset, from: &str, to: &str, kind: &str) -> &'d Relation {
    ds.relations
        .iter()
        .find(|r| {
            r.kind == kind
                && ((r.from == from && r.to == to)
                    || (kind == "conflict" && r.from == to && r.to == from))
        })
        .unwrap_or_else(|| panic!("no {kind} relation {from} -> {to}"))
}

fn organisation<'d>(ds: &'d Dataset, id: &str) -> &'d Organisation {
    ds.organisation(id)
        .unwrap_or_else(|| panic!("no organisation {id}"))
}

fn event<'d>(ds: &'d Dataset, id: &str) -> &'d Event {
    ds.events
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn state<'d>(ds: &'d Dataset, org: &str, attribute: &str, value: &str) -> &'d State {
    organisation(ds, org)
        .states
        .iter()
        .find(|s| s.attribute == attribute && s.value == value)
        .unwrap_or_else(|| panic!("no state {org}.{attribute}={value}"))
}

#[test]
fn general_staff_acts_are_the_general_staffs_per_footnote_8() {
    let ds = dataset();
    // The period of [8]: after the July Days (Lenin: peaceful development was
    // possible "up to July 5", [10]) until Kerensky's break with Kornilov.
    let july = at(&ds, "1917-07-06/1917-08-26");
    // Lenin: the General Staff has seized real state power, with Kerensky's help.
    assert!(!july.has_relation("provisional-government", "stavka", "control"));
    for cabinet in ["first-coalition", "second-coalition"] {
        assert!(
            !july.has_relation(cabinet, "stavka", "control"),
            "{cabinet}"
        );
    }
    assert!(july.has_relation("stavka", "provisional-government", "control"));
    assert!(july.has_relation("kerensky", "stavka", "support"));
    // Before July the government still commands the high command.
    assert!(period(&ds, "dual-power").has_relation("provisional-government", "stavka", "control"));
    // Its acts: the front, the troops and workers of Petrograd and Moscow,
    // Nizhni-Novgorod, the Bolsheviks and their papers, the soviets.
    for target in [
        "front-29-regiments",
        "petrograd-garrison",
        "red-guard",
        "moscow-regimental-committees",
        "nizhni-novgorod-garrison",
        "bolsheviks",
        "petrograd-soviet",
    ] {
        assert!(conflict(&july, "stavka", target), "stavka - {target}");
        let r = relation(&ds, "stavka", target, "conflict");
        assert!(
            cites_article_at(&r.cite, "8"),
            "{} does not cite [8]",
            r.id()
        );
    }
    // Pravda was shut on 5 July, the day before that window.
    let pravda_shut = at(&ds, "1917-07-05");
    assert!(conflict(&pravda_shut, "stavka", "pravda"));
    assert!(!conflict(&pravda_shut, "first-coalition", "pravda"));
    assert!(cites_article_at(
        &relation(&ds, "stavka", "pravda", "conflict").cite,
        "8"
    ));
    // No act that [8] ascribes to the General Staff hangs on a cabinet.
    for r in ds.relations.iter().filter(|r| r.kind == "conflict") {
        if cites_article_at(&r.cite, "8") {
            assert!(
                r.from == "stavka" || r.to == "stavka",
                "{} cites [8] but is not the General Staff's",
                r.id()
            );
        }
    }
    let nizhni = event(&ds, "nizhni-novgorod-suppressed-1917-07");
    assert!(nizhni.organisations.iter().any(|o| o == "stavka"));
    assert!(
        !nizhni
            .organisations
            .iter()
            .any(|o| o == "provisional-government")
    );
}

#[test]
fn mrc_delegating_bodies_per_article_are_the_eight_of_footnote_47() {
    let ds = dataset();
    let per_article: BTreeSet<&str> = ds
        .relations
        .iter()
        .filter(|r| r.to == "mrc" && r.kind == "delegation" && cites_article_at(&r.cite, "47"))
        .map(|r| r.from.as_str())
        .collect();
    let expected: BTreeSet<&str> = MRC_ELECTORS.iter().copied().collect();
    assert_eq!(per_article, expected);
    assert_eq!(per_article.len(), 8);
    // The Left SRs' seat rests on an outside work, and on it alone.
    let left = relation(&ds, "left-srs", "mrc", "delegation");
    assert!(
        !left.cite.iter().any(|c| c.source == ARTICLE),
        "{:?}",
        left.cite
    );
    assert!(cites_outside_work(&left.cite));
    // The article's Left SR is the chair, under the article's name.
    assert!(cites_article_at(
        &state(&ds, "mrc", "chair", "Lazimir").cite,
        "47"
    ));
}

#[test]
fn the_articles_railway_union_is_not_vikzhel() {
    let ds = dataset();
    let union = relation(&ds, "railway-union", "mrc", "delegation");
    assert!(cites_article_at(&union.cite, "47"));
    assert!(
        !ds.relations
            .iter()
            .any(|r| (r.from == "vikzhel" && r.to == "mrc")
                || (r.from == "mrc" && r.to == "vikzhel")),
        "no cited source puts Vikzhel on the MRC"
    );
    let vikzhel = organisation(&ds, "vikzhel");
    assert!(
        !vikzhel.cite.iter().any(|c| c.source == ARTICLE),
        "{:?}",
        vikzhel.cite
    );
    let set_up = event(&ds, "mrc-set-up-1917-10-12");
    assert!(set_up.organisations.iter().any(|o| o == "railway-union"));
    assert!(!set_up.organisations.iter().any(|o| o == "vikzhel"));
}

#[test]
fn rodzianko_is_not_counted_among_the_kadets() {
    let ds = dataset();
    let backing = relation(&ds, "kadets", "kornilov", "support");
    assert!(cites_article_at(&backing.cite, "27"));
    for r in ds.relations_of("kadets") {
        let note = r.note.as_deref().unwrap_or_default();
        if note.contains("Rodzianko") {
            assert!(note.contains("Octobrist"), "{}: {note}", r.id());
        }
    }
}

#[test]
fn moscow_district_majorities_of_1_august_cite_footnote_22() {
    let ds = dataset();
    let bolshevik = state(&ds, "moscow-district-soviets", "majority", "bolshevik");
    let in_section = |f: &str| {
        bolshevik.cite.iter().any(|c| {
            c.section.as_deref() == Some("In mid-July, the masses are beginning to recover")
                && c.footnote.as_deref() == Some(f)
        })
    };
    assert!(in_section("22"));
    assert!(!in_section("25"));
}

#[test]
fn article_does_not_name_the_peasants_cec_or_tsentrobalt() {
    let ds = dataset();
    for id in ["peasants-cec", "tsentrobalt"] {
        let org = organisation(&ds, id);
        assert!(
            !org.cite.iter().any(|c| c.source == ARTICLE),
            "{id}: {:?}",
            org.cite
        );
        assert!(cites_outside_work(&org.cite), "{id}");
    }
}

#[test]
fn fall_of_riga_is_a_military_event_dated_from_trotsky() {
    let ds = dataset();
    let riga = event(&ds, "fall-of-riga-1917-08-21");
    assert_eq!(riga.kind, "military");
    assert!(
        !riga.summary.contains("classed as 'coup'"),
        "{}",
        riga.summary
    );
    let coups: Vec<&str> = ds
        .events
        .iter()
        .filter(|e| e.kind == "coup")
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(coups, ["kornilov-coup-1917-08-27"]);
    // The article says "in August"; the 19th-21st are Trotsky's.
    for cite in [
        &riga.cite,
        &relation(&ds, "kornilov", "twelfth-army", "conflict").cite,
        &organisation(&ds, "german-army").cite,
    ] {
        assert!(cites_article_at(cite, "46"));
        assert!(
            cite.iter().any(|c| c.source == "trotsky-history"),
            "{cite:?}"
        );
    }
}

#[test]
fn mrc_control_of_headquarters_from_22_october_cites_the_histories() {
    let ds = dataset();
    let control = relation(&ds, "mrc", "petrograd-military-district-hq", "control");
    assert_eq!(control.during.loose.start, Some(julian(10, 22)));
    assert!(cites_outside_work(&control.cite), "{:?}", control.cite);
    assert!(cites_outside_work(
        &organisation(&ds, "petrograd-military-district-hq").cite
    ));
}

#[test]
fn trotskys_arrest_on_23_july_cites_a_history() {
    let ds = dataset();
    let repression = relation(&ds, "second-coalition", "bolsheviks", "conflict");
    assert!(
        repression
            .note
            .as_deref()
            .unwrap_or_default()
            .contains("23 July")
    );
    assert!(
        repression
            .cite
            .iter()
            .any(|c| c.source == "rabinowitch-1976")
    );
    let arrests = event(&ds, "bolsheviks-slandered-and-arrested-1917-07");
    assert!(arrests.summary.contains("23 July"));
    assert!(arrests.cite.iter().any(|c| c.source == "rabinowitch-1976"));
}

#[test]
fn the_strike_towns_keep_the_articles_spelling() {
    let ds = dataset();
    let strike = event(&ds, "moscow-general-strike-1917-08-12");
    assert!(strike.summary.contains("Kostrava"), "{}", strike.summary);
    assert!(strike.summary.contains("Tsatarin"), "{}", strike.summary);
    assert!(
        strike.summary.contains("probably Kostroma"),
        "{}",
        strike.summary
    );
}

#[test]
fn the_provisional_governments_note_matches_its_cabinets() {
    let ds = dataset();
    let cabinets = ds
        .organisations
        .iter()
        .filter(|o| o.part_of.as_deref() == Some("provisional-government"))
        .count();
    assert_eq!(cabinets, 5);
    let pg = organisation(&ds, "provisional-government");
    assert!(!pg.note.as_deref().unwrap_or_default().contains("four"));
}

/// Elements whose notes carry dates, names or identifications the article
/// does not give: each must cite the work they come from.
#[test]
fn outside_details_cite_the_work_they_come_from() {
    let ds = dataset();
    let relations = [
        ("mrc", "fourth-coalition", "control"),
        ("kerensky", "directory", "control"),
        ("kerensky", "fourth-coalition", "control"),
        ("kerensky", "second-coalition", "control"),
        ("mensheviks", "second-coalition", "support"),
        ("srs", "second-coalition", "support"),
        ("cec", "fourth-coalition", "support"),
        ("petrograd-soviet", "democratic-conference", "delegation"),
        ("moscow-soviet", "democratic-conference", "delegation"),
        ("bolsheviks", "bolshevik-interim-papers", "control"),
        ("menshevik-internationalists", "petrograd-soviet", "support"),
        ("junker-units", "fourth-coalition", "support"),
        ("junker-units", "mrc", "conflict"),
        ("petrograd-soviet-ec", "izvestia", "control"),
        ("cec", "izvestia", "control"),
        ("first-coalition", "bolsheviks", "conflict"),
        ("provisional-government", "stavka", "control"),
    ];
    for (from, to, kind) in relations {
        let r = relation(&ds, from, to, kind);
        assert!(cites_outside_work(&r.cite), "{}: {:?}", r.id(), r.cite);
    }
    for id in [
        "provisional-government",
        "kadets",
        "srs",
        "left-srs",
        "anarchists",
        "menshevik-internationalists",
        "petrograd-soviet-presidium",
        "petrograd-soviet-bureau",
        "kronstadt-sailors",
        "baltic-fleet-soviet-delegates",
    ] {
        let org = organisation(&ds, id);
        assert!(cites_outside_work(&org.cite), "{id}: {:?}", org.cite);
    }
    for (org, attribute, value) in [
        ("mrc", "majority", "bolshevik-left-sr"),
        ("mrc", "stance", "insurgent"),
        ("petrograd-soviet", "stance", "insurgent"),
        ("petrograd-soviet-ec", "majority", "sr-menshevik"),
        ("petrograd-soviet-presidium", "majority", "sr-menshevik"),
        ("petrograd-soviet-bureau", "majority", "sr-menshevik"),
        ("kornilov", "stance", "against-soviet-power"),
    ] {
        let s = state(&ds, org, attribute, value);
        assert!(cites_outside_work(&s.cite), "{org}.{attribute}={value}");
    }
    assert!(cites_outside_work(
        &event(&ds, "fourth-coalition-formed-1917-09-25").cite
    ));
    // The July raid of the cadets is in Trotsky's second volume.
    assert!(organisation(&ds, "junker-units").cite.iter().any(|c| {
        c.locator.as_deref() == Some("vol. 2, ch. 'The July Days: Culmination and Rout'")
    }));
    // Lenin's own attribution stays on the article's section for [8].
    let staff = relation(&ds, "stavka", "provisional-government", "control");
    assert!(
        staff
            .cite
            .iter()
            .any(|c| c.section.as_deref() == Some(BOLSHEVIKS_SECTION))
    );
}

/// The phrases by which a note or summary owns up to a reading of ours.
const OUR_READING: &[&str] = &["our reading", "taken here", "taken to be"];

fn says_it_is_our_reading(text: &str) -> bool {
    OUR_READING.iter().any(|p| text.contains(p))
}

/// A guessed identification is marked in data, not only in prose: an element
/// is below `certain` exactly when its note or summary says why.
#[test]
fn guessed_identifications_carry_their_certainty_in_data() {
    let ds = dataset();
    let mut elements: Vec<(String, Certainty, &str)> = Vec::new();
    for o in &ds.organisations {
        elements.push((
            o.id.clone(),
            o.certainty,
            o.note.as_deref().unwrap_or_default(),
        ));
        for st in &o.states {
            let what = format!("{}.{}={}", o.id, st.attribute, st.value);
            elements.push((what, st.certainty, st.note.as_deref().unwrap_or_default()));
        }
    }
    for r in &ds.relations {
        elements.push((
            r.id().into_owned(),
            r.certainty,
            r.note.as_deref().unwrap_or_default(),
        ));
    }
    for e in &ds.events {
        elements.push((e.id.clone(), e.certainty, e.summary.as_str()));
    }
    let mut problems = Vec::new();
    for (what, certainty, text) in &elements {
        match (
            *certainty == Certainty::Certain,
            says_it_is_our_reading(text),
        ) {
            (true, true) => problems.push(format!("{what}: a reading of ours marked certain")),
            (false, false) => problems.push(format!("{what}: {certainty:?} without saying why")),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The identifications the second pass found, each marked probable.
    for (from, to, kind) in [
        ("stavka", "nizhni-novgorod-garrison", "conflict"),
        ("stavka", "moscow-regimental-committees", "conflict"),
        ("moscow-soviet", "cec", "conflict"),
        ("kornilov", "twelfth-army", "conflict"),
        (
            "sestroretsk-arms-factory",
            "bolshevik-interim-papers",
            "support",
        ),
        ("tsentrobalt", "helsingfors-soviet-congress", "delegation"),
        ("tsentrobalt", "finland-soviets-conference", "delegation"),
        ("left-srs", "mrc", "delegation"),
    ] {
        let r = relation(&ds, from, to, kind);
        assert_eq!(r.certainty, Certainty::Probable, "{}", r.id());
    }
    assert_eq!(
        organisation(&ds, "nizhni-novgorod-garrison").certainty,
        Certainty::Probable
    );
    // The districts' "workers' militia" has its own node now; that they
    // directed the Red Guard is a guess, and a probable garrison teaches it.
    assert_eq!(
        relation(&ds, "inter-district-conference", "red-guard", "control").certainty,
        Certainty::Uncertain
    );
    assert_eq!(
        relation(&ds, "petrograd-garrison", "red-guard", "support").certainty,
        Certainty::Probable
    );
    // What the article states plainly stays certain.
    for body in MRC_ELECTORS {
        assert_eq!(
            relation(&ds, body, "mrc", "delegation").certainty,
            Certainty::Certain
        );
    }
}

/// An event resting on the article alone lists only the bodies the article
/// names there; a guessed identification lives in a probable relation.
#[test]
fn article_events_do_not_list_guessed_bodies() {
    let ds = dataset();
    for (id, guessed) in [
        ("helsingfors-commissars-1917-08-28", "tsentrobalt"),
        ("finland-soviets-vote-1917-09-02", "tsentrobalt"),
        ("moscow-soviet-no-confidence-1917-09-05", "cec"),
        (
            "sestroretsk-assembly-1917-07-20",
            "bolshevik-interim-papers",
        ),
        ("district-soviets-take-over-1917-08-28", "red-guard"),
        (
            "modern-circus-meetings-1917-10",
            "petrograd-side-district-soviet",
        ),
    ] {
        let e = event(&ds, id);
        assert!(!cites_outside_work(&e.cite), "{id} cites another work");
        assert!(
            !e.organisations.iter().any(|o| o == guessed),
            "{id} lists {guessed}, which the article does not name there"
        );
    }
}
