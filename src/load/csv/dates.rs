//! The `start`/`end` (or `during`) cells of a row -> the EDTF text the TOML
//! loader would have read, plus its loose span.
//!
//! A cell of digits only is a day number counted from the epoch (day 0 =
//! the epoch) **if the dataset declares day numbers** (docs/csv.md); `end`
//! day numbers are *exclusive* (`[start, end)`). Otherwise four digits are
//! an EDTF year and other digit strings an error with a hint, so that
//! `start=1875` never silently becomes a day of 1923.
//! Any other cell is one EDTF endpoint written in the dataset's calendar,
//! and an EDTF `end` is *inclusive*, as in the TOML files: the text is
//! `start/end`. So `start=0,end=48` and `start=1917-01-01,end=1917-02-17`
//! (epoch 1917-01-01, Gregorian) are the same 48 days. An empty `end` (or
//! `..`) is open; `..` as `start` is open too. A non-empty `during` cell
//! holds a whole EDTF expression instead (single dates, unknown ends...).

use chrono::{Datelike, Days, NaiveDate};
use toml::Spanned;

use super::table::Row;
use crate::error::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::time::{Calendar, DateError, Day, Span, parse_when};

/// Largest day number accepted (about 270 000 years).
const MAX_DAYS: u64 = 100_000_000;

/// Turns date cells into EDTF, with day numbers counted from `epoch`.
pub(super) struct Dates {
    pub calendar: Calendar,
    /// Day 0, if the dataset has one (its span's first day).
    pub epoch: Option<Day>,
    /// Whether cells of digits only are day numbers (declared).
    pub day_numbers: bool,
    /// Day numbers already converted: (day, ISO text in `calendar`).
    cache: Vec<Option<(Day, Box<str>)>>,
}

/// The cells a date is read from.
#[derive(Clone, Copy)]
pub(super) struct DateColumns {
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub during: Option<usize>,
    /// With none of the three columns in the file: the element has no
    /// known bounds (`../..`) rather than an error.
    pub open_if_absent: bool,
}

impl Dates {
    pub fn new(calendar: Calendar, epoch: Option<Day>, day_numbers: bool) -> Self {
        Self {
            calendar,
            epoch,
            day_numbers,
            cache: Vec::new(),
        }
    }

    /// Day number `n`, with its ISO date, or `None` past the range.
    fn day(&mut self, n: u64) -> Option<(Day, Box<str>)> {
        let epoch = self.epoch?;
        let index = usize::try_from(n).ok()?;
        if index < 1 << 20
            && let Some(Some(hit)) = self.cache.get(index)
        {
            return Some(hit.clone());
        }
        let date = epoch.gregorian().checked_add_days(Days::new(n))?;
        let day = from_naive(date)?;
        let value = (day, day.iso(self.calendar).into_boxed_str());
        if index < 1 << 20 {
            if self.cache.len() <= index {
                self.cache.resize(index + 1, None);
            }
            self.cache[index] = Some(value.clone());
        }
        Some(value)
    }

