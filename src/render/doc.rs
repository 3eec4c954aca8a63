//! A small document model — headings, paragraphs, lists, tables — written
//! as plain text or as Markdown, so one builder serves the terminal, papers
//! and wikis.

use std::io::{self, Write};

use super::table::Table;

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
    /// `- `, tables aligned.
    pub fn write_text<W: Write>(&self, out: &mut W) -> io::Result<()> {
        writeln!(out, "{}", self.title)?;
        writeln!(out, "{}", "=".repeat(self.title.chars().count()))?;
        for block in &self.blocks {
            writeln!(out)?;
            match block {
                Block::Heading(h) => {
                    writeln!(out, "{h}")?;
                    writeln!(out, "{}", "-".repeat(h.chars().count()))?;
                }
                Block::Paragraph(p) => writeln!(out, "{p}")?,
                Block::List(items) => {
                    for item in items {
                        writeln!(out, "- {item}")?;
                    }
                }
                Block::Table(t) => t.write_text(out)?,
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

/// Escapes Markdown's special characters in running text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
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
    fn text_underlines_headings() {
        let mut doc = Document::new("Title");
        doc.heading("Part");
        doc.list(vec!["one".into()]);
        let mut out = Vec::new();
        doc.write_text(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "Title\n=====\n\nPart\n----\n\n- one\n"
        );
    }
}
