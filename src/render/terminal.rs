//! Text from a dataset made safe to print: control characters shown, not
//! obeyed.
//!
//! Names, notes and diagnostics come from the dataset, which may be
//! hostile: an escape sequence in an organisation's name would otherwise
//! clear the screen or set the terminal's title when a user runs
//! `councils validate`. Every piece of text output for people (tables,
//! documents, Markdown, diagnostics on standard error) goes through
//! [`printable`].

use std::borrow::Cow;

/// True for a character that must not reach a terminal as is: C0 controls
/// but line feed and tab (carriage return, backspace and escape can rewrite
/// what was printed), DEL, the C1 controls U+0080–U+009F (U+009B starts a
/// control sequence like `ESC [` on many terminals), and the bidirectional
/// embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069,
/// which reorder the text displayed after them.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [unsafe](is_unsafe) character replaced by its Rust
/// escape `\u{..}` in lowercase hexadecimal (ESC becomes `\u{1b}`, U+202E
/// becomes `\u{202e}`), so that it shows what the data holds and does
/// nothing. Borrowed, without copying, when there is nothing to replace
/// (the usual case). A backslash already in the text is left alone, so a
/// name that spells `\u{1b}` in plain letters prints the same; JSON output
/// (which escapes as JSON does) tells the two apart.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_bells_and_overrides_become_visible() {
        assert_eq!(
            printable("a\x1b]0;pwned\x07\x1b[2Jb\u{202E}c\u{2066}d\r\x7f\u{9b}"),
            "a\\u{1b}]0;pwned\\u{7}\\u{1b}[2Jb\\u{202e}c\\u{2066}d\\u{d}\\u{7f}\\u{9b}"
        );
    }

    #[test]
    fn ordinary_text_line_breaks_and_tabs_are_borrowed_unchanged() {
        for text in ["Петроградский совет", "a\nb\tc", "", "\\u{1b} typed"] {
            assert!(matches!(printable(text), Cow::Borrowed(t) if t == text));
        }
        // Right-to-left letters and the marks that are not overrides stay.
        assert_eq!(printable("שלום \u{200F}"), "שלום \u{200F}");
    }
}
