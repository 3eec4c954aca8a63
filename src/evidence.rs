//! Evidence layers: the network as some of the dataset's sources tell it.
//!
//! Every organisation, state, relation and event cites its sources and says
//! how sure the dataset is of it ([`Certainty`]). An [`Evidence`] layer
//! keeps the elements that the chosen sources support, at the chosen
//! certainty, so that a measure can be taken on "what the article says"
//! and compared with the network completed from other works.
//!
//! # Rules
//!
//! A layer *admits* a citation if its source is among `sources` (when
//! given) and not among `excluded`. An element is **supported** if
//!
//! * its certainty is at least `min_certainty`, and
//! * it keeps at least one admitted citation; an element that cites nothing
//!   is supported only when no `sources` are named (nothing is known to
//!   rest on an excluded work, but nothing supports it either).
//!
//! In the layer ([`Evidence::apply`]):
//!
//! * an organisation is kept if it is supported;
//! * a state is kept if its organisation is kept and the state itself is
//!   supported (by its own citations: a state does not inherit its
//!   organisation's);
//! * a relation is kept if it is supported **and** both its organisations
//!   are kept;
//! * an event is kept if it is supported; it then lists only the kept
//!   organisations;
//! * kept elements keep only their admitted citations, lineage links only
//!   to kept organisations, and `part_of` only if that body is kept;
//! * periods, vocabularies and the bibliography are unchanged.
//!
//! Applying a layer twice gives the same dataset as applying it once.

use std::collections::{BTreeSet, HashSet};

use crate::error::{Error, Result};
use crate::model::{Certainty, Citation, Dataset};
use crate::suggest::did_you_mean;

/// Which sources, and how sure, an element must be to be kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Keep only what these sources support (all sources if `None`).
    pub sources: Option<BTreeSet<String>>,
    /// Drop the citations of these sources (and what then rests on none).
    pub excluded: BTreeSet<String>,
    /// Keep only what is at least this sure.
    pub min_certainty: Certainty,
}

impl Default for Evidence {
    /// Everything: every source, every certainty.
    fn default() -> Self {
        Self {
            sources: None,
            excluded: BTreeSet::new(),
            min_certainty: Certainty::Uncertain,
        }
    }
}

impl Evidence {
    /// True if the layer keeps the whole dataset unchanged.
    pub fn is_everything(&self) -> bool {
        *self == Self::default()
    }

    /// Checks that every source named is in the dataset's bibliography, and
    /// that no source is both kept and excluded.
    pub fn check(&self, dataset: &Dataset) -> Result<()> {
        let known: Vec<&str> = dataset.sources.iter().map(|s| s.id.as_str()).collect();
        for id in self.sources.iter().flatten().chain(&self.excluded) {
            if !known.contains(&id.as_str()) {
                return Err(Error::Unknown {
                    what: "source",
                    name: id.clone(),
                    hint: did_you_mean(id, known.iter().copied()).or_else(|| {
                        Some(if known.is_empty() {
                            "this dataset has no [[source]]".to_string()
                        } else {
                            format!("the dataset's sources: {}", known.join(", "))
                        })
                    }),
                });
            }
        }
        if let Some(both) = self
            .sources
            .iter()
            .flatten()
            .find(|id| self.excluded.contains(*id))
        {
            return Err(Error::Parameter {
                name: "excluded",
                value: Some(both.clone()),
                problem:
                    "is also among the sources kept; a source cannot be both kept and excluded"
                        .into(),
                hint: None,
            });
        }
        Ok(())
    }

    /// True if a citation of `source` counts in this layer.
    pub fn admits(&self, source: &str) -> bool {
        self.sources.as_ref().is_none_or(|s| s.contains(source)) && !self.excluded.contains(source)
    }

    /// True if an element citing `cite` with `certainty` is supported (see
    /// the module's rules).
    pub fn supports(&self, cite: &[Citation], certainty: Certainty) -> bool {
        if self.sources.is_none() && self.excluded.is_empty() {
            // Every citation is admitted: only certainty decides (the
            // common case, checked for every element of every slice).
            return certainty >= self.min_certainty;
        }
        certainty >= self.min_certainty
            && if cite.is_empty() {
                self.sources.is_none()
            } else {
                cite.iter().any(|c| self.admits(&c.source))
            }
    }

    /// The citations this layer admits, in their order.
    pub fn admitted(&self, cite: &[Citation]) -> Vec<Citation> {
        cite.iter()
            .filter(|c| self.admits(&c.source))
            .cloned()
            .collect()
    }

