//! `councils import gexf|graphml`: our own exports come back identical,
//! networkx's and igraph's files import with the right counts and dates,
//! an undated network is one timeless slice that every command takes, and
//! bad files are reported at their line and column.

mod common;

use std::path::{Path, PathBuf};

use common::{councils, fixture};
use serde_json::Value;

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `councils import FORMAT FILE --out DIR ARGS`, asserting success; stderr.
fn import(format: &str, file: &Path, out: &Path, args: &[&str]) -> String {
    let mut all = vec!["import", format, path(file), "--out", path(out)];
    all.extend_from_slice(args);
    let (code, _, notes) = councils(&all);
    assert_eq!(code, 0, "import {format} {}: {notes}", file.display());
    let (code, stdout, stderr) = councils(&["validate", path(out)]);
    assert_eq!(
        code, 0,
        "the imported dataset must validate: {stdout}{stderr}"
    );
    notes
}

/// Export (from `data`, or the embedded dataset) to a file in `dir`.
fn export(data: Option<&Path>, format: &str, file: &Path) {
    let mut args = Vec::new();
    if let Some(d) = data {
        args.extend(["--data", path(d)]);
    }
    args.extend(["export", "--format", format, "-o", path(file)]);
    let (code, _, stderr) = councils(&args);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn our_exports_come_back_byte_identical() {
    for data in [
        None,
        Some(fixture("mini")),
        Some(fixture("csv/tricky")),
        Some(fixture("csv/gen120")),
    ] {
        for format in ["gexf", "graphml"] {
            let dir = tempfile::tempdir().unwrap();
            let first = dir.path().join(format!("first.{format}"));
            let second = dir.path().join(format!("second.{format}"));
            let dataset = dir.path().join("imported");
            export(data.as_deref(), format, &first);
            let notes = import(format, &first, &dataset, &[]);
            assert!(notes.contains("written by `councils export`"), "{notes}");
            export(Some(&dataset), format, &second);
            let (mut a, b) = (
                std::fs::read_to_string(&first).unwrap(),
                std::fs::read_to_string(&second).unwrap(),
            );
            if format == "gexf" {
                a = without_viz(&a);
            }
            assert!(
                a == b,
                "{format} of {data:?} changed in the round trip:\n{}",
                first_difference(&a, &b)
            );
        }
    }
}

/// `gexf` without its `<viz:…>` elements. They are not data the dataset
/// holds: the export draws colour, position and size from the palette,
/// the stable layout of the periods and a measure, and a GEXF file carries
/// neither the periods nor the dataset's vocabulary, so an imported
/// dataset is exported without them (docs/interchange.md).
fn without_viz(gexf: &str) -> String {
    gexf.lines()
        .filter(|line| !line.trim_start().starts_with("<viz:"))
        .map(|line| format!("{line}\n"))
        .collect()
}

fn first_difference(a: &str, b: &str) -> String {
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}:\n- {x}\n+ {y}", i + 1);
        }
    }
    format!("{} lines vs {}", a.lines().count(), b.lines().count())
}

#[test]
fn the_1917_gexf_is_read_in_the_julian_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let gexf = dir.path().join("1917.gexf");
    export(None, "gexf", &gexf);
    let out = dir.path().join("d");
    let notes = import("gexf", &gexf, &out, &[]);
    assert!(
        notes.contains("calendar: julian (Old Style), guessed"),
        "{notes}"
    );
    let d = councils::load(&out).unwrap();
    let original = councils::load_embedded().unwrap();
    assert_eq!(d.info.calendar, original.info.calendar);
    assert_eq!(d.organisations.len(), original.organisations.len());
    assert_eq!(d.relations.len(), original.relations.len());
    let (a, b) = (
        d.organisation("petrograd-soviet").unwrap(),
        original.organisation("petrograd-soviet").unwrap(),
    );
    assert_eq!(a.during.text, b.during.text);
    assert_eq!(a.states.len(), b.states.len());
}

