//! Dates, calendars and intervals.
//!
//! Every date in a dataset is written as EDTF (ISO 8601-2 Annex A, parsed by
//! `edtf-core`) in the calendar the dataset declares. This module turns such
//! text into [`Day`]s on one proleptic-Gregorian time line, so that slicing
//! never has to know which calendar a file was written in.
//!
//! # Interval convention
//!
//! Inside the library every interval is a **half-open** [`Span`]
//! `[start, end)` of days: `start` is the first day included, `end` the first
//! day *not* included. An EDTF interval `a/b` names the days from `a` to `b`
//! *inclusive*, so `1917-02-27/1917-07-03` becomes
//! `[1917-02-27, 1917-07-04)`. A single date `1917-10-25` becomes the one-day
//! span `[1917-10-25, 1917-10-26)`.
//!
//! # Imprecise dates: the loose and the strict reading
//!
//! A date of month precision (`1917-10`) or with unspecified digits
//! (`1917-1X`) covers a range of days from its earliest to its latest day
//! (as `edtf-core` computes them). An interval built from such dates has two
//! readings:
//!
//! * **loose** (the default): from the *earliest* possible start to the
//!   *latest* possible end — every day on which the element *may* have been
//!   active;
//! * **strict**: from the *latest* possible start to the *earliest* possible
//!   end — only the days on which it was *certainly* active. This may be
//!   empty (`1917-10/1917-10` is certainly active on no particular day).
//!
//! Open ends (`..`) are unbounded in both readings. An unknown end (empty,
//! as in `1917-03-01/`) is unbounded in the loose reading and collapses onto
//! the known end in the strict reading. `..1917-03` as a start ("on or
//! before") is unbounded in the loose reading and the latest day of March in
//! the strict one; `1917-10..` as an end mirrors it. The qualifiers `?`
//! (uncertain) and `~` (approximate) do not move bounds; they are kept as
//! flags and shown in output.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use edtf_calendars::{JulianDate, gregorian_to_julian, is_julian_leap, julian_to_gregorian};
use edtf_core::{Bound, BoundDate, Date, Edtf, Interval, IntervalEndpoint, Precision};

/// The calendar in which a dataset's dates are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// Old Style: the Julian calendar, used in Russia until 31 January 1918.
    Julian,
    /// New Style: the (proleptic) Gregorian calendar.
    Gregorian,
}

impl Calendar {
    /// Parses the name used in `dataset.toml` (`julian` or `gregorian`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "julian" => Some(Self::Julian),
            "gregorian" => Some(Self::Gregorian),
            _ => None,
        }
    }

    /// The names accepted by [`Calendar::from_name`].
    pub const NAMES: [&'static str; 2] = ["julian", "gregorian"];
}

/// How dates are shown to the user: Old Style, New Style or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CalendarView {
    /// Julian dates ("O.S.").
    OldStyle,
    /// Gregorian dates ("N.S.").
    NewStyle,
    /// Julian then Gregorian, separated by ` / `.
    #[default]
    Both,
}

impl CalendarView {
    /// The view used when the user does not choose one: the O.S./N.S. pair
    /// for a dataset written in the Julian calendar, New Style alone for a
    /// Gregorian one (whose dates have no Old Style to pair with).
    pub fn native(calendar: Calendar) -> Self {
        match calendar {
            Calendar::Julian => Self::Both,
            Calendar::Gregorian => Self::NewStyle,
        }
    }

    /// The marker a date written in `calendar` carries when it cannot be
    /// converted (a month, a year): none if the view shows that calendar
    /// alone, else ` O.S.` or ` N.S.`.
    fn marker(self, calendar: Calendar) -> &'static str {
        match (calendar, self) {
            (Calendar::Julian, Self::OldStyle) | (Calendar::Gregorian, Self::NewStyle) => "",
            (Calendar::Julian, _) => " O.S.",
            (Calendar::Gregorian, _) => " N.S.",
        }
    }

    /// A short label for column headers: `O.S.`, `N.S.` or `O.S. / N.S.`.
    pub fn label(self) -> &'static str {
        match self {
            Self::OldStyle => "O.S.",
            Self::NewStyle => "N.S.",
            Self::Both => "O.S. / N.S.",
        }
    }
}

/// Which reading of imprecise dates a slice uses (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reading {
    /// Earliest possible start to latest possible end.
    #[default]
    Loose,
    /// Latest possible start to earliest possible end.
    Strict,
}

