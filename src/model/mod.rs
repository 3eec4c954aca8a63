//! The checked dataset: organisations, relations, periods, events, sources.
//!
//! Values of these types come only out of `validate`, so every reference in
//! them resolves, every date is parsed, and every interval is well formed.
//! Elements are kept in a stable order (organisations by id, relations by
//! endpoints, kind and start, periods and events by date), so that
//! everything built from a `Dataset` is deterministic whatever the layout of
//! the files.

mod id;

pub use id::{Id, Interner};

use crate::error::Location;
use crate::time::{Calendar, Reading, Span, When};

/// Facts about the dataset as a whole (the `[dataset]` table).
#[derive(Clone, Debug)]
pub struct DatasetInfo {
    /// Short slug, e.g. `russia-1917`.
    pub id: String,
    /// Title shown in output.
    pub title: String,
    /// What the dataset models.
    pub description: Option<String>,
    /// The calendar its dates are written in.
    pub calendar: Calendar,
    /// The time the dataset covers; events must fall inside it.
    pub span: When,
    /// If true, every organisation, state, relation and event must cite a
    /// source.
    pub require_citations: bool,
    /// If true, a relation may run outside an endpoint's lifetime (as in
    /// registers where relations are entered late); snapshots then leave it
    /// out wherever an endpoint is absent.
    pub allow_relations_outside_lifetimes: bool,
    /// The headline comparison (two period ids), if declared.
    pub compare: Option<(String, String)>,
    /// Pairs of relation kinds that are opposites, as declared in
    /// `opposed_kinds` (the 1917 dataset: `support` and `conflict`). A pair
    /// of organisations whose relation turns from one kind of a pair to the
    /// other is a flip in `diff`. Empty: no flips.
    pub opposed_kinds: Vec<(String, String)>,
    /// The attribute diagrams fill organisations by unless told otherwise
    /// (`color_by`); `None`: no fill by default.
    pub color_by: Option<String>,
    /// The attribute whose values an event's `stance` takes
    /// (`stance_attribute`); `None`: events carry no stance.
    pub stance_attribute: Option<String>,
    /// How users should cite the dataset.
    pub how_to_cite: Option<String>,
    /// The dataset's licence.
    pub license: Option<String>,
}

/// One tier of the organisation (bottom first: `rank` 0 is the grass roots).
#[derive(Clone, Debug)]
pub struct Level {
    /// Slug.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What belongs on this level.
    pub description: Option<String>,
    /// Position from the bottom, 0-based.
    pub rank: usize,
}

/// A kind of organisation.
#[derive(Clone, Debug)]
pub struct NodeKind {
    /// Slug.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What the kind covers.
    pub description: Option<String>,
    /// Graphviz shape hint.
    pub shape: Option<String>,
}

/// Which way a relation kind runs between levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    /// From a lower level to a higher one (delegation).
    Up,
    /// From a higher level to a lower one (control).
    Down,
    /// Between bodies regardless of level (support, conflict).
    Across,
}

impl Flow {
    /// Parses `up`, `down` or `across`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "up" => Some(Self::Up),
            "down" => Some(Self::Down),
            "across" => Some(Self::Across),
            _ => None,
        }
    }
}

/// A kind of relation.
#[derive(Clone, Debug)]
pub struct RelationKind {
    /// Slug.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What the kind means.
    pub description: Option<String>,
    /// False for symmetric kinds: `a -> b` then means the same as `b -> a`.
    pub directed: bool,
    /// Which way it runs between levels, if declared.
    pub flow: Option<Flow>,
    /// Line style hint.
    pub style: Option<String>,
    /// Colour hint.
    pub color: Option<String>,
}

/// A kind of event.
#[derive(Clone, Debug)]
pub struct EventKind {
    /// Slug.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What the kind covers.
    pub description: Option<String>,
}

/// A time-varying attribute of organisations (majority, chair, ...).
#[derive(Clone, Debug)]
pub struct Attribute {
    /// Slug.
    pub id: String,
    /// Display label.
    pub label: String,
    /// What it records.
    pub description: Option<String>,
    /// The allowed values, if the dataset restricts them.
    pub values: Option<Vec<String>>,
    /// How values are shown (value -> label), where the dataset says.
    pub value_labels: std::collections::BTreeMap<String, String>,
}

