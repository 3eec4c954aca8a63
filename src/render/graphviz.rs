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
    let first = match run(dot_text, format, &[]) {
        // Graphviz (2.42, 2.43) may give up on an edge and exit 1 ("lost
        // ... edge"); the curved router draws it.
        Err(GraphvizError::Failed { ref stderr, .. }) if routing_failed(stderr) => None,
        other => Some(other?),
    };
    let first = match first {
        Some(first) if !routing_failed(&first.warnings) => return Ok(first),
        other => other,
    };
    let second = run(dot_text, format, &["-Gsplines=curved"])?;
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

fn run(dot_text: &str, format: Format, extra: &[&str]) -> Result<Rendered, GraphvizError> {
    // Before `dot` exists, so that no signal falls between its start and
    // its registration with the default handling (which would orphan it).
    crate::interrupt::install();
    // Started and registered in a quiet step: a signal meanwhile waits for
    // the registration, then kills this `dot` too.
    let quiet = crate::interrupt::quiet();
    let mut child = Command::new(DOT)
        .args(extra)
        .arg(format!("-T{}", format.extension()))
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
}
