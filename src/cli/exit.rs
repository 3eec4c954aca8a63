//! Exit codes: 0 success, 1 invalid data or failed output, 2 usage error
//! (bad flag, unknown period or organisation, unreadable path or date).

use std::process::ExitCode;

use councils::Error;

/// The dataset or its output is at fault.
pub const INVALID: u8 = 1;
/// The command line is at fault (clap uses 2 for its own errors too).
pub const USAGE: u8 = 2;

/// True if the error is a write to a closed pipe, anywhere in its chain.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(is_broken_pipe_cause)
}

/// True if `cause` is, or wraps, an I/O error of kind `BrokenPipe`. Writers
/// hide the I/O error in different places: serde_json and csv wrap it in
/// their own error, and csv's error, converted to an `io::Error` of kind
/// `Other` by `?`, reports no source.
fn is_broken_pipe_cause(cause: &(dyn std::error::Error + 'static)) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    if let Some(e) = cause.downcast_ref::<std::io::Error>() {
        return e.kind() == BrokenPipe
            || e.get_ref().is_some_and(|inner| is_broken_pipe_cause(inner));
    }
    if let Some(e) = cause.downcast_ref::<csv::Error>() {
        return matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe);
    }
    cause
        .downcast_ref::<serde_json::Error>()
        .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
}

/// The exit code for a failed run.
pub fn code_for(err: &anyhow::Error) -> ExitCode {
    let code = match err.downcast_ref::<Error>() {
        Some(
            Error::Unknown { .. } | Error::Parameter { .. } | Error::Date(_) | Error::Io { .. },
        ) => USAGE,
        Some(
            Error::Invalid(_)
            | Error::Write(_)
            | Error::Output { .. }
            | Error::Exists(_)
            | Error::Occupied { .. },
        ) => INVALID,
        None if err.downcast_ref::<Usage>().is_some() => USAGE,
        None => INVALID,
    };
    ExitCode::from(code)
}

/// Names the flag behind a library [`Error::Parameter`]: the library names
/// its own parameter (`excluded`, `epoch`), `flag(parameter)` gives the
/// flag that set it, if any. Other errors pass unchanged, context and all.
pub fn name_flag(
    mut err: anyhow::Error,
    flag: impl Fn(&str) -> Option<&'static str>,
) -> anyhow::Error {
    if let Some(Error::Parameter { name, .. }) = err.downcast_mut::<Error>()
        && let Some(f) = flag(name)
    {
        *name = f;
    }
    err
}

/// The flags that set the same library parameter in every command (a
/// command's own flags are named where it calls the library, as `import
/// csv` does for `--data-calendar`).
pub fn shared_flag(parameter: &str) -> Option<&'static str> {
    match parameter {
        "excluded" => Some("--exclude-sources"),
        "slice" => Some("--period or --at"),
        "epsilon" => Some("--approx"),
        "delta" => Some("--delta"),
        "DateStyle::Days" => Some("--days"),
        _ => None,
    }
}

/// A usage error found by the CLI itself (a flag combination clap cannot
/// express).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

#[cfg(test)]
mod tests {
    use std::io::{Error as IoError, ErrorKind};

    use super::*;

    fn broken() -> IoError {
        IoError::from(ErrorKind::BrokenPipe)
    }

    #[test]
    fn a_broken_pipe_is_found_however_it_is_wrapped() {
        let plain = anyhow::Error::new(broken());
        let csv_as_io = anyhow::Error::new(IoError::from(csv::Error::from(broken())));
        let json = anyhow::Error::new(serde_json::Error::io(broken()));
        let with_context = anyhow::Error::new(broken()).context("writing the table");
        for err in [plain, csv_as_io, json, with_context] {
            assert!(is_broken_pipe(&err), "{err:?}");
        }
    }

    #[test]
    fn other_write_errors_are_not_a_broken_pipe() {
        let full = anyhow::Error::new(IoError::other(csv::Error::from(IoError::from(
            ErrorKind::StorageFull,
        ))));
        assert!(!is_broken_pipe(&full));
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }
}
