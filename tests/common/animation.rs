//! An animation SVG read back with an XML parser: which elements it has,
//! in which periods, and its looks.

use std::collections::BTreeMap;

use quick_xml::Reader;
use quick_xml::events::Event;

/// What an animation SVG holds.
#[derive(Debug, Default)]
pub struct Animated {
    /// Each element's id (`org-ID`, `rel-A--KIND--B`) and its
    /// `data-periods`.
    pub elements: BTreeMap<String, Vec<String>>,
    /// Each look (`g.mv-look`): its classes and `data-periods`.
    pub looks: Vec<(String, Vec<String>)>,
    /// The text of its `<style>`, if any.
    pub style: String,
}

/// Parses `svg` (panics if it is not well-formed XML).
pub fn read(svg: &str) -> Animated {
    let mut reader = Reader::from_str(svg);
    let mut out = Animated::default();
    let mut in_style = false;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Start(tag) | Event::Empty(tag) => {
                let name = tag.name().as_ref().to_string();
                in_style = name == "style";
                if name != "g" {
                    continue;
                }
                let mut attrs = BTreeMap::new();
                for a in tag.attributes() {
                    let a = a.expect("well-formed attribute");
                    let value = quick_xml::escape::unescape(&a.value).unwrap().into_owned();
                    attrs.insert(a.key.as_ref().to_string(), value);
                }
                let Some(periods) = attrs.get("data-periods") else {
                    continue;
                };
                let periods: Vec<String> = periods.split(' ').map(str::to_string).collect();
                let class = attrs.get("class").cloned().unwrap_or_default();
                if class.split(' ').any(|c| c == "mv-look") {
                    out.looks.push((class, periods));
                } else if let Some(id) = attrs.get("id") {
                    assert!(
                        out.elements.insert(id.clone(), periods).is_none(),
                        "{id} twice"
                    );
                }
            }
            Event::Text(text) if in_style => out.style.push_str(&text.xml10_content()),
            Event::End(_) => in_style = false,
            Event::Eof => break,
            _ => {}
        }
    }
    out
}