impl Attribute {
    /// The label of `value`: the dataset's, else the value itself.
    pub fn value_label<'a>(&'a self, value: &'a str) -> &'a str {
        self.value_labels.get(value).map_or(value, String::as_str)
    }
}

/// A work in the bibliography.
#[derive(Clone, Debug)]
pub struct Source {
    /// Slug used in citations.
    pub id: String,
    /// Title.
    pub title: String,
    /// Author(s).
    pub author: Option<String>,
    /// Year of publication.
    pub year: Option<String>,
    /// Publisher or journal.
    pub publisher: Option<String>,
    /// Where to find it.
    pub url: Option<String>,
    /// Remarks.
    pub note: Option<String>,
}

/// A reference to a place in a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// The source's id.
    pub source: String,
    /// Section heading.
    pub section: Option<String>,
    /// Footnote marker, e.g. `39`.
    pub footnote: Option<String>,
    /// Page or page range.
    pub page: Option<String>,
    /// Any other locator.
    pub locator: Option<String>,
}

impl Citation {
    /// `source, § section, [footnote], p. page, locator` with the parts
    /// that are present.
    pub fn short(&self) -> String {
        let mut parts = vec![self.source.clone()];
        if let Some(s) = &self.section {
            parts.push(format!("§ \"{s}\""));
        }
        if let Some(f) = &self.footnote {
            parts.push(format!("[{f}]"));
        }
        if let Some(p) = &self.page {
            parts.push(format!("p. {p}"));
        }
        if let Some(l) = &self.locator {
            parts.push(l.clone());
        }
        parts.join(", ")
    }
}

/// How an organisation relates to an earlier or later one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineageKind {
    /// The same body under a new name.
    RenamedFrom,
    /// A new body that took over from the other.
    SuccessorOf,
    /// Formed by splitting from the other.
    SplitFrom,
    /// Ended by merging into the other.
    MergedInto,
}

impl LineageKind {
    /// The names accepted in files.
    pub const NAMES: [&'static str; 4] =
        ["renamed-from", "successor-of", "split-from", "merged-into"];

    /// Parses a lineage kind name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "renamed-from" => Some(Self::RenamedFrom),
            "successor-of" => Some(Self::SuccessorOf),
            "split-from" => Some(Self::SplitFrom),
            "merged-into" => Some(Self::MergedInto),
            _ => None,
        }
    }

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Self::RenamedFrom => "renamed-from",
            Self::SuccessorOf => "successor-of",
            Self::SplitFrom => "split-from",
            Self::MergedInto => "merged-into",
        }
    }
}

/// How sure the dataset is of an element: whether the source states it
/// plainly (`certain`, the default), or the reading or an identification is
/// a likely one (`probable`) or a guess (`uncertain`).
///
/// Ordered from least to most sure, so that `--min-certainty probable`
/// keeps every element whose certainty is `>= Probable`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// A guess: the source is unclear, or the identification is tentative.
    Uncertain,
    /// A likely reading or identification, not stated in so many words.
    Probable,
    /// What the cited sources state (the default when the field is absent).
    #[default]
    Certain,
}

impl Certainty {
    /// The names accepted in files, most sure first.
    pub const NAMES: [&'static str; 3] = ["certain", "probable", "uncertain"];

    /// Parses a certainty name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "certain" => Some(Self::Certain),
            "probable" => Some(Self::Probable),
            "uncertain" => Some(Self::Uncertain),
            _ => None,
        }
    }

    /// The name used in files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Certain => "certain",
            Self::Probable => "probable",
            Self::Uncertain => "uncertain",
        }
    }

    /// True for the default, which files and exports leave unwritten.
    pub fn is_certain(self) -> bool {
        self == Self::Certain
    }

    /// [`Certainty::is_certain`] by reference, for serde's
    /// `skip_serializing_if`.
    pub fn is_default(&self) -> bool {
        self.is_certain()
    }
}

