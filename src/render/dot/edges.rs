//! One relation (all its intervals) as a DOT edge: written upward, and
//! drawn backward where it runs down the rows, with its kind's look and its
//! status in the panel.

use graphviz_rust::dot_structures::{Attribute, Stmt};

use super::escape::class_name;
use super::style::{self, EdgeLook, Status};
use super::visibility::EdgeKey;
use super::{Builder, Panel, attr, cite_text, edge, tip};
use crate::model::Relation;

impl Builder<'_, '_> {
    pub(super) fn relation_edge(&self, panel: &Panel, key: &EdgeKey) -> Stmt {
        let ds = self.dataset;
        let (from, to) = (&ds.organisations[key.from], &ds.organisations[key.to]);
        let kind = ds.relation_kind(&key.kind);
        let look = self.edge_styles.look(&key.kind);
        let p = &panel.prefix;
        // A relation running down the rows is written upward and drawn
        // backward, so that it agrees with the ranks; in a compact layout,
        // one within a row is written left to right, so that it agrees
        // with the chain that holds the row's order (a flat edge's tail is
        // put left of its head, and a cycle of them undoes the order).
        let (row, place) = (self.row_of[&key.from], self.row_of[&key.to]);
        let reversed = if self.compact {
            place < row
        } else {
            place.0 < row.0
        };
        let (tail, head) = if reversed { (to, from) } else { (from, to) };
        let mut attrs = direction(&look, reversed);
        // In a compact layout the rows and their order are fixed (spine and
        // chains): a relation that constrained the layout would make `dot`
        // reorder the rows (seen on the 1917 periods).
        if self.compact {
            attrs.push(attr("constraint", "false"));
        }
        let id = format!("{p}rel-{}--{}--{}", from.id, key.kind, to.id);
        match panel.shows.status(|v| v.edges.contains_key(key)) {
            None => {
                attrs.push(attr("style", "invis"));
                attrs.push(attr("id", &id));
            }
            Some((status, shown)) => {
                let (color, width) = style::edge_pen(&look, status);
                let mut relations: Vec<usize> = shown
                    .iter()
                    .flat_map(|v| v.edges.get(key).into_iter().flatten().copied())
                    .collect();
                relations.sort_unstable();
                relations.dedup();
                let kind_label = kind.map_or(key.kind.as_str(), |k| &k.label);
                let mut tooltip: Vec<String> = relations
                    .iter()
                    .map(|&r| self.relation_tooltip(&ds.relations[r], kind_label, &look))
                    .collect();
                if self.compare {
                    tooltip.insert(0, status.word().to_string());
                }
                attrs.extend([
                    attr("style", look.style),
                    attr("color", &color),
                    attr("penwidth", width),
                    tip(&tooltip.join("\n\n")),
                    attr("id", &id),
                ]);
                let mut class = format!("relation kind-{}", class_name(&key.kind));
                if status != Status::Present {
                    class.push_str(&format!(" {}", status.word()));
                }
                attrs.push(attr("class", &class));
            }
        }
        edge(
            &format!("{p}{}", tail.id),
            &format!("{p}{}", head.id),
            attrs,
        )
    }

    fn relation_tooltip(&self, rel: &Relation, kind: &str, look: &EdgeLook) -> String {
        let ds = self.dataset;
        let name = |id: &str| {
            ds.organisation(id)
                .map_or(id.to_string(), |o| o.name.clone())
        };
        let arrow = if look.directed { "→" } else { "↔" };
        let mut lines = vec![
            format!("{} {arrow} {}: {kind}", name(&rel.from), name(&rel.to)),
            format!("during {}", rel.during.show(self.options.view)),
        ];
        if let Some(w) = rel.weight {
            lines.push(format!("weight {w}"));
        }
        if let Some(note) = &rel.note {
            lines.push(note.clone());
        }
        if !rel.cite.is_empty() {
            lines.push(format!("Sources: {}", cite_text(&rel.cite)));
        }
        lines.join("\n")
    }
}

/// `dir`, `arrowhead` and `arrowtail` of an edge of this look, written
/// backward if `reversed`.
pub(super) fn direction(look: &EdgeLook, reversed: bool) -> Vec<Attribute> {
    if !look.directed {
        vec![
            attr("dir", "both"),
            attr("arrowhead", look.arrow),
            attr("arrowtail", look.arrow),
        ]
    } else if reversed {
        vec![attr("dir", "back"), attr("arrowtail", look.arrow)]
    } else {
        vec![attr("arrowhead", look.arrow)]
    }
}
