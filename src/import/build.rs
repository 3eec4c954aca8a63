//! A [`Graph`] into the raw records the TOML loader would make, and
//! validated: ids settled as slugs, kinds and levels chosen, dates as EDTF
//! text, parallel edges merged, each change noted.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::slugs::{Slugs, is_slug, slug};
use super::{Days, Graph, LEVEL, NODE_KIND, Note, RELATION_KIND};
use crate::error::{Error, Result};
use crate::load::raw::*;
use crate::load::{RawDataset, Record};
use crate::model::{Dataset, Id};
use crate::time::{Calendar, UNDATED, parse_when};

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The raw text of `value` at byte `at`, for the validator.
fn spanned(value: impl Into<String>, at: usize) -> Spanned<String> {
    Spanned::new(at..at, value.into())
}

/// [`spanned`] as an [`Id`], for a relation's ends and kind.
fn spanned_id(value: &str, at: usize) -> Spanned<Id> {
    Spanned::new(at..at, Id::from(value))
}

/// One relation before merging: its key, days and record.
struct Pending {
    key: (String, String, String),
    days: Days,
    record: RawRelation,
    at: usize,
}

impl Graph {
    /// Settles ids, kinds, levels and dates, and validates: the dataset
    /// and the notes of what was mapped, guessed or dropped.
    pub fn finish(mut self) -> Result<(Dataset, Vec<Note>)> {
        let calendar = self.settle_calendar();
        let name = Path::new(&*self.file.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "network".into());
        let mut raw = RawDataset::default();
        let file = 0;
        let at = |s: &str| Spanned::new(0..0, s.to_string());
        let id = self.id.clone().map(|i| slug(&i)).filter(|s| !s.is_empty());
        let title = self.title.clone().unwrap_or_else(|| name.clone());
        raw.info.push(Record {
            file,
            span: 0..0,
            value: RawInfo {
                id: at(&id.unwrap_or_else(|| match slug(&name) {
                    s if s.is_empty() => "network".into(),
                    s => s,
                })),
                title,
                description: Some(
                    self.description.clone().unwrap_or_else(|| {
                        format!("Imported from the {} file {name}.", self.format)
                    }),
                ),
                calendar: at(match calendar {
                    Calendar::Julian => "julian",
                    Calendar::Gregorian => "gregorian",
                }),
                span: at(UNDATED),
                require_citations: false,
                relations_outside_lifetimes: Some(at("allow")),
                day_numbers: None,
                compare: None,
                opposed_kinds: None,
                color_by: None,
                stance_attribute: None,
                how_to_cite: None,
                license: None,
            },
        });

        // Organisations.
        let mut ids = Slugs::default();
        for (i, n) in self.nodes.iter().enumerate() {
            ids.add(&n.id.0, &format!("node-{}", i + 1));
        }
        let mut levels: Vec<(String, Option<usize>, usize)> = Vec::new();
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        let mut attributes = Slugs::default();
        for a in &self.attributes {
            attributes.add(a, "attribute");
        }
        let mut hulls = 0usize;
        let mut clipped = 0usize;
        let mut nodes = std::mem::take(&mut self.nodes);
        let mut organisations = Vec::with_capacity(nodes.len());
        let level_named = nodes.iter().any(|n| n.level.is_some());
        let kind_named = nodes.iter().any(|n| n.kind.is_some());
        let mut no_level = 0usize;
        for n in &mut nodes {
            let id = ids.get(&n.id.0).cloned().unwrap_or_default();
            let (during, days) = match (&n.during, n.spells.as_slice()) {
                (Some((text, pos)), _) => {
                    let days = parse_when(text, calendar)
                        .map(|w| Days::from_span(w.loose))
                        .unwrap_or_default();
                    (spanned(text.clone(), *pos), Some(days))
                }
                (None, []) => (spanned(UNDATED, n.id.1), None),
                (None, [first, rest @ ..]) => {
                    if !rest.is_empty() {
                        hulls += 1;
                    }
                    let hull = rest.iter().fold(*first, |h, s| h.hull(*s));
                    (spanned(hull.edtf(calendar), n.id.1), Some(hull))
                }
            };
            let level = match &n.level {
                Some((l, pos)) => {
                    let l = slug(l);
                    if !levels.iter().any(|(id, _, _)| *id == l) {
                        levels.push((l.clone(), n.level_rank, *pos));
                    }
                    spanned(l, *pos)
                }
                None => {
                    if level_named {
                        no_level += 1;
                    }
                    spanned(LEVEL.0, n.id.1)
                }
            };
            let kind = match &n.kind {
                Some((k, pos)) => spanned(slug(k), *pos),
                None => spanned(NODE_KIND, n.id.1),
            };
            kinds
                .entry(kind.get_ref().clone())
                .or_insert(kind.span().start);
            let mut state = Vec::new();
            for v in &n.values {
                if v.value.is_empty() {
                    continue;
                }
                let attribute = attributes.add(&v.attribute, "attribute");
                let text = match (v.days, days) {
                    (None, _) => during.get_ref().clone(),
                    (Some(d), None) => d.edtf(calendar),
                    (Some(d), Some(life)) => match d.clip(life) {
                        Some(c) => {
                            if c != d {
                                clipped += 1;
                            }
                            c.edtf(calendar)
                        }
                        None => {
                            clipped += 1;
                            continue;
                        }
                    },
                };
                state.push(Spanned::new(
                    v.at..v.at,
                    RawState {
                        attribute: spanned(attribute, v.at),
                        value: spanned(v.value.clone(), v.at),
                        during: spanned(text, v.at),
                        note: None,
                        certainty: None,
                        cite: Vec::new(),
                    },
                ));
            }
            organisations.push(Record {
                file,
                span: n.id.1..n.id.1,
                value: RawOrganisation {
                    id: spanned(id, n.id.1),
                    name: n.name.clone().unwrap_or_else(|| n.id.0.clone()),
                    name_original: n.name_original.take(),
                    kind,
                    level,
                    place: n.place.take(),
                    during,
                    part_of: n
                        .part_of
                        .take()
                        .map(|(p, pos)| spanned(ids.get(&p).cloned().unwrap_or(p), pos)),
                    count: n.count,
                    note: n.note.take(),
                    certainty: n.certainty.take().map(|(c, pos)| spanned(c, pos)),
                    lineage: Vec::new(),
                    state,
                    cite: Vec::new(),
                },
            });
        }
        if let Some(note) = ids.note("node") {
            self.notes.push(note);
        }
        if let Some(note) = attributes.note("attribute") {
            self.notes.push(note);
        }
        if hulls > 0 {
            self.note(format!(
                "{hulls} node{} with several spells: an organisation has one lifetime, so each runs from its first spell's start to its last spell's end (the gaps are dropped)",
                plural(hulls)
            ));
        }
        if clipped > 0 {
            self.note(format!(
                "{clipped} attribute value{} reaching outside the node's lifetime cut to it (or dropped if wholly outside)",
                plural(clipped)
            ));
        }
        if !kind_named {
            self.note(format!(
                "no node kinds in the file: every organisation is of kind `{NODE_KIND}`"
            ));
        }
        match (&self.level_source, level_named) {
            (_, false) => self.note(format!(
                "no levels in the file: every organisation is on one level, `{}` (name a node attribute with --level-from to use several)",
                LEVEL.0
            )),
            (Some(src), true) => {
                let ids: Vec<&str> = levels.iter().map(|(l, _, _)| l.as_str()).collect();
                self.note(format!(
                    "levels from node attribute `{src}`, in the order first seen, bottom first: {} (reorder the [[level]] tables of dataset.toml if that is wrong)",
                    ids.join(", ")
                ));
            }
            (None, true) => {}
        }
        if no_level > 0 {
            levels.push((LEVEL.0.to_string(), None, 0));
            self.note(format!(
                "{no_level} node{} without a level put on level `{}`",
                plural(no_level),
                LEVEL.0
            ));
        }
        if levels.is_empty() {
            levels.push((LEVEL.0.to_string(), None, 0));
        }
        // Levels of our own export carry their rank: keep the order, and
        // fill gaps so ranks stay the same.
        if levels.iter().all(|(_, r, _)| r.is_some()) {
            levels.sort_by_key(|(_, r, _)| *r);
            let mut filled: Vec<(String, Option<usize>, usize)> = Vec::new();
            for l in levels {
                while filled.len() < l.1.unwrap_or(0) {
                    let n = filled.len();
                    filled.push((format!("level-{n}"), Some(n), 0));
                }
                filled.push(l);
            }
            levels = filled;
        }
        for (id, _, pos) in &levels {
            raw.levels.push(Record {
                file,
                span: *pos..*pos,
                value: RawLevel {
                    id: spanned(id.clone(), *pos),
                    label: id.clone(),
                    description: None,
                },
            });
        }
        for (id, pos) in &kinds {
            raw.node_kinds.push(Record {
                file,
                span: *pos..*pos,
                value: RawNodeKind {
                    id: spanned(id.clone(), *pos),
                    label: id.clone(),
                    description: None,
                    shape: None,
                },
            });
        }
        // Declared attributes first (in their order), then any only seen
        // in values.
        for (label, id) in &attributes.order {
            let pos = self.attribute_at.get(label).copied().unwrap_or(0);
            raw.attributes.push(Record {
                file,
                span: pos..pos,
                value: RawAttribute {
                    id: spanned(id.clone(), pos),
                    label: label.clone(),
                    description: None,
                    values: None,
                    value_labels: Default::default(),
                },
            });
        }
        raw.organisations = organisations;

        // Relations.
        let edges = std::mem::take(&mut self.edges);
        let mut relation_kinds: Vec<(String, bool, usize)> = Vec::new();
        let mut kind_slugs = Slugs::default();
        let mut mixed = 0usize;
        let mut unnamed_kind = 0usize;
        let mut named_kind = 0usize;
        let mut self_loops = 0usize;
        let mut split = 0usize;
        let mut pending: Vec<Pending> = Vec::new();
        let mut edge_ids_dropped = 0usize;
        let mut relation_ids: HashSet<String> = HashSet::new();
        // Kinds first: a kind is directed if any of its edges is, so that
        // no direction is lost; its undirected edges then run both ways.
        let mut kind_of: Vec<Option<(String, usize)>> = Vec::with_capacity(edges.len());
        for e in &edges {
            if e.source.0 == e.target.0 {
                kind_of.push(None);
                continue;
            }
            let (kind, kind_at) = match &e.kind {
                Some((k, pos)) if !k.trim().is_empty() => {
                    named_kind += 1;
                    (kind_slugs.add(k.trim(), RELATION_KIND), *pos)
                }
                _ => {
                    unnamed_kind += 1;
                    (RELATION_KIND.to_string(), e.at)
                }
            };
            match relation_kinds.iter_mut().find(|(k, _, _)| *k == kind) {
                Some((_, directed, _)) => *directed |= e.directed,
                None => relation_kinds.push((kind.clone(), e.directed, kind_at)),
            }
            kind_of.push(Some((kind, kind_at)));
        }
        for (e, kind) in edges.into_iter().zip(kind_of) {
            let Some((kind, kind_at)) = kind else {
                self_loops += 1;
                continue;
            };
            let from = ids
                .get(&e.source.0)
                .cloned()
                .unwrap_or_else(|| e.source.0.clone());
            let to = ids
                .get(&e.target.0)
                .cloned()
                .unwrap_or_else(|| e.target.0.clone());
            let directed = relation_kinds
                .iter()
                .find(|(k, _, _)| *k == kind)
                .is_none_or(|(_, d, _)| *d);
            let both_ways = directed && !e.directed;
            if both_ways {
                mixed += 1;
            }
            let derived = format!("{from}->{to}:{kind}");
            let intervals: Vec<(String, Days)> = match (&e.during, e.spells.as_slice()) {
                (Some((text, _)), _) => {
                    let days = parse_when(text, calendar)
                        .map(|w| Days::from_span(w.loose))
                        .unwrap_or_default();
                    vec![(text.clone(), days)]
                }
                (None, []) => vec![(UNDATED.to_string(), Days::default())],
                (None, spells) => spells.iter().map(|d| (d.edtf(calendar), *d)).collect(),
            };
            if intervals.len() > 1 {
                split += 1;
            }
            let wanted = e
                .relation
                .clone()
                .or_else(|| e.id.as_ref().map(|(i, _)| i.clone()));
            let id = match wanted {
                Some(i) if i == derived => None,
                Some(i) if intervals.len() == 1 && is_slug(&i) && !relation_ids.contains(&i) => {
                    relation_ids.insert(i.clone());
                    Some(i)
                }
                Some(_) => {
                    if e.relation.is_none() {
                        edge_ids_dropped += 1;
                    }
                    None
                }
                None => None,
            };
            let key = if directed || from < to {
                (from.clone(), to.clone(), kind.clone())
            } else {
                (to.clone(), from.clone(), kind.clone())
            };
            let ends = [
                (
                    key,
                    (from.clone(), e.source.1),
                    (to.clone(), e.target.1),
                    id,
                ),
                (
                    (to.clone(), from.clone(), kind.clone()),
                    (to.clone(), e.target.1),
                    (from.clone(), e.source.1),
                    None,
                ),
            ];
            for (key, (a, a_at), (b, b_at), id) in ends.into_iter().take(1 + usize::from(both_ways))
            {
                for (text, days) in &intervals {
                    pending.push(Pending {
                        key: key.clone(),
                        days: *days,
                        at: e.at,
                        record: RawRelation {
                            id: id
                                .clone()
                                .map(|i| Box::new(spanned(i, e.id.as_ref().map_or(e.at, |x| x.1)))),
                            from: spanned_id(&a, a_at),
                            to: spanned_id(&b, b_at),
                            kind: spanned_id(&kind, kind_at),
                            during: spanned(text.clone(), e.during.as_ref().map_or(e.at, |d| d.1)),
                            weight: e.weight.map(|(w, pos)| Spanned::new(pos..pos, w)),
                            note: e.note.clone(),
                            certainty: e
                                .certainty
                                .clone()
                                .map(|(c, pos)| Box::new(spanned(c, pos))),
                            cite: Vec::new(),
                        },
                    });
                }
            }
        }
        let merged = merge(&mut pending, calendar);
        for p in pending {
            raw.relations.push(Record {
                file,
                span: p.at..p.at,
                value: p.record,
            });
        }
        if let Some(note) = kind_slugs.note("relation kind") {
            self.notes.push(note);
        }
        if let Some(src) = &self.kind_source {
            let names: Vec<&str> = relation_kinds.iter().map(|(k, _, _)| k.as_str()).collect();
            if named_kind > 0 {
                self.notes.push(Note(format!(
                    "relation kinds from {src}: {}",
                    names.join(", ")
                )));
            }
        }
        if unnamed_kind > 0 {
            self.note(format!(
                "{unnamed_kind} edge{} without a kind: given kind `{RELATION_KIND}` (name the edge attribute holding kinds with --kind-from)",
                plural(unnamed_kind)
            ));
        }
        if mixed > 0 {
            self.note(format!(
                "{mixed} undirected edge{} of a kind that also has directed edges: a kind is directed or symmetric as a whole, so {} written as two relations, one each way",
                plural(mixed),
                if mixed == 1 { "it is" } else { "they are" }
            ));
        }
        if self_loops > 0 {
            self.note(format!(
                "dropped {self_loops} self-loop{} (an edge from a node to itself; a relation joins two different organisations)",
                plural(self_loops)
            ));
        }
        if split > 0 {
            self.note(format!(
                "{split} edge{} with several spells: one relation per spell (they share the edge's source, target and kind)",
                plural(split)
            ));
        }
        if merged.0 > 0 {
            self.note(format!(
                "merged {} parallel edge{} into {} relation{} (same endpoints and kind over overlapping days; their union, with the first edge's weight)",
                merged.0,
                plural(merged.0),
                merged.1,
                plural(merged.1)
            ));
        }
        if edge_ids_dropped > 0 {
            self.note(format!(
                "{edge_ids_dropped} edge id{} not kept (not slugs, repeated, or on an edge with several spells): those relations take the id `from->to:kind`",
                plural(edge_ids_dropped)
            ));
        }
        for (id, directed, pos) in &relation_kinds {
            raw.relation_kinds.push(Record {
                file,
                span: *pos..*pos,
                value: RawRelationKind {
                    id: spanned(id.clone(), *pos),
                    label: id.clone(),
                    description: None,
                    directed: *directed,
                    flow: None,
                    style: None,
                    color: None,
                },
            });
        }
        if raw.relation_kinds.is_empty() {
            raw.relation_kinds.push(Record {
                file,
                span: 0..0,
                value: RawRelationKind {
                    id: spanned(RELATION_KIND, 0),
                    label: RELATION_KIND.into(),
                    description: None,
                    directed: true,
                    flow: None,
                    style: None,
                    color: None,
                },
            });
        }
        raw.files.push(self.file);
        raw.info_written = true;
        let dataset = crate::validate::validate(raw, self.problems).map_err(Error::Invalid)?;
        Ok((dataset, self.notes))
    }

