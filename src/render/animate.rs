//! The network in motion: the period diagrams merged into one SVG whose
//! elements fade in and out, period by period, in their stable places.
//!
//! Every period's diagram is laid out on the same skeleton (the union of
//! all periods, see [`super::dot`]), so Graphviz puts each organisation and
//! relation at the same coordinates in each of them; only what is drawn,
//! and how (fill, outline, tooltip), differs. [`Movie::merge`] takes the
//! SVG of each period and keeps each element once, keyed by its id
//! (`org-ID`, `rel-A--KIND--B`, `legend...`), with the periods it is drawn
//! in (`data-periods`), and inside it one *look* for each distinct way it
//! is drawn, with the periods drawn that way. A frame of the movie is then
//! exactly that period's diagram: its fills (the majority then), its
//! tooltips, its legend, its title.
//!
//! [`Movie::svg`] writes the merged SVG for a script to step through
//! ([`Animation::Script`]: the report's player toggles the looks), or as a
//! self-contained SVG that plays by itself with CSS keyframes
//! ([`Animation::Css`]), looping, with a fade between periods (a cut under
//! `prefers-reduced-motion`).
//!
//! Output is deterministic: elements in the diagrams' order, looks in the
//! order of their first period, gradient ids numbered in output order.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::dot::{self, DotOptions};
use crate::slice::Snapshot;

/// One frame of the movie: a period (or a date) and what it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The period id (or the snapshot's label): the value listed in
    /// `data-periods`.
    pub id: String,
    /// The period's label.
    pub label: String,
    /// Its dates, in the calendar view of the diagrams.
    pub dates: String,
    /// Organisations in the snapshot.
    pub organisations: usize,
    /// Relations in the snapshot.
    pub relations: usize,
    /// The heading of its diagram under the dataset's title
    /// ([`dot::heading`]).
    pub heading: String,
}

impl Frame {
    /// The frame of `snapshot` drawn with `options`: its period's label and
    /// dates when it is a period of the dataset, else its label and window.
    pub fn of(snapshot: &Snapshot<'_>, options: &DotOptions) -> Self {
        let view = options.view;
        let period = snapshot.dataset.period(&snapshot.label);
        Self {
            id: snapshot.label.clone(),
            label: period.map_or_else(|| snapshot.label.clone(), |p| p.label.clone()),
            dates: period.map_or_else(|| snapshot.window.show(view), |p| p.during.show(view)),
            organisations: snapshot.graph.node_count(),
            relations: snapshot.graph.edge_count(),
            heading: dot::heading(snapshot, options),
        }
    }

    /// The first line of the heading: what differs between frames.
    fn heading_line(&self) -> &str {
        self.heading.lines().next().unwrap_or_default()
    }
}

/// The title to draw every frame with ([`DotOptions::title`]) so that
/// their layouts match: the heading whose first line is the longest. A
/// period's heading widens its diagram when the network is narrower than
/// it, and Graphviz then centres the drawing, so a frame drawn with its own
/// heading may be shifted. [`Movie::merge`] writes each frame's own heading
/// back in its place.
pub fn common_title(frames: &[Frame]) -> Option<String> {
    frames
        .iter()
        .max_by_key(|f| {
            (
                f.heading_line().chars().count(),
                std::cmp::Reverse(f.id.clone()),
            )
        })
        .map(|f| f.heading.clone())
}

/// How [`Movie::svg`] animates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Animation {
    /// Not by itself: the first frame is shown, and a script shows a frame
    /// by toggling the class `is-off` of the looks (`g.mv-look`) whose
    /// `data-periods` lack its period.
    Script,
    /// By itself, with CSS keyframes: each period for this many seconds,
    /// looping.
    Css {
        /// Seconds each period is shown, the fade included.
        seconds_per_frame: f64,
    },
}

