//! Reading Graphviz's SVG in tests: entities, and where each organisation
//! is drawn. Shared by tests/dot.rs and tests/report.rs.

use std::collections::BTreeMap;

/// Decodes the XML entities Graphviz writes.
pub fn xml_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find(';').map(|j| i + j).expect("entity ends");
        let entity = &rest[i + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&e[2..], 16).unwrap()).unwrap()
            }
            e if e.starts_with('#') => char::from_u32(e[1..].parse().unwrap()).unwrap(),
            e => panic!("unknown entity &{e};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The position of each visible organisation in an SVG: its `<g id>` and
/// the coordinates of its first label line.
pub fn places(svg: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    let marker = "<g id=\"";
    // Node groups only (not the anchors inside them).
    let starts: Vec<usize> = svg
        .match_indices(marker)
        .map(|(i, _)| i)
        .filter(|&i| svg[i..i + svg[i..].find('>').unwrap()].contains("class=\"node"))
        .collect();
    for (k, &i) in starts.iter().enumerate() {
        let head = &svg[i + marker.len()..];
        let id = xml_unescape(&head[..head.find('"').unwrap()]);
        if !id.starts_with("org-") {
            continue;
        }
        let end = starts.get(k + 1).copied().unwrap_or(svg.len());
        let body = &svg[i..end];
        let Some(t) = body.find("<text") else {
            continue;
        };
        let attr = |name: &str| {
            let key = format!(" {name}=\"");
            let from = t + body[t..].find(&key).unwrap() + key.len();
            body[from..from + body[from..].find('"').unwrap()].to_string()
        };
        out.insert(id, (attr("x"), attr("y")));
    }
    out
}
