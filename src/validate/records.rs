//! Raw records -> the model's types, one element at a time: dates,
//! citations and certainty, then organisations (with their lineage and
//! states), relations, periods and events. Checks that need one record
//! only are made here; those across records are in `checks`.

use toml::Spanned;

use super::Validator;
use super::refs::Refs;
use crate::error::Diagnostic;
use crate::load::Record;
use crate::load::raw::*;
use crate::model::*;
use crate::suggest::did_you_mean;
use crate::time::{Calendar, DateError, When, parse_when};

impl<'a> Validator<'a> {
    /// True if the dataset declares no span (`../..`): its elements may
    /// then be undated too.
    fn timeless_span(&self) -> bool {
        self.raw
            .info
            .first()
            .is_some_and(|i| i.value.span.get_ref() == crate::time::UNDATED)
    }

    /// Parses a date; reports it at the exact column if it is bad.
    pub(super) fn when(
        &mut self,
        file: usize,
        text: &Spanned<String>,
        subject: &str,
    ) -> Option<When> {
        // Only the CSV loader writes `../..`, for tables without date
        // columns (and as the span of a dataset whose dates are not day
        // numbers), and the GEXF/GraphML importer for networks without
        // dates; elsewhere it is refused like any non-EDTF text, unless the
        // dataset itself has no span (`span = "../.."`: a timeless network).
        if text.get_ref() == crate::time::UNDATED
            && (self.file(file).name.ends_with(".csv")
                || subject == "dataset"
                || self.timeless_span())
        {
            return Some(When::undated(self.calendar));
        }
        match parse_when(text.get_ref(), self.calendar) {
            Ok(w) => Some(w),
            Err(e) => {
                let span = text.span();
                let source = &self.file(file).text;
                let quoted = source
                    .get(span.start..)
                    .is_some_and(|t| t.starts_with(['"', '\'']));
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

    pub(super) fn citations(
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
    pub(super) fn certainty(
        &mut self,
        file: usize,
        raw: Option<&Spanned<String>>,
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

    pub(super) fn relation_kind(&mut self, r: &Record<RawRelationKind>) -> RelationKind {
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

    pub(super) fn organisation(
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
            let certainty = self.certainty(f, s.certainty.as_ref(), &state_subject);
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
        let certainty = self.certainty(f, v.certainty.as_ref(), &subject);
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

    pub(super) fn relation(
        &mut self,
        r: Record<RawRelation>,
        refs: &Refs<'_, '_>,
        index: ById<'_>,
        require: bool,
    ) -> Option<Relation> {
        let (f, start) = (r.file, r.span.start);
        let v = r.value;
        let subject = match &v.id {
            Some(id) => format!("relation `{}`", id.get_ref()),
            None => format!(
                "relation `{}->{}:{}`",
                v.from.get_ref(),
                v.to.get_ref(),
                v.kind.get_ref()
            ),
        };
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
        let cite = self.citations(f, start, &subject, &v.cite, refs, require);
        let certainty = self.certainty(f, v.certainty.as_deref(), &subject);
        if let Some(during) = during.as_ref().filter(|_| !self.allow_outside) {
            for (end, ok) in [(&v.from, from_ok), (&v.to, to_ok)] {
                let Some(org) = ok
                    .then(|| index.get(end.get_ref()))
                    .flatten()
                    .map(|i| &index.0[i])
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
            given_id: v.id.map(|id| id.into_inner().into_boxed_str()),
            from: self.ids.adopt(v.from.into_inner()),
            to: self.ids.adopt(v.to.into_inner()),
            kind: self.ids.adopt(v.kind.into_inner()),
            during: during?,
            weight: v.weight.as_ref().map(|w| *w.get_ref()),
            note: v.note,
            certainty,
            cite,
            origin: self.at(f, start),
        })
    }

    pub(super) fn period(&mut self, r: &Record<RawPeriod>, refs: &Refs<'_, '_>) -> Option<Period> {
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

    pub(super) fn event(
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
        let certainty = self.certainty(f, v.certainty.as_ref(), &subject);
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
