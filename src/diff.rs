//! What changed between two snapshots.
//!
//! A [`Diff`] compares snapshot A with snapshot B:
//!
//! * **organisations** present only in A (removed), only in B (added), in
//!   both (kept). Lineage is followed: a body present only in A whose
//!   successor or new name (`renamed-from`, `successor-of`, in either
//!   direction, transitively) is present only in B is a *continuation*,
//!   neither removed nor added;
//! * **relations** matched by their *identity* `(from, to, kind)`, where a
//!   continued body's ends stand for its whole line of succession (the
//!   line's representative) and for symmetric kinds the two ends are sorted
//!   — so a relation is added, removed or kept; a pair joined in both
//!   snapshots by different kinds is reported as a *change of kind* (a
//!   *flip* when one kind of a pair the dataset declares opposed,
//!   `opposed_kinds`, gave way to the other: support and conflict in the
//!   1917 data), and a kept
//!   identity whose declared weight changed is *reweighted* (the largest
//!   weight declared in each window; relations without a weight are never
//!   reweighted). Every reported
//!   relation also carries the endpoints it **really had** in each snapshot
//!   ([`RelationChange::in_a`], [`RelationChange::in_b`]): the identity only
//!   pairs a relation of A with its continuation in B, it is never printed
//!   as if it were a relation (a relation to `first-coalition` in A is not a
//!   relation to the later `fourth-coalition`);
//! * **states**: for organisations in both, each attribute whose values
//!   differ, with the dates the new values began;
//! * **events** from the end of A's window to the end of B's (what happened
//!   in between and during B);
//! * **similarity**: Jaccard indices over organisations and relations, and
//!   a level-balanced index (the mean over levels of the organisations'
//!   Jaccard index, so each tier counts equally however many bodies it has).
//!
//! The added, removed and kept sets are exact set differences of the two
//! snapshots after lineage mapping: applying them to A's sets gives B's
//! (tested as a property over random datasets).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{Dataset, Event, LineageKind, Organisation};
use crate::slice::Snapshot;
use smallvec::{SmallVec, smallvec};

/// A relation's identity in a diff: `(from, to, kind)`, ends sorted for
/// symmetric kinds; borrowed from the dataset (owned keys for every relation
/// of both slices took ~100 MB at 300k relations, issue 16).
pub type RelationKey<'d> = (&'d str, &'d str, &'d str);

/// Endpoints `(from, to)` of real relations in one snapshot (ends sorted
/// for symmetric kinds), borrowed from the dataset.
pub type Endpoints<'d> = (&'d str, &'d str);

/// The endpoints of the relations sharing one identity in one snapshot,
/// while the diff is made: nearly always one pair, held inline (a `Vec`
/// per identity allocated ~34 MB at 300k relations, issue 16).
type EndpointList<'d> = SmallVec<[Endpoints<'d>; 1]>;

/// A relation in a diff: its identity across lineage and the endpoints it
/// really had in A and in B.
///
/// Its fields are private so that it can hold its endpoints compactly
/// (96 bytes, not 144: a diff at 300k relations holds ~330,000 of them):
/// the common case, the identity's own ends, takes no room.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationChange<'d> {
    ends: Endpoints<'d>,
    kind: &'d str,
    in_a: Pairs<'d>,
    in_b: Pairs<'d>,
}

