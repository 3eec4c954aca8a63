//! The report's evidence section: for each period, how much of the network
//! rests on the dataset's main source, how much on outside works only, and
//! how much on both; and, when the report is built on an evidence layer
//! (`--sources`, `--exclude-sources`, `--min-certainty`), how much of it
//! the layer keeps.
//!
//! The *main source* is the first `[[source]]` of the bibliography (for
//! 1917, the article the dataset models). The counts are taken on the
//! whole dataset, sliced as every other section slices it, whatever the
//! layer: they say what the layer leaves out.

use maud::{Markup, html};

use super::page::table_html;
use crate::error::Result;
use crate::evidence::Evidence;
use crate::model::{Citation, Dataset, Source};
use crate::render::table::Table;
use crate::slice::{Filter, Selector, Snapshot};

/// How the elements of one kind in one period rest on the sources.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Support {
    /// Elements in the period (whole dataset).
    pub total: usize,
    /// Citing the main source and nothing else.
    pub main_alone: usize,
    /// Citing only other works.
    pub outside_alone: usize,
    /// Citing the main source and another work.
    pub both: usize,
    /// Citing nothing.
    pub uncited: usize,
    /// Elements of the period in the report's evidence layer.
    pub in_layer: usize,
}

impl Support {
    fn count(&mut self, cite: &[Citation], main: Option<&str>) {
        self.total += 1;
        let cites_main = cite.iter().any(|c| Some(c.source.as_str()) == main);
        let cites_other = cite.iter().any(|c| Some(c.source.as_str()) != main);
        match (cites_main, cites_other) {
            (true, false) => self.main_alone += 1,
            (false, true) => self.outside_alone += 1,
            (true, true) => self.both += 1,
            (false, false) => self.uncited += 1,
        }
    }
}

/// The evidence figures of one period.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PeriodSupport {
    /// The period's id.
    pub period: String,
    /// Organisations.
    pub organisations: Support,
    /// Relations.
    pub relations: Support,
}

/// The dataset's main source: the first work of its bibliography.
pub fn main_source(dataset: &Dataset) -> Option<&Source> {
    dataset.sources.first()
}

/// The figures of every period, in dataset order: `whole` is the dataset
/// before the layer, `layer` after it (the same dataset when `filter`'s
/// evidence keeps everything).
pub fn support_by_period(
    whole: &Dataset,
    layer: &Dataset,
    filter: &Filter,
) -> Result<Vec<PeriodSupport>> {
    let main = main_source(whole).map(|s| s.id.as_str());
    let unlayered = Filter {
        evidence: Evidence::default(),
        ..filter.clone()
    };
    whole
        .periods
        .iter()
        .map(|p| {
            let selector = Selector::Period(p.id.clone());
            let all = Snapshot::new(whole, &selector, unlayered.clone())?;
            let kept = Snapshot::new(layer, &selector, filter.clone())?;
            let mut organisations = Support::default();
            for o in all.organisations() {
                organisations.count(&o.cite, main);
            }
            organisations.in_layer = kept.graph.node_count();
            let mut relations = Support::default();
            for r in all.relations() {
                relations.count(&r.cite, main);
            }
            relations.in_layer = kept.graph.edge_count();
            Ok(PeriodSupport {
                period: p.id.clone(),
                organisations,
                relations,
            })
        })
        .collect()
}

/// One table of `rows` for organisations or relations.
fn support_table(
    whole: &Dataset,
    rows: &[PeriodSupport],
    pick: fn(&PeriodSupport) -> &Support,
    main: &str,
    layered: bool,
) -> Table {
    let uncited = rows.iter().any(|r| pick(r).uncited > 0);
    let mut header = vec![
        "period".to_string(),
        "in the period".to_string(),
        format!("on {main} alone"),
        "on outside works alone".to_string(),
        format!("on {main} and outside works"),
    ];
    if uncited {
        header.push("citing nothing".into());
    }
    if layered {
        header.push("in this report".into());
    }
    let mut table = Table::new(header);
    for r in rows {
        let s = pick(r);
        let label = whole
            .period(&r.period)
            .map_or(r.period.as_str(), |p| &p.label);
        let mut row = vec![
            label.to_string(),
            s.total.to_string(),
            s.main_alone.to_string(),
            s.outside_alone.to_string(),
            s.both.to_string(),
        ];
        if uncited {
            row.push(s.uncited.to_string());
        }
        if layered {
            row.push(s.in_layer.to_string());
        }
        table.push(row);
    }
    table
}

/// The section of the front page.
pub fn section(whole: &Dataset, rows: &[PeriodSupport], filter: &Filter) -> Markup {
    let main = main_source(whole);
    let layered = !filter.evidence.is_everything();
    html! {
        section id="evidence" aria-labelledby="evidence-h" {
            h2 id="evidence-h" { "Evidence" }
            @match main {
                None => p { "The dataset has no bibliography." },
                Some(main) => {
                    p {
                        "How much of each period's network rests on the main source, "
                        em { (main.title) } " (" code { (main.id) } ", the first work of the bibliography), "
                        "and how much on outside works only. Counts are of the whole dataset."
                        @if layered {
                            " This report shows only the evidence layer “" (filter.evidence.label()) "”; the last column counts what it keeps."
                        }
                    }
                    h3 { "Organisations" }
                    (table_html(&support_table(whole, rows, |r| &r.organisations, &main.id, layered)))
                    h3 { "Relations" }
                    (table_html(&support_table(whole, rows, |r| &r.relations, &main.id, layered)))
                    p class="muted" { "A relation of the layer also needs both its organisations in it. See “Evidence layers” in docs/cli.md." }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::tests::cite;

    #[test]
    fn each_element_counts_once_by_what_it_cites() {
        let mut s = Support::default();
        for c in [
            cite(&["main"]),
            cite(&["main", "main"]),
            cite(&["book"]),
            cite(&["book", "main"]),
            cite(&[]),
        ] {
            s.count(&c, Some("main"));
        }
        assert_eq!(
            s,
            Support {
                total: 5,
                main_alone: 2,
                outside_alone: 1,
                both: 1,
                uncited: 1,
                in_layer: 0
            }
        );
    }
}