/// One day on the proleptic-Gregorian time line.
///
/// Stored as the day count of `chrono` (`num_days_from_ce`: 0001-01-01 is
/// day 1), so arithmetic is plain integer arithmetic and conversions to
/// either calendar go through well-tested code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    /// The Gregorian date `year-month-day`, or `None` if it does not exist.
    pub fn from_gregorian(year: i64, month: u8, day: u8) -> Option<Self> {
        let year = i32::try_from(year).ok()?;
        NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))
            .map(|date| Self(date.num_days_from_ce()))
    }

    /// The date `year-month-day` written in `calendar`, or `None` if that
    /// calendar has no such day.
    pub fn from_calendar(calendar: Calendar, year: i64, month: u8, day: u8) -> Option<Self> {
        match calendar {
            Calendar::Gregorian => Self::from_gregorian(year, month, day),
            Calendar::Julian => {
                let g = julian_to_gregorian(JulianDate { year, month, day }).ok()?;
                Self::from_gregorian(g.year, g.month, g.day)
            }
        }
    }

    /// The day after this one.
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }

    /// The day before this one.
    pub fn prev(self) -> Self {
        Self(self.0.saturating_sub(1))
    }

    /// Number of days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(self, other: Self) -> i64 {
        i64::from(other.0) - i64::from(self.0)
    }

    /// The Gregorian calendar date ("New Style").
    pub fn gregorian(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0).unwrap_or(NaiveDate::MIN)
    }

    /// The Julian calendar date ("Old Style") as year, month, day.
    pub fn julian(self) -> (i64, u8, u8) {
        let g = self.gregorian();
        let bound = BoundDate {
            year: i64::from(g.year()),
            month: g.month() as u8,
            day: g.day() as u8,
        };
        match gregorian_to_julian(bound) {
            Ok(j) => (j.year, j.month, j.day),
            // Only reachable for years beyond chrono's range, which a `Day`
            // cannot hold; fall back to the Gregorian fields.
            Err(_) => (bound.year, bound.month, bound.day),
        }
    }

    /// The date as ISO `YYYY-MM-DD` in the given calendar.
    pub fn iso(self, calendar: Calendar) -> String {
        match calendar {
            Calendar::Gregorian => self.gregorian().format("%Y-%m-%d").to_string(),
            Calendar::Julian => {
                let (y, m, d) = self.julian();
                // Regression (negative_julian_years_have_four_digits): `{y:04}`
                // counts the sign, so year -1 was shown as `-001`.
                let sign = if y < 0 { "-" } else { "" };
                format!("{sign}{:04}-{m:02}-{d:02}", y.unsigned_abs())
            }
        }
    }

    /// The date as the user asked to see it: O.S., N.S. or `O.S. / N.S.`.
    pub fn show(self, view: CalendarView) -> String {
        match view {
            CalendarView::OldStyle => self.iso(Calendar::Julian),
            CalendarView::NewStyle => self.iso(Calendar::Gregorian),
            CalendarView::Both => format!(
                "{} / {}",
                self.iso(Calendar::Julian),
                self.iso(Calendar::Gregorian)
            ),
        }
    }
}

impl fmt::Display for Day {
    /// Shows the Gregorian ISO date.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso(Calendar::Gregorian))
    }
}

/// A half-open span of days `[start, end)`; `None` is unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// First day included; `None` = since always.
    pub start: Option<Day>,
    /// First day excluded; `None` = for ever.
    pub end: Option<Day>,
}

impl Span {
    /// The span `[start, end)`.
    pub fn new(start: Option<Day>, end: Option<Day>) -> Self {
        Self { start, end }
    }

    /// The one-day span `[day, day + 1)`.
    pub fn day(day: Day) -> Self {
        Self::new(Some(day), Some(day.next()))
    }

    /// True if no day lies in the span.
    pub fn is_empty(&self) -> bool {
        matches!((self.start, self.end), (Some(s), Some(e)) if e <= s)
    }

    /// True if `day` lies in `[start, end)`.
    pub fn contains_day(&self, day: Day) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| day < e)
    }

    /// True if the two spans share at least one day: `a.start < b.end` and
    /// `b.start < a.end`. A span ending on day 48 does not overlap one
    /// starting on day 48.
    pub fn overlaps(&self, other: &Span) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        let before_other_ends = match (self.start, other.end) {
            (Some(s), Some(e)) => s < e,
            _ => true,
        };
        let other_before_self_ends = match (other.start, self.end) {
            (Some(s), Some(e)) => s < e,
            _ => true,
        };
        before_other_ends && other_before_self_ends
    }

    /// True if every day of `inner` lies in `self` (an empty `inner` is
    /// covered by anything).
    pub fn covers(&self, inner: &Span) -> bool {
        if inner.is_empty() {
            return true;
        }
        let start_ok = match (self.start, inner.start) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let end_ok = match (self.end, inner.end) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => b <= a,
        };
        start_ok && end_ok
    }

    /// The last day included, if bounded.
    pub fn last_day(&self) -> Option<Day> {
        self.end.map(Day::prev)
    }

    /// Shows the span as `first – last` (inclusive) in the given view, with
    /// `..` for an open end.
    pub fn show(&self, view: CalendarView) -> String {
        let start = self
            .start
            .map_or_else(|| "..".to_string(), |d| d.show(view));
        let end = self
            .last_day()
            .map_or_else(|| "..".to_string(), |d| d.show(view));
        if self.start.is_some() && self.start == self.last_day() {
            start
        } else {
            format!("{start} – {end}")
        }
    }
}

/// A parsed EDTF expression with its day spans under both readings.
#[derive(Clone, Debug, PartialEq)]
pub struct When {
    /// The text as written in the dataset.
    pub text: String,
    /// Span under the loose reading.
    pub loose: Span,
    /// Span under the strict reading (may be empty).
    pub strict: Span,
    /// Some component is marked uncertain (`?` or `%`).
    pub uncertain: bool,
    /// Some component is marked approximate (`~` or `%`).
    pub approximate: bool,
    /// The calendar the text is written in.
    pub calendar: Calendar,
}

