//! Structural measures of a snapshot: counts, density, components,
//! reciprocity, degree centralization, and the flow of relations between
//! levels.
//!
//! Counts by kind and the level flow use every relation of the snapshot;
//! density, components, reciprocity and centralization use the measure
//! graph (the counted relation kinds, symmetric kinds both ways, parallel
//! relations merged), like the centrality measures.

use std::collections::BTreeMap;

use rustworkx_core::petgraph::algo::kosaraju_scc;
use rustworkx_core::petgraph::unionfind::UnionFind;

use super::graph::MeasureGraph;

/// Relations of one kind by the direction they run between levels.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct LevelFlow {
    /// Relations of this kind in the snapshot.
    pub relations: usize,
    /// Directed relations from a lower level to a higher one.
    pub up: usize,
    /// Directed relations from a higher level to a lower one.
    pub down: usize,
    /// Symmetric relations between bodies on different levels.
    pub between_levels: usize,
    /// Relations between bodies on the same level.
    pub same_level: usize,
}

/// Structural figures of one snapshot.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Organisations in the snapshot.
    pub organisations: usize,
    /// Relations in the snapshot (every kind).
    pub relations: usize,
    /// Organisations by kind.
    pub organisations_by_kind: BTreeMap<String, usize>,
    /// Organisations by level id.
    pub organisations_by_level: BTreeMap<String, usize>,
    /// Relations by kind and direction between levels.
    pub flow: BTreeMap<String, LevelFlow>,
    /// Directed relations (every directed kind) by the level of their source.
    pub initiated_by_level: BTreeMap<String, usize>,
    /// Arcs of the measure graph.
    pub arcs: usize,
    /// arcs / (n (n − 1)); 0 with fewer than two organisations.
    pub density: f64,
    /// Weakly connected components (isolated organisations count).
    pub weak_components: usize,
    /// Organisations in the largest weak component.
    pub largest_component: usize,
    /// Strongly connected components.
    pub strong_components: usize,
    /// Share of arcs whose reverse arc exists (networkx
    /// `overall_reciprocity`); `None` without arcs.
    pub reciprocity: Option<f64>,
    /// Freeman degree centralization of the underlying undirected graph:
    /// Σ (d_max − d_i) / ((n − 1)(n − 2)), 1 for a star, 0 when all degrees
    /// are equal; `None` with fewer than three organisations.
    pub degree_centralization: Option<f64>,
}

/// Computes the structural figures of `graph`'s snapshot.
pub fn stats(graph: &MeasureGraph<'_, '_>) -> Stats {
    let snapshot = graph.snapshot;
    let dataset = snapshot.dataset;
    let mut organisations_by_kind = BTreeMap::new();
    let mut organisations_by_level = BTreeMap::new();
    for org in snapshot.organisations() {
        *organisations_by_kind.entry(org.kind.clone()).or_insert(0) += 1;
        *organisations_by_level
            .entry(dataset.level(org.level).id.clone())
            .or_insert(0) += 1;
    }
    let mut flow: BTreeMap<String, LevelFlow> = BTreeMap::new();
    let mut initiated_by_level = BTreeMap::new();
    for relation in snapshot.relations() {
        let (Some(from), Some(to)) = (
            dataset.organisation(&relation.from),
            dataset.organisation(&relation.to),
        ) else {
            continue;
        };
        let directed = dataset
            .relation_kind(&relation.kind)
            .is_none_or(|k| k.directed);
        let row = flow.entry(relation.kind.to_string()).or_default();
        row.relations += 1;
        match (directed, from.level.cmp(&to.level)) {
            (_, std::cmp::Ordering::Equal) => row.same_level += 1,
            (false, _) => row.between_levels += 1,
            (true, std::cmp::Ordering::Less) => row.up += 1,
            (true, std::cmp::Ordering::Greater) => row.down += 1,
        }
        if directed {
            *initiated_by_level
                .entry(dataset.level(from.level).id.clone())
                .or_insert(0) += 1;
        }
    }

    let g = &graph.graph;
    let n = g.node_count();
    let arcs = g.arc_count();
    let density = if n > 1 {
        arcs as f64 / (n as f64 * (n as f64 - 1.0))
    } else {
        0.0
    };
    let mut union = UnionFind::<usize>::new(n);
    for (a, b) in g.arcs() {
        union.union(a as usize, b as usize);
    }
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for i in 0..n {
        *sizes.entry(union.find(i)).or_insert(0) += 1;
    }
    // Out-lists are sorted: an arc is mutual if its reverse is found there.
    let mutual = g
        .arcs()
        .filter(|&(a, b)| g.out(b).binary_search(&a).is_ok())
        .count();
    // Distinct neighbours either way: the two sorted lists merged.
    let degrees: Vec<usize> = (0..n as u32)
        .map(|v| {
            let (out, inn) = (g.out(v), g.inn(v));
            out.len() + inn.len() - out.iter().filter(|w| inn.binary_search(w).is_ok()).count()
        })
        .collect();
    let degree_centralization = (n >= 3).then(|| {
        let max = degrees.iter().copied().max().unwrap_or(0);
        let sum: usize = degrees.iter().map(|d| max - d).sum();
        sum as f64 / ((n as f64 - 1.0) * (n as f64 - 2.0))
    });
    Stats {
        organisations: n,
        relations: snapshot.graph.edge_count(),
        organisations_by_kind,
        organisations_by_level,
        flow,
        initiated_by_level,
        arcs,
        density,
        weak_components: sizes.len(),
        largest_component: sizes.values().copied().max().unwrap_or(0),
        strong_components: kosaraju_scc(&g.to_digraph()).len(),
        reciprocity: (arcs > 0).then(|| mutual as f64 / arcs as f64),
        degree_centralization,
    }
}
