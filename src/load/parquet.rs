//! Reading a folder written by `councils export --format parquet`
//! (`nodes.parquet`, `edges.parquet`, `periods.parquet` and
//! `dataset.toml`; see `export::parquet`) back into a dataset.
//!
//! The Parquet tables hold the CSV export's columns, so each table is
//! turned back into the CSV text it stands for (cells guarded for
//! spreadsheets as the CSV export guards them, so the CSV reader gives
//! them back unchanged) and read by the CSV importer, which checks it by
//! the same rules. The typed interval columns (`start_date`, `end_date`,
//! `start_day`, `end_day`) are derived and skipped. A problem is reported
//! at `FILE.parquet:LINE:COLUMN`, where line 2 is the first row (line 1
//! stands for the column names) and the column counts characters of that
//! row written as CSV.

use std::fs::File;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch, RecordBatchReader};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::SourceFile;
use super::csv::{Options, Tables, parse, spreadsheet};
use crate::error::{Error, Result};
use crate::export::parquet::INTERVAL_COLUMNS;
use crate::model::Dataset;

/// The organisations table; its presence makes a folder a Parquet dataset.
pub const NODES: &str = "nodes.parquet";

/// True if `dir` holds `nodes.parquet`.
pub fn is_parquet_dataset(dir: &Path) -> bool {
    dir.join(NODES).is_file()
}

/// Loads and validates the Parquet folder `dir`.
pub fn load(dir: &Path) -> Result<Dataset> {
    let table = |name: &str, required: bool| -> Result<Option<SourceFile>> {
        let path = dir.join(name);
        if !required && !path.exists() {
            return Ok(None);
        }
        Ok(Some(SourceFile::new(
            path.display().to_string(),
            csv_text(&path)?,
        )))
    };
    let tables = Tables {
        nodes: table(NODES, true)?.expect("required"),
        edges: table("edges.parquet", false)?,
        periods: table("periods.parquet", false)?,
    };
    let manifest = dir.join("dataset.toml");
    let mut toml_files = Vec::new();
    if manifest.is_file() {
        let text = std::fs::read_to_string(&manifest).map_err(|source| Error::Io {
            path: manifest.clone(),
            source,
        })?;
        toml_files.push(SourceFile::new(manifest.display().to_string(), text));
    }
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "parquet".into());
    let (raw, problems, _) = parse(toml_files, tables, &name, &Options::default())?;
    crate::validate::validate(raw, problems).map_err(Error::Invalid)
}

/// The Parquet file at `path` as the CSV text of its table.
fn csv_text(path: &Path) -> Result<String> {
    let bad = |problem: String| {
        Error::Parameter {
        name: "parquet",
        value: Some(path.display().to_string()),
        problem,
        hint: Some(
            "councils reads the Parquet tables that `councils export --format parquet` writes (docs/interchange.md)".into(),
        ),
    }
    };
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .map_err(|e| bad(e.to_string()))?;
    let schema = reader.schema();
    let kept: Vec<usize> = (0..schema.fields().len())
        .filter(|&i| !INTERVAL_COLUMNS.contains(&schema.field(i).name().as_str()))
        .collect();
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let io = |e: csv::Error| bad(e.to_string());
    out.write_record(kept.iter().map(|&i| schema.field(i).name().as_str()))
        .map_err(io)?;
    for batch in reader {
        let batch: RecordBatch = batch.map_err(|e| bad(e.to_string()))?;
        let columns: Vec<Vec<String>> = kept
            .iter()
            .map(|&i| {
                cells(batch.column(i).as_ref())
                    .map_err(|e| format!("column `{}` is {e}", schema.field(i).name()))
            })
            .collect::<std::result::Result<_, _>>()
            .map_err(bad)?;
        for row in 0..batch.num_rows() {
            out.write_record(
                columns
                    .iter()
                    .map(|c| spreadsheet::neutralise(&c[row]).into_owned()),
            )
            .map_err(io)?;
        }
    }
    let bytes = out.into_inner().map_err(|e| bad(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| bad(e.to_string()))
}

/// The cells of a column as the CSV export writes them (null: empty).
fn cells(array: &dyn Array) -> std::result::Result<Vec<String>, String> {
    let each = |cell: &dyn Fn(usize) -> String| {
        (0..array.len())
            .map(|i| {
                if array.is_null(i) {
                    String::new()
                } else {
                    cell(i)
                }
            })
            .collect()
    };
    Ok(match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            each(&|i| a.value(i).to_string())
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            each(&|i| a.value(i).to_string())
        }
        DataType::Float64 => {
            let a = array.as_primitive::<Float64Type>();
            each(&|i| format!("{:?}", a.value(i)))
        }
        DataType::Int64 => {
            let a = array.as_primitive::<Int64Type>();
            each(&|i| a.value(i).to_string())
        }
        other => {
            return Err(format!(
                "a column of type {other} (expected text, double or int64)"
            ));
        }
    })
}
