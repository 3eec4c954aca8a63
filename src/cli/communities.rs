//! `councils communities`: communities per slice (Louvain), how they carry
//! on from slice to slice, and attribute assortativity.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use councils::measure::assortativity::{
    Assortativity, attribute_assortativity, check_attribute, node_values,
};
use councils::measure::community::{Communities, LouvainOptions, louvain};
use councils::measure::community_tracking::{DEFAULT_THRESHOLD, Fate, Succession, succession};
use councils::measure::{Counting, MeasureGraph};
use councils::render::doc::write_wrapped;
use councils::render::table::Table;
use serde_json::json;

use super::exit::Usage;
use super::output::write_json;
use super::selection::{SelectionArgs, counted_kinds};
use super::{Context, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub selection: SelectionArgs,
    /// Relation kinds that count (default: the flow kinds, delegation and control).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub relations: Option<Vec<String>>,
    /// Use relation weights (summed over parallel relations).
    #[arg(long)]
    pub weighted: bool,
    /// Seed of the node order Louvain visits; the same seed gives the same communities.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
    /// Resolution γ of modularity: above 1 more, smaller communities; below 1 fewer, larger ones.
    #[arg(
        long,
        value_name = "R",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub resolution: f64,
    /// Match communities of consecutive slices whose members overlap by at least this Jaccard index.
    #[arg(long = "match", value_name = "J", default_value_t = DEFAULT_THRESHOLD)]
    pub threshold: f64,
    /// Attribute for assortativity and each community's make-up, `none` for neither [default: the dataset's `color_by`].
    #[arg(long, value_name = "ATTR")]
    pub by: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One slice's communities, with member ids and attribute values.
struct SliceCommunities<'d> {
    label: String,
    window: String,
    nodes: usize,
    arcs: usize,
    found: Communities,
    /// Each community's members as `(id, value of the attribute)`, in id
    /// order.
    members: Vec<Vec<(&'d str, Option<&'d str>)>>,
    assortativity: Option<Assortativity>,
    /// Matches with the previous slice (none for the first).
    succession: Option<Succession>,
}

impl SliceCommunities<'_> {
    /// Member ids of each community.
    fn ids(&self) -> Vec<Vec<&str>> {
        self.members
            .iter()
            .map(|m| m.iter().map(|(id, _)| *id).collect())
            .collect()
    }

    /// Communities of two or more bodies.
    fn blocs(&self) -> usize {
        self.members.iter().filter(|m| m.len() > 1).count()
    }
}

