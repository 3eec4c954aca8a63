//! The report: a static, self-contained site that shows a dataset.
//!
//! `index.html` holds the period timeline (buttons, a slider and the arrow
//! keys move through the diagrams), the comparison of two slices, centrality
//! and structure across periods, and the votes chart; `org/<id>.html` tells
//! each organisation's story; `movie.html` plays the periods one after
//! another ([`movie`]); `sources.html` is the bibliography. Styles and
//! script are files of the site; nothing is fetched, so it works from
//! `file://`, and it prints and reads on a phone.
//!
//! Diagrams come from a [`Diagrams`] implementation (Graphviz in the CLI);
//! where one cannot be drawn the page shows why and the DOT source.
//!
//! On a large network the report follows the [`policy`]: diagrams beyond
//! the size limits are not drawn, degree stands for betweenness, and the
//! organisation pages are made and written one at a time.

mod chart;
pub mod diagrams;
mod ego;
pub mod evidence;
pub mod folder;
mod index;
pub mod movie;
mod org;
mod page;
pub mod policy;
mod timechart;

use std::collections::BTreeMap;
use std::path::Path;

use crate::compare::{CompareOptions, compare};
use crate::error::Result;
use crate::measure::Counting;
use crate::model::Dataset;
use crate::render::animate::{AnimateError, Animation, Frame, Movie, common_title};
use crate::render::dot::DotOptions;
use crate::render::dot::Focus;
use crate::slice::{Filter, Selector, Snapshot};
use crate::time::CalendarView;
use crate::write::Overwrite;
use folder::Files;
use org::OrgIndex;
pub use policy::Policy;

/// A diagram for the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Diagram {
    /// SVG text as Graphviz writes it.
    Svg(String),
    /// The diagram's DOT source, and why it could not be drawn.
    Source {
        /// DOT text.
        dot: String,
        /// Why there is no SVG (e.g. Graphviz not installed).
        why: String,
    },
    /// Not drawn, and its source left out too: the network is beyond the
    /// [`Policy`]'s limits.
    Omitted {
        /// Why, with the figures and how to draw it anyway.
        why: String,
    },
}

