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

mod chunked;
pub mod csv;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod raw;
mod toml_file;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use crate::error::{Diagnostic, Diagnostics, Error, Location, Result};
pub use chunked::Chunked;
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
    /// The file's text, with any byte-order mark removed; empty once
    /// [`SourceFile::release_text`] has dropped it.
    pub text: String,
    /// Byte offsets of line starts, for turning spans into line/column.
    line_starts: Vec<usize>,
    /// What is kept of an ASCII text that was released.
    released: Option<Released>,
}

/// What [`SourceFile::location`] and [`SourceFile::line_count`] need of an
/// ASCII text once it is dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Released {
    /// The text's length in bytes.
    len: usize,
    /// Whether it ended with a newline.
    ends_with_newline: bool,
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
            released: None,
        }
    }

    /// Drops the text if it is all ASCII, keeping its line starts: locations
    /// and the line count stay exactly what they were (in ASCII a byte is a
    /// character), but [`SourceFile::text`] is then empty. The loaders call
    /// it on CSV tables once their rows are read, so that the tables' text
    /// (~18 MB at 300k relations) is not held while the dataset is checked
    /// (issue 16). A text that is not all ASCII is kept, to count columns in
    /// characters.
    pub fn release_text(&mut self) {
        if self.released.is_none() && self.text.is_ascii() {
            self.released = Some(Released {
                len: self.text.len(),
                ends_with_newline: self.text.ends_with('\n'),
            });
            self.text = String::new();
        }
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn location(&self, offset: usize) -> Location {
        let len = self.released.map_or(self.text.len(), |r| r.len);
        let offset = offset.min(len);
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = match self.released {
            Some(_) => offset - start + 1,
            None => self
                .text
                .get(start..offset)
                .map_or(1, |prefix| prefix.chars().count() + 1),
        };
        Location {
            file: self.name.clone(),
            line,
            column,
        }
    }

    /// The number of lines (a last line without a newline counts).
    pub fn line_count(&self) -> usize {
        let ends_with_newline = self
            .released
            .map_or_else(|| self.text.ends_with('\n'), |r| r.ends_with_newline);
        self.line_starts.len() - usize::from(ends_with_newline)
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

/// How deep below the dataset folder the walk goes.
pub const MAX_DEPTH: usize = 32;

/// How many folder entries the walk looks at in all, before it stops.
pub const MAX_ENTRIES: usize = 1_000_000;

/// Reads every `.toml` file of the dataset folder `dir` (recursively, in
/// sorted order). Files that are not UTF-8 become diagnostics, not errors,
/// so that every problem is still reported at once.
///
/// Only regular files inside the folder are read. A symbolic link is never
/// followed (it may lead out of the folder, or back into it and round
/// again), and a named pipe, device or socket named `*.toml` is never
/// opened (a pipe blocks for ever, a device never ends): each is reported
/// as not read. The walk stops at [`MAX_DEPTH`] folders deep and after
/// [`MAX_ENTRIES`] entries, with a diagnostic. A file swapped for a special
/// file between the walk and the read is caught too: files are opened
/// without blocking and checked again before they are read.
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
    let mut walk = Walk {
        out: &mut paths,
        problems: &mut problems,
        entries: 0,
        stopped: false,
    };
    walk.folder(dir, 0).map_err(|(p, e)| io(&p, e))?;
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
        let name = path.display().to_string();
        let bytes = match read_regular(&path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                problems.push(not_read(&path, "it is no longer a regular file"));
                continue;
            }
            Err(e) => return Err(io(&path, e)),
        };
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

/// The bytes of `path` if it is a regular file, `None` if it is not (a
/// pipe, device or socket put there after the walk saw a file). The file is
/// opened without blocking, so a pipe cannot hang the open itself.
pub fn read_regular(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NOFOLLOW too: a file swapped for a link is not followed either.
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOFOLLOW;
        options.custom_flags(flags.bits() as i32);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        // ELOOP: the path is now a symbolic link (O_NOFOLLOW).
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(None);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// A diagnostic at `path` (line 1, column 1) saying it was not read and why.
fn not_read(path: &Path, why: &str) -> Diagnostic {
    Diagnostic::new(
        Location {
            file: path.display().to_string().into(),
            line: 1,
            column: 1,
        },
        format!("not read: {why}"),
    )
    .hint(Some(
        "a dataset is read only from regular files inside its folder: put a copy of the file there"
            .into(),
    ))
}

/// The walk over a dataset folder, collecting `.toml` files.
///
/// Regression (special_files_and_links_in_a_dataset_are_not_read): links to
/// folders were followed, so links branching at every level made the walk
/// exponential, and a pipe named `x.toml` blocked `validate` for ever.
struct Walk<'a> {
    out: &'a mut Vec<PathBuf>,
    problems: &'a mut Diagnostics,
    /// Entries looked at so far, against [`MAX_ENTRIES`].
    entries: usize,
    /// Set once a limit is hit: nothing more is collected.
    stopped: bool,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path, depth: usize) -> Result<(), (PathBuf, std::io::Error)> {
        if depth > MAX_DEPTH {
            self.stop(dir, &format!("folders nested more than {MAX_DEPTH} deep"));
            return Ok(());
        }
        let entries = std::fs::read_dir(dir).map_err(|e| (dir.to_path_buf(), e))?;
        for entry in entries {
            if self.stopped {
                return Ok(());
            }
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                self.stop(
                    dir,
                    &format!("more than {MAX_ENTRIES} entries in the folder tree"),
                );
                return Ok(());
            }
            let entry = entry.map_err(|e| (dir.to_path_buf(), e))?;
            let path = entry.path();
            // The entry itself, never what a link points to.
            let kind = entry.file_type().map_err(|e| (path.clone(), e))?;
            let toml = path.extension().is_some_and(|x| x == "toml");
            if kind.is_dir() {
                self.folder(&path, depth + 1)?;
            } else if kind.is_file() {
                if toml {
                    self.out.push(path);
                }
            } else if kind.is_symlink() {
                // Only links that would have been read are reported: one
                // named like a data file, or one to a folder.
                let to_folder = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
                if toml || to_folder {
                    let what = if to_folder { "folder" } else { "file" };
                    self.problems.push(not_read(
                        &path,
                        &format!("it is a symbolic link (to a {what}), and links are not followed"),
                    ));
                }
            } else if toml {
                self.problems.push(not_read(
                    &path,
                    &format!("it is {}, not a regular file", special_kind(&kind)),
                ));
            }
        }
        Ok(())
    }

    fn stop(&mut self, at: &Path, why: &str) {
        self.stopped = true;
        self.problems.push(
            Diagnostic::new(
                Location {
                    file: at.display().to_string().into(),
                    line: 1,
                    column: 1,
                },
                format!("the folder walk stopped here: {why}; the dataset was not read whole"),
            )
            .hint(Some(
                "give the path of the dataset folder itself, not of a folder above it".into(),
            )),
        );
    }
}