    /// Reads the row's dates. Problems are reported at the cell (and column
    /// inside it) where they lie; `None` then.
    pub fn read(
        &mut self,
        file: &SourceFile,
        row: &Row<'_>,
        cols: DateColumns,
        subject: &dyn Fn() -> String,
        problems: &mut Diagnostics,
    ) -> Option<(Spanned<String>, Span)> {
        let at = |i: Option<usize>, k: usize| file.location(row.offset_in(i, k));
        let report = |problems: &mut Diagnostics, d: Diagnostic| problems.push(d.about(subject()));
        let start = row.get(cols.start);
        let end = row.get(cols.end);
        let during = row.get(cols.during);
        if !during.is_empty() {
            if !start.is_empty() || !end.is_empty() {
                report(
                    problems,
                    Diagnostic::new(
                        at(cols.during, 0),
                        "dates given twice: in `during` and in `start`/`end`",
                    )
                    .hint(Some(
                        "empty either `during` or both `start` and `end`".into(),
                    )),
                );
                return None;
            }
            return match parse_when(during, self.calendar) {
                Ok(w) => Some((row.text(cols.during), w.loose)),
                Err(e) => {
                    let d =
                        self.date_problem(&e, at(cols.during, e.offset()), format!("`{during}`"));
                    report(problems, d);
                    None
                }
            };
        }
        if cols.start.is_none() && cols.end.is_none() && cols.during.is_none() {
            if cols.open_if_absent {
                let text = Spanned::new(row.span(None), crate::time::UNDATED.to_string());
                return Some((text, Span::new(None, None)));
            }
            report(
                problems,
                Diagnostic::new(at(None, 0), "no dates").hint(Some(
                    "add the columns `start` and `end` (or `during`) to the header".into(),
                )),
            );
            return None;
        }
        if start.is_empty() {
            report(
                problems,
                Diagnostic::new(at(cols.start, 0), "`start` is empty").hint(Some(format!(
                    "write {}; `..` for an open start",
                    self.what_to_write()
                ))),
            );
            return None;
        }
        let start_n = self.number(file, row, cols.start, subject, problems)?;
        let end_n = if end.is_empty() || end == ".." {
            None
        } else {
            self.number(file, row, cols.end, subject, problems)?
        };
        if let (Some(s), Some(e)) = (start_n, end_n)
            && e <= s
        {
            report(
                problems,
                Diagnostic::new(
                    at(cols.end, 0),
                    format!("ends on day {e}, not after its start (day {s})"),
                )
                .hint(Some(
                    "`end` is the first day the element no longer exists (exclusive)".into(),
                )),
            );
            return None;
        }
        let start_day = match start_n {
            Some(n) => Some(self.number_day(n, file, row, cols.start, subject, problems)?),
            None => None,
        };
        let end_day = match end_n {
            Some(n) => Some(self.number_day(n, file, row, cols.end, subject, problems)?),
            None => None,
        };
        let start_text: &str = start_day.as_ref().map_or(start, |(_, t)| t);
        // An exclusive day number `e` ends on day `e - 1`, inclusive.
        let last = match end_n {
            Some(e) if start_n.is_some() || e > 0 => Some(
                self.number_day(e - 1, file, row, cols.end, subject, problems)?
                    .1,
            ),
            _ => None,
        };
        let end_text: &str = match (&last, end_n) {
            (Some(t), _) => t,
            (None, Some(_)) => {
                report(
                    problems,
                    Diagnostic::new(at(cols.end, 0), "ends on day 0, before any day").hint(Some(
                        "`end` is exclusive: the first day no longer included".into(),
                    )),
                );
                return None;
            }
            (None, None) if end.is_empty() => "..",
            (None, None) => end,
        };
        let text = format!("{start_text}/{end_text}");
        let span = row.span(cols.start);
        if text == crate::time::UNDATED {
            // `..` to `..`: written by exports of undated elements.
            return Some((Spanned::new(span, text), Span::new(None, None)));
        }
        if let (Some((s, _)), Some((e, _))) = (&start_day, &end_day) {
            return Some((Spanned::new(span, text), Span::new(Some(*s), Some(*e))));
        }
        if let (Some((s, _)), None, true) = (&start_day, &end_day, end_text == "..") {
            return Some((Spanned::new(span, text), Span::new(Some(*s), None)));
        }
        match parse_when(&text, self.calendar) {
            Ok(w) => Some((Spanned::new(span, text), w.loose)),
            Err(e) => {
                let offset = e.offset();
                let in_end = matches!(e, DateError::Reversed { .. }) || offset > start_text.len();
                let (cell, shown, k) = if in_end {
                    let k = if end_n.is_some() {
                        0
                    } else {
                        offset.saturating_sub(start_text.len() + 1)
                    };
                    (cols.end, format!("end `{end}`"), k)
                } else {
                    let k = if start_n.is_some() { 0 } else { offset };
                    (cols.start, format!("start `{start}`"), k)
                };
                let d = match e {
                    DateError::Reversed { .. } => Diagnostic::new(
                        at(cols.end, 0),
                        format!("ends ({end_text}) before it starts ({start_text})"),
                    )
                    .hint(Some(
                        "swap the two dates, or fix the one that is wrong".into(),
                    )),
                    _ => self.date_problem(&e, at(cell, k), shown),
                };
                report(problems, d);
                None
            }
        }
    }

