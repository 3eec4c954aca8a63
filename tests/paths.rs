//! Paths and reachability (`councils::temporal`, `councils path`,
//! `councils reach`):
//!
//! * the earliest-arrival kernel equals a brute-force search over every
//!   (organisation, day) a time-respecting walk can stand on, for every
//!   source of random temporal graphs, with crossings of 0 and 1 day; the
//!   latest-departure search equals trying every departure day; every path
//!   returned is time-respecting and arrives when reported;
//! * cases from 1917 a historian can check by hand against the dataset;
//! * the CLI: output, errors, formats.

mod common;

use std::collections::VecDeque;

use common::random::random_dataset;
use common::{councils, fixture};
use councils::measure::Counting;
use councils::slice::Filter;
use councils::temporal::reach::{Arc, Arrival, Stream, earliest_arrival, latest_departure, trace};
use councils::temporal::{Direction, TemporalGraph};
use councils::time::{Calendar, Day, Span, parse_cli_date};
use proptest::prelude::*;

/// Earliest day each node can be stood on, by visiting every state
/// `(node, day)` reachable from `(source, start)`: from `(u, t)` an arc
/// `u -> v` active on `d >= t` leads to `(v, d + step)` if before `horizon`.
fn brute_earliest(
    n: usize,
    arcs: &[Arc],
    source: u32,
    start: i32,
    horizon: i32,
    step: i32,
) -> Vec<Option<i32>> {
    let mut seen = vec![vec![false; horizon.max(0) as usize]; n];
    let mut best = vec![None; n];
    if start >= horizon {
        return best;
    }
    let mut queue = VecDeque::from([(source, start)]);
    seen[source as usize][start as usize] = true;
    while let Some((u, t)) = queue.pop_front() {
        let b: &mut Option<i32> = &mut best[u as usize];
        *b = Some(b.map_or(t, |b| b.min(t)));
        for a in arcs.iter().filter(|a| a.from == u) {
            for d in t.max(a.start)..a.end {
                let day = d + step;
                if day < horizon && !seen[a.to as usize][day as usize] {
                    seen[a.to as usize][day as usize] = true;
                    queue.push_back((a.to, day));
                }
            }
        }
    }
    best
}

fn arcs_strategy() -> impl Strategy<Value = (usize, Vec<Arc>)> {
    (2usize..8).prop_flat_map(|n| {
        let arc =
            (0..n as u32, 0..n as u32, 0i32..12, 0i32..5).prop_map(|(from, to, start, len)| Arc {
                from,
                to,
                start,
                end: start + len,
            });
        (Just(n), prop::collection::vec(arc, 0..20))
    })
}

/// The path `trace` gives to `v` is time-respecting: each arc goes from
/// where the message is, is active on the day it is crossed, that day is
/// not before the message got there, and the last arrival is `v`'s day.
fn check_path(arcs: &[Arc], found: &[Option<Arrival>], source: u32, v: u32, start: i32, step: i32) {
    let path = trace(found, v).expect("reached");
    let (mut at, mut day) = (source, start);
    for (to, arc) in path {
        let a = arcs[arc as usize];
        assert_eq!(
            (a.from, a.to),
            (at, to),
            "arc {arc} does not continue the path"
        );
        let crossed = found[to as usize].unwrap().day - step;
        assert!(
            crossed >= day && a.start <= crossed && crossed < a.end,
            "arc {arc} crossed on day {crossed}"
        );
        (at, day) = (to, crossed + step);
    }
    assert_eq!((at, day), (v, found[v as usize].unwrap().day));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn earliest_arrival_equals_brute_force((n, arcs) in arcs_strategy(), start in 0i32..6, step in 0i32..2) {
        let horizon = 16;
        let stream = Stream::new(n, &arcs);
        for source in 0..n as u32 {
            let found = earliest_arrival(&stream, source, start, horizon, step);
            let days: Vec<Option<i32>> = found.iter().map(|a| a.map(|a| a.day)).collect();
            prop_assert_eq!(&days, &brute_earliest(n, &arcs, source, start, horizon, step), "source {}", source);
            for v in 0..n as u32 {
                if found[v as usize].is_some() {
                    check_path(&arcs, &found, source, v, start, step);
                }
            }
        }
    }

    #[test]
    fn latest_departure_equals_trying_every_day((n, arcs) in arcs_strategy(), step in 0i32..2) {
        let horizon = 16;
        for target in 0..n as u32 {
            let found = latest_departure(n, &arcs, target, horizon, step);
            for (x, latest) in found.iter().enumerate() {
                let expected = (0..horizon)
                    .rev()
                    .find(|&t| brute_earliest(n, &arcs, x as u32, t, horizon, step)[target as usize].is_some());
                prop_assert_eq!(latest.map(|a| a.day), expected, "from {} to {}", x, target);
            }
        }
    }
}

