//! `councils dot` and `councils render`: golden DOT files for the mini
//! fixture, every 1917 diagram parsed back and rendered without warnings
//! (the rendering tests are ignored, with the reason, without Graphviz), hostile labels read back intact from the DOT
//! and the SVG, stable places across periods, and the file rules.
//!
//! Golden files live in tests/golden; `UPDATE_GOLDEN=1 cargo test --test dot`
//! rewrites them (review the diff by eye before committing).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[allow(dead_code)]
mod common;
use councils::render::dot::escape::{unescape, unescape_tooltip};
use councils::render::graphviz::{self, Format};
use graphviz_rust::dot_structures::{Attribute, Graph, Id, Stmt};

mod svg;
use svg::{places, xml_unescape};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `councils ARGS` and returns (exit code, stdout, stderr).
fn councils(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::cargo_bin("councils")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `councils --data FIXTURE dot ARGS`, which must succeed; its DOT.
fn dot_of(data: Option<&str>, args: &[&str]) -> String {
    let path = data.map(fixture);
    let mut all = Vec::new();
    if let Some(p) = &path {
        all.extend(["--data", p.to_str().unwrap()]);
    }
    all.push("dot");
    all.extend_from_slice(args);
    let (code, stdout, stderr) = councils(&all);
    assert_eq!(code, 0, "councils {all:?}: {stderr}");
    // The one note allowed: a workload-format fixture is read with day numbers.
    let unexpected: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("note: nodes.csv: read as the day-number workload format"))
        .collect();
    assert_eq!(unexpected, Vec::<&str>::new(), "councils {all:?}");
    String::from_utf8(stdout).unwrap()
}

fn parse(dot: &str) -> Graph {
    graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"))
}

/// Renders `dot` to SVG, requiring Graphviz to say nothing on stderr (the
/// tests that call this are ignored without Graphviz).
fn svg(dot: &str) -> String {
    let out = graphviz::render(dot, Format::Svg).unwrap();
    assert_eq!(out.warnings, "", "Graphviz warned");
    String::from_utf8(out.bytes).unwrap()
}

/// Compares `actual` with tests/golden/NAME, or rewrites it under
/// `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(
        expected == actual,
        "{} differs from the output (run with UPDATE_GOLDEN=1 and review the diff)\n{actual}",
        path.display()
    );
}

/// Every node statement of a parsed graph, by unescaped name, with its
/// attributes (unescaped where quoted).
fn nodes(graph: &Graph) -> BTreeMap<String, BTreeMap<String, String>> {
    fn text(id: &Id) -> String {
        match id {
            Id::Escaped(s) => unescape(s).unwrap_or_else(|| panic!("bad escape: {s}")),
            Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => s.clone(),
        }
    }
    fn walk(stmts: &[Stmt], out: &mut BTreeMap<String, BTreeMap<String, String>>) {
        for stmt in stmts {
            match stmt {
                Stmt::Node(n) if !n.attributes.is_empty() => {
                    let attrs = n
                        .attributes
                        .iter()
                        .map(|Attribute(k, v)| match (text(k).as_str(), v) {
                            ("tooltip", Id::Escaped(s)) => {
                                ("tooltip".to_string(), unescape_tooltip(s).unwrap())
                            }
                            (key, _) => (key.to_string(), text(v)),
                        })
                        .collect();
                    out.insert(text(&n.id.0), attrs);
                }
                Stmt::Subgraph(s) => walk(&s.stmts, out),
                _ => {}
            }
        }
    }
    let stmts = match graph {
        Graph::Graph { stmts, .. } | Graph::DiGraph { stmts, .. } => stmts,
    };
    let mut out = BTreeMap::new();
    walk(stmts, &mut out);
    out
}

/// The decoded contents of every `<text>` element and every tooltip of
/// an SVG.
fn svg_strings(svg: &str) -> (Vec<String>, Vec<String>) {
    let between = |open: &str, close: &str| -> Vec<String> {
        let mut found = Vec::new();
        let mut rest = svg;
        while let Some(i) = rest.find(open) {
            let after = &rest[i + open.len()..];
            let start = if open.ends_with('"') {
                0
            } else {
                after.find('>').unwrap() + 1
            };
            let end = start + after[start..].find(close).unwrap();
            found.push(xml_unescape(&after[start..end]));
            rest = &after[end..];
        }
        found
    };
    (between("<text", "</text>"), between("xlink:title=\"", "\""))
}

fn periods_1917() -> Vec<String> {
    let dataset = councils::load_embedded().unwrap();
    dataset.periods.iter().map(|p| p.id.clone()).collect()
}

#[test]
fn golden_dot_files_of_the_mini_fixture_match() {
    golden_dot_files_of_the_mini_fixture(false);
}

#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn golden_dot_files_of_the_mini_fixture_render_without_warnings() {
    golden_dot_files_of_the_mini_fixture(true);
}

