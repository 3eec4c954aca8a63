//! The one ranking of measure values, used by `centrality`, `diff`, the
//! report and `bench` alike.
//!
//! * **Competition ranking ("1224")**: a value's rank is one more than the
//!   number of values ranked strictly above it, so tied values share a rank
//!   and the next distinct value skips the places they fill.
//! * **Ties** are values equal within [`RELATIVE_TOLERANCE`] of the larger
//!   in magnitude (or within [`ABSOLUTE_TOLERANCE`], for rounding noise
//!   around zero), so float noise from a different summation order never
//!   splits a tie. Values are taken in descending order and a tie group
//!   runs while each value is tied with the group's first (largest) value,
//!   so the grouping is deterministic even for chains of near-equal values.
//!   NaN values, if any, share the last place.
//! * **Display order** within a tie is by the caller's id order; it never
//!   changes a rank number.
//! * **Changes** between two rankings ([`Place::change_to`]) are the rank
//!   difference, except that a body sharing last place in both (typically
//!   betweenness 0) has not moved, however many others rose above it.
//! * **Digits** ([`Ranking::digits`]): values are printed with the fewest
//!   significant digits (at least [`MIN_DIGITS`]) that print any two values
//!   ranked apart differently.
//!
//! See docs/measures.md.

use std::cmp::Ordering;

/// Two values are tied when they differ by at most this fraction of the
/// larger in magnitude.
pub const RELATIVE_TOLERANCE: f64 = 1e-9;

/// Two values are tied when they differ by at most this much, whatever
/// their size (rounding noise around zero).
pub const ABSOLUTE_TOLERANCE: f64 = 1e-15;

/// Fewest significant digits a value is printed with.
pub const MIN_DIGITS: usize = 3;

/// Most significant digits a value is printed with: enough to print any two
/// distinct `f64` differently.
const MAX_DIGITS: usize = 17;

/// True if `a` and `b` are tied under the documented tolerance.
pub fn tied(a: f64, b: f64) -> bool {
    tied_within(a, b, ABSOLUTE_TOLERANCE)
}

/// True if `a` and `b` are tied for a measure that cannot tell apart
/// values closer than `resolution` (see [`competition_ranks_within`]).
fn tied_within(a: f64, b: f64, resolution: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    let gap = (a - b).abs();
    gap <= resolution || gap <= RELATIVE_TOLERANCE * a.abs().max(b.abs())
}

/// `value` as a measure with this `resolution` knows it: 0 where it is
/// within the resolution of 0 (a power iteration's residue, not a value).
pub fn resolved(value: f64, resolution: f64) -> f64 {
    if value.abs() <= resolution {
        0.0
    } else {
        value
    }
}

/// An item's place in a ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// Competition rank, 1 = highest; tied items share it.
    pub rank: usize,
    /// The item shares the last place (its value is tied with the lowest).
    pub last: bool,
}

impl Place {
    /// How far the item rose from `self` (earlier) to `later`: the rank
    /// number in `self` minus the one in `later` (positive: rose); 0 where
    /// the rank did not move or the item shares last place in both.
    pub fn change_to(self, later: Place) -> i64 {
        if self.last && later.last {
            0
        } else {
            self.rank as i64 - later.rank as i64
        }
    }
}

/// A change as printed: `+3`, `-2`, or `0` where the rank did not move.
pub fn show_change(change: i64) -> String {
    if change == 0 {
        "0".into()
    } else {
        format!("{change:+}")
    }
}

/// Items `0..n` ranked by value.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// Item indices in display order: by rank, then by id within a tie.
    pub order: Vec<usize>,
    /// The place of item `i`.
    pub places: Vec<Place>,
    /// Values closer than this are tied, and values within it of 0 count
    /// as 0 ([`competition_ranks_within`]).
    pub resolution: f64,
}

/// Ranks `values` (item `i` has value `values[i]`) by competition ranking,
/// highest first; `by_id` orders two items within a tie for display.
pub fn competition_ranks(values: &[f64], by_id: impl Fn(usize, usize) -> Ordering) -> Ranking {
    competition_ranks_within(values, ABSOLUTE_TOLERANCE, by_id)
}