/// The files of tests/fixtures/import (or a fresh copy in `dir`) import
/// as expected.json says.
fn check_fixtures(dir: &Path) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let out = tempfile::tempdir().unwrap();
    for (file, want) in expected.as_object().unwrap() {
        let format = if file.ends_with(".gexf") {
            "gexf"
        } else {
            "graphml"
        };
        let target = out.path().join(file.replace('.', "-"));
        let args: &[&str] = if file == "igraph.graphml" {
            &["--start-from", "start", "--end-from", "end"]
        } else {
            &[]
        };
        import(format, &dir.join(file), &target, args);
        let d = councils::load(&target).unwrap();
        assert_eq!(
            d.organisations.len() as u64,
            want["nodes"].as_u64().unwrap(),
            "{file}"
        );
        let relations = want.get("relations").or(want.get("edges")).unwrap();
        assert_eq!(
            d.relations.len() as u64,
            relations.as_u64().unwrap(),
            "{file}"
        );
        if let Some(lifetimes) = want.get("lifetimes") {
            for (id, during) in lifetimes.as_object().unwrap() {
                assert_eq!(
                    d.organisation(id).unwrap().during.text,
                    during.as_str().unwrap(),
                    "{file}: {id}"
                );
            }
        }
        if let Some(dates) = want.get("relation_dates") {
            let mut got: Vec<String> = d.relations.iter().map(|r| r.during.text.clone()).collect();
            got.sort();
            let want: Vec<String> = dates
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            assert_eq!(got, want, "{file}");
        }
        if let Some(states) = want.get("states") {
            for (id, list) in states.as_object().unwrap() {
                let got: Vec<Value> = d
                    .organisation(id)
                    .unwrap()
                    .states
                    .iter()
                    .map(|s| serde_json::json!([s.attribute, s.value, s.during.text]))
                    .collect();
                assert_eq!(&Value::Array(got), list, "{file}: {id}");
            }
        }
        if let Some(kinds) = want.get("kinds") {
            let got: Vec<&str> = d.relation_kinds.iter().map(|k| k.id.as_str()).collect();
            let mut got = got;
            got.sort();
            let want: Vec<&str> = kinds
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(got, want, "{file}");
        }
    }
}

#[test]
fn networkx_and_igraph_files_import_with_their_counts_and_dates() {
    check_fixtures(&fixture("import"));
}

#[test]
#[cfg_attr(
    not(has_networkx),
    ignore = "needs a Python with networkx: COUNCILS_PYTHON, .venv or python3"
)]
fn files_written_now_by_networkx_and_igraph_import_alike() {
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/networkx/import_fixtures.py");
    let run = std::process::Command::new(env!("COUNCILS_NETWORKX_PYTHON"))
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let fresh: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("expected.json")).unwrap())
            .unwrap();
    // CI installs igraph (.ci/run); elsewhere its file may be missing.
    if cfg!(ci) {
        assert!(
            fresh.get("igraph.graphml").is_some(),
            "CI needs python igraph (pip install igraph)"
        );
    }
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("import/expected.json")).unwrap())
            .unwrap();
    for (file, want) in fresh.as_object().unwrap() {
        assert_eq!(Some(want), committed.get(file), "{file}");
    }
    check_fixtures(dir.path());
    // networkx's betweenness of the graph it wrote, again.
    for file in ["florentine.json", "florentine.graphml"] {
        let a = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let b = std::fs::read_to_string(fixture("import").join(file)).unwrap();
        assert_eq!(a, b, "{file}");
    }
}

