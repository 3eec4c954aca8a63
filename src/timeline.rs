//! An organisation's story in date order: founding and end, states,
//! relations, lineage and events, each with its citations.
//!
//! Entries are ordered by their first day under the loose reading, then by
//! kind (founding first, ending last) and text, so the order is stable.

use crate::error::{Error, Result};
use crate::model::{Certainty, Citation, Dataset, Event, Organisation, Relation};
use crate::suggest::did_you_mean;
use crate::time::{CalendarView, Day, When};

/// What a timeline entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// The organisation comes into being.
    Founded,
    /// A lineage link (renamed, successor...).
    Lineage,
    /// A state (majority, chair...) begins.
    State,
    /// A relation with another body begins.
    Relation,
    /// An event involving it.
    Event,
    /// The organisation ends.
    Ended,
}

/// One line of an organisation's story.
#[derive(Clone, Debug)]
pub struct Entry<'d> {
    /// The first day it concerns, if bounded.
    pub day: Option<Day>,
    /// The dates as written in the dataset.
    pub when: &'d When,
    /// What it records.
    pub kind: EntryKind,
    /// A sentence saying what happened.
    pub text: String,
    /// Its sources.
    pub cite: &'d [Citation],
    /// The event's id, for event entries.
    pub event: Option<&'d str>,
    /// How sure the dataset is of it (the organisation's own certainty for
    /// founding, ending and lineage). Shown at the end of `text` when not
    /// `certain`.
    pub certainty: Certainty,
}

/// ` [probable]` or ` [uncertain]`; nothing for `certain`.
pub fn certainty_mark(c: Certainty) -> String {
    if c.is_certain() {
        String::new()
    } else {
        format!(" [{}]", c.name())
    }
}

impl Entry<'_> {
    /// The entry's date at the precision it is written with: the end of
    /// the lifetime for [`EntryKind::Ended`], the start otherwise (see
    /// [`When::show`]); `..` if that end is open or unknown.
    pub fn date(&self, view: CalendarView) -> String {
        let shown = match self.kind {
            EntryKind::Ended => self.when.show_end(view),
            _ => self.when.show_start(view),
        };
        shown.unwrap_or_else(|| "..".to_string())
    }
}

/// The story of organisation `id`, with dates in the text shown in `view`.
pub fn timeline<'d>(
    dataset: &'d Dataset,
    id: &str,
    view: CalendarView,
) -> Result<(&'d Organisation, Vec<Entry<'d>>)> {
    let org = dataset.organisation(id).ok_or_else(|| Error::Unknown {
        what: "organisation",
        name: id.to_string(),
        hint: did_you_mean(id, dataset.organisations.iter().map(|o| o.id.as_str())),
    })?;
    let id = org.id.as_str();
    Ok((
        org,
        entries(
            dataset,
            org,
            dataset.relations_of(id),
            dataset.events_of(id),
            view,
        ),
    ))
}

/// The entries of `org`'s timeline from its own records and the given
/// `relations` and `events` (those involving it, in dataset order), sorted
/// as [`timeline`] sorts them. The report passes them from an index built
/// once, where [`timeline`] scans the whole dataset for each organisation.
pub fn entries<'d>(
    dataset: &'d Dataset,
    org: &'d Organisation,
    relations: impl Iterator<Item = &'d Relation>,
    events: impl Iterator<Item = &'d Event>,
    view: CalendarView,
) -> Vec<Entry<'d>> {
    let id = org.id.as_str();
    let mut entries = Vec::new();
    entries.push(Entry {
        day: org.during.loose.start,
        when: &org.during,
        kind: EntryKind::Founded,
        text: format!("{} exists ({})", org.name, org.during.show(view)),
        cite: &org.cite,
        event: None,
        certainty: org.certainty,
    });
    if let Some(end) = org.during.loose.last_day() {
        entries.push(Entry {
            day: Some(end),
            when: &org.during,
            kind: EntryKind::Ended,
            text: format!("last day of {}", org.name),
            cite: &org.cite,
            event: None,
            certainty: org.certainty,
        });
    }
    for l in &org.lineage {
        entries.push(Entry {
            day: l
                .date
                .as_ref()
                .and_then(|d| d.loose.start)
                .or(org.during.loose.start),
            when: l.date.as_ref().unwrap_or(&org.during),
            kind: EntryKind::Lineage,
            text: format!(
                "{} `{}`{}",
                l.kind.name(),
                l.organisation,
                l.note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
            cite: &org.cite,
            event: None,
            certainty: org.certainty,
        });
    }
    for s in &org.states {
        entries.push(Entry {
            day: s.during.loose.start,
            when: &s.during,
            kind: EntryKind::State,
            text: format!(
                "{} = {} ({}){}",
                s.attribute,
                s.value,
                s.during.show(view),
                s.note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
            cite: &s.cite,
            event: None,
            certainty: s.certainty,
        });
    }
    for r in relations {
        let directed = dataset.relation_kind(&r.kind).is_none_or(|k| k.directed);
        let (arrow, other) = match (directed, r.from == id) {
            (false, true) => ("↔", &r.to),
            (false, false) => ("↔", &r.from),
            (true, true) => ("→", &r.to),
            (true, false) => ("←", &r.from),
        };
        entries.push(Entry {
            day: r.during.loose.start,
            when: &r.during,
            kind: EntryKind::Relation,
            text: format!(
                "{} {arrow} {other} ({}){}",
                r.kind,
                r.during.show(view),
                r.note
                    .as_ref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            ),
            cite: &r.cite,
            event: None,
            certainty: r.certainty,
        });
    }
    for e in events {
        let votes = e
            .votes
            .map(|v| {
                let part = |label: &str, n: Option<u32>| n.map(|n| format!("{n} {label}"));
                let parts: Vec<String> = [
                    part("for", v.in_favour),
                    part("against", v.against),
                    part("abstained", v.abstained),
                ]
                .into_iter()
                .flatten()
                .collect();
                format!(" [{}]", parts.join(", "))
            })
            .unwrap_or_default();
        entries.push(Entry {
            day: e.date.loose.start,
            when: &e.date,
            kind: EntryKind::Event,
            text: format!("{}: {}{votes}", e.kind, e.summary),
            cite: &e.cite,
            event: Some(&e.id),
            certainty: e.certainty,
        });
    }
    for e in &mut entries {
        e.text.push_str(&certainty_mark(e.certainty));
    }
    entries.sort_by(|a, b| (a.day, a.kind, &a.text).cmp(&(b.day, b.kind, &b.text)));
    entries
}
