//! One page per organisation (its story, relations, states, events and
//! sources) and the bibliography page.

use maud::{Markup, html};

use super::page::{Depth, citations_html, layout};
use crate::model::{Dataset, Organisation};
use crate::time::CalendarView;
use crate::timeline::timeline;

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

/// The page of `org`, at `org/` [`page_file`].
pub fn organisation_page(ds: &Dataset, org: &Organisation, view: CalendarView) -> Markup {
    let depth = Depth(1);
    let link = |id: &str| -> Markup {
        let name = ds.organisation(id).map_or(id, |o| o.name.as_str());
        html! { a href=(page_file(id)) { (name) } }
    };
    let entries = timeline(ds, &org.id, view)
        .map(|(_, e)| e)
        .unwrap_or_default();
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
        @let parts: Vec<&Organisation> = ds.organisations.iter().filter(|o| o.part_of.as_deref() == Some(org.id.as_str())).collect();
        @if !parts.is_empty() {
            h3 { "Bodies inside it" }
            ul { @for p in parts { li { (link(&p.id)) } } }
        }
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
        @let relations: Vec<_> = ds.relations_of(&org.id).collect();
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