/// The golden DOT files; with `render`, drawn by Graphviz too.
fn golden_dot_files_of_the_mini_fixture(render: bool) {
    let cases: [(&str, &[&str]); 7] = [
        ("mini-early.dot", &["--period", "early"]),
        (
            "mini-late-place.dot",
            &["--period", "late", "--cluster", "place"],
        ),
        (
            "mini-focus-kind.dot",
            &[
                "--at",
                "1917-09-15",
                "--focus",
                "district-soviet",
                "--depth",
                "1",
                "--cluster",
                "kind",
            ],
        ),
        ("mini-compare.dot", &["--compare", "early", "late"]),
        (
            "mini-side-by-side.dot",
            &["--compare", "early", "ns:1917-10-01", "--side-by-side"],
        ),
        ("mini-filmstrip.dot", &["--filmstrip"]),
        (
            "mini-compact-plain.dot",
            &[
                "--period",
                "late",
                "--layout",
                "compact",
                "--calendar",
                "ns",
                "--color-by",
                "none",
                "--no-legend",
                "--wrap",
                "0",
            ],
        ),
    ];
    for (name, args) in cases {
        let dot = dot_of(Some("mini"), args);
        parse(&dot);
        if render {
            svg(&dot);
        }
        golden(name, &dot);
    }
}

#[test]
fn every_1917_diagram_parses() {
    every_1917_diagram_parses_and_renders_without_warnings(false);
}

#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn every_1917_diagram_renders_without_warnings() {
    every_1917_diagram_parses_and_renders_without_warnings(true);
}

/// Every 1917 diagram parsed back; with `render`, drawn by Graphviz too.
fn every_1917_diagram_parses_and_renders_without_warnings(render: bool) {
    let mut runs: Vec<Vec<String>> = Vec::new();
    for period in periods_1917() {
        runs.push(vec!["--period".into(), period.clone()]);
        runs.push(vec![
            "--period".into(),
            period,
            "--cluster".into(),
            "place".into(),
        ]);
    }
    for extra in [
        &["--compare", "dual-power", "renewal"][..],
        &["--compare", "dual-power", "renewal", "--side-by-side"],
        &["--compare", "july-reaction", "1917-10-25"],
        &["--filmstrip"],
        &[
            "--at",
            "1917-10-25",
            "--focus",
            "petrograd-soviet",
            "--depth",
            "2",
            "--cluster",
            "kind",
        ],
    ] {
        runs.push(extra.iter().map(|s| s.to_string()).collect());
    }
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let dot = dot_of(None, &args);
        let graph = parse(&dot);
        assert!(nodes(&graph).len() > 10, "{args:?}");
        if render {
            svg(&dot);
        }
    }
}

#[test]
fn dot_is_byte_identical_from_run_to_run() {
    for args in [
        &["--period", "renewal"][..],
        &["--compare", "dual-power", "renewal"],
        &["--filmstrip"],
    ] {
        assert_eq!(dot_of(None, args), dot_of(None, args), "{args:?}");
    }
}

#[test]
fn hostile_labels_come_back_intact_from_dot() {
    hostile_labels(false);
}

#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn hostile_labels_come_back_intact_from_dot_and_svg() {
    hostile_labels(true);
}

/// Hostile labels read back from the DOT; with `render`, from the SVG too.
fn hostile_labels(render: bool) {
    let dataset = councils::load(&fixture("hostile")).unwrap();
    for cluster in ["place", "none", "kind"] {
        let dot = dot_of(
            Some("hostile"),
            &["--period", "second", "--cluster", cluster, "--wrap", "0"],
        );
        let nodes = nodes(&parse(&dot));
        for org in &dataset.organisations {
            let node = &nodes[&org.id];
            assert_eq!(node["label"], org.name, "{}", org.id);
            if let Some(note) = &org.note {
                assert!(
                    node["tooltip"].contains(note),
                    "{}: {}",
                    org.id,
                    node["tooltip"]
                );
            }
            if let Some(original) = &org.name_original {
                assert!(node["tooltip"].contains(original), "{}", org.id);
            }
        }
        if !render {
            continue;
        }
        let svg = svg(&dot);
        let (texts, tooltips) = svg_strings(&svg);
        let visible = [
            "quote-soviet",
            "backslash-committee",
            "markup-body",
            "multiline",
        ];
        for id in visible {
            let org = dataset.organisation(id).unwrap();
            for line in org.name.lines() {
                assert!(
                    texts.iter().any(|t| t == line),
                    "{line:?} not in the SVG text"
                );
            }
            if let Some(note) = &org.note {
                assert!(
                    tooltips.iter().any(|t| t.contains(note)),
                    "{note:?} not in a tooltip"
                );
            }
        }
        for line in dataset.info.title.lines() {
            assert!(texts.iter().any(|t| t == line), "title line {line:?}");
        }
        let relation = dataset
            .relations
            .iter()
            .find_map(|r| r.note.as_ref())
            .unwrap();
        assert!(
            tooltips.iter().any(|t| t.contains(relation.as_str())),
            "{relation:?}"
        );
        for value in [
            "a \"quoted\" value",
            "<b>bold</b> & co",
            "большевики",
            "back\\slash",
        ] {
            assert!(texts.iter().any(|t| t == value), "legend value {value:?}");
        }
    }
}