/// [`competition_ranks`] for a measure that cannot tell apart values closer
/// than `resolution` (a power iteration stopped at a tolerance): such values
/// are tied, and values within `resolution` of 0 count as 0, so that the
/// residue an iteration leaves on bodies it gives nothing is not ranked.
pub fn competition_ranks_within(
    values: &[f64],
    resolution: f64,
    by_id: impl Fn(usize, usize) -> Ordering,
) -> Ranking {
    let resolution = resolution.max(ABSOLUTE_TOLERANCE);
    let descending = |i: usize, j: usize| {
        let (a, b) = (
            resolved(values[i], resolution),
            resolved(values[j], resolution),
        );
        a.is_nan().cmp(&b.is_nan()).then_with(|| b.total_cmp(&a))
    };
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| descending(i, j).then_with(|| by_id(i, j)));
    let mut places = vec![
        Place {
            rank: 0,
            last: false
        };
        values.len()
    ];
    let mut start = 0;
    while start < order.len() {
        let head = resolved(values[order[start]], resolution);
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| tied_within(head, resolved(values[i], resolution), resolution))
                .count();
        // Near-equal values may have come out of the sort in value order:
        // within a tie, display by id only.
        order[start..end].sort_by(|&i, &j| by_id(i, j));
        let last = end == order.len();
        for &i in &order[start..end] {
            places[i] = Place {
                rank: start + 1,
                last,
            };
        }
        start = end;
    }
    Ranking {
        order,
        places,
        resolution,
    }
}

impl Ranking {
    /// The fewest significant digits, at least [`MIN_DIGITS`], with which
    /// every two values ranked apart print differently ([`significant`]).
    pub fn digits(&self, values: &[f64]) -> usize {
        (MIN_DIGITS..MAX_DIGITS)
            .find(|&digits| {
                self.order.windows(2).all(|w| {
                    let (i, j) = (w[0], w[1]);
                    self.places[i].rank == self.places[j].rank
                        || self.show(values[i], digits) != self.show(values[j], digits)
                })
            })
            .unwrap_or(MAX_DIGITS)
    }

    /// `value` printed with `digits` significant digits, as this ranking
    /// knows it ([`resolved`]: `0` within the resolution of 0).
    pub fn show(&self, value: f64, digits: usize) -> String {
        significant(resolved(value, self.resolution), digits)
    }
}

/// `value` rounded to `digits` significant digits, in plain decimal
/// notation (`0` for zero, trailing zeros kept: `0.00230`).
pub fn significant(value: f64, digits: usize) -> String {
    if value == 0.0 || !value.is_finite() {
        return if value == 0.0 {
            "0".into()
        } else {
            value.to_string()
        };
    }
    let digits = digits.max(1);
    // The exponent after rounding (0.000999 at 2 digits is 0.0010).
    let rounded: f64 = format!("{value:.*e}", digits - 1).parse().unwrap_or(value);
    let exponent = rounded.abs().log10().floor() as i64;
    if exponent < SMALLEST_FIXED_EXPONENT {
        // 5.13e-39, not 0.000…000513: leading zeros would hide the digits.
        return format!("{value:.*e}", digits - 1);
    }
    let decimals = (digits as i64 - 1 - exponent).max(0) as usize;
    format!("{value:.decimals$}")
}

/// Values below 10 to this power print in scientific notation.
const SMALLEST_FIXED_EXPONENT: i64 = -4;

#[cfg(test)]
mod tests {
    use super::*;

    fn ranks(values: &[f64]) -> Vec<usize> {
        let r = competition_ranks(values, |i, j| i.cmp(&j));
        r.places.iter().map(|p| p.rank).collect()
    }

    #[test]
    fn an_iterations_residue_is_zero_and_values_within_its_resolution_tie() {
        let values = [0.5, 0.5 + 4e-9, 1.3e-9, 1.3e-14, 0.2, 0.0];
        let r = competition_ranks_within(&values, 1e-8, |i, j| i.cmp(&j));
        let ranks: Vec<usize> = r.places.iter().map(|p| p.rank).collect();
        assert_eq!(ranks, [1, 1, 4, 4, 3, 4]);
        assert!(r.places[2].last && r.places[5].last);
        assert_eq!(r.show(1.3e-9, r.digits(&values)), "0");
        assert_eq!(r.digits(&values), MIN_DIGITS);
        // Exact measures keep telling such values apart.
        let exact = competition_ranks(&values, |i, j| i.cmp(&j));
        assert_eq!(exact.places[2].rank, 4);
        assert_eq!(exact.places[5].rank, 6);
    }

