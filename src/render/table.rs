//! Plain-text tables with aligned columns, and CSV.
//!
//! Widths are counted in terminal columns, so Cyrillic names align too.
//! Rows are printed in the order given: callers sort them.

use std::io::{self, Write};

use super::{terminal, wrap};

/// Between two columns of a text table.
const GAP: &str = "  ";

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
    /// by two spaces; the last column is not padded. With `max_width`, the
    /// widest columns are narrowed until a line fits in that many terminal
    /// columns and their cells wrap onto more lines (see
    /// [`wrap::fit_columns`]); without it every row is one line.
    ///
    /// Control characters in cells are shown escaped
    /// ([`terminal::printable`]), and widths are those of the escaped text.
    pub fn write_text<W: Write>(&self, out: &mut W, max_width: Option<usize>) -> io::Result<()> {
        let unsafe_cell =
            |row: &Vec<String>| row.iter().any(|c| c.chars().any(terminal::is_unsafe));
        if !std::iter::once(&self.header)
            .chain(&self.rows)
            .any(unsafe_cell)
        {
            return self.write_aligned(out, max_width);
        }
        let escaped = |row: &Vec<String>| -> Vec<String> {
            row.iter()
                .map(|c| terminal::printable(c).into_owned())
                .collect()
        };
        let shown = Table {
            header: escaped(&self.header),
            rows: self.rows.iter().map(escaped).collect(),
        };
        shown.write_aligned(out, max_width)
    }

    /// [`Table::write_text`] for cells that are safe to print.
    fn write_aligned<W: Write>(&self, out: &mut W, max_width: Option<usize>) -> io::Result<()> {
        let columns = self.header.len();
        let mut natural = vec![0; columns];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in natural.iter_mut().zip(row) {
                *w = (*w).max(wrap::width(cell));
            }
        }
        let widths = match max_width {
            Some(total) => {
                let minimum: Vec<usize> = (0..columns)
                    .map(|i| {
                        let cells: Vec<&str> = std::iter::once(&self.header)
                            .chain(&self.rows)
                            .filter_map(|row| row.get(i).map(String::as_str))
                            .collect();
                        wrap::min_column(&cells)
                    })
                    .collect();
                wrap::fit_columns(&natural, &minimum, total, GAP.len())
            }
            None => natural,
        };
        let row = |out: &mut W, row: &[String]| -> io::Result<()> {
            // Each cell as the lines it takes in its column.
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| {
                    if max_width.is_some() && (wrap::width(cell) > w || cell.contains('\n')) {
                        wrap::wrap(cell, w)
                    } else {
                        vec![cell.clone()]
                    }
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let mut text = String::new();
                for (i, lines) in cells.iter().enumerate() {
                    if i > 0 {
                        text.push_str(GAP);
                    }
                    let part = lines.get(k).map_or("", String::as_str);
                    text.push_str(part);
                    if i + 1 < cells.len() {
                        let pad = widths[i].saturating_sub(wrap::width(part));
                        text.extend(std::iter::repeat_n(' ', pad));
                    }
                }
                writeln!(out, "{}", text.trim_end())?;
            }
            Ok(())
        };
        row(out, &self.header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        row(out, &rule)?;
        for r in &self.rows {
            row(out, r)?;
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
        t.write_text(&mut out, None).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "id                name\n----------------  ----------------\ncec               ЦИК\npetrograd-soviet  Petrograd Soviet\n"
        );
    }

    #[test]
    fn long_cells_wrap_within_their_column_to_fit_the_width() {
        let mut t = Table::new(["id", "note"]);
        t.push(["cec", "Elected by the First Congress; backs the coalition."]);
        t.push(["mrc", "Organ of the insurrection."]);
        let mut out = Vec::new();
        t.write_text(&mut out, Some(30)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "id   note\n\
             ---  -------------------------\n\
             cec  Elected by the First\n     Congress; backs the\n     coalition.\n\
             mrc  Organ of the\n     insurrection.\n"
        );
        assert!(text.lines().all(|l| wrap::width(l) <= 30), "{text}");
        // Without a width, one line per row.
        let mut wide = Vec::new();
        t.write_text(&mut wide, None).unwrap();
        assert_eq!(String::from_utf8(wide).unwrap().lines().count(), 4);
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
