//! Fitting text to a width: display widths, word wrapping and sharing a
//! line's width out among table columns.
//!
//! Widths are terminal columns (`unicode-width`): Cyrillic letters take one
//! column, CJK ideographs two.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The narrowest room wrapped text is given, however little is left.
pub const MIN_COLUMN: usize = 8;

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` broken into lines of at most `max` columns: between words where
/// possible, inside a word only when it is longer than a whole line. Line
/// breaks in `text` are kept; runs of spaces between words become one.
/// An empty text gives one empty line.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let (used, needed) = (width(&line), width(word));
            if !line.is_empty() && used + 1 + needed <= max {
                line.push(' ');
                line.push_str(word);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word;
            while width(rest) > max {
                let cut = break_word(rest, max);
                lines.push(rest[..cut].to_string());
                rest = &rest[cut..];
            }
            line.push_str(rest);
        }
        lines.push(line);
    }
    lines
}

/// Where to break a word longer than `max` columns: after its last hyphen
/// that fits and follows a letter (`inter-district-` / `conference`), else after as many
/// characters as fit (at least one, so that wrapping always advances).
fn break_word(word: &str, max: usize) -> usize {
    let mut used = 0;
    let mut after_hyphen = None;
    let mut before = (None, None);
    for (i, c) in word.char_indices() {
        used += c.width().unwrap_or(0);
        if used > max {
            return after_hyphen.unwrap_or(if i == 0 { c.len_utf8() } else { i });
        }
        if breaks_after(before, c) {
            after_hyphen = Some(i + 1);
        }
        before = (before.1, Some(c));
    }
    word.len()
}

/// True if a word may be broken after `c`, given the two characters
/// `before` it: a hyphen that follows a letter (`inter-`), but not the
/// exponent of a number (`4.39e-11`).
fn breaks_after(before: (Option<char>, Option<char>), c: char) -> bool {
    let exponent = matches!(before, (Some(d), Some('e' | 'E')) if d.is_ascii_digit());
    c == '-' && before.1.is_some_and(char::is_alphabetic) && !exponent
}

/// The narrowest a column may become: its longest word, counting the parts
/// of a hyphenated word apart (`inter-`, `district-`), so that numbers and
/// dates are never broken and ids only at their hyphens; but no more than
/// [`MAX_UNBROKEN`].
pub fn min_column(cells: &[&str]) -> usize {
    cells
        .iter()
        .flat_map(|c| c.split_whitespace())
        .flat_map(word_parts)
        .map(width)
        .max()
        .unwrap_or(0)
        .min(MAX_UNBROKEN)
}

/// The parts of `word` between which it may be broken: after a hyphen that
/// follows a letter (`inter-` / `district`), not inside `1917-10-25` or
/// `(4.39e-11)`.
fn word_parts(word: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut before = (None, None);
    let mut parts = Vec::new();
    for (i, c) in word.char_indices() {
        if breaks_after(before, c) {
            parts.push(&word[start..i + 1]);
            start = i + 1;
        }
        before = (before.1, Some(c));
    }
    parts.push(&word[start..]);
    parts.into_iter().filter(|p| !p.is_empty())
}

/// Words longer than this may be broken anywhere to fit a column.
pub const MAX_UNBROKEN: usize = 20;

/// Column widths that fit `total` terminal columns with `gap` columns
/// between neighbours, given each column's natural (widest cell) width and
/// the narrowest it may become ([`min_column`]): the widest columns give up
/// width first, down to a common cap, so short columns (dates, ids, counts)
/// keep their width and long text wraps. When even the minimums do not fit,
/// the columns get their minimums and a line is wider than `total`.
pub fn fit_columns(natural: &[usize], minimum: &[usize], total: usize, gap: usize) -> Vec<usize> {
    let gaps = gap * natural.len().saturating_sub(1);
    let available = total.saturating_sub(gaps);
    let widths = |cap: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(minimum)
            .map(|(&n, &m)| n.min(cap).max(m.min(n)))
            .collect()
    };
    let fits = |cap: usize| widths(cap).iter().sum::<usize>() <= available;
    // The sum grows with the cap: find the largest cap that fits.
    let (mut low, mut high) = (0, natural.iter().copied().max().unwrap_or(0));
    if fits(high) {
        return natural.to_vec();
    }
    while low + 1 < high {
        let mid = (low + high) / 2;
        if fits(mid) { low = mid } else { high = mid }
    }
    widths(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_between_words_and_keeps_every_word() {
        let text = "Factory meetings elect the workers' deputies and can recall them.";
        let lines = wrap(text, 20);
        assert_eq!(
            lines,
            [
                "Factory meetings",
                "elect the workers'",
                "deputies and can",
                "recall them."
            ]
        );
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn splits_only_words_longer_than_a_line() {
        assert_eq!(wrap("ab abcdefghij c", 4), ["ab", "abcd", "efgh", "ij c"]);
        // At a hyphen where there is one.
        assert_eq!(
            wrap("inter-district-conference (+42)", 16),
            ["inter-district-", "conference (+42)"]
        );
        // Never inside a number's exponent.
        assert_eq!(min_column(&["11 (4.394e-11)"]), "(4.394e-11)".len());
    }

    #[test]
    fn counts_terminal_columns_not_bytes() {
        assert_eq!(width("Петроград"), 9);
        assert_eq!(width("北京"), 4);
        assert_eq!(wrap("Петроградский совет", 13), ["Петроградский", "совет"]);
        // A wide character never straddles the limit.
        assert_eq!(wrap("北京市", 5), ["北京", "市"]);
    }

    #[test]
    fn keeps_line_breaks_and_empty_text() {
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn the_widest_columns_give_way_first() {
        // 23 + 8 + 220 + 150 with 2-column gaps into 100: 94 for the cells.
        let min = [10, 8, 12, 20];
        assert_eq!(
            fit_columns(&[23, 8, 220, 150], &min, 100, 2),
            [23, 8, 31, 31]
        );
        assert_eq!(fit_columns(&[10, 20], &[5, 5], 100, 2), [10, 20]);
        // Never below a column's minimum, even when that overflows.
        assert_eq!(fit_columns(&[30, 30, 30], &[8, 9, 10], 10, 2), [8, 9, 10]);
        // A column is never wider than its widest cell.
        assert_eq!(fit_columns(&[3, 30], &[3, 12], 10, 2), [3, 12]);
    }

    #[test]
    fn a_column_keeps_room_for_its_longest_word() {
        assert_eq!(min_column(&["0.106383", "in-degree", "a b"]), 8);
        assert_eq!(min_column(&["inter-district-conference"]), 10);
        // Hyphens between digits do not break: dates and ranges stay whole.
        assert_eq!(min_column(&["1917-10-25"]), 10);
        assert_eq!(min_column(&["front-29-regiments"]), 12);
        assert_eq!(min_column(&[&"x".repeat(50)]), MAX_UNBROKEN);
        assert_eq!(min_column(&[]), 0);
    }
}
