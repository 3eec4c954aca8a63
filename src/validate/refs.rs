//! Ids and references: each section's ids checked (slugs, no duplicates)
//! into an [`Ids`] set, and every reference resolved against one, with a
//! "did you mean" hint for an unknown name.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::Validator;
use crate::error::{Diagnostic, Location};
use crate::suggest::Listing;

/// Ids of one section, for resolving references.
pub(super) struct Ids<'a> {
    pub(super) what: &'static str,
    pub(super) ids: HashSet<&'a str>,
    pub(super) sorted: Vec<&'a str>,
}

impl<'a> Ids<'a> {
    pub(super) fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// The ids of `store`, already checked and sorted.
    pub(super) fn over(what: &'static str, store: &'a [String]) -> Self {
        Self {
            what,
            ids: store.iter().map(String::as_str).collect(),
            sorted: store.iter().map(String::as_str).collect(),
        }
    }
}

/// The id sets references are resolved against.
pub(super) struct Refs<'s, 'a> {
    pub(super) levels: &'s Ids<'a>,
    pub(super) node_kinds: &'s Ids<'a>,
    pub(super) relation_kinds: &'s Ids<'a>,
    pub(super) event_kinds: &'s Ids<'a>,
    pub(super) attributes: &'s Ids<'a>,
    pub(super) sources: &'s Ids<'a>,
    pub(super) organisations: &'s Ids<'a>,
}

impl<'a> Validator<'a> {
    /// Reports malformed and duplicate ids; returns the set of ids.
    pub(super) fn unique_ids<'b, I>(&mut self, what: &'static str, ids: I) -> Ids<'b>
    where
        I: Iterator<Item = (usize, &'b Spanned<String>)>,
    {
        let mut first_seen: HashMap<&'b str, Location> = HashMap::new();
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
    pub(super) fn unique_ids_quiet<I>(&self, what: &'static str, ids: I) -> Ids<'a>
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

    pub(super) fn check_slug(&mut self, what: &str, file: usize, id: &Spanned<String>) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            let loc = self.at(file, id.span().start);
            // Regression (cyrillic_id_gets_a_transliteration_hint): letters
            // outside ASCII became dashes, so `Бад` was told "for example
            // `---`".
            let suggestion = crate::suggest::slug(s);
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
    pub(super) fn resolve(
        &mut self,
        file: usize,
        subject: &str,
        reference: &Spanned<impl AsRef<str>>,
        ids: &Ids<'_>,
    ) -> bool {
        let name = reference.get_ref().as_ref();
        if ids.contains(name) {
            return true;
        }
        let loc = self.at(file, reference.span().start);
        let listing = self.unknown.record(ids.what, name, &ids.sorted, &loc);
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
            Diagnostic::new(loc, format!("unknown {} `{name}`", ids.what))
                .about(subject.to_string())
                .hint(hint),
        );
        false
    }
}
