//! How big a diagram Graphviz is asked to draw.
//!
//! `dot`'s layout grows much faster than its input: on a 100,000-organisation
//! network with a million relations it grew to 22 GB before the kernel
//! killed it (issue 17.1). Every diagram handed to Graphviz is therefore
//! measured first ([`DiagramSize::of_dot`], which reads the DOT text in one
//! pass) and refused beyond [`Limits::DEFAULT`] unless the user forces it
//! (`councils render --force-size`).

use std::fmt;

/// Nodes and edges of one diagram, as Graphviz would lay them out
/// (invisible ones included: they take room in the layout too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiagramSize {
    /// Node statements.
    pub nodes: usize,
    /// Edges: one per edge operator (`a -> b -> c` is two).
    pub edges: usize,
}

impl DiagramSize {
    /// Counts the node statements and edge operators of DOT text, outside
    /// quoted strings, HTML labels and comments. Statements that set
    /// attributes (`graph[...]`, `node[...]`, `edge[...]`, `a=b`) and
    /// subgraph brackets are not nodes.
    pub fn of_dot(text: &str) -> Self {
        let mut size = Self::default();
        let bytes = text.as_bytes();
        // The current statement: did it start with an id, hold an edge
        // operator, or start with a keyword or `a=`?
        let mut first_word: Option<(usize, usize)> = None;
        let mut has_edge = false;
        let mut not_node = false;
        let mut started = false;
        let end_statement =
            |first: Option<(usize, usize)>, edge: bool, not: bool, size: &mut Self| {
                if let Some((a, b)) = first
                    && !edge
                    && !not
                {
                    let word = text[a..b].to_ascii_lowercase();
                    if !matches!(
                        word.as_str(),
                        "graph" | "node" | "edge" | "subgraph" | "digraph" | "strict"
                    ) {
                        size.nodes += 1;
                    }
                }
            };
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'"' => {
                    // A quoted id or value.
                    i = skip_quoted(bytes, i);
                    if !started {
                        started = true;
                        first_word = Some((i, i));
                    }
                }
                b'<' => i = skip_html(bytes, i),
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 1;
                }
                b'#' if i == 0 || bytes[i - 1] == b'\n' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'-' if matches!(bytes.get(i + 1), Some(b'>' | b'-')) => {
                    size.edges += 1;
                    has_edge = true;
                    i += 1;
                }
                b'[' => {
                    // Attributes: skip to the closing bracket (strings inside).
                    i += 1;
                    while i < bytes.len() && bytes[i] != b']' {
                        if bytes[i] == b'"' {
                            i = skip_quoted(bytes, i);
                        } else if bytes[i] == b'<' {
                            i = skip_html(bytes, i);
                        }
                        i += 1;
                    }
                }
                b'=' => not_node = true,
                b';' | b'\n' | b'{' | b'}' => {
                    end_statement(first_word, has_edge, not_node, &mut size);
                    first_word = None;
                    has_edge = false;
                    not_node = false;
                    started = false;
                }
                c if c.is_ascii_whitespace() => {}
                _ => {
                    if !started {
                        started = true;
                        let start = i;
                        while i + 1 < bytes.len()
                            && (bytes[i + 1].is_ascii_alphanumeric()
                                || bytes[i + 1] == b'_'
                                || bytes[i + 1] >= 0x80)
                        {
                            i += 1;
                        }
                        first_word = Some((start, i + 1));
                    }
                }
            }
            i += 1;
        }
        end_statement(first_word, has_edge, not_node, &mut size);
        size
    }
}

/// The index of the quote that closes the string opening at `start`.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != b'"' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// The index of the `>` that closes the HTML string opening at `start`
/// (angle brackets nest).
fn skip_html(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => depth += 1,
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The most Graphviz is asked to lay out in one diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most nodes.
    pub nodes: usize,
    /// Most edges.
    pub edges: usize,
}

impl Limits {
    /// 5,000 nodes and 20,000 edges: the 1917 dataset's largest diagram has
    /// a few hundred of each; `dot` lays 5,000 nodes out in minutes and
    /// well under a GB, while 100,000 took 22 GB.
    pub const DEFAULT: Self = Self {
        nodes: 5_000,
        edges: 20_000,
    };

    /// No limit (`--force-size`).
    pub const NONE: Self = Self {
        nodes: usize::MAX,
        edges: usize::MAX,
    };