impl When {
    /// An element whose source gives no dates ([`UNDATED`]): unbounded in
    /// both readings, shown as "undated".
    pub fn undated(calendar: Calendar) -> Self {
        let span = Span::new(None, None);
        Self {
            text: UNDATED.to_string(),
            loose: span,
            strict: span,
            uncertain: false,
            approximate: false,
            calendar,
        }
    }

    /// The span under `reading`.
    pub fn span(&self, reading: Reading) -> Span {
        match reading {
            Reading::Loose => self.loose,
            Reading::Strict => self.strict,
        }
    }

    /// The first day under the loose reading, for ordering.
    pub fn sort_key(&self) -> (Option<Day>, Option<Day>) {
        (self.loose.start, self.loose.end)
    }

    /// The dates at the precision they are written with, for people (see
    /// docs/format.md, "How dates are shown"): a day as
    /// [`Day::show`] gives it (`1917-10-25 / 1917-11-07`), a month or a
    /// year by name in the dataset's calendar (`March 1917 O.S.`: a Julian
    /// month spans two Gregorian months, so it is not converted), `c. ` for
    /// an approximate date, ` (?)` for an uncertain one, `from ...` and
    /// `until ...` for open intervals.
    pub fn show(&self, view: CalendarView) -> String {
        if self.text == UNDATED {
            return "undated".to_string();
        }
        match Edtf::parse(&self.text) {
            Ok(Edtf::Date(d)) => show_date(&d, self.calendar, view),
            Ok(Edtf::DateTime(dt)) => show_date(&dt.date, self.calendar, view),
            Ok(Edtf::Interval(iv)) => self.show_interval(&iv, view),
            // Sets, and Julian-only 29 Februaries (which edtf-core refuses):
            // their first and last day.
            _ => format!("{}{}", self.loose.show(view), self.qualifier_mark()),
        }
    }

    /// The start as written (the whole date for a single date), or `None`
    /// if the start is open or unknown.
    pub fn show_start(&self, view: CalendarView) -> Option<String> {
        match Edtf::parse(&self.text) {
            Ok(Edtf::Interval(iv)) => show_endpoint(&iv.start, self.calendar, view),
            Ok(_) => Some(self.show(view)),
            Err(_) => self.loose.start.map(|d| d.show(view)),
        }
    }

    /// The end as written (the whole date for a single date), or `None` if
    /// the end is open or unknown.
    pub fn show_end(&self, view: CalendarView) -> Option<String> {
        match Edtf::parse(&self.text) {
            Ok(Edtf::Interval(iv)) => show_endpoint(&iv.end, self.calendar, view),
            Ok(_) => Some(self.show(view)),
            Err(_) => self.loose.last_day().map(|d| d.show(view)),
        }
    }

    fn show_interval(&self, iv: &Interval, view: CalendarView) -> String {
        let start = show_endpoint(&iv.start, self.calendar, view);
        let end = show_endpoint(&iv.end, self.calendar, view);
        let unknown = |e: &IntervalEndpoint| matches!(e, IntervalEndpoint::Unknown);
        match (start, end) {
            (Some(s), Some(e)) if s == e => s,
            // One calendar marker for both ends: `March – October 1917 O.S.`
            // would lose the start's year, `March 1917 – October 1917 O.S.`
            // does not.
            (Some(s), Some(e)) => match [" O.S.", " N.S."]
                .into_iter()
                .find(|m| s.ends_with(m) && e.ends_with(m))
            {
                Some(m) => format!("{} – {e}", &s[..s.len() - m.len()]),
                None => format!("{s} – {e}"),
            },
            (Some(s), None) if unknown(&iv.end) => format!("from {s}, end unknown"),
            (Some(s), None) => format!("from {s}"),
            (None, Some(e)) if unknown(&iv.start) => format!("until {e}, start unknown"),
            (None, Some(e)) => format!("until {e}"),
            (None, None) => "at any time".to_string(),
        }
    }

    /// `?`/`~` markers to append to shown dates.
    pub fn qualifier_mark(&self) -> &'static str {
        match (self.uncertain, self.approximate) {
            (true, true) => " (uncertain, approximate)",
            (true, false) => " (uncertain)",
            (false, true) => " (approximate)",
            (false, false) => "",
        }
    }
}

/// English month names, for dates of month precision.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One EDTF date written in `calendar`, at its own precision.
fn show_date(date: &Date, calendar: Calendar, view: CalendarView) -> String {
    let year = date.year.value();
    let month = date.month.and_then(|m| m.value());
    let day = date.day.and_then(|d| d.value());
    let exact = !date.has_unspecified() && date.year.significant_digits.is_none();
    let marker = view.marker(calendar);
    let core = match (exact, date.precision(), year, month, day) {
        (true, Precision::Day, Some(y), Some(m), Some(d)) => Day::from_calendar(calendar, y, m, d)
            .map_or_else(|| format!("{}{marker}", plain(date)), |day| day.show(view)),
        (true, Precision::Month, Some(y), Some(m), _) if (1..=12).contains(&m) => {
            format!("{} {y}{marker}", MONTHS[usize::from(m) - 1])
        }
        (true, Precision::Year, Some(y), _, _) => format!("{y}{marker}"),
        // Seasons, unspecified digits (`1917-1X`), significant digits: as
        // written, without qualifiers (shown in words below).
        _ => format!("{}{marker}", plain(date)),
    };
    let core = if date.is_approximate() {
        format!("c. {core}")
    } else {
        core
    };
    if date.is_uncertain() {
        format!("{core} (?)")
    } else {
        core
    }
}