/// The betweenness `councils centrality` gives the imported dataset `data`
/// with no slice flags, by id.
fn betweenness(data: &Path) -> Vec<(String, f64)> {
    let (code, stdout, stderr) =
        councils(&["--data", path(data), "centrality", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let mut out: Vec<(String, f64)> = json["slices"][0]["measures"]["betweenness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["value"].as_f64().unwrap(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn florentine_families_give_networkx_betweenness_with_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("florentine");
    let notes = import("graphml", &fixture("import/florentine.graphml"), &out, &[]);
    assert!(notes.contains("`Medici` -> `medici`"), "{notes}");
    assert!(notes.contains("15 node ids mapped to slugs"), "{notes}");
    let d = councils::load(&out).unwrap();
    // Undirected stays undirected.
    assert_eq!(d.relation_kinds.len(), 1);
    assert!(!d.relation_kinds[0].directed);
    assert!(councils::slice::is_timeless(&d));
    let want: std::collections::BTreeMap<String, f64> =
        serde_json::from_str(&std::fs::read_to_string(fixture("import/florentine.json")).unwrap())
            .unwrap();
    let got = betweenness(&out);
    assert_eq!(got.len(), want.len());
    for (id, value) in &got {
        let name = d.organisation(id).unwrap().name.clone();
        let expected = want[&name];
        assert!(
            (value - expected).abs() < 1e-12,
            "{name}: councils {value}, networkx {expected}"
        );
    }
    let medici = got.iter().find(|(id, _)| id == "medici").unwrap().1;
    assert!((medici - 0.521978021978022).abs() < 1e-12, "{medici}");
}

#[test]
fn a_timeless_network_is_sliced_whole_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("florentine");
    import("graphml", &fixture("import/florentine.graphml"), &out, &[]);
    let data = path(&out);
    let svg = dir.path().join("render");
    std::fs::create_dir(&svg).unwrap();
    let export = dir.path().join("x.gexf");
    for args in [
        vec!["centrality"],
        vec!["stats"],
        vec!["snapshot", "--format", "json"],
        vec!["dot"],
        vec!["communities"],
        vec!["path", "medici", "strozzi"],
        vec!["reach", "medici"],
        vec!["export", "--format", "gexf", "-o", path(&export)],
        vec!["export", "--format", "graphml"],
        vec!["render", "--format", "svg", "--out", path(&svg)],
    ] {
        let mut all = vec!["--data", data];
        all.extend(args.iter().copied());
        let (code, stdout, stderr) = councils(&all);
        if args[0] == "render" && !cfg!(has_graphviz) {
            continue;
        }
        assert_eq!(code, 0, "{args:?}: {stderr}");
        if args[0] == "stats" {
            assert!(
                stdout.contains("organisations                       15"),
                "{stdout}"
            );
            assert!(stdout.contains("timeless"), "{stdout}");
        }
        if args[0] == "centrality" || args[0] == "stats" {
            // The header names no window of days (it read `.. – ..`).
            assert!(
                stdout.starts_with("# timeless: the whole network, which has no dates;"),
                "{stdout}"
            );
        }
        if args[0] == "reach" {
            assert!(
                stdout.contains("# 14 organisations reached from medici, by steps"),
                "{stdout}"
            );
            assert!(
                stdout.contains("pazzi         Pazzi         2      salviati"),
                "{stdout}"
            );
        }
        if args[0] == "path" {
            assert!(stdout.contains("1 shortest path of 2 steps"), "{stdout}");
        }
    }
    let (code, stdout, _) = councils(&["--data", data, "snapshot", "--format", "json"]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["organisations"].as_array().unwrap().len(), 15);
    assert_eq!(json["relations"].as_array().unwrap().len(), 20);
    // A dated dataset still asks for a slice.
    let (code, _, stderr) = councils(&["centrality"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--period or --at: no period and no date given"),
        "{stderr}"
    );
    let (code, _, stderr) = councils(&["snapshot"]);
    assert_eq!(code, 2, "{stderr}");
}

/// `report` compares two slices in time: on a network without dates it
/// says so and names the commands that work on it (it asked for two
/// periods or `--compare`, which such a network cannot give).
#[test]
fn the_report_of_a_timeless_network_says_why_it_cannot_be_made() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("florentine");
    import("graphml", &fixture("import/florentine.graphml"), &out, &[]);
    let site = dir.path().join("site");
    let (code, _, stderr) = councils(&["--data", path(&out), "report", "-o", path(&site)]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("this network has no dates (one timeless slice)"),
        "{stderr}"
    );
    assert!(!stderr.contains("--compare"), "{stderr}");
    assert!(!site.exists());
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const VIZ: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph defaultedgetype="directed" mode="static">
    <attributes class="edge">
      <attribute id="0" title="relation type" type="string"/>
      <attribute id="1" title="since" type="string"/>
    </attributes>
    <nodes>
      <node id="Petrograd Soviet" label="Petrograd Soviet">
        <viz:color r="200" g="10" b="10"/>
        <viz:position x="1.0" y="2.0"/>
      </node>
      <node id="mrc" label="Military Revolutionary Committee">
        <viz:color r="10" g="10" b="200"/>
        <viz:size value="3"/>
      </node>
    </nodes>
    <edges>
      <edge id="e1" source="Petrograd Soviet" target="mrc" weight="2">
        <attvalues><attvalue for="0" value="Control"/><attvalue for="1" value="Oct"/></attvalues>
        <viz:thickness value="2"/>
      </edge>
    </edges>
  </graph>
</gexf>
"#;

#[test]
fn what_is_guessed_or_dropped_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "viz.gexf", VIZ);
    let out = dir.path().join("d");
    let notes = import("gexf", &file, &out, &["--kind-from", "relation type"]);
    for expected in [
        "note: 1 node id mapped to slugs (the dataset format's ids): `Petrograd Soviet` -> `petrograd-soviet`",
        "note: relation kinds from edge attribute `relation type` (--kind-from): control",
        "note: 1 relation kind id mapped to slugs (the dataset format's ids): `Control` -> `control`",
        "note: dropped edge attributes (a relation holds only kind, weight, note and certainty): `since` (1)",
        "note: dropped elements the dataset cannot hold: <viz:color> (2), <viz:position> (1), <viz:size> (1), <viz:thickness> (1)",
        "note: no levels in the file: every organisation is on one level, `all`",
    ] {
        assert!(
            notes.contains(expected),
            "missing {expected:?} in:\n{notes}"
        );
    }
    let d = councils::load(&out).unwrap();
    let r = &d.relations[0];
    assert_eq!(
        (r.from.as_str(), r.to.as_str(), r.kind.as_str()),
        ("petrograd-soviet", "mrc", "control")
    );
    assert_eq!(r.weight, Some(2.0));
    assert_eq!(r.id(), "e1");
    // Without --kind-from there is nothing to take kinds from.
    let out = dir.path().join("e");
    let notes = import("gexf", &file, &out, &[]);
    assert!(
        notes.contains("1 edge without a kind: given kind `relation` (name the edge attribute holding kinds with --kind-from)"),
        "{notes}"
    );
}

#[test]
fn bad_files_are_reported_at_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d");
    let run = |format: &str, file: &Path, extra: &[&str]| {
        let mut args = vec!["import", format, path(file), "--out", path(&out)];
        args.extend_from_slice(extra);
        let (code, _, stderr) = councils(&args);
        (code, stderr.replace(path(dir.path()), "DIR"))
    };
    // Not well-formed.
    let f = write(
        dir.path(),
        "broken.gexf",
        "<gexf>\n  <graph>\n    <nodes></edges>\n</gexf>\n",
    );
    let (code, stderr) = run("gexf", &f, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("DIR/broken.gexf:3:"), "{stderr}");
    assert!(stderr.contains("XML syntax"), "{stderr}");
    // Numeric times without an epoch, then with one.
    let numeric = "<gexf version=\"1.2\">\n<graph mode=\"dynamic\" timeformat=\"double\">\n<nodes>\n<node id=\"a\" start=\"3\" end=\"10\"/>\n<node id=\"b\" start=\"5\"/>\n</nodes>\n<edges><edge source=\"a\" target=\"b\" start=\"5.0\" end=\"7\"/></edges>\n</graph>\n</gexf>\n";
    let f = write(dir.path(), "numeric.gexf", numeric);
    let (code, stderr) = run("gexf", &f, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "DIR/numeric.gexf:4:21: error: node `a`: time `3` is a number, and numbers need a day 0"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("hint: give --epoch DATE"), "{stderr}");
    let (code, stderr) = run("gexf", &f, &["--epoch", "2000-01-01"]);
    assert_eq!(code, 0, "{stderr}");
    let d = councils::load(&out).unwrap();
    assert_eq!(
        d.organisation("a").unwrap().during.text,
        "2000-01-04/2000-01-11"
    );
    assert_eq!(d.relations[0].during.text, "2000-01-06/2000-01-08");
    // A bad date, and an edge to an unknown node.
    let bad = "<gexf version=\"1.3\">\n<graph mode=\"dynamic\" timeformat=\"date\">\n<nodes>\n<node id=\"a\" start=\"2001-02-30\"/>\n<node id=\"b\"/>\n</nodes>\n<edges><edge source=\"a\" target=\"bb\"/></edges>\n</graph>\n</gexf>\n";
    let f = write(dir.path(), "bad.gexf", bad);
    let (code, stderr) = run("gexf", &f, &["--force"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("DIR/bad.gexf:4:21: error: node `a`: time `2001-02-30` is not a date"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "DIR/bad.gexf:7:33: error: relation `a->bb:relation`: unknown organisation `bb`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `b`?"), "{stderr}");
    // An attribute the file does not have.
    let f = write(dir.path(), "viz.gexf", VIZ);
    let (code, stderr) = run("gexf", &f, &["--kind-from", "relation typ", "--force"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("unknown edge attribute `relation typ` (did you mean `relation type`?)"),
        "{stderr}"
    );
    // A GraphML file given as GEXF.
    let (code, stderr) = run("gexf", &fixture("import/florentine.graphml"), &["--force"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("the root element is <graphml>, not <gexf>"),
        "{stderr}"
    );
    assert!(stderr.contains("use `councils import graphml`"), "{stderr}");
}

#[test]
fn graphml_dates_come_from_the_attributes_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d");
    let file = fixture("import/igraph.graphml");
    // Without --start-from/--end-from the network is undated, and the note says how to date it.
    let notes = import("graphml", &file, &out, &[]);
    assert!(
        notes.contains("attributes `start`, `end` may hold dates: every element is undated unless you name them with --start-from ATTR --end-from ATTR"),
        "{notes}"
    );
    assert!(councils::slice::is_timeless(&councils::load(&out).unwrap()));
    let notes = import(
        "graphml",
        &file,
        &out,
        &["--start-from", "start", "--end-from", "end", "--force"],
    );
    assert!(
        notes.contains("node names from node attribute `name`"),
        "{notes}"
    );
    let d = councils::load(&out).unwrap();
    assert!(!councils::slice::is_timeless(&d));
    let r = d.relations.iter().find(|r| r.from == "n2").unwrap();
    assert_eq!(r.during.text, "1917-04-01/..");
    assert_eq!(r.kind, "delegation");
    assert_eq!(d.organisation("n3").unwrap().name, "Rada");
    assert!(d.relation_kind("delegation").unwrap().directed);
    let (code, _, stderr) = councils(&[
        "import",
        "graphml",
        path(&file),
        "--out",
        path(&out),
        "--force",
        "--start-from",
        "strat",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown attribute `strat` (did you mean `start`?)"),
        "{stderr}"
    );
}

/// A GEXF of ours as the Gephi-ready exporter writes it (colours,
/// positions, sizes, the kind on each edge) reads back as the plain one.
#[test]
fn our_gexf_with_viz_and_edge_kinds_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.gexf");
    export(Some(&fixture("mini")), "gexf", &plain);
    // Our export's own viz elements are replaced by others.
    let text = without_viz(&std::fs::read_to_string(&plain).unwrap());
    let mut viz = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("<node ") && !line.ends_with("/>") {
            viz.push_str(line);
            viz.push_str("\n      <viz:color r=\"1\" g=\"2\" b=\"3\"/><viz:position x=\"0.5\" y=\"1.5\"/><viz:size value=\"4\"/>\n");
        } else if line.trim_start().starts_with("<edge ") && !line.contains(" kind=\"") {
            // The kind as an XML attribute too (GEXF 1.3), after the label.
            let kind = line
                .split("label=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            viz.push_str(&line.replacen(" label=", &format!(" kind=\"{kind}\" label="), 1));
            viz.push('\n');
        } else {
            viz.push_str(line);
            viz.push('\n');
        }
    }
    assert!(viz.contains("xmlns:viz=\"http://gexf.net/1.3/viz\""));
    assert!(viz.contains(" kind=\"delegation\" label=\"delegation\""));
    assert!(
        viz.contains("<viz:color"),
        "the fixture has nodes with content"
    );
    let file = write(dir.path(), "viz.gexf", &viz);
    let out = dir.path().join("d");
    let notes = import("gexf", &file, &out, &[]);
    let nodes = councils::load(&fixture("mini"))
        .unwrap()
        .organisations
        .len();
    assert!(
        notes.contains(&format!(
            "dropped elements the dataset cannot hold: <viz:color> ({nodes}), <viz:position> ({nodes}), <viz:size> ({nodes})"
        )),
        "{notes}"
    );
    let again = dir.path().join("again.gexf");
    export(Some(&out), "gexf", &again);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), text);
}

