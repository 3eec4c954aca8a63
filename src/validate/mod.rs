//! Raw records -> checked [`Dataset`], collecting every problem.
//!
//! The rules, each reported with file, line, column, the element concerned
//! and a hint where one can be guessed:
//!
//! * exactly one `[dataset]` table, with a known calendar and a valid span;
//! * ids are slugs (`a-z`, `0-9`, `-`, `_`) and unique within their section;
//! * every reference (kind, level, organisation, source, attribute) resolves
//!   ("did you mean ...?");
//! * every date is EDTF, names a real day in the dataset's calendar, and no
//!   interval ends before it starts;
//! * a relation lies within both endpoints' lifetimes and joins two
//!   different organisations; two relations of one kind between the same
//!   pair do not overlap in time;
//! * the states of one attribute of one organisation do not overlap;
//! * events fall inside the dataset's span;
//! * `part_of` has no cycles; weights are positive;
//! * with `require_citations`, organisations, states, relations and events
//!   cite at least one source.
//!
//! Lifetimes, overlaps and spans are compared under the loose reading (see
//! `time`), the one that admits every day an element may have been active.
//!
//! [`validate`] runs the steps in order (`Validator::run`): the
//! `[dataset]` table (`info`), the ids of every section and the references
//! to them (`refs`), each record converted (`records`), then the checks
//! across records (`checks`).

mod checks;
mod info;
mod order;
mod records;
mod refs;

use std::collections::HashSet;

use crate::error::{Diagnostic, Diagnostics, Location};
use crate::load::raw::{RawOrganisation, RawRelation};
use crate::load::{Chunked, RawDataset, Record, SourceFile};
use crate::model::*;
use crate::suggest::{UnknownNames, did_you_mean};
use crate::time::Calendar;
use order::{EndRanks, rank_of_ids};
use refs::{Ids, Refs};

/// Checks `raw` and builds the dataset, or returns every problem found
/// (together with `earlier` problems from loading).
///
/// `raw` is consumed: organisations are dropped once converted, and
/// relations, the bulk of a large dataset, are converted one by one and
/// their text moved, not copied, into the dataset, so that the raw and the
/// checked forms of a large dataset are never all held at once.
pub fn validate(mut raw: RawDataset, earlier: Diagnostics) -> Result<Dataset, Diagnostics> {
    let relations = std::mem::take(&mut raw.relations);
    let organisations = std::mem::take(&mut raw.organisations);
    let raw = &raw;
    let mut v = Validator {
        raw,
        problems: earlier,
        calendar: Calendar::Gregorian,
        allow_outside: false,
        unknown: UnknownNames::default(),
        ids: Interner::default(),
    };
    let syntax_errors = v.problems.len();
    let dataset = v.run(organisations, relations);
    v.problems.0.extend(v.unknown.summaries());
    let broken: Vec<&str> = raw.broken.iter().map(|&i| &*raw.files[i].name).collect();
    let mut index = 0;
    v.problems.0.retain(|d| {
        index += 1;
        index <= syntax_errors || !broken.contains(&&*d.location.file)
    });
    if v.problems.is_empty() {
        Ok(dataset)
    } else {
        v.problems.sort();
        Err(v.problems)
    }
}

struct Validator<'a> {
    raw: &'a RawDataset,
    problems: Diagnostics,
    calendar: Calendar,
    allow_outside: bool,
    /// Unknown references: hints looked up once per name, repeats capped.
    unknown: UnknownNames,
    /// The ids relations name, each held once.
    ids: Interner,
}

