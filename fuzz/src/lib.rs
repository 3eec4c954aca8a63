//! The fuzz harnesses: one function per cargo-fuzz target, taking the raw
//! input bytes and panicking only when `councils` breaks a promise.
//!
//! They live here rather than in `fuzz_targets/` so that the same code runs
//! on stable: `tests/hostile.rs` includes this file and replays every seed
//! of `fuzz/corpus/` and every input that once failed (`fuzz/regressions/`)
//! through it on each `cargo test`.
//!
//! The promises checked:
//!
//! * loading never panics; a refused input gets at least one diagnostic,
//!   each at a line and column that exist in the file it names;
//! * for every date, the strict span lies inside the loose one, a plain
//!   `YYYY-MM-DD` is exactly that one day, and days convert back and forth
//!   between the calendars;
//! * on a valid dataset, slicing, diffing and measuring never panic, every
//!   relation of a snapshot joins two organisations of it, the strict slice
//!   lies inside the loose one, and every DOT diagram emitted parses.

use std::collections::BTreeSet;

use councils::diff::diff;
use councils::load::SourceFile;
use councils::load::csv::{Options, Tables};
use councils::measure::{Counting, Measure, MeasureGraph, centrality, stats};
use councils::render::dot::{Cluster, DotOptions, Focus, Layout, Picture, diagram, to_dot};
use councils::slice::{Filter, Selector, Snapshot};
use councils::time::{Calendar, CalendarView, Day, Reading, When, parse_cli_date, parse_when};
use councils::{Dataset, Diagnostics, Error};

/// Separates the files of one input: `manifest SEPARATOR data` for
/// [`load`], `nodes SEPARATOR edges SEPARATOR periods [SEPARATOR manifest]`
/// for [`csv`].
pub const SEPARATOR: &str = "\n#=====\n";

/// The manifest [`load`] uses when the input holds no [`SEPARATOR`]: a
/// Julian dataset with the vocabulary the seeds use.
pub const MANIFEST: &str = r#"[dataset]
id = "fuzz"
title = "Fuzz"
calendar = "julian"
span = "1917-01-01/1917-12-31"

[[level]]
id = "district"
label = "District"

[[level]]
id = "city"
label = "City"

[[node_kind]]
id = "soviet"
label = "Soviet"

[[relation_kind]]
id = "delegation"
label = "delegation"
directed = true
flow = "up"

[[relation_kind]]
id = "conflict"
label = "conflict"
directed = false
flow = "across"

[[event_kind]]
id = "vote"
label = "Vote"

[[attribute]]
id = "majority"
label = "Majority"
values = ["sr-menshevik", "bolshevik"]

[[source]]
id = "notes"
title = "Notes"
"#;

/// Target `load`: the input is a data file read beside [`MANIFEST`], or a
/// manifest and a data file separated by [`SEPARATOR`].
pub fn load(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (manifest, body) = text.split_once(SEPARATOR).unwrap_or((MANIFEST, &text));
    let files = vec![
        SourceFile::new("dataset.toml", manifest),
        SourceFile::new("data.toml", body),
    ];
    let shape = shape_of(&files);
    match councils::load_files(files, Diagnostics::default()) {
        Ok(dataset) => exercise(&dataset),
        Err(Error::Invalid(problems)) => check_diagnostics(&problems, &shape),
        Err(other) => panic!("load_files failed with a non-diagnostic error: {other}"),
    }
}

/// Target `csv`: `nodes.csv`, `edges.csv` and `periods.csv` separated by
/// [`SEPARATOR`], optionally followed by a `dataset.toml`.
pub fn csv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split(SEPARATOR);
    let nodes = SourceFile::new("nodes.csv", parts.next().unwrap_or(""));
    let edges = parts.next().map(|t| SourceFile::new("edges.csv", t));
    let periods = parts.next().map(|t| SourceFile::new("periods.csv", t));
    let toml: Vec<SourceFile> = parts
        .next()
        .map(|t| SourceFile::new("dataset.toml", t))
        .into_iter()
        .collect();
    let mut all = toml.clone();
    all.extend(
        [Some(nodes.clone()), edges.clone(), periods.clone()]
            .into_iter()
            .flatten(),
    );
    let shape = shape_of(&all);
    let tables = Tables {
        nodes,
        edges,
        periods,
    };
    let (raw, problems, _notes) =
        councils::load::csv::parse(toml, tables, "fuzz", &Options::default())
            .unwrap_or_else(|e| panic!("the CSV import failed without options: {e}"));
    match councils::validate::validate(raw, problems) {
        Ok(dataset) => exercise(&dataset),
        Err(problems) => check_diagnostics(&problems, &shape),
    }
}

/// Target `dates`: the input as a date in both calendars, in a dataset and
/// on the command line.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for calendar in [Calendar::Julian, Calendar::Gregorian] {
        match parse_when(&text, calendar) {
            Ok(when) => check_when(&when, &text, calendar),
            Err(e) => {
                assert!(e.offset() <= text.len(), "offset beyond the text: {e:?}");
                assert!(!e.to_string().is_empty());
            }
        }
        if let Ok(when) = parse_cli_date(&text, calendar) {
            assert!(when.loose.covers(&when.strict), "{when:?}");
        }
    }
}