/// The EDTF text of `date` without its `?`, `~` and `%` qualifiers.
fn plain(date: &Date) -> String {
    date.to_string().replace(['?', '~', '%'], "")
}

/// One interval endpoint at its own precision; `None` if open or unknown.
fn show_endpoint(
    endpoint: &IntervalEndpoint,
    calendar: Calendar,
    view: CalendarView,
) -> Option<String> {
    match endpoint {
        IntervalEndpoint::Date(d) => Some(show_date(d, calendar, view)),
        IntervalEndpoint::OnOrBefore(d) => {
            Some(format!("on or before {}", show_date(d, calendar, view)))
        }
        IntervalEndpoint::OnOrAfter(d) => {
            Some(format!("on or after {}", show_date(d, calendar, view)))
        }
        IntervalEndpoint::Open | IntervalEndpoint::Unknown => None,
    }
}

/// Why a date could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not EDTF; `offset` is the byte offset of the problem in the text.
    #[error("`{text}` is not an EDTF date: {message}")]
    Syntax {
        /// The offending text.
        text: String,
        /// What edtf-core found wrong.
        message: &'static str,
        /// Byte offset of the problem within `text`.
        offset: usize,
    },
    /// An interval whose end precedes its start.
    #[error("interval `{text}` ends before it starts")]
    Reversed {
        /// The offending text.
        text: String,
        /// Byte offset of the end within `text`.
        offset: usize,
    },
    /// Valid EDTF but no such day in the dataset's calendar, or out of range.
    #[error("`{text}` is not a day of the {calendar:?} calendar this tool can represent")]
    NoSuchDay {
        /// The offending text.
        text: String,
        /// The calendar it was read in.
        calendar: Calendar,
    },
    /// A form this tool does not place on a time line (time of day is fine;
    /// this is for expressions without any bounded day, such as `XXXX`).
    #[error("`{text}` has no usable bounds")]
    Unbounded {
        /// The offending text.
        text: String,
    },
}

impl DateError {
    /// Byte offset within the date text where the problem lies.
    pub fn offset(&self) -> usize {
        match self {
            Self::Syntax { offset, .. } | Self::Reversed { offset, .. } => *offset,
            _ => 0,
        }
    }
}

/// `../..`: no bound known on either side, so present in every slice. It
/// is not EDTF (which wants a dated endpoint) and [`parse_when`] refuses
/// it; [`When::undated`] stands for elements of CSV tables without date
/// columns.
pub const UNDATED: &str = "../..";

/// Parses `text` (EDTF written in `calendar`) into a [`When`].
///
/// Single dates and sets span their earliest to latest day in both readings;
/// intervals follow the loose/strict rules of the module docs.
pub fn parse_when(text: &str, calendar: Calendar) -> Result<When, DateError> {
    let (edtf, leap) = match Edtf::parse(text) {
        Ok(edtf) => (edtf, Vec::new()),
        Err(e) => {
            // edtf-core checks days against Gregorian month lengths, so it
            // refuses 29 February of 1700, 1800, 1900... which the Julian
            // calendar has. Such a date is read as the 28th and moved on by
            // a day (regression: julian_29_february_of_1900_is_a_day).
            let retry = (calendar == Calendar::Julian
                && e.message == "day is out of range for the month")
                .then(|| julian_only_leap_days(text))
                .flatten()
                .and_then(|(text, years)| Edtf::parse(&text).ok().map(|edtf| (edtf, years)));
            match retry {
                Some(found) => found,
                None if calendar == Calendar::Julian
                    && e.message == "day is out of range for the month" =>
                {
                    return ends_read_apart(text, calendar)
                        .unwrap_or_else(|| Err(syntax_error(text, e)));
                }
                None => return Err(syntax_error(text, e)),
            }
        }
    };
    let no_such_day = || DateError::NoSuchDay {
        text: text.to_string(),
        calendar,
    };
    let (loose, strict) = match &edtf {
        Edtf::Date(d) => {
            let (first, last) = date_days(d, calendar, &leap).ok_or_else(no_such_day)?;
            let span = Span::new(Some(first), Some(last.next()));
            (span, span)
        }
        Edtf::DateTime(dt) => {
            let (first, last) = date_days(&dt.date, calendar, &leap).ok_or_else(no_such_day)?;
            let span = Span::new(Some(first), Some(last.next()));
            (span, span)
        }
        Edtf::Set(_) => {
            let bounds = edtf.bounds();
            let first = bound_day(bounds.earliest, calendar, &leap);
            let last = bound_day(bounds.latest, calendar, &leap);
            match (first, last) {
                (Some(Some(first)), Some(Some(last))) => {
                    let span = Span::new(Some(first), Some(last.next()));
                    (span, span)
                }
                _ => {
                    return Err(DateError::Unbounded {
                        text: text.to_string(),
                    });
                }
            }
        }
        Edtf::Interval(iv) => {
            let start = endpoint_days(&iv.start, calendar, &leap).ok_or_else(no_such_day)?;
            let end = endpoint_days(&iv.end, calendar, &leap).ok_or_else(no_such_day)?;
            interval_spans(start, end)
        }
    };
    Ok(When {
        text: text.to_string(),
        loose,
        strict,
        uncertain: edtf.is_uncertain(),
        approximate: edtf.is_approximate(),
        calendar,
    })
}

