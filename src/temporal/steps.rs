//! Regular time steps and rolling windows: the slices `--every` measures,
//! in the dataset's own calendar. See docs/measures.md, "Regular steps and
//! windows".
//!
//! # Steps
//!
//! A range of days `[from, to)` is cut into consecutive, non-overlapping
//! steps that together cover it exactly:
//!
//! * `Nd` (and `day` = `1d`, `week` = `7d`, `Nw` = `7N` days): steps of `N`
//!   days counted from `from`;
//! * `Nm` (and `month` = `1m`): steps that begin on the first day of a
//!   calendar month **of the dataset's calendar** (Julian for 1917: the
//!   step `1917-10` runs from 1 October to 31 October Old Style), every
//!   `N` months counted from the month holding `from`.
//!
//! The first step starts on `from` and the last one ends on `to`, so
//! either may be shorter than the others (a `from` in mid-month cuts the
//! first month step).
//!
//! # Windows
//!
//! A step's *window* is the span of days its slice is cut over. By default
//! it is the step itself. With a window length `w` it is the `w` days (or
//! calendar months) that end with the step's last day `t`, i.e. the days
//! `(t - w, t]`, half-open `[end - w, end)` where `end = t + 1`: a rolling
//! window, which may reach back before `from`. A month window that starts
//! on a day its month does not have (`31` in a 30-day month) starts on the
//! month's last day instead.
//!
//! Either way the slice is taken by [`crate::slice::Snapshot::in_window`],
//! the same function `--at` and `--period` use: a step's figures are those
//! of a one-off slice over its window.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::time::{Calendar, Day, Span, When};

/// Most steps one command takes: beyond it the output is unreadable and
/// the work (a slice and its measures per step) unbounded.
pub const MAX_STEPS: usize = 1000;

/// Longest length `Length::parse` reads, in days (about 2,700 years): day
/// arithmetic stays far inside `i32`.
pub const MAX_DAYS: u32 = 1_000_000;

/// A length of time: days, or calendar months of the dataset's calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Length {
    /// This many days.
    Days(u32),
    /// This many calendar months.
    Months(u32),
}

impl Length {
    /// Reads `day`, `week`, `month`, `Nd`, `Nw` or `Nm` (N at least 1).
    pub fn parse(text: &str) -> Result<Self> {
        let bad = |problem: &str| Error::Parameter {
            name: "length",
            value: Some(text.to_string()),
            problem: problem.to_string(),
            hint: Some("write day, week, month, or a count with a unit: 10d, 2w, 3m".into()),
        };
        let length = match text {
            "day" => Self::Days(1),
            "week" => Self::Days(7),
            "month" => Self::Months(1),
            _ => {
                let (digits, unit) = text.split_at(text.len().saturating_sub(1));
                let n: u32 = digits.parse().map_err(|_| bad("not a length of time"))?;
                let length = match unit {
                    "d" => Self::Days(n),
                    "w" => Self::Days(n.checked_mul(7).ok_or_else(|| bad("too long"))?),
                    "m" => Self::Months(n),
                    _ => return Err(bad("not a length of time")),
                };
                if n == 0 {
                    return Err(bad("a length must be at least 1"));
                }
                let too_long = match length {
                    Self::Days(d) => d > MAX_DAYS,
                    Self::Months(m) => m > MAX_DAYS / 28,
                };
                if too_long {
                    return Err(bad(&format!(
                        "longer than {MAX_DAYS} days, more than any calendar here covers"
                    )));
                }
                length
            }
        };
        Ok(length)
    }

    /// The day this length after `day`, in `calendar`.
    pub fn after(self, day: Day, calendar: Calendar) -> Day {
        match self {
            Self::Days(n) => super::add_days(day, n as i32),
            Self::Months(n) => shift_months(day, calendar, i64::from(n)),
        }
    }

    /// The day this length before `day`, in `calendar`.
    pub fn before(self, day: Day, calendar: Calendar) -> Day {
        match self {
            Self::Days(n) => super::add_days(day, -(n as i32)),
            Self::Months(n) => shift_months(day, calendar, -i64::from(n)),
        }
    }