/// Target `dot`: a small valid dataset whose every free text (labels,
/// names, places, values, shapes, colours) comes from the input, drawn in
/// every kind of picture with options picked by the input; every diagram
/// must parse as DOT.
pub fn dot(data: &[u8]) {
    let (head, rest) = data.split_at(data.len().min(10));
    let mut knobs = head.iter().copied().chain(std::iter::repeat(0));
    let text = String::from_utf8_lossy(rest);
    let words: Vec<&str> = text.split('\0').collect();
    let mut next = {
        let mut i = 0;
        move || {
            i += 1;
            toml_str(words[(i - 1) % words.len()])
        }
    };
    let dataset_text = format!(
        r#"[dataset]
id = "fuzz"
title = {}
calendar = "julian"
span = "1917-01-01/1917-12-31"

[[level]]
id = "low"
label = {}

[[level]]
id = "high"
label = {}

[[node_kind]]
id = "soviet"
label = {}
shape = {}

[[node_kind]]
id = "committee"
label = {}

[[relation_kind]]
id = "delegation"
label = {}
directed = true
flow = "up"
style = {}
color = {}

[[relation_kind]]
id = "conflict"
label = {}
directed = false
flow = "across"

[[attribute]]
id = "majority"
label = {}
values = [{}, {}]

[[period]]
id = "early"
label = {}
during = "1917-03-01/1917-06-30"

[[period]]
id = "late"
label = {}
during = "1917-07-01/1917-10-25"

[[organisation]]
id = "a"
name = {}
name_original = {}
kind = "soviet"
level = "high"
place = {}
during = "1917-02-27/.."
note = {}

[[organisation.state]]
attribute = "majority"
value = "v0"
during = "1917-02-27/1917-08-31"

[[organisation.state]]
attribute = "majority"
value = "v1"
during = "1917-09-01/.."

[[organisation]]
id = "b"
name = {}
kind = "committee"
level = "low"
place = {}
part_of = "a"
during = "1917-03/1917-10"

[[organisation]]
id = "c"
name = {}
kind = "soviet"
level = "low"
place = {}
during = "1917-07-01/.."

[[relation]]
from = "b"
to = "a"
kind = "delegation"
during = "1917-03/1917-06"
note = {}

[[relation]]
from = "c"
to = "a"
kind = "conflict"
during = "1917-09-01/.."
"#,
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        // The two values of `majority`, used by the states as v0 and v1.
        "\"v0\"",
        "\"v1\"",
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
        next(),
    );
    let files = vec![SourceFile::new("dataset.toml", dataset_text.as_str())];
    let dataset = councils::load_files(files, Diagnostics::default())
        .unwrap_or_else(|e| panic!("the generated dataset is invalid: {e}\n{dataset_text}"));
    let mut byte = || knobs.next().unwrap_or(0);
    let options = DotOptions {
        color_by: (byte() % 2 == 0).then(|| "majority".to_string()),
        cluster: [Cluster::None, Cluster::Place, Cluster::Kind][usize::from(byte() % 3)],
        wrap: usize::from(byte() % 40),
        row_width: usize::from(byte() % 5),
        view: [
            CalendarView::OldStyle,
            CalendarView::NewStyle,
            CalendarView::Both,
        ][usize::from(byte() % 3)],
        focus: None,
        layout: if byte() % 2 == 0 {
            Layout::Stable
        } else {
            Layout::Compact
        },
        order: None,
        legend: byte() % 3 != 0,
        communities: Default::default(),
        // An animation frame's title: text of the dataset's kind, escaped.
        title: (byte() % 4 == 0).then(|| "A \"title\" <b>&amp;</b> \\N\nline 2".to_string()),
    };
    // One picture per input (drawing all of them made the target ten
    // times slower, for little new coverage).
    let picture = byte();
    let options = if byte() % 4 == 0 {
        DotOptions {
            focus: Some(Focus {
                organisation: "a".into(),
                depth: usize::from(byte() % 3),
            }),
            ..options
        }
    } else {
        options
    };
    draw(&dataset, &options, Some(usize::from(picture)));
}

/// Draws the pictures of `dataset`'s periods with `options` (all of them,
/// or the one `pick` names, modulo their number); each must parse as DOT.
fn draw(dataset: &Dataset, options: &DotOptions, pick: Option<usize>) {
    let filter = Filter::default();
    let Ok(context) = councils::render::dot::period_context(dataset, &filter) else {
        return;
    };
    let mut pictures = vec![Picture::Filmstrip(&context)];
    for s in &context {
        pictures.push(Picture::Single(s));
    }
    if let [a, b, ..] = context.as_slice() {
        pictures.push(Picture::Compare(a, b));
        pictures.push(Picture::SideBySide(a, b));
    }
    if let Some(pick) = pick {
        let chosen = pictures.swap_remove(pick % pictures.len());
        pictures = vec![chosen];
    }
    for picture in pictures {
        // A focus organisation absent from a slice is a documented error.
        let Ok(graph) = diagram(picture, &context, options) else {
            continue;
        };
        let text = to_dot(&graph);
        if let Err(e) = graphviz_rust::parse(&text) {
            panic!("emitted DOT does not parse: {e}\n{text}");
        }
    }
}

