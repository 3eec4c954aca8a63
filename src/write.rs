//! Writing output files atomically.
//!
//! Every file the tool writes is first written to a temporary file in the
//! same folder and then renamed over its final name, so a reader never sees
//! a half-written file and an interrupted run leaves the old file (or none)
//! in place. Existing files are kept unless the caller allows overwriting.
//!
//! Outputs of several files (a CSV export, an imported dataset, a report)
//! go through [`write_dir_atomic`]: the whole folder is written beside its
//! final place and swapped in at once, so a reader sees all the old files
//! or all the new ones, never a mix.
//!
//! Every temporary file and folder is named `.councils-<pid>-...`; the
//! leftovers of runs that were killed (their process is gone) are removed
//! by the next write into the same folder ([`clean_stale`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// Whether an existing file may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse to replace an existing file (the default of every command).
    Refuse,
    /// Replace it (`--force`).
    Allow,
}

/// Writes `path` atomically with what `fill` writes into it.
///
/// Fails with [`Error::Exists`] if `path` exists and `overwrite` is
/// [`Overwrite::Refuse`]; the check and the rename are one step
/// (`persist_noclobber`), so a file created meanwhile is not replaced either.
pub fn write_atomic<F>(path: &Path, overwrite: Overwrite, fill: F) -> Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    if overwrite == Overwrite::Refuse && path.exists() {
        return Err(Error::Exists(path.to_path_buf()));
    }
    let io = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    clean_stale_once(dir);
    let prefix = temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is private (0600); the file it becomes is an
    // ordinary output file, readable by others as the umask allows.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // Created and registered in one quiet step: a signal meanwhile finds
    // it registered, and removes it (see crate::interrupt).
    let quiet = crate::interrupt::quiet();
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    let registered = crate::interrupt::Temporary::register(tmp.path());
    drop(quiet);
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buffered).map_err(io)?;
        buffered.flush().map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    let _quiet = crate::interrupt::quiet();
    drop(registered);
    match overwrite {
        Overwrite::Allow => tmp.persist(path).map_err(|e| io(e.error))?,
        Overwrite::Refuse => tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists(path.to_path_buf())
            } else {
                io(e.error)
            }
        })?,
    };
    Ok(())
}

/// What every temporary name starts with.
const TEMP: &str = ".councils-";

/// `.councils-<pid>-`: the prefix of this process's temporary names.
fn temp_prefix() -> String {
    format!("{TEMP}{}-", std::process::id())
}

/// How old a temporary entry without a readable process id must be before
/// it counts as left over (older versions named them `.councils-XXXXXX.tmp`).
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Removes from `dir` the temporary files and folders of runs that were
/// interrupted: entries named `.councils-<pid>-...` whose process is no
/// longer running (or, where that cannot be told, older than an hour).
/// Returns how many were removed. Failures are ignored: cleaning is a
/// courtesy, never a reason to fail a write.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TEMP)) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if pid == std::process::id() => false,
            Some(pid) if Path::new("/proc/self").exists() => {
                !Path::new("/proc").join(pid.to_string()).exists()
            }
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STALE_AFTER),
        };
        if !stale {
            continue;
        }
        let path = entry.path();
        let gone = match entry.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
        if gone.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// [`clean_stale`] on `dir` the first time this process writes there: a
/// report writes thousands of files into one folder, and scanning it before
/// each would be quadratic.
fn clean_stale_once(dir: &Path) {
    static CLEANED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut cleaned = CLEANED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !cleaned.iter().any(|d| d == dir) {
        cleaned.push(dir.to_path_buf());
        drop(cleaned);
        clean_stale(dir);
    }
}

