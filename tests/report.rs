//! `councils report`: the site is complete (every link resolves), the same
//! input gives the same files, a report replaces the one it wrote but not
//! files it did not write, and
//! in a real headless Chromium the controls work with no console errors
//! (when `COUNCILS_BROWSER` is set; CI sets it and installs Chromium).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use councils::slice::{Filter, Selector, Snapshot};

mod svg;
use svg::places;

#[allow(dead_code)]
mod common;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Writes the report of the embedded dataset into `dir`; returns stdout.
fn report(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("councils")
        .unwrap()
        .args(["report", "--out", dir.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every file under `dir`, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The values of attribute `name` (`href`, `id`, `src`) in an HTML text.
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        if let Some(end) = rest.find('"') {
            values.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    values
}

#[test]
fn every_link_of_the_report_resolves() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = report(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let site = files(dir.path());
    assert!(
        stdout.starts_with(&format!("wrote {} files to ", site.len())),
        "{stdout}"
    );
    let dataset = councils::load_embedded().unwrap();
    assert!(site.contains_key("index.html"));
    assert!(site.contains_key("sources.html"));
    for org in &dataset.organisations {
        assert!(
            site.contains_key(&format!("org/{}.html", org.id)),
            "page of {}",
            org.id
        );
    }
    let ids: BTreeMap<&String, BTreeSet<String>> = site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            (
                p,
                attribute_values(&String::from_utf8_lossy(bytes), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut checked = 0;
    for (page, bytes) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let base = Path::new(page).parent().unwrap_or(Path::new(""));
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            assert!(
                !link.starts_with("http:")
                    && !link.starts_with("https:")
                    && !link.starts_with("//"),
                "{page}: links outside: {link}"
            );
            let (file, anchor) = match link.split_once('#') {
                Some((f, a)) => (f.to_string(), Some(a.to_string())),
                None => (link.clone(), None),
            };
            let target = if file.is_empty() {
                page.clone()
            } else {
                normalise(&base.join(&file))
            };
            assert!(
                site.contains_key(&target),
                "{page}: link to missing {link} ({target})"
            );
            if let Some(anchor) = anchor {
                assert!(
                    ids[&target].contains(&anchor),
                    "{page}: link to missing anchor {link}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
}

/// `org/../index.html` -> `index.html`.
fn normalise(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn the_report_is_byte_identical_across_runs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert_eq!(report(a.path(), &[]).0, 0);
    assert_eq!(report(b.path(), &[]).0, 0);
    assert_eq!(files(a.path()), files(b.path()));
}

/// Regression: the README's main command failed the second time
/// (`report/index.html exists`).
#[test]
fn the_report_can_be_written_twice_into_the_same_folder() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("report");
    let (code, first, stderr) = report(&dir, &[]);
    assert_eq!(code, 0, "{stderr}");
    let before = files(&dir);
    let (code, second, stderr) = report(&dir, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(first, second);
    assert_eq!(files(&dir), before);
    assert!(
        before[".councils-report"].starts_with(b"councils "),
        "the folder is marked as the tool's"
    );
    assert_eq!(
        std::fs::read_dir(parent.path()).unwrap().count(),
        1,
        "no temporary folder is left beside the report"
    );
}

#[test]
fn a_folder_of_other_files_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("thesis.txt"), "mine").unwrap();
    let (code, _, stderr) = report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        format!(
            "error: {} holds files councils did not write: thesis.txt\n  hint: use another --out, or --force to write the report beside them (its files replace any of the same names)\n",
            dir.path().display()
        )
    );
    assert_eq!(files(dir.path()).len(), 1, "nothing was written");
    assert_eq!(report(dir.path(), &["--force"]).0, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("thesis.txt")).unwrap(),
        "mine"
    );
    assert!(dir.path().join("index.html").exists());
}

/// A file a user adds to a report folder is never removed silently: the
/// next run refuses, naming it; with --force the report is rewritten
/// around it.
#[test]
fn files_added_to_a_report_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    std::fs::write(dir.path().join("org/my-notes.md"), "mine").unwrap();
    let (code, _, stderr) = report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(&format!(
            "error: {} holds an earlier report, with files councils did not write: org/my-notes.md\n",
            dir.path().display()
        )),
        "{stderr}"
    );
    assert_eq!(report(dir.path(), &["--force"]).0, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("org/my-notes.md")).unwrap(),
        "mine"
    );
}