// --- 1917, by hand -------------------------------------------------------

fn os(date: &str) -> Day {
    parse_cli_date(date, Calendar::Julian)
        .unwrap()
        .loose
        .start
        .unwrap()
}

fn window(from: &str, to: &str) -> Span {
    Span::new(Some(os(from)), Some(os(to).next()))
}

/// The 1917 graph over the window, counting the flow kinds (delegation and
/// control), crossings taking no time.
fn graph_1917<'d>(dataset: &'d councils::Dataset, from: &str, to: &str) -> TemporalGraph<'d> {
    TemporalGraph::new(
        dataset,
        window(from, to),
        Filter::default(),
        &Counting::default_for(dataset),
        0,
    )
    .unwrap()
}

/// A call from the Putilov works in October reaches the Military
/// Revolutionary Committee on 12 October O.S. and not before: the MRC
/// exists from that day (`mrc` is dated `1917-10-12/..`, its statute
/// adopted then) and every relation into it starts then, while the works
/// already reach a body that delegates to it (the works delegate to the
/// Peterhof district soviet, which delegates to the inter-district
/// conference, which directs the Red Guard, which sends delegates to the
/// MRC: four steps, the first three active since the spring and summer).
#[test]
fn putilov_works_reach_the_mrc_the_day_it_is_founded() {
    let dataset = councils::load_embedded().unwrap();
    let graph = graph_1917(&dataset, "1917-10-01", "1917-10-25");
    let hops = graph
        .earliest_path("putilov-works", "mrc")
        .unwrap()
        .unwrap();
    let steps: Vec<(&str, &str, &str)> = hops
        .iter()
        .map(|h| {
            (
                h.from.id.as_str(),
                h.to.id.as_str(),
                h.relation.kind.as_str(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("putilov-works", "peterhof-district-soviet", "delegation"),
            (
                "peterhof-district-soviet",
                "inter-district-conference",
                "delegation"
            ),
            ("inter-district-conference", "red-guard", "control"),
            ("red-guard", "mrc", "delegation"),
        ]
    );
    let days: Vec<String> = hops
        .iter()
        .map(|h| h.arrive.iso(Calendar::Julian))
        .collect();
    assert_eq!(
        days,
        ["1917-10-01", "1917-10-01", "1917-10-01", "1917-10-12"]
    );
}

/// Before 12 October there is no MRC to reach: asking for a window that
/// ends on the 11th names the reason instead of inventing a path.
#[test]
fn no_path_to_the_mrc_before_it_exists() {
    let dataset = councils::load_embedded().unwrap();
    let graph = graph_1917(&dataset, "1917-10-01", "1917-10-11");
    let err = graph
        .earliest_path("putilov-works", "mrc")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("`mrc`")
            && err.contains(
                "not active in the window 1917-10-01 / 1917-10-14 – 1917-10-11 / 1917-10-24"
            ),
        "{err}"
    );
}

/// Up from the MRC: the bodies whose delegations into it (or into a body
/// that delegates to it) run to the 26th could send as late as the 25th,
/// the window's last day. The Petrograd Military District headquarters
/// reach it only by commanding the garrison, which delegates to the
/// Petrograd Soviet, which delegates to the MRC; the dataset ends that
/// command on 21 October (the garrison turns to the MRC), so the 21st is
/// the last day a message from headquarters could get there.
#[test]
fn who_could_reach_the_mrc_by_the_25th() {
    let dataset = councils::load_embedded().unwrap();
    let graph = graph_1917(&dataset, "1917-10-01", "1917-10-25");
    let up = graph.reach("mrc", Direction::Up).unwrap();
    let day = |id: &str| {
        up.iter()
            .find(|r| r.organisation.id == id)
            .map(|r| r.day.iso(Calendar::Julian))
    };
    assert_eq!(day("red-guard").as_deref(), Some("1917-10-25"));
    assert_eq!(day("putilov-works").as_deref(), Some("1917-10-25"));
    assert_eq!(day("vyborg-district-soviet").as_deref(), Some("1917-10-25"));
    assert_eq!(
        day("petrograd-military-district-hq").as_deref(),
        Some("1917-10-21")
    );
    let hq = up
        .iter()
        .find(|r| r.organisation.id == "petrograd-military-district-hq")
        .unwrap();
    assert_eq!(hq.hop.depart.iso(Calendar::Julian), "1917-10-21");
    // Each entry's hop leads to the next one on the way.
    let mut way = vec![];
    let mut at = hq;
    while at.hop.to.id != "mrc" {
        way.push(at.hop.to.id.as_str());
        at = up
            .iter()
            .find(|r| r.organisation.id == at.hop.to.id)
            .unwrap();
        assert!(at.day >= hq.hop.arrive);
    }
    assert_eq!(way, ["petrograd-garrison", "petrograd-soviet"]);
    assert_eq!(hq.steps, 3);
    // Sorted by day then id; the MRC itself is not listed.
    assert!(
        up.windows(2)
            .all(|w| (w[0].day, &w[0].organisation.id) <= (w[1].day, &w[1].organisation.id))
    );
    assert!(up.iter().all(|r| r.organisation.id != "mrc"));
}

// --- the CLI ---------------------------------------------------------------

#[test]
fn path_temporal_prints_each_step_with_its_days() {
    let (code, out, err) = councils(&[
        "--wide",
        "--calendar",
        "os",
        "path",
        "putilov-works",
        "mrc",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
        "--temporal",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("# earliest arrival at mrc: 1917-10-12 (4 steps), starting at putilov-works on 1917-10-01"), "{out}");
    let last = out.lines().last().unwrap();
    let cells: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "4",
            "red-guard",
            "mrc",
            "red-guard->mrc:delegation",
            "delegation",
            "1917-10-12",
            "–",
            "1917-10-26",
            "1917-10-12",
            "1917-10-12"
        ]
    );
}

