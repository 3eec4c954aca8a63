//! Running Graphviz's `dot` on DOT text to get SVG, PNG or PDF.
//!
//! graphviz-rust's `exec` runs `dot` too, but drops what `dot` prints on
//! standard error when it succeeds; this module keeps those warnings so that
//! callers can show them (and tests can require there are none). The DOT
//! text goes to `dot` on standard input, the picture comes back on standard
//! output; nothing is written to disk here.
//!
//! Two guards keep one picture from taking the machine (issue 17.1): a
//! diagram beyond [`Limits::DEFAULT`] is refused before `dot` starts (unless
//! the caller passes [`Limits::NONE`]), and a `dot` that is running when
//! this process gets SIGINT, SIGTERM or SIGHUP is killed before the process
//! ends, instead of being left to lay out a huge graph as an orphan
//! ([`crate::interrupt`]; the watcher is installed by the first `dot` run
//! if the caller has not installed it).

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::process::{Command, Stdio};

use super::limits::{DiagramSize, Limits, TooLarge};

/// The program run.
pub const DOT: &str = "dot";

/// What to install when `dot` is missing.
pub const INSTALL_HINT: &str = "install Graphviz: `apt-get install graphviz` (Debian, Ubuntu), \
`dnf install graphviz`, `brew install graphviz`, or see https://graphviz.org/download/";

/// An output format of Graphviz.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Scalable vector graphics, with tooltips.
    Svg,
    /// A bitmap.
    Png,
    /// A PDF page.
    Pdf,
    /// Graphviz's plain text: every node's name and position (for the
    /// positions of a GEXF export, `export::gexf::stable_positions`).
    Plain,
}

impl Format {
    /// The file extension and `-T` name: `svg`, `png` or `pdf`.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
            Self::Plain => "plain",
        }
    }

    /// The format a file name's extension names, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// Why Graphviz could not draw.
#[derive(Debug, thiserror::Error)]
pub enum GraphvizError {
    /// `dot` is not on `PATH`.
    #[error("Graphviz's `{DOT}` program was not found on PATH ({INSTALL_HINT})")]
    Missing,
    /// `dot` could not be started or talked to.
    #[error("cannot run Graphviz's `{DOT}`: {0}")]
    Io(#[source] io::Error),
    /// The diagram is beyond the limits; `dot` was not started.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// `dot` ran and failed.
    #[error("Graphviz's `{DOT}` failed ({status}): {stderr}")]
    Failed {
        /// How it exited.
        status: String,
        /// What it printed on standard error.
        stderr: String,
    },
}

/// A picture and what `dot` said while drawing it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// `dot`'s standard error (warnings), empty if it had nothing to say.
    pub warnings: String,
    /// What was done differently to get a clean picture, if anything.
    pub note: Option<&'static str>,
}

/// What `dot` prints when its spline router fails on an edge (a known
/// weakness with flat edges between clusters).
const ROUTING_FAILURES: [&str; 4] = [
    "triangulation failed",
    "cannot find triangle path",
    "in spline routing",
    "Pshortestpath failed",
];

/// Draws `dot_text` in `format` with the `dot` layout engine.
///
/// If the spline router fails on some edge (Graphviz then draws it badly
/// and warns, or gives up with "lost ... edge" and exits 1), the picture
/// is drawn again with `splines=curved`, which
/// routes every edge without fail; the layout is the same, only the
/// curves differ, and [`Rendered::note`] says so.
///
/// # Errors
///
/// [`GraphvizError::Missing`] if `dot` is not installed (the message names
/// the package), [`GraphvizError::Failed`] if it rejects the input.
pub fn render(dot_text: &str, format: Format) -> Result<Rendered, GraphvizError> {
    render_within(dot_text, format, &Limits::DEFAULT)
}

