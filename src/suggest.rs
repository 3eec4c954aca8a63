//! "Did you mean ...?" hints for misspelt ids, kinds and fields.

use std::collections::HashMap;

use crate::error::{Diagnostic, Location};

/// A slug made of `text` (what an id of the dataset format must be):
/// lower-case ASCII letters, digits and `_`, every other run of characters
/// one `-`, none at the ends (`Petrograd Soviet` -> `petrograd-soviet`;
/// letters outside ASCII are dropped, so `Бад` gives an empty slug).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The known name closest to `unknown`, if it is close enough to be a
/// plausible typo (Jaro–Winkler similarity of at least 0.8, or one name
/// contained in the other).
pub fn closest<'a, I>(unknown: &str, known: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in known {
        let mut score = strsim::jaro_winkler(unknown, candidate);
        if unknown.len() >= 3 && (candidate.contains(unknown) || unknown.contains(candidate)) {
            score = score.max(0.85);
        }
        // Ties keep the first candidate, so the hint is deterministic.
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// `Some("did you mean `x`?")` for the closest known name, if any.
pub fn did_you_mean<'a, I>(unknown: &str, known: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(unknown, known).map(|c| format!("did you mean `{c}`?"))
}

/// How many references to one unknown name are listed one by one; the rest
/// are summed up in one line ("and 39,990 more references to ...").
pub const LISTED_PER_NAME: usize = 10;

/// How many name comparisons the hints of one dataset may cost in all
/// (each distinct unknown name costs one comparison per known name). With
/// the 1917 dataset's few hundred ids this covers thousands of distinct
/// typos; on a 100,000-id network, the first hundred or so. Beyond it,
/// references are still reported, only without a hint, and one line says so.
pub const COMPARISON_BUDGET: usize = 10_000_000;

/// Unknown references of a whole dataset, with hints that cost near-linear
/// time in the input.
///
/// A naive "did you mean" compares every unknown reference with every id:
/// quadratic, hours for a million relations with one consistent mistake.
/// Here each distinct unknown name is looked up once (cached), lookups stop
/// after [`COMPARISON_BUDGET`] comparisons, and only the first
/// [`LISTED_PER_NAME`] references to one name are listed.
#[derive(Debug)]
pub struct UnknownNames {
    names: HashMap<(&'static str, String), Seen>,
    budget: usize,
    initial_budget: usize,
    listed_per_name: usize,
    /// The first reference left without a hint by the budget, and how many were.
    unhinted: Option<(Location, &'static str, String, usize)>,
}

#[derive(Debug)]
struct Seen {
    hint: Option<String>,
    count: usize,
    /// Where the first reference that was not listed is.
    first_unlisted: Option<Location>,
}

/// What to do with one reference to an unknown name.
#[derive(Debug, PartialEq, Eq)]
pub enum Listing {
    /// Report it, with this hint (if any).
    List(Option<String>),
    /// Leave it to the summary line.
    Summarised,
}

impl Default for UnknownNames {
    fn default() -> Self {
        Self::new(COMPARISON_BUDGET, LISTED_PER_NAME)
    }
}

impl UnknownNames {
    /// With a comparison budget and a number of references listed per name.
    pub fn new(budget: usize, listed_per_name: usize) -> Self {
        Self {
            names: HashMap::new(),
            budget,
            initial_budget: budget,
            listed_per_name,
            unhinted: None,
        }
    }

    /// Records a reference at `at` to `name`, unknown among the `known`
    /// names of `what` (e.g. "organisation"), and says whether to list it.
    pub fn record(
        &mut self,
        what: &'static str,
        name: &str,
        known: &[&str],
        at: &Location,
    ) -> Listing {
        let key = (what, name.to_string());
        let seen = match self.names.get_mut(&key) {
            Some(seen) => seen,
            None => {
                let hint = if known.len() <= self.budget {
                    self.budget -= known.len();
                    did_you_mean(name, known.iter().copied())
                } else {
                    self.budget = 0;
                    match &mut self.unhinted {
                        Some((_, _, _, n)) => *n += 1,
                        None => self.unhinted = Some((at.clone(), what, name.to_string(), 1)),
                    }
                    None
                };
                self.names.entry(key).or_insert(Seen {
                    hint,
                    count: 0,
                    first_unlisted: None,
                })
            }
        };
        seen.count += 1;
        if seen.count <= self.listed_per_name {
            return Listing::List(seen.hint.clone());
        }
        if seen.first_unlisted.is_none() {
            seen.first_unlisted = Some(at.clone());
        }
        Listing::Summarised
    }

    /// One line per name with more references than were listed, and one
    /// for the names left without a hint, in a stable order.
    pub fn summaries(&self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .names
            .iter()
            .filter_map(|((what, name), seen)| {
                let at = seen.first_unlisted.clone()?;
                let more = seen.count - self.listed_per_name;
                Some(
                    Diagnostic::new(
                        at,
                        format!(
                            "and {} more reference{} like this to unknown {what} `{name}` (not listed)",
                            thousands(more),
                            if more == 1 { "" } else { "s" }
                        ),
                    )
                    .hint(seen.hint.clone()),
                )
            })
            .collect();
        if let Some((at, what, name, n)) = &self.unhinted {
            out.push(Diagnostic::new(
                at.clone(),
                format!(
                    "{} unknown name{} from here on (first: {what} `{name}`) get no \"did you mean\" hint: the search for hints stopped after {} comparisons",
                    thousands(*n),
                    if *n == 1 { "" } else { "s" },
                    thousands(self.initial_budget),
                ),
            ));
        }
        out.sort();
        out
    }
}

/// `39990` as `39,990` (for counts in messages).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_id() {
        let known = ["petrograd-soviet", "moscow-soviet", "garrison"];
        assert_eq!(closest("petrograd-sovet", known), Some("petrograd-soviet"));
        assert_eq!(closest("garison", known), Some("garrison"));
    }

