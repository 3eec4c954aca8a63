//! The legend of a diagram, drawn from the same style functions as the
//! diagram itself ([`super::style`]), so that every shape, fill, line and
//! status mark the diagram uses appears in the legend exactly as drawn:
//!
//! * one node per shape used, named by the organisation kinds drawn with it;
//! * one line per relation kind drawn (in a comparison, three: kept, added,
//!   removed, each in the kind's colour, dash and arrowhead);
//! * in a comparison, the outline of kept, added and removed organisations;
//! * the fill of each value of the `--color-by` attribute, by its label.
//!
//! It has an entry for every style of the diagram's skeleton (every
//! period's elements under a stable layout), so that it has the same size
//! in every period's diagram and the organisations keep their places; the
//! entries of styles this diagram does not draw ([`Used`]) are invisible,
//! so that it lists only what is drawn. (The fill table is one node: its
//! rows of unused values are left out.)

use std::collections::BTreeSet;

use graphviz_rust::dot_structures::{Attribute, Id, Stmt};

use super::escape::{html_text, wrap};
use super::style::{self, Status};
use super::{Builder, Panel, attr, direction, edge, node, subgraph, tip};

/// Shapes side by side in one row of the legend.
const SHAPES_PER_ROW: usize = 3;

/// One row of the legend: its entries side by side, and the name of the
/// first, which holds the row in the legend's column.
struct Row {
    name: String,
    first: String,
    stmts: Vec<Stmt>,
}

impl Row {
    /// A row of the entries `stmts`, named `names`, kept in this order
    /// left to right.
    fn new(name: String, names: &[String], mut stmts: Vec<Stmt>) -> Self {
        for pair in names.windows(2) {
            stmts.push(edge(&pair[0], &pair[1], vec![attr("style", "invis")]));
        }
        Self {
            name,
            first: names[0].clone(),
            stmts,
        }
    }
}

/// The styles the panels of a diagram draw, found with the functions that
/// draw them.
#[derive(Default)]
struct Used {
    /// Relation kinds, each with the status it is drawn with.
    relations: BTreeSet<(String, Status)>,
    shapes: BTreeSet<&'static str>,
    /// The statuses organisations are outlined with.
    outlines: BTreeSet<Status>,
    /// Node fills: a colour, or `first:last` for a gradient.
    fills: BTreeSet<String>,
}

/// `entries` side by side, [`SHAPES_PER_ROW`] to a row, as rows listed
/// bottom to top: each entry drawn by `draw` under the name
/// `legend.WHATn` (n from 1, left to right, top row first), the rows named
/// `WHATr`.
fn rows_of<T>(what: &str, entries: &[T], draw: impl Fn(&T, &str) -> Stmt) -> Vec<Row> {
    entries
        .chunks(SHAPES_PER_ROW)
        .enumerate()
        .rev()
        .map(|(r, group)| {
            let names: Vec<String> = (0..group.len())
                .map(|k| format!("legend.{what}{}", r * SHAPES_PER_ROW + k + 1))
                .collect();
            let stmts = group
                .iter()
                .zip(&names)
                .map(|(entry, name)| draw(entry, name))
                .collect();
            Row::new(format!("{what}{}", r + 1), &names, stmts)
        })
        .collect()
}

/// Hides a legend entry the diagram does not draw, keeping its size.
fn hide(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !matches!(&a.0, Id::Plain(k) if k == "style"));
    attrs.push(attr("style", "invis"));
}

impl Builder<'_, '_> {
    /// What `panels` draw.
    fn used(&self, panels: &[Panel]) -> Used {
        let ds = self.dataset;
        let mut used = Used::default();
        for panel in panels {
            for &n in &self.skeleton.nodes {
                if let Some((status, shown)) = panel.shows.status(|v| v.nodes.contains(&n)) {
                    let org = &ds.organisations[n];
                    used.shapes
                        .insert(style::node_shape(ds.node_kind(&org.kind)));
                    used.outlines.insert(status);
                    used.fills.insert(self.fill(&self.fill_values(org, &shown)));
                }
            }
            for key in &self.skeleton.edges {
                if let Some((status, _)) = panel.shows.status(|v| v.edges.contains_key(key)) {
                    used.relations.insert((key.kind.to_string(), status));
                }
            }
        }
        used
    }

