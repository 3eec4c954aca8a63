//! The report's folder: marked as the tool's own, so that a later run may
//! replace it, and replaced whole, so that a reader never sees a mix of two
//! reports.
//!
//! A report folder holds a [`MARKER`] file naming the tool, its version and
//! every file it wrote. Writing a report into `DIR`:
//!
//! * `DIR` missing, empty, or marked and holding only files the marker
//!   lists: the report is written into a sibling temporary folder, which
//!   then takes `DIR`'s place (the old folder is renamed aside and removed),
//!   so an interrupted run leaves the old report or the new one, never a
//!   mix.
//! * `DIR` holds files the tool did not write (it is not marked, or a
//!   user added files to a marked one): refused with
//!   [`Error::Occupied`], naming them, unless `overwrite` allows it; then
//!   the report's files are written into `DIR` one by one, replacing those
//!   of the same names, the files an earlier report wrote and this one does
//!   not are removed, and the user's other files are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::write::{Overwrite, write_atomic};

/// The file that marks a folder as a report the tool wrote.
pub const MARKER: &str = ".councils-report";

/// The marker's first line: tool and version.
fn marker_heading() -> String {
    format!(
        "{} {} report; the files it wrote follow",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION")
    )
}

/// Writes `files` (relative path with `/` -> contents) as the report folder
/// `dir`, by the rules of the module documentation; returns the number of
/// files written, the marker included.
pub fn write_report(
    files: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
    overwrite: Overwrite,
) -> Result<usize> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Output { path, source }
    };
    let existing = match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Some(contents(dir)?),
        Ok(_) => return Err(Error::Exists(dir.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(dir)(e)),
    };
    let marked = match &existing {
        Some(found) if found.contains(MARKER) => Some(listed(dir)?),
        _ => None,
    };
    let foreign: Vec<String> = existing
        .iter()
        .flatten()
        .filter(|f| *f != MARKER && !marked.as_ref().is_some_and(|m| m.contains(*f)))
        .cloned()
        .collect();
    if foreign.is_empty() {
        replace(files, dir)?;
        return Ok(files.len() + 1);
    }
    if overwrite == Overwrite::Refuse {
        let whose = if marked.is_some() {
            "an earlier report, with files councils did not write"
        } else {
            "files councils did not write"
        };
        return Err(Error::Occupied {
            dir: dir.to_path_buf(),
            whose,
            files: foreign,
        });
    }
    // --force: in place, keeping the user's files.
    for stale in marked.iter().flatten().filter(|f| !files.contains_key(*f)) {
        let path = dir.join(stale);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    fill(files, dir, Overwrite::Allow)?;
    Ok(files.len() + 1)
}

/// Writes the files and the marker into `dir`, which must exist.
fn fill(files: &BTreeMap<String, Vec<u8>>, dir: &Path, overwrite: Overwrite) -> Result<()> {
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Output {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomic(&target, overwrite, |w| w.write_all(bytes))?;
    }
    write_atomic(&dir.join(MARKER), Overwrite::Allow, |w| {
        writeln!(w, "{}", marker_heading())?;
        for path in files.keys() {
            writeln!(w, "{path}")?;
        }
        Ok(())
    })
}

