//! "Did you mean ...?" hints for misspelt ids, kinds and fields.

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
}
