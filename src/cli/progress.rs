//! What a long command is doing, on standard error, while it does it: a
//! spinner with the stage ("reading /data/w1m", "writing 12,345 of 100,005
//! files") and the time spent so far.
//!
//! Drawn only when standard error is a terminal: piped or redirected, the
//! command prints exactly what it printed before (its notes, warnings and
//! errors), so scripts and logs are unchanged. The spinner is cleared
//! before the command's last lines and its errors; notes printed meanwhile
//! ([`suspend`]) appear above it.

use std::io::IsTerminal;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The spinner, once a stage has started on a terminal.
static SPINNER: Mutex<Option<ProgressBar>> = Mutex::new(None);

fn spinner() -> MutexGuard<'static, Option<ProgressBar>> {
    SPINNER.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Shows `what` as the current stage (starting the spinner the first time,
/// if standard error is a terminal).
pub fn stage(what: &str) {
    let mut slot = spinner();
    if slot.is_none() {
        if !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}… {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        *slot = Some(bar);
    }
    if let Some(bar) = slot.as_ref() {
        // Dataset text may appear in a stage: shown, not obeyed.
        bar.set_message(councils::render::terminal::printable(what).into_owned());
    }
}

/// A stage counting `done` of `total` `things` ("writing 12,345 of
/// 100,005 files"); redrawn every 256 steps, so that calling it for every
/// file costs nothing.
pub fn count(verb: &str, done: usize, total: usize, things: &str) {
    if done.is_multiple_of(256) || done == total {
        let n = councils::suggest::thousands;
        stage(&format!("{verb} {} of {} {things}", n(done), n(total)));
    }
}

/// Clears the spinner (before the command's last lines or its error).
pub fn done() {
    if let Some(bar) = spinner().take() {
        bar.finish_and_clear();
    }
}

/// Runs `print` (which writes a line to standard error) with the spinner
/// out of the way.
pub fn suspend<R>(print: impl FnOnce() -> R) -> R {
    let slot = spinner();
    match slot.as_ref() {
        Some(bar) => bar.suspend(print),
        None => {
            drop(slot);
            print()
        }
    }
}
