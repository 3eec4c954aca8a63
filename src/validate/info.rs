//! The `[dataset]` table: calendar, span, options, the headline
//! comparison and the vocabulary generic code takes from the dataset
//! (`opposed_kinds`, `color_by`, `stance_attribute`).

use toml::Spanned;

use super::Validator;
use super::refs::Ids;
use crate::error::Diagnostic;
use crate::load::raw::Text;
use crate::model::DatasetInfo;
use crate::suggest::did_you_mean;
use crate::time::{Calendar, Span, When};

impl<'a> Validator<'a> {
    /// The `[dataset]` table; on problems, a stand-in so checking goes on.
    pub(super) fn info(&mut self) -> DatasetInfo {
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
    pub(super) fn headline(
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
    pub(super) fn opposed_pairs(
        &mut self,
        file: usize,
        pairs: Option<&[Spanned<Vec<Text>>]>,
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for pair in pairs.unwrap_or_default() {
            let (message, hint) = match pair.get_ref().as_slice() {
                [a, b] if a.get_ref() != b.get_ref() => {
                    out.push((a.get_ref().clone(), b.get_ref().clone()));
                    continue;
                }
                [a, _] => (
                    format!("`opposed_kinds` pairs `{}` with itself", a.get_ref()),
                    "name two different relation kinds",
                ),
                other => (
                    format!(
                        "each entry of `opposed_kinds` needs two relation kinds, found {}",
                        other.len()
                    ),
                    "e.g. opposed_kinds = [[\"support\", \"conflict\"]]",
                ),
            };
            let loc = self.at(file, pair.span().start);
            self.report(
                Diagnostic::new(loc, message)
                    .about("dataset")
                    .hint(Some(hint.into())),
            );
        }
        out
    }

    /// Resolves the relation kinds and attributes `[dataset]` names
    /// (`opposed_kinds`, `color_by`, `stance_attribute`).
    pub(super) fn vocabulary(&mut self, relation_kinds: &Ids<'_>, attributes: &Ids<'_>) {
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
}