/// The endpoints of a [`RelationChange`] in one snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pairs<'d> {
    /// No relation with this identity.
    Absent,
    /// Exactly one, between the identity's own ends.
    Own,
    /// Any other set (sorted, no repeats).
    Other(Box<[Endpoints<'d>]>),
}

impl<'d> Pairs<'d> {
    /// `list` (sorted, no repeats) for the identity whose ends are `own`.
    fn of(list: &[Endpoints<'d>], own: Endpoints<'d>) -> Self {
        match list {
            [] => Self::Absent,
            [one] if *one == own => Self::Own,
            _ => Self::Other(list.into()),
        }
    }
}

impl<'d> RelationChange<'d> {
    /// A change of the relations of identity `key`, with `in_a` and `in_b`
    /// their endpoints in A and B (sorted, no repeats).
    pub fn new(key: RelationKey<'d>, in_a: &[Endpoints<'d>], in_b: &[Endpoints<'d>]) -> Self {
        let ends = (key.0, key.1);
        Self {
            ends,
            kind: key.2,
            in_a: Pairs::of(in_a, ends),
            in_b: Pairs::of(in_b, ends),
        }
    }

    /// Identity: `(from, to, kind)` with continued bodies under their
    /// line's representative (see [`Diff::canonical`]); for matching only.
    pub fn key(&self) -> RelationKey<'d> {
        (self.ends.0, self.ends.1, self.kind)
    }

    /// The relation kind.
    pub fn kind(&self) -> &'d str {
        self.kind
    }

    /// The relations of A with this identity (sorted; empty if added).
    pub fn in_a(&self) -> &[Endpoints<'d>] {
        self.pairs(&self.in_a)
    }

    /// The relations of B with this identity (sorted; empty if removed).
    pub fn in_b(&self) -> &[Endpoints<'d>] {
        self.pairs(&self.in_b)
    }

    fn pairs<'s>(&'s self, pairs: &'s Pairs<'d>) -> &'s [Endpoints<'d>] {
        match pairs {
            Pairs::Absent => &[],
            Pairs::Own => std::slice::from_ref(&self.ends),
            Pairs::Other(list) => list,
        }
    }

    /// True if the relation ran between other bodies in A than in B: it
    /// continued through a change of name or a successor.
    pub fn continued(&self) -> bool {
        !self.in_a().is_empty() && !self.in_b().is_empty() && self.in_a() != self.in_b()
    }
}

/// Bodies of A that continue under other ids in B: one line of succession
/// (linked by `renamed-from` or `successor-of`), with the members present
/// only in A and those present only in B.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Continuation {
    /// Its ids found only in A, in order of their start.
    pub before: Vec<String>,
    /// Its ids found only in B, in order of their start.
    pub after: Vec<String>,
    /// The id that stands for the whole line in relation identities: the
    /// member of B that started last (the body's form at the end of B).
    pub representative: String,
}

/// A pair of organisations joined in both snapshots by different kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindChange<'d> {
    /// The pair's identity, ends sorted (continued bodies under their
    /// line's representative).
    pub pair: Endpoints<'d>,
    /// The pairs, ends sorted, really joined in A (continued bodies under
    /// the ids they had in A).
    pub pairs_a: Vec<Endpoints<'d>>,
    /// Likewise in B.
    pub pairs_b: Vec<Endpoints<'d>>,
    /// Kinds joining them in A.
    pub before: BTreeSet<String>,
    /// Kinds joining them in B.
    pub after: BTreeSet<String>,
    /// One kind of an opposed pair (`opposed_kinds` in the dataset,
    /// support and conflict in 1917) gave way to the other.
    pub flip: bool,
}

/// A relation key present in both with a different total weight.
#[derive(Clone, Debug, PartialEq)]
pub struct Reweighting<'d> {
    /// The relation.
    pub relation: RelationChange<'d>,
    /// Total weight in A.
    pub before: f64,
    /// Total weight in B.
    pub after: f64,
}

/// An attribute whose values differ between A and B.
#[derive(Clone, Debug, PartialEq)]
pub struct StateChange {
    /// The organisation (its id in B).
    pub organisation: String,
    /// The attribute.
    pub attribute: String,
    /// Values in A's window, in order (empty: none recorded).
    pub before: Vec<String>,
    /// Values in B's window, in order.
    pub after: Vec<String>,
    /// When B's states that were not already held in A hold (their
    /// `during`), kept whole so that they are shown at the precision they
    /// are written with (`c. August 1917 O.S.`), never as an invented day.
    pub since: Vec<crate::time::When>,
}

