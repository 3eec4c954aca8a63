//! Regular steps, rolling windows and temporal summaries
//! (`councils::temporal::steps`, `councils::temporal::summary`,
//! `--every` on `centrality` and `stats`):
//!
//! * a step's figures are those of a one-off slice over its days
//!   (`--at`, `--period`): one slicing path, not two;
//! * the temporal summaries equal a day-by-day count on seeded random
//!   datasets, both readings, with and without a symmetric kind, and on a
//!   one-day window the temporal density is the slice's density;
//! * 1917 values checked by hand against the data files, a Gregorian
//!   dataset, errors and formats.

mod common;

use common::random::random_dataset;
use common::{councils, fixture};
use councils::measure::{Counting, MeasureGraph, stats};
use councils::slice::{Filter, Snapshot};
use councils::temporal::steps::{Length, Step, Stepping};
use councils::temporal::summary::{Durations, Summary, summarise};
use councils::time::{Calendar, Day, Reading, Span, parse_cli_date};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let (code, stdout, stderr) = councils(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// `measure` of one slice (JSON of `centrality`) as (id, value, rank).
fn ranking(slice: &Value, measure: &str) -> Vec<(String, f64, u64)> {
    slice["measures"][measure]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["value"].as_f64().unwrap(),
                r["rank"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// The command: monthly betweenness over 1917, top 5. The steps
/// are the Julian months from the dataset's first day (23 February) to
/// its last (26 October), and October's head is the MRC.
#[test]
fn monthly_betweenness_over_1917_top_5() {
    let (code, stdout, stderr) = councils(&[
        "centrality",
        "--every",
        "month",
        "--measure",
        "betweenness",
        "--top",
        "5",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with(
            "# 9 steps of 1 month (calendar months of the Julian calendar), each sliced over its own days from\n# 1917-02-23 / 1917-03-08 to 1917-10-26 / 1917-11-08;"
        ),
        "{stdout}"
    );
    let october: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("1917-10 "))
        .collect();
    assert_eq!(october.len(), 5, "{stdout}");
    assert!(
        october[0].starts_with("1917-10  1     mrc ") && october[0].ends_with("0.0436"),
        "{}",
        october[0]
    );
    // No body tied for last (betweenness 0) is listed as a top body.
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("1917-") && l.ends_with(" 0")),
        "{stdout}"
    );
    let data = json(&[
        "centrality",
        "--every",
        "month",
        "--measure",
        "betweenness",
        "--top",
        "5",
        "--format",
        "json",
    ]);
    let steps = data["steps"].as_array().unwrap();
    let labels: Vec<&str> = steps.iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        [
            "1917-02", "1917-03", "1917-04", "1917-05", "1917-06", "1917-07", "1917-08", "1917-09",
            "1917-10"
        ]
    );
    assert_eq!(steps[0]["start"], "1917-02-23");
    assert_eq!(steps[0]["end"], "1917-02-28");
    assert_eq!(steps[8]["start"], "1917-10-01");
    assert_eq!(steps[8]["end"], "1917-10-26");
    assert_eq!(data["calendar"], "julian");
}