    /// The legend cluster of a diagram of `panels`: fills, relation kinds,
    /// the focus, statuses and shapes, each a row, top to bottom.
    pub(super) fn legend(&self, panels: &[Panel]) -> Stmt {
        let used = self.used(panels);
        let mut stmts = vec![
            Stmt::Attribute(attr("label", "Legend")),
            Stmt::Attribute(attr("labelloc", "b")),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("color", "#a0a0a0")),
            Stmt::Attribute(attr("fontsize", "11")),
            Stmt::Attribute(attr("id", "legend")),
        ];
        let statuses: &[Status] = if self.compare {
            &[Status::Kept, Status::Added, Status::Removed]
        } else {
            &[Status::Present]
        };
        let mut rows: Vec<Row> = Vec::new();
        rows.extend(self.legend_fill(&used));
        let kinds = self.legend_relation_kinds();
        for (i, (kind, label)) in kinds.iter().enumerate().rev() {
            rows.push(self.legend_relation(i + 1, kind, label, statuses, &used));
        }
        if let Some(focus) = &self.options.focus {
            let name = "legend.focus".to_string();
            let label = format!("{}, the focus", focus.organisation);
            let entry = legend_node(&name, "box", statuses[0], &label, style::FOCUS_PEN, true);
            rows.push(Row::new("focus".into(), &[name], vec![entry]));
        }
        if self.compare {
            let names: Vec<String> = statuses
                .iter()
                .map(|s| format!("legend.{}", s.word()))
                .collect();
            let entries = statuses
                .iter()
                .zip(&names)
                .map(|(status, name)| {
                    let label = format!("{} organisation", status.word());
                    let pen = style::node_outline(*status).1;
                    let drawn = used.outlines.contains(status);
                    legend_node(name, "box", *status, &label, pen, drawn)
                })
                .collect();
            rows.push(Row::new("status".into(), &names, entries));
        }
        let shapes = self.legend_shapes();
        let status = statuses[0];
        rows.extend(rows_of("shape", &shapes, |(shape, kinds), name| {
            let pen = style::node_outline(status).1;
            legend_node(name, shape, status, kinds, pen, used.shapes.contains(shape))
        }));
        // Rows stacked top to bottom: each row's first entry, chained
        // upward (the diagram is drawn bottom to top).
        for (i, row) in rows.iter().enumerate() {
            let mut inner = vec![Stmt::Attribute(attr("rank", "same"))];
            inner.extend(row.stmts.iter().cloned());
            stmts.push(subgraph(&format!("legend_{}", row.name), inner));
            if let Some(next) = rows.get(i + 1) {
                stmts.push(edge(&row.first, &next.first, vec![attr("style", "invis")]));
            }
        }
        subgraph("cluster_legend", stmts)
    }

    /// The row of the `number`th relation kind: a line per status, drawn as
    /// the diagram draws the kind's relations with that status (invisible
    /// if it draws none), then the kind's label (invisible if it draws no
    /// relation of the kind).
    fn legend_relation(
        &self,
        number: usize,
        kind: &str,
        label: &str,
        statuses: &[Status],
        used: &Used,
    ) -> Row {
        let look = self.edge_styles.look(kind);
        let mut stmts = Vec::new();
        let mut names = Vec::new();
        for status in statuses {
            let (from, to) = (
                format!("legend.rel{number}.{}.from", status.word()),
                format!("legend.rel{number}.{}.to", status.word()),
            );
            for point in [&from, &to] {
                stmts.push(node(
                    point,
                    vec![
                        attr("shape", "point"),
                        attr("width", "0.05"),
                        attr("style", "invis"),
                    ],
                ));
            }
            let (color, width) = style::edge_pen(&look, *status);
            let mut attrs = direction(&look, false);
            attrs.extend([
                attr("style", look.style),
                attr("color", &color),
                attr("penwidth", width),
                attr("minlen", "2"),
                tip(&format!("{label}, {}", status.word())),
                attr("id", &format!("legend.rel{number}.{}", status.word())),
            ]);
            if self.compare {
                attrs.extend([
                    attr("label", status.word()),
                    attr("fontsize", "8"),
                    attr("fontcolor", "#606060"),
                ]);
            }
            if !used.relations.contains(&(kind.to_string(), *status)) {
                hide(&mut attrs);
            }
            stmts.push(edge(&from, &to, attrs));
            names.extend([from, to]);
        }
        let text = format!("legend.rel{number}.label");
        let mut attrs = vec![
            attr("shape", "plaintext"),
            attr("label", label),
            attr("id", &text),
        ];
        if !used.relations.iter().any(|(k, _)| k == kind) {
            hide(&mut attrs);
        }
        stmts.push(node(&text, attrs));
        names.push(text);
        // Each line's end held before the next line's start (the lines
        // themselves join each start to its end).
        for pair in names.windows(2).skip(1).step_by(2) {
            stmts.push(edge(&pair[0], &pair[1], vec![attr("style", "invis")]));
        }
        Row {
            name: format!("rel{number}"),
            first: names[0].clone(),
            stmts,
        }
    }

    /// The relation kinds drawn, in dataset order, with their labels.
    /// (Validation makes every relation's kind a declared one.)
    fn legend_relation_kinds(&self) -> Vec<(String, String)> {
        self.dataset
            .relation_kinds
            .iter()
            .filter(|k| self.skeleton.edges.iter().any(|e| e.kind == k.id))
            .map(|k| (k.id.clone(), k.label.clone()))
            .collect()
    }

    /// Each shape the diagram draws organisations with, in the order of the
    /// first kind using it, with the labels of the kinds drawn with it.
    fn legend_shapes(&self) -> Vec<(&'static str, String)> {
        let ds = self.dataset;
        let mut kinds: Vec<&str> = Vec::new();
        for &n in &self.skeleton.nodes {
            let kind = ds.organisations[n].kind.as_str();
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        let position = |id: &str| ds.node_kinds.iter().position(|k| k.id == id);
        kinds.sort_by_key(|k| (position(k), k.to_string()));
        let mut shapes: Vec<(&'static str, Vec<&str>)> = Vec::new();
        for kind in kinds {
            let declared = ds.node_kind(kind);
            let shape = style::node_shape(declared);
            let label = declared.map_or(kind, |k| k.label.as_str());
            match shapes.iter_mut().find(|(s, _)| *s == shape) {
                Some((_, labels)) => labels.push(label),
                None => shapes.push((shape, vec![label])),
            }
        }
        shapes
            .into_iter()
            .map(|(shape, labels)| (shape, labels.join(", ")))
            .collect()
    }

    /// The rows of fills, bottom to top: each value of the attribute by
    /// its label, no value, and a change in the window, side by side,
    /// those the diagram does not draw invisible; above them, the
    /// attribute's name.
    fn legend_fill(&self, used: &Used) -> Vec<Row> {
        let Some(attribute) = self.options.color_by.as_ref() else {
            return Vec::new();
        };
        let declared = self.dataset.attributes.iter().find(|a| &a.id == attribute);
        let title = declared.map_or(attribute.as_str(), |a| &a.label);
        // A colour is drawn alone or as either end of a gradient.
        let drawn = |color: &str| used.fills.iter().any(|f| f.split(':').any(|c| c == color));
        let mut entries: Vec<(String, String, bool)> = self
            .colors
            .iter()
            .map(|(v, c)| {
                let label = declared.map_or(v.as_str(), |a| a.value_label(v));
                (c.to_string(), label.to_string(), drawn(c))
            })
            .collect();
        entries.push((
            style::NO_VALUE.to_string(),
            "no value".into(),
            used.fills.contains(style::NO_VALUE),
        ));
        if let [(_, a), (_, b), ..] = self.colors.as_slice() {
            let changed = used.fills.iter().any(|f| f.contains(':'));
            entries.push((format!("{a}:{b}"), "changed in the window".into(), changed));
        }
        let table = |cells: String| {
            Id::Html(format!(
                "<<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\"><TR>{cells}</TR></TABLE>>"
            ))
        };
        let entry = |name: &str, label: Id, shown: bool| {
            let mut attrs = vec![
                Attribute(Id::Plain("label".into()), label),
                attr("shape", "plaintext"),
                attr("margin", "0"),
                attr("id", name),
            ];
            if !shown {
                hide(&mut attrs);
            }
            node(name, attrs)
        };
        let mut rows = rows_of("fill", &entries, |(color, text, shown), name| {
            let cells = format!(
                "<TD BGCOLOR=\"{color}\" WIDTH=\"22\"></TD><TD BORDER=\"0\" ALIGN=\"LEFT\">{}</TD>",
                html_text(text)
            );
            entry(name, table(cells), *shown)
        });
        let name = "legend.fill".to_string();
        let heading = table(format!("<TD BORDER=\"0\"><B>{}</B></TD>", html_text(title)));
        let stmts = vec![entry(&name, heading, true)];
        rows.push(Row::new("fill".into(), &[name], stmts));
        rows
    }
}

/// A white node of `shape` outlined as organisations of `status` are, with
/// pen width `pen`; invisible unless `drawn`.
fn legend_node(
    name: &str,
    shape: &str,
    status: Status,
    label: &str,
    pen: &str,
    drawn: bool,
) -> Stmt {
    let (color, _, _) = style::node_outline(status);
    let mut attrs = vec![
        attr("label", &wrap(label, 24)),
        attr("shape", shape),
        attr("style", &style::node_style(shape, status)),
        attr("fillcolor", style::NO_VALUE),
        attr("color", color),
        attr("penwidth", pen),
        attr("fontsize", "10"),
        attr("id", name),
    ];
    if !drawn {
        hide(&mut attrs);
    }
    node(name, attrs)
}