const YED: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d5" attr.name="description" attr.type="string"/>
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <key for="graphml" id="d7" yfiles.type="resources"/>
  <graph edgedefault="directed" id="G">
    <node id="n0">
      <data key="d5">the central body</data>
      <data key="d6"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="0.0" y="0.0"/><y:Fill color="#FFCC00" transparent="false"/><y:NodeLabel>Central Committee</y:NodeLabel></y:ShapeNode></data>
    </node>
    <node id="n1::n0" yfiles.foldertype="group">
      <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers active="0"><y:GroupNode><y:NodeLabel>Moscow</y:NodeLabel></y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
      <graph edgedefault="directed" id="n1:">
        <node id="n1::n1">
          <data key="d6"><y:ShapeNode><y:NodeLabel>Moscow Soviet</y:NodeLabel></y:ShapeNode></data>
          <port name="p"/>
        </node>
      </graph>
    </node>
    <edge id="e0" source="n1::n1" target="n0">
      <data key="d10"><y:PolyLineEdge><y:LineStyle color="#000000" type="line" width="1.0"/></y:PolyLineEdge></data>
    </edge>
  </graph>
  <data key="d7"><y:Resources/></data>
</graphml>
"##;

#[test]
fn yed_labels_groups_and_graphics() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "yed.graphml", YED);
    let out = dir.path().join("d");
    let notes = import("graphml", &file, &out, &[]);
    for expected in [
        "`n1::n0` -> `n1-n0`",
        "1 node inside a nested graph (a yEd group): each is an organisation `part_of` the node holding the graph",
        "dropped what the dataset cannot hold: <port> (1), data of the whole file (yEd resources) (1), yEd graphics (4)",
    ] {
        assert!(
            notes.contains(expected),
            "missing {expected:?} in:\n{notes}"
        );
    }
    let d = councils::load(&out).unwrap();
    assert_eq!(d.organisation("n0").unwrap().name, "Central Committee");
    let moscow = d.organisation("n1-n1").unwrap();
    assert_eq!(moscow.name, "Moscow Soviet");
    assert_eq!(moscow.part_of.as_deref(), Some("n1-n0"));
    let states = &d.organisation("n0").unwrap().states;
    assert_eq!(states.len(), 1);
    assert_eq!(
        (states[0].attribute.as_str(), states[0].value.as_str()),
        ("description", "the central body")
    );
    assert_eq!(d.relations.len(), 1);
    assert_eq!(d.relations[0].from, "n1-n1");
}

