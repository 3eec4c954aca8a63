//! A [`Comparison`] as a readable document (text or Markdown) and as JSON.
//!
//! The document opens with the settings and a summary that answers "how
//! different are these two moments?", then lists what appeared, vanished,
//! continued, changed kind or majority, the structural figures side by
//! side, the largest rank shifts, and the events in between.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::doc::Document;
use super::table::Table;
use crate::compare::Comparison;
use crate::diff::{Endpoints, RelationChange, StateChange};
use crate::export::json::Streamed;
use crate::measure::Stats;
use crate::model::Dataset;
use crate::time::CalendarView;

fn name(ds: &Dataset, id: &str) -> String {
    ds.organisation(id)
        .map_or_else(|| id.to_string(), |o| o.name.clone())
}

/// Real endpoints as text: `a → b` (`a — b` for a symmetric kind), several
/// joined by "and".
fn endpoints_text(ds: &Dataset, kind: &str, pairs: &[Endpoints]) -> String {
    let arrow = if ds.relation_kind(kind).is_some_and(|k| !k.directed) {
        "—"
    } else {
        "→"
    };
    joined(pairs, arrow)
}

/// `pairs` as `a SEP b`, joined by "and".
fn joined(pairs: &[Endpoints], sep: &str) -> String {
    pairs
        .iter()
        .map(|(from, to)| format!("{from} {sep} {to}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A relation present on both sides, with the endpoints it had in each:
/// `x → y` if they are the same, else `x → y (A), continued as x → z (B)`.
fn continued_text(a: String, b: String) -> String {
    if a == b {
        a
    } else {
        format!("{a} (A), continued as {b} (B)")
    }
}

/// Relations grouped by kind, in the dataset's kind order.
/// When each new state of a change begins, at the precision its `during`
/// is written with (`c. August 1917 O.S.`, not an invented day).
fn since(change: &StateChange, view: CalendarView) -> Vec<String> {
    change
        .since
        .iter()
        .filter_map(|during| during.show_start(view))
        .collect()
}

fn by_kind<'a, 'd>(
    ds: &Dataset,
    relations: &'a [RelationChange<'d>],
) -> Vec<(String, Vec<&'a RelationChange<'d>>)> {
    let mut groups: BTreeMap<usize, (String, Vec<&RelationChange<'d>>)> = BTreeMap::new();
    for relation in relations {
        let pos = ds
            .relation_kinds
            .iter()
            .position(|k| k.id == relation.kind())
            .unwrap_or(usize::MAX);
        groups
            .entry(pos)
            .or_insert_with(|| (relation.kind().to_string(), Vec::new()))
            .1
            .push(relation);
    }
    groups.into_values().collect()
}

/// The comparison as a document.
pub fn document(c: &Comparison<'_>, view: CalendarView) -> Document {
    let d = &c.diff;
    let o = &c.other;
    let ds = d.dataset;
    let mut doc = Document::new(format!("What changed from {} to {}", d.a, d.b));
    doc.paragraph(format!(
        "A = {} ({}); B = {} ({}); dates shown {}; organisations and relations {} each window{}. For the measures, {}. Rank shifts: {} among the top {} of A or B.",
        d.a,
        c.windows.0,
        d.b,
        c.windows.1,
        view.label(),
        c.filter.rule(),
        c.filter.describe(),
        c.counting.describe(ds),
        c.measure,
        c.top,
    ));

    doc.heading("Summary");
    let mut summary = Table::new(["", "figure"]);
    summary.push([
        "organisations".to_string(),
        format!(
            "{} in A, {} in B: kept {}, added {}, removed {}, continued under another name {}{}",
            c.stats.0.organisations,
            c.stats.1.organisations,
            c.range(d.organisations_kept.len(), o.organisations_kept),
            c.range(d.organisations_added.len(), o.organisations_added),
            c.range(d.organisations_removed.len(), o.organisations_removed),
            d.continuations.len(),
            continued_bodies(c)
        ),
    ]);
    // Relations to successive forms of one body are matched as one: say so
    // where that makes the kept, added and removed not add up to the totals.
    let (matched_a, matched_b) = (
        d.relations_kept.len() + d.relations_removed.len(),
        d.relations_kept.len() + d.relations_added.len(),
    );
    let matched = if (matched_a, matched_b) == (c.stats.0.relations, c.stats.1.relations) {
        String::new()
    } else {
        format!(", matched across lineage as {matched_a} and {matched_b}")
    };
    summary.push([
        "relations".to_string(),
        format!(
            "{} in A, {} in B{matched}: kept {}, added {}, removed {}; pairs that changed kind {} (flips {}); reweighted {}",
            c.stats.0.relations,
            c.stats.1.relations,
            c.range(d.relations_kept.len(), o.relations_kept),
            c.range(d.relations_added.len(), o.relations_added),
            c.range(d.relations_removed.len(), o.relations_removed),
            d.kind_changes.len(),
            d.flips(),
            d.reweighted.len()
        ),
    ]);
    summary.push([
        "state changes".to_string(),
        c.range(d.state_changes.len(), o.state_changes),
    ]);
    summary.push([
        "similarity (Jaccard)".to_string(),
        format!(
            "organisations {}, relations {}, level-balanced {}",
            c.range(
                format!("{:.2}", d.similarity.organisations),
                format!("{:.2}", o.similarity.organisations)
            ),
            c.range(
                format!("{:.2}", d.similarity.relations),
                format!("{:.2}", o.similarity.relations)
            ),
            c.range(
                format!("{:.2}", d.similarity.level_balanced),
                format!("{:.2}", o.similarity.level_balanced)
            ),
        ),
    ]);
    summary.push(["events in between".to_string(), d.events.len().to_string()]);
    doc.table(summary);

    if !d.state_changes.is_empty() {
        doc.heading(format!("Changes of state ({})", d.state_changes.len()));
        let mut t = Table::new(["organisation", "attribute", "in A", "in B", "since"]);
        for s in &d.state_changes {
            t.push([
                format!("{} ({})", name(ds, &s.organisation), s.organisation),
                s.attribute.clone(),
                if s.before.is_empty() {
                    "—".into()
                } else {
                    s.before.join(" → ")
                },
                if s.after.is_empty() {
                    "—".into()
                } else {
                    s.after.join(" → ")
                },
                since(s, view).join(", "),
            ]);
        }
        doc.table(t);
    }

    let org_list = |ids: &[String]| -> Table {
        let mut t = Table::new(["id", "name", "kind", "level"]);
        for id in ids {
            if let Some(org) = ds.organisation(id) {
                t.push([
                    id.clone(),
                    org.name.clone(),
                    org.kind.clone(),
                    ds.level(org.level).id.clone(),
                ]);
            }
        }
        t
    };
    if !d.organisations_added.is_empty() {
        doc.heading(format!(
            "Organisations that appeared ({})",
            d.organisations_added.len()
        ));
        doc.table(org_list(&d.organisations_added));
    }
    if !d.organisations_removed.is_empty() {
        doc.heading(format!(
            "Organisations that disappeared ({})",
            d.organisations_removed.len()
        ));
        doc.table(org_list(&d.organisations_removed));
    }
    if !d.continuations.is_empty() {
        doc.heading(format!(
            "Continued under another name ({})",
            d.continuations.len()
        ));
        doc.list(
            d.continuations
                .iter()
                .map(|c| {
                    let names = |ids: &[String]| {
                        ids.iter()
                            .map(|id| format!("{} ({id})", name(ds, id)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    format!("{} → {}", names(&c.before), names(&c.after))
                })
                .collect(),
        );
    }
    if !d.kind_changes.is_empty() {
        doc.heading(format!(
            "Pairs whose relation changed kind ({})",
            d.kind_changes.len()
        ));
        doc.list(
            d.kind_changes
                .iter()
                .map(|k| {
                    let join = |s: &std::collections::BTreeSet<String>| {
                        s.iter().cloned().collect::<Vec<_>>().join(" + ")
                    };
                    format!(
                        "{}: {} → {}{}",
                        continued_text(joined(&k.pairs_a, "–"), joined(&k.pairs_b, "–")),
                        join(&k.before),
                        join(&k.after),
                        if k.flip { " (flip)" } else { "" }
                    )
                })
                .collect(),
        );
    }
    for (title, keys, in_b) in [
        ("Relations added", &d.relations_added, true),
        ("Relations removed", &d.relations_removed, false),
    ] {
        if keys.is_empty() {
            continue;
        }
        doc.heading(format!("{title} ({})", keys.len()));
        doc.paragraph(format!(
            "Between the bodies they joined in {}; relations to successive forms of one body count once.",
            if in_b { "B" } else { "A" }
        ));
        doc.list(
            by_kind(ds, keys)
                .into_iter()
                .map(|(kind, list)| {
                    let mut items: Vec<String> = list
                        .iter()
                        .map(|r| endpoints_text(ds, &kind, if in_b { r.in_b() } else { r.in_a() }))
                        .collect();
                    items.sort();
                    format!("{kind} ({}): {}", list.len(), items.join("; "))
                })
                .collect(),
        );
    }
    if !d.reweighted.is_empty() {
        doc.heading(format!("Relations reweighted ({})", d.reweighted.len()));
        doc.list(
            d.reweighted
                .iter()
                .map(|r| {
                    let kind = r.relation.kind();
                    format!(
                        "{} {kind}: {} → {}",
                        continued_text(
                            endpoints_text(ds, kind, r.relation.in_a()),
                            endpoints_text(ds, kind, r.relation.in_b())
                        ),
                        r.before,
                        r.after
                    )
                })
                .collect(),
        );
    }

    doc.heading("Structural figures");
    doc.table(stats_table(ds, &c.stats.0, &c.stats.1));

    if !c.rank_shifts.is_empty() {
        doc.heading(format!("Largest shifts in {} rank", c.measure));
        let mut t = Table::new([
            "organisation",
            "rank (value) in A",
            "rank (value) in B",
            "shift",
        ]);
        let rank = |r: Option<usize>, v: &Option<String>| {
            r.zip(v.as_ref())
                .map_or("—".to_string(), |(r, v)| format!("{r} ({v})"))
        };
        for s in &c.rank_shifts {
            t.push([
                format!("{} ({})", name(ds, &s.id), s.id),
                rank(s.rank_a, &s.shown_a),
                rank(s.rank_b, &s.shown_b),
                s.shift.map_or_else(
                    || {
                        if s.rank_a.is_none() {
                            "new".to_string()
                        } else {
                            "gone".to_string()
                        }
                    },
                    crate::measure::rank::show_change,
                ),
            ]);
        }
        doc.table(t);
    }

    if !d.events.is_empty() {
        doc.heading(format!(
            "Events from the end of A to the end of B ({})",
            d.events.len()
        ));
        let mut t = Table::new(["date", "kind", "what", "votes"]);
        for e in &d.events {
            let votes = e
                .votes
                .map(|v| {
                    [
                        ("for", v.in_favour),
                        ("against", v.against),
                        ("abstained", v.abstained),
                    ]
                    .into_iter()
                    .filter_map(|(label, n)| n.map(|n| format!("{n} {label}")))
                    .collect::<Vec<_>>()
                    .join(", ")
                })
                .unwrap_or_default();
            t.push([e.date.show(view), e.kind.clone(), e.summary.clone(), votes]);
        }
        doc.table(t);
    }
    doc
}

/// Figures of A and B side by side with the change.
fn stats_table(ds: &Dataset, a: &Stats, b: &Stats) -> Table {
    let mut t = Table::new(["figure", "A", "B", "change"]);
    let mut int = |label: &str, x: usize, y: usize| {
        t.push([
            label.to_string(),
            x.to_string(),
            y.to_string(),
            format!("{:+}", y as i64 - x as i64),
        ]);
    };
    int("organisations", a.organisations, b.organisations);
    int("relations", a.relations, b.relations);
    int("arcs counted", a.arcs, b.arcs);
    int("weak components", a.weak_components, b.weak_components);
    int(
        "largest component",
        a.largest_component,
        b.largest_component,
    );
    int(
        "strong components",
        a.strong_components,
        b.strong_components,
    );
    let mut real = |label: &str, x: Option<f64>, y: Option<f64>| {
        let show = |v: Option<f64>| v.map_or("—".to_string(), |v| format!("{v:.3}"));
        let change = x
            .zip(y)
            .map_or("—".to_string(), |(x, y)| format!("{:+.3}", y - x));
        t.push([label.to_string(), show(x), show(y), change]);
    };
    real("density", Some(a.density), Some(b.density));
    real("reciprocity", a.reciprocity, b.reciprocity);
    real(
        "degree centralization",
        a.degree_centralization,
        b.degree_centralization,
    );
    let total = |s: &Stats| s.initiated_by_level.values().sum::<usize>().max(1) as f64;
    for level in ds.levels.iter().rev() {
        let share =
            |s: &Stats| s.initiated_by_level.get(&level.id).copied().unwrap_or(0) as f64 / total(s);
        real(
            &format!("share of directed relations from {}", level.id),
            Some(share(a)),
            Some(share(b)),
        );
    }
    for kind in &ds.relation_kinds {
        let count = |s: &Stats| s.flow.get(&kind.id).map_or(0, |f| f.relations);
        let (x, y) = (count(a), count(b));
        if x + y > 0 {
            t.push([
                format!("{} relations", kind.id),
                x.to_string(),
                y.to_string(),
                format!("{:+}", y as i64 - x as i64),
            ]);
        }
    }
    t
}

/// The comparison as a JSON value, with the settings, both readings'
/// counts and every list (for `diff --series`, which nests one per step).
pub fn json(c: &Comparison<'_>, view: CalendarView) -> Value {
    serde_json::to_value(Json::new(c, view)).unwrap_or_default()
}

/// The comparison as JSON, serialised straight to a writer: the same
/// document as [`json`] (keys in the same sorted order, the same bytes),
/// but each list written element by element from the diff, never built
/// whole. At 300k relations the whole document as a `Value` took ~330 MB
/// (issue 16).
pub struct Json<'c, 'd> {
    comparison: &'c Comparison<'d>,
    view: CalendarView,
}

impl<'c, 'd> Json<'c, 'd> {
    /// The JSON form of `comparison`, dates shown in `view`.
    pub fn new(comparison: &'c Comparison<'d>, view: CalendarView) -> Self {
        Self { comparison, view }
    }
}

impl serde::Serialize for Json<'_, '_> {
    /// Writes the keys in sorted order, as a `serde_json::Value` object
    /// would: each list element is a small `Value`, so its keys are sorted
    /// too.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (c, view) = (self.comparison, self.view);
        let d = &c.diff;
        let o = &c.other;
        let ends = |pairs: &[Endpoints]| {
            pairs
                .iter()
                .map(|(from, to)| json!({ "from": from, "to": to }))
                .collect::<Vec<_>>()
        };
        let relation = |r: &RelationChange| {
            json!({
                "kind": r.kind(),
                "identity": { "from": r.key().0, "to": r.key().1 },
                "in_a": ends(r.in_a()),
                "in_b": ends(r.in_b()),
            })
        };
        let counts = |x: crate::diff::DiffCounts| {
            json!({
                "organisations_added": x.organisations_added,
                "organisations_removed": x.organisations_removed,
                "organisations_kept": x.organisations_kept,
                "continuations": x.continuations,
                "relations_added": x.relations_added,
                "relations_removed": x.relations_removed,
                "relations_kept": x.relations_kept,
                "kind_changes": x.kind_changes,
                "flips": x.flips,
                "state_changes": x.state_changes,
                "similarity": x.similarity,
            })
        };
        let (this_name, other_name) = match c.reading {
            crate::time::Reading::Loose => ("loose", "strict"),
            crate::time::Reading::Strict => ("strict", "loose"),
        };
        let mut m = s.serialize_map(Some(14))?;
        m.serialize_entry(
            "continuations",
            &Streamed(|| {
                d.continuations.iter().map(|x| {
                    json!({
                        "before": x.before, "after": x.after, "representative": x.representative,
                    })
                })
            }),
        )?;
        m.serialize_entry(
            "counts",
            &json!({ this_name: counts(d.counts()), other_name: counts(*o) }),
        )?;
        m.serialize_entry(
            "events",
            &Streamed(|| {
                d.events.iter().map(|e| {
                    json!({
                        "id": e.id, "date": e.date.show(view), "date_edtf": e.date.text,
                        "kind": e.kind, "summary": e.summary, "votes": e.votes,
                    })
                })
            }),
        )?;
        m.serialize_entry(
            "kind_changes",
            &Streamed(|| {
                d.kind_changes.iter().map(|k| {
                    json!({
                        "pair": [k.pair.0, k.pair.1],
                        "in_a": k.pairs_a.iter().map(|(x, y)| [x, y]).collect::<Vec<_>>(),
                        "in_b": k.pairs_b.iter().map(|(x, y)| [x, y]).collect::<Vec<_>>(),
                        "before": k.before, "after": k.after, "flip": k.flip,
                    })
                })
            }),
        )?;
        m.serialize_entry("organisations_added", &d.organisations_added)?;
        m.serialize_entry("organisations_kept", &d.organisations_kept)?;
        m.serialize_entry("organisations_removed", &d.organisations_removed)?;
        m.serialize_entry("rank_shifts", &json!(c.rank_shifts))?;
        m.serialize_entry(
            "relations_added",
            &Streamed(|| d.relations_added.iter().map(relation)),
        )?;
        m.serialize_entry(
            "relations_removed",
            &Streamed(|| d.relations_removed.iter().map(relation)),
        )?;
        m.serialize_entry(
            "reweighted",
            &Streamed(|| {
                d.reweighted.iter().map(|r| {
                    json!({
                        "relation": relation(&r.relation), "before": r.before, "after": r.after,
                    })
                })
            }),
        )?;
        m.serialize_entry(
            "settings",
            &json!({
                "a": { "slice": d.a, "window": c.windows.0 },
                "b": { "slice": d.b, "window": c.windows.1 },
                "rule": c.filter.rule(),
                "reading": this_name,
                "filters": c.filter.describe(),
                "counting": c.counting.describe(d.dataset),
                "rank_measure": c.measure,
                "calendar": view.label(),
            }),
        )?;
        m.serialize_entry(
            "state_changes",
            &Streamed(|| {
                d.state_changes.iter().map(|s| {
                    json!({
                        "organisation": s.organisation, "attribute": s.attribute,
                        "before": s.before, "after": s.after,
                        "since": since(s, view),
                        "since_edtf": s.since.iter().map(|w| &w.text).collect::<Vec<_>>(),
                    })
                })
            }),
        )?;
        m.serialize_entry("stats", &json!({ "a": c.stats.0, "b": c.stats.1 }))?;
        m.end()
    }
}

/// ` (3 bodies of A as 4 of B)`: how many organisations of each side the
/// continuations hold (the rest of each side once kept, added and removed
/// are counted), so that the summary's figures add up.
fn continued_bodies(c: &Comparison) -> String {
    let d = &c.diff;
    let kept = d.organisations_kept.len();
    let in_a = c
        .stats
        .0
        .organisations
        .saturating_sub(kept + d.organisations_removed.len());
    let in_b = c
        .stats
        .1
        .organisations
        .saturating_sub(kept + d.organisations_added.len());
    if d.continuations.is_empty() {
        String::new()
    } else {
        format!(" ({in_a} bodies of A as {in_b} of B)")
    }
}