impl<'a> Validator<'a> {
    fn file(&self, index: usize) -> &'a SourceFile {
        &self.raw.files[index]
    }

    fn at(&self, file: usize, offset: usize) -> Location {
        self.raw.location(file, offset)
    }

    fn report(&mut self, d: Diagnostic) {
        self.problems.push(d);
    }

    fn run(
        &mut self,
        raw_organisations: Vec<Record<RawOrganisation>>,
        raw_relations: Chunked<Record<RawRelation>>,
    ) -> Dataset {
        let info = self.info();
        self.calendar = info.calendar;
        let raw = self.raw;

        let levels_ids = self.unique_ids("level", raw.levels.iter().map(|r| (r.file, &r.value.id)));
        let node_kind_ids = self.unique_ids(
            "organisation kind",
            raw.node_kinds.iter().map(|r| (r.file, &r.value.id)),
        );
        let relation_kind_ids = self.unique_ids(
            "relation kind",
            raw.relation_kinds.iter().map(|r| (r.file, &r.value.id)),
        );
        let event_kind_ids = self.unique_ids(
            "event kind",
            raw.event_kinds.iter().map(|r| (r.file, &r.value.id)),
        );
        let attribute_ids = self.unique_ids(
            "attribute",
            raw.attributes.iter().map(|r| (r.file, &r.value.id)),
        );
        let source_ids =
            self.unique_ids("source", raw.sources.iter().map(|r| (r.file, &r.value.id)));
        // Organisation ids are kept in a store of their own, so that the raw
        // organisations can be dropped once converted.
        let organisation_store: Vec<String> = self
            .unique_ids(
                "organisation",
                raw_organisations.iter().map(|r| (r.file, &r.value.id)),
            )
            .sorted
            .iter()
            .map(|id| id.to_string())
            .collect();
        let organisation_ids = Ids::over("organisation", &organisation_store);
        let _ = self.unique_ids("period", raw.periods.iter().map(|r| (r.file, &r.value.id)));
        let _ = self.unique_ids("event", raw.events.iter().map(|r| (r.file, &r.value.id)));
        let _ = self.unique_ids(
            "relation",
            raw_relations
                .iter()
                .filter_map(|r| r.value.id.as_deref().map(|id| (r.file, id))),
        );

        let levels: Vec<Level> = raw
            .levels
            .iter()
            .enumerate()
            .map(|(rank, r)| Level {
                id: r.value.id.get_ref().clone(),
                label: r.value.label.clone(),
                description: r.value.description.clone(),
                rank,
            })
            .collect();
        let node_kinds = raw
            .node_kinds
            .iter()
            .map(|r| NodeKind {
                id: r.value.id.get_ref().clone(),
                label: r.value.label.clone(),
                description: r.value.description.clone(),
                shape: r.value.shape.clone(),
            })
            .collect();
        let relation_kinds: Vec<RelationKind> = raw
            .relation_kinds
            .iter()
            .map(|r| self.relation_kind(r))
            .collect();
        let symmetric_kinds: HashSet<String> = relation_kinds
            .iter()
            .filter(|k| !k.directed)
            .map(|k| k.id.clone())
            .collect();
        let event_kinds = raw
            .event_kinds
            .iter()
            .map(|r| EventKind {
                id: r.value.id.get_ref().clone(),
                label: r.value.label.clone(),
                description: r.value.description.clone(),
            })
            .collect();
        let attributes: Vec<Attribute> = raw
            .attributes
            .iter()
            .map(|r| Attribute {
                id: r.value.id.get_ref().clone(),
                label: r.value.label.clone(),
                description: r.value.description.clone(),
                values: r.value.values.clone(),
                value_labels: r.value.value_labels.clone(),
            })
            .collect();
        for r in &raw.attributes {
            let Some(values) = &r.value.values else {
                continue;
            };
            for value in r.value.value_labels.keys().filter(|v| !values.contains(v)) {
                let loc = self.at(r.file, r.span.start);
                self.report(
                    Diagnostic::new(
                        loc,
                        format!(
                            "`value_labels` names `{value}`, which is not a declared value of `{}`",
                            r.value.id.get_ref()
                        ),
                    )
                    .about(format!("attribute `{}`", r.value.id.get_ref()))
                    .hint(
                        did_you_mean(value, values.iter().map(String::as_str))
                            .or(Some(format!("declared values: {}", values.join(", ")))),
                    ),
                );
            }
        }
        let sources = raw
            .sources
            .iter()
            .map(|r| Source {
                id: r.value.id.get_ref().clone(),
                title: r.value.title.clone(),
                author: r.value.author.clone(),
                year: r.value.year.clone(),
                publisher: r.value.publisher.clone(),
                url: r.value.url.clone(),
                note: r.value.note.clone(),
            })
            .collect();

        let refs = Refs {
            levels: &levels_ids,
            node_kinds: &node_kind_ids,
            relation_kinds: &relation_kind_ids,
            event_kinds: &event_kind_ids,
            attributes: &attribute_ids,
            sources: &source_ids,
            organisations: &organisation_ids,
        };
        self.vocabulary(&relation_kind_ids, &attribute_ids);
        let require = info.require_citations;
        self.allow_outside = info.allow_relations_outside_lifetimes;

        // Exact capacities: a collected Vec of large records would otherwise
        // grow by doubling, up to 1.7× the memory it needs (issue 16).
        let mut organisations: Vec<Organisation> = Vec::with_capacity(raw_organisations.len());
        organisations.extend(
            raw_organisations
                .iter()
                .filter_map(|r| self.organisation(r, &refs, &levels, &attributes, require)),
        );
        drop(raw_organisations);
        organisations.shrink_to_fit();
        organisations.sort_by(|a, b| a.id.cmp(&b.id));
        // Duplicates were reported; keep the first so lookups stay defined.
        organisations.dedup_by(|b, a| a.id == b.id);
        let organisation_index = ById(&organisations);
        self.part_of_cycles(&organisations, organisation_index);
        self.lineage_cycles(&organisations, organisation_index);

        // Block by block, each raw block freed once converted: the raw and
        // the checked relations are never all held at once.
        let mut relations: Vec<Relation> = Vec::with_capacity(raw_relations.len());
        for block in raw_relations.into_blocks() {
            relations.extend(
                block
                    .into_iter()
                    .filter_map(|r| self.relation(r, &refs, organisation_index, require)),
            );
        }
        relations.shrink_to_fit();
        // Sorted by (from, to, kind, dates). Organisations are in id order,
        // so their positions order the ends as their ids do, and integer keys
        // sort ~10× faster than string keys on large datasets.
        let kind_rank = rank_of_ids(relations.iter().map(|r| r.kind.as_str()));
        let ends = EndRanks::new(organisation_index, &relations);
        relations.sort_by_cached_key(|r| {
            (
                ends.rank(&r.from),
                ends.rank(&r.to),
                kind_rank[r.kind.as_str()],
                r.during.sort_key(),
            )
        });
        self.overlapping_relations(&relations, &symmetric_kinds, &ends, &kind_rank);

        let mut periods: Vec<Period> = raw
            .periods
            .iter()
            .filter_map(|r| self.period(r, &refs))
            .collect();
        if let Some(first) = raw.info.first()
            && let Some(compare) = &first.value.compare
        {
            let period_ids =
                self.unique_ids_quiet("period", raw.periods.iter().map(|r| &r.value.id));
            for id in compare.get_ref() {
                self.resolve(first.file, "dataset", id, &period_ids);
            }
        }
        periods.sort_by(|a, b| (a.during.sort_key(), &a.id).cmp(&(b.during.sort_key(), &b.id)));

        let mut events: Vec<Event> = raw
            .events
            .iter()
            .filter_map(|r| self.event(r, &refs, &attributes, &info, require))
            .collect();
        events.sort_by(|a, b| (a.date.sort_key(), &a.id).cmp(&(b.date.sort_key(), &b.id)));

        Dataset {
            info,
            levels,
            node_kinds,
            relation_kinds,
            event_kinds,
            attributes,
            sources,
            organisations,
            relations,
            periods,
            events,
        }
    }

    /// How dates are shown in messages: in the dataset's own calendar.
    fn view(&self) -> crate::time::CalendarView {
        match self.calendar {
            Calendar::Julian => crate::time::CalendarView::OldStyle,
            Calendar::Gregorian => crate::time::CalendarView::NewStyle,
        }
    }
}
