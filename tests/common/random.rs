//! Seeded random datasets for the tests that check temporal code against a
//! day-by-day reference (`tests/paths.rs`, `tests/steps.rs`).

const MANIFEST: &str = r#"[dataset]
id = "random"
title = "Random"
calendar = "gregorian"
span = "1916-01-01/1919-12-31"
relations_outside_lifetimes = "allow"

[[level]]
id = "low"
label = "Low"

[[node_kind]]
id = "body"
label = "Body"

[[relation_kind]]
id = "delegation"
label = "delegation"
directed = true
flow = "up"

[[relation_kind]]
id = "control"
label = "control"
directed = true
flow = "down"

[[relation_kind]]
id = "conflict"
label = "conflict"
directed = false
flow = "across"
"#;

/// A random dataset (seeded): organisations and relations with day or
/// month dates in January-March 1917, relations allowed outside their
/// organisations' lifetimes (the temporal graph must clip them).
pub fn random_dataset(seed: u64) -> councils::Dataset {
    let mut state = seed
        .wrapping_mul(2862933555777941757)
        .wrapping_add(3037000493);
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    let day = |d: u64| {
        let date =
            chrono::NaiveDate::from_ymd_opt(1917, 1, 1).unwrap() + chrono::Duration::days(d as i64);
        date.format("%Y-%m-%d").to_string()
    };
    let interval = |next: &mut dyn FnMut(u64) -> u64| {
        let start = next(60);
        let end = start + next(40);
        match next(6) {
            0 => format!("1917-0{}/{}", 1 + start / 31, day(end)),
            1 => format!("{}/..", day(start)),
            _ => format!("{}/{}", day(start), day(end)),
        }
    };
    let n = 3 + next(5);
    let mut text = String::new();
    for i in 0..n {
        let during = if next(3) == 0 {
            "1916-12-01/..".to_string()
        } else {
            interval(&mut next)
        };
        text.push_str(&format!(
            "[[organisation]]\nid = \"o{i}\"\nname = \"O{i}\"\nkind = \"body\"\nlevel = \"low\"\nduring = \"{during}\"\n\n"
        ));
    }
    let kinds = ["delegation", "control", "conflict"];
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..next(3 * n) {
        let (a, b, k) = (next(n), next(n), next(3) as usize);
        let key = if k == 2 {
            (a.min(b), a.max(b), k)
        } else {
            (a, b, k)
        };
        if a == b || !seen.insert(key) {
            continue;
        }
        let during = interval(&mut next);
        text.push_str(&format!(
            "[[relation]]\nfrom = \"o{a}\"\nto = \"o{b}\"\nkind = \"{}\"\nduring = \"{during}\"\n\n",
            kinds[k]
        ));
    }
    councils::load_files(
        vec![
            councils::load::SourceFile::new("dataset.toml", MANIFEST),
            councils::load::SourceFile::new("data.toml", text.as_str()),
        ],
        Default::default(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{text}"))
}
