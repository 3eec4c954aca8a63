//! Reading dataset files into raw, unchecked records.
//!
//! A dataset is a folder holding `dataset.toml` (the manifest, with the
//! `[dataset]` table) and any number of other `.toml` files, in any
//! sub-folders; all are read in sorted path order and merged. Every file may
//! hold any of the sections (`[[organisation]]`, `[[relation]]`, ...).
//!
//! This stage checks shape only: TOML syntax and field names and types. It
//! hands a [`RawDataset`] (records plus the [`SourceFile`]s they came from)
//! and every problem found to `validate`.

pub mod csv;
pub mod raw;
mod toml_file;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
pub use toml_file::{RawDataset, Record, parse_str};

/// The 1917 dataset, compiled into the binary.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/graphs/russia-1917");

/// The name under which the embedded dataset's files are reported.
pub const EMBEDDED_PREFIX: &str = "embedded:graphs/russia-1917";

/// The manifest's file name.
pub const MANIFEST: &str = "dataset.toml";

/// One file of a dataset: its name as shown to the user and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as given (or `embedded:...`), used in every diagnostic.
    pub name: Arc<str>,
    /// The file's text, with any byte-order mark removed.
    pub text: String,
    /// Byte offsets of line starts, for turning spans into line/column.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A file named `name` holding `text`. A leading UTF-8 byte-order mark is
    /// dropped (columns are then counted from the first real character).
    pub fn new(name: impl Into<Arc<str>>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }

    /// True if this is the manifest (`dataset.toml` at the folder's top).
    pub fn is_manifest(&self) -> bool {
        self.name.ends_with(MANIFEST)
            && self.name[..self.name.len() - MANIFEST.len()]
                .chars()
                .last()
                .is_none_or(|c| c == '/' || c == '\\' || c == ':')
    }
}

/// Reads every `.toml` file of the dataset folder `dir` (recursively, in
/// sorted order). Files that are not UTF-8 become diagnostics, not errors,
/// so that every problem is still reported at once.
pub fn read_dir(dir: &Path) -> Result<(Vec<SourceFile>, Diagnostics)> {
    let io = |path: &Path, source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(dir).map_err(|e| io(dir, e))?;
    let mut paths = Vec::new();
    if meta.is_file() {
        // A path to dataset.toml itself names its folder.
        let parent = dir.parent().unwrap_or(Path::new("."));
        return read_dir(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        });
    }
    collect_toml(dir, &mut paths).map_err(|(p, e)| io(&p, e))?;
    paths.sort();
    let mut files = Vec::new();
    let mut problems = Diagnostics::default();
    if !paths
        .iter()
        .any(|p| p.parent() == Some(dir) && p.ends_with(MANIFEST))
    {
        problems.push(
            Diagnostic::new(
                Location {
                    file: dir.join(MANIFEST).display().to_string().into(),
                    line: 1,
                    column: 1,
                },
                "the dataset folder has no manifest",
            )
            .hint(Some(format!(
                "create `{MANIFEST}` with a `[dataset]` table (see docs/format.md)"
            ))),
        );
    }
    for path in paths {
        let bytes = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let name = path.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => files.push(SourceFile::new(name, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
                let location = SourceFile::new(name, valid).location(offset);
                problems.push(Diagnostic::new(
                    location,
                    format!("the file is not valid UTF-8 (bad byte at offset {offset})"),
                ));
            }
        }
    }
    Ok((files, problems))
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), (PathBuf, std::io::Error)> {
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        if kind.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The embedded 1917 dataset's files, in sorted order.
pub fn embedded_files() -> Vec<SourceFile> {
    let mut files = Vec::new();
    collect_embedded(&EMBEDDED, &mut files);
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        if file.path().extension().is_some_and(|x| x == "toml")
            && let Some(text) = file.contents_utf8()
        {
            let name = format!("{EMBEDDED_PREFIX}/{}", file.path().display());
            out.push(SourceFile::new(name, text));
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        let f = SourceFile::new("a.toml", "x = 1\nнаме = 2\n");
        assert_eq!(f.location(0).line, 1);
        let offset = f.text.find('=').unwrap();
        assert_eq!((f.location(offset).line, f.location(offset).column), (1, 3));
        let second = f.text.rfind('=').unwrap();
        let loc = f.location(second);
        assert_eq!((loc.line, loc.column), (2, 6));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let f = SourceFile::new("a.toml", "\u{feff}x = 1");
        assert_eq!(f.text, "x = 1");
    }

    #[test]
    fn manifest_is_recognised_by_its_name() {
        assert!(SourceFile::new("graphs/x/dataset.toml", "").is_manifest());
        assert!(SourceFile::new("dataset.toml", "").is_manifest());
        assert!(!SourceFile::new("graphs/x/my-dataset.toml", "").is_manifest());
    }
}
