//! Writing output files atomically.
//!
//! Every file the tool writes is first written to a temporary file in the
//! same folder and then renamed over its final name, so a reader never sees
//! a half-written file and an interrupted run leaves the old file (or none)
//! in place. Existing files are kept unless the caller allows overwriting.

use std::io::Write;
use std::path::Path;

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
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".councils-").suffix(".tmp");
    // A temporary file is private (0600); the file it becomes is an
    // ordinary output file, readable by others as the umask allows.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buffered).map_err(io)?;
        buffered.flush().map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
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
}
