//! Helpers shared by the CLI test files: fixtures and running the binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

#[allow(dead_code)]
pub mod random;

/// The folder of fixture `name` under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `councils ARGS` and returns (exit code, stdout, stderr).
pub fn councils(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("councils")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Reading an animation back (`render --animate`, the report's movie).
#[allow(dead_code)]
pub mod animation;
