//! Ids the dataset format accepts: slugs made of the file's ids and
//! names, unique, with the mapping kept for the report.

use std::collections::{HashMap, HashSet};

use super::Note;
pub use crate::suggest::slug;

pub(super) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Gives each name a unique slug, remembering which were changed.
#[derive(Default)]
pub(super) struct Slugs {
    pub(super) map: HashMap<String, String>,
    taken: HashSet<String>,
    /// (name, slug) in the order first added.
    pub(super) order: Vec<(String, String)>,
    changed: Vec<(String, String)>,
}

impl Slugs {
    pub(super) fn add(&mut self, name: &str, fallback: &str) -> String {
        if let Some(s) = self.map.get(name) {
            return s.clone();
        }
        let base = if is_slug(name) {
            name.to_string()
        } else {
            match slug(name) {
                s if s.is_empty() => fallback.to_string(),
                s => s,
            }
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        self.map.insert(name.to_string(), candidate.clone());
        self.order.push((name.to_string(), candidate.clone()));
        if candidate != name {
            self.changed.push((name.to_string(), candidate.clone()));
        }
        candidate
    }

    pub(super) fn get(&self, name: &str) -> Option<&String> {
        self.map.get(name)
    }

    /// `what`: `A` -> `a`, ... (up to 20, then how many more).
    pub(super) fn note(&self, what: &str) -> Option<Note> {
        if self.changed.is_empty() {
            return None;
        }
        let n = self.changed.len();
        let mut shown: Vec<String> = self
            .changed
            .iter()
            .take(20)
            .map(|(a, b)| format!("`{a}` -> `{b}`"))
            .collect();
        if n > 20 {
            shown.push(format!("... ({} more)", n - 20));
        }
        Some(Note(format!(
            "{n} {what} id{} mapped to slugs (the dataset format's ids): {}",
            if n == 1 { "" } else { "s" },
            shown.join(", ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique_and_reported() {
        let mut s = Slugs::default();
        assert_eq!(s.add("Medici", "n"), "medici");
        assert_eq!(s.add("medici", "n"), "medici-2");
        assert_eq!(s.add("ok-1", "n"), "ok-1");
        assert_eq!(s.add("Санкт", "node-4"), "node-4");
        let note = s.note("node").unwrap().0;
        assert!(note.starts_with("3 node ids mapped"), "{note}");
        assert!(note.contains("`Medici` -> `medici`"), "{note}");
    }
}