/// One lineage link of an organisation.
#[derive(Clone, Debug)]
pub struct Lineage {
    /// The kind of link.
    pub kind: LineageKind,
    /// The other organisation's id.
    pub organisation: String,
    /// When the change happened, if known.
    pub date: Option<When>,
    /// Remarks.
    pub note: Option<String>,
}

/// A dated value of an attribute of one organisation.
#[derive(Clone, Debug)]
pub struct State {
    /// The attribute's id.
    pub attribute: String,
    /// Its value.
    pub value: String,
    /// When it held.
    pub during: When,
    /// Short note in the author's words.
    pub note: Option<String>,
    /// How sure the dataset is of it.
    pub certainty: Certainty,
    /// Sources.
    pub cite: Vec<Citation>,
    /// Where it was written.
    pub origin: Location,
}

/// An organisation: a node of the network.
#[derive(Clone, Debug)]
pub struct Organisation {
    /// Stable slug.
    pub id: String,
    /// Name in English.
    pub name: String,
    /// Name in the original language.
    pub name_original: Option<String>,
    /// Its kind's id.
    pub kind: String,
    /// Its level's rank (see [`Dataset::levels`]).
    pub level: usize,
    /// Where it sat.
    pub place: Option<String>,
    /// When it existed.
    pub during: When,
    /// The body it is part of (a presidium inside a soviet).
    pub part_of: Option<String>,
    /// How many bodies an aggregate node stands for.
    pub count: Option<u32>,
    /// Short note in the author's words.
    pub note: Option<String>,
    /// How sure the dataset is of it.
    pub certainty: Certainty,
    /// Links to earlier and later bodies.
    pub lineage: Vec<Lineage>,
    /// Dated states, ordered by attribute then start.
    pub states: Vec<State>,
    /// Sources.
    pub cite: Vec<Citation>,
    /// Where it was written.
    pub origin: Location,
}

impl Organisation {
    /// The states whose interval overlaps `window` under `reading`.
    pub fn states_in(&self, window: &Span, reading: Reading) -> impl Iterator<Item = &State> {
        let window = *window;
        self.states
            .iter()
            .filter(move |s| s.during.span(reading).overlaps(&window))
    }
}

/// A relation between two organisations: an edge of the network.
#[derive(Clone, Debug)]
pub struct Relation {
    /// The id given in the data, if any; see [`Relation::id`]. Most
    /// relations have none, and a derived id stored with each took ~17 MB
    /// at 300,000 relations (issue 16).
    pub given_id: Option<Box<str>>,
    /// Source organisation id.
    pub from: Id,
    /// Target organisation id.
    pub to: Id,
    /// Its kind's id.
    pub kind: Id,
    /// When it held.
    pub during: When,
    /// Strength, e.g. delegates sent.
    pub weight: Option<f64>,
    /// Short note in the author's words.
    pub note: Option<String>,
    /// How sure the dataset is of it.
    pub certainty: Certainty,
    /// Sources.
    pub cite: Vec<Citation>,
    /// Where it was written.
    pub origin: Location,
}

impl Relation {
    /// Its id: the one given in the data, else `from->to:kind`. Several
    /// relations may share a derived id (the same pair and kind at
    /// different times); exports tell them apart ([`crate::export`]).
    pub fn id(&self) -> std::borrow::Cow<'_, str> {
        match &self.given_id {
            Some(id) => std::borrow::Cow::Borrowed(id),
            None => std::borrow::Cow::Owned(format!("{}->{}:{}", self.from, self.to, self.kind)),
        }
    }
}

/// A named period of time, used to slice the network.
#[derive(Clone, Debug)]
pub struct Period {
    /// Slug.
    pub id: String,
    /// Display label.
    pub label: String,
    /// The days it covers.
    pub during: When,
    /// Why its boundaries lie where they do.
    pub description: Option<String>,
    /// Sources.
    pub cite: Vec<Citation>,
    /// Where it was written.
    pub origin: Location,
}

/// Vote counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Votes {
    /// Votes in favour.
    #[serde(rename = "for")]
    pub in_favour: Option<u32>,
    /// Votes against.
    pub against: Option<u32>,
    /// Abstentions.
    pub abstained: Option<u32>,
}