    /// The dataset as this layer sees it (see the module's rules).
    pub fn apply(&self, dataset: &Dataset) -> Dataset {
        let mut out = dataset.clone();
        if self.is_everything() {
            return out;
        }
        out.organisations
            .retain(|o| self.supports(&o.cite, o.certainty));
        let kept: HashSet<String> = out.organisations.iter().map(|o| o.id.clone()).collect();
        for o in &mut out.organisations {
            o.cite = self.admitted(&o.cite);
            o.states.retain(|s| self.supports(&s.cite, s.certainty));
            for s in &mut o.states {
                s.cite = self.admitted(&s.cite);
            }
            o.lineage.retain(|l| kept.contains(&l.organisation));
            if o.part_of.as_ref().is_some_and(|p| !kept.contains(p)) {
                o.part_of = None;
            }
        }
        out.relations.retain(|r| {
            self.supports(&r.cite, r.certainty)
                && kept.contains(r.from.as_str())
                && kept.contains(r.to.as_str())
        });
        for r in &mut out.relations {
            r.cite = self.admitted(&r.cite);
        }
        out.events.retain(|e| self.supports(&e.cite, e.certainty));
        for e in &mut out.events {
            e.cite = self.admitted(&e.cite);
            e.organisations.retain(|o| kept.contains(o));
        }
        out
    }

    /// `; sources: a, b; excluding sources: c; certainty at least probable`
    /// for the parts that narrow the dataset (empty for everything).
    pub fn describe(&self) -> String {
        let mut text = String::new();
        if let Some(s) = &self.sources {
            text.push_str(&format!("; sources: {}", join(s)));
        }
        if !self.excluded.is_empty() {
            text.push_str(&format!("; excluding sources: {}", join(&self.excluded)));
        }
        if self.min_certainty != Certainty::Uncertain {
            text.push_str(&format!(
                "; certainty at least {}",
                self.min_certainty.name()
            ));
        }
        text
    }

    /// A short name of the layer for labels: `icc-wawc3`, `without book`,
    /// `all sources`, with `, probable+` when certainty is restricted.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        match &self.sources {
            Some(s) => parts.push(join(s)),
            None if self.excluded.is_empty() => parts.push("all sources".to_string()),
            None => {}
        }
        if !self.excluded.is_empty() {
            parts.push(format!("without {}", join(&self.excluded)));
        }
        if self.min_certainty != Certainty::Uncertain {
            parts.push(format!("{}+", self.min_certainty.name()));
        }
        parts.join(", ")
    }
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Citations of `sources`, without locators.
    pub(crate) fn cite(sources: &[&str]) -> Vec<Citation> {
        sources
            .iter()
            .map(|s| Citation {
                source: s.to_string(),
                section: None,
                footnote: None,
                page: None,
                locator: None,
            })
            .collect()
    }

    fn layer(sources: Option<&[&str]>, excluded: &[&str], min: Certainty) -> Evidence {
        Evidence {
            sources: sources.map(|s| s.iter().map(|x| x.to_string()).collect()),
            excluded: excluded.iter().map(|x| x.to_string()).collect(),
            min_certainty: min,
        }
    }

    #[test]
    fn support_needs_an_admitted_citation_and_enough_certainty() {
        let article = layer(Some(&["article"]), &[], Certainty::Uncertain);
        assert!(article.supports(&cite(&["article", "book"]), Certainty::Uncertain));
        assert!(!article.supports(&cite(&["book"]), Certainty::Certain));
        assert!(
            !article.supports(&[], Certainty::Certain),
            "uncited: not supported by named sources"
        );
        let without_book = layer(None, &["book"], Certainty::Uncertain);
        assert!(without_book.supports(&cite(&["article", "book"]), Certainty::Certain));
        assert!(!without_book.supports(&cite(&["book"]), Certainty::Certain));
        assert!(
            without_book.supports(&[], Certainty::Certain),
            "uncited: rests on no excluded work"
        );
        let probable = layer(None, &[], Certainty::Probable);
        assert!(probable.supports(&cite(&["book"]), Certainty::Probable));
        assert!(probable.supports(&cite(&["book"]), Certainty::Certain));
        assert!(!probable.supports(&cite(&["book"]), Certainty::Uncertain));
        assert_eq!(
            without_book.admitted(&cite(&["article", "book"])),
            cite(&["article"])
        );
    }

    #[test]
    fn descriptions_name_what_narrows_the_dataset() {
        assert_eq!(Evidence::default().describe(), "");
        assert_eq!(Evidence::default().label(), "all sources");
        let l = layer(Some(&["b", "a"]), &["c"], Certainty::Probable);
        assert_eq!(
            l.describe(),
            "; sources: a, b; excluding sources: c; certainty at least probable"
        );
        assert_eq!(l.label(), "a, b, without c, probable+");
        assert_eq!(
            layer(None, &["c"], Certainty::Uncertain).label(),
            "without c"
        );
    }
}