    /// In words: "1 day", "7 days", "1 month", "3 months".
    pub fn describe(self) -> String {
        let (n, unit) = match self {
            Self::Days(n) => (n, "day"),
            Self::Months(n) => (n, "month"),
        };
        format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

impl fmt::Display for Length {
    /// The canonical spelling `parse` reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Days(1) => f.write_str("day"),
            Self::Days(7) => f.write_str("week"),
            Self::Days(n) => write!(f, "{n}d"),
            Self::Months(1) => f.write_str("month"),
            Self::Months(n) => write!(f, "{n}m"),
        }
    }
}

impl FromStr for Length {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Self::parse(text)
    }
}

/// The columns of a measure over steps as CSV, one row per step,
/// organisation and measure ([`Step::csv_row`]): `councils centrality
/// --every --format csv` and the report's `data/series.csv` write the same.
pub const STEP_CSV_COLUMNS: [&str; 9] = [
    "step",
    "start",
    "end",
    "window_start",
    "window_end",
    "measure",
    "id",
    "value",
    "rank",
];

/// One step: its days, and the window its slice is cut over.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Position from 0.
    pub index: usize,
    /// `1917-10` for a month step, the first day otherwise, in the
    /// dataset's calendar.
    pub label: String,
    /// The step's days, `[start, end)`.
    pub days: Span,
    /// The days sliced, `[start, end)`: the step itself, or the rolling
    /// window ending with it.
    pub window: Span,
}

impl Step {
    /// First day of the step.
    pub fn start(&self) -> Day {
        self.days.start.expect("steps are bounded")
    }

    /// First day after the step.
    pub fn end(&self) -> Day {
        self.days.end.expect("steps are bounded")
    }

    /// The step's first and last day, and its window's, as ISO dates in
    /// `calendar` (empty where open): the date columns of
    /// [`STEP_CSV_COLUMNS`].
    pub fn dates(&self, calendar: Calendar) -> [String; 4] {
        let iso = |d: Option<Day>| d.map_or(String::new(), |d| d.iso(calendar));
        [
            iso(self.days.start),
            iso(self.days.last_day()),
            iso(self.window.start),
            iso(self.window.last_day()),
        ]
    }

    /// One row of [`STEP_CSV_COLUMNS`]: organisation `id` had `value`
    /// (shown as written), ranked `rank`, by `measure` in this step.
    pub fn csv_row(
        &self,
        calendar: Calendar,
        measure: &str,
        id: &str,
        value: f64,
        rank: usize,
    ) -> Vec<String> {
        let mut row = vec![self.label.clone()];
        row.extend(self.dates(calendar));
        row.extend([
            measure.to_string(),
            id.to_string(),
            format!("{value}"),
            rank.to_string(),
        ]);
        row
    }

    /// The step's window as a date selector: `--at` over exactly these
    /// days, labelled with the step's label.
    pub fn when(&self, calendar: Calendar) -> When {
        When {
            text: self.label.clone(),
            loose: self.window,
            strict: self.window,
            uncertain: false,
            approximate: false,
            calendar,
        }
    }
}

/// How to cut a range into steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stepping {
    /// The length of a step.
    pub every: Length,
    /// The length of the rolling window; `None`: each step's own days.
    pub window: Option<Length>,
    /// The calendar months are counted in.
    pub calendar: Calendar,
}

