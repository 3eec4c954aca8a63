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
        // Regression (dataset_path_that_is_another_file_is_refused): any
        // file used to name its folder, so `--data notes.txt` read every
        // `.toml` file below the folder holding it (all of `/` for
        // `/notes.txt`). Only the manifest names its folder.
        if dir.file_name().is_none_or(|n| n != MANIFEST) {
            return Err(io(
                dir,
                std::io::Error::new(
                    std::io::ErrorKind::NotADirectory,
                    format!("not a dataset folder (give the folder, or its {MANIFEST})"),
                ),
            ));
        }
        let parent = dir.parent().unwrap_or(Path::new("."));
        return read_dir(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        });
    }
    let mut problems = Diagnostics::default();
    let mut ancestors = Vec::new();
    collect_toml(dir, &mut ancestors, &mut paths, &mut problems).map_err(|(p, e)| io(&p, e))?;
    paths.sort();
    let mut files = Vec::new();
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

/// Collects the `.toml` files below `dir`. Symbolic links to folders are
/// followed (a dataset may share a folder with another), except one that
/// leads back to a folder being read (`ancestors`, canonical paths): that
/// loop is reported and not followed.
///
/// Regression (symlinked_folder_is_read_and_a_loop_is_reported): links to
/// folders used to be skipped silently, dropping their files.
fn collect_toml(
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    out: &mut Vec<PathBuf>,
    problems: &mut Diagnostics,
) -> Result<(), (PathBuf, std::io::Error)> {
    let canonical = std::fs::canonicalize(dir).map_err(|e| (dir.to_path_buf(), e))?;
    if let Some(earlier) = ancestors.iter().find(|a| **a == canonical) {
        problems.push(
            Diagnostic::new(
                Location {
                    file: dir.display().to_string().into(),
                    line: 1,
                    column: 1,
                },
                format!(
                    "symbolic link loop: this folder is `{}`, which is being read already; not followed",
                    earlier.display()
                ),
            )
            .hint(Some(
                "remove the link, or point it outside the dataset folder".into(),
            )),
        );
        return Ok(());
    }
    ancestors.push(canonical);
    let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
        let path = entry.path();
        let mut kind = entry.file_type().map_err(|e| (path.clone(), e))?;
        if kind.is_symlink() {
            // A dangling link counts as a file: if its name ends in .toml,
            // reading it fails with a clear error.
            if let Ok(meta) = std::fs::metadata(&path) {
                kind = meta.file_type();
            }
        }
        if kind.is_dir() {
            collect_toml(&path, ancestors, out, problems)?;
        } else if path.extension().is_some_and(|x| x == "toml") {
            out.push(path);
        }
    }
    ancestors.pop();
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

    /// Regression: any file named its folder, so a stray file's whole
    /// folder tree was read as the dataset.
    #[test]
    fn dataset_path_that_is_another_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "x").unwrap();
        let err = read_dir(&file).unwrap_err();
        assert!(err.to_string().ends_with("notes.txt"), "{err}");
        let cause = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(
            cause.as_deref(),
            Some("not a dataset folder (give the folder, or its dataset.toml)")
        );
        std::fs::write(dir.path().join(MANIFEST), "").unwrap();
        let (files, _) = read_dir(&dir.path().join(MANIFEST)).unwrap();
        assert_eq!(files.len(), 1);
    }

    /// Regression: links to folders were skipped silently (their files
    /// dropped); a loop must be reported, not followed for ever.
    #[cfg(unix)]
    #[test]
    fn symlinked_folder_is_read_and_a_loop_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let shared = dir.path().join("shared");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&shared).unwrap();
        std::fs::write(data.join(MANIFEST), "").unwrap();
        std::fs::write(shared.join("orgs.toml"), "").unwrap();
        std::os::unix::fs::symlink(&shared, data.join("shared")).unwrap();
        std::os::unix::fs::symlink(&data, data.join("loop")).unwrap();
        let (files, problems) = read_dir(&data).unwrap();
        let names: Vec<&str> = files.iter().map(|f| &*f.name).collect();
        assert!(
            names.iter().any(|n| n.ends_with("shared/orgs.toml")),
            "{names:?}"
        );
        assert_eq!(problems.len(), 1, "{problems}");
        assert!(
            problems.0[0]
                .message
                .starts_with("symbolic link loop: this folder is `"),
            "{problems}"
        );
        assert!(problems.0[0].location.file.ends_with("data/loop"));
    }

    #[test]
    fn manifest_is_recognised_by_its_name() {
        assert!(SourceFile::new("graphs/x/dataset.toml", "").is_manifest());
        assert!(SourceFile::new("dataset.toml", "").is_manifest());
        assert!(!SourceFile::new("graphs/x/my-dataset.toml", "").is_manifest());
    }
}