pub fn run<W: Write>(ctx: &Context, args: &Args, out: &mut W) -> Result<ExitCode> {
    let ctx = &args.selection.filter.layer(ctx)?;
    let ds = &ctx.dataset;
    if !(args.threshold > 0.0 && args.threshold <= 1.0) {
        anyhow::bail!(Usage(format!(
            "--match takes a Jaccard index above 0 and at most 1, not {}",
            args.threshold
        )));
    }
    let attribute = match args.by.as_deref() {
        Some("none") => None,
        Some(a) => Some(a.to_string()),
        None => ds.info.color_by.clone(),
    };
    if let Some(a) = &attribute {
        check_attribute(ds, a)?;
    }
    let mut counting = Counting::default_for(ds);
    if let Some(kinds) = counted_kinds(ctx, &args.relations)? {
        counting.kinds = kinds;
    }
    counting.weighted = args.weighted;
    let options = LouvainOptions {
        resolution: args.resolution,
        seed: args.seed,
    };
    let snapshots = args.selection.snapshots(ctx)?;
    let mut slices: Vec<SliceCommunities<'_>> = Vec::new();
    for snap in &snapshots {
        let graph = MeasureGraph::new(snap, counting.clone());
        let found = louvain(&graph, options).map_err(|e| Usage(format!("--resolution: {e}")))?;
        let values = attribute
            .as_deref()
            .map(|a| node_values(&graph, a))
            .unwrap_or_else(|| vec![None; graph.node_count()]);
        let members: Vec<Vec<(&str, Option<&str>)>> = found
            .partition
            .members
            .iter()
            .map(|nodes| {
                let mut list: Vec<(&str, Option<&str>)> =
                    nodes.iter().map(|&i| (graph.id(i), values[i])).collect();
                list.sort_unstable();
                list
            })
            .collect();
        let mut slice = SliceCommunities {
            label: snap.label.clone(),
            window: snap.window.show(ctx.view),
            nodes: graph.node_count(),
            arcs: graph.arc_count(),
            assortativity: attribute
                .as_deref()
                .map(|a| attribute_assortativity(&graph, a)),
            found,
            members,
            succession: None,
        };
        slice.succession = slices
            .last()
            .map(|before| succession(&before.ids(), &slice.ids(), args.threshold));
        slices.push(slice);
    }
    let settings = format!(
        "{}; {}; communities by the Louvain method (directed modularity, resolution {}, seed {}); communities of consecutive slices matched when their members' Jaccard index is at least {}",
        args.selection.describe_snapshots(ctx, &snapshots)?,
        counting.describe(ds),
        args.resolution,
        args.seed,
        args.threshold,
    );
    match args.format {
        Format::Json => write_json(out, &to_json(&settings, attribute.as_deref(), &slices))?,
        Format::Csv => {
            say!("# {settings}");
            let mut table = Table::new(["slice", "community", "size", "id", "value", "fate"]);
            for (k, s) in slices.iter().enumerate() {
                for (c, members) in s.members.iter().enumerate() {
                    for (id, value) in members {
                        table.push([
                            s.label.clone(),
                            (c + 1).to_string(),
                            members.len().to_string(),
                            id.to_string(),
                            value.unwrap_or_default().to_string(),
                            fate(&slices, k, c).0.to_string(),
                        ]);
                    }
                }
            }
            table.write_csv(&mut *out)?;
        }
        Format::Table => {
            write_wrapped(out, "# ", "# ", &settings, ctx.width)?;
            write_wrapped(
                out,
                "# ",
                "# ",
                "per slice: communities of two or more bodies, largest first, with their members and, after the first slice, the previous slice's communities they match (J: Jaccard index of members)",
                ctx.width,
            )?;
            for k in 0..slices.len() {
                write_slice(out, ctx, &slices, k, attribute.as_deref())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Community `c` of slice `k`: its fate (`new`, `continues`, ...) and the
/// earlier communities it matches in words (`continues renewal 2 (J
/// 0.75)`); empty for the first slice or a body alone.
fn fate(slices: &[SliceCommunities<'_>], k: usize, c: usize) -> (&'static str, String) {
    let s = &slices[k];
    let Some(succ) = &s.succession else {
        return ("", String::new());
    };
    if s.members[c].len() < 2 {
        return ("", String::new());
    }
    let before = &slices[k - 1].label;
    let (fate, overlaps) = &succ.later[c];
    let list: Vec<String> = overlaps
        .iter()
        .map(|o| format!("{before} {} (J {:.2})", o.community + 1, o.jaccard))
        .collect();
    let word = fate.word();
    let text = match fate {
        Fate::New => word.to_string(),
        Fate::Merges => format!("merges {}", list.join(" + ")),
        Fate::Continues => format!("continues {}", list.join("")),
        Fate::Split => format!("split from {}", list.join("")),
    };
    (word, text)
}

/// A community's members by value: `bolsheviks 5, mensheviks 2, no value 1`.
fn make_up(members: &[(&str, Option<&str>)]) -> String {
    let mut counts: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for (_, value) in members {
        *counts.entry(*value).or_insert(0) += 1;
    }
    let mut list: Vec<(Option<&str>, usize)> = counts.into_iter().collect();
    // Most frequent first; no value last.
    list.sort_by(|a, b| {
        (a.0.is_none(), std::cmp::Reverse(a.1), a.0).cmp(&(
            b.0.is_none(),
            std::cmp::Reverse(b.1),
            b.0,
        ))
    });
    list.iter()
        .map(|(v, n)| format!("{} {n}", v.unwrap_or("no value")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Modularity or assortativity as printed: 4 decimals, `undefined`.
fn show(x: Option<f64>) -> String {
    x.map_or("undefined".to_string(), |x| format!("{x:.4}"))
}

fn write_slice<W: Write>(
    out: &mut W,
    ctx: &Context,
    slices: &[SliceCommunities<'_>],
    k: usize,
    attribute: Option<&str>,
) -> Result<()> {
    let s = &slices[k];
    let alone = s.members.len() - s.blocs();
    writeln!(out)?;
    write_wrapped(
        out,
        "",
        "  ",
        &format!(
            "{} ({}): {} organisations, {} arcs; modularity {}; {} communities of two or more, {} {} alone",
            s.label,
            s.window,
            s.nodes,
            s.arcs,
            show(s.found.modularity),
            s.blocs(),
            alone,
            if alone == 1 { "body" } else { "bodies" },
        ),
        ctx.width,
    )?;
    if let Some(a) = &s.assortativity {
        write_wrapped(
            out,
            "",
            "  ",
            &format!(
                "assortativity by {}: {} ({} arcs between the {} organisations with a value{})",
                a.attribute,
                show(a.coefficient),
                a.arcs,
                a.valued,
                match (a.coefficient, a.arcs) {
                    (Some(_), _) => "",
                    (None, 0) => ": none to measure",
                    (None, _) => ": all between bodies of one value, so nothing to compare",
                }
            ),
            ctx.width,
        )?;
    }
    for (c, members) in s.members.iter().enumerate() {
        if members.len() < 2 {
            continue;
        }
        let mut line = format!("{}. {} bodies", c + 1, members.len());
        if let Some(a) = attribute {
            line.push_str(&format!("; {a}: {}", make_up(members)));
        }
        if k > 0 {
            line.push_str(&format!("; {}", fate(slices, k, c).1));
        }
        write_wrapped(out, "  ", "      ", &line, ctx.width)?;
        let ids: Vec<&str> = members.iter().map(|(id, _)| *id).collect();
        write_wrapped(out, "     ", "     ", &ids.join(", "), ctx.width)?;
    }
    if let Some(succ) = &s.succession
        && !succ.dissolved.is_empty()
    {
        let before = &slices[k - 1];
        let list: Vec<String> = succ
            .dissolved
            .iter()
            .map(|&c| format!("{} ({} bodies)", c + 1, before.members[c].len()))
            .collect();
        write_wrapped(
            out,
            "",
            "  ",
            &format!("dissolved since {}: {}", before.label, list.join(", ")),
            ctx.width,
        )?;
    }
    Ok(())
}

fn to_json(
    settings: &str,
    attribute: Option<&str>,
    slices: &[SliceCommunities<'_>],
) -> serde_json::Value {
    let list: Vec<_> = slices
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let communities: Vec<_> = s
                .members
                .iter()
                .enumerate()
                .map(|(c, members)| {
                    let matched = s.succession.as_ref().map(|succ| {
                        succ.later[c]
                            .1
                            .iter()
                            .map(|o| {
                                json!({
                                    "community": o.community + 1,
                                    "shared": o.shared,
                                    "jaccard": o.jaccard,
                                })
                            })
                            .collect::<Vec<_>>()
                    });
                    let fate = fate(slices, k, c).0;
                    json!({
                        "community": c + 1,
                        "size": members.len(),
                        "members": members.iter().map(|(id, _)| id).collect::<Vec<_>>(),
                        "values": attribute.map(|_| members
                            .iter()
                            .map(|(id, v)| (id.to_string(), json!(v)))
                            .collect::<serde_json::Map<_, _>>()),
                        "fate": (!fate.is_empty()).then_some(fate),
                        "from": matched,
                    })
                })
                .collect();
            json!({
                "slice": s.label,
                "window": s.window,
                "organisations": s.nodes,
                "arcs": s.arcs,
                "modularity": s.found.modularity,
                "levels": s.found.levels,
                "communities": communities,
                "dissolved": s.succession.as_ref().map(|succ| succ
                    .dissolved
                    .iter()
                    .map(|c| c + 1)
                    .collect::<Vec<_>>()),
                "assortativity": s.assortativity,
            })
        })
        .collect();
    json!({
        "settings": settings,
        "attribute": attribute,
        "slices": list,
    })
}
