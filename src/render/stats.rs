//! Structural figures as table rows, one column per slice.

use std::collections::BTreeMap;

use super::table::Table;
use crate::measure::Stats;
use crate::model::Dataset;

/// The figures of several slices side by side: one row per figure, one
/// column per slice. Counts by kind or level that are zero in every slice
/// are left out.
pub fn stats_table(ds: &Dataset, slices: &[(String, Stats)]) -> Table {
    let rows: Vec<Vec<(String, String)>> = slices.iter().map(|(_, s)| stat_rows(ds, s)).collect();
    let mut header = vec!["figure".to_string()];
    header.extend(slices.iter().map(|(label, _)| label.clone()));
    let mut table = Table::new(header);
    let Some(first) = rows.first() else {
        return table;
    };
    for (i, (label, _)) in first.iter().enumerate() {
        let values: Vec<&String> = rows.iter().map(|r| &r[i].1).collect();
        if label.starts_with("  ") && values.iter().all(|v| v.as_str() == "0") {
            continue;
        }
        let mut row = vec![label.clone()];
        row.extend(values.into_iter().cloned());
        table.push(row);
    }
    table
}

/// The figures of one slice as (label, value) rows, in a fixed order.
pub fn stat_rows(ds: &Dataset, s: &Stats) -> Vec<(String, String)> {
    let opt = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
    let mut rows = vec![
        ("organisations".to_string(), s.organisations.to_string()),
        ("relations".to_string(), s.relations.to_string()),
    ];
    let count =
        |map: &BTreeMap<String, usize>, key: &str| map.get(key).copied().unwrap_or(0).to_string();
    for kind in &ds.node_kinds {
        rows.push((
            format!("  kind {}", kind.id),
            count(&s.organisations_by_kind, &kind.id),
        ));
    }
    for level in ds.levels.iter().rev() {
        rows.push((
            format!("  level {}", level.id),
            count(&s.organisations_by_level, &level.id),
        ));
    }
    rows.push(("arcs counted".into(), s.arcs.to_string()));
    rows.push(("density".into(), format!("{:.4}", s.density)));
    rows.push(("weak components".into(), s.weak_components.to_string()));
    rows.push(("largest component".into(), s.largest_component.to_string()));
    rows.push(("strong components".into(), s.strong_components.to_string()));
    rows.push(("reciprocity".into(), opt(s.reciprocity)));
    rows.push(("degree centralization".into(), opt(s.degree_centralization)));
    let directed_total: usize = s.initiated_by_level.values().sum();
    for kind in &ds.relation_kinds {
        let f = s.flow.get(&kind.id).cloned().unwrap_or_default();
        rows.push((format!("{} relations", kind.id), f.relations.to_string()));
        if kind.directed {
            rows.push((format!("  {} going up", kind.id), f.up.to_string()));
            rows.push((format!("  {} going down", kind.id), f.down.to_string()));
        } else {
            rows.push((
                format!("  {} between levels", kind.id),
                f.between_levels.to_string(),
            ));
        }
        rows.push((
            format!("  {} within a level", kind.id),
            f.same_level.to_string(),
        ));
    }
    rows.push((
        "directed relations by source level".into(),
        directed_total.to_string(),
    ));
    for level in ds.levels.iter().rev() {
        let n = s.initiated_by_level.get(&level.id).copied().unwrap_or(0);
        let share = n as f64 / directed_total.max(1) as f64;
        rows.push((
            format!("  from {}", level.id),
            if n == 0 {
                "0".to_string()
            } else {
                format!("{n} ({:.0}%)", share * 100.0)
            },
        ));
    }
    rows
}

/// The figures of several slices under both readings of imprecise dates
/// (`--dates both`): one column per slice, each cell one value where the
/// readings agree and `loose / strict` where they differ. Rows zero in
/// every slice under both readings are left out, as in [`stats_table`].
pub fn stats_range_table(
    ds: &Dataset,
    slices: &[(String, crate::measure::ranges::Readings<Stats>)],
) -> Table {
    type Rows = Vec<(String, String)>;
    let rows: Vec<(Rows, Rows)> = slices
        .iter()
        .map(|(_, s)| (stat_rows(ds, &s.loose), stat_rows(ds, &s.strict)))
        .collect();
    let mut header = vec!["figure".to_string()];
    header.extend(slices.iter().map(|(label, _)| label.clone()));
    let mut table = Table::new(header);
    let Some((first, _)) = rows.first() else {
        return table;
    };
    for (i, (label, _)) in first.iter().enumerate() {
        let values: Vec<String> = rows
            .iter()
            .map(|(loose, strict)| {
                crate::measure::ranges::Readings {
                    loose: loose[i].1.clone(),
                    strict: strict[i].1.clone(),
                }
                .show()
            })
            .collect();
        if label.starts_with("  ") && values.iter().all(|v| v.as_str() == "0") {
            continue;
        }
        let mut row = vec![label.clone()];
        row.extend(values);
        table.push(row);
    }
    table
}
