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

use std::collections::{BTreeMap, HashMap, HashSet};

use toml::Spanned;

use crate::error::{Diagnostic, Diagnostics, Location};
use crate::load::raw::*;
use crate::load::{RawDataset, Record, SourceFile};
use crate::model::*;
use crate::suggest::{Listing, UnknownNames, did_you_mean};
use crate::time::{Calendar, DateError, Span, When, parse_when};

/// Checks `raw` and builds the dataset, or returns every problem found
/// (together with `earlier` problems from loading).
pub fn validate(raw: &RawDataset, earlier: Diagnostics) -> Result<Dataset, Diagnostics> {
    let mut v = Validator {
        raw,
        problems: earlier,
        calendar: Calendar::Gregorian,
        allow_outside: false,
        unknown: UnknownNames::default(),
    };
    let syntax_errors = v.problems.len();
    let dataset = v.run();
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
}

/// Ids of one section, for resolving references.
struct Ids<'a> {
    what: &'static str,
    ids: HashSet<&'a str>,
    sorted: Vec<&'a str>,
}

impl<'a> Ids<'a> {
    fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }
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

    fn run(&mut self) -> Dataset {
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
        let organisation_ids = self.unique_ids(
            "organisation",
            raw.organisations.iter().map(|r| (r.file, &r.value.id)),
        );
        let _ = self.unique_ids("period", raw.periods.iter().map(|r| (r.file, &r.value.id)));
        let _ = self.unique_ids("event", raw.events.iter().map(|r| (r.file, &r.value.id)));
        let _ = self.unique_ids(
            "relation",
            raw.relations
                .iter()
                .filter_map(|r| r.value.id.as_ref().map(|id| (r.file, id))),
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

        let mut organisations: Vec<Organisation> = raw
            .organisations
            .iter()
            .filter_map(|r| self.organisation(r, &refs, &levels, &attributes, require))
            .collect();
        organisations.sort_by(|a, b| a.id.cmp(&b.id));
        // Duplicates were reported; keep the first so lookups stay defined.
        organisations.dedup_by(|b, a| a.id == b.id);
        let organisation_index: HashMap<String, usize> = organisations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        self.part_of_cycles(&organisations, &organisation_index);
        self.lineage_cycles(&organisations, &organisation_index);

        let mut relations: Vec<Relation> = raw
            .relations
            .iter()
            .filter_map(|r| self.relation(r, &refs, &organisations, &organisation_index, require))
            .collect();
        relations.sort_by(|a, b| {
            (&a.from, &a.to, &a.kind, a.during.sort_key()).cmp(&(
                &b.from,
                &b.to,
                &b.kind,
                b.during.sort_key(),
            ))
        });
        self.overlapping_relations(&relations, &symmetric_kinds);

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
            organisation_index,
        }
    }

    /// The `[dataset]` table; on problems, a stand-in so checking goes on.
    fn info(&mut self) -> DatasetInfo {
        let raw = self.raw;
        let fallback = || DatasetInfo {
            id: String::new(),
            title: String::new(),
            description: None,
            calendar: Calendar::Gregorian,
            span: When {
                text: "..".into(),
                loose: Span::new(None, None),
                strict: Span::new(None, None),
                uncertain: false,
                approximate: false,
                calendar: Calendar::Gregorian,
            },
            require_citations: false,
            allow_relations_outside_lifetimes: false,
            compare: None,
            opposed_kinds: Vec::new(),
            color_by: None,
            stance_attribute: None,
            how_to_cite: None,
            license: None,
        };
        let Some(first) = raw.info.first() else {
            let file = raw
                .files
                .iter()
                .find(|f| f.is_manifest())
                .or(raw.files.first())
                .map(|f| f.location(0));
            // A `[dataset]` table that could not be read has its own error.
            if let Some(location) = file.filter(|_| !raw.info_written) {
                self.report(
                    Diagnostic::new(location, "the dataset has no `[dataset]` table").hint(Some(
                        "add `[dataset]` with id, title, calendar and span to dataset.toml".into(),
                    )),
                );
            }
            return fallback();
        };
        for dup in &raw.info[1..] {
            let loc = self.at(dup.file, dup.span.start);
            self.report(Diagnostic::new(loc, "a second `[dataset]` table"));
        }
        let r = &first.value;
        self.check_slug("dataset", first.file, &r.id);
        let calendar = match Calendar::from_name(r.calendar.get_ref()) {
            Some(c) => c,
            None => {
                let loc = self.at(first.file, r.calendar.span().start);
                self.report(
                    Diagnostic::new(loc, format!("unknown calendar `{}`", r.calendar.get_ref()))
                        .about("dataset")
                        .hint(did_you_mean(r.calendar.get_ref(), Calendar::NAMES).or(Some(
                            "use `julian` (Old Style) or `gregorian` (New Style)".into(),
                        ))),
                );
                Calendar::Gregorian
            }
        };
        self.calendar = calendar;
        let span = self
            .when(first.file, &r.span, "dataset")
            .unwrap_or_else(|| fallback().span);
        let allow_outside = match r.relations_outside_lifetimes.as_ref() {
            None => false,
            Some(v) if v.get_ref() == "error" => false,
            Some(v) if v.get_ref() == "allow" => true,
            Some(v) => {
                let loc = self.at(first.file, v.span().start);
                self.report(
                    Diagnostic::new(
                        loc,
                        format!(
                            "`relations_outside_lifetimes` must be `error` or `allow`, found `{}`",
                            v.get_ref()
                        ),
                    )
                    .about("dataset"),
                );
                false
            }
        };
        DatasetInfo {
            id: r.id.get_ref().clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            calendar,
            span,
            require_citations: r.require_citations,
            allow_relations_outside_lifetimes: allow_outside,
            compare: self.headline(first.file, r.compare.as_ref()),
            opposed_kinds: self.opposed_pairs(first.file, r.opposed_kinds.as_deref()),
            color_by: r.color_by.as_ref().map(|a| a.get_ref().clone()),
            stance_attribute: r.stance_attribute.as_ref().map(|a| a.get_ref().clone()),
            how_to_cite: r.how_to_cite.clone(),
            license: r.license.clone(),
        }
    }

    /// The `compare` pair of `[dataset]`: exactly two period ids (checked
    /// against the periods once they are read, in [`Validator::run`]).
    fn headline(
        &mut self,
        file: usize,
        compare: Option<&Spanned<Vec<Text>>>,
    ) -> Option<(String, String)> {
        let compare = compare?;
        match compare.get_ref().as_slice() {
            [a, b] => Some((a.get_ref().clone(), b.get_ref().clone())),
            other => {
                let loc = self.at(file, compare.span().start);
                self.report(
                    Diagnostic::new(
                        loc,
                        format!("`compare` needs two period ids, found {}", other.len()),
                    )
                    .about("dataset")
                    .hint(Some("e.g. compare = [\"dual-power\", \"renewal\"]".into())),
                );
                None
            }
        }
    }

    /// The `opposed_kinds` pairs of `[dataset]`: each two different kinds
    /// (their ids are resolved in [`Validator::vocabulary`]).
    fn opposed_pairs(
        &mut self,
        file: usize,
        pairs: Option<&[Spanned<Vec<Text>>]>,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for pair in pairs.unwrap_or_default() {
            match pair.get_ref().as_slice() {
                [a, b] if a.get_ref() != b.get_ref() => {
                    out.push((a.get_ref().clone(), b.get_ref().clone()));
                }
                [a, _] => {
                    let loc = self.at(file, pair.span().start);
                    self.report(
                        Diagnostic::new(
                            loc,
                            format!("`opposed_kinds` pairs `{}` with itself", a.get_ref()),
                        )
                        .about("dataset")
                        .hint(Some("name two different relation kinds".into())),
                    );
                }
                other => {
                    let loc = self.at(file, pair.span().start);
                    self.report(
                        Diagnostic::new(
                            loc,
                            format!(
                                "each entry of `opposed_kinds` needs two relation kinds, found {}",
                                other.len()
                            ),
                        )
                        .about("dataset")
                        .hint(Some(
                            "e.g. opposed_kinds = [[\"support\", \"conflict\"]]".into(),
                        )),
                    );
                }
            }
        }
        out
    }

    /// Resolves the relation kinds and attributes `[dataset]` names
    /// (`opposed_kinds`, `color_by`, `stance_attribute`).
    fn vocabulary(&mut self, relation_kinds: &Ids<'_>, attributes: &Ids<'_>) {
        let Some(first) = self.raw.info.first() else {
            return;
        };
        let r = &first.value;
        for pair in r.opposed_kinds.iter().flatten() {
            for kind in pair.get_ref() {
                self.resolve(first.file, "dataset", kind, relation_kinds);
            }
        }
        for attribute in [&r.color_by, &r.stance_attribute].into_iter().flatten() {
            self.resolve(first.file, "dataset", attribute, attributes);
        }
    }

    /// Reports malformed and duplicate ids; returns the set of ids.
    fn unique_ids<I>(&mut self, what: &'static str, ids: I) -> Ids<'a>
    where
        I: Iterator<Item = (usize, &'a Spanned<String>)>,
    {
        let mut first_seen: HashMap<&'a str, Location> = HashMap::new();
        for (file, id) in ids {
            self.check_slug(what, file, id);
            let loc = self.at(file, id.span().start);
            if let Some(first) = first_seen.get(id.get_ref().as_str()) {
                let hint = Some(format!("first defined at {first}"));
                self.report(
                    Diagnostic::new(loc, format!("duplicate {what} id `{}`", id.get_ref()))
                        .about(format!("{what} `{}`", id.get_ref()))
                        .hint(hint),
                );
            } else {
                first_seen.insert(id.get_ref(), loc);
            }
        }
        let mut sorted: Vec<&str> = first_seen.keys().copied().collect();
        sorted.sort_unstable();
        Ids {
            what,
            ids: first_seen.into_keys().collect(),
            sorted,
        }
    }

    /// The set of ids, without reporting anything (already done).
    fn unique_ids_quiet<I>(&self, what: &'static str, ids: I) -> Ids<'a>
    where
        I: Iterator<Item = &'a Spanned<String>>,
    {
        let set: HashSet<&'a str> = ids.map(|id| id.get_ref().as_str()).collect();
        let mut sorted: Vec<&str> = set.iter().copied().collect();
        sorted.sort_unstable();
        Ids {
            what,
            ids: set,
            sorted,
        }
    }

    fn check_slug(&mut self, what: &str, file: usize, id: &Spanned<String>) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            let loc = self.at(file, id.span().start);
            // Regression (cyrillic_id_gets_a_transliteration_hint): letters
            // outside ASCII became dashes, so `Бад` was told "for example
            // `---`".
            let mut suggestion = String::new();
            for c in s.to_lowercase().chars() {
                if c.is_ascii_alphanumeric() || c == '_' {
                    suggestion.push(c);
                } else if !suggestion.is_empty() && !suggestion.ends_with('-') {
                    suggestion.push('-');
                }
            }
            let suggestion = suggestion.trim_end_matches('-');
            let hint = if s.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
                "transliterate the name, e.g. `petrograd-soviet`".to_string()
            } else if suggestion.is_empty() {
                "write a slug, e.g. `petrograd-soviet`".to_string()
            } else {
                format!("for example `{suggestion}`")
            };
            self.report(
                Diagnostic::new(
                    loc,
                    format!("{what} id `{s}` is not a slug (use a-z, 0-9, `-` and `_` only)"),
                )
                .hint(Some(hint)),
            );
        }
    }

    /// Checks that `reference` names one of `ids`; reports it otherwise.
    fn resolve(
        &mut self,
        file: usize,
        subject: &str,
        reference: &Spanned<String>,
        ids: &Ids<'_>,
    ) -> bool {
        if ids.contains(reference.get_ref()) {
            return true;
        }
        let loc = self.at(file, reference.span().start);
        let listing = self
            .unknown
            .record(ids.what, reference.get_ref(), &ids.sorted, &loc);
        let Listing::List(hint) = listing else {
            return false;
        };
        let hint = hint.or_else(|| {
            if ids.sorted.is_empty() {
                Some(format!("the dataset declares no {}s", ids.what))
            } else {
                None
            }
        });
        self.report(
            Diagnostic::new(
                loc,
                format!("unknown {} `{}`", ids.what, reference.get_ref()),
            )
            .about(subject.to_string())
            .hint(hint),
        );
        false
    }

    /// Parses a date; reports it at the exact column if it is bad.
    fn when(&mut self, file: usize, text: &Spanned<String>, subject: &str) -> Option<When> {
        // Only the CSV loader writes `../..`, for tables without date
        // columns (and as the span of a dataset whose dates are not day
        // numbers); elsewhere it is refused like any non-EDTF text.
        if text.get_ref() == crate::time::UNDATED
            && (self.file(file).name.ends_with(".csv") || subject == "dataset")
        {
            return Some(When::undated(self.calendar));
        }
        match parse_when(text.get_ref(), self.calendar) {
            Ok(w) => Some(w),
            Err(e) => {
                let span = text.span();
                let source = &self.file(file).text;
                let quoted = source[span.start..].starts_with(['"', '\'']);
                let offset = span.start + usize::from(quoted) + e.offset();
                let hint = match &e {
                    DateError::Reversed { .. } => "swap the two dates, or fix the one that is wrong".to_string(),
                    DateError::Syntax { message, .. } if message.contains("out of range") => format!(
                        "that day does not exist; dates in this dataset are read in the {} calendar",
                        match self.calendar {
                            Calendar::Julian => "Julian (Old Style)",
                            Calendar::Gregorian => "Gregorian (New Style)",
                        }
                    ),
                    DateError::Syntax { .. } | DateError::Unbounded { .. } => {
                        "write EDTF: 1917-10-25, 1917-10, 1917-10-25/1917-10-26, 1917-09-01/.. (open), 1917-07-20~ (approximate)".to_string()
                    }
                    DateError::NoSuchDay { .. } => format!(
                        "dates in this dataset are read in the {} calendar",
                        match self.calendar {
                            Calendar::Julian => "Julian (Old Style)",
                            Calendar::Gregorian => "Gregorian (New Style)",
                        }
                    ),
                };
                let loc = self.at(file, offset);
                self.report(
                    Diagnostic::new(loc, e.to_string())
                        .about(subject.to_string())
                        .hint(Some(hint)),
                );
                None
            }
        }
    }

    fn citations(
        &mut self,
        file: usize,
        span_start: usize,
        subject: &str,
        raw: &[RawCitation],
        refs: &Refs<'_, '_>,
        required: bool,
    ) -> Vec<Citation> {
        if required && raw.is_empty() {
            let loc = self.at(file, span_start);
            self.report(
                Diagnostic::new(loc, "cites no source")
                    .about(subject.to_string())
                    .hint(Some(
                        "add `cite = [{ source = \"...\", section = \"...\", footnote = \"...\" }]` (this dataset sets require_citations)".into(),
                    )),
            );
        }
        raw.iter()
            .filter(|c| self.resolve(file, subject, &c.source, refs.sources))
            .map(|c| Citation {
                source: c.source.get_ref().clone(),
                section: c.section.clone(),
                footnote: c.footnote.clone(),
                page: c.page.clone(),
                locator: c.locator.clone(),
            })
            .collect()
    }

    /// The element's certainty: `certain` when the field is absent; an
    /// unknown name is reported (and read as `certain`).
    fn certainty(
        &mut self,
        file: usize,
        raw: &Option<Spanned<String>>,
        subject: &str,
    ) -> Certainty {
        let Some(text) = raw else {
            return Certainty::Certain;
        };
        Certainty::from_name(text.get_ref()).unwrap_or_else(|| {
            let loc = self.at(file, text.span().start);
            self.report(
                Diagnostic::new(loc, format!("unknown certainty `{}`", text.get_ref()))
                    .about(subject.to_string())
                    .hint(
                        did_you_mean(text.get_ref(), Certainty::NAMES)
                            .or(Some(format!("use one of {}", Certainty::NAMES.join(", ")))),
                    ),
            );
            Certainty::Certain
        })
    }

    fn relation_kind(&mut self, r: &Record<RawRelationKind>) -> RelationKind {
        let v = &r.value;
        let flow = v.flow.as_ref().and_then(|f| {
            let flow = Flow::from_name(f.get_ref());
            if flow.is_none() {
                let loc = self.at(r.file, f.span().start);
                self.report(
                    Diagnostic::new(loc, format!("unknown flow `{}`", f.get_ref()))
                        .about(format!("relation kind `{}`", v.id.get_ref()))
                        .hint(
                            did_you_mean(f.get_ref(), ["up", "down", "across"])
                                .or(Some("use `up`, `down` or `across`".into())),
                        ),
                );
            }
            flow
        });
        RelationKind {
            id: v.id.get_ref().clone(),
            label: v.label.clone(),
            description: v.description.clone(),
            directed: v.directed,
            flow,
            style: v.style.clone(),
            color: v.color.clone(),
        }
    }

    fn organisation(
        &mut self,
        r: &Record<RawOrganisation>,
        refs: &Refs<'_, '_>,
        levels: &[Level],
        attributes: &[Attribute],
        require: bool,
    ) -> Option<Organisation> {
        let v = &r.value;
        let f = r.file;
        let subject = format!("organisation `{}`", v.id.get_ref());
        let kind_ok = self.resolve(f, &subject, &v.kind, refs.node_kinds);
        let level_ok = self.resolve(f, &subject, &v.level, refs.levels);
        let during = self.when(f, &v.during, &subject);
        if let Some(p) = &v.part_of
            && self.resolve(f, &subject, p, refs.organisations)
            && p.get_ref() == v.id.get_ref()
        {
            let loc = self.at(f, p.span().start);
            self.report(Diagnostic::new(loc, "is part of itself").about(subject.clone()));
        }
        let mut lineage = Vec::new();
        for l in &v.lineage {
            let l_span = l.span();
            let l = l.get_ref();
            let kind = LineageKind::from_name(l.kind.get_ref());
            if kind.is_none() {
                let loc = self.at(f, l.kind.span().start);
                self.report(
                    Diagnostic::new(loc, format!("unknown lineage kind `{}`", l.kind.get_ref()))
                        .about(subject.clone())
                        .hint(did_you_mean(l.kind.get_ref(), LineageKind::NAMES).or(Some(
                            format!("use one of {}", LineageKind::NAMES.join(", ")),
                        ))),
                );
            }
            let target_ok = self.resolve(f, &subject, &l.organisation, refs.organisations);
            if target_ok && l.organisation.get_ref() == v.id.get_ref() {
                let loc = self.at(f, l_span.start);
                self.report(
                    Diagnostic::new(loc, "lineage points at itself").about(subject.clone()),
                );
            }
            let date = l.date.as_ref().and_then(|d| self.when(f, d, &subject));
            if let (Some(kind), true) = (kind, target_ok) {
                lineage.push(Lineage {
                    kind,
                    organisation: l.organisation.get_ref().clone(),
                    date,
                    note: l.note.clone(),
                });
            }
        }
        let mut states = Vec::new();
        for s in &v.state {
            let s_span = s.span();
            let s = s.get_ref();
            let state_subject = format!("{subject}, state `{}`", s.attribute.get_ref());
            let attr_ok = self.resolve(f, &state_subject, &s.attribute, refs.attributes);
            if attr_ok
                && let Some(attr) = attributes.iter().find(|a| &a.id == s.attribute.get_ref())
                && let Some(values) = &attr.values
                && !values.contains(s.value.get_ref())
            {
                let loc = self.at(f, s.value.span().start);
                self.report(
                    Diagnostic::new(
                        loc,
                        format!(
                            "`{}` is not a declared value of `{}`",
                            s.value.get_ref(),
                            attr.id
                        ),
                    )
                    .about(state_subject.clone())
                    .hint(
                        did_you_mean(s.value.get_ref(), values.iter().map(String::as_str))
                            .or(Some(format!("declared values: {}", values.join(", ")))),
                    ),
                );
            }
            let during = self.when(f, &s.during, &state_subject);
            let cite = self.citations(f, s_span.start, &state_subject, &s.cite, refs, require);
            let certainty = self.certainty(f, &s.certainty, &state_subject);
            if let (Some(during), true) = (during, attr_ok) {
                states.push(State {
                    attribute: s.attribute.get_ref().clone(),
                    value: s.value.get_ref().clone(),
                    during,
                    note: s.note.clone(),
                    certainty,
                    cite,
                    origin: self.at(f, s_span.start),
                });
            }
        }
        states.sort_by(|a, b| {
            (&a.attribute, a.during.sort_key()).cmp(&(&b.attribute, b.during.sort_key()))
        });
        self.overlapping_states(&subject, &states);
        if let Some(during) = &during {
            for s in &states {
                if !during.loose.covers(&s.during.loose) {
                    self.report(
                        Diagnostic::new(
                            s.origin.clone(),
                            format!(
                                "state `{}` = `{}` ({}) lies outside the organisation's lifetime ({})",
                                s.attribute,
                                s.value,
                                s.during.loose.show(self.view()),
                                during.loose.show(self.view())
                            ),
                        )
                        .about(subject.clone()),
                    );
                }
            }
        }
        if let Some(0) = v.count {
            let loc = self.at(f, r.span.start);
            self.report(Diagnostic::new(loc, "count must be at least 1").about(subject.clone()));
        }
        let cite = self.citations(f, r.span.start, &subject, &v.cite, refs, require);
        let certainty = self.certainty(f, &v.certainty, &subject);
        let level = levels
            .iter()
            .find(|l| &l.id == v.level.get_ref())
            .map(|l| l.rank);
        Some(Organisation {
            id: v.id.get_ref().clone(),
            name: v.name.clone(),
            name_original: v.name_original.clone(),
            kind: v.kind.get_ref().clone(),
            level: level.filter(|_| level_ok && kind_ok)?,
            place: v.place.clone(),
            during: during?,
            part_of: v.part_of.as_ref().map(|p| p.get_ref().clone()),
            count: v.count,
            note: v.note.clone(),
            certainty,
            lineage,
            states,
            cite,
            origin: self.at(f, r.span.start),
        })
    }

    /// How dates are shown in messages: in the dataset's own calendar.
    fn view(&self) -> crate::time::CalendarView {
        match self.calendar {
            Calendar::Julian => crate::time::CalendarView::OldStyle,
            Calendar::Gregorian => crate::time::CalendarView::NewStyle,
        }
    }

    fn overlapping_states(&mut self, subject: &str, states: &[State]) {
        for pair in states.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.attribute == b.attribute && a.during.loose.overlaps(&b.during.loose) {
                self.report(
                    Diagnostic::new(
                        b.origin.clone(),
                        format!(
                            "state `{}` = `{}` ({}) overlaps `{}` ({}) defined at {}",
                            b.attribute,
                            b.value,
                            b.during.loose.show(self.view()),
                            a.value,
                            a.during.loose.show(self.view()),
                            a.origin
                        ),
                    )
                    .about(subject.to_string())
                    .hint(Some(
                        "end the earlier state the day before the later one starts".into(),
                    )),
                );
            }
        }
    }

    /// Reports each `part_of` cycle once, at its first organisation in id
    /// order. A body that is part of itself is reported by `organisation`.
    ///
    /// Regression (long_part_of_chain_is_checked_in_linear_time): each
    /// organisation used to walk its whole chain with a linear `seen`
    /// search, cubic in the chain's length (a chain of 20,000 bodies took
    /// hours); now every organisation is walked once. Also
    /// (self_part_of_is_reported_once): `part_of` naming itself was
    /// reported twice.
    fn part_of_cycles(&mut self, organisations: &[Organisation], index: &HashMap<String, usize>) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let mut mark = vec![Mark::New; organisations.len()];
        for start in 0..organisations.len() {
            let mut path: Vec<usize> = Vec::new();
            let mut current = Some(start);
            while let Some(i) = current {
                match mark[i] {
                    Mark::Done => break,
                    Mark::OnPath => {
                        let at = path.iter().position(|&p| p == i).unwrap_or(0);
                        let cycle = &path[at..];
                        if cycle.len() > 1 {
                            let (org, ids) = cycle_path(cycle, organisations);
                            self.report(
                                Diagnostic::new(
                                    org.origin.clone(),
                                    format!("`part_of` forms a cycle: {ids}"),
                                )
                                .about(format!("organisation `{}`", org.id)),
                            );
                        }
                        break;
                    }
                    Mark::New => {
                        mark[i] = Mark::OnPath;
                        path.push(i);
                        current = organisations[i]
                            .part_of
                            .as_deref()
                            .and_then(|p| index.get(p))
                            .copied();
                    }
                }
            }
            for i in path {
                mark[i] = Mark::Done;
            }
        }
    }

    /// Reports each lineage cycle (a body that, through `renamed-from`,
    /// `successor-of`, `split-from` and `merged-into`, comes from itself),
    /// at the cycle's first organisation in id order. Links are read in
    /// time: `a merged-into b` means `b` comes from `a`, the others that
    /// `a` comes from the body named. A link to itself is reported by
    /// `organisation`. Regression (issue 17.6): cycles were accepted.
    fn lineage_cycles(&mut self, organisations: &[Organisation], index: &HashMap<String, usize>) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        // comes_from[i]: the bodies organisation i comes from.
        let mut comes_from: Vec<Vec<usize>> = vec![Vec::new(); organisations.len()];
        for (i, org) in organisations.iter().enumerate() {
            for l in &org.lineage {
                let Some(&j) = index.get(&l.organisation) else {
                    continue;
                };
                if i == j {
                    continue;
                }
                match l.kind {
                    LineageKind::MergedInto => comes_from[j].push(i),
                    _ => comes_from[i].push(j),
                }
            }
        }
        for list in &mut comes_from {
            list.sort_unstable();
            list.dedup();
        }
        let mut mark = vec![Mark::New; organisations.len()];
        for start in 0..organisations.len() {
            if mark[start] != Mark::New {
                continue;
            }
            // Depth-first, without recursion: (body, next link to follow).
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            mark[start] = Mark::OnPath;
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                let Some(&j) = comes_from[node].get(next) else {
                    mark[node] = Mark::Done;
                    stack.pop();
                    continue;
                };
                top.1 += 1;
                match mark[j] {
                    Mark::New => {
                        mark[j] = Mark::OnPath;
                        stack.push((j, 0));
                    }
                    Mark::OnPath => {
                        let at = stack.iter().position(|&(p, _)| p == j).unwrap_or(0);
                        let cycle: Vec<usize> = stack[at..].iter().map(|&(p, _)| p).collect();
                        let (org, ids) = cycle_path(&cycle, organisations);
                        self.report(
                            Diagnostic::new(
                                org.origin.clone(),
                                format!("lineage forms a cycle: {ids} (each comes from the next)"),
                            )
                            .about(format!("organisation `{}`", org.id))
                            .hint(Some(
                                "a body cannot come from itself: remove or reverse one link".into(),
                            )),
                        );
                    }
                    Mark::Done => {}
                }
            }
        }
    }

    fn relation(
        &mut self,
        r: &Record<RawRelation>,
        refs: &Refs<'_, '_>,
        organisations: &[Organisation],
        index: &HashMap<String, usize>,
        require: bool,
    ) -> Option<Relation> {
        let v = &r.value;
        let f = r.file;
        let derived = format!(
            "{}->{}:{}",
            v.from.get_ref(),
            v.to.get_ref(),
            v.kind.get_ref()
        );
        let id = v.id.as_ref().map_or(derived, |i| i.get_ref().clone());
        let subject = format!("relation `{id}`");
        let from_ok = self.resolve(f, &subject, &v.from, refs.organisations);
        let to_ok = self.resolve(f, &subject, &v.to, refs.organisations);
        let kind_ok = self.resolve(f, &subject, &v.kind, refs.relation_kinds);
        if from_ok && v.from.get_ref() == v.to.get_ref() {
            let loc = self.at(f, v.to.span().start);
            self.report(
                Diagnostic::new(loc, "a relation must join two different organisations")
                    .about(subject.clone()),
            );
        }
        let during = self.when(f, &v.during, &subject);
        if let Some(w) = &v.weight {
            let x = *w.get_ref();
            if !(x.is_finite() && x > 0.0) {
                let loc = self.at(f, w.span().start);
                self.report(
                    Diagnostic::new(loc, format!("weight must be a positive number, found {x}"))
                        .about(subject.clone()),
                );
            }
        }
        let cite = self.citations(f, r.span.start, &subject, &v.cite, refs, require);
        let certainty = self.certainty(f, &v.certainty, &subject);
        if let Some(during) = during.as_ref().filter(|_| !self.allow_outside) {
            for (end, ok) in [(&v.from, from_ok), (&v.to, to_ok)] {
                let Some(org) = ok
                    .then(|| index.get(end.get_ref()))
                    .flatten()
                    .map(|&i| &organisations[i])
                else {
                    continue;
                };
                if !org.during.loose.covers(&during.loose) {
                    let loc = self.at(f, v.during.span().start);
                    self.report(
                        Diagnostic::new(
                            loc,
                            format!(
                                "runs {} but `{}` exists only {}",
                                during.loose.show(self.view()),
                                org.id,
                                org.during.loose.show(self.view())
                            ),
                        )
                        .about(subject.clone())
                        .hint(Some(
                            "shorten the relation or correct the organisation's dates".into(),
                        )),
                    );
                }
            }
        }
        (from_ok && to_ok && kind_ok).then_some(())?;
        Some(Relation {
            id,
            from: v.from.get_ref().clone(),
            to: v.to.get_ref().clone(),
            kind: v.kind.get_ref().clone(),
            during: during?,
            weight: v.weight.as_ref().map(|w| *w.get_ref()),
            note: v.note.clone(),
            certainty,
            cite,
            origin: self.at(f, r.span.start),
        })
    }

    /// Two relations of one kind between one pair must not overlap: a
    /// relation that lapses and resumes is written as two intervals. For a
    /// symmetric kind (`directed = false`) `a -> b` and `b -> a` are the same
    /// pair, so the relation given in both directions is refused too
    /// (regression, issue 17.6: it was accepted and counted twice).
    fn overlapping_relations(&mut self, relations: &[Relation], symmetric: &HashSet<String>) {
        let mut by_key: BTreeMap<(&str, &str, &str), Vec<&Relation>> = BTreeMap::new();
        for r in relations {
            let (from, to) = if symmetric.contains(&r.kind) && r.to < r.from {
                (&r.to, &r.from)
            } else {
                (&r.from, &r.to)
            };
            by_key.entry((from, to, &r.kind)).or_default().push(r);
        }
        for group in by_key.values_mut() {
            group.sort_by_key(|r| r.during.sort_key());
            for pair in group.windows(2) {
                if pair[0].during.loose.overlaps(&pair[1].during.loose) {
                    let (a, b) = if pair[0].origin <= pair[1].origin {
                        (pair[0], pair[1])
                    } else {
                        (pair[1], pair[0])
                    };
                    let reversed = a.from != b.from;
                    let (message, hint) = if reversed {
                        (
                            format!(
                                "`{}` is symmetric and this repeats relation `{}` ({}) defined at {} in the other direction",
                                b.kind,
                                a.id,
                                a.during.loose.show(self.view()),
                                a.origin
                            ),
                            "keep one of the two: a symmetric relation is written once, in either direction",
                        )
                    } else {
                        (
                            format!(
                                "overlaps relation `{}` ({}) defined at {}",
                                a.id,
                                a.during.loose.show(self.view()),
                                a.origin
                            ),
                            "merge the two, or make their intervals disjoint",
                        )
                    };
                    self.report(
                        Diagnostic::new(b.origin.clone(), message)
                            .about(format!("relation `{}`", b.id))
                            .hint(Some(hint.into())),
                    );
                }
            }
        }
    }

    fn period(&mut self, r: &Record<RawPeriod>, refs: &Refs<'_, '_>) -> Option<Period> {
        let v = &r.value;
        let subject = format!("period `{}`", v.id.get_ref());
        let during = self.when(r.file, &v.during, &subject);
        let cite = self.citations(r.file, r.span.start, &subject, &v.cite, refs, false);
        Some(Period {
            id: v.id.get_ref().clone(),
            label: v.label.clone(),
            during: during?,
            description: v.description.clone(),
            cite,
            origin: self.at(r.file, r.span.start),
        })
    }

    fn event(
        &mut self,
        r: &Record<RawEvent>,
        refs: &Refs<'_, '_>,
        attributes: &[Attribute],
        info: &DatasetInfo,
        require: bool,
    ) -> Option<Event> {
        let v = &r.value;
        let f = r.file;
        let subject = format!("event `{}`", v.id.get_ref());
        let kind_ok = self.resolve(f, &subject, &v.kind, refs.event_kinds);
        let organisations: Vec<String> = v
            .organisations
            .iter()
            .filter(|o| self.resolve(f, &subject, o, refs.organisations))
            .map(|o| o.get_ref().clone())
            .collect();
        if let Some(stance) = &v.stance {
            let loc = self.at(f, stance.span().start);
            match &info.stance_attribute {
                None => self.report(
                    Diagnostic::new(loc, "`stance` needs `stance_attribute` in `[dataset]`")
                        .about(subject.clone())
                        .hint(Some(
                            "name the attribute whose values motions take, e.g. `stance_attribute = \"stance\"` in dataset.toml".into(),
                        )),
                ),
                // An unknown attribute is reported at `stance_attribute`.
                Some(id) => {
                    if let Some(attr) = attributes.iter().find(|a| &a.id == id)
                        && let Some(values) = &attr.values
                        && !values.contains(stance.get_ref())
                    {
                        self.report(
                            Diagnostic::new(
                                loc,
                                format!("`{}` is not a declared value of `{id}`", stance.get_ref()),
                            )
                            .about(subject.clone())
                            .hint(
                                did_you_mean(stance.get_ref(), values.iter().map(String::as_str))
                                    .or(Some(format!("declared values: {}", values.join(", ")))),
                            ),
                        );
                    }
                }
            }
        }
        let date = self.when(f, &v.date, &subject);
        if let Some(date) = &date
            && !info.span.loose.covers(&date.loose)
        {
            let loc = self.at(f, v.date.span().start);
            self.report(
                Diagnostic::new(
                    loc,
                    format!(
                        "falls outside the dataset's span ({})",
                        info.span.loose.show(self.view())
                    ),
                )
                .about(subject.clone())
                .hint(Some(
                    "correct the date, or widen `span` in dataset.toml".into(),
                )),
            );
        }
        // Regression (issue 17.6): each count fit a u32 but their sum did
        // not, and the votes chart printed "429496729500% in favour".
        if let Some(x) = &v.votes {
            let total: u64 = [x.in_favour, x.against, x.abstained]
                .into_iter()
                .flatten()
                .map(u64::from)
                .sum();
            if total > u64::from(u32::MAX) {
                let loc = self.at(f, r.span.start);
                self.report(
                    Diagnostic::new(
                        loc,
                        format!(
                            "votes add up to {total}, more than the {} a vote total can hold",
                            u32::MAX
                        ),
                    )
                    .about(subject.clone())
                    .hint(Some(
                        "check the counts: `for`, `against` and `abstained` are numbers of delegates".into(),
                    )),
                );
            }
        }
        let cite = self.citations(f, r.span.start, &subject, &v.cite, refs, require);
        let certainty = self.certainty(f, &v.certainty, &subject);
        kind_ok.then_some(())?;
        Some(Event {
            id: v.id.get_ref().clone(),
            date: date?,
            kind: v.kind.get_ref().clone(),
            organisations,
            votes: v.votes.as_ref().map(|x| Votes {
                in_favour: x.in_favour,
                against: x.against,
                abstained: x.abstained,
            }),
            stance: v.stance.as_ref().map(|s| s.get_ref().clone()),
            summary: v.summary.clone(),
            certainty,
            cite,
            origin: self.at(f, r.span.start),
        })
    }
}

/// The id sets references are resolved against.
struct Refs<'s, 'a> {
    levels: &'s Ids<'a>,
    node_kinds: &'s Ids<'a>,
    relation_kinds: &'s Ids<'a>,
    event_kinds: &'s Ids<'a>,
    attributes: &'s Ids<'a>,
    sources: &'s Ids<'a>,
    organisations: &'s Ids<'a>,
}

/// A cycle of organisations (indices into `organisations`, in path order)
/// as it is reported: starting at the smallest index, so that the message
/// does not depend on where the walk entered it, and back to its start
/// (`a -> c -> b -> a`). Returns the organisation the report is placed at.
fn cycle_path<'o>(
    cycle: &[usize],
    organisations: &'o [Organisation],
) -> (&'o Organisation, String) {
    let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
    let mut ids: Vec<&str> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .map(|&p| organisations[p].id.as_str())
        .collect();
    ids.push(ids[0]);
    (&organisations[cycle[first]], ids.join(" -> "))
}
