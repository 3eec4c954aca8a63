//! Every visual convention of the diagrams in one place: node shapes by
//! kind, fills by state, line styles by relation kind, and the colours of
//! a comparison. Dataset hints (`shape`, `style`, `color`) are honoured when
//! Graphviz knows them and replaced by defaults otherwise, so a typo in a
//! dataset never makes Graphviz print a warning.

use crate::model::{Dataset, Flow, NodeKind, RelationKind};

/// The shape of organisations whose kind gives no usable hint.
pub const DEFAULT_SHAPE: &str = "box";

/// Fill colours, assigned in the order of an attribute's declared values
/// (or of its values sorted, if it declares none); light enough for black
/// text, and told apart by lightness too where possible.
pub const PALETTE: [&str; 12] = [
    "#a6cee3", "#fb9a99", "#b2df8a", "#fdbf6f", "#cab2d6", "#ffff99", "#8dd3c7", "#fccde5",
    "#e5d8bd", "#bebada", "#ccebc5", "#d9d9d9",
];

/// Fill of an organisation with no value for the chosen attribute.
pub const NO_VALUE: &str = "#ffffff";

/// Graphviz's node shapes, except `record` and `Mrecord`, whose labels
/// would read `{`, `|` and `<` as structure.
const SHAPES: [&str; 58] = [
    "box",
    "polygon",
    "ellipse",
    "oval",
    "circle",
    "point",
    "egg",
    "triangle",
    "plaintext",
    "plain",
    "diamond",
    "trapezium",
    "parallelogram",
    "house",
    "pentagon",
    "hexagon",
    "septagon",
    "octagon",
    "doublecircle",
    "doubleoctagon",
    "tripleoctagon",
    "invtriangle",
    "invtrapezium",
    "invhouse",
    "Mdiamond",
    "Msquare",
    "Mcircle",
    "rect",
    "rectangle",
    "square",
    "star",
    "none",
    "underline",
    "cylinder",
    "note",
    "tab",
    "folder",
    "box3d",
    "component",
    "promoter",
    "cds",
    "terminator",
    "utr",
    "primersite",
    "restrictionsite",
    "fivepoverhang",
    "threepoverhang",
    "noverhang",
    "assembly",
    "signature",
    "insulator",
    "ribosite",
    "rnastab",
    "proteasesite",
    "proteinstab",
    "rpromoter",
    "rarrow",
    "larrow",
];

/// The Graphviz shape of organisations of `kind`.
pub fn node_shape(kind: Option<&NodeKind>) -> &'static str {
    let hint = kind
        .and_then(|k| k.shape.as_deref())
        .unwrap_or(DEFAULT_SHAPE);
    match hint {
        "record" | "Mrecord" => "box",
        hint => SHAPES
            .iter()
            .find(|s| **s == hint)
            .copied()
            .unwrap_or(DEFAULT_SHAPE),
    }
}

/// How the edges of one relation kind are drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeLook {
    /// `solid`, `bold`, `dashed` or `dotted`.
    pub style: &'static str,
    /// Line colour.
    pub color: String,
    /// Arrowhead at the target (at both ends for symmetric kinds).
    pub arrow: &'static str,
    /// False for symmetric kinds: drawn with the same head at both ends.
    pub directed: bool,
}

/// How edges of `kind` look: the kind's style and colour hints where
/// Graphviz knows them, otherwise a default that depends on the kind's
/// flow, so that delegation (up, solid, filled arrow), control (down, bold,
/// open `vee` arrow), conflict (symmetric, dashed, `tee` at both ends) and
/// support (across, dotted, hollow arrow) differ in greyscale too.
pub fn edge_look(kind: Option<&RelationKind>) -> EdgeLook {
    let directed = kind.is_none_or(|k| k.directed);
    let flow = kind.and_then(|k| k.flow);
    let (style, color, arrow) = match (directed, flow) {
        (false, _) => ("dashed", "#b2182b", "tee"),
        (true, Some(Flow::Up)) => ("solid", "#1b7837", "normal"),
        (true, Some(Flow::Down)) => ("bold", "#2166ac", "vee"),
        (true, Some(Flow::Across)) => ("dotted", "#762a83", "empty"),
        (true, None) => ("solid", "#404040", "normal"),
    };
    let style = match kind.and_then(|k| k.style.as_deref()) {
        Some("solid") => "solid",
        Some("bold") => "bold",
        Some("dashed") => "dashed",
        Some("dotted") => "dotted",
        _ => style,
    };
    let color = kind
        .and_then(|k| k.color.as_deref())
        .filter(|c| is_color(c))
        .unwrap_or(color)
        .to_string();
    EdgeLook {
        style,
        color,
        arrow,
        directed,
    }
}

