//! A build without the `parquet` feature says how to turn it on when asked
//! for Parquet, instead of an unknown-format error.
#![cfg(not(feature = "parquet"))]

mod common;

use common::{councils, fixture};

#[test]
fn without_the_feature_parquet_says_how_to_build_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pq");
    let mini = fixture("mini");
    let (code, _, err) = councils(&[
        "--data",
        mini.to_str().unwrap(),
        "export",
        "--format",
        "parquet",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("built without Parquet support"), "{err}");
    assert!(err.contains("--features parquet"), "{err}");
    assert!(!dir.exists());
    let (code, _, err) = councils(&[
        "import",
        "parquet",
        tmp.path().to_str().unwrap(),
        "--out",
        "x",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("built without Parquet support"), "{err}");
}