/// Similarity of the two snapshots, each in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Similarity {
    /// |A ∩ B| / |A ∪ B| over organisations (after lineage mapping).
    pub organisations: f64,
    /// |A ∩ B| / |A ∪ B| over relation keys.
    pub relations: f64,
    /// Mean over the levels present in A or B of the organisations' Jaccard
    /// index on that level.
    pub level_balanced: f64,
}

/// Everything that changed from snapshot A to snapshot B.
#[derive(Clone, Debug)]
pub struct Diff<'d> {
    /// The dataset.
    pub dataset: &'d Dataset,
    /// A's label.
    pub a: String,
    /// B's label.
    pub b: String,
    /// Organisations only in B (ids), sorted.
    pub organisations_added: Vec<String>,
    /// Organisations only in A (ids), sorted.
    pub organisations_removed: Vec<String>,
    /// Organisations in both, sorted.
    pub organisations_kept: Vec<String>,
    /// Bodies continued under other ids.
    pub continuations: Vec<Continuation>,
    /// Relations whose identity is only in B, by identity.
    pub relations_added: Vec<RelationChange<'d>>,
    /// Relations whose identity is only in A, by identity.
    pub relations_removed: Vec<RelationChange<'d>>,
    /// Relations whose identity is in both, by identity.
    pub relations_kept: Vec<RelationChange<'d>>,
    /// Pairs joined by different kinds in A and B.
    pub kind_changes: Vec<KindChange<'d>>,
    /// Kept relations whose weight changed.
    pub reweighted: Vec<Reweighting<'d>>,
    /// Attributes whose values changed.
    pub state_changes: Vec<StateChange>,
    /// Events from the end of A to the end of B, in date order.
    pub events: Vec<&'d Event>,
    /// How alike A and B are.
    pub similarity: Similarity,
}

/// How many of each change a [`Diff`] found, without the changes: what a
/// comparison keeps of the diff under the other reading of imprecise dates
/// (its lists held every relation of both slices, ~50 MB at 300k).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiffCounts {
    /// Organisations only in B.
    pub organisations_added: usize,
    /// Organisations only in A.
    pub organisations_removed: usize,
    /// Organisations in both.
    pub organisations_kept: usize,
    /// Bodies continued under other ids.
    pub continuations: usize,
    /// Relation identities only in B.
    pub relations_added: usize,
    /// Relation identities only in A.
    pub relations_removed: usize,
    /// Relation identities in both.
    pub relations_kept: usize,
    /// Pairs joined by different kinds.
    pub kind_changes: usize,
    /// Kind changes that are flips.
    pub flips: usize,
    /// Kept relations whose weight changed.
    pub reweighted: usize,
    /// Attributes whose values changed.
    pub state_changes: usize,
    /// How alike A and B are.
    pub similarity: Similarity,
}

impl Diff<'_> {
    /// The counts of each change.
    pub fn counts(&self) -> DiffCounts {
        DiffCounts {
            organisations_added: self.organisations_added.len(),
            organisations_removed: self.organisations_removed.len(),
            organisations_kept: self.organisations_kept.len(),
            continuations: self.continuations.len(),
            relations_added: self.relations_added.len(),
            relations_removed: self.relations_removed.len(),
            relations_kept: self.relations_kept.len(),
            kind_changes: self.kind_changes.len(),
            flips: self.flips(),
            reweighted: self.reweighted.len(),
            state_changes: self.state_changes.len(),
            similarity: self.similarity,
        }
    }

    /// True if nothing differs (the diff of a snapshot with itself).
    pub fn is_empty(&self) -> bool {
        self.organisations_added.is_empty()
            && self.organisations_removed.is_empty()
            && self.continuations.is_empty()
            && self.relations_added.is_empty()
            && self.relations_removed.is_empty()
            && self.kind_changes.is_empty()
            && self.reweighted.is_empty()
            && self.state_changes.is_empty()
    }

    /// The number of flips among the kind changes.
    pub fn flips(&self) -> usize {
        self.kind_changes.iter().filter(|c| c.flip).count()
    }

    /// The id under which organisation `id` appears in relation identities:
    /// the representative of its line of succession if it continued, else
    /// itself.
    pub fn canonical<'a>(&'a self, id: &'a str) -> &'a str {
        self.continuations
            .iter()
            .find(|c| c.before.iter().chain(&c.after).any(|m| m == id))
            .map_or(id, |c| c.representative.as_str())
    }
}