/// Why the diagrams cannot be merged.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnimateError {
    /// Not one diagram per frame, or none.
    #[error("an animation needs one diagram per frame: {frames} frames, {diagrams} diagrams")]
    Count {
        /// Frames given.
        frames: usize,
        /// Diagrams given.
        diagrams: usize,
    },
    /// A diagram is not SVG as Graphviz writes it.
    #[error("the diagram of `{frame}` is not SVG as Graphviz writes it: {why}")]
    Unreadable {
        /// The frame's id.
        frame: String,
        /// What is wrong.
        why: String,
    },
    /// The diagrams are not laid out alike (a compact layout, other options).
    #[error(
        "the diagrams of `{first}` and `{other}` are not laid out alike (their size or their elements differ), so their elements are not in the same places: an animation needs the stable layout (leave out --compact)"
    )]
    Unstable {
        /// The first frame's id.
        first: String,
        /// The frame that differs.
        other: String,
    },
}

/// One way an element is drawn, and the frames drawn that way.
#[derive(Debug)]
struct Look {
    frames: Vec<usize>,
    /// The classes of the element drawn this way (keyed elements).
    class: String,
    /// The drawing, gradient ids replaced by [`gradient_mark`]s.
    body: String,
}

/// An element of the diagrams: a group with an id (node, edge, cluster),
/// or a loose element of the graph (its title lines, its background).
#[derive(Debug)]
struct Item {
    /// The raw (escaped) id of a group; `None` for a loose element.
    id: Option<String>,
    /// The group's `<title>` element.
    title: String,
    looks: Vec<Look>,
}

impl Item {
    fn frames(&self) -> Vec<usize> {
        let mut all: Vec<usize> = self.looks.iter().flat_map(|l| l.frames.clone()).collect();
        all.sort_unstable();
        all
    }
}

/// The period diagrams merged (see the module documentation).
#[derive(Debug)]
pub struct Movie {
    frames: Vec<Frame>,
    /// Up to the root `<svg ...>` tag, inclusive.
    head: String,
    /// The graph group's opening tag.
    graph_open: String,
    items: Vec<Item>,
}

/// A child of the graph group of one diagram.
struct Piece {
    /// Where it goes: the number of comments before it (Graphviz writes a
    /// comment before every node, edge and cluster, drawn or not, so the
    /// comments are the skeleton's order), and its place after the last.
    slot: (usize, usize),
    /// Unescaped id, for matching (`None`: loose, matched by position).
    key: Option<String>,
    id: Option<String>,
    class: String,
    title: String,
    body: String,
}

/// A diagram split into its root tag, graph tag and the graph's children.
struct Split {
    head: String,
    graph_open: String,
    /// The comments naming the skeleton's elements.
    comments: Vec<String>,
    pieces: Vec<Piece>,
}