impl Stepping {
    /// The steps covering `range` (bounded, not empty), in order; an error
    /// if there would be more than [`MAX_STEPS`].
    pub fn steps(&self, range: Span) -> Result<Vec<Step>> {
        let (Some(from), Some(to)) = (range.start, range.end) else {
            return Err(Error::Parameter {
                name: "range",
                value: None,
                problem: "steps need a first and a last day".into(),
                hint: None,
            });
        };
        if range.is_empty() {
            return Err(Error::Parameter {
                name: "range",
                value: None,
                problem: "the range ends before it starts".into(),
                hint: None,
            });
        }
        let count = self.count(from, to);
        if count > MAX_STEPS as u64 {
            return Err(Error::Parameter {
                name: "every",
                value: Some(self.every.to_string()),
                problem: format!(
                    "{count} steps of {} from {} to {}: more than {MAX_STEPS}",
                    self.every.describe(),
                    from.iso(self.calendar),
                    to.prev().iso(self.calendar)
                ),
                hint: Some("take longer steps or a shorter range".into()),
            });
        }
        let mut steps = Vec::with_capacity(count as usize);
        let mut start = from;
        // Month steps are anchored on the first of the month holding
        // `from`, each boundary computed from the anchor (not from the
        // previous boundary) so that nothing drifts.
        let anchor = month_start(from, self.calendar);
        while start < to {
            let index = steps.len();
            let next = match self.every {
                Length::Days(n) => super::add_days(start, n as i32),
                Length::Months(n) => {
                    shift_months(anchor, self.calendar, i64::from(n) * (index as i64 + 1))
                }
            };
            let end = next.min(to);
            if end <= start {
                return Err(Error::Parameter {
                    name: "every",
                    value: Some(self.every.to_string()),
                    problem: format!(
                        "the step after {} falls outside the calendar's range",
                        start.iso(self.calendar)
                    ),
                    hint: Some("take shorter steps or a range of ordinary dates".into()),
                });
            }
            let days = Span::new(Some(start), Some(end));
            let window = match self.window {
                None => days,
                Some(w) => Span::new(Some(w.before(end, self.calendar)), Some(end)),
            };
            let label = match self.every {
                Length::Months(_) => {
                    let (y, m, _) = ymd(start, self.calendar);
                    format!("{y:04}-{m:02}")
                }
                Length::Days(_) => start.iso(self.calendar),
            };
            steps.push(Step {
                index,
                label,
                days,
                window,
            });
            start = end;
        }
        Ok(steps)
    }

    /// How many steps cover `[from, to)`, without making them (so without
    /// the [`MAX_STEPS`] limit).
    pub fn count(&self, from: Day, to: Day) -> u64 {
        match self.every {
            Length::Days(n) => (from.days_until(to) as u64).div_ceil(u64::from(n)),
            Length::Months(n) => {
                let index = |d: Day| {
                    let (y, m, _) = ymd(d, self.calendar);
                    y * 12 + i64::from(m) - 1
                };
                let months = (index(to.prev()) - index(from) + 1).max(0) as u64;
                months.div_ceil(u64::from(n))
            }
        }
    }

    /// "of 1 month (calendar months of the Julian calendar), each sliced
    /// over its own days" or "... over the 3 months ending with its last
    /// day", to follow a number of steps.
    pub fn describe(&self) -> String {
        let calendar = match self.calendar {
            Calendar::Julian => "Julian",
            Calendar::Gregorian => "Gregorian",
        };
        let months = match self.every {
            Length::Months(_) => format!(" (calendar months of the {calendar} calendar)"),
            Length::Days(_) => String::new(),
        };
        let window = match self.window {
            None => "each sliced over its own days".to_string(),
            Some(w) => format!(
                "each sliced over the {} ending with its last day",
                w.describe()
            ),
        };
        format!("of {}{months}, {window}", self.every.describe())
    }
}

/// The default range of `--every`: the dataset's declared `span` (loose
/// reading) where both its ends are dated; otherwise, for each open end,
/// the earliest first day (latest last day) of any organisation,
/// relation, period or event. An error if an end is still open.
pub fn dataset_range(dataset: &Dataset) -> Result<Span> {
    let declared = dataset.info.span.loose;
    let spans = || {
        let d = dataset;
        d.organisations
            .iter()
            .map(|o| &o.during)
            .chain(d.relations.iter().map(|r| &r.during))
            .chain(d.periods.iter().map(|p| &p.during))
            .chain(d.events.iter().map(|e| &e.date))
            .map(|w| w.loose)
    };
    let start = declared
        .start
        .or_else(|| spans().filter_map(|s| s.start).min());
    let end = declared.end.or_else(|| spans().filter_map(|s| s.end).max());
    if start.is_none() || end.is_none() {
        return Err(Error::Parameter {
            name: "range",
            value: Some(dataset.info.span.text.clone()),
            problem: "the dataset's span has an open end and no element is dated there, so steps have no default range".into(),
            hint: Some("give the first and the last day".into()),
        });
    }
    Ok(Span::new(start, end))
}

