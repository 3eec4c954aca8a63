//! The report's big-data policy: what the report leaves out of a large
//! network so that it is written in bounded time and memory, and the
//! options that put it back (see docs/report.md, "Large networks").
//!
//! On a network of 100,000 organisations and a million relations the
//! report, drawing and measuring everything, grew past 7 GB and ran for
//! hours (issue 17). Three things grow faster than the data:
//!
//! * **Diagrams.** Graphviz's layout of a 100,000-node graph took 22 GB.
//!   A period (or comparison) whose network is beyond
//!   [`Limits::DEFAULT`] is not drawn, and its DOT source is not put in the
//!   page either (it would be hundreds of MB); the page says so, with the
//!   figures. `--force-size` draws it anyway.
//! * **Betweenness.** Exact betweenness (Brandes) takes time in proportion
//!   to organisations × relations of each period. Above
//!   [`EXACT_BETWEENNESS_WORK`] the report ranks by degree in its place,
//!   and the comparison's rank shifts are by degree too, and the page says
//!   so. `--exact` computes it anyway; `councils centrality --measure
//!   betweenness` computes it for one period.
//! * **Pages.** Every organisation has its page; they are made and written
//!   one at a time, never held together in memory, so memory stays flat
//!   however many there are.
//! * **Ego diagrams.** Each organisation's page draws its neighbourhood in
//!   every period it existed, at two depths: one Graphviz run per period
//!   and depth, for every organisation. A neighbourhood beyond
//!   [`EGO_LIMITS`] is not drawn (it would not be legible as an ego
//!   diagram either), and at most [`EGO_DIAGRAMS`] ego diagrams are drawn
//!   in all, on the pages of the organisations with the most relations;
//!   the other pages say so. `--force-size` lifts both.

use crate::measure::Measure;
use crate::render::limits::Limits;

/// Organisations × relations of a period above which its betweenness is
/// not computed exactly by default: about 10⁹ steps, a few seconds; a
/// million relations among 100,000 organisations is 10¹¹, hours.
pub const EXACT_BETWEENNESS_WORK: u128 = 1_000_000_000;

/// The largest neighbourhood drawn as an ego diagram (organisations and
/// relations of the union of its periods, the layout's skeleton): every
/// neighbourhood of the 1917 dataset is within it. A larger one is not
/// legible as an ego diagram, and costs Graphviz about a second per
/// period (on a 10,000-organisation network, limits of 300 and 1,500 made
/// the report take 390 s of CPU).
pub const EGO_LIMITS: Limits = Limits {
    nodes: 120,
    edges: 600,
};

/// The most ego diagrams (one per organisation, period and depth) a report
/// draws: at 10 to 50 ms of Graphviz each, under a minute. The 1917
/// dataset needs 1,004 (124 organisations, 502 organisation-periods).
pub const EGO_DIAGRAMS: usize = 1_200;

/// What the report draws and computes on a large network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Largest diagram drawn (`--force-size`: [`Limits::NONE`]).
    pub diagrams: Limits,
    /// Largest organisations × relations of a period whose betweenness is
    /// computed exactly (`--exact`: no limit).
    pub exact_betweenness: u128,
    /// Largest neighbourhood drawn as an ego diagram (`--force-size`:
    /// [`Limits::NONE`]).
    pub ego: Limits,
    /// Most ego diagrams drawn in all (`--force-size`: no limit).
    pub ego_diagrams: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            diagrams: Limits::DEFAULT,
            exact_betweenness: EXACT_BETWEENNESS_WORK,
            ego: EGO_LIMITS,
            ego_diagrams: EGO_DIAGRAMS,
        }
    }
}

impl Policy {
    /// The measure that stands for betweenness on a network of
    /// `organisations` and `relations`: betweenness itself within
    /// [`Policy::exact_betweenness`], else degree.
    pub fn betweenness_or_degree(&self, organisations: usize, relations: usize) -> Measure {
        if organisations as u128 * relations as u128 <= self.exact_betweenness {
            Measure::Betweenness
        } else {
            Measure::Degree
        }
    }

    /// Why degree stands for betweenness on a network of `organisations`
    /// and `relations`, in words for the page.
    pub fn why_degree(&self, organisations: usize, relations: usize) -> String {
        let n = crate::suggest::thousands;
        format!(
            "Betweenness is not computed here: the largest network has {} organisations and {} relations, and exact betweenness takes time in proportion to their product ({} steps, more than the report's limit of {}); degree stands in its place. \
             `councils report --exact` computes it anyway; `councils centrality --measure betweenness --period ID` computes it for one period.",
            n(organisations),
            n(relations),
            n_big(organisations as u128 * relations as u128),
            n_big(self.exact_betweenness),
        )
    }

