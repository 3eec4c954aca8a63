//! The report's diagrams drawn by Graphviz from the DOT module, with the
//! stable layout, so an organisation keeps its place from one period's
//! diagram to the next.

use super::{Diagram, Diagrams};
use crate::render::dot::{DotOptions, Focus, Picture, diagram, to_dot};
use rayon::prelude::*;

use crate::render::graphviz::{Format, GraphvizError, Rendered, render_many, render_within};
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

/// Ego diagrams drawn with one `dot` run for this many (a page's
/// diagrams take a few runs, side by side on rayon's threads); a fixed
/// number, so that the pictures do not depend on the machine's threads.
const EGO_BATCH: usize = 4;

impl GraphvizDiagrams<'_, '_> {
    /// The DOT of `picture`, or the diagram saying why there is none.
    fn dot(&self, picture: Picture<'_, '_>, options: &DotOptions) -> Result<String, Diagram> {
        diagram(picture, self.context, options)
            .map(|graph| to_dot(&graph))
            .map_err(|e| Diagram::Source {
                dot: String::new(),
                why: e.to_string(),
            })
    }

    /// The diagram of `dot` as Graphviz drew it (`rendered`).
    fn finish(&self, dot: String, rendered: Result<Rendered, GraphvizError>) -> Diagram {
        match rendered {
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

    fn draw(&self, picture: Picture<'_, '_>) -> Diagram {
        match self.dot(picture, &self.options) {
            Ok(dot) => {
                let rendered = render_within(&dot, Format::Svg, &self.limits);
                self.finish(dot, rendered)
            }
            Err(why) => why,
        }
    }
}

impl Diagrams for GraphvizDiagrams<'_, '_> {
    fn snapshot(&self, snapshot: &Snapshot<'_>) -> Diagram {
        self.draw(Picture::Single(snapshot))
    }

    fn comparison(&self, a: &Snapshot<'_>, b: &Snapshot<'_>) -> Diagram {
        self.draw(Picture::Compare(a, b))
    }

    fn frame(&self, snapshot: &Snapshot<'_>, title: &str) -> Diagram {
        let titled = GraphvizDiagrams {
            context: self.context,
            options: DotOptions {
                title: Some(title.to_string()),
                ..self.options.clone()
            },
            limits: self.limits,
        };
        titled.draw(Picture::Single(snapshot))
    }

    fn options(&self) -> Option<&DotOptions> {
        Some(&self.options)
    }

    /// The stable layout of an ego diagram is the union of the focus's
    /// neighbourhoods in every period of the context (see
    /// [`crate::render::dot`]), the same for each period's diagram.
    fn egos(&self, wanted: &[(&Snapshot<'_>, &Focus)]) -> Vec<Diagram> {
        let dots: Vec<Result<String, Diagram>> = wanted
            .iter()
            .map(|&(snapshot, focus)| {
                let options = DotOptions {
                    focus: Some(focus.clone()),
                    ..self.options.clone()
                };
                self.dot(Picture::Single(snapshot), &options)
            })
            .collect();
        let texts: Vec<&str> = dots.iter().flatten().map(String::as_str).collect();
        let mut rendered = texts
            .par_chunks(EGO_BATCH)
            .flat_map_iter(|chunk| render_many(chunk, &self.limits))
            .collect::<Vec<_>>()
            .into_iter();
        dots.into_iter()
            .map(|dot| match dot {
                Ok(dot) => {
                    let result = rendered.next().expect("one picture per text");
                    self.finish(dot, result)
                }
                Err(why) => why,
            })
            .collect()
    }
}