/// Gephi rewrites the creator and numbers attribute ids when it saves a
/// GEXF: ours is still recognised by its attribute titles.
#[test]
fn our_gexf_saved_again_by_another_tool_is_still_read_field_for_field() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.gexf");
    export(Some(&fixture("mini")), "gexf", &plain);
    let text = std::fs::read_to_string(&plain).unwrap();
    let mut resaved = text.replacen(
        "<creator>councils",
        "<creator>Gephi 0.10.1 (was councils",
        1,
    );
    let titles: Vec<String> = text
        .split("<attribute id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect();
    assert!(titles.contains(&"level_rank".to_string()), "{titles:?}");
    for (n, t) in titles.iter().enumerate() {
        resaved = resaved
            .replace(
                &format!("<attribute id=\"{t}\""),
                &format!("<attribute id=\"a{n}\""),
            )
            .replace(&format!("for=\"{t}\""), &format!("for=\"a{n}\""));
    }
    assert!(!resaved.contains("<creator>councils"));
    assert!(resaved.contains("for=\"a3\""));
    let file = write(dir.path(), "resaved.gexf", &resaved);
    let out = dir.path().join("d");
    let notes = import("gexf", &file, &out, &[]);
    assert!(
        notes.contains("saved again by another tool (recognised by its attributes)"),
        "{notes}"
    );
    let again = dir.path().join("again.gexf");
    export(Some(&out), "gexf", &again);
    assert_eq!(std::fs::read_to_string(&again).unwrap(), without_viz(&text));
}