#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn organisations_keep_their_places_from_period_to_period() {
    let a = places(&svg(&dot_of(None, &["--period", "dual-power"])));
    let b = places(&svg(&dot_of(None, &["--period", "renewal"])));
    let common: Vec<&String> = a.keys().filter(|k| b.contains_key(*k)).collect();
    assert!(
        common.len() > 50,
        "{} organisations in common",
        common.len()
    );
    for id in common {
        assert_eq!(a[id], b[id], "{id} moved between dual-power and renewal");
    }
    // The compact layout gives up that promise: there places differ.
    let c = places(&svg(&dot_of(None, &["--period", "renewal", "--compact"])));
    assert!(c.iter().any(|(id, p)| b.get(id).is_some_and(|q| q != p)));
}

/// Issue 14.2: a compact diagram of a period keeps no slot for bodies
/// absent from it (every organisation laid out is one of the period's,
/// drawn), and keeps the stable layout's tiers, rows and left-to-right
/// order: two bodies side by side in a row of the stable layout are in
/// one row of the compact one, in the same order. Checked on where
/// Graphviz places every node of both DOT texts, in every 1917 period.
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn a_compact_layout_drops_absent_bodies_and_keeps_the_stable_order() {
    use councils::render::limits::Limits;
    use councils::slice::{Filter, Selector, Snapshot};
    let ds = councils::load_embedded().unwrap();
    let orgs = |at: &BTreeMap<String, (f64, f64)>| -> BTreeMap<String, (f64, f64)> {
        at.iter()
            .filter(|(name, _)| ds.organisation(name).is_some())
            .map(|(name, &p)| (name.clone(), p))
            .collect()
    };
    for period in periods_1917() {
        let stable_dot = dot_of(None, &["--period", &period]);
        let compact_dot = dot_of(None, &["--period", &period, "--layout", "compact"]);
        let stable = orgs(&graphviz::positions(&stable_dot, &Limits::DEFAULT).unwrap());
        let compact = orgs(&graphviz::positions(&compact_dot, &Limits::DEFAULT).unwrap());
        let snap =
            Snapshot::new(&ds, &Selector::Period(period.clone()), Filter::default()).unwrap();
        let present: BTreeSet<String> = snap
            .graph
            .node_weights()
            .map(|&n| ds.organisations[n].id.clone())
            .collect();
        assert_eq!(
            compact.keys().cloned().collect::<BTreeSet<_>>(),
            present,
            "{period}: the compact layout holds exactly the period's bodies"
        );
        assert!(
            stable.len() > present.len(),
            "{period}: the stable one keeps slots"
        );
        let slot = "style=invis id=\"org-";
        assert!(
            stable_dot.contains(slot) && !compact_dot.contains(slot),
            "{period}"
        );
        let mut pairs = 0;
        for (a, pa) in &compact {
            for (b, pb) in &compact {
                let (sa, sb) = (stable[a], stable[b]);
                if a < b && (sa.1 - sb.1).abs() < 1e-6 {
                    pairs += 1;
                    assert!(
                        (pa.1 - pb.1).abs() < 1e-6,
                        "{period}: {a} and {b} share a row"
                    );
                    assert_eq!(sa.0 < sb.0, pa.0 < pb.0, "{period}: {a} and {b} swapped");
                }
            }
        }
        assert!(pairs > 200, "{period}: {pairs} pairs side by side");
        // Smaller: the width of the widest row shrinks.
        let width = |at: &BTreeMap<String, (f64, f64)>| {
            let xs = at.values().map(|p| p.0);
            xs.clone().fold(f64::MIN, f64::max) - xs.fold(f64::MAX, f64::min)
        };
        assert!(width(&compact) < width(&stable), "{period}");
    }
}

#[test]
fn dot_to_a_file_is_atomic_and_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("early.dot");
    let data = fixture("mini");
    let base = [
        "--data",
        data.to_str().unwrap(),
        "dot",
        "--period",
        "early",
        "-o",
        file.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = councils(&base);
    assert_eq!((code, stdout.len()), (0, 0), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        dot_of(Some("mini"), &["--period", "early"])
    );
    let (code, _, stderr) = councils(&base);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("exists (use --force to replace it)"),
        "{stderr}"
    );
    let mut forced = base.to_vec();
    forced.push("--force");
    assert_eq!(councils(&forced).0, 0);
}

