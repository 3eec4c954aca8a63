//! The ego network of one organisation in a [`Snapshot`]: the organisations
//! within a number of relations of it, what `councils dot --focus ORG
//! --depth N` draws.

use std::collections::{BTreeSet, HashMap, VecDeque};

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
    fn an_organisation_absent_from_the_snapshot_has_no_neighbourhood() {
        assert_eq!(ids("rival", 1), None);
        assert_eq!(ids("no-such-body", 1), None);
    }
}