#[test]
fn undirected_edges_of_a_directed_kind_run_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = r#"<gexf version="1.2"><graph defaultedgetype="mixed">
<nodes><node id="a"/><node id="b"/><node id="c"/><node id="d"/></nodes>
<edges>
<edge source="a" target="b" type="directed" label="x"/>
<edge source="b" target="c" type="undirected" label="x"/>
<edge source="c" target="d" type="mutual" label="y"/>
</edges></graph></gexf>
"#;
    let file = write(dir.path(), "mixed.gexf", mixed);
    let out = dir.path().join("d");
    let notes = import("gexf", &file, &out, &[]);
    assert!(
        notes.contains("1 undirected edge of a kind that also has directed edges: a kind is directed or symmetric as a whole, so it is written as two relations, one each way"),
        "{notes}"
    );
    let d = councils::load(&out).unwrap();
    assert!(d.relation_kind("x").unwrap().directed);
    assert!(!d.relation_kind("y").unwrap().directed);
    let mut got: Vec<String> = d.relations.iter().map(|r| r.id().into_owned()).collect();
    got.sort();
    assert_eq!(got, ["a->b:x", "b->c:x", "c->b:x", "c->d:y"]);
}

#[test]
fn levels_come_from_the_attribute_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d");
    let file = fixture("import/dynamic.gexf");
    let notes = import("gexf", &file, &out, &["--level-from", "size_class"]);
    for expected in [
        "levels from node attribute `size_class`, in the order first seen, bottom first: big",
        "2 nodes without a level put on level `all`",
    ] {
        assert!(
            notes.contains(expected),
            "missing {expected:?} in:\n{notes}"
        );
    }
    let d = councils::load(&out).unwrap();
    let b = d.organisation("b").unwrap();
    assert_eq!(d.level(b.level).id, "big");
    assert!(b.states.is_empty(), "the level is not also an attribute");
    assert_eq!(d.level(d.organisation("a").unwrap().level).id, "all");
    let (code, _, stderr) = councils(&[
        "import",
        "gexf",
        path(&file),
        "--out",
        path(&out),
        "--force",
        "--level-from",
        "sise_class",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown node attribute `sise_class` (did you mean `size_class`?)"),
        "{stderr}"
    );
}

