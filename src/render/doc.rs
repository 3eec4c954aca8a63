//! A small document model — headings, paragraphs, lists, tables — written
//! as plain text or as Markdown, so one builder serves the terminal, papers
//! and wikis.

use std::io::{self, Write};

use super::table::Table;
use super::terminal::printable;
use super::wrap;

/// One block of a document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A paragraph of text.
    Paragraph(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table.
    Table(Table),
}

/// A document: blocks in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The title (a level-1 heading).
    pub title: String,
    /// The blocks.
    pub blocks: Vec<Block>,
}

impl Document {
    /// An empty document with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds a heading.
    pub fn heading(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading(text.into()));
    }

    /// Adds a paragraph.
    pub fn paragraph(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    /// Adds a list (nothing if `items` is empty).
    pub fn list(&mut self, items: Vec<String>) {
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
    }

    /// Adds a table (nothing if it has no rows).
    pub fn table(&mut self, table: Table) {
        if !table.rows.is_empty() {
            self.blocks.push(Block::Table(table));
        }
    }

    /// Writes the document as plain text: headings underlined, lists with
    /// `- `, tables aligned. With `max_width`, paragraphs, list items and
    /// tables wrap to fit that many terminal columns.
    pub fn write_text<W: Write>(&self, out: &mut W, max_width: Option<usize>) -> io::Result<()> {
        underlined(out, &self.title, '=', max_width)?;
        for block in &self.blocks {
            writeln!(out)?;
            match block {
                Block::Heading(h) => underlined(out, h, '-', max_width)?,
                Block::Paragraph(p) => write_wrapped(out, "", "", p, max_width)?,
                Block::List(items) => {
                    for item in items {
                        write_wrapped(out, "- ", "  ", item, max_width)?;
                    }
                }
                Block::Table(t) => t.write_text(out, max_width)?,
            }
        }
        Ok(())
    }

    /// Writes the document as CommonMark with GitHub tables; cell text is
    /// escaped so `|`, `*`, `_` and the like print as written.
    pub fn write_markdown<W: Write>(&self, out: &mut W) -> io::Result<()> {
        writeln!(out, "# {}", escape(&self.title))?;
        for block in &self.blocks {
            writeln!(out)?;
            match block {
                Block::Heading(h) => writeln!(out, "## {}", escape(h))?,
                Block::Paragraph(p) => writeln!(out, "{}", escape(p))?,
                Block::List(items) => {
                    for item in items {
                        writeln!(out, "- {}", escape(item))?;
                    }
                }
                Block::Table(t) => {
                    let row = |cells: &[String]| {
                        let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
                        format!("| {} |", cells.join(" | "))
                    };
                    writeln!(out, "{}", row(&t.header))?;
                    let rule: Vec<String> = t.header.iter().map(|_| "---".to_string()).collect();
                    writeln!(out, "| {} |", rule.join(" | "))?;
                    for r in &t.rows {
                        writeln!(out, "{}", row(r))?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Writes a heading, wrapped to `max_width` (when given), underlined with
/// `rule` as long as its longest line.
fn underlined<W: Write>(
    out: &mut W,
    text: &str,
    rule: char,
    max_width: Option<usize>,
) -> io::Result<()> {
    let text = printable(text);
    let lines = match max_width {
        Some(max) => wrap::wrap(&text, max),
        None => vec![text.into_owned()],
    };
    for line in &lines {
        writeln!(out, "{line}")?;
    }
    let longest = lines.iter().map(|l| wrap::width(l)).max().unwrap_or(0);
    writeln!(out, "{}", rule.to_string().repeat(longest))
}

/// Writes `text` after `first`, wrapped to `max_width` (when given) with
/// continuation lines after `rest`, an indent as wide as `first`. Control
/// characters are shown escaped ([`printable`]).
pub fn write_wrapped<W: Write>(
    out: &mut W,
    first: &str,
    rest: &str,
    text: &str,
    max_width: Option<usize>,
) -> io::Result<()> {
    let (first, rest, text) = (&*printable(first), &*printable(rest), &*printable(text));
    let Some(max) = max_width else {
        return writeln!(out, "{first}{text}");
    };
    let room = max.saturating_sub(wrap::width(first)).max(wrap::MIN_COLUMN);
    for (k, line) in wrap::wrap(text, room).iter().enumerate() {
        writeln!(out, "{}{line}", if k == 0 { first } else { rest })?;
    }
    Ok(())
}

/// Escapes Markdown's special characters in running text, after showing
/// control characters as escapes ([`printable`]).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_table_pipes_and_emphasis() {
        let mut doc = Document::new("A | B");
        let mut t = Table::new(["name"]);
        t.push(["x|y *z*"]);
        doc.table(t);
        let mut out = Vec::new();
        doc.write_markdown(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# A \\| B\n\n| name |\n| --- |\n| x\\|y \\*z\\* |\n"
        );
    }

    #[test]
    fn text_wraps_paragraphs_and_list_items_to_the_width() {
        let mut doc = Document::new("Diff of two periods, 1917");
        doc.paragraph("A = dual-power; B = renewal; dates shown O.S. / N.S.");
        doc.list(vec!["kept 78, added 13, removed 3".into()]);
        let mut out = Vec::new();
        doc.write_text(&mut out, Some(20)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Diff of two periods,\n1917\n====================\n\nA = dual-power; B =\nrenewal; dates shown\nO.S. / N.S.\n\n\
             - kept 78, added 13,\n  removed 3\n"
        );
    }

    #[test]
    fn text_underlines_headings() {
        let mut doc = Document::new("Title");
        doc.heading("Part");
        doc.list(vec!["one".into()]);
        let mut out = Vec::new();
        doc.write_text(&mut out, None).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Title\n=====\n\nPart\n----\n\n- one\n"
        );
    }
}
