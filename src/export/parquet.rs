//! Parquet tables for engines beyond one machine (Spark GraphFrames,
//! DuckDB, pyarrow): `nodes.parquet`, `edges.parquet` and
//! `periods.parquet`, plus the `dataset.toml` manifest of the CSV export.
//!
//! Each table has the columns of the CSV export ([`super::csv`], the same
//! cells, so `councils import parquet` reads it back through the CSV
//! importer), with `weight` as a double and `count` as a 64-bit integer,
//! and four typed interval columns, computed under the export's reading of
//! imprecise dates:
//!
//! * `start_date`, `end_date`: the first and the **last** day (both
//!   inclusive), proleptic Gregorian `DATE`s; null where open;
//! * `start_day`, `end_day`: the same as day numbers counted from the first
//!   day of the dataset's span (day 0), `end_day` **exclusive** (the first
//!   day no longer included, as `--days` writes them); null where open or
//!   without a span.
//!
//! So an element is present on day `d` if `start_date <= d <= end_date`,
//! or `start_day <= n < end_day`, nulls being open. The importer ignores
//! these four columns: they are derived from the EDTF ones.
//!
//! Rows are written in batches of [`BATCH`], so a large table is never held
//! whole as Arrow arrays.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use super::Scope;
use super::csv::{DateStyle, Table, Tables, write_manifest};
use crate::error::{Error, Result};
use crate::time::{Calendar, Day, Reading, Span};
use crate::write::{Overwrite, write_dir_atomic};

/// The files a Parquet export writes.
pub const FILES: [&str; 4] = [
    "dataset.toml",
    "nodes.parquet",
    "edges.parquet",
    "periods.parquet",
];

/// The typed interval columns added to every table (see the module
/// documentation); derived, so the importer skips them.
pub const INTERVAL_COLUMNS: [&str; 4] = ["start_date", "end_date", "start_day", "end_day"];

/// Rows per record batch.
pub const BATCH: usize = 65_536;

/// The Arrow type of a CSV column in the Parquet tables.
pub fn column_type(column: &str) -> DataType {
    match column {
        "weight" => DataType::Float64,
        "count" => DataType::Int64,
        _ => DataType::Utf8,
    }
}

/// Writes the scope's tables and manifest into folder `dir`, all at once
/// (an interrupted export leaves the old folder or the new one); an
/// existing `dir` holding other files than [`FILES`] is not replaced.
pub fn write_dir(dir: &Path, scope: &Scope<'_>, overwrite: Overwrite) -> Result<Vec<PathBuf>> {
    let tables = Tables::build(scope, DateStyle::Edtf)?;
    let d = scope.dataset;
    let epoch = d.info.span.loose.start;
    let metadata = vec![
        KeyValue::new(
            "councils.epoch".to_string(),
            epoch.map(|e| e.iso(Calendar::Gregorian)),
        ),
        KeyValue::new(
            "councils.reading".to_string(),
            match scope.reading {
                Reading::Loose => "loose",
                Reading::Strict => "strict",
            }
            .to_string(),
        ),
        KeyValue::new(
            "councils.intervals".to_string(),
            "start_date and end_date inclusive (Gregorian); start_day inclusive, end_day exclusive, counted from councils.epoch (day 0)".to_string(),
        ),
    ];
    write_dir_atomic(dir, overwrite, &|name| FILES.contains(&name), |tmp| {
        for name in FILES {
            let path = tmp.join(name);
            let output = |source| Error::Output {
                path: path.clone(),
                source,
            };
            let mut file = File::create(&path).map_err(output)?;
            let table = match name {
                "dataset.toml" => {
                    write_manifest(&mut file, d, DateStyle::Edtf).map_err(output)?;
                    file.flush().map_err(output)?;
                    file.sync_all().map_err(output)?;
                    continue;
                }
                "nodes.parquet" => &tables.nodes,
                "edges.parquet" => &tables.edges,
                _ => &tables.periods,
            };
            let file =
                write_table(file, table, epoch, metadata.clone()).map_err(|e| Error::Output {
                    path: path.clone(),
                    source: std::io::Error::other(e),
                })?;
            file.sync_all().map_err(output)?;
        }
        Ok(())
    })?;
    Ok(FILES.iter().map(|name| dir.join(name)).collect())
}

