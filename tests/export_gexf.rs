//! GEXF that Gephi opens ready to read (issue 19.2): the diagrams' colours
//! and stable layout, sizes from a chosen measure, and the relation kind
//! on every edge so that parallel relations of different kinds stay apart.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::{councils, fixture};

fn mini() -> String {
    fixture("mini").display().to_string()
}

/// The value of attribute `name` in an XML start tag `tag`.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// Each `<node>` of a GEXF document: its id and its text up to `</node>`.
fn nodes(gexf: &str) -> BTreeMap<String, String> {
    gexf.split("<node ")
        .skip(1)
        .map(|part| {
            let body = part.split("</node>").next().unwrap().to_string();
            (
                attribute(&format!(" {part}"), "id").unwrap().to_string(),
                body,
            )
        })
        .collect()
}

/// `(r, g, b)` of a node's `viz:color`, `(x, y)` of its `viz:position`.
fn color(node: &str) -> Option<(u8, u8, u8)> {
    let tag = node.split("<viz:color").nth(1)?;
    let c = |n| attribute(tag, n).unwrap().parse().unwrap();
    Some((c("r"), c("g"), c("b")))
}

fn position(node: &str) -> Option<(f64, f64)> {
    let tag = node.split("<viz:position").nth(1)?;
    let c = |n| attribute(tag, n).unwrap().parse().unwrap();
    Some((c("x"), c("y")))
}

fn size(node: &str) -> Option<f64> {
    let tag = node.split("<viz:size").nth(1)?;
    Some(attribute(tag, "value").unwrap().parse().unwrap())
}

fn hex(rgb: (u8, u8, u8)) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb.0, rgb.1, rgb.2)
}

fn export(args: &[&str]) -> String {
    let data = mini();
    let mut all = vec!["--data", &data, "export", "--format", "gexf"];
    all.extend_from_slice(args);
    let (code, out, err) = councils(&all);
    assert_eq!(code, 0, "{err}");
    out
}

/// Every node of the period's diagram, as Graphviz lays it out from
/// `councils dot` (run here, apart from the export): position in points
/// and fill.
#[cfg(has_graphviz)]
fn diagram_nodes(period: &str) -> BTreeMap<String, ((f64, f64), String)> {
    use std::io::Write;
    let (code, dot, err) = councils(&["--data", &mini(), "dot", "--period", period]);
    assert_eq!(code, 0, "{err}");
    let mut child = std::process::Command::new("dot")
        .arg("-Tplain")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let plain = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    plain
        .lines()
        .filter_map(|l| l.strip_prefix("node "))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let points = |v: &str| (v.parse::<f64>().unwrap() * 72.0 * 100.0).round() / 100.0;
            (
                f[0].trim_matches('"').to_string(),
                ((points(f[1]), points(f[2])), f[f.len() - 1].to_string()),
            )
        })
        .collect()
}

#[test]
fn nodes_have_the_diagrams_fill_of_their_last_majority() {
    // city-soviet: sr-menshevik until 31 August, bolshevik from 1 September.
    let palette = councils::render::dot::style::value_colors(
        &councils::load(&fixture("mini")).unwrap(),
        "majority",
    );
    let fill = |value: &str| palette.iter().find(|(v, _)| v == value).unwrap().1;
    let early = nodes(&export(&["--period", "early"]));
    assert_eq!(
        hex(color(&early["city-soviet"]).unwrap()),
        fill("sr-menshevik")
    );
    // No majority: the diagrams' white.
    assert_eq!(color(&early["district-soviet"]), Some((255, 255, 255)));
    let whole = nodes(&export(&[]));
    assert_eq!(
        hex(color(&whole["city-soviet"]).unwrap()),
        fill("bolshevik")
    );
    assert_ne!(fill("bolshevik"), fill("sr-menshevik"));
}

#[test]
#[cfg_attr(not(has_graphviz), ignore = "needs Graphviz")]
fn positions_and_colours_are_those_of_the_stable_diagram() {
    #[cfg(has_graphviz)]
    for period in ["early", "late"] {
        let gexf = nodes(&export(&["--period", period]));
        let diagram = diagram_nodes(period);
        assert!(!gexf.is_empty());
        for (id, node) in &gexf {
            let (at, fill) = &diagram[id];
            assert_eq!(position(node).as_ref(), Some(at), "{period}: {id}");
            // A fill that changed in the window is a gradient in the
            // diagram; the GEXF colour is its end.
            let last = fill.rsplit(':').next().unwrap();
            assert_eq!(hex(color(node).unwrap()), last, "{period}: {id}");
        }
    }
    // The whole-dataset export is placed as the first period's diagram
    // (where what is absent from the period is laid out, invisible).
    #[cfg(has_graphviz)]
    {
        let early = diagram_nodes("early");
        let whole = nodes(&export(&[]));
        assert_eq!(whole.len(), 4);
        for (id, node) in &whole {
            assert_eq!(position(node).as_ref(), Some(&early[id].0), "{id}");
        }
    }
}

