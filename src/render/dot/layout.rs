//! Where organisations go: tiers split into rows ([`rows`]), the spine
//! that stacks them, and clusters by place or kind; then one panel's
//! statements in that order (nodes, tiers, edges).

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::Stmt;

use super::escape::wrap;
use super::visibility::Skeleton;
use super::{Builder, Cluster, Panel, attr, edge, node, node_ref, subgraph, tip};
use crate::model::Dataset;

/// A tree of place clusters (or one level of kind clusters).
#[derive(Default)]
struct Group {
    label: String,
    nodes: Vec<usize>,
    children: BTreeMap<String, Group>,
}

/// One row of organisations side by side, all of one level.
pub(super) struct Row {
    pub(super) level: usize,
    pub(super) nodes: Vec<usize>,
}

/// Splits each tier of the skeleton into rows of at most `width`
/// organisations (0: one row per tier), bottom first.
///
/// Within a tier, organisations linked mostly to lower tiers go to the
/// lower rows and those linked mostly to higher tiers to the upper rows
/// (ties by place, then id), so that edges stay short; rows are filled
/// evenly. The order within a row is left to Graphviz.
pub(super) fn rows(dataset: &Dataset, skeleton: &Skeleton, width: usize) -> Vec<Row> {
    let level = |n: usize| dataset.organisations[n].level;
    let mut pull: BTreeMap<usize, i64> = skeleton.nodes.iter().map(|&n| (n, 0)).collect();
    for e in &skeleton.edges {
        let (a, b) = (level(e.from), level(e.to));
        let step = match a.cmp(&b) {
            std::cmp::Ordering::Less => 1,
            std::cmp::Ordering::Greater => -1,
            std::cmp::Ordering::Equal => 0,
        };
        *pull.entry(e.from).or_default() += step;
        *pull.entry(e.to).or_default() -= step;
    }
    let mut tiers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &n in &skeleton.nodes {
        tiers.entry(level(n)).or_default().push(n);
    }
    let mut rows = Vec::new();
    for (level, mut nodes) in tiers {
        nodes.sort_by_key(|&n| {
            let org = &dataset.organisations[n];
            (pull[&n], org.place.clone(), n)
        });
        let count = if width == 0 {
            1
        } else {
            nodes.len().div_ceil(width)
        };
        let (size, extra) = (nodes.len() / count, nodes.len() % count);
        let mut rest = nodes.as_slice();
        for i in 0..count {
            let (this, next) = rest.split_at(size + usize::from(i < extra));
            rows.push(Row {
                level,
                nodes: this.to_vec(),
            });
            rest = next;
        }
    }
    rows
}

/// The rows of a compact layout: the `stable` rows with only the
/// organisations `drawn`, each row in the stable layout's left-to-right
/// `order` (positions; those it lacks after, in the row's order), the rows
/// left empty dropped. Each organisation keeps its tier and row.
pub(super) fn compact(stable: Vec<Row>, drawn: &BTreeSet<usize>, order: &[usize]) -> Vec<Row> {
    let rank: BTreeMap<usize, usize> = order.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    stable
        .into_iter()
        .filter_map(|row| {
            let mut nodes: Vec<(usize, usize)> = row
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| drawn.contains(n))
                .map(|(i, &n)| (rank.get(&n).map_or(order.len() + i, |&r| r), n))
                .collect();
            nodes.sort_unstable();
            (!nodes.is_empty()).then(|| Row {
                level: row.level,
                nodes: nodes.into_iter().map(|(_, n)| n).collect(),
            })
        })
        .collect()
}

impl Builder<'_, '_> {
    /// The statements of one panel: tiers, clusters, nodes and edges.
    pub(super) fn panel(&self, panel: &Panel) -> Vec<Stmt> {
        let ds = self.dataset;
        let p = &panel.prefix;
        let spine = |row: usize| format!("{p}row.{}", row + 1);
        let mut stmts = Vec::new();
        // The spine: one invisible point per row, chained bottom to top,
        // so that the rows stack in order even where no edge joins them.
        // With tier labels shown, the first row of each tier carries its
        // level's label, kept leftmost by invisible edges to the row.
        let labelled = self.options.cluster == Cluster::None;
        let row_stmts = |tier: Option<usize>| -> Vec<Stmt> {
            let mut out = Vec::new();
            for (i, row) in self.rows.iter().enumerate() {
                if tier.is_some_and(|t| t != row.level) {
                    continue;
                }
                let first = i == 0 || self.rows[i - 1].level != row.level;
                let level = ds.level(row.level);
                let spine_attrs = if labelled && first {
                    vec![
                        attr("shape", "plaintext"),
                        attr("label", &wrap(&level.label, 12)),
                        attr("fontcolor", "#707070"),
                        attr("fontsize", "12"),
                        attr("id", &format!("{p}tier-{}", level.id)),
                        tip(level.description.as_deref().unwrap_or(&level.label)),
                    ]
                } else {
                    vec![
                        attr("shape", "point"),
                        attr("width", "0.01"),
                        attr("style", "invis"),
                    ]
                };
                out.push(node(&spine(i), spine_attrs));
                let mut same = vec![Stmt::Attribute(attr("rank", "same")), node_ref(&spine(i))];
                let names: Vec<String> = row
                    .nodes
                    .iter()
                    .map(|&n| format!("{p}{}", ds.organisations[n].id))
                    .collect();
                for name in &names {
                    if labelled {
                        same.push(edge(&spine(i), name, vec![attr("style", "invis")]));
                    } else {
                        same.push(node_ref(name));
                    }
                }
                // Compact: the row's order is the stable layout's, held by
                // an invisible chain (a flat edge's tail is left of its head).
                if self.compact {
                    for pair in names.windows(2) {
                        same.push(edge(&pair[0], &pair[1], vec![attr("style", "invis")]));
                    }
                }
                out.push(subgraph(&format!("{p}rank.{}", i + 1), same));
            }
            out
        };
        match self.options.cluster {
            Cluster::None => {
                for &n in &self.skeleton.nodes {
                    stmts.push(self.org_node(panel, n));
                }
                stmts.extend(row_stmts(None));
            }
            Cluster::Place | Cluster::Kind | Cluster::Community => {
                let (loose, root) = self.groups();
                for n in loose {
                    stmts.push(self.org_node(panel, n));
                }
                let mut counter = 0;
                for group in root.children.values() {
                    stmts.push(self.cluster(panel, group, &mut counter));
                }
                stmts.extend(row_stmts(None));
            }
        }
        for pair in (0..self.rows.len()).collect::<Vec<_>>().windows(2) {
            stmts.push(edge(
                &spine(pair[0]),
                &spine(pair[1]),
                vec![attr("style", "invis"), attr("weight", "10")],
            ));
        }
        for key in &self.skeleton.edges {
            stmts.push(self.relation_edge(panel, key));
        }
        stmts
    }

