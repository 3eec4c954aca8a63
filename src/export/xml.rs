//! XML escaping shared by GEXF and GraphML.
//!
//! quick-xml escapes `&<>"'` but leaves line breaks and tabs alone, which
//! a reader normalises to spaces inside attribute values (and `\r` to `\n`
//! in text); characters XML 1.0 cannot hold at all (most C0 controls) would
//! make the file unreadable. So values are escaped here, completely, and
//! written as already-escaped text.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::BytesText;
use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

/// `s` escaped for an XML attribute value or text node; characters XML 1.0
/// forbids become U+FFFD.
pub fn escape(s: &str) -> Cow<'_, str> {
    let plain =
        |c: char| !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\n' | '\r' | '\t') && allowed(c);
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    Cow::Owned(out)
}

/// True for characters XML 1.0 documents may contain.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// An attribute whose value is escaped by [`escape`].
pub fn attr<'a>(key: &'a str, value: &'a str) -> Attribute<'a> {
    Attribute {
        key: QName(key),
        value: escape(value),
    }
}

/// `<name attrs...>text</name>` with the text escaped by [`escape`].
pub fn text_element<W: Write>(
    w: &mut Writer<W>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    w.create_element(name)
        .with_attributes(attrs.iter().map(|(k, v)| attr(k, v)))
        .write_text_content(BytesText::from_escaped(escape(text)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_line_breaks_and_forbidden_characters() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            escape("a<b & \"c\"\n'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;&apos;d&apos;\u{fffd}"
        );
    }
}