/// A TOML basic string holding `s` exactly.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Each file's name and number of lines, for checking diagnostics.
fn shape_of(files: &[SourceFile]) -> Vec<(String, usize)> {
    files
        .iter()
        .map(|f| (f.name.to_string(), f.text.matches('\n').count() + 1))
        .collect()
}

/// A refused input has at least one problem, each at a place that exists.
fn check_diagnostics(problems: &Diagnostics, shape: &[(String, usize)]) {
    assert!(!problems.is_empty(), "refused without a diagnostic");
    for d in &problems.0 {
        let Some((_, lines)) = shape.iter().find(|(name, _)| **name == *d.location.file) else {
            panic!("diagnostic names an unknown file: {d}");
        };
        assert!(
            (1..=*lines).contains(&d.location.line) && d.location.column >= 1,
            "diagnostic outside its file ({lines} lines): {d}"
        );
        assert!(!d.message.is_empty(), "empty message at {}", d.location);
    }
    let _ = problems.to_string();
}

/// The promises every parsed date keeps.
fn check_when(when: &When, text: &str, calendar: Calendar) {
    assert!(
        when.loose.covers(&when.strict),
        "strict reading outside the loose one: {text:?} {when:?}"
    );
    for view in [
        CalendarView::OldStyle,
        CalendarView::NewStyle,
        CalendarView::Both,
    ] {
        let _ = when.loose.show(view);
        let _ = when.strict.show(view);
    }
    for day in [when.loose.start, when.loose.last_day()]
        .into_iter()
        .flatten()
    {
        check_day(day);
    }
    let plain = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if plain {
        let day = when.loose.start.expect("a plain date has a first day");
        assert_eq!(when.loose.end, Some(day.next()), "{text} is one day");
        assert_eq!(when.strict, when.loose, "{text} is precise");
        assert_eq!(day.iso(calendar), text, "{text} read in {calendar:?}");
    }
}

/// A day converts to either calendar and back.
fn check_day(day: Day) {
    let (y, m, d) = day.julian();
    assert_eq!(
        Day::from_calendar(Calendar::Julian, y, m, d),
        Some(day),
        "Julian round trip of {day}"
    );
    let g = day.gregorian();
    assert_eq!(
        Day::from_gregorian(
            i64::from(chrono::Datelike::year(&g)),
            chrono::Datelike::month(&g) as u8,
            chrono::Datelike::day(&g) as u8
        ),
        Some(day),
        "Gregorian round trip of {day}"
    );
}

/// Slices, diffs, measures and draws a valid dataset.
fn exercise(dataset: &Dataset) {
    for o in &dataset.organisations {
        assert!(o.during.loose.covers(&o.during.strict), "{}", o.id);
    }
    let mut selectors: Vec<Selector> = dataset
        .periods
        .iter()
        .map(|p| Selector::Period(p.id.clone()))
        .collect();
    if let Some(start) = dataset.info.span.loose.start {
        let when = |text: String| parse_when(&text, Calendar::Gregorian).ok();
        selectors.extend(
            [
                when(start.iso(Calendar::Gregorian)),
                when(format!("{}/..", start.iso(Calendar::Gregorian))),
            ]
            .into_iter()
            .flatten()
            .map(Selector::At),
        );
    }
    let mut previous: Option<Snapshot> = None;
    for selector in selectors.iter().take(4) {
        let snapshot = |reading, throughout| {
            let filter = Filter {
                reading,
                throughout,
                ..Filter::default()
            };
            Snapshot::new(dataset, selector, filter).expect("a known selector slices")
        };
        let loose = snapshot(Reading::Loose, false);
        let strict = snapshot(Reading::Strict, false);
        let _ = snapshot(Reading::Loose, true);
        let ids = |s: &Snapshot| -> BTreeSet<String> {
            s.organisations().map(|o| o.id.clone()).collect()
        };
        let loose_ids = ids(&loose);
        assert!(
            ids(&strict).is_subset(&loose_ids),
            "strict slice outside the loose one"
        );
        for r in loose.relations() {
            assert!(
                loose.contains(&r.from) && loose.contains(&r.to),
                "dangling {}",
                r.id()
            );
        }
        let graph = MeasureGraph::new(&loose, Counting::default_for(dataset));
        let _ = stats(&graph);
        for measure in Measure::ALL {
            let _ = centrality(&graph, measure);
        }
        if let Some(before) = &previous {
            let _ = diff(before, &loose);
        }
        previous = Some(loose);
    }
    draw(dataset, &DotOptions::new(dataset), None);
}