/// Consistency: every step's full ranking equals the one-off slice of
/// its month (`--at 1917-MM`), value for value and rank for rank.
#[test]
fn each_month_step_equals_the_slice_of_that_month() {
    let steps = json(&[
        "centrality",
        "--every",
        "month",
        "--from",
        "1917-03",
        "--measure",
        "betweenness,pagerank",
        "--format",
        "json",
    ]);
    let steps = steps["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 8);
    for step in steps {
        let month = step["step"].as_str().unwrap();
        let slice = json(&[
            "centrality",
            "--at",
            month,
            "--measure",
            "betweenness,pagerank",
            "--format",
            "json",
        ]);
        let slice = &slice["slices"][0];
        for m in ["betweenness", "pagerank"] {
            assert_eq!(ranking(step, m), ranking(slice, m), "{month} {m}");
        }
        assert_eq!(step["organisations"], slice["organisations"], "{month}");
        assert_eq!(step["arcs"], slice["arcs"], "{month}");
    }
}

/// A rolling window of two months ending with October is the slice of
/// September and October (ending with a step cut on the 26th, it would
/// start on 27 August), and a 17-day step from 10 October is the
/// insurrection period: steps cut the same slices `--at` and `--period`
/// do.
#[test]
fn windows_and_steps_equal_the_slices_of_their_days() {
    let rolled = json(&[
        "centrality",
        "--every",
        "month",
        "--window",
        "2m",
        "--from",
        "1917-10",
        "--to",
        "1917-10-31",
        "--measure",
        "degree",
        "--format",
        "json",
    ]);
    let step = &rolled["steps"][0];
    assert_eq!(step["window_start"], "1917-09-01");
    assert_eq!(step["window_end"], "1917-10-31");
    let slice = json(&[
        "centrality",
        "--at",
        "1917-09-01/1917-10-31",
        "--measure",
        "degree",
        "--format",
        "json",
    ]);
    assert_eq!(
        ranking(step, "degree"),
        ranking(&slice["slices"][0], "degree")
    );
    let stepped = json(&[
        "stats",
        "--every",
        "17d",
        "--from",
        "1917-10-10",
        "--to",
        "1917-10-26",
        "--format",
        "json",
    ]);
    assert_eq!(stepped["steps"].as_array().unwrap().len(), 1);
    let period = json(&["stats", "--period", "insurrection", "--format", "json"]);
    assert_eq!(stepped["steps"][0]["figures"], period["slices"][0]["stats"]);
}

/// More than 1000 steps is refused with the count and what to do; flags
/// that only mean something with --every say so.
#[test]
fn step_limits_and_misplaced_flags_are_errors() {
    let (code, _, stderr) = councils(&[
        "centrality",
        "--every",
        "day",
        "--from",
        "1915-01-01",
        "--to",
        "1918-01-01",
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --every `day`: 1097 steps of 1 day from 1915-01-01 to 1918-01-01: more than 1000 (take longer steps or a shorter range)\n"
    );
    let (code, _, stderr) = councils(&["centrality", "--period", "renewal", "--from", "1917-10"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--from applies to regular steps: add --every"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&["stats", "--at", "1917-10", "--temporal"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--temporal summarises regular steps"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&["stats", "--every", "0d"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("length `0d`: a length must be at least 1"),
        "{stderr}"
    );
    // Regression: a step of a million days from near the end of the
    // calendar overflowed chrono's date (a panic).
    let (code, stdout, stderr) = councils(&[
        "stats", "--every", "1000000d", "--from", "Y262000", "--to", "Y262100", "--format", "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("262000-01-01,262000-01-01,262100-12-31,"),
        "{stdout}"
    );
    let (code, _, stderr) = councils(&["stats", "--every", "3000000000d"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("longer than 1000000 days"), "{stderr}");
    let (code, _, stderr) = councils(&[
        "stats",
        "--every",
        "week",
        "--from",
        "1917-10-10",
        "--to",
        "1917-10-01",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--to 1917-10-01 is before --from 1917-10-10"),
        "{stderr}"
    );
}

/// A Gregorian CSV dataset without a declared span: steps run over the
/// days its elements cover, months are Gregorian months, and the December
/// temporal density is checked by hand: 3 organisations, 2 delegations
/// active 16-21 December (6 days each), 12 pair-days out of 3 × 2 × 31.
#[test]
fn gregorian_csv_dataset_steps_by_gregorian_months() {
    let data = fixture("csv/gregorian");
    let data = data.to_str().unwrap();
    let (code, stdout, stderr) = councils(&[
        "--data",
        data,
        "centrality",
        "--every",
        "month",
        "--measure",
        "degree",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "step,start,end,window_start,window_end,measure,id,value,rank\n\
         1918-11,1918-11-01,1918-11-30,1918-11-01,1918-11-30,degree,city-council,0,1\n\
         1918-11,1918-11-01,1918-11-30,1918-11-01,1918-11-30,degree,port-council,0,1\n\
         1918-12,1918-12-01,1918-12-31,1918-12-01,1918-12-31,degree,national-congress,1,1\n\
         1918-12,1918-12-01,1918-12-31,1918-12-01,1918-12-31,degree,city-council,0.5,2\n\
         1918-12,1918-12-01,1918-12-31,1918-12-01,1918-12-31,degree,port-council,0.5,2\n"
    );
    let summary = json(&[
        "--data",
        data,
        "stats",
        "--every",
        "month",
        "--temporal",
        "--format",
        "json",
    ]);
    let december = &summary["steps"][1]["figures"];
    assert_eq!(december["organisations"], 3);
    assert_eq!(december["formed"], 2);
    assert_eq!(december["dissolved"], 2);
    assert_eq!(december["durations"]["median"], 6.0);
    let density = december["temporal_density"].as_f64().unwrap();
    assert!((density - 12.0 / 186.0).abs() < 1e-15, "{density}");
}

/// 1917 by hand (relations-5-insurrection.toml): on 12 October O.S. the
/// nine delegations into the MRC begin; on 21 October the two commands of
/// the Military District headquarters over the garrisons end, and on the
/// 25th the CEC's control of the Petrograd Soviet and the Provisional
/// Government's of the headquarters. On the 26th the MRC's control of the
/// arrested ministers begins. Relations that run to the 26th, the
/// dataset's last day, are censored: not dissolved, no length.
#[test]
fn formed_and_dissolved_in_october_1917_by_hand() {
    let summary = json(&[
        "stats",
        "--every",
        "day",
        "--from",
        "1917-10-10",
        "--to",
        "1917-10-26",
        "--temporal",
        "--format",
        "json",
    ]);
    let by_day: Vec<(String, u64, u64)> = summary["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap().to_string(),
                s["figures"]["formed"].as_u64().unwrap(),
                s["figures"]["dissolved"].as_u64().unwrap(),
            )
        })
        .collect();
    let on = |day: &str| by_day.iter().find(|(d, _, _)| d == day).unwrap().clone();
    assert_eq!(on("1917-10-12"), ("1917-10-12".into(), 9, 0));
    assert_eq!(on("1917-10-21").2, 2);
    assert_eq!(on("1917-10-25").2, 2);
    // The MRC's hold on the ministers arrested in the Winter Palace begins
    // on the 26th; nothing dissolves on the last day, which is censored.
    assert_eq!(on("1917-10-26"), ("1917-10-26".into(), 1, 0));
    let last = &summary["steps"][16]["figures"];
    // Every relation active on the 26th runs to the dataset's last day.
    assert_eq!(last["durations"]["count"], 0);
    assert!(last["durations"]["censored"].as_u64().unwrap() > 0);
}

#[test]
fn temporal_summary_table_and_csv() {
    let (code, stdout, stderr) = councils(&[
        "stats",
        "--every",
        "month",
        "--from",
        "1917-09",
        "--temporal",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "step,start,end,window_start,window_end,organisations,relations,formed,dissolved,durations,min days,median days,max days,censored,temporal density"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("1917-09,1917-09-01,1917-09-30,1917-09-01,1917-09-30,105,65,14,13,"),
        "{stdout}"
    );
    let (code, stdout, _) = councils(&[
        "--wide",
        "stats",
        "--every",
        "month",
        "--from",
        "1917-10",
        "--temporal",
    ]);
    assert_eq!(code, 0);
    assert!(
        stdout.lines().any(|l| l.starts_with("1917-10  101  ")),
        "{stdout}"
    );
}

// --- temporal summaries against a day-by-day count ----------------------

fn ns(date: &str) -> Day {
    parse_cli_date(date, Calendar::Gregorian)
        .unwrap()
        .loose
        .start
        .unwrap()
}

/// The summary of `step`, counted day by day from the definitions in
/// docs/measures.md, with `kinds` counted (`conflict` both ways).
fn day_by_day(
    dataset: &councils::Dataset,
    kinds: &[&str],
    reading: Reading,
    step: &Step,
) -> Summary {
    let window = step.window;
    let org_span = |id: &str| dataset.organisation(id).unwrap().during.span(reading);
    let orgs: Vec<&str> = dataset
        .organisations
        .iter()
        .filter(|o| o.during.span(reading).overlaps(&window))
        .map(|o| o.id.as_str())
        .collect();
    let counted: Vec<&councils::model::Relation> = dataset
        .relations
        .iter()
        .filter(|r| kinds.contains(&r.kind.as_str()))
        .collect();
    let observed = dataset.info.span.loose;
    let begins = |s: &Span| s.start.filter(|&a| observed.start.is_none_or(|o| a > o));
    let ends = |s: &Span| s.end.filter(|&b| observed.end.is_none_or(|o| b < o));
    let in_step = |d: Day| step.days.contains_day(d);
    let mut relations = 0;
    let mut lengths = Vec::new();
    for r in &counted {
        let span = r.during.span(reading);
        if span.overlaps(&window)
            && orgs.contains(&r.from.as_str())
            && orgs.contains(&r.to.as_str())
        {
            relations += 1;
            lengths.push(begins(&span).zip(ends(&span)).map(|(a, b)| a.days_until(b)));
        }
    }
    let formed = counted
        .iter()
        .map(|r| r.during.span(reading))
        .filter(|s| !s.is_empty() && begins(s).is_some_and(in_step))
        .count();
    let dissolved = counted
        .iter()
        .map(|r| r.during.span(reading))
        .filter(|s| !s.is_empty() && ends(s).is_some_and(|b| in_step(b.prev())))
        .count();
    let n = orgs.len();
    let mut covered = 0u64;
    let mut days = 0u64;
    let mut d = window.start.unwrap();
    while window.contains_day(d) {
        days += 1;
        for &u in &orgs {
            for &v in &orgs {
                if u == v {
                    continue;
                }
                let active = counted.iter().any(|r| {
                    let joins = (r.from == u && r.to == v)
                        || (r.kind == "conflict" && r.from == v && r.to == u);
                    joins
                        && r.during.span(reading).contains_day(d)
                        && org_span(u).contains_day(d)
                        && org_span(v).contains_day(d)
                });
                covered += u64::from(active);
            }
        }
        d = d.next();
    }
    let temporal_density = if n < 2 {
        0.0
    } else {
        covered as f64 / ((n * (n - 1)) as f64 * days as f64)
    };
    Summary {
        organisations: n,
        relations,
        formed,
        dissolved,
        durations: Durations::of(lengths),
        temporal_density,
    }
}

/// `summarise` equals the day-by-day count for every step of several
/// steppings (days, weeks, Gregorian months, rolling windows) on seeded
/// random datasets, under both readings, with the flow kinds and with a
/// symmetric kind; on one-day steps the temporal density is the slice's
/// density as `stats` computes it.
#[test]
fn summaries_on_random_datasets_equal_a_day_by_day_count() {
    let range = Span::new(Some(ns("1917-01-03")), Some(ns("1917-03-20")));
    let steppings = [
        (Length::Days(1), None),
        (Length::Days(7), None),
        (Length::Days(10), Some(Length::Days(25))),
        (Length::Months(1), None),
        (Length::Months(1), Some(Length::Days(3))),
    ];
    let mut checked = 0;
    for seed in 0..12 {
        let dataset = random_dataset(seed);
        for reading in [Reading::Loose, Reading::Strict] {
            for kinds in [
                &["delegation", "control"][..],
                &["delegation", "conflict"][..],
            ] {
                let counting = Counting {
                    kinds: kinds.iter().map(|k| k.to_string()).collect(),
                    ..Counting::default_for(&dataset)
                };
                let filter = Filter {
                    reading,
                    ..Filter::default()
                };
                for (every, window) in steppings {
                    let steps = Stepping {
                        every,
                        window,
                        calendar: Calendar::Gregorian,
                    }
                    .steps(range)
                    .unwrap();
                    let got = summarise(&dataset, &steps, &filter, &counting).unwrap();
                    for (step, got) in steps.iter().zip(&got) {
                        let want = day_by_day(&dataset, kinds, reading, step);
                        let context = format!(
                            "seed {seed}, {reading:?}, {kinds:?}, every {every}, window {window:?}, step {}",
                            step.label
                        );
                        assert_eq!(
                            Summary {
                                temporal_density: 0.0,
                                ..got.clone()
                            },
                            Summary {
                                temporal_density: 0.0,
                                ..want.clone()
                            },
                            "{context}"
                        );
                        assert!(
                            (got.temporal_density - want.temporal_density).abs() < 1e-12,
                            "{context}: {} vs {}",
                            got.temporal_density,
                            want.temporal_density
                        );
                        if every == Length::Days(1) && window.is_none() {
                            let snap = Snapshot::in_window(
                                &dataset,
                                step.label.clone(),
                                step.window,
                                filter.clone(),
                            );
                            let density =
                                stats(&MeasureGraph::new(&snap, counting.clone())).density;
                            assert!(
                                (density - got.temporal_density).abs() < 1e-12,
                                "{context}: stats {density} vs {}",
                                got.temporal_density
                            );
                        }
                        checked += usize::from(got.relations > 0 || got.formed > 0);
                    }
                }
            }
        }
    }
    // The random datasets are not empty: most steps have something.
    assert!(checked > 1000, "only {checked} steps with relations");
}

/// `diff --series --every month` compares each month with the next: its
/// last row is `diff 1917-09 1917-10`, word for word (with the steps run
/// to the end of October, not cut at the dataset's last day).
#[test]
fn diff_series_over_months_equals_pairwise_diffs() {
    let series = json(&[
        "diff",
        "--series",
        "--every",
        "month",
        "--from",
        "1917-06",
        "--to",
        "1917-10-31",
        "--format",
        "json",
    ]);
    let series = series.as_array().unwrap();
    assert_eq!(series.len(), 4);
    let pair = json(&["diff", "1917-09", "1917-10", "--format", "json"]);
    assert!(
        series[3] == pair,
        "the last row differs from `diff 1917-09 1917-10`"
    );
    let (code, _, stderr) = councils(&["diff", "--every", "month"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--every compares steps in a series: add --series"),
        "{stderr}"
    );
    let (code, _, stderr) =
        councils(&["diff", "--series", "--every", "month", "--from", "1917-10"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--series needs at least two steps"),
        "{stderr}"
    );
}

/// The report charts betweenness month by month: six small multiples
/// (the MRC first, the highest peak), each point's value and rank on
/// hover, the periods shaded, and the series written beside the page and
/// linked, equal to `centrality --every month` for those organisations.
#[test]
fn report_charts_measures_over_time_and_writes_the_series() {
    let dir = std::env::temp_dir().join(format!("councils-steps-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, stderr) = councils(&["report", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let section = &index[index.find("id=\"over-time\"").expect("the section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("href=\"data/series.csv\""), "{section}");
    assert!(
        section.contains(
            "in 9 steps of 1 month (calendar months of the Julian calendar), each sliced over its own days, from 1917-02-23 / 1917-03-08 to 1917-10-26 / 1917-11-08."
        ),
        "{section}"
    );
    assert!(section.contains("href=\"data/series.json\""));
    assert_eq!(section.matches("<figure class=\"chart small\">").count(), 6);
    assert!(
        section.contains("<figcaption><a href=\"org/mrc.html\">Military Revolutionary Committee"),
        "the MRC's peak is the highest"
    );
    assert!(
        section.contains(
            "<title>Military Revolutionary Committee of the Petrograd Soviet, 1917-10 (1917-10-01 / 1917-10-14 – 1917-10-26 / 1917-11-08): betweenness 0.0436, rank 1</title>"
        ),
        "{section}"
    );
    // Each chart shades the five periods.
    assert_eq!(section.matches("<title>Dual power: ").count(), 6);
    let csv = std::fs::read_to_string(dir.join("data/series.csv")).unwrap();
    let (code, all, _) = councils(&[
        "centrality",
        "--every",
        "month",
        "--measure",
        "betweenness",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let charted: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap())
        .collect();
    assert_eq!(charted.len(), 6);
    let expected: Vec<&str> = all
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || charted.contains(l.split(',').nth(6).unwrap()))
        .map(|(_, l)| l)
        .collect();
    let mut got: Vec<&str> = csv.lines().collect();
    let mut want = expected.clone();
    got[1..].sort();
    want[1..].sort();
    assert_eq!(got, want);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("data/series.json")).unwrap())
            .unwrap();
    assert_eq!(json["measure"], "betweenness");
    assert_eq!(json["steps"].as_array().unwrap().len(), 9);
    let _ = std::fs::remove_dir_all(&dir);
}