/// The schema of `table`'s Parquet file.
fn schema(table: &Table<'_>) -> SchemaRef {
    let mut fields: Vec<Field> = table
        .columns()
        .into_iter()
        .map(|c| Field::new(c, column_type(c), true))
        .collect();
    fields.extend([
        Field::new("start_date", DataType::Date32, true),
        Field::new("end_date", DataType::Date32, true),
        Field::new("start_day", DataType::Int32, true),
        Field::new("end_day", DataType::Int32, true),
    ]);
    Arc::new(Schema::new(fields))
}

/// What can go wrong writing a table.
#[derive(Debug, thiserror::Error)]
enum TableError {
    #[error(transparent)]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error(transparent)]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error(transparent)]
    Rows(#[from] Error),
    #[error("{column}: `{value}` is not a {kind}")]
    Cell {
        column: &'static str,
        value: String,
        kind: &'static str,
    },
}

/// Writes `table` to `file` as Parquet (Snappy), [`BATCH`] rows at a time.
fn write_table(
    file: File,
    table: &Table<'_>,
    epoch: Option<Day>,
    metadata: Vec<KeyValue>,
) -> std::result::Result<File, TableError> {
    let schema = schema(table);
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(metadata))
        .build();
    let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(properties))?;
    let columns = table.columns();
    let unix = Day::from_gregorian(1970, 1, 1).expect("a real day");
    let days = |from: Day, to: Option<Day>| -> Option<i32> {
        to.and_then(|d| i32::try_from(from.days_until(d)).ok())
    };
    let mut start = 0;
    // At least one batch, so that an empty table still has its schema.
    loop {
        let end = (start + BATCH).min(table.len());
        let rows: Vec<Vec<String>> = (start..end).map(|i| table.row(i)).collect::<Result<_>>()?;
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len() + 4);
        for (c, &column) in columns.iter().enumerate() {
            let cells = rows.iter().map(|r| r[c].as_str());
            let array: ArrayRef = match column_type(column) {
                DataType::Float64 => Arc::new(Float64Array::from(parse_cells::<f64>(
                    column, cells, "number",
                )?)),
                DataType::Int64 => Arc::new(Int64Array::from(parse_cells::<i64>(
                    column,
                    cells,
                    "whole number",
                )?)),
                _ => Arc::new(StringArray::from(
                    cells
                        .map(|s| (!s.is_empty()).then_some(s))
                        .collect::<Vec<_>>(),
                )),
            };
            arrays.push(array);
        }
        let spans: Vec<_> = (start..end).map(|i| table.span(i)).collect();
        arrays.push(Arc::new(Date32Array::from(
            spans
                .iter()
                .map(|s| days(unix, s.start))
                .collect::<Vec<_>>(),
        )));
        arrays.push(Arc::new(Date32Array::from(
            spans
                .iter()
                .map(|s| days(unix, s.last_day()))
                .collect::<Vec<_>>(),
        )));
        for bound in [|s: &Span| s.start, |s: &Span| s.end] {
            arrays.push(Arc::new(Int32Array::from(
                spans
                    .iter()
                    .map(|s| epoch.and_then(|e| days(e, bound(s))))
                    .collect::<Vec<_>>(),
            )));
        }
        writer.write(&RecordBatch::try_new(schema.clone(), arrays)?)?;
        if end == table.len() {
            break;
        }
        start = end;
    }
    Ok(writer.into_inner()?)
}

/// The non-empty cells of a column parsed as `T` (empty: null); the first
/// that does not parse is an error.
fn parse_cells<'r, T: std::str::FromStr>(
    column: &'static str,
    cells: impl Iterator<Item = &'r str>,
    kind: &'static str,
) -> std::result::Result<Vec<Option<T>>, TableError> {
    cells
        .map(|s| {
            if s.is_empty() {
                return Ok(None);
            }
            s.parse().map(Some).map_err(|_| TableError::Cell {
                column,
                value: s.to_string(),
                kind,
            })
        })
        .collect()
}
