//! The `councils` command: a thin clap layer over the library.
//!
//! `main` parses the flags, runs the subcommand, prints the whole error
//! chain on failure and maps it to a fixed exit code (see [`cli::exit`]).
//! A closed pipe (`councils snapshot | head`) is not an error.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: loading a large dataset makes
/// millions of small strings, and glibc's malloc spent ~15 % of `validate`
/// consolidating and freeing them and kept freed memory resident
/// (docs/benchmarks.md has the before/after figures). Its version 2
/// (Cargo feature `v2`): version 3 waits a second before giving freed pages
/// back to the system, and loading 300k relations peaked at 305-357 MB
/// against 277-283 MB with version 2, at the same speed.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Ctrl-C, SIGTERM: stop within a second, outputs as before the run.
    councils::interrupt::install();
    let result = cli::run(args);
    cli::progress::done();
    match result {
        Ok(code) => code,
        Err(err) => {
            if cli::exit::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            let err = cli::exit::name_flag(err, cli::exit::shared_flag);
            // Not eprintln!: it panics when standard error is closed.
            use std::io::Write as _;
            // Messages quote the dataset: control characters are shown, not obeyed.
            let message = format!("{err:#}");
            let message = councils::render::terminal::printable(&message);
            let _ = writeln!(std::io::stderr(), "error: {message}");
            cli::exit::code_for(&err)
        }
    }
}
