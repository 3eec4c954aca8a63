//! The ego network of one organisation in a [`Snapshot`]: the organisations
//! within a number of relations of it, what `councils dot --focus ORG
//! --depth N` draws.

use std::collections::{BTreeSet, HashMap, VecDeque};

use rustworkx_core::petgraph::visit::EdgeRef;

use super::Snapshot;

/// The organisations within `depth` relations of `centre` in `snapshot`,
/// following relations in either direction (a body that delegates to the
/// centre and one the centre delegates to are both one step away).
///
/// Returns positions in `snapshot.dataset.organisations`, the centre
/// included (`depth` 0: the centre alone), or `None` if `centre` is not in
/// the snapshot.
///
/// Complexity: a breadth-first search, O(V + E) over the snapshot's graph
/// in the worst case, and only the neighbourhood in practice.
pub fn neighbourhood(
    snapshot: &Snapshot<'_>,
    centre: &str,
    depth: usize,
) -> Option<BTreeSet<usize>> {
    let graph = &snapshot.graph;
    let start = snapshot.node(centre)?;
    let mut depth_of = HashMap::from([(start, 0usize)]);
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let d = depth_of[&n];
        if d == depth {
            continue;
        }
        for m in graph.neighbors_undirected(n) {
            if let std::collections::hash_map::Entry::Vacant(e) = depth_of.entry(m) {
                e.insert(d + 1);
                queue.push_back(m);
            }
        }
    }
    Some(depth_of.keys().map(|&n| graph[n]).collect())
}

/// The relations of `snapshot` between organisations of `nodes`
/// (positions in the dataset), as `(from, to, relation)` positions, in
/// time proportional to their relations rather than to the snapshot's
/// (an ego diagram of a network of a million relations looks at the few
/// it draws).
pub fn relations_among(
    snapshot: &Snapshot<'_>,
    nodes: &BTreeSet<usize>,
) -> Vec<(usize, usize, usize)> {
    let graph = &snapshot.graph;
    let mut found = Vec::new();
    for &n in nodes {
        let Some(at) = snapshot.node(&snapshot.dataset.organisations[n].id) else {
            continue;
        };
        for e in graph.edges(at) {
            let to = graph[e.target()];
            if nodes.contains(&to) {
                found.push((n, to, *e.weight()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slice::{Filter, Selector};

    /// The ids of `neighbourhood(early, centre, depth)` in the mini fixture,
    /// where factory-committee -> district-soviet -> city-soviet (both
    /// delegation) and `rival` does not exist yet.
    fn ids(centre: &str, depth: usize) -> Option<Vec<String>> {
        let dataset = crate::load(std::path::Path::new("tests/fixtures/mini")).unwrap();
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period("early".into()),
            Filter::default(),
        )
        .unwrap();
        let found = neighbourhood(&snap, centre, depth)?;
        Some(
            found
                .into_iter()
                .map(|i| dataset.organisations[i].id.clone())
                .collect(),
        )
    }

    #[test]
    fn neighbourhood_grows_by_one_relation_per_step_in_either_direction() {
        assert_eq!(ids("city-soviet", 0).unwrap(), ["city-soviet"]);
        assert_eq!(
            ids("city-soviet", 1).unwrap(),
            ["city-soviet", "district-soviet"]
        );
        // Against the direction of both delegations, then along them.
        assert_eq!(
            ids("city-soviet", 2).unwrap(),
            ["city-soviet", "district-soviet", "factory-committee"]
        );
        assert_eq!(
            ids("factory-committee", 5).unwrap(),
            ["city-soviet", "district-soviet", "factory-committee"]
        );
    }

    #[test]
    fn relations_among_a_neighbourhood_are_those_with_both_ends_in_it() {
        let dataset = crate::load(std::path::Path::new("tests/fixtures/mini")).unwrap();
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period("early".into()),
            Filter::default(),
        )
        .unwrap();
        let ids = |found: Vec<(usize, usize, usize)>| -> Vec<(String, String)> {
            found
                .into_iter()
                .map(|(a, b, r)| {
                    let rel = &dataset.relations[r];
                    assert_eq!(
                        (
                            dataset.organisations[a].id.as_str(),
                            dataset.organisations[b].id.as_str()
                        ),
                        (rel.from.as_str(), rel.to.as_str())
                    );
                    (rel.from.to_string(), rel.to.to_string())
                })
                .collect()
        };
        let one = neighbourhood(&snap, "city-soviet", 1).unwrap();
        assert_eq!(
            ids(relations_among(&snap, &one)),
            [("district-soviet".to_string(), "city-soviet".to_string())]
        );
        let two = neighbourhood(&snap, "city-soviet", 2).unwrap();
        assert_eq!(relations_among(&snap, &two).len(), 2);
    }

    #[test]
    fn an_organisation_absent_from_the_snapshot_has_no_neighbourhood() {
        assert_eq!(ids("rival", 1), None);
        assert_eq!(ids("no-such-body", 1), None);
    }
}
