//! Integer keys that order records as their ids do, so that large datasets
//! are sorted and grouped without comparing strings.

use std::collections::{BTreeSet, HashMap};

use crate::model::{ById, Id, Relation};

/// The rank of each distinct id in sorted order, so that records can be
/// ordered by integer keys that order as the ids do.
pub(super) fn rank_of_ids<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let distinct: BTreeSet<&str> = ids.collect();
    distinct
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id.to_owned(), i))
        .collect()
}

/// The rank of a relation's end: its organisation's position (organisations
/// are in id order), and for an end whose organisation was refused (the
/// dataset is then invalid, but its other problems are still reported) the
/// position it would have, told apart by a number.
pub(super) type EndRank = (usize, usize);

/// [`EndRank`]s of the ends of a set of relations, found once per distinct
/// end: a binary search over the organisations for each of the 1.2 million
/// lookups that sorting and grouping 300k relations make took ~0.9 s, a
/// third of loading (issue 16).
pub(super) struct EndRanks {
    ranks: HashMap<Id, EndRank>,
}

impl EndRanks {
    pub(super) fn new(index: ById<'_>, relations: &[Relation]) -> Self {
        let organisations = index.0;
        let mut ranks: HashMap<Id, EndRank> = HashMap::new();
        let mut missing = 0;
        for r in relations {
            for end in [&r.from, &r.to] {
                if ranks.contains_key(end) {
                    continue;
                }
                let rank = match index.get(end) {
                    Some(at) => (at, 0),
                    None => {
                        missing += 1;
                        let at = organisations.partition_point(|o| o.id.as_str() < end.as_str());
                        (at, missing)
                    }
                };
                ranks.insert(end.clone(), rank);
            }
        }
        Self { ranks }
    }

    /// The rank of `id`, an end of one of the relations given to
    /// [`EndRanks::new`].
    pub(super) fn rank(&self, id: &Id) -> EndRank {
        self.ranks.get(id).copied().unwrap_or((usize::MAX, 0))
    }
}
