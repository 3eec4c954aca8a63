//! Earliest arrival over a stream of interval-active arcs: the kernel behind
//! `councils reach` and `councils path --temporal`.
//!
//! Days are small integers (offsets from the first day of the window, see
//! [`super::TemporalGraph`]); an arc is active on the days `[start, end)`.
//! A message standing at `u` on day `t` crosses an arc `u -> v` on its
//! first active day `d >= t` and arrives at `v` on day `d + step`
//! (`step` is 0 by default: a relation passes a message on the day it is
//! used, and the receiver may pass it on the same day). Arrivals after
//! the horizon do not count.
//!
//! # Algorithm
//!
//! Wu et al. (2014) compute earliest arrival in one pass over contacts
//! sorted by time, each contact having *one* departure time. An arc active
//! over an interval has many: sorted by start, an arc `u -> v` active on
//! days 1-100 comes before the arc that first reaches `u` on day 5, and one
//! pass would never cross it. Expanding intervals into daily contacts
//! costs the total length of all intervals. So the kernel runs the
//! label-setting search of time-dependent networks (Dreyfus 1969): the
//! arrival day through an arc, `max(t, start) + step` while `< end`, never
//! decreases with `t` (the FIFO property), so taking organisations in order
//! of arrival day from a binary heap settles each one once at its earliest
//! day. Each arc is examined once, when its source is settled:
//! O((V + E) log V) time, O(V + E) memory.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An arc active on the days `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc {
    /// Source node.
    pub from: u32,
    /// Target node.
    pub to: u32,
    /// First active day.
    pub start: i32,
    /// First day no longer active.
    pub end: i32,
}

/// Arcs grouped by source, sorted by (source, start, end, target) once.
#[derive(Clone, Debug, Default)]
pub struct Stream {
    offsets: Vec<u32>,
    arcs: Vec<Arc>,
    /// Position of each sorted arc in the list it was built from.
    origin: Vec<u32>,
}