#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn render_all_writes_one_file_per_period_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let data = fixture("mini");
    let data = data.to_str().unwrap();
    let (code, stdout, stderr) = councils(&["--data", data, "render", "--all", "--out", out]);
    assert_eq!(code, 0, "{stderr}");
    let listed = String::from_utf8(stdout).unwrap();
    assert_eq!(listed, format!("{out}/early.svg\n{out}/late.svg\n"));
    assert!(
        std::fs::read_to_string(dir.path().join("late.svg"))
            .unwrap()
            .contains("<svg")
    );
    let (code, _, stderr) = councils(&["--data", data, "render", "--all", "--out", out]);
    assert_eq!(code, 1);
    assert!(stderr.contains("early.svg exists (use --force"), "{stderr}");
    let (code, _, stderr) = councils(&["--data", data, "render", "--all", "--out", out, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    // The format follows -o's extension; the comparison has a default name.
    let png = dir.path().join("film.png");
    let (code, _, stderr) = councils(&[
        "--data",
        data,
        "render",
        "--filmstrip",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let (code, stdout, stderr) = councils(&[
        "--data",
        data,
        "render",
        "--compare",
        "early",
        "late",
        "--format",
        "pdf",
        "--out",
        out,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        format!("{out}/compare-early-late.pdf\n")
    );
    assert!(
        std::fs::read(dir.path().join("compare-early-late.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
}

#[test]
fn render_without_graphviz_names_the_package_to_install() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("councils")
        .unwrap()
        .env("PATH", empty.path())
        .args([
            "--data",
            fixture("mini").to_str().unwrap(),
            "render",
            "--period",
            "early",
            "-o",
            "-",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("not found on PATH") && stderr.contains("apt-get install graphviz"),
        "{stderr}"
    );
}

#[test]
fn bad_operands_are_usage_errors_with_hints() {
    let data = fixture("mini");
    let data = data.to_str().unwrap();
    let (code, _, stderr) = councils(&["--data", data, "dot", "--compare", "erly", "late"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown period or date `erly` (did you mean `early`?)"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&[
        "--data",
        data,
        "dot",
        "--period",
        "early",
        "--focus",
        "city-sovet",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown organisation `city-sovet` (did you mean `city-soviet`?)"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&[
        "--data", data, "dot", "--period", "early", "--focus", "rival",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("it is not active in `early`"), "{stderr}");
    let (code, _, stderr) = councils(&[
        "--data",
        data,
        "dot",
        "--period",
        "early",
        "--color-by",
        "majorty",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown attribute `majorty` (did you mean `majority`?)"),
        "{stderr}"
    );
    let (code, _, _) = councils(&["--data", data, "dot"]);
    assert_eq!(
        code, 2,
        "one of --period, --at, --compare, --filmstrip is required"
    );
}

/// What an SVG draws for one Graphviz node or edge: its `<g id>`, its
/// `<title>` (the node's name, or the edge's `from->to`; entities left
/// out), the drawing elements inside it (tag and attributes), in order.
struct Drawn {
    id: String,
    title: String,
    class: String,
    parts: Vec<(String, BTreeMap<String, String>)>,
}

/// The nodes and edges of an SVG as Graphviz writes it, and its gradients
/// (id -> stop colours), read with quick-xml.
fn drawn(svg: &str) -> (Vec<Drawn>, BTreeMap<String, Vec<String>>) {
    use quick_xml::events::{BytesStart, Event};
    fn attrs(e: &BytesStart) -> BTreeMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    a.key.into_inner().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect()
    }
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut out: Vec<Drawn> = Vec::new();
    let mut gradients: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut gradient: Option<String> = None;
    // Depth of open <g> elements, and the depth of the current node or edge.
    let (mut depth, mut open_at) = (0usize, None::<usize>);
    let mut in_title = false;
    loop {
        let (event, empty) = match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Text(t) if in_title => {
                let last = out.last_mut().unwrap();
                last.title.push_str(&t.xml10_content());
                continue;
            }
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().into_inner() {
                    "g" => {
                        if open_at == Some(depth) {
                            open_at = None;
                        }
                        depth -= 1;
                    }
                    "linearGradient" | "radialGradient" => gradient = None,
                    "title" => in_title = false,
                    _ => {}
                }
                continue;
            }
            _ => continue,
        };
        let a = attrs(&event);
        match event.name().into_inner() {
            "g" if !empty => {
                depth += 1;
                let class = a.get("class").cloned().unwrap_or_default();
                let kind = class.split(' ').next().unwrap_or("");
                if open_at.is_none() && (kind == "node" || kind == "edge") {
                    open_at = Some(depth);
                    out.push(Drawn {
                        id: a["id"].clone(),
                        title: String::new(),
                        class,
                        parts: Vec::new(),
                    });
                }
            }
            "title" if !empty && open_at == Some(depth) => in_title = true,
            "linearGradient" | "radialGradient" => gradient = Some(a["id"].clone()),
            "stop" => {
                let style = a.get("style").cloned().unwrap_or_default();
                let color = style
                    .split(';')
                    .find_map(|p| p.strip_prefix("stop-color:"))
                    .or(a.get("stop-color").map(String::as_str))
                    .unwrap()
                    .to_string();
                gradients
                    .entry(gradient.clone().unwrap())
                    .or_default()
                    .push(color);
            }
            tag @ ("path" | "polygon" | "polyline" | "ellipse") if open_at.is_some() => {
                let tag = tag.to_string();
                out.last_mut().unwrap().parts.push((tag, a));
            }
            _ => {}
        }
    }
    (out, gradients)
}

/// How a drawing element looks, its geometry aside: tag, number of points,
/// whether it is filled.
fn figure(tag: &str, a: &BTreeMap<String, String>) -> String {
    let points = a.get("points").map_or(0, |p| p.split_whitespace().count());
    let filled = a.get("fill").is_some_and(|f| f != "none");
    format!(
        "{tag}/{points}/{}",
        if filled { "filled" } else { "hollow" }
    )
}

/// (colour, opacity, dash, width) of a drawing element's pen.
fn pen(a: &BTreeMap<String, String>) -> String {
    let get = |k: &str| a.get(k).cloned().unwrap_or_default();
    format!(
        "stroke {} opacity {} dash {} width {}",
        get("stroke"),
        get("stroke-opacity"),
        get("stroke-dasharray"),
        get("stroke-width")
    )
}

/// The look of an edge: its line's pen and the figures of its arrowheads.
fn edge_look(d: &Drawn) -> Option<String> {
    let (line, heads) = d.parts.split_first()?;
    let mut heads: Vec<String> = heads.iter().map(|(t, a)| figure(t, a)).collect();
    heads.sort();
    Some(format!("{} heads {}", pen(&line.1), heads.join(" ")))
}

/// The shape of a node (the figures it is drawn with) and its outline.
fn node_look(d: &Drawn) -> (String, Option<String>) {
    let shape: Vec<String> = d.parts.iter().map(|(t, a)| figure(t, a)).collect();
    (shape.join(" "), d.parts.first().map(|(_, a)| pen(a)))
}

/// Checks that every edge look, node shape, node outline and fill drawn
/// outside the legend is drawn inside it too; returns the edge looks by
/// relation kind class.
fn assert_legend_explains(svg: &str, what: &str) -> BTreeMap<String, BTreeSet<String>> {
    let (all, gradients) = drawn(svg);
    let (legend, diagram): (Vec<&Drawn>, Vec<&Drawn>) =
        all.iter().partition(|d| d.title.starts_with("legend."));
    assert!(!legend.is_empty(), "{what}: no legend");
    let solid_fill = |f: &str| !matches!(f, "none" | "transparent") && !f.starts_with("url(");
    let gradient_of = |f: &str| {
        f.strip_prefix("url(#")
            .and_then(|f| f.strip_suffix(')'))
            .map(|id| gradients[id].clone())
    };
    let mut legend_edges = BTreeSet::new();
    let mut legend_shapes = BTreeSet::new();
    let mut legend_pens = BTreeSet::new();
    let mut legend_fills = BTreeSet::new();
    let mut legend_gradient = false;
    for d in &legend {
        if d.class.starts_with("edge") {
            legend_edges.extend(edge_look(d));
        } else {
            let (shape, pen) = node_look(d);
            legend_shapes.insert(shape);
            legend_pens.extend(pen);
            for (_, a) in &d.parts {
                let fill = a.get("fill").map_or("none", String::as_str);
                if let Some(stops) = gradient_of(fill) {
                    legend_gradient = true;
                    legend_fills.extend(stops);
                } else if solid_fill(fill) {
                    legend_fills.insert(fill.to_string());
                }
            }
        }
    }
    let mut by_kind: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (mut edges, mut nodes) = (0, 0);
    for d in &diagram {
        if d.class.starts_with("edge") {
            let Some(look) = edge_look(d) else { continue };
            edges += 1;
            assert!(
                legend_edges.contains(&look),
                "{what}: edge {} is drawn `{look}`, which the legend does not show; it shows {legend_edges:#?}",
                d.id
            );
            if let Some(kind) = d.class.split(' ').find(|c| c.starts_with("kind-")) {
                by_kind.entry(kind.to_string()).or_default().insert(look);
            }
        } else if d.id.contains("org-") && !d.parts.is_empty() {
            nodes += 1;
            let (shape, outline) = node_look(d);
            assert!(
                legend_shapes.contains(&shape),
                "{what}: organisation {} has shape `{shape}`, not in the legend {legend_shapes:#?}",
                d.id
            );
            let outline = outline.unwrap();
            assert!(
                legend_pens.contains(&outline),
                "{what}: organisation {} is outlined `{outline}`, not in the legend {legend_pens:#?}",
                d.id
            );
            let fill = d.parts[0].1["fill"].as_str();
            if let Some(stops) = gradient_of(fill) {
                assert!(legend_gradient, "{what}: {} has a gradient", d.id);
                for stop in stops {
                    assert!(legend_fills.contains(&stop), "{what}: {} {stop}", d.id);
                }
            } else {
                assert!(
                    legend_fills.contains(fill),
                    "{what}: organisation {} is filled {fill}, not in the legend {legend_fills:?}",
                    d.id
                );
            }
        }
    }
    assert!(
        edges > 0 && nodes > 0,
        "{what}: {edges} edges, {nodes} nodes"
    );
    by_kind
}

/// The arguments of `councils dot` for every kind of 1917 diagram: each
/// period, the comparison merged and side by side, the filmstrip, a focus.
fn diagrams_1917() -> Vec<Vec<String>> {
    let mut runs: Vec<Vec<String>> = periods_1917()
        .into_iter()
        .map(|p| vec!["--period".to_string(), p])
        .collect();
    for extra in [
        &["--compare", "dual-power", "renewal"][..],
        &["--compare", "dual-power", "renewal", "--side-by-side"],
        &["--filmstrip"],
        &["--at", "1917-10-25", "--focus", "petrograd-soviet"],
    ] {
        runs.push(extra.iter().map(|s| s.to_string()).collect());
    }
    runs
}

/// Regression: the comparison coloured relations by status (added green,
/// removed red) under a legend of kind colours (delegation green, conflict
/// red), and no legend explained the shapes. Every edge look (colour,
/// opacity, dash, width, arrowheads), node shape, outline and fill of the
/// rendered SVG must be drawn in its legend.
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn every_style_of_a_1917_diagram_is_in_its_legend() {
    for args in diagrams_1917() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let svg = svg(&dot_of(None, &args));
        let by_kind = assert_legend_explains(&svg, &format!("{args:?}"));
        if args[0] == "--compare" {
            // Kind and status stay apart: no look is shared by two kinds.
            let mut seen = BTreeMap::new();
            for (kind, looks) in &by_kind {
                for look in looks {
                    if let Some(other) = seen.insert(look.clone(), kind.clone()) {
                        panic!("{args:?}: {kind} and {other} are both drawn `{look}`");
                    }
                }
            }
        }
        let (texts, _) = svg_strings(&svg);
        assert!(
            texts.iter().any(|t| t == "SRs and Mensheviks"),
            "{args:?}: the legend names values by their labels"
        );
        assert!(
            !texts.iter().any(|t| t.contains("sr-menshevik")),
            "{args:?}: a value id is shown"
        );
    }
}

/// Issue 14.4: the legend lists only the styles its diagram draws. Under the
/// stable layout it holds an entry for every style of every period (so that
/// its size, and the organisations' places, do not change), but an entry
/// this diagram does not use is invisible: every relation line, shape,
/// outline and fill the legend shows is drawn in the diagram.
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn the_legend_lists_only_the_styles_its_diagram_draws() {
    let mut texts_of = BTreeMap::new();
    for args in diagrams_1917() {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let what = format!("{args:?}");
        let svg = svg(&dot_of(None, &args));
        let (all, gradients) = drawn(&svg);
        let (legend, diagram): (Vec<&Drawn>, Vec<&Drawn>) =
            all.iter().partition(|d| d.title.starts_with("legend."));
        let stops = |fill: &str| -> Vec<String> {
            match fill.strip_prefix("url(#").and_then(|f| f.strip_suffix(')')) {
                Some(id) => gradients[id].clone(),
                None => vec![fill.to_string()],
            }
        };
        let mut edges = BTreeSet::new();
        let mut shapes = BTreeSet::new();
        let mut pens = BTreeSet::new();
        let mut fills = BTreeSet::new();
        let mut gradient = false;
        for d in &diagram {
            if d.class.starts_with("edge") {
                edges.extend(edge_look(d));
            } else if d.id.contains("org-") && !d.parts.is_empty() {
                let (shape, pen) = node_look(d);
                shapes.insert(shape);
                pens.extend(pen);
                let fill = &d.parts[0].1["fill"];
                gradient |= fill.starts_with("url(");
                fills.extend(stops(fill));
            }
        }
        let mut shown = 0;
        for d in legend.iter().filter(|d| !d.parts.is_empty()) {
            shown += 1;
            let title = d.title.as_str();
            if d.class.starts_with("edge") {
                let look = edge_look(d).unwrap();
                assert!(
                    edges.contains(&look),
                    "{what}: the legend shows {title} `{look}`, not drawn"
                );
            } else if title.starts_with("legend.fill") {
                for (_, a) in d.parts.iter().filter(|(_, a)| a["fill"] != "none") {
                    assert!(
                        !a["fill"].starts_with("url(") || gradient,
                        "{what}: the legend shows a change of value ({title}), none is drawn"
                    );
                    for stop in stops(&a["fill"]) {
                        assert!(
                            fills.contains(&stop),
                            "{what}: the legend shows the fill {stop} ({title}), not drawn"
                        );
                    }
                }
            } else if ["legend.kept", "legend.added", "legend.removed"].contains(&title) {
                let pen = node_look(d).1.unwrap();
                assert!(
                    pens.contains(&pen),
                    "{what}: the legend shows the outline {title}, not drawn"
                );
            } else if title.starts_with("legend.shape") {
                let shape = node_look(d).0;
                assert!(
                    shapes.contains(&shape),
                    "{what}: the legend shows the shape `{shape}` ({title}), not drawn"
                );
            }
        }
        assert!(shown > 5, "{what}: {shown} legend entries shown");
        texts_of.insert(args.join(" "), svg_strings(&svg).0);
    }
    // The 1917 dataset's majorities: only the renewal has a contested one.
    let contested = |run: &str| texts_of[run].iter().any(|t| t == "contested");
    assert!(contested("--period renewal"));
    assert!(!contested("--period dual-power"));
}

/// Issue 14.4: a period diagram reads at a glance and in greyscale: its
/// title names the period and its dates, and its relation kinds differ by
/// dash, width or arrowhead, not only by colour.
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn a_1917_diagram_names_its_period_and_reads_in_greyscale() {
    let dataset = councils::load_embedded().unwrap();
    for period in &dataset.periods {
        let svg = svg(&dot_of(None, &["--period", &period.id]));
        let (texts, _) = svg_strings(&svg);
        let heading = format!("{} ({}), 1917-", period.label, period.id);
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with(&heading) && t.ends_with(" (O.S. / N.S.)")),
            "{}: no title line `{heading}... (O.S. / N.S.)`",
            period.id
        );
        let (all, _) = drawn(&svg);
        let mut kind_of_look: BTreeMap<String, String> = BTreeMap::new();
        for d in all.iter().filter(|d| d.class.starts_with("edge relation")) {
            let Some(look) = edge_look(d) else { continue };
            // The look without its colour: what a greyscale print shows.
            let grey: Vec<&str> = look.split(' ').collect();
            let grey = grey[2..].join(" ");
            let kind = d.class.split(' ').find(|c| c.starts_with("kind-")).unwrap();
            if let Some(other) = kind_of_look.insert(grey.clone(), kind.to_string()) {
                assert_eq!(other, kind, "{}: both drawn `{grey}` in grey", period.id);
            }
        }
        assert!(kind_of_look.len() >= 4, "{}: {kind_of_look:?}", period.id);
    }
    let renewal = svg_strings(&svg(&dot_of(None, &["--period", "renewal"]))).0;
    assert!(renewal.iter().any(|t| t
        == "The renewal of the soviets (renewal), 1917-09-01 / 1917-09-14 – 1917-10-09 / 1917-10-22 (O.S. / N.S.)"));
}

/// Regression: in a CSV dataset without declared relation kinds, conflict
/// and support were drawn alike (both flow across).
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn undeclared_csv_kinds_are_told_apart_and_explained() {
    let dot = dot_of(Some("csv/gen120"), &["--period", "p2"]);
    let svg = svg(&dot);
    let by_kind = assert_legend_explains(&svg, "gen120");
    assert_eq!(by_kind.len(), 4, "{by_kind:#?}");
    let (conflict, support) = (&by_kind["kind-conflict"], &by_kind["kind-support"]);
    assert!(conflict.is_disjoint(support), "{conflict:?} {support:?}");
}

/// `value_labels` must name declared values.
#[test]
fn value_labels_must_name_declared_values() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["dataset.toml", "network.toml"] {
        let mut text = std::fs::read_to_string(fixture("mini").join(file)).unwrap();
        text = text.replace(
            "values = [\"sr-menshevik\", \"bolshevik\"]",
            "values = [\"sr-menshevik\", \"bolshevik\"]\nvalue_labels = { bolsheviks = \"Bolsheviks\" }",
        );
        std::fs::write(dir.path().join(file), text).unwrap();
    }
    let (code, _, stderr) = councils(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`value_labels` names `bolsheviks`, which is not a declared value of `majority`\n  hint: did you mean `bolshevik`?"),
        "{stderr}"
    );
}

/// The organisations of each period's snapshot of the 1917 dataset, by id,
/// with the periods they are in.
fn periods_of_each_organisation() -> BTreeMap<String, Vec<String>> {
    use councils::slice::{Filter, Selector, Snapshot};
    let dataset = councils::load_embedded().unwrap();
    let mut periods: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &dataset.periods {
        let snap =
            Snapshot::new(&dataset, &Selector::Period(p.id.clone()), Filter::default()).unwrap();
        for &n in snap.graph.node_weights() {
            periods
                .entry(format!("org-{}", dataset.organisations[n].id))
                .or_default()
                .push(p.id.clone());
        }
    }
    periods
}

/// `render --animate -o x.svg`: a well-formed SVG in which every
/// organisation drawn in any period is an element whose `data-periods`
/// are exactly the periods whose snapshot has it, each of its looks
/// animated by a keyframe rule of the SVG's own style; the same bytes
/// every run; and `-o x.html` the player, with nothing to fetch.
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn render_animate_writes_an_svg_animating_every_organisation_in_its_periods() {
    let dir = tempfile::tempdir().unwrap();
    let svg_path = dir.path().join("movie.svg");
    let (code, stdout, stderr) =
        councils(&["render", "--animate", "-o", svg_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        format!("{}\n", svg_path.display())
    );
    assert_eq!(stderr, "", "no Graphviz warning");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    let animated = common::animation::read(&svg);
    let organisations: BTreeMap<String, Vec<String>> = animated
        .elements
        .iter()
        .filter(|(id, _)| id.starts_with("org-"))
        .map(|(id, p)| (id.clone(), p.clone()))
        .collect();
    let expected = periods_of_each_organisation();
    assert!(expected.len() > 100, "{}", expected.len());
    assert_eq!(organisations, expected);
    // Some come and go: their looks are animated by the rule of their
    // pattern of periods (dual-power, july-reaction, ... as 0s and 1s).
    let partial = expected.values().filter(|p| p.len() < 5).count();
    assert!(partial > 10, "{partial}");
    assert!(animated.looks.len() >= partial, "{}", animated.looks.len());
    for (class, periods) in &animated.looks {
        let pattern = [
            "dual-power",
            "july-reaction",
            "kornilov",
            "renewal",
            "insurrection",
        ]
        .map(|p| {
            if periods.iter().any(|x| x == p) {
                '1'
            } else {
                '0'
            }
        })
        .iter()
        .collect::<String>();
        assert!(
            class.split(' ').any(|c| c == format!("mv-{pattern}")),
            "{class} {periods:?}"
        );
        assert!(
            animated
                .style
                .contains(&format!("@keyframes mv-{pattern} ")),
            "{pattern}"
        );
    }
    // Deterministic.
    let again = dir.path().join("again.svg");
    assert_eq!(
        councils(&["render", "--animate", "-o", again.to_str().unwrap()]).0,
        0
    );
    assert_eq!(std::fs::read(&again).unwrap(), svg.as_bytes());
    // The page: the player and the same elements, everything inline.
    let html_path = dir.path().join("movie.html");
    let (code, _, stderr) = councils(&["render", "--animate", "-o", html_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("data-movie=\"\"") && html.contains("<li data-frame=\"renewal\""));
    assert!(
        !html.contains(" src=") && !html.contains("<link"),
        "nothing fetched"
    );
    let inline = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6];
    let page = common::animation::read(inline);
    assert_eq!(
        page.elements.keys().collect::<Vec<_>>(),
        animated.elements.keys().collect::<Vec<_>>()
    );
    // Written once: refused without --force.
    let (code, _, stderr) = councils(&["render", "--animate", "-o", html_path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("movie.html exists (use --force"),
        "{stderr}"
    );
}

#[test]
fn render_animate_refuses_what_it_cannot_animate() {
    let (code, _, stderr) = councils(&["render", "--animate", "--compact"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("'--animate' cannot be used with '--compact'"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&["render", "--animate", "--format", "png", "-o", "-"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--animate writes svg or html, not png"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&["render", "--period", "renewal", "--format", "html"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--format html is for --animate"),
        "{stderr}"
    );
}

/// A filmstrip's organisations were unlabelled shapes, names only in the
/// tooltips, so a printed filmstrip could not be read. Each now carries
/// its number, the same in every panel, and the key below the panels gives
/// each number's name, from 1 up, the highest tier first; rendered (with
/// Graphviz), the key is text of the picture and every shape is drawn.
#[test]
fn the_filmstrip_numbers_its_organisations_and_its_key_names_them() {
    let dataset = councils::load_embedded().unwrap();
    let dot = dot_of(None, &["--filmstrip"]);
    let all = nodes(&parse(&dot));
    let mut numbers: BTreeMap<String, String> = BTreeMap::new();
    for (name, attrs) in &all {
        let Some((panel, id)) = name.split_once('.') else {
            continue;
        };
        if !panel.starts_with('p') || dataset.organisation(id).is_none() {
            continue;
        }
        let label = attrs["label"].clone();
        match numbers.get(id) {
            Some(first) => assert_eq!(first, &label, "{id} in {panel}"),
            None => {
                numbers.insert(id.to_string(), label);
            }
        }
    }
    assert!(numbers.len() > 100, "{}", numbers.len());
    let mut seen: Vec<usize> = numbers.values().map(|n| n.parse().unwrap()).collect();
    seen.sort_unstable();
    assert_eq!(seen, (1..=numbers.len()).collect::<Vec<_>>());
    let key = &all["key.table"]["label"];
    for (id, n) in &numbers {
        let name =
            councils::render::dot::escape::html_text(&dataset.organisation(id).unwrap().name);
        let entry = format!("<TD ALIGN=\"RIGHT\">{n}</TD><TD ALIGN=\"LEFT\">{name}</TD>");
        assert!(key.contains(&entry), "{entry}");
    }
    // The highest tier first: number 1 is a national body.
    let first = numbers.iter().find(|(_, n)| *n == "1").unwrap().0;
    let top = dataset.levels.len() - 1;
    assert_eq!(dataset.organisation(first).unwrap().level, top);
    if !cfg!(has_graphviz) {
        return;
    }
    let picture = svg(&dot);
    let (texts, _) = svg_strings(&picture);
    assert!(
        texts
            .iter()
            .any(|t| t == "Key: the organisations by number")
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "Petrograd Soviet of Workers' and Soldiers' Deputies")
    );
    assert!(!picture.contains("nan,"), "every shape has coordinates");
}

/// On a network narrower than its diagrams' titles (the mini fixture),
/// each period's own title set the width of its diagram and Graphviz
/// centred the drawing, so the periods' diagrams were not laid out alike
/// and the animation was refused. The frames are drawn under one title,
/// and each shows its own.
#[test]
#[cfg_attr(
    not(has_graphviz),
    ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
)]
fn render_animate_lays_out_a_network_narrower_than_its_titles() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mini.svg");
    let data = fixture("mini");
    let (code, _, stderr) = councils(&[
        "--data",
        data.to_str().unwrap(),
        "render",
        "--animate",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let svg = std::fs::read_to_string(&out).unwrap();
    let animated = common::animation::read(&svg);
    assert_eq!(
        animated.elements.get("org-rival"),
        Some(&vec!["late".to_string()])
    );
    assert_eq!(
        animated.elements.get("org-city-soviet"),
        Some(&vec!["early".to_string(), "late".to_string()])
    );
    for (period, title) in [
        ("early", "Early (early), 1917-03-01"),
        ("late", "Late (late), 1917-07-01"),
    ] {
        let look = format!("data-periods=\"{period}\"");
        let at = svg
            .find(&format!("{look}><text"))
            .or_else(|| svg.find(&format!("{look} opacity=\"0\"><text")))
            .unwrap_or_else(|| panic!("no title look for {period}: {svg}"));
        let line = &svg[at..svg[at..].find("</text>").unwrap() + at];
        assert!(line.replace("&#45;", "-").contains(title), "{line}");
    }
}
