//! One page per organisation (its story, relations, states, events and
//! sources) and the bibliography page.

use maud::{Markup, html};

use super::page::{Depth, citations_html, layout};
use crate::model::{Dataset, Organisation, Relation};
use crate::time::CalendarView;
use crate::timeline::entries;

/// The longest id whose page is named after it whole; file names have at
/// most 255 bytes on common file systems.
const LONGEST_PAGE_ID: usize = 200;

/// The file name of an organisation's page in `org/`: `<id>.html`, or for
/// an id longer than [`LONGEST_PAGE_ID`] bytes its start and a hash of the
/// whole id, so that every page can be written and names stay distinct
/// and the same from run to run (regression, issue 17.7: a 300-byte id
/// made `report` fail with "File name too long").
pub fn page_file(id: &str) -> String {
    if id.len() <= LONGEST_PAGE_ID {
        return format!("{id}.html");
    }
    // FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let mut cut = LONGEST_PAGE_ID - 17;
    while !id.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{hash:016x}.html", &id[..cut])
}

/// Where each organisation appears, by its position in
/// [`Dataset::organisations`]: its relations, its events and the bodies
/// inside it, in dataset order. Built in one pass over the dataset, so that
/// the pages of all organisations cost time in proportion to the dataset,
/// where looking each organisation up afresh cost organisations × relations
/// (hours at a million relations, issue 17).
pub struct OrgIndex {
    relations: Vec<Vec<u32>>,
    events: Vec<Vec<u32>>,
    parts: Vec<Vec<u32>>,
}

impl OrgIndex {
    /// Indexes `ds`.
    pub fn new(ds: &Dataset) -> Self {
        let n = ds.organisations.len();
        let mut index = Self {
            relations: vec![Vec::new(); n],
            events: vec![Vec::new(); n],
            parts: vec![Vec::new(); n],
        };
        let at = |id: &str| ds.organisation_position(id);
        for (i, r) in ds.relations.iter().enumerate() {
            if let Some(from) = at(&r.from) {
                index.relations[from].push(i as u32);
            }
            if r.to != r.from
                && let Some(to) = at(&r.to)
            {
                index.relations[to].push(i as u32);
            }
        }
        for (i, e) in ds.events.iter().enumerate() {
            let mut seen: Vec<usize> = e.organisations.iter().filter_map(|o| at(o)).collect();
            seen.sort_unstable();
            seen.dedup();
            for o in seen {
                index.events[o].push(i as u32);
            }
        }
        for (i, o) in ds.organisations.iter().enumerate() {
            if let Some(parent) = o.part_of.as_deref().and_then(at) {
                index.parts[parent].push(i as u32);
            }
        }
        index
    }

    /// The number of relations of the organisation at `position`.
    pub fn relation_count(&self, position: usize) -> usize {
        self.relations[position].len()
    }
}

