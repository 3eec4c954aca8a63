//! Plain-text tables with aligned columns, and CSV.
//!
//! Widths are counted in characters, so Cyrillic names align too. Rows are
//! printed in the order given: callers sort them.

use std::io::{self, Write};

/// A table: a header and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Cells, one `Vec` per row, as many as the header.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column names.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Self {
        Self {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push<S: Into<String>>(&mut self, row: impl IntoIterator<Item = S>) {
        self.rows.push(row.into_iter().map(Into::into).collect());
    }

    /// Writes the table with columns padded to their widest cell, separated
    /// by two spaces; the last column is not padded.
    pub fn write_text<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let columns = self.header.len();
        let mut widths = vec![0; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |out: &mut W, row: &[String]| -> io::Result<()> {
            let mut text = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    text.push_str("  ");
                }
                text.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i].saturating_sub(cell.chars().count());
                    text.extend(std::iter::repeat_n(' ', pad));
                }
            }
            writeln!(out, "{}", text.trim_end())
        };
        line(out, &self.header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(out, &rule)?;
        for row in &self.rows {
            line(out, row)?;
        }
        Ok(())
    }

    /// Writes the table as RFC 4180 CSV with a header row.
    pub fn write_csv<W: Write>(&self, out: W) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.header)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_characters_not_bytes() {
        let mut t = Table::new(["id", "name"]);
        t.push(["cec", "ЦИК"]);
        t.push(["petrograd-soviet", "Petrograd Soviet"]);
        let mut out = Vec::new();
        t.write_text(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "id                name\n----------------  ----------------\ncec               ЦИК\npetrograd-soviet  Petrograd Soviet\n"
        );
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        let mut t = Table::new(["name"]);
        t.push(["Soviet, \"renewed\""]);
        let mut out = Vec::new();
        t.write_csv(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name\n\"Soviet, \"\"renewed\"\"\"\n"
        );
    }
}
