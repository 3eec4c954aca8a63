//! Raw serde mirrors of the TOML dataset files.
//!
//! These types say what may be written and nothing more: every struct
//! denies unknown fields (a typo is an error, never silently dropped data),
//! and every string that names another element keeps its span so that
//! validation can point at it. Nothing here is checked beyond its shape;
//! `validate` turns these into the model's types.

use crate::model::Id;
use serde::Deserialize;
use toml::Spanned;

/// A string with its byte span in the file.
pub type Text = Spanned<String>;

/// The `[dataset]` table of `dataset.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInfo {
    pub id: Text,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub calendar: Text,
    pub span: Text,
    #[serde(default)]
    pub require_citations: bool,
    /// `error` (default) or `allow`: whether a relation may run outside an
    /// endpoint's lifetime (snapshots leave it out where an endpoint is
    /// absent).
    #[serde(default)]
    pub relations_outside_lifetimes: Option<Text>,
    /// For CSV tables beside this manifest: `true` reads a `start`/`end`
    /// cell of digits only as a day number counted from the span's first
    /// day (day 0); `false` (default) reads it as EDTF (a year).
    #[serde(default)]
    pub day_numbers: Option<bool>,
    /// The dataset's headline comparison: two period ids, used by `diff`
    /// and `report` when no slices are given.
    #[serde(default)]
    pub compare: Option<Spanned<Vec<Text>>>,
    /// Pairs of relation kinds that are opposites (`[["support",
    /// "conflict"]]`): `diff` calls a pair of organisations whose relation
    /// turns from one to the other a flip.
    #[serde(default)]
    pub opposed_kinds: Option<Vec<Spanned<Vec<Text>>>>,
    /// The attribute diagrams fill organisations by unless told otherwise.
    #[serde(default)]
    pub color_by: Option<Text>,
    /// The attribute whose values an event's `stance` takes (the position
    /// of the motion voted on).
    #[serde(default)]
    pub stance_attribute: Option<Text>,
    #[serde(default)]
    pub how_to_cite: Option<String>,
    #[serde(default)]
    pub license: Option<String>,
}

/// `[[level]]`: one tier of the organisation, listed bottom first.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Text,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[node_kind]]`: a kind of organisation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNodeKind {
    pub id: Text,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Graphviz shape hint, e.g. `box`, `ellipse`, `hexagon`.
    #[serde(default)]
    pub shape: Option<String>,
}

/// `[[relation_kind]]`: a kind of relation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRelationKind {
    pub id: Text,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `true`: from -> to matters; `false`: symmetric (e.g. conflict).
    pub directed: bool,
    /// Which way it runs between levels: `up`, `down` or `across`.
    #[serde(default)]
    pub flow: Option<Text>,
    /// Line style hint: `solid`, `dashed`, `dotted`, `bold`.
    #[serde(default)]
    pub style: Option<String>,
    /// Colour hint (a Graphviz colour name or `#rrggbb`).
    #[serde(default)]
    pub color: Option<String>,
}

/// `[[event_kind]]`: a kind of event (vote, congress, strike...).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEventKind {
    pub id: Text,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// `[[attribute]]`: a time-varying state organisations can have.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAttribute {
    pub id: Text,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    /// If given, the only values a state of this attribute may take.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// How values are shown in legends and tooltips (value -> label).
    #[serde(default)]
    pub value_labels: std::collections::BTreeMap<String, String>,
}

/// `[[source]]`: one work in the bibliography.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Text,
    pub title: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub year: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One citation: a source and where in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCitation {
    pub source: Text,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub footnote: Option<String>,
    #[serde(default)]
    pub page: Option<String>,
    #[serde(default)]
    pub locator: Option<String>,
}

/// `[[organisation.lineage]]`: how a body relates to an earlier or later one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLineage {
    /// `renamed-from`, `successor-of`, `split-from` or `merged-into`.
    pub kind: Text,
    pub organisation: Text,
    #[serde(default)]
    pub date: Option<Text>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `[[organisation.state]]`: a dated value of an attribute.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawState {
    pub attribute: Text,
    pub value: Text,
    pub during: Text,
    #[serde(default)]
    pub note: Option<String>,
    /// `certain` (default), `probable` or `uncertain`.
    #[serde(default)]
    pub certainty: Option<Text>,
    #[serde(default)]
    pub cite: Vec<RawCitation>,
}

/// `[[organisation]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    pub id: Text,
    pub name: String,
    #[serde(default)]
    pub name_original: Option<String>,
    pub kind: Text,
    pub level: Text,
    #[serde(default)]
    pub place: Option<String>,
    pub during: Text,
    #[serde(default)]
    pub part_of: Option<Text>,
    /// For an aggregate node ("90 Petrograd factories"): how many bodies it
    /// stands for.
    #[serde(default)]
    pub count: Option<u32>,
    #[serde(default)]
    pub note: Option<String>,
    /// `certain` (default), `probable` or `uncertain`.
    #[serde(default)]
    pub certainty: Option<Text>,
    #[serde(default)]
    pub lineage: Vec<Spanned<RawLineage>>,
    #[serde(default)]
    pub state: Vec<Spanned<RawState>>,
    #[serde(default)]
    pub cite: Vec<RawCitation>,
}

/// `[[relation]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
///
/// Relations are the bulk of a large dataset, so the fields that are
/// nearly always absent (`id`, `certainty`) are boxed: 64 bytes less a row,
/// ~19 MB at 300k relations (issue 16).
pub struct RawRelation {
    #[serde(default)]
    pub id: Option<Box<Text>>,
    /// The ends and kind as shared [`Id`]s: the CSV loader hands out one per
    /// distinct text, which the checked relations then keep (a `String`
    /// each took ~15 MB at the peak of loading 300k relations, issue 16).
    pub from: Spanned<Id>,
    pub to: Spanned<Id>,
    pub kind: Spanned<Id>,
    pub during: Text,
    #[serde(default)]
    pub weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub note: Option<String>,
    /// `certain` (default), `probable` or `uncertain`.
    #[serde(default)]
    pub certainty: Option<Box<Text>>,
    #[serde(default)]
    pub cite: Vec<RawCitation>,
}

/// `[[period]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    pub id: Text,
    pub label: String,
    pub during: Text,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub cite: Vec<RawCitation>,
}

/// Vote counts of an event, where known.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawVotes {
    #[serde(rename = "for", default)]
    pub in_favour: Option<u32>,
    #[serde(default)]
    pub against: Option<u32>,
    #[serde(default)]
    pub abstained: Option<u32>,
}

/// `[[event]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: Text,
    pub date: Text,
    pub kind: Text,
    #[serde(default)]
    pub organisations: Vec<Text>,
    #[serde(default)]
    pub votes: Option<RawVotes>,
    /// For a vote: the position of the motion voted on, a value of the
    /// attribute the dataset names in `stance_attribute`.
    #[serde(default)]
    pub stance: Option<Text>,
    pub summary: String,
    /// `certain` (default), `probable` or `uncertain`.
    #[serde(default)]
    pub certainty: Option<Text>,
    #[serde(default)]
    pub cite: Vec<RawCitation>,
}
