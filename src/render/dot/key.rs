//! The numbered key of a filmstrip: its organisations are small shapes
//! with a number in them, the same number in every panel, and the key,
//! below the panels, gives each number's name, tier by tier from the top,
//! by name within a tier, so that a printed filmstrip reads without
//! tooltips.

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{Attribute, Id, Stmt};

use super::escape::html_text;
use super::visibility::Skeleton;
use super::{Builder, attr, edge, node, subgraph};
use crate::model::Dataset;

/// A column of the key: its tier's name (on a tier's first column only)
/// and its entries, (number, organisation).
type Column = (Option<String>, Vec<(usize, usize)>);

/// The most names in one column of the key.
const PER_COLUMN: usize = 30;

/// Each organisation of the skeleton's number in the key: from 1, the
/// highest tier first, by name (then id) within a tier.
pub(super) fn numbers(dataset: &Dataset, skeleton: &Skeleton) -> BTreeMap<usize, usize> {
    let mut order: Vec<usize> = skeleton.nodes.iter().copied().collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&dataset.organisations[a], &dataset.organisations[b]);
        y.level
            .cmp(&x.level)
            .then_with(|| x.name.cmp(&y.name))
            .then_with(|| x.id.cmp(&y.id))
    });
    order
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, i + 1))
        .collect()
}

impl Builder<'_, '_> {
    /// The key cluster, kept below the panels by an invisible edge to
    /// `bottom` (the first panel's lowest row): one table, columns per
    /// tier (split every [`PER_COLUMN`] names), left to right from the
    /// highest tier.
    pub(super) fn key(&self, bottom: &str) -> Stmt {
        let ds = self.dataset;
        let mut by_number: Vec<(usize, usize)> =
            self.numbers.iter().map(|(&n, &k)| (k, n)).collect();
        by_number.sort_unstable();
        // Columns: (tier label, entries), a tier's first column headed.
        let mut columns: Vec<Column> = Vec::new();
        let mut last_level = None;
        for (k, n) in by_number {
            let level = ds.organisations[n].level;
            let fresh = last_level != Some(level);
            if fresh || columns.last().is_some_and(|c| c.1.len() >= PER_COLUMN) {
                let heading = fresh.then(|| ds.level(level).label.clone());
                columns.push((heading, Vec::new()));
            }
            last_level = Some(level);
            if let Some(column) = columns.last_mut() {
                column.1.push((k, n));
            }
        }
        let mut stmts = vec![
            Stmt::Attribute(attr("label", "Key: the organisations by number")),
            Stmt::Attribute(attr("labelloc", "b")),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("color", "#a0a0a0")),
            Stmt::Attribute(attr("fontsize", "14")),
            Stmt::Attribute(attr("id", "key")),
        ];
        // One node, a grid: a number and a name per column on each row
        // (Graphviz keeps the order of a table's cells).
        let height = columns.iter().map(|c| c.1.len()).max().unwrap_or(0);
        // A blank cell before each column but the first keeps the columns apart.
        let gap = |i: usize| if i > 0 { "<TD WIDTH=\"18\"></TD>" } else { "" };
        let mut grid = String::from("<TR>");
        for (i, (heading, _)) in columns.iter().enumerate() {
            grid.push_str(gap(i));
            let head = heading.as_deref().map_or_else(
                || "(continued)".to_string(),
                |h| format!("<B>{}</B>", html_text(h)),
            );
            grid.push_str(&format!("<TD COLSPAN=\"2\" ALIGN=\"LEFT\">{head}</TD>"));
        }
        grid.push_str("</TR>");
        for row in 0..height {
            grid.push_str("<TR>");
            for (i, (_, entries)) in columns.iter().enumerate() {
                grid.push_str(gap(i));
                match entries.get(row) {
                    Some(&(k, n)) => grid.push_str(&format!(
                        "<TD ALIGN=\"RIGHT\">{k}</TD><TD ALIGN=\"LEFT\">{}</TD>",
                        html_text(&ds.organisations[n].name)
                    )),
                    None => grid.push_str("<TD></TD><TD></TD>"),
                }
            }
            grid.push_str("</TR>");
        }
        let name = "key.table";
        stmts.push(node(
            name,
            vec![
                Attribute(
                    Id::Plain("label".into()),
                    Id::Html(format!(
                        "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\">{grid}</TABLE>>"
                    )),
                ),
                attr("shape", "plaintext"),
                attr("fontsize", "12"),
                attr("id", "key-table"),
            ],
        ));
        // Below the panels: under rankdir=BT an edge's tail is drawn lower.
        let out = vec![
            subgraph("cluster_key", stmts),
            edge(name, bottom, vec![attr("style", "invis")]),
        ];
        subgraph("key_below", out)
    }
}