/// Draws the report's diagrams.
pub trait Diagrams {
    /// The diagram of one period's snapshot.
    fn snapshot(&self, snapshot: &Snapshot<'_>) -> Diagram;
    /// The comparison diagram of two snapshots.
    fn comparison(&self, a: &Snapshot<'_>, b: &Snapshot<'_>) -> Diagram;
    /// The diagram of a snapshot as a frame of the animation: titled
    /// `title` (see [`crate::render::animate::common_title`]). By default
    /// its own diagram.
    fn frame(&self, snapshot: &Snapshot<'_>, title: &str) -> Diagram {
        let _ = title;
        self.snapshot(snapshot)
    }
    /// The settings the diagrams are drawn with (their headings go in the
    /// animation's frames).
    fn options(&self) -> Option<&DotOptions> {
        None
    }
    /// The ego diagram of each focus in its period's snapshot (which holds
    /// the focus), in order, laid out so that each organisation has the
    /// same place in the ego diagrams of every period; drawn together, as
    /// the diagrams of one page are.
    fn egos(&self, wanted: &[(&Snapshot<'_>, &Focus)]) -> Vec<Diagram>;
}

/// What the report shows and how.
pub struct ReportInput<'d> {
    /// The dataset, seen through `filter`'s evidence layer.
    pub dataset: &'d Dataset,
    /// The dataset before the evidence layer (the same as `dataset` when it
    /// keeps every source): the evidence section counts against it.
    pub whole: &'d Dataset,
    /// The two slices compared.
    pub compare: (Selector, Selector),
    /// Reading and filters of every slice.
    pub filter: Filter,
    /// Relations the measures count.
    pub counting: Counting,
    /// How dates are shown.
    pub view: CalendarView,
    /// What is left out of a large network ([`Policy::default`] unless the
    /// user lifts a limit).
    pub policy: Policy,
}

/// The files of a report: the front page, bibliography, diagrams and
/// assets in memory, the organisation pages made one at a time as they are
/// written (so that memory does not grow with their number).
pub struct Site<'d> {
    /// Path (with `/`) -> contents, except the organisation pages.
    pub files: BTreeMap<String, Vec<u8>>,
    dataset: &'d Dataset,
    view: CalendarView,
    index: OrgIndex,
    /// Every period's snapshot, for the pages' ego diagrams.
    snapshots: Vec<Snapshot<'d>>,
    diagrams: &'d dyn Diagrams,
    policy: Policy,
    ego: ego::Plan,
}

/// The organisations and relations of a snapshot.
fn size(s: &Snapshot<'_>) -> (usize, usize) {
    (s.graph.node_count(), s.graph.edge_count())
}

/// Builds the report's files; `stage` is told what is being done
/// (for a progress display).
pub fn build<'d>(
    input: &ReportInput<'d>,
    diagrams: &'d dyn Diagrams,
    stage: &dyn Fn(&str),
) -> Result<Site<'d>> {
    let ds = input.dataset;
    let policy = &input.policy;
    stage("slicing the periods");
    let snapshots: Vec<Snapshot<'_>> = ds
        .periods
        .iter()
        .map(|p| Snapshot::new(ds, &Selector::Period(p.id.clone()), input.filter.clone()))
        .collect::<Result<_>>()?;
    stage("drawing the diagrams");
    let period_diagrams: Vec<Diagram> = snapshots
        .iter()
        .map(|s| {
            let (n, m) = size(s);
            match policy.too_large(n, m) {
                Some(why) => Diagram::Omitted { why },
                None => diagrams.snapshot(s),
            }
        })
        .collect();
    stage("merging the periods into the animation");
    let movie = animation(ds, &snapshots, &period_diagrams, diagrams, input.view);
    let a = Snapshot::new(ds, &input.compare.0, input.filter.clone())?;
    let b = Snapshot::new(ds, &input.compare.1, input.filter.clone())?;
    let (largest_n, largest_m) = snapshots
        .iter()
        .chain([&a, &b])
        .map(size)
        .max_by_key(|&(n, m)| n as u128 * m as u128)
        .unwrap_or_default();
    let options = CompareOptions {
        filter: input.filter.clone(),
        counting: input.counting.clone(),
        measure: policy.betweenness_or_degree(largest_n, largest_m),
        top: 10,
        view: input.view,
    };
    stage("comparing the two slices");
    let comparison = compare(ds, &input.compare.0, &input.compare.1, &options)?;
    let ((an, am), (bn, bm)) = (size(&a), size(&b));
    let comparison_diagram = match policy.too_large(an.max(bn), am.max(bm)) {
        Some(why) => Diagram::Omitted { why },
        None => diagrams.comparison(&a, &b),
    };
    drop((a, b));
    let support = evidence::support_by_period(input.whole, ds, &input.filter)?;
    let evidence_section = evidence::section(input.whole, &support, &input.filter);

    stage("measuring the steps");
    let series = timechart::series(ds, &input.filter, &input.counting, policy)?;
    let over_time = timechart::section(ds, series.as_ref(), policy, input.view);

    stage("measuring the periods");
    let mut files = BTreeMap::new();
    let mut add = |path: String, text: String| {
        files.insert(path, page::neutralised(text).into_bytes());
    };
    add(
        "index.html".into(),
        index::index_page(
            input,
            &snapshots,
            &period_diagrams,
            &comparison,
            &comparison_diagram,
            index::Sections {
                evidence: evidence_section,
                over_time,
            },
            (options.measure, (largest_n, largest_m)),
        )
        .into_string(),
    );
    add("sources.html".into(), org::sources_page(ds).into_string());
    add(
        movie::PAGE.into(),
        movie::page(ds, movie.as_ref().map_err(String::as_str)).into_string(),
    );
    if let Ok(m) = &movie {
        add(
            movie::SVG.into(),
            m.svg(Animation::Css {
                seconds_per_frame: movie::SECONDS_PER_FRAME,
            }),
        );
    }
    drop(movie);
    for (s, d) in snapshots.iter().zip(&period_diagrams) {
        if let Diagram::Svg(svg) = d {
            add(format!("diagrams/{}.svg", s.label), svg.clone());
        }
    }
    if let Diagram::Svg(svg) = &comparison_diagram {
        add("diagrams/comparison.svg".into(), svg.clone());
    }
    add(
        "assets/style.css".into(),
        include_str!("assets/style.css").into(),
    );
    add("assets/app.js".into(), include_str!("assets/app.js").into());
    add(
        "assets/movie.js".into(),
        include_str!("assets/movie.js").into(),
    );
    if let Some(s) = series.as_ref().filter(|s| !s.lines.is_empty()) {
        let calendar = ds.info.calendar;
        files.insert("data/series.csv".into(), s.csv(calendar).into_bytes());
        files.insert("data/series.json".into(), s.json(calendar).into_bytes());
    }
    stage("indexing the organisations");
    let index = OrgIndex::new(ds);
    let ego = ego::Plan::new(ds, &snapshots, |i| index.relation_count(i), policy);
    Ok(Site {
        files,
        dataset: ds,
        view: input.view,
        index,
        snapshots,
        diagrams,
        policy: input.policy,
        ego,
    })
}