/// True for `#rgb`, `#rrggbb`, `#rrggbbaa` and plain colour names.
fn is_color(text: &str) -> bool {
    match text.strip_prefix('#') {
        Some(hex) => matches!(hex.len(), 3 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit()),
        None => !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric()),
    }
}

/// The fill colour of each value of the attribute `attribute`: its
/// declared values in order, or else the values found in the dataset,
/// sorted, taking colours from [`PALETTE`] in turn (and starting again
/// after the twelfth).
pub fn value_colors(dataset: &Dataset, attribute: &str) -> Vec<(String, &'static str)> {
    let declared = dataset
        .attributes
        .iter()
        .find(|a| a.id == attribute)
        .and_then(|a| a.values.clone());
    let values = declared.unwrap_or_else(|| {
        let mut found: Vec<String> = dataset
            .organisations
            .iter()
            .flat_map(|o| &o.states)
            .filter(|s| s.attribute == attribute)
            .map(|s| s.value.clone())
            .collect();
        found.sort();
        found.dedup();
        found
    });
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, PALETTE[i % PALETTE.len()]))
        .collect()
}

/// What a comparison says about an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// In the one snapshot drawn.
    Present,
    /// In both snapshots compared.
    Kept,
    /// Only in the later snapshot.
    Added,
    /// Only in the earlier snapshot.
    Removed,
}

impl Status {
    /// The word used in tooltips and the legend.
    pub fn word(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Kept => "kept",
            Self::Added => "added",
            Self::Removed => "removed",
        }
    }
}

/// Outline of a node with this status: colour, pen width and extra style
/// (kept grey, added green and bold, removed red and dashed).
pub fn node_outline(status: Status) -> (&'static str, &'static str, Option<&'static str>) {
    match status {
        Status::Present => ("#000000", "1", None),
        Status::Kept => ("#808080", "1", None),
        Status::Added => ("#1a9641", "3", None),
        Status::Removed => ("#d7191c", "2", Some("dashed")),
    }
}

/// Colour and pen width of an edge with this status (`None` keeps the
/// kind's colour); removed edges are also drawn dashed unless their kind
/// already is dashed or dotted.
pub fn edge_status(status: Status) -> (Option<&'static str>, &'static str) {
    match status {
        Status::Present => (None, "1.2"),
        Status::Kept => (Some("#909090"), "1.2"),
        Status::Added => (Some("#1a9641"), "2.5"),
        Status::Removed => (Some("#d7191c"), "1.5"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(directed: bool, flow: Option<Flow>, style: Option<&str>) -> RelationKind {
        RelationKind {
            id: "k".into(),
            label: "k".into(),
            description: None,
            directed,
            flow,
            style: style.map(Into::into),
            color: Some("not a colour!".into()),
        }
    }

    #[test]
    fn the_four_kinds_differ_without_colour() {
        let looks = [
            edge_look(Some(&kind(true, Some(Flow::Up), None))),
            edge_look(Some(&kind(true, Some(Flow::Down), None))),
            edge_look(Some(&kind(false, Some(Flow::Across), None))),
            edge_look(Some(&kind(true, Some(Flow::Across), None))),
        ];
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!((a.style, a.arrow), (b.style, b.arrow));
            }
        }
    }

    #[test]
    fn unknown_hints_fall_back_to_defaults() {
        let look = edge_look(Some(&kind(true, Some(Flow::Up), Some("wavy"))));
        assert_eq!(look.style, "solid");
        assert_eq!(look.color, "#1b7837");
        let shaped = |shape: &str| NodeKind {
            id: "k".into(),
            label: "k".into(),
            description: None,
            shape: Some(shape.into()),
        };
        assert_eq!(node_shape(Some(&shaped("hexagon"))), "hexagon");
        assert_eq!(node_shape(Some(&shaped("Mrecord"))), "box");
        assert_eq!(node_shape(Some(&shaped("blob\""))), DEFAULT_SHAPE);
        assert_eq!(node_shape(None), DEFAULT_SHAPE);
    }

    #[test]
    fn colours_are_checked() {
        assert!(is_color("#1b7837") && is_color("red") && is_color("#abc"));
        assert!(!is_color("#12345") && !is_color("red;") && !is_color("") && !is_color("a\"b"));
    }
}
