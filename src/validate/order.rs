//! Integer keys that order records as their ids do, so that large datasets
//! are sorted and grouped without comparing strings.

use std::collections::{BTreeSet, HashMap};

use crate::model::{ById, Relation};

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

/// [`EndRank`]s of the ends of a set of relations.
pub(super) struct EndRanks<'a> {
    index: ById<'a>,
    missing: HashMap<String, EndRank>,
}

impl<'a> EndRanks<'a> {
    pub(super) fn new(index: ById<'a>, relations: &[Relation]) -> Self {
        let organisations = index.0;
        let mut missing = HashMap::new();
        for r in relations {
            for end in [r.from.as_str(), r.to.as_str()] {
                if index.get(end).is_none() && !missing.contains_key(end) {
                    let at = organisations.partition_point(|o| o.id.as_str() < end);
                    let number = missing.len() + 1;
                    missing.insert(end.to_owned(), (at, number));
                }
            }
        }
        Self { index, missing }
    }

    pub(super) fn rank(&self, id: &str) -> EndRank {
        match self.index.get(id) {
            Some(at) => (at, 0),
            None => self.missing.get(id).copied().unwrap_or((usize::MAX, 0)),
        }
    }
}