/// A temporary folder removed when dropped (a failed or panicking fill),
/// unless it was swapped in.
struct TempDir(Option<PathBuf>);

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// Writes the folder `dir` as one: `fill` writes every file into a fresh
/// temporary folder beside `dir` (same parent, so same file system), which
/// then replaces `dir` in one step. A reader, or a run interrupted at any
/// point, sees all the old files or all the new ones, never a mix; a run
/// killed midway leaves only a hidden `.councils-<pid>-...` folder, which
/// the next write into the same parent removes.
///
/// `ours(name)` says whether an entry of an existing `dir` (a top-level
/// name) is one this command writes and may replace. An existing `dir`
/// holding anything else is never replaced, whatever `overwrite` says: the
/// swap would delete it. With [`Overwrite::Refuse`], an existing `dir` that
/// holds any entry at all is refused ([`Error::Exists`] names the first).
///
/// Swapping uses `renameat2(RENAME_EXCHANGE)` where the system has it
/// (Linux), so `dir` exists at every instant; elsewhere the old folder is
/// renamed away and the new one renamed in, which leaves a moment without
/// `dir` (a crash then leaves the old files in the hidden folder).
///
/// For `report` (which writes a site folder of its own): pass an `ours`
/// that recognises the site's files, and write the pages into the folder
/// `fill` is given.
pub fn write_dir_atomic<F>(
    dir: &Path,
    overwrite: Overwrite,
    ours: &dyn Fn(&str) -> bool,
    fill: F,
) -> Result<()>
where
    F: FnOnce(&Path) -> Result<()>,
{
    let io = |path: &Path, source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
    // `.` or `..` cannot be renamed: name the folder by its real path.
    let dir = match std::fs::canonicalize(dir) {
        Ok(real) => real,
        Err(_) => dir.to_path_buf(),
    };
    let parent = dir.parent().map_or(parent, Path::to_path_buf);
    clean_stale(&parent);
    let exists = match std::fs::symlink_metadata(&dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            return Err(Error::Write(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} exists and is not a folder", dir.display()),
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(io(&dir, e)),
    };
    if exists {
        clean_stale(&dir);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| io(&dir, e))?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<std::io::Result<_>>()
            .map_err(|e| io(&dir, e))?;
        names.sort();
        if let Some(other) = names.iter().find(|n| !ours(n)) {
            return Err(Error::Write(std::io::Error::other(format!(
                "{} holds `{other}`, which this command does not write, so the folder is not replaced (move that away, or write to another folder)",
                dir.display()
            ))));
        }
        if overwrite == Overwrite::Refuse
            && let Some(first) = names.first()
        {
            return Err(Error::Exists(dir.join(first)));
        }
    }
    static SERIAL: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let serial = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = parent.join(format!("{}{serial}.d", temp_prefix()));
    let quiet = crate::interrupt::quiet();
    std::fs::create_dir(&temp).map_err(|e| io(&temp, e))?;
    let registered = crate::interrupt::Temporary::register(&temp);
    drop(quiet);
    let mut guard = TempDir(Some(temp.clone()));
    fill(&temp)?;
    sync_dir(&temp).map_err(|e| io(&temp, e))?;
    // The swap is not cut by a signal: it happens whole, then the
    // temporary folder (now holding the old files) is removed.
    let quiet = crate::interrupt::quiet();
    if exists {
        swap(&temp, &dir).map_err(|e| io(&dir, e))?;
        // `temp` now holds the old files.
    } else {
        std::fs::rename(&temp, &dir).map_err(|e| {
            if matches!(
                e.kind(),
                std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists
            ) {
                Error::Exists(dir.clone())
            } else {
                io(&dir, e)
            }
        })?;
        guard.0 = None;
    }
    drop(quiet);
    drop(guard);
    drop(registered);
    let _ = sync_dir(&parent);
    Ok(())
}

/// Exchanges the folders `a` and `b` (both exist): atomically where the
/// system can, else by two renames through a third name.
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Not supported by this kernel or file system: fall back.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    let aside = a.with_extension("old");
    std::fs::rename(b, &aside)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&aside, b);
        return Err(e);
    }
    std::fs::rename(&aside, a)
}