    #[test]
    fn tiny_values_print_in_scientific_notation() {
        assert_eq!(significant(5.13e-39, 3), "5.13e-39");
        assert_eq!(significant(0.0000898, 3), "8.98e-5");
        assert_eq!(significant(0.000270, 3), "0.000270");
        assert_eq!(significant(0.374555060, 9), "0.374555060");
    }

    #[test]
    fn ties_share_a_rank_and_the_next_value_skips_their_places() {
        assert_eq!(ranks(&[0.5, 0.2, 0.5, 0.1]), [1, 3, 1, 4]);
        assert_eq!(ranks(&[0.0, 0.0, 0.3, 0.0]), [2, 2, 1, 2]);
        assert!(ranks(&[]).is_empty());
    }

    #[test]
    fn float_noise_does_not_split_a_tie_but_real_differences_do() {
        let noisy = 0.1 + 0.2; // 0.30000000000000004
        assert_eq!(ranks(&[0.3, noisy, 0.2999]), [1, 1, 3]);
        assert_eq!(ranks(&[1e-16, 0.0]), [1, 1]);
        assert_eq!(ranks(&[1e-6, 0.0]), [1, 2]);
    }

    #[test]
    fn within_a_tie_display_is_by_id_whatever_the_noise() {
        let ids = ["b", "a", "c"];
        let r = competition_ranks(&[0.3, 0.1 + 0.2, 0.4], |i, j| ids[i].cmp(ids[j]));
        let shown: Vec<&str> = r.order.iter().map(|&i| ids[i]).collect();
        assert_eq!(shown, ["c", "a", "b"]);
    }

    #[test]
    fn nan_shares_the_last_place() {
        let r = competition_ranks(&[f64::NAN, 1.0, f64::NAN], |i, j| i.cmp(&j));
        assert_eq!(r.order, [1, 0, 2]);
        assert_eq!(
            r.places[0],
            Place {
                rank: 2,
                last: true
            }
        );
        assert_eq!(
            r.places[1],
            Place {
                rank: 1,
                last: false
            }
        );
    }

    #[test]
    fn sharing_last_place_in_both_is_no_change() {
        let a = competition_ranks(&[0.3, 0.0, 0.0, 0.0], |i, j| i.cmp(&j));
        let b = competition_ranks(&[0.3, 0.0, 0.2, 0.1], |i, j| i.cmp(&j));
        // Item 1 is at 0 in both: rank 2 then 4, but it did not move.
        assert_eq!((a.places[1].rank, b.places[1].rank), (2, 4));
        assert_eq!(a.places[1].change_to(b.places[1]), 0);
        // Item 3 left last place, yet two bodies now rank above it.
        assert_eq!(a.places[3].change_to(b.places[3]), -1);
        assert_eq!(a.places[0].change_to(b.places[0]), 0);
    }

    #[test]
    fn values_ranked_apart_get_digits_enough_to_print_differently() {
        let values = [0.0023, 0.00231, 0.0, 0.0];
        let r = competition_ranks(&values, |i, j| i.cmp(&j));
        assert_eq!(r.digits(&values), 3);
        let values = [0.12344, 0.12341, 0.0];
        let r = competition_ranks(&values, |i, j| i.cmp(&j));
        let d = r.digits(&values);
        assert_eq!(d, 5);
        assert_ne!(significant(values[0], d), significant(values[1], d));
    }

    #[test]
    fn significant_keeps_the_digits_asked_for() {
        assert_eq!(significant(0.0023, 3), "0.00230");
        assert_eq!(significant(0.049123, 3), "0.0491");
        assert_eq!(significant(0.0, 3), "0");
        assert_eq!(significant(12.345, 3), "12.3");
        assert_eq!(significant(1234.6, 3), "1235");
        assert_eq!(significant(0.000999, 2), "0.0010");
    }
}