    /// The dataset's calendar: as the file says, or the one in which every
    /// `during` text written by `councils export` gives the node's spell.
    fn settle_calendar(&mut self) -> Calendar {
        if let Some(c) = self.calendar {
            return c;
        }
        let pairs: Vec<(&str, Days)> = self
            .nodes
            .iter()
            .filter_map(|n| match (&n.during, n.spells.as_slice()) {
                (Some((t, _)), [d]) => Some((t.as_str(), *d)),
                _ => None,
            })
            .collect();
        let fits = |c: Calendar| {
            pairs
                .iter()
                .all(|(t, d)| parse_when(t, c).is_ok_and(|w| Days::from_span(w.loose) == *d))
        };
        if pairs.is_empty() || fits(Calendar::Gregorian) {
            return Calendar::Gregorian;
        }
        if fits(Calendar::Julian) {
            self.note(format!(
                "calendar: julian (Old Style), guessed: the {} `during` texts of the nodes give their spells' days only when read as Julian dates",
                pairs.len()
            ));
            return Calendar::Julian;
        }
        // The texts disagree with the spells: keep the spells.
        let n = self.nodes.iter().filter(|n| n.during.is_some()).count();
        for node in &mut self.nodes {
            node.during = None;
        }
        for edge in &mut self.edges {
            edge.during = None;
        }
        self.note(format!(
            "{n} `during` text{} disagree with the spells in either calendar: the spells are used",
            plural(n)
        ));
        Calendar::Gregorian
    }
}