/// Flushes a folder's entries to disk (no-op where folders cannot be opened).
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_refuses_to_overwrite_without_permission() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, Overwrite::Refuse, |w| w.write_all(b"one")).unwrap();
        let again = write_atomic(&path, Overwrite::Refuse, |w| w.write_all(b"two"));
        assert!(matches!(again, Err(Error::Exists(_))));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        write_atomic(&path, Overwrite::Allow, |w| w.write_all(b"two")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
    }

    /// Regression: written files kept the temporary file's mode 0600.
    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others_as_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        write_atomic(&path, Overwrite::Refuse, |w| w.write_all(b"x")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o044, 0o044 & !umask(), "mode {mode:o}");
    }

    /// The process umask, read from /proc (Linux) or assumed 022.
    #[cfg(unix)]
    fn umask() -> u32 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
            })
            .unwrap_or(0o022)
    }

    #[test]
    fn failed_write_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let result = write_atomic(&path, Overwrite::Refuse, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(result.is_err());
        assert!(!path.exists());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "no temp file left"
        );
    }

    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                (e.file_name().to_string_lossy().into_owned(), text)
            })
            .collect();
        out.sort();
        out
    }

    fn fill_with(
        names: &'static [&'static str],
        text: &'static str,
    ) -> impl FnOnce(&Path) -> Result<()> {
        move |dir| {
            for name in names {
                write_atomic(&dir.join(name), Overwrite::Refuse, |w| {
                    w.write_all(text.as_bytes())
                })?;
            }
            Ok(())
        }
    }

    const NAMES: &[&str] = &["a.csv", "b.csv", "c.csv"];

    fn ours(name: &str) -> bool {
        NAMES.contains(&name)
    }

    /// Issue 17.2: a write that fails midway (two files of three written)
    /// leaves the old folder whole and no temporary folder.
    #[test]
    fn folder_write_failing_midway_leaves_the_old_folder() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        write_dir_atomic(&dir, Overwrite::Refuse, &ours, fill_with(NAMES, "old")).unwrap();
        let old = files(&dir);
        assert_eq!(old.len(), 3);
        let failed = write_dir_atomic(&dir, Overwrite::Allow, &ours, |tmp| {
            fill_with(&["a.csv", "b.csv"], "new")(tmp)?;
            Err(Error::Io {
                path: tmp.join("c.csv"),
                source: std::io::Error::other("interrupted"),
            })
        });
        assert!(failed.is_err());
        assert_eq!(files(&dir), old, "all old");
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            1,
            "no temp left"
        );
        write_dir_atomic(&dir, Overwrite::Allow, &ours, fill_with(NAMES, "new")).unwrap();
        assert!(files(&dir).iter().all(|(_, t)| t == "new"), "all new");
        assert_eq!(
            std::fs::read_dir(root.path()).unwrap().count(),
            1,
            "old folder removed"
        );
    }

    #[test]
    fn folder_write_refuses_to_replace_without_permission_or_foreign_files() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        write_dir_atomic(&dir, Overwrite::Refuse, &ours, fill_with(NAMES, "old")).unwrap();
        let again = write_dir_atomic(&dir, Overwrite::Refuse, &ours, fill_with(NAMES, "new"));
        assert!(matches!(again, Err(Error::Exists(p)) if p.ends_with("a.csv")));
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let err =
            write_dir_atomic(&dir, Overwrite::Allow, &ours, fill_with(NAMES, "new")).unwrap_err();
        let cause = std::error::Error::source(&err).unwrap().to_string();
        assert!(cause.ends_with("out holds `notes.txt`, which this command does not write, so the folder is not replaced (move that away, or write to another folder)"), "{cause}");
        assert_eq!(
            std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_to_string(dir.join("a.csv")).unwrap(), "old");
        // An empty existing folder is filled without --force.
        let empty = root.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        write_dir_atomic(&empty, Overwrite::Refuse, &ours, fill_with(NAMES, "x")).unwrap();
        assert_eq!(files(&empty).len(), 3);
    }

    /// Issue 17.2: an interrupted run left a hidden temporary file or
    /// folder (up to ~500 MB) for ever; the next write removes those whose
    /// process is gone, and keeps those of running processes.
    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_dead_runs_are_removed_by_the_next_write() {
        let root = tempfile::tempdir().unwrap();
        // A process id that is not running: a child that has exited.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale_dir = root.path().join(format!(".councils-{dead}-0000abcd"));
        std::fs::create_dir(&stale_dir).unwrap();
        std::fs::write(stale_dir.join("nodes.csv"), "x").unwrap();
        let stale_file = root.path().join(format!(".councils-{dead}-XyZ.tmp"));
        std::fs::write(&stale_file, "x").unwrap();
        let live = root
            .path()
            .join(format!(".councils-{}-1.tmp", std::process::id()));
        std::fs::write(&live, "x").unwrap();
        write_atomic(&root.path().join("out.txt"), Overwrite::Refuse, |w| {
            w.write_all(b"x")
        })
        .unwrap();
        assert!(!stale_dir.exists());
        assert!(!stale_file.exists());
        assert!(live.exists(), "a running process's file is kept");
    }
}
