//! One organisation as a DOT node: shape and label that size it (the same
//! in every panel and period), then fill, outline, tooltip and classes for
//! its status in the panel.

use graphviz_rust::dot_structures::Stmt;

use super::escape::{class_name, wrap};
use super::style::{self, Status};
use super::visibility::Visible;
use super::{Builder, Panel, attr, cite_text, node, tip};
use crate::model::Organisation;

impl Builder<'_, '_> {
    pub(super) fn org_node(&self, panel: &Panel, n: usize) -> Stmt {
        let ds = self.dataset;
        let org = &ds.organisations[n];
        let kind = ds.node_kind(&org.kind);
        let shape = style::node_shape(kind);
        let mut label = wrap(&org.name, self.options.wrap);
        if let Some(count) = org.count {
            label.push_str(&format!("\n×{count}"));
        }
        // Attributes that size the node come first and never change
        // between panels, periods or statuses.
        let mut attrs = if self.miniature {
            // Its number in the key (module `key`), in a small shape; a
            // shape without an outline (`plain`) is its number alone.
            let number = self.numbers.get(&n).copied().unwrap_or_default();
            let mut attrs = vec![
                attr("label", &number.to_string()),
                attr("fontsize", "10"),
                attr("shape", shape),
            ];
            if !matches!(shape, "plain" | "plaintext" | "none") {
                attrs.extend([
                    attr("fixedsize", "true"),
                    attr("width", "0.4"),
                    attr("height", "0.3"),
                ]);
            }
            attrs
        } else {
            vec![attr("label", &label), attr("shape", shape)]
        };
        let name = format!("{}{}", panel.prefix, org.id);
        let Some((status, shown)) = panel.shows.status(|v| v.nodes.contains(&n)) else {
            attrs.push(attr("style", "invis"));
            attrs.push(attr("id", &format!("{}org-{}", panel.prefix, org.id)));
            return node(&name, attrs);
        };
        let values = self.fill_values(org, &shown);
        let (pen, width, _) = style::node_outline(status);
        let focus = self
            .options
            .focus
            .as_ref()
            .is_some_and(|f| f.organisation == org.id);
        attrs.extend([
            attr("style", &style::node_style(shape, status)),
            attr("fillcolor", &self.fill(&values)),
            attr("color", pen),
            attr("penwidth", if focus { style::FOCUS_PEN } else { width }),
            tip(&self.node_tooltip(org, status, &shown)),
            attr("id", &format!("{}org-{}", panel.prefix, org.id)),
        ]);
        let mut class = format!(
            "organisation kind-{} level-{}",
            class_name(&org.kind),
            class_name(&ds.level(org.level).id)
        );
        if status != Status::Present {
            class.push_str(&format!(" {}", status.word()));
        }
        if let Some(last) = values.last() {
            class.push_str(&format!(" value-{}", class_name(last)));
        }
        if focus {
            class.push_str(" focus");
        }
        attrs.push(attr("class", &class));
        node(&name, attrs)
    }

    /// The values of the `--color-by` attribute `org` takes in the
    /// snapshots `shown`, in order, repeats dropped (none without
    /// `--color-by`).
    pub(super) fn fill_values(&self, org: &Organisation, shown: &[&Visible]) -> Vec<String> {
        let Some(a) = &self.options.color_by else {
            return Vec::new();
        };
        let mut all: Vec<String> = Vec::new();
        for v in shown {
            for value in v.values(org, a) {
                if all.last() != Some(&value) {
                    all.push(value);
                }
            }
        }
        all
    }

    /// The fill of a node with these values: one colour, or a gradient from
    /// the first value to the last if it changed in the window.
    pub(super) fn fill(&self, values: &[String]) -> String {
        let color = |v: &String| {
            self.colors
                .iter()
                .find(|(value, _)| value == v)
                .map_or(style::NO_VALUE, |(_, c)| c)
        };
        match values {
            [] => style::NO_VALUE.to_string(),
            [one] => color(one).to_string(),
            [first, .., last] if color(first) == color(last) => color(first).to_string(),
            [first, .., last] => format!("{}:{}", color(first), color(last)),
        }
    }

    fn node_tooltip(&self, org: &Organisation, status: Status, shown: &[&Visible]) -> String {
        let ds = self.dataset;
        let view = self.options.view;
        let mut lines = Vec::new();
        match &org.name_original {
            Some(original) => lines.push(format!("{} ({original})", org.name)),
            None => lines.push(org.name.clone()),
        }
        let kind = ds
            .node_kind(&org.kind)
            .map_or(org.kind.as_str(), |k| &k.label);
        let mut what = format!("{kind}, {}", ds.level(org.level).label);
        if let Some(place) = &org.place {
            what.push_str(&format!(", {place}"));
        }
        lines.push(what);
        lines.push(format!("existed {}", org.during.show(view)));
        if let Some(count) = org.count {
            lines.push(format!("stands for {count} bodies"));
        }
        if self.compare {
            lines.push(status.word().to_string());
        }
        let mut attributes: Vec<&str> = ds.attributes.iter().map(|a| a.id.as_str()).collect();
        if let Some(first) = &self.options.color_by {
            attributes.retain(|a| a != first);
            attributes.insert(0, first);
        }
        for a in attributes {
            let declared = ds.attributes.iter().find(|x| x.id == a);
            let label = declared.map_or(a, |x| &x.label);
            let parts: Vec<String> = shown
                .iter()
                .filter_map(|v| {
                    let values = v.values(org, a);
                    (!values.is_empty()).then(|| {
                        let labels: Vec<&str> = values
                            .iter()
                            .map(|v| declared.map_or(v.as_str(), |x| x.value_label(v)))
                            .collect();
                        let joined = labels.join(" → ");
                        if shown.len() > 1 {
                            format!("{joined} in {}", v.snap.label)
                        } else {
                            joined
                        }
                    })
                })
                .collect();
            if !parts.is_empty() {
                lines.push(format!("{label}: {}", parts.join("; ")));
            }
        }
        if let Some(note) = &org.note {
            lines.push(note.clone());
        }
        if !org.cite.is_empty() {
            lines.push(format!("Sources: {}", cite_text(&org.cite)));
        }
        lines.join("\n")
    }
}
