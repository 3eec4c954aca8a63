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

pub mod bench;
pub mod compare;
pub mod diff;
pub mod error;
pub mod evidence;
pub mod export;
pub mod import;
pub mod interrupt;
pub mod load;
pub mod measure;
pub mod model;
pub mod render;
pub mod report;
pub mod slice;
pub mod suggest;
pub mod temporal;
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
    validate::validate(raw, problems).map_err(Error::Invalid)
}

/// Loads and validates the dataset in folder `path` (or the folder of the
/// `dataset.toml` that `path` names). A folder holding `nodes.csv` is a CSV
/// dataset (see [`load::csv`]); what its import changed is dropped here,
/// [`load_with_notes`] returns it.
pub fn load(path: &Path) -> Result<Dataset> {
    load_with_notes(path).map(|(dataset, _)| dataset)
}

/// Like [`load`], with notes on what a CSV import changed (overlapping rows
/// merged, self-relations dropped), for the user to see.
pub fn load_with_notes(path: &Path) -> Result<(Dataset, Vec<load::csv::Note>)> {
    if load::csv::is_csv_dataset(path) {
        return load::csv::load(path, &load::csv::Options::default());
    }
    let (files, problems) = load::read_dir(path)?;
    Ok((load_files(files, problems)?, Vec::new()))
}

/// The embedded 1917 dataset.
pub fn load_embedded() -> Result<Dataset> {
    load_files(load::embedded_files(), Diagnostics::default())
}