/// The periods' diagrams merged into the animation, its links to the
/// organisation pages; or why there is none (a period's diagram was not
/// drawn, or the diagrams do not share one layout). Where the periods'
/// headings widened their diagrams differently (a network narrower than
/// its title), the frames are drawn again with one title
/// ([`common_title`]).
fn animation(
    ds: &Dataset,
    snapshots: &[Snapshot<'_>],
    diagrams: &[Diagram],
    drawer: &dyn Diagrams,
    view: CalendarView,
) -> std::result::Result<Movie, String> {
    if snapshots.is_empty() {
        return Err("the dataset has no periods".into());
    }
    let svgs = |diagrams: &[Diagram]| -> std::result::Result<Vec<String>, String> {
        snapshots
            .iter()
            .zip(diagrams)
            .map(|(s, d)| match d {
                Diagram::Svg(svg) => Ok(svg.clone()),
                Diagram::Source { why, .. } | Diagram::Omitted { why } => Err(format!(
                    "the diagram of the period `{}` is not drawn: {why}",
                    s.label
                )),
            })
            .collect()
    };
    let options = drawer.options().cloned().unwrap_or_else(|| {
        let mut options = DotOptions::new(ds);
        options.view = view;
        options
    });
    let frames: Vec<Frame> = snapshots.iter().map(|s| Frame::of(s, &options)).collect();
    let mut movie = match Movie::merge(frames.clone(), &svgs(diagrams)?) {
        Ok(movie) => movie,
        Err(AnimateError::Unstable { .. }) => {
            let title = common_title(&frames).unwrap_or_default();
            let again: Vec<Diagram> = snapshots.iter().map(|s| drawer.frame(s, &title)).collect();
            Movie::merge(frames, &svgs(&again)?).map_err(|e| e.to_string())?
        }
        Err(e) => return Err(e.to_string()),
    };
    movie.link_organisations(|id| format!("org/{}", org::page_file(id)));
    Ok(movie)
}

impl Site<'_> {
    /// Writes the report as the folder `dir` (see [`folder`]): it replaces
    /// a report councils wrote there, and refuses a folder holding other
    /// files unless `overwrite` allows writing beside them. `progress` is
    /// told the number of files written so far and in all. Returns the
    /// number of files written, the folder's marker included.
    pub fn write(
        &self,
        dir: &Path,
        overwrite: Overwrite,
        progress: &dyn Fn(usize, usize),
    ) -> Result<usize> {
        folder::write_report(self, dir, overwrite, progress)
    }

    /// The page of the organisation at `position`.
    fn page(&self, position: usize) -> Vec<u8> {
        let ego = ego::section(
            self.dataset,
            position,
            &self.snapshots,
            self.diagrams,
            &self.ego,
            &self.policy,
            self.view,
        );
        page::neutralised(
            org::organisation_page(self.dataset, position, &self.index, self.view, ego)
                .into_string(),
        )
        .into_bytes()
    }
}

impl Files for Site<'_> {
    fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .files
            .keys()
            .cloned()
            .chain(
                self.dataset
                    .organisations
                    .iter()
                    .map(|o| format!("org/{}", org::page_file(&o.id))),
            )
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }

    fn each(&self, write: &mut dyn FnMut(&str, &[u8]) -> Result<()>) -> Result<()> {
        for (path, bytes) in &self.files {
            write(path, bytes)?;
        }
        for (i, o) in self.dataset.organisations.iter().enumerate() {
            write(&format!("org/{}", org::page_file(&o.id)), &self.page(i))?;
        }
        Ok(())
    }
}