#[test]
fn path_temporal_json_gives_days_in_both_calendars() {
    let (code, out, err) = councils(&[
        "path",
        "putilov-works",
        "mrc",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
        "--temporal",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["arrival"]["os"], "1917-10-12");
    assert_eq!(v["arrival"]["ns"], "1917-10-25");
    assert_eq!(v["steps"].as_array().unwrap().len(), 4);
    assert_eq!(v["steps"][0]["relation"]["kind"], "delegation");
}

/// One crossing a day: the four steps take four days from the 1st, but
/// the last relation opens only on the 12th, so the arrival is the 13th.
#[test]
fn crossing_days_delay_each_step() {
    let (code, out, err) = councils(&[
        "--calendar",
        "os",
        "path",
        "putilov-works",
        "mrc",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
        "--temporal",
        "--crossing-days",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["arrival"]["os"], "1917-10-13");
    let crossed: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["crossed"]["os"].as_str().unwrap())
        .collect();
    assert_eq!(
        crossed,
        ["1917-10-01", "1917-10-02", "1917-10-03", "1917-10-12"]
    );
}

#[test]
fn path_in_a_slice_lists_the_relations_of_each_step() {
    let (code, out, err) = councils(&[
        "--wide",
        "--calendar",
        "os",
        "path",
        "putilov-works",
        "mrc",
        "--at",
        "1917-10-24",
        "--all",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("# 1 shortest path of 4 steps from putilov-works to mrc (all of them)"),
        "{out}"
    );
    assert!(out.contains("1     3     inter-district-conference  red-guard                  inter-district-conference->red-guard:control"), "{out}");
}

/// Counting conflict (a symmetric kind) lets a path run against the
/// direction a conflict is written in.
#[test]
fn symmetric_kinds_count_both_ways() {
    let (code, out, err) = councils(&[
        "path",
        "mrc",
        "fourth-coalition",
        "--at",
        "1917-10-24",
        "--relations",
        "conflict",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    // Written `fourth-coalition -> mrc`, crossed mrc -> fourth-coalition.
    assert_eq!(
        out.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .take(6)
            .collect::<Vec<_>>(),
        [
            "1",
            "1",
            "mrc",
            "fourth-coalition",
            "fourth-coalition->mrc:conflict",
            "conflict"
        ]
    );
}

/// The factory committees reach the MRC in two steps three ways in the
/// October slice: through the factory committee conference, the Petrograd
/// Soviet and the Red Guard, each of which delegates to it. Listed in id
/// order of the nodes; `--limit 2` keeps the first two and says so.
#[test]
fn all_shortest_paths_say_when_capped() {
    let args = [
        "--calendar",
        "os",
        "path",
        "petrograd-factory-committees",
        "mrc",
        "--at",
        "1917-10-24",
        "--all",
        "--format",
        "csv",
    ];
    let (code, all, err) = councils(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "# 3 shortest paths of 2 steps from petrograd-factory-committees to mrc (all of them)"
        ),
        "{err}"
    );
    let middles: Vec<&str> = all
        .lines()
        .skip(1)
        .filter(|l| l.contains(",2,"))
        .map(|l| l.split(',').nth(2).unwrap())
        .collect();
    assert_eq!(
        middles,
        ["petrograd-fzk-conference", "petrograd-soviet", "red-guard"]
    );
    let (code, capped, err) = councils(&[&args[..], &["--limit", "2"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("# 2 shortest paths of 2 steps from petrograd-factory-committees to mrc (capped at --limit 2: there are more)"), "{err}");
    assert_eq!(capped.lines().count(), 1 + 4);
    let (_, one, err) = councils(&[
        "path",
        "petrograd-factory-committees",
        "mrc",
        "--at",
        "1917-10-24",
        "--format",
        "csv",
    ]);
    assert!(err.contains("# 1 shortest path of 2 steps from petrograd-factory-committees to mrc (one of several; --all lists them)"), "{one}{err}");
}

#[test]
fn a_limit_of_zero_is_refused() {
    let (code, _, err) = councils(&[
        "path",
        "putilov-works",
        "mrc",
        "--at",
        "1917-10-24",
        "--all",
        "--limit",
        "0",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--limit"), "{err}");
}

#[test]
fn unknown_organisations_get_a_did_you_mean() {
    let (code, _, err) = councils(&["path", "putilov-work", "mrc", "--at", "1917-10-24"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("putilov-work") && err.contains("putilov-works"),
        "{err}"
    );
    let (code, _, err) = councils(&["reach", "mrk", "--from", "1917-10-01", "--to", "1917-10-25"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `mrc`"), "{err}");
}

#[test]
fn from_and_to_need_temporal() {
    let (code, _, err) = councils(&[
        "path",
        "putilov-works",
        "mrc",
        "--at",
        "1917-10-24",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("add --temporal"), "{err}");
}

#[test]
fn reach_lists_by_day_then_id() {
    let (code, out, err) = councils(&[
        "--calendar",
        "os",
        "reach",
        "putilov-works",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(
        rows[0],
        [
            "1917-10-01",
            "inter-district-conference",
            "Inter-district Conference of Petrograd District Soviets",
            "2",
            "peterhof-district-soviet"
        ]
    );
    let mrc = rows.iter().find(|r| r[1] == "mrc").unwrap();
    assert_eq!((mrc[0], mrc[3], mrc[4]), ("1917-10-12", "4", "red-guard"));
    // docs/measures.md's worked example: no delegation from the works to
    // the Petrograd Soviet, reached only through the MRC and the garrison.
    let soviet = rows.iter().find(|r| r[1] == "petrograd-soviet").unwrap();
    assert_eq!(
        (soviet[0], soviet[3], soviet[4]),
        ("1917-10-21", "6", "petrograd-garrison")
    );
    let keys: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// The mini fixture: the district soviet delegates to the city soviet
/// until 30 June, the city soviet controls it from 1 July; the factory
/// committee delegates to the district soviet in April-May. Up from the
/// city soviet over March-September: the factory committee's last day is
/// 31 May (its delegation ends then, and the district soviet's goes on).
#[test]
fn reach_up_on_the_mini_fixture() {
    let mini = fixture("mini");
    let (code, out, err) = councils(&[
        "--data",
        mini.to_str().unwrap(),
        "--calendar",
        "os",
        "reach",
        "city-soviet",
        "--from",
        "1917-03-01",
        "--to",
        "1917-09-30",
        "--direction",
        "up",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "latest,id,name,steps,next\n1917-05-31,factory-committee,Factory committee,2,district-soviet\n1917-06-30,district-soviet,District Soviet,1,city-soviet\n"
    );
}

/// The works' delegation to the Peterhof district soviet is dated
/// `1917-03/1917-10-26`: loosely it may carry from 1 March, strictly only
/// from 31 March, the last day March could mean.
#[test]
fn the_reading_decides_when_an_imprecise_relation_carries() {
    let first_day = |reading: &str| {
        let (code, out, err) = councils(&[
            "--calendar",
            "os",
            "--dates",
            reading,
            "path",
            "putilov-works",
            "peterhof-district-soviet",
            "--from",
            "1917-03-01",
            "--to",
            "1917-04-30",
            "--temporal",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["arrival"]["os"].as_str().unwrap().to_string()
    };
    assert_eq!(first_day("loose"), "1917-03-01");
    assert_eq!(first_day("strict"), "1917-03-31");
}

#[test]
fn throughout_is_refused_over_time() {
    let (code, _, err) = councils(&[
        "reach",
        "mrc",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
        "--throughout",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--throughout: paths over time use each relation on the days it was active"),
        "{err}"
    );
}

#[test]
fn a_window_that_ends_before_it_starts_is_refused() {
    let (code, _, err) = councils(&["reach", "mrc", "--from", "1917-10-25", "--to", "1917-10-01"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--to 1917-10-01 is before --from 1917-10-25"),
        "{err}"
    );
}

/// JSON lists each organisation once, with the step next to it: following
/// `hop.from` back from the MRC gives the whole way from the works.
#[test]
fn reach_json_chains_back_to_the_origin() {
    let (code, out, err) = councils(&[
        "reach",
        "putilov-works",
        "--from",
        "1917-10-01",
        "--to",
        "1917-10-25",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let reached = v["reached"].as_array().unwrap();
    let entry = |id: &str| reached.iter().find(|r| r["id"] == id).unwrap();
    let mut way = vec!["mrc".to_string()];
    while way[0] != "putilov-works" {
        let e = entry(&way[0]);
        assert_eq!(e["hop"]["to"], way[0].as_str());
        way.insert(0, e["hop"]["from"].as_str().unwrap().to_string());
    }
    assert_eq!(
        way,
        [
            "putilov-works",
            "peterhof-district-soviet",
            "inter-district-conference",
            "red-guard",
            "mrc"
        ]
    );
    assert_eq!(entry("mrc")["steps"], 4);
    assert_eq!(entry("mrc")["day"]["os"], "1917-10-12");
    assert_eq!(
        entry("mrc")["hop"]["relation"]["id"],
        "red-guard->mrc:delegation"
    );
}

// --- whole datasets against a day-by-day search ---------------------------

/// Day by day: the days in `[first, last]` a message from `origin`
/// standing there on `start` can stand at each organisation, with
/// crossings of no time: a relation of a counted kind carries on day `d`
/// if `d` is in its span and in both organisations' spans (under
/// `reading`); symmetric kinds carry both ways. Returns the earliest day
/// per organisation id.
fn day_by_day(
    dataset: &councils::Dataset,
    kinds: &[&str],
    reading: councils::time::Reading,
    origin: &str,
    start: Day,
    last: Day,
) -> std::collections::BTreeMap<String, Day> {
    let org_span = |id: &str| dataset.organisation(id).unwrap().during.span(reading);
    let mut best = std::collections::BTreeMap::new();
    let mut queue = VecDeque::from([(origin.to_string(), start)]);
    let mut seen = std::collections::BTreeSet::from([(origin.to_string(), start)]);
    while let Some((u, t)) = queue.pop_front() {
        let e = best.entry(u.clone()).or_insert(t);
        *e = (*e).min(t);
        for r in dataset
            .relations
            .iter()
            .filter(|r| kinds.contains(&r.kind.as_str()))
        {
            let symmetric = r.kind == "conflict";
            let to = if r.from == u {
                r.to.clone()
            } else if symmetric && r.to == u {
                r.from.clone()
            } else {
                continue;
            };
            let mut d = t;
            while d <= last {
                let carries = r.during.span(reading).contains_day(d)
                    && org_span(&r.from).contains_day(d)
                    && org_span(&r.to).contains_day(d);
                if carries && seen.insert((to.to_string(), d)) {
                    queue.push_back((to.to_string(), d));
                }
                d = d.next();
            }
        }
    }
    best
}

/// `reach` down equals the day-by-day search, and `reach` up gives for
/// each organisation the latest day from which the day-by-day search
/// still gets to the target, on seeded random datasets, both readings,
/// with and without a symmetric kind.
#[test]
fn reach_on_random_datasets_equals_a_day_by_day_search() {
    use councils::time::Reading;
    let first = ns_day("1917-01-05");
    let last = ns_day("1917-03-10");
    let mut total = 0;
    for seed in 0..24 {
        let dataset = random_dataset(seed);
        for reading in [Reading::Loose, Reading::Strict] {
            for kinds in [
                &["delegation", "control"][..],
                &["delegation", "control", "conflict"][..],
            ] {
                let counting = Counting {
                    kinds: kinds.iter().map(|k| k.to_string()).collect(),
                    weighted: false,
                };
                let filter = Filter {
                    reading,
                    ..Filter::default()
                };
                let graph = TemporalGraph::new(
                    &dataset,
                    Span::new(Some(first), Some(last.next())),
                    filter,
                    &counting,
                    0,
                )
                .unwrap();
                for org in &dataset.organisations {
                    let Ok(down) = graph.reach(&org.id, Direction::Down) else {
                        assert!(
                            !org.during
                                .span(reading)
                                .overlaps(&Span::new(Some(first), Some(last.next())))
                        );
                        continue;
                    };
                    let got: std::collections::BTreeMap<String, Day> = down
                        .iter()
                        .map(|r| (r.organisation.id.clone(), r.day))
                        .collect();
                    let mut expected = day_by_day(&dataset, kinds, reading, &org.id, first, last);
                    expected.remove(&org.id);
                    total += got.len();
                    assert_eq!(
                        got, expected,
                        "seed {seed}, {reading:?}, {kinds:?}, from {}",
                        org.id
                    );

                    let up = graph.reach(&org.id, Direction::Up).unwrap();
                    for other in &dataset.organisations {
                        if other.id == org.id || graph.node(&other.id).is_err() {
                            continue;
                        }
                        let mut latest = None;
                        let mut t = first;
                        while t <= last {
                            if day_by_day(&dataset, kinds, reading, &other.id, t, last)
                                .contains_key(&org.id)
                            {
                                latest = Some(t);
                            }
                            t = t.next();
                        }
                        let got = up
                            .iter()
                            .find(|r| r.organisation.id == other.id)
                            .map(|r| r.day);
                        assert_eq!(
                            got, latest,
                            "seed {seed}, {reading:?}, {kinds:?}, {} up to {}",
                            other.id, org.id
                        );
                    }
                }
            }
        }
    }
    // Not vacuous: messages do travel in these datasets.
    assert!(total > 100, "only {total} organisations reached");
}

fn ns_day(date: &str) -> Day {
    parse_cli_date(date, Calendar::Gregorian)
        .unwrap()
        .loose
        .start
        .unwrap()
}

/// Authority does not flow from the MRC back down to the works through
/// delegation and control in the dataset: no path is an answer, not an
/// error, in a slice and over time.
#[test]
fn no_path_is_an_answer() {
    let (code, out, err) = councils(&[
        "path",
        "mrc",
        "putilov-works",
        "--at",
        "1917-10-24",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["length"].is_null(), v["paths"].as_array().unwrap().len()),
        (true, 0)
    );
    let (code, out, err) = councils(&[
        "path",
        "mrc",
        "putilov-works",
        "--from",
        "1917-10-12",
        "--to",
        "1917-10-25",
        "--temporal",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("# no time-respecting path from mrc to putilov-works in the window\n"),
        "{out}"
    );
}
