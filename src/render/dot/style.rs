//! Every visual convention of the diagrams in one place: node shapes by
//! kind, fills by state, line styles by relation kind, and how a comparison
//! marks what was kept, added and removed. Dataset hints (`shape`, `style`,
//! `color`) are honoured when Graphviz knows them and replaced by defaults
//! otherwise, so a typo in a dataset never makes Graphviz print a warning.
//!
//! The diagram and its legend are both drawn from these functions, so that
//! every style in a diagram is explained in its legend: colour, dash and
//! arrowhead always show the relation kind (in a comparison too), and a
//! comparison shows its statuses by outline and line width only.

use std::collections::BTreeMap;

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

/// Looks for kinds whose hints and flow would draw them like another kind:
/// (style, arrowhead) pairs that the four defaults do not use, each with
/// its own colour.
const SPARE_LINES: [(&str, &str); 8] = [
    ("dashed", "diamond"),
    ("solid", "odot"),
    ("dotted", "box"),
    ("bold", "inv"),
    ("dashed", "dot"),
    ("solid", "odiamond"),
    ("dotted", "obox"),
    ("bold", "crow"),
];

/// Colours of [`SPARE_LINES`], dark enough on white.
const SPARE_COLORS: [&str; 8] = [
    "#e08214", "#35978f", "#c51b7d", "#8c510a", "#01665e", "#4d4d4d", "#7fbc41", "#542788",
];

/// The look of every relation kind of a dataset, no two alike: the one
/// place the diagram and its legend take line styles from.
#[derive(Clone, Debug, Default)]
pub struct EdgeStyles {
    looks: BTreeMap<String, EdgeLook>,
}

impl EdgeStyles {
    /// Each kind's [`edge_look`]; where two kinds would look the same
    /// without colour (a CSV dataset's `support` and `conflict` both flow
    /// across; two kinds with the same style hint and flow but different
    /// colours would differ only in colour, lost in a greyscale print), the
    /// later kind in sorted id order takes the first spare line and
    /// arrowhead no kind has.
    pub fn new(dataset: &Dataset) -> Self {
        let mut kinds: Vec<&RelationKind> = dataset.relation_kinds.iter().collect();
        kinds.sort_by(|a, b| a.id.cmp(&b.id));
        let key = |l: &EdgeLook| (l.style, l.arrow);
        let mut looks: BTreeMap<String, EdgeLook> = BTreeMap::new();
        let mut taken: Vec<(&str, &str)> = Vec::new();
        for kind in kinds {
            let mut look = edge_look(Some(kind));
            if taken.contains(&key(&look)) {
                let spare = (0..SPARE_LINES.len() * SPARE_COLORS.len())
                    .map(|i| {
                        let (style, arrow) = SPARE_LINES[i % SPARE_LINES.len()];
                        let round = i / SPARE_LINES.len();
                        let color = SPARE_COLORS[(i + round) % SPARE_COLORS.len()];
                        (style, color.to_string(), arrow)
                    })
                    .find(|(style, _, arrow)| !taken.contains(&(*style, *arrow)));
                if let Some((style, color, arrow)) = spare {
                    look = EdgeLook {
                        style,
                        color,
                        arrow,
                        directed: look.directed,
                    };
                }
            }
            taken.push(key(&look));
            looks.insert(kind.id.clone(), look);
        }
        Self { looks }
    }

