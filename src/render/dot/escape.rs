//! Quoting text for DOT, so that no name, note or citation can break the
//! file or change what Graphviz draws.
//!
//! Three layers read a label, and each needs its own escape:
//!
//! 1. the DOT lexer, which inside `"..."` only turns `\"` into `"` (and
//!    drops a backslash before a line break);
//! 2. Graphviz's `escString` rules for labels, tooltips and ids, where a
//!    backslash starts an escape (`\n`, `\l`, `\N`, `\G`, ...) and `\\` is a
//!    backslash;
//! 3. the entity decoding Graphviz applies to ordinary labels (`&amp;`
//!    becomes `&`), and the SVG writer, which leaves anything that looks like
//!    an entity alone.
//!
//! [`esc_string`] therefore writes `\` as `\\`, `"` as `\"`, a line break as
//! `\n`, `&` as `&amp;`, and any other control character as a space.
//! [`unescape`] is its exact inverse, used by the tests to read labels back
//! out of parsed DOT. HTML-like labels (the legend) go through
//! [`html_text`] instead.

/// `text` as a quoted DOT string for an `escString` attribute (label,
/// tooltip, id, cluster label), quotes included.
///
/// # Example
///
/// ```
/// use councils::render::dot::escape::{esc_string, unescape};
/// let hostile = "say \"да\" \\N & <b>{x}\nnext";
/// assert_eq!(esc_string(hostile), r#""say \"да\" \\N &amp; <b>{x}\nnext""#);
/// assert_eq!(unescape(&esc_string(hostile)).as_deref(), Some(hostile));
/// ```
pub fn esc_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as a quoted DOT string for a `tooltip`.
///
/// Graphviz reads a tooltip's backslashes twice (once as an `escString`,
/// then again when it substitutes `\N`, `\G` and the like), so each
/// backslash of `text` is doubled before [`esc_string`] escapes it again;
/// without that, a note containing `\N` would show the node's name.
///
/// ```
/// use councils::render::dot::escape::{esc_tooltip, unescape_tooltip};
/// assert_eq!(esc_tooltip(r"a\N"), r#""a\\\\N""#);
/// let note = r#"a\N "q" \"#;
/// assert_eq!(unescape_tooltip(&esc_tooltip(note)).as_deref(), Some(note));
/// ```
pub fn esc_tooltip(text: &str) -> String {
    esc_string(&text.replace('\\', "\\\\"))
}

/// The text a quoted string made by [`esc_tooltip`] stands for.
pub fn unescape_tooltip(quoted: &str) -> Option<String> {
    unescape(quoted).map(|t| t.replace("\\\\", "\\"))
}

/// The text a quoted string made by [`esc_string`] stands for, or `None` if
/// `quoted` is not such a string.
///
/// Control characters other than line breaks, which `esc_string` replaces
/// by spaces, cannot be recovered.
pub fn unescape(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                'n' => out.push('\n'),
                _ => return None,
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out.replace("&amp;", "&"))
}

/// `text` for the inside of an HTML-like label: `&`, `<`, `>`, `"` and `'`
/// as entities, a line break as `<BR/>`, other control characters as
/// spaces.
///
/// ```
/// use councils::render::dot::escape::html_text;
/// assert_eq!(html_text("a<b> & \"c\"\nд"), "a&lt;b&gt; &amp; &quot;c&quot;<BR/>д");
/// ```
pub fn html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<BR/>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `text` reduced to a CSS class name: ASCII letters, digits, `-` and `_`
/// kept, anything else replaced by `_`.
pub fn class_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Breaks `text` into lines of at most `width` characters at spaces (a
/// longer word stays whole); line breaks already in `text` are kept.
/// A `width` of 0 leaves `text` as it is.
///
/// ```
/// use councils::render::dot::escape::wrap;
/// assert_eq!(wrap("Petrograd Soviet of Workers' Deputies", 16), "Petrograd Soviet\nof Workers'\nDeputies");
/// assert_eq!(wrap("one\ntwo three", 3), "one\ntwo\nthree");
/// ```
pub fn wrap(text: &str, width: usize) -> String {
    if width == 0 {
        return text.to_string();
    }
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let fits = line.chars().count() + 1 + word.chars().count() <= width;
            if line.is_empty() {
                line.push_str(word);
            } else if fits {
                line.push(' ');
                line.push_str(word);
            } else {
                lines.push(std::mem::take(&mut line));
                line.push_str(word);
            }
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: [&str; 9] = [
        "",
        "\"",
        "\\",
        "\\\"",
        "ends with a backslash\\",
        "\\N \\G \\L \\n literal",
        "<table> {braces} [brackets] ; , = -> --",
        "&amp; &lt; &#123; &",
        "Петроградский Совет\r\nрабочих",
    ];

    #[test]
    fn esc_string_round_trips_hostile_text() {
        for text in HOSTILE {
            let expected = text.replace("\r\n", "\n");
            assert_eq!(
                unescape(&esc_string(text)).as_deref(),
                Some(expected.as_str()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn esc_string_leaves_no_raw_quote_or_line_break() {
        for text in HOSTILE {
            let quoted = esc_string(text);
            let inner = &quoted[1..quoted.len() - 1];
            assert!(!inner.contains('\n') && !inner.contains('\r'), "{quoted}");
            // Every quote inside is preceded by an odd run of backslashes.
            let bytes = inner.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'"' {
                    let run = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
                    assert_eq!(run % 2, 1, "{quoted}");
                }
            }
            assert!(
                !inner.ends_with('\\') || inner.ends_with("\\\\"),
                "{quoted}"
            );
        }
    }

    #[test]
    fn esc_tooltip_round_trips_hostile_text() {
        for text in HOSTILE {
            let expected = text.replace("\r\n", "\n");
            assert_eq!(
                unescape_tooltip(&esc_tooltip(text)).as_deref(),
                Some(expected.as_str()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(esc_string("a\tb\u{7}c"), "\"a b c\"");
        assert_eq!(html_text("a\tb"), "a b");
    }

    #[test]
    fn html_text_escapes_markup() {
        assert_eq!(html_text("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
        assert!(!html_text("x >> y").contains('>'));
    }

    #[test]
    fn wrap_counts_characters_not_bytes() {
        assert_eq!(
            wrap("Совет рабочих депутатов", 13),
            "Совет рабочих\nдепутатов"
        );
        assert_eq!(wrap("  spaced   out  ", 40), "spaced out");
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            "averyveryverylongword\nx"
        );
    }

    #[test]
    fn class_names_are_css_safe() {
        assert_eq!(class_name("sr-menshevik"), "sr-menshevik");
        assert_eq!(class_name("a b\"<c>"), "a_b__c_");
    }
}