/// The interval `start/end` read one end at a time, as `start/..` and
/// `../end`; `None` if `text` is not such an interval or an end is not a
/// date. Used when the whole text was refused and the Julian-only leap day
/// workaround could not apply because the text also holds a real 28
/// February of that year (`1900-02-28/1900-02-29`): each end alone holds
/// one of the two. Regression (issue 17.6): that interval was refused.
fn ends_read_apart(text: &str, calendar: Calendar) -> Option<Result<When, DateError>> {
    let (start, end) = text.split_once('/')?;
    if end.contains('/') || [start, end].iter().any(|t| t.is_empty() || *t == "..") {
        return None;
    }
    let start = parse_when(&format!("{start}/.."), calendar).ok()?;
    let end_at = text.len() - end.len();
    let end = parse_when(&format!("../{end}"), calendar).ok()?;
    // Both ends are dated, so each side of both readings is its own; the
    // interval is reversed if the end's last day precedes the start's first.
    let first = start.loose.start.or(start.strict.start)?;
    if end.loose.end? <= first {
        return Some(Err(DateError::Reversed {
            text: text.to_string(),
            offset: end_at,
        }));
    }
    Some(Ok(When {
        text: text.to_string(),
        loose: Span::new(start.loose.start, end.loose.end),
        strict: Span::new(start.strict.start, end.strict.end),
        uncertain: start.uncertain || end.uncertain,
        approximate: start.approximate || end.approximate,
        calendar,
    }))
}

/// edtf-core's error as a [`DateError`].
fn syntax_error(text: &str, e: edtf_core::ParseError) -> DateError {
    if e.message == "interval end precedes interval start" {
        DateError::Reversed {
            text: text.to_string(),
            offset: e.offset,
        }
    } else {
        DateError::Syntax {
            text: text.to_string(),
            message: e.message,
            offset: e.offset,
        }
    }
}

/// `text` with every `YYYY-02-29` of a year that is leap in the Julian
/// calendar only (1900, 1800...) written as `YYYY-02-28`, and those years;
/// `None` if there is none, or if such a year also has a real 28 February
/// in `text` (the two could not be told apart).
fn julian_only_leap_days(text: &str) -> Option<(String, Vec<i64>)> {
    let bytes = text.as_bytes();
    let mut out = text.to_string();
    let mut years = Vec::new();
    for (at, _) in text.match_indices("-02-29") {
        let digits = at.checked_sub(4)?;
        let year_text = text.get(digits..at)?;
        let before = bytes.get(digits.wrapping_sub(1)).copied();
        if !year_text.bytes().all(|b| b.is_ascii_digit())
            || before.is_some_and(|b| b.is_ascii_digit())
        {
            continue;
        }
        let mut year: i64 = year_text.parse().ok()?;
        if before == Some(b'-')
            && (digits == 1 || matches!(bytes[digits - 2], b'/' | b'[' | b'{' | b',' | b'.'))
        {
            year = -year;
        }
        if is_julian_leap(year) && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) {
            out.replace_range(at + 4..at + 6, "28");
            years.push(year);
        }
    }
    let real_28 = |y: &i64| text.contains(&format!("{:04}-02-28", y.unsigned_abs()));
    (!years.is_empty() && !years.iter().any(real_28)).then_some((out, years))
}

/// What is known of one interval endpoint, in days.
#[derive(Clone, Copy)]
enum EndpointDays {
    /// `..`: unbounded.
    Open,
    /// Empty: not known.
    Unknown,
    /// A date covering `first..=last`.
    Dated { first: Day, last: Day },
    /// `..date` (start) or `date..` (end): bounded on one side only.
    OneSided { first: Day, last: Day },
}

fn endpoint_days(
    endpoint: &IntervalEndpoint,
    calendar: Calendar,
    leap: &[i64],
) -> Option<EndpointDays> {
    Some(match endpoint {
        IntervalEndpoint::Open => EndpointDays::Open,
        IntervalEndpoint::Unknown => EndpointDays::Unknown,
        IntervalEndpoint::Date(d) => {
            let (first, last) = date_days(d, calendar, leap)?;
            EndpointDays::Dated { first, last }
        }
        IntervalEndpoint::OnOrBefore(d) | IntervalEndpoint::OnOrAfter(d) => {
            let (first, last) = date_days(d, calendar, leap)?;
            EndpointDays::OneSided { first, last }
        }
    })
}

/// Builds the loose and strict spans of `start/end`.
fn interval_spans(start: EndpointDays, end: EndpointDays) -> (Span, Span) {
    use EndpointDays::*;
    let loose_start = match start {
        Dated { first, .. } => Some(first),
        Open | Unknown | OneSided { .. } => None,
    };
    let loose_end = match end {
        Dated { last, .. } => Some(last.next()),
        Open | Unknown | OneSided { .. } => None,
    };
    let strict_start = match (start, end) {
        (Dated { last, .. } | OneSided { last, .. }, _) => Some(last),
        (Open, _) => None,
        // Unknown start: only the end is known to be inside.
        (Unknown, Dated { first, .. } | OneSided { first, .. }) => Some(first),
        (Unknown, Open | Unknown) => None,
    };
    let strict_end = match (start, end) {
        (_, Dated { first, .. } | OneSided { first, .. }) => Some(first.next()),
        (_, Open) => None,
        // Unknown end: only the start is known to be inside.
        (Dated { last, .. } | OneSided { last, .. }, Unknown) => Some(last.next()),
        (Open | Unknown, Unknown) => None,
    };
    (
        Span::new(loose_start, loose_end),
        Span::new(strict_start, strict_end),
    )
}