/// Year, month and day of `day` in `calendar`.
fn ymd(day: Day, calendar: Calendar) -> (i64, u8, u8) {
    match calendar {
        Calendar::Julian => day.julian(),
        Calendar::Gregorian => {
            use chrono::Datelike;
            let g = day.gregorian();
            (i64::from(g.year()), g.month() as u8, g.day() as u8)
        }
    }
}

/// The first day of the month holding `day`, in `calendar`.
fn month_start(day: Day, calendar: Calendar) -> Day {
    let (y, m, _) = ymd(day, calendar);
    Day::from_calendar(calendar, y, m, 1).unwrap_or(day)
}

/// `day` moved by `months` calendar months in `calendar`, keeping the day
/// of the month, or the month's last day where it has no such day.
fn shift_months(day: Day, calendar: Calendar, months: i64) -> Day {
    let (y, m, d) = ymd(day, calendar);
    let index = y * 12 + i64::from(m) - 1 + months;
    let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
    (1..=d)
        .rev()
        .find_map(|d| Day::from_calendar(calendar, year, month, d))
        .unwrap_or(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(y: i64, m: u8, d: u8) -> Day {
        Day::from_calendar(Calendar::Julian, y, m, d).unwrap()
    }

    fn shown(steps: &[Step]) -> Vec<(String, String, String)> {
        steps
            .iter()
            .map(|s| {
                (
                    s.label.clone(),
                    s.start().iso(Calendar::Julian),
                    s.end().prev().iso(Calendar::Julian),
                )
            })
            .collect()
    }

    #[test]
    fn lengths_parse_and_print_back() {
        for (text, length) in [
            ("day", Length::Days(1)),
            ("week", Length::Days(7)),
            ("month", Length::Months(1)),
            ("10d", Length::Days(10)),
            ("2w", Length::Days(14)),
            ("3m", Length::Months(3)),
        ] {
            assert_eq!(Length::parse(text).unwrap(), length, "{text}");
            assert_eq!(Length::parse(&length.to_string()).unwrap(), length);
        }
        for bad in [
            "",
            "0d",
            "d",
            "month2",
            "-3d",
            "3y",
            "1.5d",
            // Regression: wrapped to a negative day count in `as i32`, and
            // the steps then ran backwards for ever.
            "3000000000d",
            "1000001d",
            "400000w",
            "99999999m",
        ] {
            let err = Length::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with(&format!("length `{bad}`: ")), "{err}");
            assert!(
                err.ends_with("(write day, week, month, or a count with a unit: 10d, 2w, 3m)"),
                "{err}"
            );
        }
    }

    /// Month steps over 1917 follow the Julian calendar: February has 28
    /// days, the first and last steps are cut at the range's ends.
    #[test]
    fn month_steps_are_julian_calendar_months_cut_at_the_ends() {
        let stepping = Stepping {
            every: Length::Months(1),
            window: None,
            calendar: Calendar::Julian,
        };
        let steps = stepping
            .steps(Span::new(Some(os(1917, 2, 23)), Some(os(1917, 4, 11))))
            .unwrap();
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            shown(&steps),
            [
                s("1917-02", "1917-02-23", "1917-02-28"),
                s("1917-03", "1917-03-01", "1917-03-31"),
                s("1917-04", "1917-04-01", "1917-04-10"),
            ]
        );
        assert!(steps.iter().all(|s| s.window == s.days));
    }

    #[test]
    fn day_steps_count_from_the_first_day_and_the_last_is_cut() {
        let stepping = Stepping {
            every: Length::Days(10),
            window: None,
            calendar: Calendar::Julian,
        };
        let steps = stepping
            .steps(Span::new(Some(os(1917, 10, 1)), Some(os(1917, 10, 26))))
            .unwrap();
        let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            shown(&steps),
            [
                s("1917-10-01", "1917-10-01", "1917-10-10"),
                s("1917-10-11", "1917-10-11", "1917-10-20"),
                s("1917-10-21", "1917-10-21", "1917-10-25"),
            ]
        );
    }

    /// A rolling window ends with the step's last day and reaches back its
    /// length, before the range if need be; a month back from 1 March is
    /// 1 February, from 31 March the last day of February.
    #[test]
    fn rolling_windows_end_with_the_step() {
        let stepping = Stepping {
            every: Length::Days(7),
            window: Some(Length::Days(30)),
            calendar: Calendar::Julian,
        };
        let steps = stepping
            .steps(Span::new(Some(os(1917, 10, 1)), Some(os(1917, 10, 15))))
            .unwrap();
        assert_eq!(
            steps[0].window,
            Span::new(Some(os(1917, 9, 8)), Some(os(1917, 10, 8)))
        );
        assert_eq!(
            steps[1].window,
            Span::new(Some(os(1917, 9, 15)), Some(os(1917, 10, 15)))
        );
        let m = Length::Months(1);
        assert_eq!(m.before(os(1917, 3, 1), Calendar::Julian), os(1917, 2, 1));
        assert_eq!(m.before(os(1917, 3, 31), Calendar::Julian), os(1917, 2, 28));
        // 1916 is a leap year in both calendars, 1900 only in the Julian.
        assert_eq!(m.before(os(1900, 3, 30), Calendar::Julian), os(1900, 2, 29));
        let g = |y, m, d| Day::from_gregorian(y, m, d).unwrap();
        assert_eq!(
            m.before(g(1900, 3, 30), Calendar::Gregorian),
            g(1900, 2, 28)
        );
    }

    /// Gregorian month steps begin on Gregorian firsts, which are not
    /// Julian firsts: the calendar is the dataset's, not a fixed one.
    #[test]
    fn gregorian_month_steps_begin_on_gregorian_firsts() {
        let g = |y, m, d| Day::from_gregorian(y, m, d).unwrap();
        let stepping = Stepping {
            every: Length::Months(2),
            window: None,
            calendar: Calendar::Gregorian,
        };
        let steps = stepping
            .steps(Span::new(Some(g(1917, 1, 15)), Some(g(1917, 6, 1))))
            .unwrap();
        let days: Vec<(Day, Day)> = steps.iter().map(|s| (s.start(), s.end())).collect();
        assert_eq!(
            days,
            [
                (g(1917, 1, 15), g(1917, 3, 1)),
                (g(1917, 3, 1), g(1917, 5, 1)),
                (g(1917, 5, 1), g(1917, 6, 1)),
            ]
        );
        assert_eq!(steps[1].label, "1917-03");
    }

    #[test]
    fn too_many_steps_is_an_error_that_says_how_many() {
        let stepping = Stepping {
            every: Length::Days(1),
            window: None,
            calendar: Calendar::Gregorian,
        };
        let g = |y, m, d| Day::from_gregorian(y, m, d).unwrap();
        let err = stepping
            .steps(Span::new(Some(g(1917, 1, 1)), Some(g(1920, 1, 1))))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "every `day`: 1095 steps of 1 day from 1917-01-01 to 1919-12-31: more than 1000 (take longer steps or a shorter range)"
        );
        // Exactly at the cap is allowed.
        let steps = stepping
            .steps(Span::new(
                Some(g(1917, 1, 1)),
                Some(super::super::add_days(g(1917, 1, 1), 1000)),
            ))
            .unwrap();
        assert_eq!(steps.len(), MAX_STEPS);
        let months = Stepping {
            every: Length::Months(1),
            ..stepping
        };
        let err = months
            .steps(Span::new(Some(g(1800, 1, 1)), Some(g(1900, 1, 1))))
            .unwrap_err()
            .to_string();
        assert!(err.contains("1200 steps of 1 month"), "{err}");
    }
}