    /// Why a diagram of `organisations` and `relations` is not drawn, or
    /// `None` if it is within the limits.
    pub fn too_large(&self, organisations: usize, relations: usize) -> Option<String> {
        let n = crate::suggest::thousands;
        (organisations > self.diagrams.nodes || relations > self.diagrams.edges).then(|| {
            format!(
                "this network has {} organisations and {} relations, more than the report draws ({} organisations, {} relations per diagram): Graphviz's layout of it could take many GB and hours. \
                 `councils report --force-size` draws it anyway; `councils render --focus ORG --depth N` draws part of it.",
                n(organisations),
                n(relations),
                n(self.diagrams.nodes),
                n(self.diagrams.edges),
            )
        })
    }
}

impl Policy {
    /// Why the neighbourhood of `organisation` at `depth`, of
    /// `organisations` and `relations` over all its periods, is not drawn,
    /// or `None` if it is within [`Policy::ego`].
    pub fn ego_too_large(
        &self,
        organisation: &str,
        depth: usize,
        organisations: usize,
        relations: usize,
    ) -> Option<String> {
        let n = crate::suggest::thousands;
        (organisations > self.ego.nodes || relations > self.ego.edges).then(|| {
            format!(
                "this neighbourhood has {} organisations and {} relations over its periods, more than the report draws as an ego diagram ({} organisations, {} relations). \
                 `councils render --period ID --focus {organisation} --depth {depth}` draws it; `councils report --force-size` draws it here.",
                n(organisations),
                n(relations),
                n(self.ego.nodes),
                n(self.ego.edges),
            )
        })
    }

    /// Why the ego diagrams of `organisation` are not drawn when only
    /// those of the `drawn` organisations with the most relations are.
    pub fn why_no_ego(&self, organisation: &str, drawn: usize) -> String {
        let n = crate::suggest::thousands;
        if self.ego_diagrams == 0 {
            return format!(
                "this report was made without ego diagrams. \
                 `councils render --period ID --focus {organisation} --depth 1` draws one."
            );
        }
        format!(
            "the report draws at most {} ego diagrams, on the pages of the {} organisations with the most relations, so that it is written in bounded time; this organisation has fewer. \
             `councils render --period ID --focus {organisation} --depth 1` draws it; `councils report --force-size` draws them all.",
            n(self.ego_diagrams),
            n(drawn),
        )
    }
}

/// `v` with thousands separators.
fn n_big(v: u128) -> String {
    crate::suggest::thousands(usize::try_from(v).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn betweenness_gives_way_to_degree_above_the_work_limit() {
        let policy = Policy::default();
        assert_eq!(
            policy.betweenness_or_degree(300, 1_000),
            Measure::Betweenness
        );
        assert_eq!(
            policy.betweenness_or_degree(10_000, 100_000),
            Measure::Betweenness
        );
        assert_eq!(
            policy.betweenness_or_degree(100_000, 1_000_000),
            Measure::Degree
        );
        let exact = Policy {
            exact_betweenness: u128::MAX,
            ..policy
        };
        assert_eq!(
            exact.betweenness_or_degree(100_000, 1_000_000),
            Measure::Betweenness
        );
        assert!(
            policy
                .why_degree(100_000, 1_000_000)
                .starts_with("Betweenness is not computed here: the largest network has 100,000 organisations and 1,000,000 relations, and exact betweenness takes time in proportion to their product (100,000,000,000 steps, more than the report's limit of 1,000,000,000)")
        );
    }

    #[test]
    fn diagrams_beyond_the_limits_are_named_with_their_figures() {
        let policy = Policy::default();
        assert_eq!(policy.too_large(5_000, 20_000), None);
        let why = policy.too_large(100_000, 1_000_000).unwrap();
        assert!(why.starts_with("this network has 100,000 organisations and 1,000,000 relations, more than the report draws (5,000 organisations, 20,000 relations per diagram)"), "{why}");
        assert!(why.contains("`councils report --force-size` draws it anyway"));
        let forced = Policy {
            diagrams: Limits::NONE,
            ..policy
        };
        assert_eq!(forced.too_large(100_000, 1_000_000), None);
    }

    #[test]
    fn ego_networks_beyond_the_ego_limits_are_named_with_their_figures() {
        let policy = Policy::default();
        assert_eq!(policy.ego_too_large("x", 1, 120, 600), None);
        let why = policy.ego_too_large("x", 2, 121, 10).unwrap();
        assert!(why.starts_with("this neighbourhood has 121 organisations and 10 relations over its periods, more than the report draws as an ego diagram (120 organisations, 600 relations)"), "{why}");
        assert!(why.contains("`councils render --period ID --focus x --depth 2` draws it"));
        assert!(policy.ego_too_large("x", 1, 3, 601).is_some());
        let why = policy.why_no_ego("x", 12);
        assert!(why.starts_with("the report draws at most 1,200 ego diagrams, on the pages of the 12 organisations with the most relations"), "{why}");
        let none = Policy {
            ego_diagrams: 0,
            ..policy
        };
        let why = none.why_no_ego("x", 0);
        assert!(
            why.starts_with("this report was made without ego diagrams"),
            "{why}"
        );
        assert!(why.contains("--focus x --depth 1"), "{why}");
    }
}
