//! The report's diagrams drawn by Graphviz from the DOT module, with the
//! stable layout, so an organisation keeps its place from one period's
//! diagram to the next.

use super::{Diagram, Diagrams};
use crate::render::dot::{DotOptions, Focus, Picture, diagram, to_dot};
use crate::render::graphviz::{Format, GraphvizError, render_within};
use crate::render::limits::Limits;
use crate::slice::Snapshot;

/// Diagrams laid out by `dot`; where `dot` is missing or fails, the DOT
/// source and the reason.
pub struct GraphvizDiagrams<'c, 'd> {
    /// Every period's snapshot: the context of the stable layout.
    pub context: &'c [Snapshot<'d>],
    /// Diagram settings.
    pub options: DotOptions,
    /// The largest diagram drawn ([`Limits::DEFAULT`], or
    /// [`Limits::NONE`] with `--force-size`).
    pub limits: Limits,
}

impl GraphvizDiagrams<'_, '_> {
    fn draw(&self, picture: Picture<'_, '_>, options: &DotOptions) -> Diagram {
        let dot = match diagram(picture, self.context, options) {
            Ok(graph) => to_dot(&graph),
            Err(e) => {
                return Diagram::Source {
                    dot: String::new(),
                    why: e.to_string(),
                };
            }
        };
        match render_within(&dot, Format::Svg, &self.limits) {
            Ok(rendered) => match String::from_utf8(rendered.bytes) {
                Ok(svg) => Diagram::Svg(svg),
                Err(_) => Diagram::Source {
                    dot,
                    why: "Graphviz wrote SVG that is not UTF-8".into(),
                },
            },
            // The source of a diagram too large to draw is too large to
            // show.
            Err(GraphvizError::TooLarge(t)) => Diagram::Omitted {
                why: super::Policy {
                    diagrams: self.limits,
                    ..Default::default()
                }
                .too_large(t.size.nodes, t.size.edges)
                .unwrap_or_else(|| t.to_string()),
            },
            Err(e) => Diagram::Source {
                dot,
                why: e.to_string(),
            },
        }
    }
}

impl Diagrams for GraphvizDiagrams<'_, '_> {
    fn snapshot(&self, snapshot: &Snapshot<'_>) -> Diagram {
        self.draw(Picture::Single(snapshot), &self.options)
    }

    fn comparison(&self, a: &Snapshot<'_>, b: &Snapshot<'_>) -> Diagram {
        self.draw(Picture::Compare(a, b), &self.options)
    }

    /// The stable layout of an ego diagram is the union of the focus's
    /// neighbourhoods in every period of the context (see
    /// [`crate::render::dot`]), the same for each period's diagram.
    fn ego(&self, snapshot: &Snapshot<'_>, focus: &Focus) -> Diagram {
        let options = DotOptions {
            focus: Some(focus.clone()),
            ..self.options.clone()
        };
        self.draw(Picture::Single(snapshot), &options)
    }
}
