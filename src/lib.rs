//! `councils`: organisations as nodes, their relations (delegation,
//! control, conflict, support) as edges of time-sliced graphs.
//!
//! Data flows one way:
//!
//! ```text
//! load (TOML files -> raw records) -> validate (-> checked Dataset)
//!   -> slice (Snapshot at a date or for a period: a petgraph graph)
//!   -> timeline / tables -> CLI
//! ```
//!
//! The 1917 dataset (`graphs/russia-1917`) is compiled in; [`load_embedded`]
//! returns it, [`load`] reads any other dataset folder.
//!
//! ```
//! use councils::slice::{Filter, Selector, Snapshot};
//! let dataset = councils::load_embedded().unwrap();
//! let at = Selector::parse(&dataset, None, Some("1917-10-25")).unwrap();
//! let snapshot = Snapshot::new(&dataset, &at, Filter::default()).unwrap();
//! assert!(snapshot.contains("petrograd-soviet"));
//! ```

pub mod compare;
pub mod diff;
pub mod error;
pub mod load;
pub mod measure;
pub mod model;
pub mod render;
pub mod report;
pub mod slice;
pub mod suggest;
pub mod time;
pub mod timeline;
pub mod validate;
pub mod write;

use std::path::Path;

pub use error::{Diagnostic, Diagnostics, Error, Location, Result};
pub use model::Dataset;

use load::{RawDataset, SourceFile};

/// Parses and validates `files`; `earlier` holds problems already found
/// while reading them (they are reported together with the rest).
pub fn load_files(files: Vec<SourceFile>, earlier: Diagnostics) -> Result<Dataset> {
    let (raw, mut problems) = RawDataset::parse(files);
    problems.0.extend(earlier.0);
    validate::validate(&raw, problems).map_err(Error::Invalid)
}

/// Loads and validates the dataset in folder `path` (or the folder of the
/// `dataset.toml` that `path` names).
pub fn load(path: &Path) -> Result<Dataset> {
    let (files, problems) = load::read_dir(path)?;
    load_files(files, problems)
}

/// The embedded 1917 dataset.
pub fn load_embedded() -> Result<Dataset> {
    load_files(load::embedded_files(), Diagnostics::default())
}