/// Something that happened: a vote, a congress, a strike...
#[derive(Clone, Debug)]
pub struct Event {
    /// Slug.
    pub id: String,
    /// When (a day, or an interval for a congress).
    pub date: When,
    /// Its kind's id.
    pub kind: String,
    /// Organisations involved.
    pub organisations: Vec<String>,
    /// Vote counts, where known.
    pub votes: Option<Votes>,
    /// The position of the motion voted on (a value of the `stance`
    /// attribute), so that votes on opposite motions can be told apart.
    pub stance: Option<String>,
    /// Short summary in the author's words.
    pub summary: String,
    /// How sure the dataset is of it.
    pub certainty: Certainty,
    /// Sources.
    pub cite: Vec<Citation>,
    /// Where it was written.
    pub origin: Location,
}

/// A checked dataset.
#[derive(Clone, Debug)]
pub struct Dataset {
    /// Facts about the dataset.
    pub info: DatasetInfo,
    /// Levels, bottom first.
    pub levels: Vec<Level>,
    /// Organisation kinds, in file order.
    pub node_kinds: Vec<NodeKind>,
    /// Relation kinds, in file order.
    pub relation_kinds: Vec<RelationKind>,
    /// Event kinds, in file order.
    pub event_kinds: Vec<EventKind>,
    /// Attributes, in file order.
    pub attributes: Vec<Attribute>,
    /// Bibliography, in file order.
    pub sources: Vec<Source>,
    /// Organisations, sorted by id.
    pub organisations: Vec<Organisation>,
    /// Relations, sorted by from, to, kind and start.
    pub relations: Vec<Relation>,
    /// Periods, sorted by start then id.
    pub periods: Vec<Period>,
    /// Events, sorted by date then id.
    pub events: Vec<Event>,
}

/// Organisations looked up by id in a list sorted by id without repeats (as
/// [`Dataset::organisations`] is), by binary search: a map would hold every
/// id a second time (~7 MB at 100k organisations, issue 16).
#[derive(Clone, Copy, Debug)]
pub(crate) struct ById<'a>(pub(crate) &'a [Organisation]);

impl ById<'_> {
    /// Position of the organisation `id`.
    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.0.binary_search_by(|o| o.id.as_str().cmp(id)).ok()
    }
}

impl Dataset {
    /// The organisation with this id.
    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.organisation_position(id)
            .map(|i| &self.organisations[i])
    }

    /// Position of the organisation with this id in [`Dataset::organisations`].
    pub fn organisation_position(&self, id: &str) -> Option<usize> {
        ById(&self.organisations).get(id)
    }

    /// The period with this id.
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    /// The relation kind with this id.
    pub fn relation_kind(&self, id: &str) -> Option<&RelationKind> {
        self.relation_kinds.iter().find(|k| k.id == id)
    }

    /// The organisation kind with this id.
    pub fn node_kind(&self, id: &str) -> Option<&NodeKind> {
        self.node_kinds.iter().find(|k| k.id == id)
    }

    /// The level of this rank.
    pub fn level(&self, rank: usize) -> &Level {
        &self.levels[rank]
    }

    /// The level with this id.
    pub fn level_by_id(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// Relations that touch organisation `id`, in dataset order.
    pub fn relations_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations
            .iter()
            .filter(move |r| r.from == id || r.to == id)
    }

    /// Events involving organisation `id`, in date order.
    pub fn events_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events
            .iter()
            .filter(move |e| e.organisations.iter().any(|o| o == id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_are_found_by_id_in_a_list_sorted_by_id() {
        let ds = crate::load_embedded().unwrap();
        let by_id = ById(&ds.organisations);
        assert!(ds.organisations.len() > 10);
        for (i, o) in ds.organisations.iter().enumerate() {
            assert_eq!(by_id.get(&o.id), Some(i), "{}", o.id);
            assert_eq!(ds.organisation(&o.id).map(|x| &x.id), Some(&o.id));
        }
        assert_eq!(by_id.get("no-such-body"), None);
        assert_eq!(by_id.get(""), None);
        assert_eq!(ById(&[]).get("petrograd-soviet"), None);
        assert!(ds.organisation("petrograd-soviet").is_some());
    }
}