#[test]
fn the_report_shows_the_headline_comparison_and_the_votes() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(index.contains("Comparison: dual-power and renewal"));
    assert!(
        index.contains(
            "<td class=\"num\">519</td><td class=\"num\">414</td><td class=\"num\">67</td>"
        ),
        "the 9 September vote is in the votes table"
    );
    assert!(index.contains("role=\"tablist\""));
    assert!(
        index.contains(" motion for soviet power</li>")
            && !index.contains(" motion for-soviet-power"),
        "the votes chart names stances by their labels"
    );
    let page = std::fs::read_to_string(dir.path().join("org/petrograd-soviet.html")).unwrap();
    assert!(
        page.contains("id=\"petrograd-soviet-vote-1917-09-09\""),
        "the vote is anchored on the soviet's page"
    );
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs Chromium: set COUNCILS_BROWSER=1 after `npm ci --prefix tests/browser`"
)]
fn the_report_works_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let shot: PathBuf = root().join("target/report-screenshot.png");
    let out = std::process::Command::new("node")
        .env("COUNCILS_BIN", assert_cmd::cargo::cargo_bin("councils"))
        .arg(root().join("tests/browser/check.mjs"))
        .arg(dir.path())
        .arg(&shot)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.ends_with("32 passed, 0 failed\n"), "{stdout}");
    assert!(shot.exists());
}

/// Clicking an organisation in a diagram opens its page: app.js takes the
/// page from the index entry `data-org="ID"` for the node `org-ID`, so every
/// organisation drawn in every period's diagram must have one, with the
/// link to its page.
#[test]
fn every_organisation_drawn_has_an_index_entry_with_its_page() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    let mut drawn = BTreeSet::new();
    for period in [
        "dual-power",
        "july-reaction",
        "kornilov",
        "renewal",
        "insurrection",
    ] {
        let svg =
            std::fs::read_to_string(dir.path().join(format!("diagrams/{period}.svg"))).unwrap();
        for piece in svg.split("<g id=\"").skip(1) {
            let (id, rest) = piece.split_once('"').unwrap();
            if rest.starts_with(" class=\"node organisation") {
                let id = id.replace("&#45;", "-");
                drawn.insert(id.strip_prefix("org-").unwrap().to_string());
            }
        }
    }
    assert!(
        drawn.contains("petrograd-soviet") && drawn.len() > 100,
        "{drawn:?}"
    );
    for id in &drawn {
        let entry = format!("<li data-org=\"{id}\" ");
        let at = index
            .find(&entry)
            .unwrap_or_else(|| panic!("no index entry for {id}"));
        let link = format!("<a href=\"org/{id}.html\">");
        assert!(
            index[at..].split("</li>").next().unwrap().contains(&link),
            "{id}"
        );
    }
}

/// Graphviz names its gradients `l_0`, `l_1`, ... in every SVG: inlined
/// side by side, a node's `url(#l_0)` took the first `l_0` of the page,
/// another period's. Every gradient of the front page has an id of its own,
/// and every fill that refers to one finds it.
#[test]
fn the_inlined_diagrams_have_gradient_ids_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    let mut ids = BTreeSet::new();
    for tag in ["<linearGradient id=\"", "<radialGradient id=\""] {
        for piece in index.split(tag).skip(1) {
            let id = piece.split('"').next().unwrap();
            assert!(ids.insert(id.to_string()), "gradient {id} twice");
        }
    }
    let used: BTreeSet<&str> = index
        .split("url(#")
        .skip(1)
        .map(|piece| piece.split(')').next().unwrap())
        .collect();
    assert!(used.len() > 5, "{used:?}");
    for id in used {
        assert!(ids.contains(id), "url(#{id}) has no gradient");
    }
}