/// Stable: in the 1917 dataset every organisation sits at the same place in
/// every period's export and in the whole-dataset export.
#[test]
#[cfg_attr(not(has_graphviz), ignore = "needs Graphviz")]
fn the_1917_positions_are_the_same_in_every_period() {
    let d = councils::load_embedded().unwrap();
    let (code, whole, err) = councils(&["export", "--format", "gexf"]);
    assert_eq!(code, 0, "{err}");
    let whole = nodes(&whole);
    assert!(whole.values().all(|n| position(n).is_some()));
    for p in &d.periods {
        let (code, gexf, err) = councils(&["export", "--format", "gexf", "--period", &p.id]);
        assert_eq!(code, 0, "{err}");
        let slice = nodes(&gexf);
        assert!(slice.len() > 50, "{}", p.id);
        for (id, node) in &slice {
            assert_eq!(position(node), position(&whole[id]), "{}: {id}", p.id);
        }
    }
}

/// An organisation outside every period has no place in the diagrams: it
/// gets no position, and a note says so.
#[test]
#[cfg_attr(not(has_graphviz), ignore = "needs Graphviz")]
fn an_organisation_in_no_period_gets_no_position_and_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    for file in ["dataset.toml", "network.toml"] {
        std::fs::copy(fixture("mini").join(file), tmp.path().join(file)).unwrap();
    }
    let mut network = std::fs::read_to_string(tmp.path().join("network.toml")).unwrap();
    network.push_str(
        "\n[[organisation]]\nid = \"late-body\"\nname = \"Late body\"\nkind = \"soviet\"\n\
         level = \"city\"\nduring = \"1917-11-01/1917-12-01\"\ncite = [{ source = \"notes\" }]\n",
    );
    std::fs::write(tmp.path().join("network.toml"), network).unwrap();
    let data = tmp.path().to_str().unwrap();
    let (code, out, err) = councils(&["--data", data, "export", "--format", "gexf"]);
    assert_eq!(code, 0, "{err}");
    let nodes = nodes(&out);
    assert_eq!(nodes.len(), 5);
    assert_eq!(position(&nodes["late-body"]), None);
    assert!(position(&nodes["city-soviet"]).is_some());
    assert!(
        err.contains("note: 1 organisation is in no period's diagram, so without viz:position (Gephi places it)"),
        "{err}"
    );
}