    /// `Err` naming the figures if `size` exceeds a limit.
    pub fn check(&self, size: DiagramSize) -> Result<(), TooLarge> {
        if size.nodes > self.nodes || size.edges > self.edges {
            Err(TooLarge {
                size,
                limits: *self,
                lower_bound: false,
            })
        } else {
            Ok(())
        }
    }
}

/// A diagram beyond the [`Limits`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct TooLarge {
    /// What the diagram has.
    pub size: DiagramSize,
    /// What was allowed.
    pub limits: Limits,
    /// True if `size` was counted before the diagram was built
    /// ([`crate::render::dot::laid_out_size`]): the diagram would have at
    /// least that much.
    pub lower_bound: bool,
}

impl TooLarge {
    /// The same refusal, its figures a lower bound.
    pub fn at_least(self) -> Self {
        Self {
            lower_bound: true,
            ..self
        }
    }
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |v: usize| crate::suggest::thousands(v);
        let at_least = if self.lower_bound { "at least " } else { "" };
        write!(
            f,
            "the diagram has {at_least}{} nodes and {at_least}{} edges, more than Graphviz is given by default ({} nodes, {} edges per diagram): laying it out could take many GB and hours; \
             draw less (--focus ORG --depth N, --relations KINDS, --compact, a filter)",
            n(self.size.nodes),
            n(self.size.edges),
            n(self.limits.nodes),
            n(self.limits.edges),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nodes_and_edges_outside_strings_and_attributes() {
        let text = "digraph g {\n  graph[rankdir=BT label=\"a -> b; c\"]\n  node[shape=box]\n  a[label=\"x -- y\"]\n  \"b c\"[label=<<b>-></b>>]\n  d\n  a -> \"b c\" -> d [style=dashed]\n  subgraph cluster_1 { e; f }\n  rank=same\n  // g -> h\n}\n";
        assert_eq!(
            DiagramSize::of_dot(text),
            DiagramSize { nodes: 5, edges: 2 }
        );
    }

    /// The count of the 1917 dataset's diagrams equals the AST's.
    #[test]
    fn counts_what_the_dot_module_prints() {
        use crate::render::dot::{DotOptions, Picture, diagram, period_context, to_dot};
        use crate::slice::{Filter, Selector, Snapshot};
        use graphviz_rust::dot_structures::{EdgeTy, Graph, Stmt};
        fn count(stmts: &[Stmt], size: &mut DiagramSize) {
            for s in stmts {
                match s {
                    Stmt::Node(_) => size.nodes += 1,
                    Stmt::Edge(e) => {
                        size.edges += match &e.ty {
                            EdgeTy::Pair(..) => 1,
                            EdgeTy::Chain(v) => v.len() - 1,
                        }
                    }
                    Stmt::Subgraph(g) => count(&g.stmts, size),
                    _ => {}
                }
            }
        }
        let dataset = crate::load_embedded().unwrap();
        let snap = Snapshot::new(
            &dataset,
            &Selector::Period("dual-power".into()),
            Filter::default(),
        )
        .unwrap();
        let context = period_context(&dataset, &snap.filter).unwrap();
        let graph = diagram(Picture::Single(&snap), &context, &DotOptions::new(&dataset)).unwrap();
        let Graph::DiGraph { stmts, .. } = &graph else {
            panic!("a digraph")
        };
        let mut expected = DiagramSize::default();
        count(stmts, &mut expected);
        assert!(expected.nodes > 100, "{expected:?}");
        assert_eq!(DiagramSize::of_dot(&to_dot(&graph)), expected);
    }

    #[test]
    fn a_diagram_over_the_limit_is_refused_with_its_figures() {
        let size = DiagramSize {
            nodes: 100_000,
            edges: 1_000_000,
        };
        let err = Limits::DEFAULT.check(size).unwrap_err();
        assert!(err.to_string().starts_with(
            "the diagram has 100,000 nodes and 1,000,000 edges, more than Graphviz is given by default (5,000 nodes, 20,000 edges per diagram)"
        ), "{err}");
        assert!(err.to_string().ends_with(
            "draw less (--focus ORG --depth N, --relations KINDS, --compact, a filter)"
        ));
        assert_eq!(Limits::NONE.check(size), Ok(()));
        assert_eq!(
            Limits::DEFAULT.check(DiagramSize {
                nodes: 5_000,
                edges: 20_000
            }),
            Ok(())
        );
    }
}