/// [`render`], refusing a diagram beyond `limits` ([`GraphvizError::TooLarge`],
/// with its figures) before `dot` is started. [`Limits::NONE`] draws any size.
pub fn render_within(
    dot_text: &str,
    format: Format,
    limits: &Limits,
) -> Result<Rendered, GraphvizError> {
    limits.check(DiagramSize::of_dot(dot_text))?;
    let routing_failed = |text: &str| ROUTING_FAILURES.iter().any(|w| text.contains(w));
    let first = match run(dot_text, format.extension(), &[]) {
        // Graphviz (2.42, 2.43) may give up on an edge and exit 1 ("lost
        // ... edge"); the curved router draws it.
        Err(GraphvizError::Failed { ref stderr, .. }) if routing_failed(stderr) => None,
        other => Some(other?),
    };
    let first = match first {
        Some(first) if !routing_failed(&first.warnings) => return Ok(first),
        other => other,
    };
    let second = run(dot_text, format.extension(), &["-Gsplines=curved"])?;
    if let Some(first) = first
        && !second.warnings.is_empty()
    {
        return Ok(first);
    }
    Ok(Rendered {
        note: Some("Graphviz could not route some edges as splines; they are drawn as curves"),
        ..second
    })
}

/// Where `dot` places each node of `dot_text`: node name -> centre `(x,
/// y)` in inches, read from its `-Tplain` output. `dot` lays the graph out
/// as for [`render_within`] (same limits), so a diagram drawn from the
/// same text has its nodes at these places.
pub fn positions(
    dot_text: &str,
    limits: &Limits,
) -> Result<BTreeMap<String, (f64, f64)>, GraphvizError> {
    limits.check(DiagramSize::of_dot(dot_text))?;
    let plain = run(dot_text, "plain", &[])?;
    let text = String::from_utf8_lossy(&plain.bytes);
    let mut found = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("node ") else {
            continue;
        };
        let (name, rest) = plain_word(rest);
        let mut numbers = rest.split_whitespace().map(str::parse::<f64>);
        if let (Some(Ok(x)), Some(Ok(y))) = (numbers.next(), numbers.next()) {
            found.insert(name, (x, y));
        }
    }
    Ok(found)
}

/// The first word of a line of `-Tplain` output (a name, quoted with `\"`
/// escapes where it is not a plain word) and the rest of the line.
fn plain_word(line: &str) -> (String, &str) {
    let Some(quoted) = line.strip_prefix('"') else {
        let end = line.find(' ').unwrap_or(line.len());
        return (line[..end].to_string(), &line[end..]);
    };
    let mut word = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    if next != '"' && next != '\\' {
                        word.push('\\');
                    }
                    word.push(next);
                }
            }
            '"' => return (word, &quoted[i + 1..]),
            c => word.push(c),
        }
    }
    (word, "")
}

/// The SVG header `dot` starts each picture with.
const SVG_START: &str = "<?xml ";

/// [`render_within`] of each of `dot_texts` as SVG, with one `dot` run for
/// them all: `dot` takes several graphs on its standard input and writes
/// their pictures one after the other, and starting it costs more than
/// laying out a small diagram (the report draws a thousand ego diagrams).
///
/// A text beyond `limits` is refused as by [`render_within`]. If the run
/// fails, warns or does not give one picture per graph, each text is drawn
/// on its own with [`render_within`] (which retries routing failures), so
/// the results are always those of [`render_within`], byte for byte (see
/// [`as_if_alone`]).
pub fn render_many(dot_texts: &[&str], limits: &Limits) -> Vec<Result<Rendered, GraphvizError>> {
    let mut results: Vec<Option<Result<Rendered, GraphvizError>>> = dot_texts
        .iter()
        .map(|text| {
            limits
                .check(DiagramSize::of_dot(text))
                .err()
                .map(|e| Err(e.into()))
        })
        .collect();
    let within: Vec<usize> = (0..dot_texts.len())
        .filter(|&i| results[i].is_none())
        .collect();
    let joined: String = within.iter().map(|&i| dot_texts[i]).collect();
    let batch = match within.len() {
        0 | 1 => None,
        _ => run(&joined, "svg", &[]).ok().and_then(|r| {
            let text = String::from_utf8(r.bytes).ok()?;
            let pictures: Vec<&str> = text
                .match_indices(SVG_START)
                .map(|(at, _)| at)
                .chain([text.len()])
                .collect::<Vec<_>>()
                .windows(2)
                .map(|w| &text[w[0]..w[1]])
                .collect();
            (r.warnings.is_empty() && pictures.len() == within.len()).then(|| {
                pictures
                    .into_iter()
                    .map(|p| as_if_alone(p).into_bytes())
                    .collect::<Vec<_>>()
            })
        }),
    };
    match batch {
        Some(pictures) => {
            for (&i, bytes) in within.iter().zip(pictures) {
                results[i] = Some(Ok(Rendered {
                    bytes,
                    warnings: String::new(),
                    note: None,
                }));
            }
        }
        None => {
            for &i in &within {
                results[i] = Some(render_within(dot_texts[i], Format::Svg, limits));
            }
        }
    }
    results.into_iter().flatten().collect()
}