    /// The look of relations of kind `id` (the default look if the dataset
    /// does not declare it).
    pub fn look(&self, id: &str) -> EdgeLook {
        self.looks
            .get(id)
            .cloned()
            .unwrap_or_else(|| edge_look(None))
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

/// Outline of a node with this status: colour, pen width and extra style.
/// Neutral greys and black only, so that no outline is read as a relation
/// kind's colour: kept thin grey, added thick black, removed dashed.
pub fn node_outline(status: Status) -> (&'static str, &'static str, Option<&'static str>) {
    match status {
        Status::Present => ("#000000", "1", None),
        Status::Kept => ("#707070", "1", None),
        Status::Added => ("#000000", "3", None),
        Status::Removed => ("#000000", "1.5", Some("dashed")),
    }
}

/// Pen width of the outline of the focus organisation (`--focus`).
pub const FOCUS_PEN: &str = "3.5";

/// The `style` of a node of `shape` with this status: filled, rounded if a
/// box, dashed if removed.
pub fn node_style(shape: &str, status: Status) -> String {
    let mut styles = vec!["filled"];
    if matches!(shape, "box" | "rect" | "rectangle") {
        styles.push("rounded");
    }
    styles.extend(node_outline(status).2);
    styles.join(",")
}

/// Colour and pen width of an edge of `look` with this status. The colour
/// is the kind's; a comparison marks added relations by a thick line and
/// removed ones by a thin, faded line, so that kind and status never
/// share a channel.
pub fn edge_pen(look: &EdgeLook, status: Status) -> (String, &'static str) {
    let bold = look.style == "bold";
    match status {
        Status::Present | Status::Kept => (look.color.clone(), if bold { "2.4" } else { "1.2" }),
        Status::Added => (look.color.clone(), if bold { "4.5" } else { "3" }),
        Status::Removed => (fade(&look.color), if bold { "1.6" } else { "0.8" }),
    }
}

/// `color` at about a third of its opacity (`#rrggbb59`); a colour name,
/// which cannot carry an opacity, is kept (removed lines are thinner too).
fn fade(color: &str) -> String {
    const ALPHA: &str = "59";
    match color.strip_prefix('#') {
        Some(hex) if hex.len() == 3 => {
            let doubled: String = hex.chars().flat_map(|c| [c, c]).collect();
            format!("#{doubled}{ALPHA}")
        }
        Some(hex) if hex.len() == 6 || hex.len() == 8 => format!("#{}{ALPHA}", &hex[..6]),
        _ => color.to_string(),
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
    fn kinds_that_would_look_alike_get_distinct_looks() {
        let mut dataset = crate::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/csv/gen120"
        )))
        .unwrap();
        let styles = EdgeStyles::new(&dataset);
        let (conflict, support) = (styles.look("conflict"), styles.look("support"));
        assert_eq!(conflict, edge_look(dataset.relation_kind("conflict")));
        assert_ne!(
            (support.style, support.arrow, &support.color),
            (conflict.style, conflict.arrow, &conflict.color)
        );
        assert_eq!((support.style, support.arrow), ("dashed", "diamond"));
        // Deterministic, whatever the order the kinds are declared in.
        dataset.relation_kinds.reverse();
        assert_eq!(EdgeStyles::new(&dataset).look("support"), support);
    }

    /// Issue 14.4: two kinds that differ only in colour (same style hint,
    /// same flow) are told apart by line and arrowhead too.
    #[test]
    fn kinds_that_differ_only_in_colour_get_distinct_lines() {
        let mut dataset = crate::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/mini"
        )))
        .unwrap();
        let mut election = kind(true, Some(Flow::Up), Some("solid"));
        election.id = "election".into();
        election.color = Some("#ff7f00".into());
        dataset.relation_kinds.push(election);
        let styles = EdgeStyles::new(&dataset);
        let (delegation, election) = (styles.look("delegation"), styles.look("election"));
        assert_eq!((delegation.style, delegation.arrow), ("solid", "normal"));
        assert_eq!((election.style, election.arrow), ("dashed", "diamond"));
    }

    #[test]
    fn a_comparison_keeps_the_kind_colour_and_marks_status_by_width() {
        let look = edge_look(Some(&kind(true, Some(Flow::Up), None)));
        let color = "#1b7837".to_string();
        assert_eq!(edge_pen(&look, Status::Kept), (color.clone(), "1.2"));
        assert_eq!(edge_pen(&look, Status::Added), (color, "3"));
        assert_eq!(
            edge_pen(&look, Status::Removed),
            ("#1b783759".into(), "0.8")
        );
        assert_eq!(fade("#abc"), "#aabbcc59");
        assert_eq!(fade("red"), "red");
    }

    #[test]
    fn colours_are_checked() {
        assert!(is_color("#1b7837") && is_color("red") && is_color("#abc"));
        assert!(!is_color("#12345") && !is_color("red;") && !is_color("") && !is_color("a\"b"));
    }
}