/// Maps ids of bodies that continue under another id (lineage links of kind
/// `renamed-from` or `successor-of`, either direction, transitively) to one
/// identity. Only used for bodies present in exactly one of the snapshots.
struct Identity<'d> {
    parent: HashMap<&'d str, &'d str>,
}

impl<'d> Identity<'d> {
    fn new(dataset: &'d Dataset) -> Self {
        let mut identity = Self {
            parent: HashMap::new(),
        };
        for org in &dataset.organisations {
            for l in &org.lineage {
                if matches!(l.kind, LineageKind::RenamedFrom | LineageKind::SuccessorOf) {
                    identity.union(&org.id, &l.organisation);
                }
            }
        }
        identity
    }

    fn find(&self, mut id: &'d str) -> &'d str {
        while let Some(&p) = self.parent.get(id) {
            if p == id {
                break;
            }
            id = p;
        }
        id
    }

    fn union(&mut self, a: &'d str, b: &'d str) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller id becomes the root, so the result does not depend
            // on the order links are read in.
            let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(child, root);
            self.parent.entry(root).or_insert(root);
        }
    }
}

/// Compares snapshot `a` with snapshot `b` (slices of the same dataset).
pub fn diff<'d>(a: &Snapshot<'d>, b: &Snapshot<'d>) -> Diff<'d> {
    let dataset = a.dataset;
    let ids_a: BTreeSet<&'d str> = a.organisations().map(|o| o.id.as_str()).collect();
    let ids_b: BTreeSet<&'d str> = b.organisations().map(|o| o.id.as_str()).collect();

    // Continuations: lines of succession with members only in A and
    // members only in B.
    let identity = Identity::new(dataset);
    let start_of = |id: &str| {
        dataset
            .organisation(id)
            .map(|o| (o.during.loose.start, o.id.clone()))
    };
    let mut lines: BTreeMap<&str, (Vec<&'d str>, Vec<&'d str>)> = BTreeMap::new();
    for &id in ids_a.difference(&ids_b) {
        lines.entry(identity.find(id)).or_default().0.push(id);
    }
    for &id in ids_b.difference(&ids_a) {
        lines.entry(identity.find(id)).or_default().1.push(id);
    }
    let mut continuations = Vec::new();
    let mut rename: HashMap<&'d str, &'d str> = HashMap::new();
    for (_, (mut before, mut after)) in lines {
        if before.is_empty() || after.is_empty() {
            continue;
        }
        before.sort_by_key(|id| start_of(id));
        after.sort_by_key(|id| start_of(id));
        let representative = *after.last().unwrap_or(&after[0]);
        for &id in before.iter().chain(&after) {
            rename.insert(id, representative);
        }
        continuations.push(Continuation {
            before: before.iter().map(|s| s.to_string()).collect(),
            after: after.iter().map(|s| s.to_string()).collect(),
            representative: representative.to_string(),
        });
    }
    let mapped = |id: &'d str| -> &'d str { rename.get(id).copied().unwrap_or(id) };
    let continued = |id: &str| rename.contains_key(id);
    let organisations_added: Vec<String> = ids_b
        .difference(&ids_a)
        .filter(|id| !continued(id))
        .map(|s| s.to_string())
        .collect();
    let organisations_removed: Vec<String> = ids_a
        .difference(&ids_b)
        .filter(|id| !continued(id))
        .map(|s| s.to_string())
        .collect();
    let organisations_kept: Vec<String> =
        ids_a.intersection(&ids_b).map(|s| s.to_string()).collect();
    let set_a: BTreeSet<&'d str> = ids_a.iter().map(|&id| mapped(id)).collect();
    let set_b: BTreeSet<&'d str> = ids_b.iter().map(|&id| mapped(id)).collect();

    let weights_a = relation_weights(a, &mapped);
    let weights_b = relation_weights(b, &mapped);
    // Before the lists of changes are made, so that its working lists and
    // theirs are not held together (issue 16).
    let kind_changes = kind_changes(&weights_a, &weights_b, &dataset.info.opposed_kinds);
    let change = |key: &Key<'d>| {
        let (a, b) = (weighed(&weights_a, key), weighed(&weights_b, key));
        RelationChange::new(*key, ends_of(a), ends_of(b))
    };
    // Keys in order, as the sorted lists hold them; counted first, so that
    // each list is allocated once at its size.
    let only = |this: &Weights<'d>, other: &Weights<'d>, present: bool| {
        let keys = || {
            this.iter()
                .filter(move |(k, _)| weighed(other, k).is_some() == present)
        };
        let mut list = Vec::with_capacity(keys().count());
        list.extend(keys().map(|(k, _)| change(k)));
        list
    };
    let relations_added = only(&weights_b, &weights_a, false);
    let relations_removed = only(&weights_a, &weights_b, false);
    let relations_kept = only(&weights_a, &weights_b, true);
    let reweighted = relations_kept
        .iter()
        .filter_map(|r| {
            // Only declared weights: a relation without one has none to change.
            let weight = |w: &Weights<'d>| weighed(w, &r.key()).and_then(|x| x.weight);
            let (before, after) = (weight(&weights_a)?, weight(&weights_b)?);
            ((before - after).abs() > 1e-12).then(|| Reweighting {
                relation: r.clone(),
                before,
                after,
            })
        })
        .collect();

    let state_changes = state_changes(a, b, &organisations_kept, &continuations);
    let events = events_between(a, b);
    let relation_counts = (
        relations_kept.len(),
        weights_a.len() + weights_b.len() - relations_kept.len(),
    );
    let similarity = similarity(dataset, &set_a, &set_b, relation_counts);
    Diff {
        dataset,
        a: a.label.clone(),
        b: b.label.clone(),
        organisations_added,
        organisations_removed,
        organisations_kept,
        continuations,
        relations_added,
        relations_removed,
        relations_kept,
        kind_changes,
        reweighted,
        state_changes,
        events,
        similarity,
    }
}