    #[test]
    fn stays_silent_when_nothing_is_close() {
        assert_eq!(closest("kornilov", ["petrograd-soviet", "cec"]), None);
    }

    fn at(line: usize) -> Location {
        Location {
            file: "edges.csv".into(),
            line,
            column: 1,
        }
    }

    /// 40,000 references to one misspelt id: ten listed with their hint,
    /// one line for the rest, and the ids compared once, not 40,000 times.
    #[test]
    fn identical_mistakes_are_listed_ten_times_then_summed_up() {
        let known = ["n1234", "n1235", "garrison"];
        let mut names = UnknownNames::new(3, LISTED_PER_NAME);
        let listed: Vec<Listing> = (0..40_000)
            .map(|i| names.record("organisation", "n1234x", &known, &at(i + 2)))
            .collect();
        let hint = Some("did you mean `n1234`?".to_string());
        assert!(
            listed[..10]
                .iter()
                .all(|l| *l == Listing::List(hint.clone()))
        );
        assert!(listed[10..].iter().all(|l| *l == Listing::Summarised));
        let summary = names.summaries();
        assert_eq!(summary.len(), 1, "{summary:?}");
        assert_eq!(
            summary[0].to_string(),
            "edges.csv:12:1: error: and 39,990 more references like this to unknown organisation `n1234x` (not listed)\n  hint: did you mean `n1234`?"
        );
    }

    /// Distinct unknown names are looked up until the budget is spent; the
    /// rest are still listed, without a hint, and one line says so.
    #[test]
    fn hints_stop_when_the_comparison_budget_is_spent() {
        let known = ["n1", "n2", "n3", "n4"];
        let mut names = UnknownNames::new(10, LISTED_PER_NAME);
        let first = names.record("organisation", "n1x", &known, &at(2));
        let second = names.record("organisation", "n2x", &known, &at(3));
        let third = names.record("organisation", "n3x", &known, &at(4));
        let fourth = names.record("organisation", "n4x", &known, &at(5));
        assert!(matches!(first, Listing::List(Some(_))));
        assert!(matches!(second, Listing::List(Some(_))));
        assert_eq!(third, Listing::List(None));
        assert_eq!(fourth, Listing::List(None));
        let summary = names.summaries();
        assert_eq!(
            summary[0].to_string(),
            "edges.csv:4:1: error: 2 unknown names from here on (first: organisation `n3x`) get no \"did you mean\" hint: the search for hints stopped after 10 comparisons"
        );
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(39_990), "39,990");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