/// One SVG picture of a `dot` run over several graphs, as a run over its
/// graph alone writes it: `dot` names the top group of the second and
/// later pictures `page0,1_graph0` (not `graph0`), and numbers their
/// gradients (`l_N`, `r_N`) on from the pictures before; both are put back.
fn as_if_alone(picture: &str) -> String {
    let mut text = picture.replacen("<g id=\"page0,1_graph0\"", "<g id=\"graph0\"", 1);
    for uses in [["id=\"l_", "url(#l_"], ["id=\"r_", "url(#r_"]] {
        let number_at = |text: &str, at: usize| -> Option<(usize, usize)> {
            let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
            text[at..at + digits].parse().ok().map(|n| (n, digits))
        };
        let first = uses
            .iter()
            .flat_map(|u| text.match_indices(u).map(move |(at, _)| at + u.len()))
            .filter_map(|at| number_at(&text, at).map(|(n, _)| n))
            .min();
        let Some(offset) = first.filter(|&n| n > 0) else {
            continue;
        };
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = uses
            .iter()
            .filter_map(|u| rest.find(u).map(|i| i + u.len()))
            .min()
        {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some((n, digits)) = number_at(rest, 0) {
                out.push_str(&(n - offset).to_string());
                rest = &rest[digits..];
            }
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// Runs `dot -T<format>` (`svg`, `png`, `pdf`, `plain`) on `dot_text`.
fn run(dot_text: &str, format: &str, extra: &[&str]) -> Result<Rendered, GraphvizError> {
    // Before `dot` exists, so that no signal falls between its start and
    // its registration with the default handling (which would orphan it).
    crate::interrupt::install();
    // Started and registered in a quiet step: a signal meanwhile waits for
    // the registration, then kills this `dot` too.
    let quiet = crate::interrupt::quiet();
    let mut child = Command::new(DOT)
        .args(extra)
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => GraphvizError::Missing,
            _ => GraphvizError::Io(e),
        })?;
    let id = child.id();
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let mut stdout = child.stdout.take().expect("piped stdout");
    crate::interrupt::watch_child(child);
    drop(quiet);
    // Feed standard input from a thread, so that a large picture filling
    // the output pipe cannot block `dot` while we are still writing.
    let input = dot_text.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        stderr.read_to_end(&mut text).map(|_| text)
    });
    let mut bytes = Vec::new();
    let read = stdout.read_to_end(&mut bytes);
    let mut child = crate::interrupt::unwatch_child(id);
    if let Err(e) = read {
        let _ = child.kill();
        let _ = child.wait();
        return Err(GraphvizError::Io(e));
    }
    let status = child.wait().map_err(GraphvizError::Io)?;
    let written = writer.join().expect("writer thread");
    let warnings = reader
        .join()
        .expect("reader thread")
        .map_err(GraphvizError::Io)?;
    let warnings = String::from_utf8_lossy(&warnings).into_owned();
    if !status.success() {
        return Err(GraphvizError::Failed {
            status: status.to_string(),
            stderr: warnings.trim_end().to_string(),
        });
    }
    written.map_err(GraphvizError::Io)?;
    Ok(Rendered {
        bytes,
        warnings,
        note: None,
    })
}

