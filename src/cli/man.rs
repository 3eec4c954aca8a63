//! `councils man`: the manual pages, printed or installed.
//!
//! The page of `councils` lists one page per command (`councils-diff(1)`
//! and so on); `--out DIR` writes all of them, so that every page the first
//! one names is there once installed.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::CommandFactory;
use councils::write::{Overwrite, write_atomic};

use super::Cli;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write councils.1 and one page per command (councils-diff.1, ...)
    /// into DIR, e.g. ~/.local/share/man/man1, replacing earlier pages of
    /// the same names; without it, councils.1 goes to standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run<W: Write>(args: &Args, out: &mut W) -> Result<ExitCode> {
    let pages = pages();
    match &args.out {
        None => out.write_all(&pages[0].1)?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (name, roff) in &pages {
                write_atomic(&dir.join(name), Overwrite::Allow, |w| w.write_all(roff))?;
            }
            writeln!(out, "wrote {} man pages to {}", pages.len(), dir.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every page, `councils.1` first, then one per command in the order
/// `councils.1` lists them, as (file name, roff text).
fn pages() -> Vec<(String, Vec<u8>)> {
    // No `help` command: clap adds it, but it has no options of its own
    // worth a page, and a page listed must be a page written.
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let mut pages = Vec::new();
    let mut add = |cmd: clap::Command| {
        let man = clap_mangen::Man::new(cmd);
        let mut roff = Vec::new();
        man.render(&mut roff)
            .expect("writing to memory cannot fail");
        pages.push((man.get_filename(), roff));
    };
    let commands: Vec<clap::Command> = cli
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .cloned()
        .collect();
    add(cli);
    for cmd in commands {
        add(cmd);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: councils.1 listed councils-*(1) pages that nothing
    /// wrote (and `councils-help(1)`, which nothing could).
    #[test]
    fn every_page_the_main_page_lists_is_written() {
        let pages = pages();
        assert_eq!(pages[0].0, "councils.1");
        let main = String::from_utf8(pages[0].1.clone()).unwrap();
        let listed: Vec<String> = main
            .lines()
            .filter_map(|l| l.strip_prefix("councils\\-"))
            .filter_map(|l| l.strip_suffix("(1)"))
            .map(|c| format!("councils-{c}.1"))
            .collect();
        let written: Vec<&str> = pages[1..].iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(listed, written);
        assert!(written.contains(&"councils-diff.1"), "{written:?}");
        assert!(!written.contains(&"councils-help.1"), "{written:?}");
        let diff = String::from_utf8(
            pages
                .iter()
                .find(|(n, _)| n == "councils-diff.1")
                .unwrap()
                .1
                .clone(),
        )
        .unwrap();
        assert!(diff.contains(".TH councils-diff 1 "), "{diff}");
    }

    #[test]
    fn out_writes_every_page_into_the_folder_and_replaces_earlier_ones() {
        let dir = tempfile::tempdir().unwrap();
        let args = Args {
            out: Some(dir.path().join("man1")),
        };
        let mut said = Vec::new();
        run(&args, &mut said).unwrap();
        run(&args, &mut said).unwrap();
        let mut written: Vec<String> = std::fs::read_dir(dir.path().join("man1"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        written.sort();
        let mut expected: Vec<String> = pages().into_iter().map(|(n, _)| n).collect();
        expected.sort();
        assert_eq!(written, expected);
        // One page for `councils` and one per subcommand, `path` and `reach`
        // among them.
        assert!(
            written.contains(&"councils-reach.1".to_string()),
            "{written:?}"
        );
        let said = String::from_utf8(said).unwrap();
        let count = format!("wrote {} man pages to ", expected.len());
        assert!(said.starts_with(&count), "{said}");
    }
}