fn attribute(tag: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    tag.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

/// Splits Graphviz SVG text into its parts.
fn split(svg: &str) -> Result<Split, String> {
    let mut reader = Reader::from_str(svg);
    let mut depth = 0usize;
    let mut head = None;
    let mut graph: Option<(usize, String)> = None;
    let mut pieces = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut since = 0usize;
    // The child of the graph being read: its start, the end of its opening
    // tag, its id and class, and the span of its title.
    let mut open: Option<(usize, usize, Option<String>, String)> = None;
    let mut title: Option<(usize, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(tag) => {
                depth += 1;
                let name = tag.name().as_ref().to_string();
                match (&graph, depth) {
                    (None, 1) if name == "svg" => head = Some(svg[..after].to_string()),
                    (None, 2) if name == "g" => {
                        graph = Some((depth, svg[before..after].to_string()));
                    }
                    (Some((g, _)), d) if d == g + 1 => {
                        let id = attribute(&tag, "id");
                        let class = attribute(&tag, "class").unwrap_or_default();
                        open = Some((before, after, id, class));
                        title = None;
                    }
                    (Some((g, _)), d) if d == g + 2 && name == "title" && title.is_none() => {
                        title = Some((before, before));
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                if let Some((g, _)) = &graph {
                    if depth == g + 2 && tag.name().as_ref() == "title" {
                        if let Some((start, _)) = title {
                            title = Some((start, after));
                        }
                    } else if depth == g + 1
                        && let Some((start, open_end, id, class)) = open.take()
                    {
                        let keyed = id.is_some() && tag.name().as_ref() == "g";
                        since += 1;
                        let slot = (comments.len(), since);
                        let piece = if keyed {
                            let (t0, t1) = title.unwrap_or((open_end, open_end));
                            let body = format!("{}{}", &svg[open_end..t0], &svg[t1..before]);
                            Piece {
                                slot,
                                key: id.as_deref().map(unescaped),
                                id,
                                class,
                                title: svg[t0..t1].to_string(),
                                body,
                            }
                        } else {
                            Piece {
                                slot,
                                key: None,
                                id: None,
                                class: String::new(),
                                title: String::new(),
                                body: svg[start..after].to_string(),
                            }
                        };
                        pieces.push(piece);
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Empty(_) => {
                if let Some((g, _)) = &graph
                    && depth == *g
                {
                    since += 1;
                    pieces.push(Piece {
                        slot: (comments.len(), since),
                        key: None,
                        id: None,
                        class: String::new(),
                        title: String::new(),
                        body: svg[before..after].to_string(),
                    });
                }
            }
            Event::Comment(_) => {
                if let Some((g, _)) = &graph
                    && depth == *g
                {
                    comments.push(svg[before..after].to_string());
                    since = 0;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let head = head.ok_or("no <svg> element")?;
    let (_, graph_open) = graph.ok_or("no graph group")?;
    Ok(Split {
        head,
        graph_open,
        comments,
        pieces,
    })
}

fn unescaped(raw: &str) -> String {
    quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |s| s.into_owned())
}

/// `body`, a loose element of the graph, with `frame`'s own heading line
/// if it is a title line drawing another frame's ([`common_title`]).
fn retitle(body: &str, frames: &[Frame], frame: &Frame) -> String {
    let (Some(open), Some(close)) = (body.find('>'), body.rfind("</text>")) else {
        return body.to_string();
    };
    if !body.starts_with("<text") || open > close {
        return body.to_string();
    }
    let text = unescaped(&body[open + 1..close]);
    let other = frames
        .iter()
        .any(|f| f.id != frame.id && f.heading_line() == text);
    if !other || text == frame.heading_line() {
        return body.to_string();
    }
    format!(
        "{}{}{}",
        &body[..=open],
        quick_xml::escape::escape(frame.heading_line()),
        &body[close..]
    )
}

/// The placeholder of the `n`th gradient of a look (`\u{1}n\u{1}`: never in
/// Graphviz output).
fn gradient_mark(n: usize) -> String {
    format!("\u{1}{n}\u{1}")
}

/// `body` with the gradients Graphviz numbers per file (`l_0`, `r_3`)
/// renamed [`gradient_mark`] in order of appearance, so that one look
/// drawn in two periods compares equal, and every other id inside it
/// dropped (the ids of the tooltip anchors, `a_org-...`: one per element
/// is enough, and it is on the element).
fn normalise(body: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find(" id=\"") {
        out.push_str(&rest[..i]);
        let value_start = i + 5;
        let Some(len) = rest[value_start..].find('"') else {
            rest = &rest[i..];
            break;
        };
        let value = &rest[value_start..value_start + len];
        if is_gradient(value) {
            names.push(value.to_string());
            let _ = write!(out, " id=\"{}\"", gradient_mark(names.len() - 1));
        }
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    // Quoted: an attribute's value (Graphviz writes a quote in text as
    // `&quot;`, so a name reading `url(#l_0)` is left alone).
    for (n, name) in names.iter().enumerate() {
        out = out.replace(
            &format!("\"url(#{name})\""),
            &format!("\"url(#{})\"", gradient_mark(n)),
        );
    }
    out
}

fn is_gradient(id: &str) -> bool {
    ["l_", "r_"].iter().any(|p| {
        id.strip_prefix(p)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

impl Movie {
    /// Merges the SVG diagram of each frame (Graphviz's output for the
    /// same skeleton, in frame order).
    pub fn merge(frames: Vec<Frame>, svgs: &[String]) -> Result<Self, AnimateError> {
        if frames.is_empty() || frames.len() != svgs.len() {
            return Err(AnimateError::Count {
                frames: frames.len(),
                diagrams: svgs.len(),
            });
        }
        let mut head = String::new();
        let mut graph_open = String::new();
        let mut comments = Vec::new();
        let mut items: BTreeMap<(usize, usize), Item> = BTreeMap::new();
        let mut slot_of: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for (f, (frame, svg)) in frames.iter().zip(svgs).enumerate() {
            let parts = split(svg).map_err(|why| AnimateError::Unreadable {
                frame: frame.id.clone(),
                why,
            })?;
            if f == 0 {
                head = parts.head;
                graph_open = parts.graph_open;
                comments = parts.comments;
            } else if parts.head != head
                || parts.graph_open != graph_open
                || parts.comments != comments
            {
                return Err(AnimateError::Unstable {
                    first: frames[0].id.clone(),
                    other: frame.id.clone(),
                });
            }
            for mut piece in parts.pieces {
                if piece.key.is_none() {
                    piece.body = retitle(&piece.body, &frames, frame);
                }
                // A group by its id; a loose element by its place.
                let key = match &piece.key {
                    Some(k) => format!("#{k}"),
                    None => format!("~{:?}", piece.slot),
                };
                let slot = *slot_of.entry(key).or_insert(piece.slot);
                let body = normalise(&piece.body);
                let item = items.entry(slot).or_insert_with(|| Item {
                    id: piece.id.clone(),
                    title: piece.title.clone(),
                    looks: Vec::new(),
                });
                match item
                    .looks
                    .iter_mut()
                    .find(|l| l.body == body && l.class == piece.class)
                {
                    Some(look) => look.frames.push(f),
                    None => item.looks.push(Look {
                        frames: vec![f],
                        class: piece.class,
                        body,
                    }),
                }
            }
        }
        let items = items.into_values().collect();
        Ok(Self {
            frames,
            head,
            graph_open,
            items,
        })
    }

    /// The frames, in order.
    pub fn frames(&self) -> &[Frame] {
        &self.frames
    }

    /// Adds a link to each organisation's drawing (`org-ID`, the tooltip
    /// anchor of each look): `href(ID)`, left out of the Tab order (a
    /// diagram has hundreds).
    pub fn link_organisations(&mut self, href: impl Fn(&str) -> String) {
        for item in &mut self.items {
            let Some(id) = item.id.as_deref().map(unescaped) else {
                continue;
            };
            let Some(org) = id.strip_prefix("org-") else {
                continue;
            };
            let link = format!(
                "<a href=\"{}\" tabindex=\"-1\" ",
                quick_xml::escape::escape(href(org).as_str())
            );
            for look in &mut item.looks {
                look.body = look.body.replacen("<a ", &link, 1);
            }
        }
    }

    /// The ids of the elements (unescaped), each with the ids of the
    /// frames it is drawn in, in the order drawn.
    pub fn elements(&self) -> Vec<(String, Vec<String>)> {
        self.items
            .iter()
            .filter_map(|item| {
                let id = unescaped(item.id.as_deref()?);
                let frames = item
                    .frames()
                    .iter()
                    .map(|&f| self.frames[f].id.clone())
                    .collect();
                Some((id, frames))
            })
            .collect()
    }

    fn periods(&self, frames: &[usize]) -> String {
        let ids: Vec<&str> = frames.iter().map(|&f| self.frames[f].id.as_str()).collect();
        quick_xml::escape::escape(ids.join(" ").as_str()).into_owned()
    }

    /// The merged SVG (see [`Animation`]).
    pub fn svg(&self, animation: Animation) -> String {
        let all = self.frames.len();
        let mut out = String::new();
        out.push_str(&self.head);
        out.push('\n');
        if let Animation::Css { seconds_per_frame } = animation {
            out.push_str(&self.keyframes(seconds_per_frame));
        }
        out.push_str(&self.graph_open);
        out.push('\n');
        let mut gradients = 0usize;
        let mut body = |look: &Look| {
            let mut text = look.body.clone();
            let mut n = 0;
            while text.contains(&gradient_mark(n)) {
                text = text.replace(&gradient_mark(n), &format!("mv_{gradients}"));
                gradients += 1;
                n += 1;
            }
            text
        };
        for item in &self.items {
            let frames = item.frames();
            if let Some(id) = &item.id {
                let class = common_class(&item.looks);
                let _ = write!(
                    out,
                    "<g id=\"{id}\" class=\"{class}\" data-periods=\"{}\">",
                    self.periods(&frames)
                );
                out.push_str(&item.title);
            }
            for look in &item.looks {
                if look.frames.len() == all {
                    out.push_str(&body(look));
                    continue;
                }
                let mut class = "mv-look".to_string();
                let common = common_class(&item.looks);
                for extra in look.class.split_whitespace() {
                    if !common.split_whitespace().any(|c| c == extra) {
                        class.push(' ');
                        class.push_str(extra);
                    }
                }
                if matches!(animation, Animation::Css { .. }) {
                    let _ = write!(class, " mv-{}", self.pattern(&look.frames));
                }
                // The first frame is what shows where nothing animates (a
                // viewer without CSS animations, a script not yet run).
                let hidden = !look.frames.contains(&0);
                let mut rest = String::new();
                match animation {
                    Animation::Script if hidden => class.push_str(" is-off"),
                    Animation::Css { .. } if hidden => rest.push_str(" opacity=\"0\""),
                    _ => {}
                }
                let _ = writeln!(
                    out,
                    "<g class=\"{class}\" data-periods=\"{}\"{rest}>{}</g>",
                    self.periods(&look.frames),
                    body(look)
                );
            }
            if item.id.is_some() {
                out.push_str("</g>\n");
            }
        }
        out.push_str("</g>\n</svg>\n");
        out
    }

    /// `1` for each frame in `frames`, `0` for the others: `10110`.
    fn pattern(&self, frames: &[usize]) -> String {
        (0..self.frames.len())
            .map(|f| if frames.contains(&f) { '1' } else { '0' })
            .collect()
    }

    /// The `<style>` of [`Animation::Css`]: one keyframe rule per pattern
    /// of frames used.
    fn keyframes(&self, seconds: f64) -> String {
        let all = self.frames.len();
        let mut patterns: Vec<String> = self
            .items
            .iter()
            .flat_map(|i| &i.looks)
            .filter(|l| l.frames.len() < all)
            .map(|l| self.pattern(&l.frames))
            .collect();
        patterns.sort_unstable();
        patterns.dedup();
        let total = seconds * all as f64;
        // The fade: a fifth of a frame, at most a second.
        let fade = (seconds / 5.0).min(1.0) / total * 100.0;
        let mut css = String::from("<style>\n");
        let _ = writeln!(
            css,
            ".mv-look {{ animation-duration: {total}s; animation-iteration-count: infinite; animation-timing-function: linear; }}"
        );
        css.push_str(
            "@media (prefers-reduced-motion: reduce) { .mv-look { animation-timing-function: step-end; } }\n",
        );
        for p in &patterns {
            let on: Vec<u8> = p.bytes().map(|b| u8::from(b == b'1')).collect();
            // Each period held, then faded into the next in the last
            // moments of its share; the last fades into the first.
            let _ = write!(css, "@keyframes mv-{p} {{ 0% {{ opacity: {}; }}", on[0]);
            for (f, &o) in on.iter().enumerate() {
                let end = (f + 1) as f64 / all as f64 * 100.0;
                let _ = write!(
                    css,
                    " {:.3}% {{ opacity: {o}; }} {end:.3}% {{ opacity: {}; }}",
                    end - fade,
                    on[(f + 1) % all]
                );
            }
            css.push_str(" }\n");
            let _ = writeln!(css, ".mv-{p} {{ animation-name: mv-{p}; }}");
        }
        css.push_str("</style>\n");
        css
    }
}

/// The classes every look of an element has, in the first look's order.
fn common_class(looks: &[Look]) -> String {
    let Some(first) = looks.first() else {
        return String::new();
    };
    first
        .class
        .split_whitespace()
        .filter(|c| {
            looks
                .iter()
                .all(|l| l.class.split_whitespace().any(|x| x == *c))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(id: &str) -> Frame {
        Frame {
            id: id.into(),
            label: id.to_uppercase(),
            dates: "1917".into(),
            organisations: 0,
            relations: 0,
            heading: format!("{id} heading"),
        }
    }

    const HEAD: &str = "<?xml version=\"1.0\"?>\n<svg width=\"10pt\" viewBox=\"0 0 10 10\">\n<g id=\"graph0\" class=\"graph\" transform=\"translate(4 4)\">\n<title>g</title>\n<polygon fill=\"white\" points=\"0,0\"/>\n";

    /// A diagram of the skeleton `a`, `b`, `c` drawing `nodes`.
    fn svg(title: &str, nodes: &[(&str, &str)]) -> String {
        let mut s = format!("{HEAD}<text>{title}</text>\n");
        for id in ["a", "b", "c"] {
            s.push_str(&format!("<!-- {id} -->\n"));
            let Some((id, fill)) = nodes.iter().find(|n| n.0 == id) else {
                continue;
            };
            let gradient = if fill.contains(':') {
                "<defs><linearGradient id=\"l_7\"><stop/></linearGradient></defs><path fill=\"url(#l_7)\"/>"
                    .to_string()
            } else {
                format!("<polygon fill=\"{fill}\"/>")
            };
            s.push_str(&format!(
                "<g id=\"org&#45;{id}\" class=\"node organisation value-{fill}\">\n<title>{id}</title>\n<g id=\"a_org&#45;{id}\"><a xlink:title=\"{id}\">{gradient}</a></g>\n</g>\n"
            ));
        }
        s.push_str("</g>\n</svg>\n");
        s
    }

    fn movie() -> Movie {
        Movie::merge(
            vec![frame("p1"), frame("p2"), frame("p3")],
            &[
                svg("one", &[("a", "red"), ("b", "blue")]),
                svg("two", &[("a", "red"), ("c", "x:y")]),
                svg("three", &[("a", "green"), ("b", "blue"), ("c", "x:y")]),
            ],
        )
        .unwrap()
    }

    #[test]
    fn elements_carry_the_frames_they_are_drawn_in_in_skeleton_order() {
        assert_eq!(
            movie().elements(),
            vec![
                (
                    "org-a".to_string(),
                    vec!["p1".into(), "p2".into(), "p3".into()]
                ),
                ("org-b".to_string(), vec!["p1".into(), "p3".into()]),
                ("org-c".to_string(), vec!["p2".into(), "p3".into()]),
            ]
        );
    }

    #[test]
    fn an_element_has_a_look_per_way_it_is_drawn() {
        let svg = movie().svg(Animation::Script);
        // `a` is red in p1 and p2, green in p3: two looks, the green one off
        // at first; its shared classes on the element, the fill's on the look.
        assert!(svg.contains("<g id=\"org&#45;a\" class=\"node organisation\" data-periods=\"p1 p2 p3\"><title>a</title>"), "{svg}");
        assert!(svg.contains("<g class=\"mv-look value-red\" data-periods=\"p1 p2\">"));
        assert!(svg.contains("<g class=\"mv-look value-green is-off\" data-periods=\"p3\">"));
        // `c`'s gradient is the same in p2 and p3 although Graphviz
        // numbered it per file: one look, its gradient renamed.
        assert_eq!(svg.matches("linearGradient id=").count(), 1);
        assert!(svg.contains("<linearGradient id=\"mv_0\">") && svg.contains("url(#mv_0)"));
        // The period titles are looks of their own; the background is drawn once.
        assert!(
            svg.contains("<g class=\"mv-look is-off\" data-periods=\"p2\"><text>two</text></g>")
        );
        assert_eq!(svg.matches("<polygon fill=\"white\"").count(), 1);
        // A label that reads like the reference to its node's gradient is
        // left as it is.
        let labelled = self::svg("t", &[("c", "x:y")]).replace(
            "<path fill=\"url(#l_7)\"/>",
            "<path fill=\"url(#l_7)\"/><text>url(#l_7)</text>",
        );
        let text = Movie::merge(vec![frame("p1")], &[labelled])
            .unwrap()
            .svg(Animation::Script);
        assert!(
            text.contains("<path fill=\"url(#mv_0)\"/><text>url(#l_7)</text>"),
            "{text}"
        );
        // The tooltip anchors' ids are dropped (they would repeat).
        assert!(!svg.contains("a_org"));
        assert!(quick_xml::Reader::from_str(&svg).read_event().is_ok());
        assert_eq!(svg, movie().svg(Animation::Script), "deterministic");
    }

    /// Drawn with the longest heading so that their layouts match, each
    /// frame shows its own.
    #[test]
    fn frames_drawn_with_a_common_title_show_their_own() {
        let frames = vec![frame("p1"), frame("p22")];
        assert_eq!(common_title(&frames).as_deref(), Some("p22 heading"));
        let both = svg("p22 heading", &[("a", "red")]);
        let merged = Movie::merge(frames, &[both.clone(), both])
            .unwrap()
            .svg(Animation::Script);
        assert!(
            merged.contains("<g class=\"mv-look\" data-periods=\"p1\"><text>p1 heading</text></g>"),
            "{merged}"
        );
        assert!(merged.contains(
            "<g class=\"mv-look is-off\" data-periods=\"p22\"><text>p22 heading</text></g>"
        ));
    }

    #[test]
    fn the_css_animation_has_a_keyframe_rule_per_pattern_used() {
        let svg = movie().svg(Animation::Css {
            seconds_per_frame: 2.0,
        });
        assert!(svg.contains("animation-duration: 6s"), "{svg}");
        // Present in p1 and p3 (`b`): shown, faded out at the end of p1,
        // back at the end of p2, held through p3 into p1.
        assert!(svg.contains("@keyframes mv-101 { 0% { opacity: 1; } 26.667% { opacity: 1; } 33.333% { opacity: 0; } 60.000% { opacity: 0; } 66.667% { opacity: 1; } 93.333% { opacity: 1; } 100.000% { opacity: 1; } }"), "{svg}");
        assert!(svg.contains("<g class=\"mv-look mv-101\" data-periods=\"p1 p3\">"));
        // Without animations (a static viewer), the first frame.
        assert!(
            svg.contains("<g class=\"mv-look mv-011\" data-periods=\"p2 p3\" opacity=\"0\">"),
            "{svg}"
        );
        assert!(!svg.contains("is-off"));
    }

    #[test]
    fn links_go_on_each_look_of_an_organisation() {
        let mut m = movie();
        m.link_organisations(|id| format!("org/{id}.html"));
        let svg = m.svg(Animation::Script);
        assert_eq!(
            svg.matches("<a href=\"org/a.html\" tabindex=\"-1\" xlink:title")
                .count(),
            2
        );
    }

    #[test]
    fn diagrams_of_different_layouts_are_refused() {
        let other =
            svg("two", &[("a", "red")]).replace("viewBox=\"0 0 10 10\"", "viewBox=\"0 0 9 9\"");
        let err = Movie::merge(
            vec![frame("p1"), frame("p2")],
            &[svg("one", &[("a", "red")]), other],
        )
        .unwrap_err();
        assert!(matches!(err, AnimateError::Unstable { .. }), "{err}");
        let err = Movie::merge(vec![frame("p1")], &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "an animation needs one diagram per frame: 1 frames, 0 diagrams"
        );
    }
}