impl Stream {
    /// The stream over nodes `0..n` of `arcs` (an arc with no active day is
    /// kept but never crossed).
    ///
    /// # Panics
    /// If an endpoint is `>= n`.
    pub fn new(n: usize, arcs: &[Arc]) -> Self {
        let mut order: Vec<u32> = (0..arcs.len() as u32).collect();
        order.sort_unstable_by_key(|&i| {
            let a = arcs[i as usize];
            (a.from, a.start, a.end, a.to, i)
        });
        let mut offsets = vec![0u32; n + 1];
        for a in arcs {
            assert!(
                (a.from as usize) < n && (a.to as usize) < n,
                "arc outside 0..{n}"
            );
            offsets[a.from as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Self {
            offsets,
            arcs: order.iter().map(|&i| arcs[i as usize]).collect(),
            origin: order,
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The arcs leaving `v`, with their positions in the original list.
    fn out(&self, v: u32) -> impl Iterator<Item = (u32, &Arc)> {
        let range = self.offsets[v as usize] as usize..self.offsets[v as usize + 1] as usize;
        self.origin[range.clone()]
            .iter()
            .copied()
            .zip(&self.arcs[range])
    }
}

/// How a node was first reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrival {
    /// Day of arrival.
    pub day: i32,
    /// Arcs crossed on the way.
    pub steps: u32,
    /// The node it came from and the arc crossed (its position in the list
    /// the stream was built from); `None` for the source.
    pub via: Option<(u32, u32)>,
}

/// Earliest arrival at every node of `stream` of a message that stands at
/// `source` from day `start`, crossing an arc on an active day `d` and
/// arriving on `d + step`, no later than day `horizon - 1`. `None`: not
/// reachable in time. Among paths that arrive on the same day, the one
/// with the fewest steps found first is kept (deterministic: ties go to
/// the lower node, then the arc first in the stream's order).
///
/// # Panics
/// If `source` is not a node, or `step` is negative.
pub fn earliest_arrival(
    stream: &Stream,
    source: u32,
    start: i32,
    horizon: i32,
    step: i32,
) -> Vec<Option<Arrival>> {
    assert!(step >= 0, "negative crossing time");
    let mut best: Vec<Option<Arrival>> = vec![None; stream.node_count()];
    if start >= horizon {
        return best;
    }
    best[source as usize] = Some(Arrival {
        day: start,
        steps: 0,
        via: None,
    });
    let mut heap = BinaryHeap::from([Reverse((start, 0u32, source))]);
    while let Some(Reverse((t, k, u))) = heap.pop() {
        if best[u as usize].is_some_and(|b| (b.day, b.steps) != (t, k)) {
            continue; // A better label was settled.
        }
        for (pos, arc) in stream.out(u) {
            let depart = t.max(arc.start);
            if depart >= arc.end {
                continue;
            }
            let day = depart.saturating_add(step);
            if day >= horizon {
                continue;
            }
            let label = (day, k + 1);
            let v = arc.to as usize;
            if best[v].is_none_or(|b| label < (b.day, b.steps)) {
                best[v] = Some(Arrival {
                    day,
                    steps: k + 1,
                    via: Some((u, pos)),
                });
                heap.push(Reverse((day, k + 1, arc.to)));
            }
        }
    }
    best
}

/// Latest departure from every node of a message that must reach `target`
/// by day `horizon - 1` (inclusive), leaving no earlier than day 0, under
/// the same crossing rule as [`earliest_arrival`]: the arc must be active
/// on the day of departure `d`, and the message arrives on `d + step`.
/// `arcs` and `n` as for [`Stream::new`]. Returns each node's latest
/// departure day and the arc it leaves by (`via` names the next node and
/// the arc's position in `arcs`); `None`: cannot reach `target` in time.
///
/// Computed as [`earliest_arrival`] on the mirror image: arcs reversed,
/// days counted back from the horizon, each arc's days shifted by `step`
/// so that it is active on the day of *departure*, as forward.
pub fn latest_departure(
    n: usize,
    arcs: &[Arc],
    target: u32,
    horizon: i32,
    step: i32,
) -> Vec<Option<Arrival>> {
    let last = horizon - 1;
    // Active departure days [s, e) mean arrivals in [s + step, e + step);
    // arrival day a is mirror day last - a.
    let mirrored: Vec<Arc> = arcs
        .iter()
        .map(|a| Arc {
            from: a.to,
            to: a.from,
            start: last - (a.end.saturating_add(step) - 1),
            end: last - a.start.saturating_add(step) + 1,
        })
        .collect();
    let stream = Stream::new(n, &mirrored);
    earliest_arrival(&stream, target, 0, horizon, step)
        .into_iter()
        .map(|found| {
            found.map(|a| Arrival {
                day: last - a.day,
                ..a
            })
        })
        .collect()
}

/// The nodes and arcs from the source to `node` (arc positions as in
/// [`Arrival::via`]), in travel order, read back from `arrivals`; `None`
/// if `node` was not reached.
pub fn trace(arrivals: &[Option<Arrival>], node: u32) -> Option<Vec<(u32, u32)>> {
    let mut steps = Vec::new();
    let mut at = node;
    loop {
        let arrival = arrivals[at as usize]?;
        match arrival.via {
            None => break,
            Some((prev, arc)) => {
                steps.push((at, arc));
                at = prev;
            }
        }
    }
    steps.reverse();
    Some(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arc(from: u32, to: u32, start: i32, end: i32) -> Arc {
        Arc {
            from,
            to,
            start,
            end,
        }
    }

    fn days(found: &[Option<Arrival>]) -> Vec<Option<i32>> {
        found.iter().map(|a| a.map(|a| a.day)).collect()
    }

    /// The case one pass over arcs sorted by start gets wrong: 1 -> 2 opens
    /// on day 1, before 0 -> 1 (day 5) reaches 1, and is still open then.
    #[test]
    fn a_long_arc_opened_before_its_source_is_reached_is_still_crossed() {
        let arcs = [arc(1, 2, 1, 100), arc(0, 1, 5, 6)];
        let found = earliest_arrival(&Stream::new(3, &arcs), 0, 0, 200, 0);
        assert_eq!(days(&found), [Some(0), Some(5), Some(5)]);
        assert_eq!(trace(&found, 2), Some(vec![(1, 1), (2, 0)]));
    }

    #[test]
    fn days_never_go_back() {
        // 1 -> 2 closed before 0 -> 1 opens: 2 cannot be reached.
        let arcs = [arc(0, 1, 5, 6), arc(1, 2, 0, 5)];
        let found = earliest_arrival(&Stream::new(3, &arcs), 0, 0, 200, 0);
        assert_eq!(days(&found), [Some(0), Some(5), None]);
    }

    #[test]
    fn one_day_crossings_need_the_next_arc_open_a_day_later() {
        let arcs = [arc(0, 1, 5, 6), arc(1, 2, 5, 6)];
        let zero = earliest_arrival(&Stream::new(3, &arcs), 0, 0, 200, 0);
        assert_eq!(days(&zero), [Some(0), Some(5), Some(5)]);
        let one = earliest_arrival(&Stream::new(3, &arcs), 0, 0, 200, 1);
        assert_eq!(days(&one), [Some(0), Some(6), None]);
    }

    #[test]
    fn arrivals_after_the_horizon_do_not_count() {
        let arcs = [arc(0, 1, 5, 6)];
        let found = earliest_arrival(&Stream::new(2, &arcs), 0, 0, 5, 0);
        assert_eq!(days(&found), [Some(0), None]);
    }

    #[test]
    fn latest_departure_mirrors_earliest_arrival() {
        // 0 -> 1 on days 2-3, 1 -> 2 on day 7: 0 must leave by day 3, 1 by 7.
        let arcs = [arc(0, 1, 2, 4), arc(1, 2, 7, 8)];
        let found = latest_departure(3, &arcs, 2, 10, 0);
        assert_eq!(days(&found), [Some(3), Some(7), Some(9)]);
        assert_eq!(found[0].unwrap().via, Some((1, 0)));
        // Crossing in one day: 1 -> 2 arrives day 8, so still in time.
        let one = latest_departure(3, &arcs, 2, 9, 1);
        assert_eq!(days(&one), [Some(3), Some(7), Some(8)]);
        let late = latest_departure(3, &arcs, 2, 8, 1);
        assert_eq!(days(&late), [None, None, Some(7)]);
    }
}