/// The diff's working key: a [`RelationKey`].
type Key<'d> = RelationKey<'d>;

/// [`Endpoints`] in the diff's working sets.
type Ends<'d> = Endpoints<'d>;

/// The relations of one snapshot sharing an identity.
struct Weighed<'d> {
    /// The largest weight declared on them, if any declares one. Not a
    /// sum: relations to successive forms of one body, or one relation
    /// whose weight changed within the window, are one relation.
    weight: Option<f64>,
    /// Their real endpoints, ends sorted for symmetric kinds; sorted, no
    /// repeats. (Not a `BTreeSet`: there is nearly always one, and an
    /// empty set's first insertion allocates a node of eleven.)
    endpoints: EndpointList<'d>,
}

/// The endpoints of `weighed`, none if there is no entry.
fn ends_of<'w, 'd>(weighed: Option<&'w Weighed<'d>>) -> &'w [Ends<'d>] {
    weighed.map_or(&[], |w| &w.endpoints)
}

/// `items` sorted, without repeats: a set in a `Vec`.
fn set_of<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort_unstable();
    items.dedup();
    items
}

/// The relations of one snapshot by identity: a list sorted by key, one
/// entry a key (not a `BTreeMap`, whose nodes took ~47 MB over both slices
/// at 300k relations, issue 16).
type Weights<'d> = Vec<(Key<'d>, Weighed<'d>)>;

