//! A small element tree over an XML file, read with quick-xml, that keeps
//! the byte offset of every element and attribute value so that problems
//! found later name the file, line and column.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use crate::error::Diagnostic;
use crate::load::SourceFile;

/// One attribute: its name as written (with any prefix), its value with
/// entities resolved and whitespace normalised, and where the value starts.
#[derive(Debug)]
pub struct Attr {
    pub name: String,
    pub value: String,
    pub at: usize,
}

/// One element with its attributes, children and text.
#[derive(Debug, Default)]
pub struct Element {
    /// The name as written, with any prefix (`viz:color`).
    pub name: String,
    /// Byte offset of the `<`.
    pub at: usize,
    pub attrs: Vec<Attr>,
    pub children: Vec<Element>,
    /// The text directly inside it (entities resolved).
    pub text: String,
}

impl Element {
    /// The name without its prefix (`color` for `viz:color`).
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The attribute called `name` (exactly, prefix included).
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }

    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| a.value.as_str())
    }

    /// The children named `local` (prefix ignored only for unprefixed names).
    pub fn children<'e>(&'e self, local: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
        self.children.iter().filter(move |c| c.name == local)
    }

    /// The first child named `local`.
    pub fn child<'e>(&'e self, local: &'e str) -> Option<&'e Element> {
        self.children(local).next()
    }

    /// The text of this element and all below it, in document order.
    pub fn all_text(&self) -> String {
        let mut out = self.text.clone();
        for c in &self.children {
            out.push_str(&c.all_text());
        }
        out
    }
}

/// Parses `file` into its root element, or the first syntax error at its
/// line and column.
pub fn parse(file: &SourceFile) -> Result<Element, Diagnostic> {
    let text = file.text.as_str();
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let base = text.as_ptr() as usize;
    let offset = |slice: &[u8]| (slice.as_ptr() as usize).saturating_sub(base);
    let mut stack: Vec<Element> = vec![Element::default()];
    let fail = |at: u64, message: String| {
        Diagnostic::new(file.location(at as usize), message)
            .hint(Some("the file is not well-formed XML".into()))
    };
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| fail(reader.error_position(), format!("XML syntax: {e}")))?;
        match event {
            Event::Start(e) => {
                let el = element(&e, before as usize, &offset).map_err(|m| fail(before, m))?;
                stack.push(el);
            }
            Event::Empty(e) => {
                let el = element(&e, before as usize, &offset).map_err(|m| fail(before, m))?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(el);
                }
            }
            Event::End(_) => {
                let done = stack.pop().unwrap_or_default();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Err(fail(before, "closing tag without an opening one".into())),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let raw = format!("&{name};");
                let resolved = quick_xml::escape::unescape(&raw)
                    .map_err(|e| fail(before, format!("unknown entity `&{name};`: {e}")))?;
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map_or(String::new(), |e| e.name.clone());
        return Err(fail(
            text.len() as u64,
            format!("the file ends inside `<{open}>`"),
        ));
    }
    let mut top = stack.pop().unwrap_or_default();
    match top.children.len() {
        1 => Ok(top.children.pop().unwrap_or_default()),
        _ => Err(fail(0, "the file holds no root element".into())),
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

fn element(
    e: &BytesStart<'_>,
    at: usize,
    offset: &dyn Fn(&[u8]) -> usize,
) -> Result<Element, String> {
    let name = e.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a: Attribute<'_> = a.map_err(|err| format!("bad attribute in <{name}>: {err}"))?;
        let value_at = match &a.value {
            Cow::Borrowed(v) => offset(v.as_bytes()),
            Cow::Owned(_) => at,
        };
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| format!("bad attribute value in <{name}>: {err}"))?
            .into_owned();
        attrs.push(Attr {
            name: a.key.as_ref().to_string(),
            value,
            at: value_at,
        });
    }
    Ok(Element {
        name,
        at,
        attrs,
        children: Vec::new(),
        text: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_resolves_entities() {
        let file = SourceFile::new(
            "t.xml",
            "<a x=\"1 &amp; 2\">\n  <b y='z'>one &lt; two</b><c/></a>",
        );
        let root = parse(&file).unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.get("x"), Some("1 & 2"));
        let b = root.child("b").unwrap();
        assert_eq!(b.text, "one < two");
        assert_eq!(
            file.location(b.attr("y").unwrap().at).to_string(),
            "t.xml:2:9"
        );
        assert_eq!(root.children.len(), 2);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let file = SourceFile::new("t.xml", "<a>\n<b></c></a>");
        let e = parse(&file).unwrap_err();
        assert_eq!(e.location.line, 2, "{e}");
        assert!(e.message.contains("XML syntax"), "{e}");
    }
}