/// Merges pending relations of one key whose days overlap into their
/// union (in place, keeping file order); returns (edges merged, relations
/// they became).
fn merge(pending: &mut Vec<Pending>, calendar: Calendar) -> (usize, usize) {
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by(|&a, &b| {
        (&pending[a].key, pending[a].days.first, a).cmp(&(
            &pending[b].key,
            pending[b].days.first,
            b,
        ))
    });
    let mut into: Vec<usize> = (0..pending.len()).collect();
    let mut unions: HashMap<usize, Days> = HashMap::new();
    let mut current: Option<(usize, Days)> = None;
    let mut merged = 0;
    let mut groups = 0;
    for &i in &order {
        if let Some((head, days)) = current.as_mut()
            && pending[*head].key == pending[i].key
            && days.span().overlaps(&pending[i].days.span())
        {
            if !unions.contains_key(head) {
                groups += 1;
                merged += 1;
            }
            merged += 1;
            *days = days.hull(pending[i].days);
            unions.insert(*head, *days);
            into[i] = *head;
            continue;
        }
        current = Some((i, pending[i].days));
    }
    for (&head, days) in &unions {
        let during = &mut pending[head].record.during;
        *during = Spanned::new(during.span(), days.edtf(calendar));
        pending[head].record.id = None;
    }
    let mut i = 0;
    pending.retain(|_| {
        let keep = into[i] == i;
        i += 1;
        keep
    });
    (merged, groups)
}