/// The page of `org` (at `position` in the dataset), at `org/` [`page_file`],
/// with its `neighbourhood` section (see `super::ego`).
pub fn organisation_page(
    ds: &Dataset,
    position: usize,
    index: &OrgIndex,
    view: CalendarView,
    neighbourhood: Markup,
) -> Markup {
    let org = &ds.organisations[position];
    let depth = Depth(1);
    let link = |id: &str| -> Markup {
        let name = ds.organisation(id).map_or(id, |o| o.name.as_str());
        html! { a href=(page_file(id)) { (name) } }
    };
    let relations: Vec<&Relation> = index.relations[position]
        .iter()
        .map(|&i| &ds.relations[i as usize])
        .collect();
    let events = index.events[position]
        .iter()
        .map(|&i| &ds.events[i as usize]);
    let entries = entries(ds, org, relations.iter().copied(), events, view);
    let kind = ds
        .node_kind(&org.kind)
        .map_or(org.kind.as_str(), |k| k.label.as_str());
    let body = html! {
        h2 { (org.name) }
        @if let Some(original) = &org.name_original { p lang="ru" { (original) } }
        dl {
            dt { "Kind" } dd { (kind) }
            dt { "Level" } dd { (ds.level(org.level).label) }
            @if let Some(place) = &org.place { dt { "Place" } dd { (place) } }
            dt { "Existed" } dd class="dates" { (org.during.show(view)) }
            @if let Some(parent) = &org.part_of { dt { "Part of" } dd { (link(parent)) } }
            @if let Some(count) = org.count { dt { "Stands for" } dd { (count) " bodies" } }
            @for l in &org.lineage { dt { (l.kind.name()) } dd { (link(&l.organisation)) } }
            @if let Some(note) = &org.note { dt { "Note" } dd { (note) } }
            dt { "Sources" } dd { (citations_html(&org.cite, depth)) }
        }
        @let parts: Vec<&Organisation> = index.parts[position].iter().map(|&i| &ds.organisations[i as usize]).collect();
        @if !parts.is_empty() {
            h3 { "Bodies inside it" }
            ul { @for p in parts { li { (link(&p.id)) } } }
        }
        (neighbourhood)
        h3 { "Its 1917 in order" }
        div class="table-wrap" {
            table {
                thead { tr { th scope="col" { "Date (" (view.label()) ")" } th scope="col" { "What" } th scope="col" { "Detail" } th scope="col" { "Sources" } } }
                tbody {
                    @for e in &entries {
                        tr id=[e.event] {
                            td class="dates" { (e.date(view)) }
                            td { (format!("{:?}", e.kind).to_lowercase()) }
                            td { (e.text) }
                            td { (citations_html(e.cite, depth)) }
                        }
                    }
                }
            }
        }
        h3 { "Relations" }
        @if relations.is_empty() { p { "None recorded." } } @else {
            div class="table-wrap" {
                table {
                    thead { tr { th scope="col" { "Kind" } th scope="col" { "With" } th scope="col" { "When" } th scope="col" { "Note" } th scope="col" { "Sources" } } }
                    tbody {
                        @for r in relations {
                            @let outgoing = r.from == org.id;
                            @let other = if outgoing { &r.to } else { &r.from };
                            @let directed = ds.relation_kind(&r.kind).is_none_or(|k| k.directed);
                            tr {
                                td { (r.kind) " " (if !directed { "↔" } else if outgoing { "→" } else { "←" }) }
                                td { (link(other)) }
                                td class="dates" { (r.during.show(view)) }
                                td { (r.note.clone().unwrap_or_default()) }
                                td { (citations_html(&r.cite, depth)) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(ds, &org.name, depth, body)
}

/// The bibliography, at `sources.html`, each source with an anchor.
pub fn sources_page(ds: &Dataset) -> Markup {
    let body = html! {
        h2 { "Sources" }
        p { "Every organisation, relation, state and event of the dataset cites one or more of these works, with a section, footnote, page or other locator." }
        ul {
            @for s in &ds.sources {
                li id=(s.id) {
                    strong { (s.title) }
                    @if let Some(a) = &s.author { ", " (a) }
                    @if let Some(p) = &s.publisher { ", " (p) }
                    @if let Some(y) = &s.year { ", " (y) }
                    " " code { (s.id) }
                    @if let Some(n) = &s.note { br; span class="muted" { (n) } }
                }
            }
        }
    };
    layout(ds, "Sources", Depth(0), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ids_get_short_distinct_stable_page_names() {
        assert_eq!(page_file("city-soviet"), "city-soviet.html");
        let a = page_file(&"x".repeat(300));
        let b = page_file(&("x".repeat(299) + "y"));
        assert_ne!(a, b);
        assert_eq!(a.len(), LONGEST_PAGE_ID + 5);
        assert_eq!(a, page_file(&"x".repeat(300)));
        assert_eq!(
            page_file(&"x".repeat(LONGEST_PAGE_ID)).len(),
            LONGEST_PAGE_ID + 5
        );
    }
}