/// "a named pipe", "a device"... for a file type that is none of file,
/// folder or link.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "a special file"
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
    fn a_released_ascii_text_gives_the_same_locations_and_line_count() {
        for text in ["id,name\n1,\"a, b\"\n\n2,c", "id,name\n1,a\n"] {
            let kept = SourceFile::new("a.csv", text);
            let mut released = kept.clone();
            released.release_text();
            assert!(released.text.is_empty());
            assert_eq!(released.line_count(), kept.line_count());
            for offset in 0..=text.len() + 3 {
                assert_eq!(released.location(offset), kept.location(offset), "{offset}");
            }
        }
    }

    #[test]
    fn a_text_with_other_characters_is_not_released() {
        let mut f = SourceFile::new("a.csv", "id,name\n1,Völkerbund\n");
        f.release_text();
        assert_eq!(f.text, "id,name\n1,Völkerbund\n");
        // In characters (13), not bytes (14).
        assert_eq!(f.location(f.text.len() - 1).column, 13);
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

    /// Regression: links were followed (out of the folder, and back into
    /// it, exponentially when links branch at every level); now none is,
    /// and each that would have been read is reported.
    #[cfg(unix)]
    #[test]
    fn links_are_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let shared = dir.path().join("shared");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&shared).unwrap();
        std::fs::write(data.join(MANIFEST), "").unwrap();
        std::fs::write(shared.join("orgs.toml"), "").unwrap();
        std::os::unix::fs::symlink(&shared, data.join("shared")).unwrap();
        std::os::unix::fs::symlink(&data, data.join("loop")).unwrap();
        std::os::unix::fs::symlink(shared.join("orgs.toml"), data.join("o.toml")).unwrap();
        std::os::unix::fs::symlink(shared.join("orgs.toml"), data.join("o.txt")).unwrap();
        let (files, problems) = read_dir(&data).unwrap();
        let names: Vec<&str> = files.iter().map(|f| &*f.name).collect();
        assert_eq!(names, [data.join(MANIFEST).display().to_string()]);
        let mut found: Vec<String> = problems
            .0
            .iter()
            .map(|d| format!("{} {}", d.location.file, d.message))
            .collect();
        found.sort();
        let d = data.display();
        assert_eq!(
            found,
            [
                format!(
                    "{d}/loop not read: it is a symbolic link (to a folder), and links are not followed"
                ),
                format!(
                    "{d}/o.toml not read: it is a symbolic link (to a file), and links are not followed"
                ),
                format!(
                    "{d}/shared not read: it is a symbolic link (to a folder), and links are not followed"
                ),
            ]
        );
    }

    /// Regression: a named pipe called `x.toml` was opened, and `validate`
    /// waited for a writer for ever.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_reported_not_opened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), "").unwrap();
        let fifo = dir.path().join("x.toml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("SKIPPED: `mkfifo` is not available");
            return;
        }
        let (files, problems) = read_dir(dir.path()).unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(problems.len(), 1, "{problems}");
        assert_eq!(
            problems.0[0].message,
            "not read: it is a named pipe (FIFO), not a regular file"
        );
        // And if the walk saw a file that became a pipe, the read says so.
        assert_eq!(read_regular(&fifo).unwrap(), None);
    }

    /// Folders nested deeper than the bound stop the walk, with a message.
    #[test]
    fn the_walk_is_bounded_in_depth() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), "").unwrap();
        let mut deep = dir.path().to_path_buf();
        for _ in 0..=MAX_DEPTH {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        let (_, problems) = read_dir(dir.path()).unwrap();
        assert_eq!(problems.len(), 1, "{problems}");
        assert_eq!(
            problems.0[0].message,
            "the folder walk stopped here: folders nested more than 32 deep; the dataset was not read whole"
        );
    }

    #[test]
    fn manifest_is_recognised_by_its_name() {
        assert!(SourceFile::new("graphs/x/dataset.toml", "").is_manifest());
        assert!(SourceFile::new("dataset.toml", "").is_manifest());
        assert!(!SourceFile::new("graphs/x/my-dataset.toml", "").is_manifest());
    }
}