    /// Organisations outside any cluster, and the cluster tree.
    fn groups(&self) -> (Vec<usize>, Group) {
        let ds = self.dataset;
        let mut root = Group::default();
        let mut loose = Vec::new();
        for &n in &self.skeleton.nodes {
            let org = &ds.organisations[n];
            let path: Vec<(String, String)> = match self.options.cluster {
                Cluster::Place => org
                    .place
                    .iter()
                    .flat_map(|p| p.split(','))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| (s.to_string(), s.to_string()))
                    .collect(),
                Cluster::Kind => {
                    // Kinds in dataset order: the key is the kind's position.
                    let pos = ds.node_kinds.iter().position(|k| k.id == org.kind);
                    let label = ds
                        .node_kind(&org.kind)
                        .map_or(org.kind.as_str(), |k| &k.label);
                    vec![(
                        format!("{:04}", pos.unwrap_or(usize::MAX)),
                        label.to_string(),
                    )]
                }
                Cluster::Community => self
                    .options
                    .communities
                    .get(&org.id)
                    .map(|c| (format!("{c:04}"), format!("community {c}")))
                    .into_iter()
                    .collect(),
                Cluster::None => Vec::new(),
            };
            if path.is_empty() {
                loose.push(n);
                continue;
            }
            let mut group = &mut root;
            for (key, label) in path {
                group = group.children.entry(key).or_default();
                group.label = label;
            }
            group.nodes.push(n);
        }
        (loose, root)
    }

    fn cluster(&self, panel: &Panel, group: &Group, counter: &mut usize) -> Stmt {
        *counter += 1;
        let name = format!("cluster_{}{}", panel.prefix.replace('.', "_"), counter);
        let shown = self.group_shown(panel, group);
        let mut stmts = vec![
            Stmt::Attribute(attr("label", &wrap(&group.label, 30))),
            Stmt::Attribute(attr("style", "rounded")),
            Stmt::Attribute(attr("labeljust", "l")),
            Stmt::Attribute(attr("labelloc", "b")),
            Stmt::Attribute(attr("fontsize", "10")),
            Stmt::Attribute(attr("id", &name)),
        ];
        // An empty cluster keeps its size (and its label's) but is not seen.
        let (pen, font) = if shown {
            ("#a0a0a0", "#606060")
        } else {
            ("transparent", "transparent")
        };
        stmts.push(Stmt::Attribute(attr("color", pen)));
        stmts.push(Stmt::Attribute(attr("fontcolor", font)));
        for &n in &group.nodes {
            stmts.push(self.org_node(panel, n));
        }
        for child in group.children.values() {
            stmts.push(self.cluster(panel, child, counter));
        }
        subgraph(&name, stmts)
    }

    fn group_shown(&self, panel: &Panel, group: &Group) -> bool {
        group
            .nodes
            .iter()
            .any(|n| panel.shows.status(|v| v.nodes.contains(n)).is_some())
            || group.children.values().any(|g| self.group_shown(panel, g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_rows_keep_only_what_is_drawn_in_the_stable_order() {
        let stable = vec![
            Row {
                level: 0,
                nodes: vec![1, 2, 3, 4],
            },
            Row {
                level: 0,
                nodes: vec![5, 6],
            },
            Row {
                level: 1,
                nodes: vec![7, 8, 9],
            },
        ];
        let drawn = BTreeSet::from([1, 3, 4, 7, 8, 9]);
        // Graphviz placed 4 left of 3 and 9 left of 7; 8 is not placed.
        let order = [4, 9, 1, 3, 7];
        let rows = compact(stable, &drawn, &order);
        let got: Vec<(usize, Vec<usize>)> = rows.into_iter().map(|r| (r.level, r.nodes)).collect();
        assert_eq!(got, [(0, vec![4, 1, 3]), (1, vec![9, 7, 8])]);
    }
}