/// The entry of `key` in `weights`.
fn weighed<'w, 'd>(weights: &'w Weights<'d>, key: &Key<'d>) -> Option<&'w Weighed<'d>> {
    weights
        .binary_search_by(|(k, _)| k.cmp(key))
        .ok()
        .map(|i| &weights[i].1)
}

/// The relations of a snapshot by identity (ids passed through `map`).
fn relation_weights<'d>(snapshot: &Snapshot<'d>, map: &dyn Fn(&'d str) -> &'d str) -> Weights<'d> {
    let dataset = snapshot.dataset;
    let mut weights: Weights<'d> = Vec::with_capacity(snapshot.relations().count());
    for r in snapshot.relations() {
        let symmetric = dataset.relation_kind(&r.kind).is_some_and(|k| !k.directed);
        let ends = |from: &'d str, to: &'d str| {
            if symmetric && to < from {
                (to, from)
            } else {
                (from, to)
            }
        };
        let (from, to) = ends(map(&r.from), map(&r.to));
        let real = ends(&r.from, &r.to);
        let endpoints = smallvec![real];
        weights.push((
            (from, to, r.kind.as_str()),
            Weighed {
                weight: r.weight,
                endpoints,
            },
        ));
    }
    merge_by_key(&mut weights);
    weights
}

/// Sorts `weights` by key and merges the entries of one key into one: the
/// largest weight declared, the endpoints as a sorted set.
fn merge_by_key(weights: &mut Weights<'_>) {
    weights.sort_by(|x, y| x.0.cmp(&y.0));
    weights.dedup_by(|later, kept| {
        if later.0 != kept.0 {
            return false;
        }
        if let Some(w) = later.1.weight {
            kept.1.weight = Some(kept.1.weight.map_or(w, |v| v.max(w)));
        }
        kept.1.endpoints.append(&mut later.1.endpoints);
        true
    });
    weights.shrink_to_fit();
    for (_, w) in weights.iter_mut() {
        if w.endpoints.len() > 1 {
            w.endpoints.sort_unstable();
            w.endpoints.dedup();
        }
    }
}

/// Pairs (ends sorted) joined in both snapshots whose kinds differ.
fn kind_changes<'d, 'w>(
    a: &'w Weights<'d>,
    b: &'w Weights<'d>,
    opposed: &[(String, String)],
) -> Vec<KindChange<'d>> {
    // The relations of each side as one flat list sorted by pair, grouped
    // and merged by pair: a map of pairs to sets took ~50 MB per side at
    // 300k relations (issue 16).
    type Entry<'d, 'w> = (Ends<'d>, &'d str, &'w Weighed<'d>);
    let sorted = |&(x, y): &Ends<'d>| if x <= y { (x, y) } else { (y, x) };
    let flat = |m: &'w Weights<'d>| -> Vec<Entry<'d, 'w>> {
        let mut entries: Vec<Entry<'d, 'w>> = m
            .iter()
            .map(|((from, to, kind), weighed)| (sorted(&(*from, *to)), *kind, weighed))
            .collect();
        entries.sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
        entries
    };
    let kinds = |group: &[Entry<'d, 'w>]| set_of(group.iter().map(|e| e.1).collect());
    let real = |group: &[Entry<'d, 'w>]| {
        set_of(
            group
                .iter()
                .flat_map(|e| e.2.endpoints.iter().map(sorted))
                .collect(),
        )
    };
    let (flat_a, flat_b) = (flat(a), flat(b));
    let mut groups_b = flat_b.chunk_by(|x, y| x.0 == y.0).peekable();
    let mut changes = Vec::new();
    for group_a in flat_a.chunk_by(|x, y| x.0 == y.0) {
        let pair = group_a[0].0;
        while groups_b.next_if(|g| g[0].0 < pair).is_some() {}
        let Some(group_b) = groups_b.peek().filter(|g| g[0].0 == pair) else {
            continue;
        };
        let (before, after) = (kinds(group_a), kinds(group_b));
        if before != after {
            changes.push(KindChange {
                pair,
                pairs_a: real(group_a),
                pairs_b: real(group_b),
                flip: is_flip(&before, &after, opposed),
                before: before.iter().map(|k| k.to_string()).collect(),
                after: after.iter().map(|k| k.to_string()).collect(),
            });
        }
    }
    changes
}