/// The first and last day a date covers, read in `calendar`; `leap` lists
/// the years whose 29 February was read as the 28th (see
/// [`julian_only_leap_days`]).
fn date_days(date: &Date, calendar: Calendar, leap: &[i64]) -> Option<(Day, Day)> {
    let bounds = Edtf::Date(*date).bounds();
    let (Bound::Date(mut first), Bound::Date(mut last)) = (bounds.earliest, bounds.latest) else {
        return None;
    };
    // edtf-core bounds a month by Gregorian month lengths; a Julian leap
    // year that is not a Gregorian one (1900, 1700...) has 29 days in
    // February, which an imprecise date must cover.
    let precise = date.precision() == Precision::Day;
    if calendar == Calendar::Julian
        && last.month == 2
        && last.day == 28
        && is_julian_leap(last.year)
        && (!precise || leap.contains(&last.year))
    {
        last.day = 29;
    }
    if precise && first.month == 2 && first.day == 28 && leap.contains(&first.year) {
        first.day = 29;
    }
    let first = Day::from_calendar(calendar, first.year, first.month, first.day)?;
    let last = Day::from_calendar(calendar, last.year, last.month, last.day)?;
    Some((first, last))
}

/// A set's bound as a day: `Some(None)` for an infinite side, `None` if it
/// cannot be represented.
fn bound_day(bound: Bound, calendar: Calendar, leap: &[i64]) -> Option<Option<Day>> {
    match bound {
        Bound::Date(d) => {
            let shifted = d.month == 2 && d.day == 28 && leap.contains(&d.year);
            let day = if shifted { 29 } else { d.day };
            Day::from_calendar(calendar, d.year, d.month, day).map(Some)
        }
        Bound::NegativeInfinity | Bound::PositiveInfinity => Some(None),
        Bound::Unknown => None,
    }
}

