//! What the tests need from the machine: Graphviz, a Python with networkx
//! (and numpy and scipy; with the `parquet` feature also duckdb and
//! pyarrow), LibreOffice (`soffice`),
//! Chromium (opted into with `COUNCILS_BROWSER`) and the article the 1917
//! dataset models.
//!
//! Each requirement found sets a `has_*` cfg; tests that need a missing one
//! are marked `#[cfg_attr(not(has_graphviz), ignore = "...")]`, so
//! `cargo test` lists them as ignored with the reason instead of printing
//! `ok` for a test that did nothing. When the `CI` variable is set the cfg
//! `ci` is set too, and `ci_has_every_requirement` (tests/cli.rs) fails
//! while anything CI must run is missing (listed in `COUNCILS_TEST_MISSING`).
//! The probe never fails the build: a crate that depends on `councils`
//! builds on any machine.
//!
//! The probe runs when the crate is built, so cargo is told to run it again
//! when one of the variables below (PATH included) changes; installing a
//! tool without changing them is not seen until `touch build.rs`
//! (docs/reliability.md, "Tests that need tools").

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The cfgs this probe may set.
const CFGS: &[&str] = &[
    "has_graphviz",
    "has_networkx",
    "has_browser",
    "has_article",
    "has_soffice",
    "has_parquet_readers",
    "ci",
];

/// The variables the probe reads.
const VARIABLES: &[&str] = &[
    "PATH",
    "CI",
    "COUNCILS_PYTHON",
    "COUNCILS_BROWSER",
    "COUNCILS_ARTICLE",
];

/// The article, relative to the repository, when `COUNCILS_ARTICLE` does not
/// name it.
const ARTICLE: &str = "../shared/sources/what-are-workers-councils-part-3.txt";

/// Probes every requirement and tells cargo what was found.
pub fn probe() {
    println!("cargo::rustc-check-cfg=cfg({})", CFGS.join(", "));
    for var in VARIABLES {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    if ci {
        println!("cargo::rustc-cfg=ci");
    }
    // What CI must have but does not, one entry each.
    let mut missing = Vec::new();

    match find_dot() {
        Some(dot) => {
            println!("cargo::rustc-cfg=has_graphviz");
            println!("cargo::rerun-if-changed={}", dot.display());
        }
        None => missing.push("Graphviz: no `dot` on PATH".to_string()),
    }

    match find_networkx(&manifest) {
        Ok(python) => {
            println!("cargo::rustc-cfg=has_networkx");
            // The Parquet tests (feature `parquet`) read the export with
            // DuckDB and pyarrow from the same Python.
            if std::env::var_os("CARGO_FEATURE_PARQUET").is_some() {
                if runs(Command::new(&python).args(["-c", "import duckdb, pyarrow"])) {
                    println!("cargo::rustc-cfg=has_parquet_readers");
                } else {
                    missing.push(format!(
                        "the Parquet readers: {} cannot import duckdb and pyarrow",
                        python.display()
                    ));
                }
            }
            println!(
                "cargo::rustc-env=COUNCILS_NETWORKX_PYTHON={}",
                python.display()
            );
        }
        Err(why) => {
            println!("cargo::rustc-env=COUNCILS_NETWORKX_PYTHON=");
            if std::env::var_os("COUNCILS_PYTHON").is_some() {
                // Named explicitly yet unusable: say so even outside CI.
                println!("cargo::warning={why}");
            }
            missing.push(why);
        }
    }

    // LibreOffice, to open the CSV export as a spreadsheet user would.
    match find_on_path("soffice") {
        Some(soffice) => {
            println!("cargo::rustc-cfg=has_soffice");
            println!("cargo::rerun-if-changed={}", soffice.display());
        }
        None => missing.push("LibreOffice: no `soffice` on PATH".to_string()),
    }

    if std::env::var_os("COUNCILS_BROWSER").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=has_browser");
    } else {
        missing.push("the browser test: COUNCILS_BROWSER is not set".to_string());
    }

    // The article sits outside the repository: CI needs it only where it is
    // provided, by COUNCILS_ARTICLE or a ../shared folder beside the clone.
    let named = std::env::var_os("COUNCILS_ARTICLE").map(PathBuf::from);
    let article = named.clone().unwrap_or_else(|| manifest.join(ARTICLE));
    println!(
        "cargo::rustc-env=COUNCILS_ARTICLE_PATH={}",
        article.display()
    );
    if article.is_file() {
        println!("cargo::rustc-cfg=has_article");
        println!("cargo::rerun-if-changed={}", article.display());
    } else if named.is_some() || manifest.join("../shared").is_dir() {
        missing.push(format!("the article: no file at {}", article.display()));
    }

    if ci {
        for what in &missing {
            println!("cargo::warning=CI cannot run every test: {what}");
        }
    }
    println!(
        "cargo::rustc-env=COUNCILS_TEST_MISSING={}",
        missing.join("; ")
    );
}

/// The `dot` that runs (`dot -V` succeeds), as a path on PATH.
fn find_dot() -> Option<PathBuf> {
    let dot = find_on_path("dot")?;
    runs(Command::new(&dot).arg("-V")).then_some(dot)
}

/// The first file named `program` in a folder of PATH.
fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// A Python that imports networkx with numpy and scipy (networkx needs them
/// for PageRank and eigenvector centrality): `COUNCILS_PYTHON` if set (it must work),
/// else the repository's .venv, else `python3`.
fn find_networkx(manifest: &Path) -> Result<PathBuf, String> {
    let imports =
        |python: &Path| runs(Command::new(python).args(["-c", "import networkx, numpy, scipy"]));
    if let Some(named) = std::env::var_os("COUNCILS_PYTHON") {
        let named = PathBuf::from(named);
        return if imports(&named) {
            Ok(named)
        } else {
            Err(format!(
                "networkx: COUNCILS_PYTHON={} cannot import networkx, numpy and scipy",
                named.display()
            ))
        };
    }
    [manifest.join(".venv/bin/python"), PathBuf::from("python3")]
        .into_iter()
        .find(|python| imports(python))
        .ok_or_else(|| {
            "networkx: no Python with networkx, numpy and scipy (set COUNCILS_PYTHON)".to_string()
        })
}

/// True if the command runs and exits 0, its output discarded.
fn runs(command: &mut Command) -> bool {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
