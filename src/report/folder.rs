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

/// The files of a report, made as they are written.
pub trait Files {
    /// Every file's relative path (with `/`), sorted.
    fn paths(&self) -> Vec<String>;
    /// Calls `write` with each file's path and contents, one at a time.
    fn each(&self, write: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()>;
}

impl Files for BTreeMap<String, Vec<u8>> {
    fn paths(&self) -> Vec<String> {
        self.keys().cloned().collect()
    }

    fn each(&self, write: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        self.iter().try_for_each(|(path, bytes)| write(path, bytes))
    }
}

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

/// Writes `files` as the report folder `dir`, by the rules of the module
/// documentation; `progress` is told the files written so far and in all.
/// Returns the number of files written, the marker included.
pub fn write_report(
    files: &dyn Files,
    dir: &Path,
    overwrite: Overwrite,
    progress: &dyn Fn(usize, usize),
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
    let paths = files.paths();
    if foreign.is_empty() {
        replace(files, &paths, dir, progress)?;
        return Ok(paths.len() + 1);
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
    let ours: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
    for stale in marked
        .iter()
        .flatten()
        .filter(|f| !ours.contains(f.as_str()))
    {
        let path = dir.join(stale);
        if path.is_file() {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    fill(files, &paths, dir, Fill::InPlace, progress)?;
    Ok(paths.len() + 1)
}

/// How [`fill`] writes each file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Into a folder of the user's: each file atomically and synced
    /// ([`write_atomic`]), replacing one of the same name.
    InPlace,
    /// Into the fresh temporary folder that will be swapped in whole: each
    /// file written plainly, the whole file system synced once at the end
    /// (a file synced one by one cost about 4 ms each, most of the time of
    /// a report of 10,000 pages).
    Fresh,
}

/// Writes the files and the marker into `dir`, which must exist.
fn fill(
    files: &dyn Files,
    paths: &[String],
    dir: &Path,
    how: Fill,
    progress: &dyn Fn(usize, usize),
) -> Result<()> {
    let total = paths.len();
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    let mut done = 0;
    files.each(&mut |path, bytes| {
        let target = dir.join(path);
        // Nothing is added to the fresh folder once a signal's clean-up has
        // started removing it (see crate::interrupt).
        let _quiet = (how == Fill::Fresh).then(crate::interrupt::quiet);
        if let Some(parent) = target.parent()
            && !made.contains(parent)
        {
            std::fs::create_dir_all(parent).map_err(|source| Error::Output {
                path: parent.to_path_buf(),
                source,
            })?;
            made.insert(parent.to_path_buf());
        }
        match how {
            Fill::InPlace => write_atomic(&target, Overwrite::Allow, |w| w.write_all(bytes))?,
            Fill::Fresh => std::fs::write(&target, bytes).map_err(|source| Error::Output {
                path: target.clone(),
                source,
            })?,
        }
        done += 1;
        progress(done, total);
        Ok(())
    })?;
    write_atomic(&dir.join(MARKER), Overwrite::Allow, |w| {
        writeln!(w, "{}", marker_heading())?;
        for path in paths {
            writeln!(w, "{path}")?;
        }
        Ok(())
    })?;
    if how == Fill::Fresh {
        sync_all_files(dir)?;
    }
    Ok(())
}

/// Flushes every file written under `dir` to disk: the file system's
/// `syncfs` where there is one (Linux), else each file in turn.
fn sync_all_files(dir: &Path) -> Result<()> {
    let io = |source| Error::Output {
        path: dir.to_path_buf(),
        source,
    };
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let folder = std::fs::File::open(dir).map_err(io)?;
        rustix::fs::syncfs(&folder).map_err(|e| io(e.into()))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        for path in contents(dir)? {
            std::fs::File::open(dir.join(path))
                .and_then(|f| f.sync_all())
                .map_err(io)?;
        }
        Ok(())
    }
}

/// Writes the report into a sibling temporary folder and puts it in
/// `dir`'s place.
fn replace(
    files: &dyn Files,
    paths: &[String],
    dir: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<()> {
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
        _ => return fill(files, paths, dir, Fill::InPlace, progress),
    };
    let absolute = parent.join(&name);
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let prefix = format!(".{name}.councils-new-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // Private while being written; an ordinary folder once in place.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let quiet = crate::interrupt::quiet();
    let fresh = builder.tempdir_in(&parent).map_err(io(&parent))?;
    let _fresh_registered = crate::interrupt::Temporary::register(fresh.path());
    drop(quiet);
    fill(files, paths, fresh.path(), Fill::Fresh, progress)?;
    // The swap is one quiet step: a signal meanwhile is acted on once the
    // new report is in place (and then removes the old one set aside).
    let quiet = crate::interrupt::quiet();
    if absolute.exists() {
        let aside: PathBuf = tempfile::Builder::new()
            .prefix(&format!(".{name}.councils-old-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?
            .keep();
        let _aside_registered = crate::interrupt::Temporary::register(&aside);
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
        // The new report is in place. Removing the old one (100,000 files
        // for a large network) takes seconds: a signal meanwhile need not
        // wait for it, the watcher removes what is left.
        drop(quiet);
        std::fs::remove_dir_all(&aside).map_err(io(&aside))?;
        // The fresh folder was renamed: nothing left to clean up.
        let _ = fresh.keep();
    } else {
        let kept = fresh.keep();
        std::fs::rename(&kept, &absolute).map_err(io(&absolute))?;
        drop(quiet);
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
        write_report(&site("one"), &dir, Overwrite::Refuse, &|_, _| {}).unwrap();
        write_report(&site("two"), &dir, Overwrite::Refuse, &|_, _| {}).unwrap();
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
        let err =
            write_report(&site("one"), dir.path(), Overwrite::Refuse, &|_, _| {}).unwrap_err();
        assert!(matches!(&err, Error::Occupied { files, .. } if files == &["notes.txt"]));
        assert_eq!(contents(dir.path()).unwrap().len(), 1);
        // Forced: written beside the user's file, which is kept.
        write_report(&site("one"), dir.path(), Overwrite::Allow, &|_, _| {}).unwrap();
        assert_eq!(read(dir.path(), "notes.txt"), "mine");
        assert_eq!(read(dir.path(), "index.html"), "one");
        // Forced again: the first report's own files go, the user's stay.
        write_report(&site("two"), dir.path(), Overwrite::Allow, &|_, _| {}).unwrap();
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
        write_report(&site("one"), &dir, Overwrite::Refuse, &|_, _| {}).unwrap();
        write_report(&site("two"), &dir.join("."), Overwrite::Refuse, &|_, _| {}).unwrap();
        assert_eq!(read(&dir, "index.html"), "two");
        let link = parent.path().join("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        write_report(&site("three"), &link, Overwrite::Refuse, &|_, _| {}).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(read(&dir, "index.html"), "three");
        assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_file_where_the_folder_should_be_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report");
        std::fs::write(&path, "x").unwrap();
        let err = write_report(&site("one"), &path, Overwrite::Allow, &|_, _| {}).unwrap_err();
        assert!(matches!(err, Error::Exists(_)));
    }
}