/// Whether kinds `before` gave way to `after` across an opposed pair: one
/// kind of the pair was there before, the other is there after and was not
/// before (`before` and `after` sorted).
fn is_flip(before: &[&str], after: &[&str], opposed: &[(String, String)]) -> bool {
    let has = |kinds: &[&str], kind: &str| kinds.binary_search(&kind).is_ok();
    opposed.iter().any(|(x, y)| {
        [(x, y), (y, x)]
            .into_iter()
            .any(|(from, to)| has(before, from) && has(after, to) && !has(before, to))
    })
}

fn state_changes(
    a: &Snapshot<'_>,
    b: &Snapshot<'_>,
    kept: &[String],
    continuations: &[Continuation],
) -> Vec<StateChange> {
    let dataset = a.dataset;
    // A continued body's state in A is its last form there; in B, its
    // last form there.
    let pairs = kept.iter().map(|id| (id.as_str(), id.as_str())).chain(
        continuations
            .iter()
            .filter_map(|c| Some((c.before.last()?.as_str(), c.after.last()?.as_str()))),
    );
    let mut changes = Vec::new();
    for (id_a, id_b) in pairs {
        let (Some(org_a), Some(org_b)) = (dataset.organisation(id_a), dataset.organisation(id_b))
        else {
            continue;
        };
        let attributes: BTreeSet<&str> = org_a
            .states
            .iter()
            .chain(&org_b.states)
            .map(|s| s.attribute.as_str())
            .collect();
        for attribute in attributes {
            let values =
                |snap: &Snapshot<'_>,
                 org: &Organisation|
                 -> Vec<(String, Option<crate::time::Day>, crate::time::When)> {
                    snap.states(org)
                        .into_iter()
                        .filter(|s| s.attribute == attribute)
                        .map(|s| {
                            let start = s.during.span(snap.filter.reading).start;
                            (s.value.clone(), start, s.during.clone())
                        })
                        .collect()
                };
            let before = values(a, org_a);
            let after = values(b, org_b);
            let before_values: Vec<String> = before.iter().map(|(v, ..)| v.clone()).collect();
            let after_values: Vec<String> = after.iter().map(|(v, ..)| v.clone()).collect();
            if before_values == after_values {
                continue;
            }
            let since = after
                .into_iter()
                .filter(|(v, start, _)| {
                    start.is_some()
                        && !before
                            .iter()
                            .any(|(bv, bstart, _)| bv == v && bstart == start)
                })
                .map(|(.., during)| during)
                .collect();
            changes.push(StateChange {
                organisation: id_b.to_string(),
                attribute: attribute.to_string(),
                before: before_values,
                after: after_values,
                since,
            });
        }
    }
    changes.sort_by(|x, y| (&x.organisation, &x.attribute).cmp(&(&y.organisation, &y.attribute)));
    changes
}