#[test]
fn gexf_timestamps_are_days() {
    let dir = tempfile::tempdir().unwrap();
    let stamps = r#"<gexf version="1.3"><graph mode="dynamic" timeformat="integer" timerepresentation="timestamp">
<nodes><node id="a" timestamps="&lt;[1, 2, 3, 9]&gt;"/><node id="b"><spells><spell timestamp="2"/></spells></node></nodes>
<edges><edge source="a" target="b" timestamps="[2]"/></edges></graph></gexf>
"#;
    let file = write(dir.path(), "stamps.gexf", stamps);
    let out = dir.path().join("d");
    let notes = import("gexf", &file, &out, &["--epoch", "1917-01-01"]);
    assert!(
        notes.contains("1 node with several spells: an organisation has one lifetime"),
        "{notes}"
    );
    let d = councils::load(&out).unwrap();
    assert_eq!(
        d.organisation("a").unwrap().during.text,
        "1917-01-02/1917-01-10"
    );
    assert_eq!(
        d.organisation("b").unwrap().during.text,
        "1917-01-03/1917-01-03"
    );
    assert_eq!(d.relations[0].during.text, "1917-01-03/1917-01-03");
}

/// A file given to the wrong importer is named with its root element and
/// the command that reads it, at line 1.
#[test]
fn a_file_of_the_other_format_names_the_importer_to_use() {
    let dir = tempfile::tempdir().unwrap();
    for (format, text, wanted) in [
        (
            "gexf",
            "<graphml><graph/></graphml>",
            "the root element is <graphml>, not <gexf>",
        ),
        (
            "graphml",
            "<gexf version=\"1.3\"><graph/></gexf>",
            "the root element is <gexf>, not <graphml>",
        ),
    ] {
        let file = write(dir.path(), &format!("wrong.{format}"), text);
        let out = dir.path().join(format!("out-{format}"));
        let (code, _, stderr) = councils(&["import", format, path(&file), "--out", path(&out)]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains(&format!("wrong.{format}:1:1")), "{stderr}");
        assert!(stderr.contains(wanted), "{stderr}");
        let other = if format == "gexf" { "graphml" } else { "gexf" };
        assert!(
            stderr.contains(&format!("use `councils import {other}`")),
            "{stderr}"
        );
    }
}