/// The votes chart places an imprecise vote at its middle day but labels
/// it with its date as written: the Zamoskvorechye vote of `1917-08~` is
/// "c. August 1917 O.S.", and the chart's title gives the first vote's
/// `1917-08-11~` as approximate.
#[test]
fn the_votes_chart_labels_votes_at_the_precision_of_their_dates() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(
        index.contains(
            "aria-label=\"Share of votes in favour in 10 votes from c. 1917-08-11 / 1917-08-24 to 1917-10-16 / 1917-10-29\""
        ),
        "the chart's title"
    );
    assert!(
        index.contains("<title>c. August 1917 O.S.: The Zamoskvorechye district soviet"),
        "the vote's tooltip"
    );
    assert!(
        index.contains("aria-label=\"c. August 1917 O.S., The Zamoskvorechye district soviet"),
        "the vote's accessible name"
    );
    assert!(
        !index.contains("1917-08-16 / 1917-08-29"),
        "no invented middle day is printed"
    );
}

/// Writes a workload-format dataset (nodes.csv, edges.csv, periods.csv)
/// into `dir`: `orgs` organisations in a chain of delegations, one period.
fn workload(dir: &Path, orgs: usize) {
    use std::fmt::Write;
    let mut nodes = String::from("id,name,kind,level,start,end\n");
    let mut edges = String::from("source,target,kind,start,end,weight\n");
    for i in 0..orgs {
        writeln!(nodes, "{i},Council {i},city_council,0,0,").unwrap();
        if i > 0 {
            writeln!(edges, "{},{i},delegation,0,,1.0", i - 1).unwrap();
        }
    }
    std::fs::write(dir.join("nodes.csv"), nodes).unwrap();
    std::fs::write(dir.join("edges.csv"), edges).unwrap();
    std::fs::write(
        dir.join("periods.csv"),
        "id,label,start,end\np1,First,0,10\np2,Second,10,20\n",
    )
    .unwrap();
}

