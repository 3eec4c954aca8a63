//! Days from GEXF and GraphML times: intervals of whole days, and the
//! clock that reads dates or day numbers (from `--epoch`).

use super::{Graph, Options};
use crate::error::{Error, Result};
use crate::time::{Calendar, Day, Span, parse_when};

/// An interval of whole days, both ends inclusive (`None`: open).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Days {
    pub first: Option<Day>,
    pub last: Option<Day>,
}

impl Days {
    pub(super) fn span(self) -> Span {
        Span::new(self.first, self.last.map(Day::next))
    }

    pub(super) fn from_span(span: Span) -> Self {
        Self {
            first: span.start,
            last: span.last_day(),
        }
    }

    /// EDTF text in `calendar`: `first/last`, `..` where open.
    pub(super) fn edtf(self, calendar: Calendar) -> String {
        let end = |d: Option<Day>| d.map_or_else(|| "..".to_string(), |d| d.iso(calendar));
        format!("{}/{}", end(self.first), end(self.last))
    }

    /// The smallest interval holding both.
    pub(super) fn hull(self, other: Self) -> Self {
        Self {
            first: self.first.zip(other.first).map(|(a, b)| a.min(b)),
            last: self.last.zip(other.last).map(|(a, b)| a.max(b)),
        }
    }

    /// The part of `self` inside `outer`, if any.
    pub(super) fn clip(self, outer: Self) -> Option<Self> {
        let first = match (self.first, outer.first) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        let last = match (self.last, outer.last) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match (first, last) {
            (Some(a), Some(b)) if b < a => None,
            _ => Some(Self { first, last }),
        }
    }
}

/// How a time in the file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeFormat {
    /// An ISO date (`2001-09-11`, a time after `T` is dropped).
    Date,
    /// A number of days from the epoch.
    Number,
}

/// Turns times into days, reporting a missing epoch once.
#[derive(Debug)]
pub struct Clock {
    pub format: TimeFormat,
    epoch: Option<Day>,
    missing_epoch_reported: bool,
    /// Times whose time of day was dropped.
    pub truncated: usize,
}

impl Clock {
    /// A clock for `format`, with day 0 at `options.epoch` if given.
    pub fn new(format: TimeFormat, options: &Options) -> Result<Self> {
        let epoch = match &options.epoch {
            None => None,
            Some(text) => {
                let when = parse_when(text, Calendar::Gregorian)?;
                match (when.loose.start, when.loose.end) {
                    (Some(s), Some(e)) if s.next() == e => Some(s),
                    _ => {
                        return Err(Error::Parameter {
                            name: "epoch",
                            value: Some(text.clone()),
                            problem: "is not one day".into(),
                            hint: Some("give one day, e.g. 2000-01-01".into()),
                        });
                    }
                }
            }
        };
        Ok(Self {
            format,
            epoch,
            missing_epoch_reported: false,
            truncated: 0,
        })
    }

    /// The day `text` names, or a problem reported at `at`.
    pub fn day(&mut self, graph: &mut Graph, text: &str, at: usize) -> Option<Day> {
        let text = text.trim();
        if self.format == TimeFormat::Number {
            let Ok(x) = text.parse::<f64>() else {
                graph.problem(
                    at,
                    format!("time `{text}` is not a number"),
                    Some("the graph's timeformat says times are numbers".into()),
                );
                return None;
            };
            if x.fract() != 0.0 || !x.is_finite() || x.abs() > 3.0e6 {
                graph.problem(
                    at,
                    format!("time `{text}` is not a whole number of days"),
                    Some("councils counts whole days; round the times in the file".into()),
                );
                return None;
            }
            let Some(epoch) = self.epoch else {
                if !self.missing_epoch_reported {
                    self.missing_epoch_reported = true;
                    graph.problem(
                        at,
                        format!("time `{text}` is a number, and numbers need a day 0"),
                        Some("give --epoch DATE (day 0 of the file's times, e.g. --epoch 2000-01-01)".into()),
                    );
                }
                return None;
            };
            let date = epoch.gregorian() + chrono::Duration::days(x as i64);
            return Day::from_gregorian(
                i64::from(chrono::Datelike::year(&date)),
                chrono::Datelike::month(&date) as u8,
                chrono::Datelike::day(&date) as u8,
            );
        }
        let (date, rest) = match text.find('T') {
            Some(i) => (&text[..i], &text[i..]),
            None => (text, ""),
        };
        if !rest.is_empty() {
            self.truncated += 1;
        }
        match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
            Ok(d) => Day::from_gregorian(
                i64::from(chrono::Datelike::year(&d)),
                chrono::Datelike::month(&d) as u8,
                chrono::Datelike::day(&d) as u8,
            ),
            Err(_) => {
                graph.problem(
                    at,
                    format!("time `{text}` is not a date"),
                    Some(
                        "write YYYY-MM-DD (a Gregorian date), or a number of days with --epoch"
                            .into(),
                    ),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_clip_and_hull() {
        let d = |a: i64, b: i64| Days {
            first: Day::from_gregorian(2000, 1, a as u8),
            last: Day::from_gregorian(2000, 1, b as u8),
        };
        assert_eq!(d(1, 10).clip(d(5, 20)), Some(d(5, 10)));
        assert_eq!(d(1, 3).clip(d(5, 20)), None);
        assert_eq!(d(1, 3).hull(d(5, 20)), d(1, 20));
        assert_eq!(d(1, 3).edtf(Calendar::Gregorian), "2000-01-01/2000-01-03");
        assert_eq!(Days::default().edtf(Calendar::Gregorian), "../..");
    }
}
