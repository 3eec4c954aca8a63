//! Checks across records: overlapping states of one attribute, cycles of
//! `part_of` and of lineage, and overlapping relations (a symmetric kind's
//! relation given in both directions included).

use std::collections::{HashMap, HashSet};

use super::Validator;
use super::order::{EndRank, EndRanks};
use crate::error::Diagnostic;
use crate::model::*;
use crate::time::Day;

/// Where a depth-first walk stands with an organisation (cycle checks).
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    New,
    OnPath,
    Done,
}

impl<'a> Validator<'a> {
    pub(super) fn overlapping_states(&mut self, subject: &str, states: &[State]) {
        for pair in states.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.attribute == b.attribute && a.during.loose.overlaps(&b.during.loose) {
                self.report(
                    Diagnostic::new(
                        b.origin.clone(),
                        format!(
                            "state `{}` = `{}` ({}) overlaps `{}` ({}) defined at {}",
                            b.attribute,
                            b.value,
                            b.during.loose.show(self.view()),
                            a.value,
                            a.during.loose.show(self.view()),
                            a.origin
                        ),
                    )
                    .about(subject.to_string())
                    .hint(Some(
                        "end the earlier state the day before the later one starts".into(),
                    )),
                );
            }
        }
    }

    /// Reports each `part_of` cycle once, at its first organisation in id
    /// order. A body that is part of itself is reported by `organisation`.
    ///
    /// Regression (long_part_of_chain_is_checked_in_linear_time): each
    /// organisation used to walk its whole chain with a linear `seen`
    /// search, cubic in the chain's length (a chain of 20,000 bodies took
    /// hours); now every organisation is walked once. Also
    /// (self_part_of_is_reported_once): `part_of` naming itself was
    /// reported twice.
    pub(super) fn part_of_cycles(&mut self, organisations: &[Organisation], index: ById<'_>) {
        let mut mark = vec![Mark::New; organisations.len()];
        for start in 0..organisations.len() {
            let mut path: Vec<usize> = Vec::new();
            let mut current = Some(start);
            while let Some(i) = current {
                match mark[i] {
                    Mark::Done => break,
                    Mark::OnPath => {
                        let at = path.iter().position(|&p| p == i).unwrap_or(0);
                        let cycle = &path[at..];
                        if cycle.len() > 1 {
                            let (org, ids) = cycle_path(cycle, organisations);
                            self.report(
                                Diagnostic::new(
                                    org.origin.clone(),
                                    format!("`part_of` forms a cycle: {ids}"),
                                )
                                .about(format!("organisation `{}`", org.id)),
                            );
                        }
                        break;
                    }
                    Mark::New => {
                        mark[i] = Mark::OnPath;
                        path.push(i);
                        current = organisations[i]
                            .part_of
                            .as_deref()
                            .and_then(|p| index.get(p));
                    }
                }
            }
            for i in path {
                mark[i] = Mark::Done;
            }
        }
    }

    /// Reports each lineage cycle (a body that, through `renamed-from`,
    /// `successor-of`, `split-from` and `merged-into`, comes from itself),
    /// at the cycle's first organisation in id order. Links are read in
    /// time: `a merged-into b` means `b` comes from `a`, the others that
    /// `a` comes from the body named. A link to itself is reported by
    /// `organisation`. Regression (issue 17.6): cycles were accepted.
    pub(super) fn lineage_cycles(&mut self, organisations: &[Organisation], index: ById<'_>) {
        // comes_from[i]: the bodies organisation i comes from.
        let mut comes_from: Vec<Vec<usize>> = vec![Vec::new(); organisations.len()];
        for (i, org) in organisations.iter().enumerate() {
            for l in &org.lineage {
                let Some(j) = index.get(&l.organisation) else {
                    continue;
                };
                if i == j {
                    continue;
                }
                match l.kind {
                    LineageKind::MergedInto => comes_from[j].push(i),
                    _ => comes_from[i].push(j),
                }
            }
        }
        for list in &mut comes_from {
            list.sort_unstable();
            list.dedup();
        }
        let mut mark = vec![Mark::New; organisations.len()];
        for start in 0..organisations.len() {
            if mark[start] != Mark::New {
                continue;
            }
            // Depth-first, without recursion: (body, next link to follow).
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            mark[start] = Mark::OnPath;
            while let Some(top) = stack.last_mut() {
                let (node, next) = *top;
                let Some(&j) = comes_from[node].get(next) else {
                    mark[node] = Mark::Done;
                    stack.pop();
                    continue;
                };
                top.1 += 1;
                match mark[j] {
                    Mark::New => {
                        mark[j] = Mark::OnPath;
                        stack.push((j, 0));
                    }
                    Mark::OnPath => {
                        let at = stack.iter().position(|&(p, _)| p == j).unwrap_or(0);
                        let cycle: Vec<usize> = stack[at..].iter().map(|&(p, _)| p).collect();
                        let (org, ids) = cycle_path(&cycle, organisations);
                        self.report(
                            Diagnostic::new(
                                org.origin.clone(),
                                format!("lineage forms a cycle: {ids} (each comes from the next)"),
                            )
                            .about(format!("organisation `{}`", org.id))
                            .hint(Some(
                                "a body cannot come from itself: remove or reverse one link".into(),
                            )),
                        );
                    }
                    Mark::Done => {}
                }
            }
        }
    }

    /// Two relations of one kind between one pair must not overlap: a
    /// relation that lapses and resumes is written as two intervals. For a
    /// symmetric kind (`directed = false`) `a -> b` and `b -> a` are the same
    /// pair, so the relation given in both directions is refused too
    /// (regression, issue 17.6: it was accepted and counted twice).
    pub(super) fn overlapping_relations(
        &mut self,
        relations: &[Relation],
        symmetric: &HashSet<String>,
        ends: &EndRanks,
        kind_rank: &HashMap<String, usize>,
    ) {
        // Relations grouped by (pair, kind) through a sorted vector of
        // integer keys: a map of string keys took ~50 MB at 300k relations.
        type Key = ((EndRank, EndRank, usize), (Option<Day>, Option<Day>), usize);
        let mut keyed: Vec<Key> = relations
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (a, b) = (ends.rank(&r.from), ends.rank(&r.to));
                let pair = if symmetric.contains(r.kind.as_str()) && b < a {
                    (b, a)
                } else {
                    (a, b)
                };
                (
                    (pair.0, pair.1, kind_rank[r.kind.as_str()]),
                    r.during.sort_key(),
                    i,
                )
            })
            .collect();
        keyed.sort_unstable();
        for group in keyed.chunk_by(|x, y| x.0 == y.0) {
            let group: Vec<&Relation> = group.iter().map(|&(_, _, i)| &relations[i]).collect();
            for pair in group.windows(2) {
                if pair[0].during.loose.overlaps(&pair[1].during.loose) {
                    let (a, b) = if pair[0].origin <= pair[1].origin {
                        (pair[0], pair[1])
                    } else {
                        (pair[1], pair[0])
                    };
                    let reversed = a.from != b.from;
                    let (message, hint) = if reversed {
                        (
                            format!(
                                "`{}` is symmetric and this repeats relation `{}` ({}) defined at {} in the other direction",
                                b.kind,
                                a.id(),
                                a.during.loose.show(self.view()),
                                a.origin
                            ),
                            "keep one of the two: a symmetric relation is written once, in either direction",
                        )
                    } else {
                        (
                            format!(
                                "overlaps relation `{}` ({}) defined at {}",
                                a.id(),
                                a.during.loose.show(self.view()),
                                a.origin
                            ),
                            "merge the two, or make their intervals disjoint",
                        )
                    };
                    self.report(
                        Diagnostic::new(b.origin.clone(), message)
                            .about(format!("relation `{}`", b.id()))
                            .hint(Some(hint.into())),
                    );
                }
            }
        }
    }
}

/// A cycle of organisations (indices into `organisations`, in path order)
/// as it is reported: starting at the smallest index, so that the message
/// does not depend on where the walk entered it, and back to its start
/// (`a -> c -> b -> a`). Returns the organisation the report is placed at.
fn cycle_path<'o>(
    cycle: &[usize],
    organisations: &'o [Organisation],
) -> (&'o Organisation, String) {
    let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
    let mut ids: Vec<&str> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .map(|&p| organisations[p].id.as_str())
        .collect();
    ids.push(ids[0]);
    (&organisations[cycle[first]], ids.join(" -> "))
}
