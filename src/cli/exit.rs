//! Exit codes: 0 success, 1 invalid data or failed output, 2 usage error
//! (bad flag, unknown period or organisation, unreadable path or date).

use std::process::ExitCode;

use councils::Error;

/// The dataset or its output is at fault.
pub const INVALID: u8 = 1;
/// The command line is at fault (clap uses 2 for its own errors too).
pub const USAGE: u8 = 2;

/// True if the error is a write to a closed pipe.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            // JSON output fails inside serde_json, which wraps the I/O error.
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
    })
}

/// The exit code for a failed run.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    let code = match err.downcast_ref::<Error>() {
        Some(Error::Unknown { .. } | Error::Date(_) | Error::Io { .. }) => USAGE,
        Some(Error::Invalid(_) | Error::Write(_) | Error::Exists(_) | Error::Occupied { .. }) => {
            INVALID
        }
        None if err.downcast_ref::<Usage>().is_some() => USAGE,
        None => INVALID,
    };
    ExitCode::from(code)
}

/// A usage error found by the CLI itself (a flag combination clap cannot
/// express).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);
