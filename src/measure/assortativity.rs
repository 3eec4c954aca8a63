//! Attribute assortativity: do bodies relate mostly to bodies of their own
//! kind (their own majority, say)?
//!
//! Newman's (2003) coefficient for a categorical attribute, as networkx's
//! `attribute_assortativity_coefficient` computes it on a `DiGraph`: with
//! `e_ij` the share of arcs running from a body of value `i` to one of
//! value `j`, `a_i = Σ_j e_ij` and `b_j = Σ_i e_ij`,
//!
//! ```text
//! r = (Σ_i e_ii − Σ_i a_i b_i) / (1 − Σ_i a_i b_i)
//! ```
//!
//! 1 when every arc joins bodies of one value, 0 when arcs ignore the
//! value, negative when they prefer other values. It runs on the measure
//! graph (counted kinds, symmetric kinds both ways, parallel relations one
//! arc), unweighted like networkx's. A body's value is the last one it held
//! in the slice's window; bodies with no value there are left out, with
//! their arcs (networkx would need a value on every node). Undefined
//! (`None`) without arcs between valued bodies, or when one value holds
//! every arc end (Σ a_i b_i = 1). Cost O(n + m + k²) for k values.

use std::collections::BTreeMap;

use super::graph::MeasureGraph;

/// The assortativity of one attribute in one slice.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Assortativity {
    /// The attribute.
    pub attribute: String,
    /// The coefficient, `None` where undefined (see the module docs).
    pub coefficient: Option<f64>,
    /// Organisations with a value in the window.
    pub valued: usize,
    /// Arcs between two organisations with a value: those counted.
    pub arcs: usize,
}

/// Checks that `dataset` declares `attribute`, with a did-you-mean hint.
pub fn check_attribute(
    dataset: &crate::model::Dataset,
    attribute: &str,
) -> crate::error::Result<()> {
    if dataset.attributes.iter().any(|a| a.id == attribute) {
        return Ok(());
    }
    Err(crate::error::Error::Unknown {
        what: "attribute",
        name: attribute.to_string(),
        hint: crate::suggest::did_you_mean(
            attribute,
            dataset.attributes.iter().map(|a| a.id.as_str()),
        ),
    })
}

/// The value of `attribute` each node of `graph` held last in its
/// snapshot's window (`None`: no value).
pub fn node_values<'d>(graph: &MeasureGraph<'_, 'd>, attribute: &str) -> Vec<Option<&'d str>> {
    let snapshot = graph.snapshot;
    (0..graph.node_count())
        .map(|i| {
            let org = snapshot.dataset.organisation(graph.id(i))?;
            snapshot
                .states(org)
                .into_iter()
                .rev()
                .find(|s| s.attribute == attribute)
                .map(|s| s.value.as_str())
        })
        .collect()
}

/// The assortativity of `attribute` on `graph`.
pub fn attribute_assortativity(graph: &MeasureGraph<'_, '_>, attribute: &str) -> Assortativity {
    let values = node_values(graph, attribute);
    let index: BTreeMap<&str, usize> = values
        .iter()
        .flatten()
        .copied()
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .enumerate()
        .map(|(i, v)| (v, i))
        .collect();
    let k = index.len();
    let mut mixing = vec![0usize; k * k];
    let mut arcs = 0;
    for (u, v) in graph.graph.arcs() {
        if let (Some(a), Some(b)) = (values[u as usize], values[v as usize]) {
            mixing[index[a] * k + index[b]] += 1;
            arcs += 1;
        }
    }
    Assortativity {
        attribute: attribute.to_string(),
        coefficient: coefficient(&mixing, k),
        valued: values.iter().flatten().count(),
        arcs,
    }
}

/// Newman's r of a `k` × `k` mixing matrix of counts (row: source value).
pub fn coefficient(mixing: &[usize], k: usize) -> Option<f64> {
    let total: usize = mixing.iter().sum();
    if total == 0 {
        return None;
    }
    let total = total as f64;
    let e = |i: usize, j: usize| mixing[i * k + j] as f64 / total;
    let trace: f64 = (0..k).map(|i| e(i, i)).sum();
    let expected: f64 = (0..k)
        .map(|i| {
            let a: f64 = (0..k).map(|j| e(i, j)).sum();
            let b: f64 = (0..k).map(|j| e(j, i)).sum();
            a * b
        })
        .sum();
    (expected < 1.0).then(|| (trace - expected) / (1.0 - expected))
}

#[cfg(test)]
mod tests {
    use super::coefficient;

    #[test]
    fn perfectly_assortative_and_disassortative_mixing() {
        // Two values, arcs only within: r = 1.
        assert_eq!(coefficient(&[3, 0, 0, 5], 2), Some(1.0));
        // Arcs only across, both ways equally: r = −1.
        assert_eq!(coefficient(&[0, 4, 4, 0], 2), Some(-1.0));
        // One value holds every arc end: undefined, as in networkx (0/0).
        assert_eq!(coefficient(&[6, 0, 0, 0], 2), None);
        assert_eq!(coefficient(&[0, 0, 0, 0], 2), None);
    }
}
