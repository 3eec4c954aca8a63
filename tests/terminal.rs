//! Issue 17.5: text from a dataset cannot drive the terminal. A name, a
//! note, a title and an unknown reference hold an escape sequence (set the
//! window title, clear the screen), a bell and a right-to-left override;
//! every text and Markdown output shows them escaped (`\u{1b}`), and JSON
//! escapes them as JSON does.

mod common;

use std::path::Path;

use common::{councils, fixture};

/// An OSC title change with its BEL terminator, then "clear screen", then
/// a right-to-left override, as they would be written in a TOML string.
const HOSTILE_TOML: &str = "\\u001B]0;pwned\\u0007\\u001B[2J\\u202E";
/// The same, as `printable` shows it.
const SHOWN: &str = "\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{202e}";

/// The mini fixture with the hostile text in the dataset's title, in
/// `city-soviet`'s name and note, and (with `broken`) in a `part_of` that
/// names no organisation.
fn hostile_dataset(dir: &Path, broken: bool) {
    let manifest = std::fs::read_to_string(fixture("mini/dataset.toml")).unwrap();
    let manifest = manifest.replacen(
        "title = \"Mini\"",
        &format!("title = \"Mini {HOSTILE_TOML}\""),
        1,
    );
    let network = std::fs::read_to_string(fixture("mini/network.toml")).unwrap();
    let mut extra = format!("note = \"A note {HOSTILE_TOML} here\"\n");
    if broken {
        extra.push_str(&format!("part_of = \"nowhere{HOSTILE_TOML}\"\n"));
    }
    let network = network.replacen(
        "name = \"City Soviet\"\n",
        &format!("name = \"City Soviet {HOSTILE_TOML}\"\n{extra}"),
        1,
    );
    assert!(network.contains("pwned") && manifest.contains("pwned"));
    std::fs::write(dir.join("dataset.toml"), manifest).unwrap();
    std::fs::write(dir.join("network.toml"), network).unwrap();
}

/// Fails if `text` holds ESC, BEL, a C1 control or a bidi override.
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|&c| councils::render::terminal::is_unsafe(c))
        .collect();
    assert!(
        bad.is_empty(),
        "{what}: raw control characters {bad:?} in\n{}",
        text.escape_debug()
    );
}

#[test]
fn validate_shows_an_escape_sequence_in_an_unknown_reference_escaped() {
    let dir = tempfile::tempdir().unwrap();
    hostile_dataset(dir.path(), true);
    let path = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = councils(&["validate", path]);
    assert_eq!(code, 1, "{stderr}");
    assert_inert("validate stdout", &stdout);
    assert_inert("validate stderr", &stderr);
    assert!(stderr.contains(&format!("nowhere{SHOWN}")), "{stderr}");
    // Any command that loads the broken dataset reports it the same way.
    let (code, _, stderr) = councils(&["--data", path, "show", "city-soviet"]);
    assert_eq!(code, 1, "{stderr}");
    assert_inert("error stderr", &stderr);
    assert!(stderr.contains(&format!("nowhere{SHOWN}")), "{stderr}");
}

#[test]
fn text_and_markdown_outputs_show_names_and_notes_escaped() {
    let dir = tempfile::tempdir().unwrap();
    hostile_dataset(dir.path(), false);
    let path = dir.path().to_str().unwrap();
    let runs: [&[&str]; 10] = [
        &["validate", path],
        &["show", "city-soviet"],
        &["--wide", "show", "city-soviet"],
        &["snapshot", "--period", "late"],
        &["--wide", "snapshot", "--period", "early"],
        &["diff", "early", "late"],
        &["diff", "early", "late", "--format", "markdown"],
        &["centrality", "--periods", "all"],
        &["periods"],
        &["stats", "--period", "late"],
    ];
    for args in runs {
        let mut all = vec!["--data", path];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = councils(&all);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert_inert(&format!("{args:?} stdout"), &stdout);
        assert_inert(&format!("{args:?} stderr"), &stderr);
        let (out, err) = (stdout.contains("pwned"), stderr.contains("pwned"));
        if out || err {
            let both = format!("{stdout}{stderr}");
            // Markdown escapes the escape's backslashes and brackets again.
            let markdown = "\\\\u{1b}\\]0;pwned\\\\u{7}";
            let shown = both.contains("\\u{1b}]0;pwned\\u{7}") || both.contains(markdown);
            assert!(shown, "{args:?}: {both}");
        }
    }
    // The organisation's own page shows its name, its note and the title.
    let (_, show, _) = councils(&["--data", path, "--wide", "show", "city-soviet"]);
    assert!(show.contains(&format!("City Soviet {SHOWN}")), "{show}");
    assert!(show.contains(&format!("A note {SHOWN} here")), "{show}");
    let (_, periods, _) = councils(&["--data", path, "periods"]);
    assert!(periods.contains(&format!("Mini {SHOWN}")), "{periods}");
    let (_, snapshot, _) = councils(&["--data", path, "--wide", "snapshot", "--period", "late"]);
    assert!(
        snapshot.contains(&format!("City Soviet {SHOWN}")),
        "{snapshot}"
    );
}

#[test]
fn json_escapes_control_characters_and_csv_keeps_them_exact() {
    let dir = tempfile::tempdir().unwrap();
    hostile_dataset(dir.path(), false);
    let path = dir.path().to_str().unwrap();
    let (code, json, stderr) =
        councils(&["--data", path, "show", "city-soviet", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    // serde_json writes ESC and BEL as \u001b and \u0007; U+202E, not a
    // control character for JSON, is written as it is (JSON is for programs).
    assert!(!json.contains(['\u{1b}', '\u{7}']), "{json}");
    assert!(
        json.contains("City Soviet \\u001b]0;pwned\\u0007\\u001b[2J"),
        "{json}"
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["name"],
        "City Soviet \u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}"
    );
    // CSV is data: the name comes back exactly (docs/reliability.md).
    let (code, csv, _) = councils(&[
        "--data", path, "snapshot", "--period", "late", "--format", "csv", "--only", "nodes",
    ]);
    assert_eq!(code, 0);
    assert!(
        csv.contains("City Soviet \u{1b}]0;pwned\u{7}\u{1b}[2J\u{202E}"),
        "{csv}"
    );
}
