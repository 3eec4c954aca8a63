//! How communities carry on from one slice to the next: matched by overlap
//! of members, then classed as continuing, splitting, merging, new or
//! dissolved.
//!
//! Community `A` of the earlier slice and `B` of the later one are matched
//! when the Jaccard index of their member ids, |A ∩ B| / |A ∪ B|, is at
//! least the threshold (0.3 by default, as in Greene, Doyle and Cunningham
//! 2010). Members are compared by organisation id: a body that continues
//! under another id counts as leaving and arriving. Then, for a community
//! of the later slice:
//!
//! * no match: **new**;
//! * one match that matches only it: **continues** that community;
//! * several matches: **merges** them;
//! * one match that also matches other communities: **split** from it;
//!
//! and a community of the earlier slice with no match **dissolved**. A
//! community can both merge and come from a split (several matches, one of
//! which matched others too); it is then called a merge. Communities of
//! one body are not matched (a body alone is not a bloc). Cost
//! O(Σ |A| + Σ |B| + pairs sharing a member).

use std::collections::{BTreeMap, BTreeSet};

/// Default Jaccard threshold.
pub const DEFAULT_THRESHOLD: f64 = 0.3;

/// A match between a community of the earlier slice and one of the later.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Overlap {
    /// The community's number in its slice.
    pub community: usize,
    /// Members shared.
    pub shared: usize,
    /// |A ∩ B| / |A ∪ B|.
    pub jaccard: f64,
}

/// What a later community is, relative to the earlier slice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fate {
    /// No earlier community matches it.
    New,
    /// One earlier community matches it and nothing else.
    Continues,
    /// Several earlier communities match it.
    Merges,
    /// Its one match also matches other later communities.
    Split,
}

impl Fate {
    /// The word used in output.
    pub fn word(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Continues => "continues",
            Self::Merges => "merges",
            Self::Split => "split",
        }
    }
}

/// The links between two consecutive slices' communities.
#[derive(Clone, Debug, PartialEq)]
pub struct Succession {
    /// For each later community (by number): its fate and its matches in
    /// the earlier slice, by community number.
    pub later: Vec<(Fate, Vec<Overlap>)>,
    /// Earlier communities (of two or more bodies) with no match.
    pub dissolved: Vec<usize>,
}

/// Matches `earlier` communities (each a list of member ids) with `later`
/// ones at `threshold`.
pub fn succession<S: AsRef<str>>(
    earlier: &[Vec<S>],
    later: &[Vec<S>],
    threshold: f64,
) -> Succession {
    let mut where_earlier: BTreeMap<&str, usize> = BTreeMap::new();
    for (c, members) in earlier.iter().enumerate() {
        for id in members {
            where_earlier.insert(id.as_ref(), c);
        }
    }
    // Matches of each later community, and how many later communities
    // each earlier one matched.
    let mut matches: Vec<Vec<Overlap>> = Vec::with_capacity(later.len());
    let mut matched_by: Vec<usize> = vec![0; earlier.len()];
    for members in later {
        let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
        if members.len() > 1 {
            for id in members {
                if let Some(&c) = where_earlier.get(id.as_ref()) {
                    *shared.entry(c).or_insert(0) += 1;
                }
            }
        }
        let found: Vec<Overlap> = shared
            .into_iter()
            .filter(|&(c, _)| earlier[c].len() > 1)
            .map(|(c, k)| Overlap {
                community: c,
                shared: k,
                jaccard: k as f64 / (earlier[c].len() + members.len() - k) as f64,
            })
            .filter(|o| o.jaccard >= threshold)
            .collect();
        for o in &found {
            matched_by[o.community] += 1;
        }
        matches.push(found);
    }
    let later = matches
        .into_iter()
        .map(|found| {
            let fate = match found.as_slice() {
                [] => Fate::New,
                [one] if matched_by[one.community] == 1 => Fate::Continues,
                [_] => Fate::Split,
                _ => Fate::Merges,
            };
            (fate, found)
        })
        .collect();
    let dissolved = (0..earlier.len())
        .filter(|&c| earlier[c].len() > 1 && matched_by[c] == 0)
        .collect::<BTreeSet<usize>>()
        .into_iter()
        .collect();
    Succession { later, dissolved }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(ids: &str) -> Vec<String> {
        ids.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn continues_splits_merges_new_and_dissolved() {
        let earlier = [
            group("a b c d e f"), // 0: splits into later 0 and 1
            group("g h i"),       // 1: merges with 2 into later 2
            group("j k"),         // 2
            group("l m n"),       // 3: continues as later 3
            group("o p q"),       // 4: dissolves
            group("z"),           // 5: alone, never matched
        ];
        let later = [
            group("a b c x"), // 0
            group("d e f"),   // 1
            group("g h i j k"),
            group("l m n r"),
            group("s t"), // 4: new
            group("o"),   // 5: alone
        ];
        let s = succession(&earlier, &later, DEFAULT_THRESHOLD);
        let fates: Vec<Fate> = s.later.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fates,
            [
                Fate::Split,
                Fate::Split,
                Fate::Merges,
                Fate::Continues,
                Fate::New,
                Fate::New
            ]
        );
        // a b c of 6 + 4 − 3 = 7: 3/7.
        assert_eq!(s.later[0].1[0].shared, 3);
        assert!((s.later[0].1[0].jaccard - 3.0 / 7.0).abs() < 1e-15);
        let merged: Vec<usize> = s.later[2].1.iter().map(|o| o.community).collect();
        assert_eq!(merged, [1, 2]);
        assert!((s.later[3].1[0].jaccard - 0.75).abs() < 1e-15);
        assert_eq!(s.dissolved, [4]);
    }

    #[test]
    fn the_threshold_decides_what_matches() {
        let earlier = [group("a b c d")];
        let later = [group("a e f g h")]; // 1/8
        assert_eq!(
            succession(&earlier, &later, 0.125).later[0].0,
            Fate::Continues
        );
        let s = succession(&earlier, &later, 0.13);
        assert_eq!(s.later[0].0, Fate::New);
        assert_eq!(s.dissolved, [0]);
    }
}
