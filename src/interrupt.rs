//! Stopping cleanly when told to stop (Ctrl-C, SIGTERM, SIGHUP).
//!
//! By default a process told to stop dies at once: a `dot` it started goes
//! on laying out a graph as an orphan (GBs, hours), and the temporary file
//! or folder it was writing stays behind, hidden, until the next write into
//! the same folder removes it (issue 17). So every temporary path the tool
//! writes is registered here while it exists ([`Temporary`]), every child
//! process while it runs ([`watch_child`]), and a watcher thread
//! (signal-hook's `Signals`, installed by [`install`]) does on SIGINT,
//! SIGTERM or SIGHUP:
//!
//! 1. take the [`quiet`] lock, which writers hold only across the steps
//!    that must not be cut (creating a file, renaming one into place,
//!    swapping two folders), and never give it back, so that nothing more
//!    is written;
//! 2. kill and reap every registered child;
//! 3. remove every registered temporary file and folder;
//! 4. end the process by the same signal (its default action), so that
//!    the caller sees the usual status (a shell's `$?` is 130 for SIGINT,
//!    143 for SIGTERM).
//!
//! The outputs are then as before the run: single files and folders are
//! replaced by a rename, which either happened (the new output is whole)
//! or did not (the old one is untouched). All of this takes well under a
//! second. SIGKILL cannot be caught: then the leftovers are removed by the
//! next write ([`crate::write::clean_stale`]).
//!
//! Until [`install`] is called (the CLI calls it first thing) the default
//! handling applies and the registrations cost a lock each.

use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

/// Temporary paths being written, by registration number.
static TEMPORARY: Mutex<Vec<(u64, PathBuf)>> = Mutex::new(Vec::new());

/// Child processes running now.
static CHILDREN: Mutex<Vec<Child>> = Mutex::new(Vec::new());

/// Held by writers across steps that must not be cut, and by the watcher
/// from the signal to the end.
static QUIET: Mutex<()> = Mutex::new(());

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Installs, once, the watcher that cleans up and ends the process on
/// SIGINT, SIGTERM or SIGHUP. Does nothing where signals are not Unix's.
pub fn install() {
    static WATCHER: Once = Once::new();
    #[cfg(unix)]
    WATCHER.call_once(|| {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                stop(signal);
            }
        });
    });
}

/// Step 1–4 of the module documentation.
#[cfg(unix)]
fn stop(signal: i32) -> ! {
    // Never released: no writer gets past its next quiet step.
    let quiet = lock(&QUIET);
    std::mem::forget(quiet);
    let mut children = lock(&CHILDREN);
    for child in children.iter_mut() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let temporary = lock(&TEMPORARY);
    // Latest first: a file registered inside a registered folder goes
    // before the folder.
    for (_, path) in temporary.iter().rev() {
        remove(path);
    }
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal);
}

/// Removes a file or a folder with everything in it, ignoring failures.
fn remove(path: &Path) {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => {
            // A writer may have been adding a file as we started: try again.
            for _ in 0..3 {
                if std::fs::remove_dir_all(path).is_ok() {
                    break;
                }
            }
        }
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
}

/// Holds off the clean-up while a step that must not be cut runs (creating
/// and registering a temporary path, a rename into place): a signal
/// meanwhile is acted on when the guard is dropped.
pub fn quiet() -> MutexGuard<'static, ()> {
    lock(&QUIET)
}

/// A temporary file or folder, removed by the watcher if the process is
/// told to stop while it is registered. Dropping it unregisters the path
/// (it does not remove it: its owner renames or removes it).
#[derive(Debug)]
pub struct Temporary(u64);

impl Temporary {
    /// Registers `path`. Call it under [`quiet`], before creating the path
    /// or right after, so that no signal falls between the two.
    pub fn register(path: &Path) -> Self {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let id = NEXT.fetch_add(1, Ordering::Relaxed);
        lock(&TEMPORARY).push((id, path.to_path_buf()));
        Self(id)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        let mut temporary = lock(&TEMPORARY);
        if let Some(at) = temporary.iter().position(|(id, _)| *id == self.0) {
            temporary.remove(at);
        }
    }
}

/// The temporary paths registered now (for tests and diagnostics).
pub fn registered() -> Vec<PathBuf> {
    lock(&TEMPORARY).iter().map(|(_, p)| p.clone()).collect()
}

/// Registers a child process, to be killed if this process is told to
/// stop; returns its id, for [`unwatch_child`]. Start the child under
/// [`quiet`] so that no signal falls between its start and this call.
pub fn watch_child(child: Child) -> u32 {
    let id = child.id();
    lock(&CHILDREN).push(child);
    id
}

/// Takes back the child registered by [`watch_child`] under `id`.
///
/// # Panics
/// If no child of that id is registered (each is taken back once).
pub fn unwatch_child(id: u32) -> Child {
    let mut children = lock(&CHILDREN);
    let at = children
        .iter()
        .position(|c| c.id() == id)
        .expect("a watched child is taken back once");
    children.swap_remove(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_are_registered_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.tmp");
        let b = dir.path().join("b.tmp");
        let first = Temporary::register(&a);
        let second = Temporary::register(&b);
        assert!(registered().contains(&a) && registered().contains(&b));
        drop(first);
        assert!(!registered().contains(&a));
        assert!(registered().contains(&b));
        drop(second);
        assert!(!registered().contains(&b));
    }

    #[test]
    fn removing_takes_files_and_whole_folders() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("f");
        std::fs::create_dir_all(folder.join("org")).unwrap();
        std::fs::write(folder.join("org/x.html"), "x").unwrap();
        let file = dir.path().join("g.tmp");
        std::fs::write(&file, "x").unwrap();
        remove(&folder);
        remove(&file);
        remove(&dir.path().join("missing"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