#[test]
fn without_graphviz_no_position_is_written_and_a_note_says_why() {
    let empty = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("councils")
        .unwrap()
        .env("PATH", empty.path())
        .args([
            "--data",
            &mini(),
            "export",
            "--format",
            "gexf",
            "--period",
            "early",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let gexf = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!gexf.contains("viz:position"), "{gexf}");
    assert!(gexf.contains("<viz:color"), "colours need no Graphviz");
    assert!(
        stderr.contains(
            "note: no viz:position written: Graphviz's `dot` program was not found on PATH"
        ),
        "{stderr}"
    );
}

#[test]
fn size_by_sizes_nodes_by_the_centrality_of_the_slice() {
    let gexf = export(&["--period", "early", "--size-by", "degree"]);
    assert!(gexf.contains(
        "<attribute id=\"centrality_degree\" title=\"centrality_degree\" type=\"double\"/>"
    ));
    let (code, json, err) = councils(&[
        "--data",
        &mini(),
        "centrality",
        "--period",
        "early",
        "--measure",
        "degree",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let nodes = nodes(&gexf);
    let value = |node: &str| -> f64 {
        let tag = node.split("for=\"centrality_degree\"").nth(1).unwrap();
        attribute(tag, "value").unwrap().parse().unwrap()
    };
    let max = nodes.values().map(|n| value(n)).fold(0.0, f64::max);
    assert!(max > 0.0);
    for (id, node) in &nodes {
        let v = value(node);
        let expected = ((10.0 + 40.0 * v / max) * 100.0).round() / 100.0;
        assert_eq!(size(node), Some(expected), "{id}");
    }
    let degrees = centrality_values(&json, "degree");
    for (id, node) in &nodes {
        assert_eq!(Some(&value(node)), degrees.get(id), "{id}");
    }
}

/// `{id: value}` of `measure` in the first slice of `centrality --format
/// json` output.
fn centrality_values(json: &serde_json::Value, measure: &str) -> BTreeMap<String, f64> {
    json["slices"][0]["measures"][measure]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap().to_string(),
                row["value"].as_f64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn size_by_needs_a_slice_and_gexf() {
    let (code, _, err) = councils(&[
        "--data",
        &mini(),
        "export",
        "--format",
        "gexf",
        "--size-by",
        "pagerank",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "--size-by sizes nodes by a measure of one slice: add --period ID or --at DATE"
        ),
        "{err}"
    );
    let (code, _, err) = councils(&[
        "--data",
        &mini(),
        "export",
        "--format",
        "json",
        "--period",
        "early",
        "--size-by",
        "degree",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--size-by applies to --format gexf only"),
        "{err}"
    );
    let (code, _, err) = councils(&[
        "--data",
        &mini(),
        "export",
        "--format",
        "gexf",
        "--period",
        "early",
        "--size-by",
        "degre",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("did you mean"), "{err}");
}

#[test]
fn every_edge_carries_its_relation_kind() {
    let gexf = export(&[]);
    let edges: Vec<&str> = gexf.split("<edge ").skip(1).collect();
    assert_eq!(edges.len(), 4);
    for e in edges {
        let tag = format!(" {}", e.split('>').next().unwrap());
        let label = attribute(&tag, "label").unwrap();
        assert_eq!(attribute(&tag, "kind"), Some(label), "{tag}");
    }
    assert!(gexf.contains("xmlns:viz=\"http://gexf.net/1.3/viz\""));
}

/// networkx reads the 1917 export as a multigraph: every organisation and
/// relation, the parallel relations of different kinds (and the lapsed and
/// resumed ones) as separate edges, with colour and position on every node.
#[test]
#[cfg_attr(
    not(all(has_networkx, has_graphviz)),
    ignore = "needs networkx and Graphviz"
)]
fn networkx_reads_the_1917_export_as_a_laid_out_multigraph() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("1917.gexf");
    let (code, _, err) = councils(&["export", "--format", "gexf", "-o", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let d = councils::load_embedded().unwrap();
    let script = r#"
import collections, sys
import networkx as nx
G = nx.read_gexf(sys.argv[1])
kinds = collections.defaultdict(set)
for u, v, data in G.edges(data=True):
    kinds[(u, v)].add(data["kind"])
mixed = sum(1 for k in kinds.values() if len(k) > 1)
viz = sum(1 for _, d in G.nodes(data=True) if "color" in d.get("viz", {}) and "position" in d.get("viz", {}))
print(type(G).__name__, G.number_of_nodes(), G.number_of_edges(), mixed, viz)
"#;
    let out = std::process::Command::new(PathBuf::from(env!("COUNCILS_NETWORKX_PYTHON")))
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pairs: BTreeMap<(&str, &str), std::collections::BTreeSet<&str>> = BTreeMap::new();
    for r in &d.relations {
        pairs.entry((&r.from, &r.to)).or_default().insert(&r.kind);
    }
    let mixed = pairs.values().filter(|k| k.len() > 1).count();
    assert!(
        mixed > 0,
        "the 1917 dataset has parallel relations of different kinds"
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!(
            "MultiDiGraph {} {} {mixed} {}",
            d.organisations.len(),
            d.relations.len(),
            d.organisations.len()
        )
    );
}

/// A network whose stable layout is far beyond what Graphviz is given is
/// refused before its diagram is built (building it took 900 MB at 100,000
/// organisations), and the export is written without positions.
#[test]
fn a_network_too_large_to_lay_out_is_exported_without_positions_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut nodes = String::from("id,name,kind,level,start,end\n");
    let mut edges = String::from("source,target,kind,start,end,weight\n");
    for i in 0..5_001 {
        nodes.push_str(&format!("{i},Committee {i},factory_committee,0,0,\n"));
        if i > 0 {
            edges.push_str(&format!("{i},0,delegation,0,,\n"));
        }
    }
    std::fs::write(dir.path().join("nodes.csv"), nodes).unwrap();
    std::fs::write(dir.path().join("edges.csv"), edges).unwrap();
    std::fs::write(
        dir.path().join("periods.csv"),
        "id,label,start,end\np1,First,0,10\n",
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    let (code, gexf, err) = councils(&["--data", data, "export", "--format", "gexf"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(gexf.matches("<node ").count(), 5_001);
    assert!(!gexf.contains("viz:position"));
    assert!(
        err.contains(
            "note: no viz:position written: the diagram has at least 5,001 nodes and at least 5,000 edges, \
             more than Graphviz is given by default (5,000 nodes, 20,000 edges per diagram)"
        ),
        "{err}"
    );
}
