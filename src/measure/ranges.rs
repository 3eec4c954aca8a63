//! Measures as ranges: a figure under the loose and the strict reading of
//! imprecise dates, side by side.
//!
//! A slice taken under the loose reading holds everything that *may* have
//! been active in its window; under the strict reading, only what surely
//! was (docs/format.md, "Imprecise dates"). Where the data's dates are
//! imprecise the two graphs differ, and so may every measure computed on
//! them. `--dates both` shows both values: one value where they agree
//! (to the measure's resolution), `loose / strict` where they do not, and
//! `—` for a reading under which the organisation is not in the slice.

use super::centrality::{Measure, MeasureError, Ranked, centrality};
use super::graph::MeasureGraph;
use super::rank::{Place, resolved, significant, tied};

/// A value, or a pair of anything, under the two readings.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Readings<T> {
    /// Under the loose reading.
    pub loose: T,
    /// Under the strict reading.
    pub strict: T,
}

impl<T: PartialEq + std::fmt::Display> Readings<T> {
    /// `x` when the readings agree, `x / y` when they differ.
    pub fn show(&self) -> String {
        if self.loose == self.strict {
            self.loose.to_string()
        } else {
            format!("{} / {}", self.loose, self.strict)
        }
    }
}

/// One organisation's value and place for one measure under each reading
/// (`None`: not in that reading's slice).
#[derive(Clone, Debug, PartialEq)]
pub struct RangeRow {
    /// Organisation id.
    pub id: String,
    /// Value and place under the loose reading.
    pub loose: Option<(f64, Place)>,
    /// Value and place under the strict reading.
    pub strict: Option<(f64, Place)>,
}

/// One measure under both readings.
#[derive(Clone, Debug)]
pub struct MeasureRange {
    /// The measure.
    pub measure: Measure,
    /// Every organisation of either slice: in loose rank order, then those
    /// only in the strict slice by strict rank.
    pub rows: Vec<RangeRow>,
    /// Significant digits: enough for either reading's ranking.
    pub digits: usize,
    /// The measure's resolution (the larger of the two graphs').
    pub resolution: f64,
}

impl MeasureRange {
    /// Computes `measure` on the loose and the strict graph of one slice.
    pub fn new(
        loose: &MeasureGraph<'_, '_>,
        strict: &MeasureGraph<'_, '_>,
        measure: Measure,
    ) -> Result<Self, MeasureError> {
        let a = centrality(loose, measure)?;
        let b = centrality(strict, measure)?;
        Ok(Self::from_ranked(
            measure,
            &a.ranked(loose),
            &b.ranked(strict),
        ))
    }

    /// Joins two rankings of one measure.
    pub fn from_ranked(measure: Measure, loose: &Ranked<'_>, strict: &Ranked<'_>) -> Self {
        let strict_of: std::collections::BTreeMap<&str, (f64, Place)> = strict
            .rows
            .iter()
            .map(|&(id, v, place)| (id, (v, place)))
            .collect();
        let mut rows: Vec<RangeRow> = loose
            .rows
            .iter()
            .map(|&(id, v, place)| RangeRow {
                id: id.to_string(),
                loose: Some((v, place)),
                strict: strict_of.get(id).copied(),
            })
            .collect();
        let in_loose: std::collections::BTreeSet<&str> =
            loose.rows.iter().map(|&(id, _, _)| id).collect();
        rows.extend(
            strict
                .rows
                .iter()
                .filter(|(id, _, _)| !in_loose.contains(id))
                .map(|&(id, v, place)| RangeRow {
                    id: id.to_string(),
                    loose: None,
                    strict: Some((v, place)),
                }),
        );
        Self {
            measure,
            rows,
            digits: loose.digits.max(strict.digits),
            resolution: loose.resolution.max(strict.resolution),
        }
    }

    /// A row's values as printed: one value when the readings agree to the
    /// measure's resolution, else `loose / strict` with digits enough to
    /// tell them apart; `—` for a reading without the organisation.
    pub fn show(&self, row: &RangeRow) -> String {
        let (a, b) = (row.loose.map(|x| x.0), row.strict.map(|x| x.0));
        let one = |v: f64, digits: usize| significant(resolved(v, self.resolution), digits);
        match (a, b) {
            (Some(a), Some(b)) if tied(a, b) || (a - b).abs() <= self.resolution => {
                one(a, self.digits)
            }
            (Some(a), Some(b)) => {
                let digits = (self.digits..=17)
                    .find(|&d| one(a, d) != one(b, d))
                    .unwrap_or(17);
                format!("{} / {}", one(a, digits), one(b, digits))
            }
            (a, b) => {
                let show = |v: Option<f64>| v.map_or("—".to_string(), |v| one(v, self.digits));
                format!("{} / {}", show(a), show(b))
            }
        }
    }

    /// A row's ranks as printed, like [`MeasureRange::show`].
    pub fn show_rank(row: &RangeRow) -> String {
        let rank =
            |x: Option<(f64, Place)>| x.map_or("—".to_string(), |(_, p)| p.rank.to_string());
        Readings {
            loose: rank(row.loose),
            strict: rank(row.strict),
        }
        .show()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(rank: usize) -> Place {
        Place { rank, last: false }
    }

    #[test]
    fn values_that_differ_show_both_with_digits_enough() {
        let range = MeasureRange {
            measure: Measure::Degree,
            rows: Vec::new(),
            digits: 3,
            resolution: 1e-15,
        };
        let row = |a: Option<f64>, b: Option<f64>| RangeRow {
            id: "x".into(),
            loose: a.map(|v| (v, place(1))),
            strict: b.map(|v| (v, place(2))),
        };
        assert_eq!(range.show(&row(Some(0.5), Some(0.5))), "0.500");
        assert_eq!(range.show(&row(Some(1.0), Some(2.0 / 3.0))), "1.00 / 0.667");
        assert_eq!(
            range.show(&row(Some(0.12341), Some(0.12349))),
            "0.1234 / 0.1235"
        );
        assert_eq!(range.show(&row(Some(0.25), None)), "0.250 / —");
        assert_eq!(MeasureRange::show_rank(&row(Some(0.25), None)), "1 / —");
        assert_eq!(
            Readings {
                loose: 3,
                strict: 3
            }
            .show(),
            "3"
        );
    }
}