    /// `Some(n)` for a cell of digits, `None` for anything else (EDTF);
    /// an error (reported) for a day number that is too large.
    #[allow(clippy::option_option)]
    fn number(
        &self,
        file: &SourceFile,
        row: &Row<'_>,
        col: Option<usize>,
        subject: &dyn Fn() -> String,
        problems: &mut Diagnostics,
    ) -> Option<Option<u64>> {
        let cell = row.get(col);
        if cell.is_empty() || !cell.bytes().all(|b| b.is_ascii_digit()) {
            return Some(None);
        }
        if !self.day_numbers {
            // Four digits are an EDTF year; anything else would have been a
            // day number, which the dataset does not declare.
            if cell.len() == 4 {
                return Some(None);
            }
            problems.push(
                Diagnostic::new(
                    file.location(row.offset_in(col, 0)),
                    format!("`{cell}` is neither a year (four digits) nor a declared day number"),
                )
                .about(subject())
                .hint(Some(
                    "write a year as four digits (0875) or an EDTF date; to count days from day 0, declare `day_numbers = true` in dataset.toml (day 0 is the first day of its span) or give the CSV import an epoch, its day 0 (see docs/csv.md)".into(),
                )),
            );
            return None;
        }
        match cell.parse::<u64>() {
            Ok(n) if n <= MAX_DAYS => Some(Some(n)),
            _ => {
                problems.push(
                    Diagnostic::new(
                        file.location(row.offset_in(col, 0)),
                        format!("day number {cell} is too large (at most {MAX_DAYS})"),
                    )
                    .about(subject()),
                );
                None
            }
        }
    }

    fn number_day(
        &mut self,
        n: u64,
        file: &SourceFile,
        row: &Row<'_>,
        col: Option<usize>,
        subject: &dyn Fn() -> String,
        problems: &mut Diagnostics,
    ) -> Option<(Day, Box<str>)> {
        if self.epoch.is_none() {
            problems.push(
                Diagnostic::new(
                    file.location(row.offset_in(col, 0)),
                    "day numbers need an epoch, but the dataset's span has no first day",
                )
                .about(subject())
                .hint(Some(
                    "give `span` a start in dataset.toml (day 0 is its first day)".into(),
                )),
            );
            return None;
        }
        let day = self.day(n);
        if day.is_none() {
            problems.push(
                Diagnostic::new(
                    file.location(row.offset_in(col, 0)),
                    format!("day number {n} lies beyond the dates this tool can represent"),
                )
                .about(subject()),
            );
        }
        day
    }

    /// What a date cell may hold, for hints: day numbers only where the
    /// dataset declares them.
    fn what_to_write(&self) -> &'static str {
        if self.day_numbers {
            "a day number or an EDTF date"
        } else {
            "an EDTF date"
        }
    }

    fn date_problem(&self, e: &DateError, at: crate::error::Location, shown: String) -> Diagnostic {
        let calendar = match self.calendar {
            Calendar::Julian => "Julian (Old Style)",
            Calendar::Gregorian => "Gregorian (New Style)",
        };
        let (message, hint) = match e {
            DateError::Syntax { message, .. } if message.contains("out of range") => (
                format!("{shown} is not a date: {message}"),
                format!(
                    "that day does not exist; dates in this dataset are read in the {calendar} calendar"
                ),
            ),
            DateError::Syntax { message, .. } => (
                format!("{shown} is not an EDTF date: {message}"),
                format!(
                    "write {}: 1917-10-25, 1917-10, 1917-07-20~ (approximate), `..` (open)",
                    self.what_to_write()
                ),
            ),
            DateError::NoSuchDay { .. } => (
                format!("{shown} is not a day of the {calendar} calendar"),
                format!("dates in this dataset are read in the {calendar} calendar"),
            ),
            other => (
                format!("{shown}: {other}"),
                format!("write {}", self.what_to_write()),
            ),
        };
        Diagnostic::new(at, message).hint(Some(hint))
    }
}

/// The `Day` of a chrono date.
pub(super) fn from_naive(date: NaiveDate) -> Option<Day> {
    Day::from_gregorian(i64::from(date.year()), date.month() as u8, date.day() as u8)
}