/// Issue 17: the report handed Graphviz a graph of any size (22 GB for
/// 100,000 organisations) and put the DOT source of each period in the
/// page. Beyond the limits a period is not drawn, the page says why with
/// the figures and how to draw it anyway, and no DOT source is included.
#[test]
fn a_network_beyond_the_diagram_limits_is_not_drawn_and_the_page_says_why() {
    let data = tempfile::tempdir().unwrap();
    workload(data.path(), 5_001);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let run = Command::cargo_bin("councils")
        .unwrap()
        .args(["--data", data.path().to_str().unwrap(), "report", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert_eq!(
        index
            .matches("Diagram not drawn: this network has 5,001 organisations and 5,000 relations, more than the report draws (5,000 organisations, 20,000 relations per diagram)")
            .count(),
        3,
        "both periods and the comparison"
    );
    assert!(
        index.contains("<code>councils report --force-size</code> draws it anyway")
            || index.contains("`councils report --force-size` draws it anyway")
    );
    assert!(!index.contains("DOT source"), "no DOT source in the page");
    assert!(!dir.join("diagrams").exists());
    // Nor is the animation, which is made of the period diagrams.
    let movie = std::fs::read_to_string(dir.join("movie.html")).unwrap();
    assert!(
        movie.contains("The animation is not drawn: the diagram of the period `p1` is not drawn: this network has 5,001 organisations"),
        "{movie}"
    );
    // Every organisation still has its page.
    assert_eq!(std::fs::read_dir(dir.join("org")).unwrap().count(), 5_001);
    let page = std::fs::read_to_string(dir.join("org/17.html")).unwrap();
    assert!(
        page.contains("<a href=\"16.html\">Council 16</a>"),
        "{page}"
    );
    assert!(page.contains("<a href=\"18.html\">Council 18</a>"));
    // Ego diagrams on the pages of the 300 most related (2 periods, 2
    // depths each: the budget of 1,200), a note on the others'.
    let (mut drawn, mut noted) = (0, 0);
    for entry in std::fs::read_dir(dir.join("org")).unwrap() {
        let page = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if page.contains("id=\"ego2-panel-p2\"") {
            drawn += 1;
        } else if page.contains("Ego diagrams not drawn: the report draws at most 1,200 ego diagrams, on the pages of the 300 organisations with the most relations") {
            noted += 1;
        }
    }
    assert_eq!((drawn, noted), (300, 4_701));
    assert!(
        page.contains("`councils render --period ID --focus 17 --depth 1` draws it")
            || page.contains("id=\"ego1-panel-p1\"")
    );
}

/// Issue 17.8: with standard error piped, a report prints nothing there
/// but its notes (no spinner, no control sequences); on a terminal (a
/// pseudo-terminal made by `script`) it shows its stages.
#[test]
fn progress_is_shown_on_a_terminal_only() {
    let data = tempfile::tempdir().unwrap();
    workload(data.path(), 300);
    let out = tempfile::tempdir().unwrap();
    let piped = Command::cargo_bin("councils")
        .unwrap()
        .args(["--data", data.path().to_str().unwrap(), "report", "--out"])
        .arg(out.path().join("piped"))
        .output()
        .unwrap();
    assert_eq!(piped.status.code(), Some(0), "{piped:?}");
    let stderr = String::from_utf8(piped.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .all(|l| l.starts_with("note: ") || l.starts_with("warning: ")),
        "{stderr:?}"
    );
    assert!(!stderr.contains('\r') && !stderr.contains('\u{1b}'));

    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !script.is_ok_and(|o| o.status.success()) {
        eprintln!("SKIPPED the terminal half: `script` (util-linux) is not installed");
        return;
    }
    let command = format!(
        "{} --data {} report --out {}",
        assert_cmd::cargo::cargo_bin("councils").display(),
        data.path().display(),
        out.path().join("tty").display()
    );
    let tty = std::process::Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&tty.stdout);
    assert_eq!(tty.status.code(), Some(0), "{shown}");
    assert!(shown.contains("reading "), "{shown}");
    assert!(shown.contains("writing 256 of 312 files"), "{shown}");
    assert!(
        shown.contains("\u{1b}[2K"),
        "the spinner is cleared: {shown}"
    );
    assert!(shown.contains("wrote 313 files to"));
}

/// Issue 17 (C): names holding a right-to-left override (U+202E), an
/// isolate (U+2066) or an escape character reached the pages and the SVG
/// diagrams as they were (HTML escaping leaves them alone), reversing the
/// text after them on screen. They are shown as visible escapes.
#[test]
fn bidi_and_control_characters_in_names_are_shown_not_obeyed() {
    let data = tempfile::tempdir().unwrap();
    workload(data.path(), 3);
    std::fs::write(
        data.path().join("nodes.csv"),
        "id,name,kind,level,start,end\n0,Council \u{202e}lanoitan,city_council,0,0,\n1,Bell\u{7}\u{1b}[2J and \u{2066}isolate\u{2069},city_council,0,0,\n2,Plain,city_council,0,0,\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("site");
    let run = Command::cargo_bin("councils")
        .unwrap()
        .args(["--data", data.path().to_str().unwrap(), "report", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    for (path, bytes) in files(&dir) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text.chars().any(unsafe_char),
            "{path} holds a control or bidi character"
        );
    }
    let page = std::fs::read_to_string(dir.join("org/0.html")).unwrap();
    assert!(
        page.contains("<h2>Council \\u{202e}lanoitan</h2>"),
        "{page}"
    );
    let page = std::fs::read_to_string(dir.join("org/1.html")).unwrap();
    assert!(
        page.contains("Bell\\u{7}\\u{1b}[2J and \\u{2066}isolate\\u{2069}"),
        "{page}"
    );
}

/// `movie.html` is linked from every page's navigation and lists every
/// period in order with its label, its dates (O.S. / N.S.) and its size,
/// the first one current; the page starts on the first period's label.
#[test]
fn the_animation_page_lists_every_period_in_order_with_its_dates() {
    use councils::slice::{Filter, Selector, Snapshot};
    use councils::time::CalendarView;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let page = std::fs::read_to_string(dir.path().join("movie.html")).unwrap();
    let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    assert!(index.contains("<a href=\"movie.html\">Animation</a>"));
    let dataset = councils::load_embedded().unwrap();
    let mut at = 0;
    for (i, p) in dataset.periods.iter().enumerate() {
        let snap =
            Snapshot::new(&dataset, &Selector::Period(p.id.clone()), Filter::default()).unwrap();
        let dates = p.during.show(CalendarView::Both);
        let size = format!(
            "{} organisations, {} relations",
            snap.graph.node_count(),
            snap.graph.edge_count()
        );
        let item = format!(
            "<li data-frame=\"{}\" data-label=\"{}\" data-dates=\"{dates}\" data-size=\"{size}\"{}><button type=\"button\" data-movie-frame=\"{i}\">{}</button> <span class=\"dates\">{dates}</span>",
            p.id,
            p.label,
            if i == 0 { " aria-current=\"step\"" } else { "" },
            p.label
        );
        let found = page[at..]
            .find(&item)
            .unwrap_or_else(|| panic!("{item} after byte {at}"));
        at += found + item.len();
    }
    assert_eq!(dataset.periods.len(), 5);
    assert_eq!(page.matches("<li data-frame=").count(), 5);
    assert!(page.contains("<strong data-movie-label=\"\">Dual power</strong> <span class=\"dates\" data-movie-dates=\"\">1917-02-27 / 1917-03-12 – 1917-07-02 / 1917-07-15</span>"), "{}", &page[..3000]);
    assert!(page.contains("<script src=\"assets/movie.js\">"));
}

/// Each element of the report's animation carries the periods it is drawn
/// in: an organisation, those whose snapshot has it; every element, those
/// whose period diagram has it; so each frame shows exactly that period's
/// diagram. A click on an organisation opens its page.
#[test]
fn each_element_of_the_animation_carries_the_periods_that_draw_it() {
    use councils::slice::{Filter, Selector, Snapshot};
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let page = std::fs::read_to_string(dir.path().join("movie.html")).unwrap();
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap() + 6];
    let animated = common::animation::read(svg);
    let dataset = councils::load_embedded().unwrap();
    let mut expected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut drawn: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &dataset.periods {
        let snap =
            Snapshot::new(&dataset, &Selector::Period(p.id.clone()), Filter::default()).unwrap();
        for &n in snap.graph.node_weights() {
            expected
                .entry(format!("org-{}", dataset.organisations[n].id))
                .or_default()
                .push(p.id.clone());
        }
        let diagram =
            std::fs::read_to_string(dir.path().join(format!("diagrams/{}.svg", p.id))).unwrap();
        for piece in diagram.split("<g id=\"").skip(1) {
            let (id, rest) = piece.split_once('"').unwrap();
            if rest.starts_with(" class=\"node") || rest.starts_with(" class=\"edge") {
                drawn
                    .entry(id.replace("&#45;", "-"))
                    .or_default()
                    .push(p.id.clone());
            }
        }
    }
    let organisations: BTreeMap<String, Vec<String>> = animated
        .elements
        .iter()
        .filter(|(id, _)| id.starts_with("org-"))
        .map(|(id, p)| (id.clone(), p.clone()))
        .collect();
    assert_eq!(organisations, expected);
    assert!(drawn.keys().any(|k| k.starts_with("rel-")));
    for (id, periods) in &drawn {
        assert_eq!(animated.elements.get(id), Some(periods), "{id}");
    }
    assert!(page.contains(
        "<a href=\"org/petrograd-soviet.html\" tabindex=\"-1\" xlink:title=\"Petrograd Soviet"
    ));
    let file = std::fs::read_to_string(dir.path().join("diagrams/movie.svg")).unwrap();
    assert!(file.contains("@keyframes mv-"));
}

/// The mini fixture's network is narrower than its periods' titles, so
/// its period diagrams are not laid out alike: the report draws the
/// animation's frames again under one title instead of leaving it out.
#[test]
fn the_animation_of_a_network_narrower_than_its_titles_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let mini = root().join("tests/fixtures/mini");
    let (code, _, stderr) = report(dir.path(), &["--data", mini.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(dir.path().join("movie.html")).unwrap();
    assert!(!page.contains("The animation is not drawn"), "{page}");
    let svg = &page[page.find("<svg").unwrap()..page.find("</svg>").unwrap() + 6];
    let animated = common::animation::read(svg);
    assert_eq!(
        animated.elements.get("org-rival"),
        Some(&vec!["late".to_string()])
    );
    assert!(dir.path().join("diagrams/movie.svg").exists());
}

/// The ego diagrams of one depth on an organisation's page: each period's
/// id and its inline SVG, in page order.
fn ego_diagrams(page: &str, depth: usize) -> Vec<(String, String)> {
    let marker = format!("id=\"ego{depth}-panel-");
    page.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &page[at + marker.len()..];
            let period = rest[..rest.find('"').unwrap()].to_string();
            let figure = &rest[..rest.find("</figure>").unwrap()];
            let svg = &figure[figure.find("<svg").expect("an SVG in the panel")..];
            (period, svg.to_string())
        })
        .collect()
}