/// Events that begin on or after the end of the earlier window and before
/// the end of the later one.
fn events_between<'d>(a: &Snapshot<'d>, b: &Snapshot<'d>) -> Vec<&'d Event> {
    let (first, second) = if a.window.start <= b.window.start {
        (a, b)
    } else {
        (b, a)
    };
    let from = first.window.end;
    let to = second.window.end;
    first
        .dataset
        .events
        .iter()
        .filter(|e| {
            let start = e.date.span(first.filter.reading).start;
            let after_first = match (start, from) {
                (Some(s), Some(f)) => s >= f,
                (None, _) => false,
                (Some(_), None) => false,
            };
            let before_end = match (start, to) {
                (Some(s), Some(t)) => s < t,
                _ => true,
            };
            after_first && before_end
        })
        .collect()
}

fn jaccard<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    ratio(a.intersection(b).count(), a.union(b).count())
}

/// A Jaccard index from its counts: `shared / union`, 1 for two empty sets.
fn ratio(shared: usize, union: usize) -> f64 {
    if union == 0 {
        1.0
    } else {
        shared as f64 / union as f64
    }
}

fn similarity(
    dataset: &Dataset,
    a: &BTreeSet<&str>,
    b: &BTreeSet<&str>,
    (relations_shared, relations_in_either): (usize, usize),
) -> Similarity {
    let level_of = |id: &str| dataset.organisation(id).map_or(0, |o| o.level);
    let mut per_level = Vec::new();
    for level in &dataset.levels {
        let la: BTreeSet<&str> = a
            .iter()
            .copied()
            .filter(|id| level_of(id) == level.rank)
            .collect();
        let lb: BTreeSet<&str> = b
            .iter()
            .copied()
            .filter(|id| level_of(id) == level.rank)
            .collect();
        if !la.is_empty() || !lb.is_empty() {
            per_level.push(jaccard(&la, &lb));
        }
    }
    Similarity {
        organisations: jaccard(a, b),
        relations: ratio(relations_shared, relations_in_either),
        level_balanced: if per_level.is_empty() {
            1.0
        } else {
            per_level.iter().sum::<f64>() / per_level.len() as f64
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_of_one_key_are_merged_into_one_sorted_entry() {
        let entry = |key: Key<'static>, weight: Option<f64>, ends: Ends<'static>| {
            (
                key,
                Weighed {
                    weight,
                    endpoints: smallvec![ends],
                },
            )
        };
        let (ab, cd) = (("a", "b", "support"), ("c", "d", "support"));
        let mut weights = vec![
            entry(cd, None, ("c", "d")),
            entry(ab, None, ("x", "b")),
            entry(ab, Some(2.0), ("a", "b")),
            entry(ab, Some(5.0), ("x", "b")),
            entry(ab, Some(3.0), ("a", "b")),
        ];
        merge_by_key(&mut weights);
        let merged: Vec<_> = weights
            .iter()
            .map(|(k, w)| (*k, w.weight, w.endpoints.to_vec()))
            .collect();
        assert_eq!(
            merged,
            [
                (ab, Some(5.0), vec![("a", "b"), ("x", "b")]),
                (cd, None, vec![("c", "d")]),
            ]
        );
        assert_eq!(weighed(&weights, &cd).map(|w| w.weight), Some(None));
        assert!(weighed(&weights, &("a", "c", "support")).is_none());
    }

    #[test]
    fn jaccard_from_counts_matches_the_sets() {
        assert_eq!(ratio(0, 0), 1.0);
        let a: BTreeSet<u8> = [1, 2, 3].into();
        let b: BTreeSet<u8> = [2, 3, 4, 5].into();
        assert_eq!(ratio(2, 3 + 4 - 2), jaccard(&a, &b));
    }

    #[test]
    fn jaccard_of_two_empty_sets_is_one() {
        let empty: BTreeSet<u8> = BTreeSet::new();
        assert_eq!(jaccard(&empty, &empty), 1.0);
        let a: BTreeSet<u8> = [1, 2].into();
        let b: BTreeSet<u8> = [2, 3].into();
        assert!((jaccard(&a, &b) - 1.0 / 3.0).abs() < 1e-12);
    }
}