/// Writes the report into a sibling temporary folder and puts it in
/// `dir`'s place.
fn replace(files: &BTreeMap<String, Vec<u8>>, dir: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Output { path, source }
    };
    // The real folder (through symbolic links, `.` and `..`), so that the
    // swap happens where the files are.
    let real = if dir.exists() {
        std::fs::canonicalize(dir)
    } else {
        std::path::absolute(dir)
    }
    .map_err(io(dir))?;
    let (parent, name) = match (real.parent(), real.file_name()) {
        (Some(parent), Some(name)) => (parent.to_path_buf(), name.to_string_lossy().into_owned()),
        // The root folder has no sibling: write in place.
        _ => return fill(files, dir, Overwrite::Allow),
    };
    let absolute = parent.join(&name);
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let prefix = format!(".{name}.councils-new-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // Private while being written; an ordinary folder once in place.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let fresh = builder.tempdir_in(&parent).map_err(io(&parent))?;
    fill(files, fresh.path(), Overwrite::Refuse)?;
    if absolute.exists() {
        let aside: PathBuf = tempfile::Builder::new()
            .prefix(&format!(".{name}.councils-old-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?
            .keep();
        // `aside` is an empty folder: renaming onto it replaces it.
        std::fs::rename(&absolute, &aside).map_err(io(&absolute))?;
        if let Err(source) = std::fs::rename(fresh.path(), &absolute) {
            // Put the old report back rather than leave nothing.
            let _ = std::fs::rename(&aside, &absolute);
            return Err(Error::Output {
                path: absolute,
                source,
            });
        }
        std::fs::remove_dir_all(&aside).map_err(io(&aside))?;
        // The fresh folder was renamed: nothing left to clean up.
        let _ = fresh.keep();
    } else {
        let kept = fresh.keep();
        std::fs::rename(&kept, &absolute).map_err(io(&absolute))?;
    }
    Ok(())
}

/// Every file under `dir`, as relative paths with `/`.
fn contents(dir: &Path) -> Result<BTreeSet<String>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path.strip_prefix(base).unwrap_or(&path);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(out)
}

/// The files a marker lists.
fn listed(dir: &Path) -> Result<BTreeSet<String>> {
    let path = dir.join(MARKER);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?;
    Ok(text.lines().skip(1).map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(text: &str) -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([
            ("index.html".to_string(), text.as_bytes().to_vec()),
            (format!("org/{text}.html"), b"page".to_vec()),
        ])
    }

    fn read(dir: &Path, path: &str) -> String {
        std::fs::read_to_string(dir.join(path)).unwrap()
    }

    #[test]
    fn a_report_replaces_the_report_it_wrote_and_leaves_nothing_aside() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("report");
        write_report(&site("one"), &dir, Overwrite::Refuse).unwrap();
        write_report(&site("two"), &dir, Overwrite::Refuse).unwrap();
        assert_eq!(read(&dir, "index.html"), "two");
        assert_eq!(
            contents(&dir).unwrap(),
            BTreeSet::from([MARKER.into(), "index.html".into(), "org/two.html".into()]),
            "org/one.html of the first report is gone"
        );
        assert!(read(&dir, MARKER).starts_with("councils 0."));
        let siblings: Vec<_> = std::fs::read_dir(parent.path()).unwrap().collect();
        assert_eq!(siblings.len(), 1, "no temporary folder left beside it");
    }

    #[test]
    fn a_folder_with_files_of_others_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = write_report(&site("one"), dir.path(), Overwrite::Refuse).unwrap_err();
        assert!(matches!(&err, Error::Occupied { files, .. } if files == &["notes.txt"]));
        assert_eq!(contents(dir.path()).unwrap().len(), 1);
        // Forced: written beside the user's file, which is kept.
        write_report(&site("one"), dir.path(), Overwrite::Allow).unwrap();
        assert_eq!(read(dir.path(), "notes.txt"), "mine");
        assert_eq!(read(dir.path(), "index.html"), "one");
        // Forced again: the first report's own files go, the user's stay.
        write_report(&site("two"), dir.path(), Overwrite::Allow).unwrap();
        assert!(!dir.path().join("org/one.html").exists());
        assert_eq!(read(dir.path(), "notes.txt"), "mine");
    }

    /// `--out .` inside a report folder, and a link to a report folder,
    /// replace the folder itself (the link stays a link).
    #[cfg(unix)]
    #[test]
    fn a_report_reached_by_a_dot_or_a_link_is_replaced_where_it_is() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("report");
        write_report(&site("one"), &dir, Overwrite::Refuse).unwrap();
        write_report(&site("two"), &dir.join("."), Overwrite::Refuse).unwrap();
        assert_eq!(read(&dir, "index.html"), "two");
        let link = parent.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        write_report(&site("three"), &link, Overwrite::Refuse).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(read(&dir, "index.html"), "three");
        assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report");
        std::fs::write(&path, "x").unwrap();
        let err = write_report(&site("one"), &path, Overwrite::Allow).unwrap_err();
        assert!(matches!(err, Error::Exists(_)));
    }
}