/// True if `dot` can be run.
pub fn available() -> bool {
    Command::new(DOT)
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_extensions() {
        use std::path::Path;
        assert_eq!(Format::from_path(Path::new("a/b.SVG")), Some(Format::Svg));
        assert_eq!(Format::from_path(Path::new("film.pdf")), Some(Format::Pdf));
        assert_eq!(Format::from_path(Path::new("x.dot")), None);
        assert_eq!(Format::Png.extension(), "png");
    }

    #[test]
    #[cfg_attr(
        not(has_graphviz),
        ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
    )]
    fn renders_svg_and_reports_errors_when_dot_is_installed() {
        let ok = render("digraph { a -> b }", Format::Svg).unwrap();
        assert!(String::from_utf8(ok.bytes).unwrap().contains("<svg"));
        assert_eq!(ok.warnings, "");
        let bad = render("digraph { a -> }", Format::Svg).unwrap_err();
        assert!(matches!(bad, GraphvizError::Failed { .. }), "{bad}");
    }

    #[test]
    fn plain_words_are_unquoted() {
        assert_eq!(plain_word("a 1 2"), ("a".to_string(), " 1 2"));
        assert_eq!(
            plain_word("\"p1.city-soviet\" 1 2"),
            ("p1.city-soviet".to_string(), " 1 2")
        );
        assert_eq!(
            plain_word(r#""say \"hi\" \\ \n" 3"#),
            (r#"say "hi" \ \n"#.to_string(), " 3")
        );
    }

    #[test]
    #[cfg_attr(
        not(has_graphviz),
        ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
    )]
    fn positions_are_those_of_the_layout() {
        let at = positions(
            "digraph { rankdir=LR; \"a-1\" -> b; b -> c }",
            &Limits::DEFAULT,
        )
        .unwrap();
        assert_eq!(at.keys().collect::<Vec<_>>(), ["a-1", "b", "c"]);
        assert!(at["a-1"].0 < at["b"].0 && at["b"].0 < at["c"].0, "{at:?}");
        assert!(matches!(
            positions("digraph { a -> b }", &Limits { nodes: 0, edges: 0 }),
            Err(GraphvizError::TooLarge(_))
        ));
    }

    #[test]
    #[cfg_attr(
        not(has_graphviz),
        ignore = "needs Graphviz: `dot` on PATH when the tests are built (apt-get install graphviz)"
    )]
    fn many_diagrams_in_one_run_are_those_drawn_one_by_one() {
        // Named graphs (as the report's are), two with gradient fills.
        let texts = [
            "digraph g { a [style=filled, fillcolor=\"red:blue\"]; a -> b }",
            "digraph g { c [style=filled, fillcolor=\"red:blue\"]; d [style=radial, fillcolor=\"red:blue\"]; c -> d -> e }",
            "digraph g { x }",
        ];
        let one_by_one: Vec<Vec<u8>> = texts
            .iter()
            .map(|t| render(t, Format::Svg).unwrap().bytes)
            .collect();
        let many: Vec<Vec<u8>> = render_many(&texts, &Limits::DEFAULT)
            .into_iter()
            .map(|r| r.unwrap().bytes)
            .collect();
        assert!(String::from_utf8_lossy(&one_by_one[1]).contains("url(#l_0)"));
        assert!(many == one_by_one, "the same bytes as drawn one by one");
        // A text beyond the limits is refused, the others drawn; a text
        // `dot` rejects fails alone.
        let small = Limits {
            nodes: usize::MAX,
            edges: 1,
        };
        let mixed = render_many(&[texts[0], texts[1], "digraph { a -> }"], &small);
        assert_eq!(mixed[0].as_ref().unwrap().bytes, one_by_one[0]);
        assert!(matches!(mixed[1], Err(GraphvizError::TooLarge(_))));
        assert!(matches!(mixed[2], Err(GraphvizError::Failed { .. })));
    }
}
