//! Diagnostics and library errors.
//!
//! Loading and validation never stop at the first problem: they collect
//! [`Diagnostic`]s, each naming the file, line and column, the element
//! concerned, the cause and, where one can be guessed, a hint. The library
//! returns them all at once as [`Error::Invalid`].

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Where something was written: file, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it (or `embedded:...` for the built-in
    /// dataset).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem found in a dataset.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the problem is.
    pub location: Location,
    /// The element concerned, e.g. "organisation `petrograd-soviet`".
    pub subject: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How it might be fixed, e.g. "did you mean `petrograd-soviet`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without subject or hint.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Self {
            location,
            subject: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Names the element concerned.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Adds a hint (`None` leaves it without one).
    pub fn hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: ", self.location)?;
        if let Some(subject) = &self.subject {
            write!(f, "{subject}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The problems of one dataset, sorted by location.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// True if nothing was found wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Sorts by file, line and column, so output is stable.
    pub fn sort(&mut self) {
        self.0.sort();
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} problem{}", if n == 1 { "" } else { "s" })
    }
}

/// Errors of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read.
    #[error("cannot read {path}")]
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An output file or folder could not be written (exit 1, unlike
    /// [`Error::Io`]'s unreadable input; regression, issue 17.7: write
    /// failures said "cannot read" and exited 2).
    #[error("cannot write {path}")]
    Output {
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The dataset has problems; all of them are listed.
    #[error("the dataset is invalid:\n{0}")]
    Invalid(Diagnostics),
    /// A name given by the user (period, organisation, kind...) is unknown.
    #[error("unknown {what} `{name}`{}", hint_suffix(.hint))]
    Unknown {
        /// What kind of name, e.g. "period".
        what: &'static str,
        /// The name given.
        name: String,
        /// A suggestion, if one is close.
        hint: Option<String>,
    },
    /// A parameter of a library call cannot take its value here. The
    /// message names the parameter as the library does (`epoch`, the field
    /// of `load::csv::Options`); a front end may replace `name` with its
    /// own word for it (the CLI: the flag that set it).
    #[error("{name}{}: {problem}{}", value_suffix(.value), hint_suffix(.hint))]
    Parameter {
        /// The parameter, in the library's words.
        name: &'static str,
        /// The value given, if it helps to repeat it.
        value: Option<String>,
        /// What is wrong.
        problem: String,
        /// What to do instead.
        hint: Option<String>,
    },
    /// A date given by the user cannot be read.
    #[error("bad date")]
    Date(#[from] crate::time::DateError),
    /// An output file exists and overwriting was not allowed.
    #[error("{} exists (use --force to replace it)", .0.display())]
    Exists(PathBuf),
    /// An output folder holds files this tool did not write.
    #[error(
        "{} holds {whose}: {}\n  hint: use another --out, or --force to write the report beside them (its files replace any of the same names)",
        .dir.display(),
        .files.join(", ")
    )]
    Occupied {
        /// The folder.
        dir: PathBuf,
        /// What it holds, in words.
        whose: &'static str,
        /// The files councils did not write, relative to `dir`.
        files: Vec<String>,
    },
    /// Writing output failed.
    #[error("cannot write output")]
    Write(#[source] std::io::Error),
}

fn value_suffix(value: &Option<String>) -> String {
    value
        .as_ref()
        .map(|v| format!(" `{v}`"))
        .unwrap_or_default()
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