/// Parses a date given on the command line.
///
/// The text is EDTF in the dataset's calendar unless prefixed with `os:`
/// (Julian) or `ns:` (Gregorian). The result is the loose span of the
/// expression: a day, a month, or an interval to slice over.
pub fn parse_cli_date(text: &str, dataset_calendar: Calendar) -> Result<When, DateError> {
    let (calendar, rest) = if let Some(rest) = text.strip_prefix("os:") {
        (Calendar::Julian, rest)
    } else if let Some(rest) = text.strip_prefix("ns:") {
        (Calendar::Gregorian, rest)
    } else {
        (dataset_calendar, text)
    };
    parse_when(rest, calendar)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn julian(y: i64, m: u8, d: u8) -> Day {
        Day::from_calendar(Calendar::Julian, y, m, d).unwrap()
    }
    fn greg(y: i64, m: u8, d: u8) -> Day {
        Day::from_gregorian(y, m, d).unwrap()
    }

    #[test]
    fn october_revolution_is_seventh_of_november_new_style() {
        assert_eq!(julian(1917, 10, 25), greg(1917, 11, 7));
        assert_eq!(julian(1917, 10, 25).iso(Calendar::Julian), "1917-10-25");
        assert_eq!(
            julian(1917, 10, 25).show(CalendarView::Both),
            "1917-10-25 / 1917-11-07"
        );
    }

    #[test]
    fn julian_offset_is_not_constant() {
        // 12 days in the 19th century, 13 in the 20th, 10 in 1582.
        assert_eq!(julian(1825, 12, 14), greg(1825, 12, 26));
        assert_eq!(julian(1900, 2, 29), greg(1900, 3, 13));
        assert_eq!(julian(1582, 10, 5), greg(1582, 10, 15));
        // Year boundary: Orthodox Christmas 1917 falls in 1918 N.S.
        assert_eq!(julian(1917, 12, 25), greg(1918, 1, 7));
    }

    #[test]
    fn julian_1917_february_has_28_days() {
        assert!(Day::from_calendar(Calendar::Julian, 1917, 2, 29).is_none());
        assert!(parse_when("1917-02-29", Calendar::Julian).is_err());
    }

    #[test]
    fn interval_is_inclusive_in_text_and_half_open_inside() {
        let w = parse_when("1917-02-27/1917-07-03", Calendar::Julian).unwrap();
        assert_eq!(w.loose.start, Some(julian(1917, 2, 27)));
        assert_eq!(w.loose.end, Some(julian(1917, 7, 4)));
        assert!(w.loose.contains_day(julian(1917, 7, 3)));
        assert!(!w.loose.contains_day(julian(1917, 7, 4)));
        assert_eq!(w.loose, w.strict);
    }

    #[test]
    fn month_precision_differs_between_readings() {
        let w = parse_when("1917-03/1917-10", Calendar::Julian).unwrap();
        assert_eq!(
            w.loose,
            Span::new(Some(julian(1917, 3, 1)), Some(julian(1917, 11, 1)))
        );
        assert_eq!(
            w.strict,
            Span::new(Some(julian(1917, 3, 31)), Some(julian(1917, 10, 2)))
        );
    }

    #[test]
    fn strict_reading_of_same_month_interval_is_empty() {
        let w = parse_when("1917-10/1917-10", Calendar::Julian).unwrap();
        assert!(w.strict.is_empty());
        assert!(!w.loose.is_empty());
    }

    #[test]
    fn open_and_unknown_ends() {
        let open = parse_when("1917-09-09/..", Calendar::Julian).unwrap();
        assert_eq!(open.loose.end, None);
        assert_eq!(open.strict.end, None);
        let unknown = parse_when("1917-09-09/", Calendar::Julian).unwrap();
        assert_eq!(unknown.loose.end, None);
        assert_eq!(unknown.strict, Span::day(julian(1917, 9, 9)));
        let before = parse_when("../1917-03-02", Calendar::Julian).unwrap();
        assert_eq!(before.loose.start, None);
    }

    #[test]
    fn qualifiers_keep_bounds_and_are_flagged() {
        let w = parse_when("1917-07-20~", Calendar::Julian).unwrap();
        assert!(w.approximate && !w.uncertain);
        assert_eq!(w.loose, Span::day(julian(1917, 7, 20)));
    }

    #[test]
    fn reversed_interval_is_its_own_error() {
        let e = parse_when("1917-05-01/1917-04-01", Calendar::Julian).unwrap_err();
        assert!(matches!(e, DateError::Reversed { offset: 11, .. }), "{e:?}");
    }

    #[test]
    fn julian_leap_february_of_1900_covers_29_days() {
        let w = parse_when("1900-02", Calendar::Julian).unwrap();
        assert_eq!(w.loose.last_day(), Some(julian(1900, 2, 29)));
    }

    /// Regression: edtf-core checks days against Gregorian month lengths,
    /// so `1900-02-29`, a day of the Julian calendar, was refused as "out of
    /// range" in a Julian dataset.
    #[test]
    fn julian_29_february_of_1900_is_a_day() {
        let w = parse_when("1900-02-29", Calendar::Julian).unwrap();
        assert_eq!(w.loose, Span::day(julian(1900, 2, 29)));
        assert_eq!(w.loose.start, Some(greg(1900, 3, 13)));
        assert_eq!(julian(1900, 2, 29).iso(Calendar::Julian), "1900-02-29");
        let iv = parse_when("1900-02-29/1900-03-01", Calendar::Julian).unwrap();
        assert_eq!(iv.loose.start, Some(julian(1900, 2, 29)));
        assert_eq!(iv.loose.end, Some(julian(1900, 3, 2)));
        let iv = parse_when("1899-12-01/1900-02-29", Calendar::Julian).unwrap();
        assert_eq!(iv.loose.last_day(), Some(julian(1900, 2, 29)));
        let set = parse_when("[1800-02-29,1900-02-29]", Calendar::Julian).unwrap();
        assert_eq!(set.loose.start, Some(julian(1800, 2, 29)));
        assert_eq!(set.loose.last_day(), Some(julian(1900, 2, 29)));
        // Not a day of the Gregorian calendar, nor of a Julian common year.
        assert!(parse_when("1900-02-29", Calendar::Gregorian).is_err());
        assert!(parse_when("1917-02-29", Calendar::Julian).is_err());
    }

    /// Issue 17.6: 29 February of every century year from 1100 to 2000 is
    /// a Julian day (all are Julian leap years), lies between the 28th and
    /// 1 March, round-trips through its text, and falls on the Gregorian
    /// day an independent formula gives; in the Gregorian calendar only
    /// the years divisible by 400 have it.
    #[test]
    fn julian_29_february_of_every_century_year_is_a_day() {
        for year in (1100..=2000).step_by(100) {
            let leap = julian(year, 2, 29);
            let w = parse_when(&format!("{year}-02-29"), Calendar::Julian).unwrap();
            assert_eq!(w.loose, Span::day(leap), "{year}");
            assert_eq!(julian(year, 2, 28).next(), leap, "{year}");
            assert_eq!(leap.next(), julian(year, 3, 1), "{year}");
            assert!(julian(year, 2, 28) < leap && leap < julian(year, 3, 1));
            let iso = leap.iso(Calendar::Julian);
            assert_eq!(iso, format!("{year}-02-29"));
            assert_eq!(parse_when(&iso, Calendar::Julian).unwrap().loose, w.loose);
            // The Julian calendar runs (centuries - leap centuries - 2) days
            // behind from 1 March of a century year.
            let behind = year / 100 - year / 400 - 2;
            assert_eq!(leap, greg(year, 3, behind as u8), "{year}");
            let month = parse_when(&format!("{year}-02"), Calendar::Julian).unwrap();
            assert_eq!(month.loose.last_day(), Some(leap), "{year}");
            // With the real 28th in the same text (regression: refused).
            let both = parse_when(&format!("{year}-02-28/{year}-02-29"), Calendar::Julian)
                .unwrap_or_else(|e| panic!("{year}: {e:?}"));
            assert_eq!(
                both.loose,
                Span::new(Some(julian(year, 2, 28)), Some(julian(year, 3, 1)))
            );
            assert_eq!(
                both.strict,
                Span::new(Some(julian(year, 2, 28)), Some(julian(year, 3, 1)))
            );
            let reversed = parse_when(&format!("{year}-02-29/{year}-02-28"), Calendar::Julian);
            assert!(
                matches!(reversed, Err(DateError::Reversed { offset: 11, .. })),
                "{year}: {reversed:?}"
            );
            let gregorian = parse_when(&format!("{year}-02-29"), Calendar::Gregorian);
            if year % 400 == 0 {
                assert_eq!(gregorian.unwrap().loose, Span::day(greg(year, 2, 29)));
            } else {
                assert!(gregorian.is_err(), "{year}");
            }
        }
        // Still refused: a day no Julian year has, read apart or not.
        assert!(parse_when("1900-02-28/1900-02-30", Calendar::Julian).is_err());
        assert!(parse_when("1917-02-28/1917-02-29", Calendar::Julian).is_err());
    }

    /// Regression: the Julian year -1 was written `-001` (the sign took a
    /// digit's place), unlike the Gregorian `-0001`.
    #[test]
    fn negative_julian_years_have_four_digits() {
        let w = parse_when("-0001-03-01", Calendar::Julian).unwrap();
        assert_eq!(w.loose.start.unwrap().iso(Calendar::Julian), "-0001-03-01");
        let g = parse_when("-0001-03-01", Calendar::Gregorian).unwrap();
        assert_eq!(
            g.loose.start.unwrap().iso(Calendar::Gregorian),
            "-0001-03-01"
        );
    }

    #[test]
    fn overlap_is_half_open() {
        let a = Span::new(Some(greg(1917, 1, 1)), Some(greg(1917, 2, 1)));
        let b = Span::new(Some(greg(1917, 2, 1)), None);
        assert!(!a.overlaps(&b));
        let c = Span::new(Some(greg(1917, 1, 31)), None);
        assert!(a.overlaps(&c));
        assert!(Span::new(None, None).covers(&a));
        assert!(!a.covers(&b));
    }

    fn shown(text: &str, calendar: Calendar, view: CalendarView) -> String {
        parse_when(text, calendar).unwrap().show(view)
    }

    /// Issue 18, point 3: `1917-03/..` was shown as `1917-03-01 /
    /// 1917-03-14 – ..` and an approximate day looked exact.
    #[test]
    fn dates_are_shown_at_their_own_precision() {
        use CalendarView::*;
        let j = Calendar::Julian;
        assert_eq!(shown("1917-03/..", j, Both), "from March 1917 O.S.");
        assert_eq!(shown("1917-03/..", j, OldStyle), "from March 1917");
        assert_eq!(shown("1917-03/..", j, NewStyle), "from March 1917 O.S.");
        assert_eq!(shown("1917-07-20~", j, Both), "c. 1917-07-20 / 1917-08-02");
        assert_eq!(shown("1917-07?", j, OldStyle), "July 1917 (?)");
        assert_eq!(shown("1917", j, Both), "1917 O.S.");
        assert_eq!(shown("1917-10-25", j, Both), "1917-10-25 / 1917-11-07");
        assert_eq!(shown("1917-10-25", j, NewStyle), "1917-11-07");
        assert_eq!(shown("../1917-10-26", j, OldStyle), "until 1917-10-26");
        assert_eq!(
            shown("1917-09-01/", j, OldStyle),
            "from 1917-09-01, end unknown"
        );
        assert_eq!(
            shown("1917-03/1917-10-25", j, OldStyle),
            "March 1917 – 1917-10-25"
        );
        assert_eq!(shown("1917-1X", j, OldStyle), "1917-1X");
        assert_eq!(
            shown("1917-03/1917-10", j, Both),
            "March 1917 – October 1917 O.S."
        );
        assert_eq!(
            shown("..1917-03/1917-04", j, OldStyle),
            "on or before March 1917 – April 1917"
        );
        let w = parse_when("1917-06/1917-08-11~", j).unwrap();
        assert_eq!(w.show_start(OldStyle).as_deref(), Some("June 1917"));
        assert_eq!(w.show_end(OldStyle).as_deref(), Some("c. 1917-08-11"));
        assert_eq!(parse_when("1917-06/..", j).unwrap().show_end(Both), None);
    }

    /// Issue 18, point 4: a Gregorian dataset's dates are single dates in
    /// its native view, never an O.S./N.S. pair.
    #[test]
    fn gregorian_dates_have_no_old_style_pair_by_default() {
        let g = Calendar::Gregorian;
        let view = CalendarView::native(g);
        assert_eq!(shown("1918-11-04", g, view), "1918-11-04");
        assert_eq!(shown("1918-11/..", g, view), "from November 1918");
        assert_eq!(CalendarView::native(Calendar::Julian), CalendarView::Both);
        // Asked for both, a Gregorian month is marked N.S.
        assert_eq!(
            shown("1918-11", g, CalendarView::Both),
            "November 1918 N.S."
        );
    }

    #[test]
    fn cli_dates_take_calendar_prefixes() {
        let os = parse_cli_date("1917-10-25", Calendar::Julian).unwrap();
        let ns = parse_cli_date("ns:1917-11-07", Calendar::Julian).unwrap();
        assert_eq!(os.loose, ns.loose);
        let os2 = parse_cli_date("os:1917-10-25", Calendar::Gregorian).unwrap();
        assert_eq!(os2.loose, os.loose);
    }
}
