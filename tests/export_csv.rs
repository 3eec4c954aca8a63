//! `export --format csv` for spreadsheets (issue 19.4): cells a spreadsheet
//! would run as formulas are guarded by a `'` that the loader takes away
//! again, negative numbers stay numbers, and every table starts with a
//! UTF-8 byte-order mark (none in the `--days` workload format).

mod common;

use std::path::{Path, PathBuf};

use common::{councils, fixture};

/// UTF-8's byte-order mark.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// Names a spreadsheet would run (or not), and what the export writes.
const NAMES: [(&str, &str, &str); 4] = [
    (
        "City Soviet",
        "=HYPERLINK(\"http://example.org\",\"City Soviet\")",
        "\"'=HYPERLINK(\"\"http://example.org\"\",\"\"City Soviet\"\")\"",
    ),
    ("District Soviet", "-3", ",-3,"),
    ("Factory committee", "@SUM(1)", ",'@SUM(1),"),
    ("Rival body", "'=already guarded", ",''=already guarded,"),
];

/// The mini fixture with the organisations renamed as in [`NAMES`].
fn hostile_dataset(dir: &Path) -> PathBuf {
    let out = dir.join("hostile");
    std::fs::create_dir(&out).unwrap();
    for file in ["dataset.toml", "network.toml"] {
        let mut text = std::fs::read_to_string(fixture("mini").join(file)).unwrap();
        for (from, to, _) in NAMES {
            let quoted = |s: &str| format!("name = {}", toml_string(s));
            text = text.replace(&quoted(from), &quoted(to));
        }
        std::fs::write(out.join(file), text).unwrap();
    }
    out
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn export(data: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = councils(&args);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn formula_cells_are_guarded_and_read_back_as_they_were() {
    let tmp = tempfile::tempdir().unwrap();
    let data = hostile_dataset(tmp.path());
    let first = tmp.path().join("first");
    export(&data, &first, &[]);
    let nodes = std::fs::read_to_string(first.join("nodes.csv")).unwrap();
    for (_, name, written) in NAMES {
        assert!(
            nodes.contains(written),
            "{name:?} not as {written:?} in\n{nodes}"
        );
    }
    // The loader takes the guards away: the names are the original ones.
    let original = councils::load(&data).unwrap();
    let read_back = councils::load(&first).unwrap();
    let names = |d: &councils::model::Dataset| -> Vec<(String, String)> {
        d.organisations
            .iter()
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect()
    };
    assert_eq!(names(&read_back), names(&original));
    assert!(
        names(&read_back)
            .iter()
            .any(|(_, n)| n == "'=already guarded")
    );
    // And exporting what was read back gives the same bytes.
    let second = tmp.path().join("second");
    export(&first, &second, &[]);
    for table in ["nodes.csv", "edges.csv", "periods.csv", "dataset.toml"] {
        assert_eq!(
            std::fs::read(first.join(table)).unwrap(),
            std::fs::read(second.join(table)).unwrap(),
            "{table}"
        );
    }
}

#[test]
fn an_error_in_a_guarded_cell_points_at_its_own_column() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("t");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("nodes.csv"), "id,name,start\na,A,'-1917-xx\n").unwrap();
    let (code, _, stderr) = councils(&["validate", dir.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    // Column 5 is the `'`; the value read is `-1917-xx` from column 6, and
    // its bad month (`xx`) is at column 12.
    assert!(
        stderr.contains(
            "nodes.csv:2:12: error: organisation `a`: start `-1917-xx` is not an EDTF date"
        ),
        "{stderr}"
    );
}

#[test]
fn tables_start_with_a_utf8_bom_except_day_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let edtf = tmp.path().join("edtf");
    export(&fixture("mini"), &edtf, &[]);
    for table in ["nodes.csv", "edges.csv", "periods.csv"] {
        let bytes = std::fs::read(edtf.join(table)).unwrap();
        let header = if table == "edges.csv" {
            "source,"
        } else {
            "id,"
        };
        assert!(
            bytes.starts_with(&[BOM, header.as_bytes()].concat()),
            "{table}"
        );
    }
    let text = std::fs::read_to_string(edtf.join("nodes.csv")).unwrap();
    assert!(text.contains("Городской совет"), "{text}");
    // dataset.toml is TOML, not for spreadsheets: no BOM.
    assert!(
        !std::fs::read(edtf.join("dataset.toml"))
            .unwrap()
            .starts_with(BOM)
    );
    let days = tmp.path().join("days");
    export(&fixture("mini"), &days, &["--days"]);
    for table in ["nodes.csv", "edges.csv", "periods.csv"] {
        let bytes = std::fs::read(days.join(table)).unwrap();
        assert!(!bytes.starts_with(BOM), "{table}");
    }
}

/// The cells of the first sheet of a flat ODS file, row by row: (type,
/// text) with `formula` as the type of a cell LibreOffice evaluated.
#[cfg(has_soffice)]
fn fods_cells(fods: &str) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for part in fods.split("<table:table-cell").skip(1) {
        let (head, rest) = part.split_once('>').unwrap();
        let body = rest.split("</table:table-cell>").next().unwrap_or("");
        let mut text = String::new();
        let mut inside = false;
        for c in body.chars() {
            match c {
                '<' => inside = true,
                '>' => inside = false,
                c if !inside => text.push(c),
                _ => {}
            }
        }
        let text = text
            .trim()
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        let kind = if head.contains("table:formula=") {
            "formula"
        } else if head.contains("office:value-type=\"float\"") {
            "float"
        } else {
            "string"
        };
        cells.push((kind.to_string(), text));
    }
    cells
}

/// LibreOffice opens the export (as `soffice --headless --convert-to`,
/// reading it as UTF-8) with the Cyrillic names intact, the BOM not in the
/// first header, the guarded cells as text and a negative number as a
/// number.
#[test]
#[cfg_attr(not(has_soffice), ignore = "needs LibreOffice (`soffice`)")]
fn libreoffice_opens_the_export_as_text_not_formulas() {
    #[cfg(has_soffice)]
    {
        let tmp = tempfile::tempdir().unwrap();
        let data = hostile_dataset(tmp.path());
        let dir = tmp.path().join("csv");
        export(&data, &dir, &[]);
        let out = std::process::Command::new("soffice")
            .args([
                "--headless",
                "--infilter=CSV:44,34,76",
                "--convert-to",
                "fods",
                "--outdir",
            ])
            .arg(tmp.path().join("ods"))
            .arg(dir.join("nodes.csv"))
            .env("HOME", tmp.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let fods = std::fs::read_to_string(tmp.path().join("ods/nodes.fods")).unwrap();
        let cells = fods_cells(&fods);
        let cell = |kind: &str, text: &str| (kind.to_string(), text.to_string());
        assert_eq!(
            cells[0],
            cell("string", "id"),
            "the BOM is not part of the header"
        );
        assert!(
            cells.contains(&cell("string", "Городской совет")),
            "{cells:?}"
        );
        assert!(
            cells.contains(&cell(
                "string",
                "'=HYPERLINK(\"http://example.org\",\"City Soviet\")"
            )),
            "{cells:?}"
        );
        assert!(cells.contains(&cell("string", "'@SUM(1)")), "{cells:?}");
        assert!(cells.contains(&cell("float", "-3")), "{cells:?}");
        assert!(
            !cells.iter().any(|(kind, _)| kind == "formula"),
            "{cells:?}"
        );
    }
}