/// Issue 14.2: the Petrograd Soviet's page shows its neighbourhood in each
/// period it existed, one relation away (and two in a details element),
/// each diagram drawing exactly the organisations of the snapshot within
/// that distance, with a legend, every organisation at the same place in
/// every period's diagram, and a link to each organisation drawn (which
/// app.js gives the node).
#[test]
fn the_petrograd_soviets_page_shows_its_neighbourhood_in_each_period() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(report(dir.path(), &[]).0, 0);
    let page = std::fs::read_to_string(dir.path().join("org/petrograd-soviet.html")).unwrap();
    let ds = councils::load_embedded().unwrap();
    let centre = "petrograd-soviet";
    let mut expected = Vec::new();
    for p in &ds.periods {
        let s = Snapshot::new(&ds, &Selector::Period(p.id.clone()), Filter::default()).unwrap();
        if s.node(centre).is_none() {
            continue;
        }
        let mut near = BTreeSet::from([centre.to_string()]);
        for r in s.relations() {
            if r.from == centre {
                near.insert(r.to.to_string());
            }
            if r.to == centre {
                near.insert(r.from.to_string());
            }
        }
        expected.push((p.id.clone(), near));
    }
    assert_eq!(
        expected.len(),
        5,
        "the Petrograd Soviet existed in every period"
    );
    let near = ego_diagrams(&page, 1);
    assert_eq!(
        near.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        expected.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        "one diagram per period, in order"
    );
    let mut place_of: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut shared = 0;
    for ((period, svg), (_, want)) in near.iter().zip(&expected) {
        let drawn = places(svg);
        let ids: BTreeSet<String> = drawn
            .keys()
            .map(|k| k.strip_prefix("org-").unwrap().to_string())
            .collect();
        assert_eq!(&ids, want, "{period}: exactly its neighbours then");
        assert!(svg.contains("id=\"legend\""), "{period}: a legend");
        assert!(svg.contains("class=\"node organisation") && svg.contains(" focus\""));
        for (id, place) in drawn {
            match place_of.get(&id) {
                Some(before) => {
                    assert_eq!(before, &place, "{id} moved in {period}");
                    shared += 1;
                }
                None => {
                    place_of.insert(id.clone(), place);
                }
            }
            let entry = format!(
                "<li data-org=\"{0}\"><a href=\"{0}.html\">",
                id.strip_prefix("org-").unwrap()
            );
            assert!(page.contains(&entry), "{entry}");
        }
    }
    assert!(shared > 20, "bodies shared between periods: {shared}");
    // Two relations away: more organisations, the same places across periods.
    let far = ego_diagrams(&page, 2);
    assert_eq!(far.len(), 5);
    let mut far_place: BTreeMap<String, (String, String)> = BTreeMap::new();
    for ((period, svg), (_, one)) in far.iter().zip(&expected) {
        let drawn = places(svg);
        let ids: BTreeSet<String> = drawn
            .keys()
            .map(|k| k.strip_prefix("org-").unwrap().to_string())
            .collect();
        assert!(ids.is_superset(one) && ids.len() > one.len(), "{period}");
        for (id, place) in drawn {
            assert_eq!(
                far_place.entry(id.clone()).or_insert(place.clone()),
                &place,
                "{id}"
            );
        }
    }
    let at = page.find("<details class=\"ego-more\"><summary>Within two relations</summary>");
    assert!(at.is_some_and(|at| at < page.find("id=\"ego2-panel-").unwrap()));
}

/// `--ego-diagrams 0` makes a report without ego diagrams, and each
/// organisation page says so and how to draw one, instead of leaving a
/// silent gap; every other page is as before.
#[test]
fn a_report_without_ego_diagrams_says_so_on_each_page() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = report(dir.path(), &["--ego-diagrams", "0"]);
    assert_eq!(code, 0, "{stderr}");
    let page = std::fs::read_to_string(dir.path().join("org/petrograd-soviet.html")).unwrap();
    assert!(ego_diagrams(&page, 1).is_empty());
    assert!(ego_diagrams(&page, 2).is_empty());
    assert!(
        page.contains("this report was made without ego diagrams"),
        "{page}"
    );
    assert!(page.contains("--focus petrograd-soviet --depth 1"));
    assert!(dir.path().join("diagrams").read_dir().unwrap().count() > 5);
}
