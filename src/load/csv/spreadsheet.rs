//! Cells a spreadsheet would run as formulas (CSV injection, OWASP): a
//! cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! read by Excel and LibreOffice as a formula (`=HYPERLINK(...)`,
//! `-2+3`, `@SUM(...)`). `export --format csv` writes such a cell with one
//! `'` in front, which spreadsheets take as "text follows"; the CSV loader
//! takes that `'` away again, so an export reads back to the same dataset.
//!
//! The two rules are exact inverses:
//!
//! * [`neutralise`]: a cell that is some `'`s (none or more) followed by a
//!   trigger character gets one more `'` in front, unless it is a plain
//!   decimal number (`-3`, `-0.5`, `1e-7`): a spreadsheet reads that as
//!   the number, which runs nothing, and a negative number must stay a
//!   number;
//! * [`restore`]: a cell that is one or more `'`s followed by a trigger
//!   character loses its first `'`.
//!
//! So `=1+2` ↔ `'=1+2`, `'=1+2` ↔ `''=1+2`, `-3` ↔ `-3`, `'x` ↔ `'x`.

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
pub const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// What [`neutralise`] puts in front of a cell.
pub const GUARD: char = '\'';

/// The cell behind the guards, if `cell` is guards (maybe none) followed by
/// a trigger character.
fn after_guards(cell: &str) -> Option<usize> {
    let rest = cell.trim_start_matches(GUARD);
    rest.starts_with(TRIGGERS)
        .then_some(cell.len() - rest.len())
}

/// True if `cell` is a plain decimal number: an optional `-`, digits, an
/// optional fraction and an optional exponent (`-3`, `-0.5`, `2.5e-3`).
fn is_number(cell: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = cell.strip_prefix('-').unwrap_or(cell);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let whole = match mantissa.split_once('.') {
        Some((a, b)) => digits(a) && digits(b),
        None => digits(mantissa),
    };
    whole && exponent.is_none_or(digits)
}

/// `cell` as written to a CSV export: with one [`GUARD`] in front if a
/// spreadsheet would read it as a formula (see the module documentation).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if after_guards(cell).is_some() && !is_number(cell) {
        Cow::Owned(format!("{GUARD}{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `cell` as read from a CSV file: the inverse of [`neutralise`], one
/// [`GUARD`] taken from the front of a guarded trigger cell. Returns
/// `None` if the cell is left as it is.
pub fn restore(cell: &str) -> Option<&str> {
    match after_guards(cell) {
        Some(n) if n > 0 => Some(&cell[GUARD.len_utf8()..]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_guard_numbers_and_plain_text_do_not() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+7", "'+7"),
            ("-2+3", "'-2+3"),
            ("-", "'-"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''-a", "'''-a"),
            // Numbers stay numbers; other text stays as it is.
            ("-3", "-3"),
            ("-0.5", "-0.5"),
            ("1e-7", "1e-7"),
            ("-2.5E+3", "-2.5E+3"),
            ("'x", "'x"),
            ("'", "'"),
            ("Petrograd = Piter", "Petrograd = Piter"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
            assert_eq!(restore(written).unwrap_or(written), cell, "{written:?}");
        }
    }

    #[test]
    fn restore_leaves_unguarded_cells_alone() {
        assert_eq!(restore("=x"), None);
        assert_eq!(restore("'x"), None);
        assert_eq!(restore("-3"), None);
        assert_eq!(restore("'-3"), Some("-3"));
    }
}
