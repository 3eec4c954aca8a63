//! The report: a static, self-contained site that shows a dataset.
//!
//! `index.html` holds the period timeline (buttons, a slider and the arrow
//! keys move through the diagrams), the comparison of two slices, centrality
//! and structure across periods, and the votes chart; `org/<id>.html` tells
//! each organisation's story; `sources.html` is the bibliography. Styles and
//! script are files of the site; nothing is fetched, so it works from
//! `file://`, and it prints and reads on a phone.
//!
//! Diagrams come from a [`Diagrams`] implementation (Graphviz in the CLI);
//! where one cannot be drawn the page shows why and the DOT source.

mod chart;
pub mod diagrams;
pub mod evidence;
pub mod folder;
mod index;
mod org;
mod page;

use std::collections::BTreeMap;
use std::path::Path;

use crate::compare::{CompareOptions, compare};
use crate::error::Result;
use crate::measure::{Counting, Measure};
use crate::model::Dataset;
use crate::slice::{Filter, Selector, Snapshot};
use crate::time::CalendarView;
use crate::write::Overwrite;

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
}

/// Draws the report's diagrams.
pub trait Diagrams {
    /// The diagram of one period's snapshot.
    fn snapshot(&self, snapshot: &Snapshot<'_>) -> Diagram;
    /// The comparison diagram of two snapshots.
    fn comparison(&self, a: &Snapshot<'_>, b: &Snapshot<'_>) -> Diagram;
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
}

/// The files of a report, by relative path.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// Path (with `/`) -> contents.
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Builds the report's files.
pub fn build(input: &ReportInput<'_>, diagrams: &dyn Diagrams) -> Result<Site> {
    let ds = input.dataset;
    let snapshots: Vec<Snapshot<'_>> = ds
        .periods
        .iter()
        .map(|p| Snapshot::new(ds, &Selector::Period(p.id.clone()), input.filter.clone()))
        .collect::<Result<_>>()?;
    let period_diagrams: Vec<Diagram> = snapshots.iter().map(|s| diagrams.snapshot(s)).collect();
    let options = CompareOptions {
        filter: input.filter.clone(),
        counting: input.counting.clone(),
        measure: Measure::Betweenness,
        top: 10,
        view: input.view,
    };
    let comparison = compare(ds, &input.compare.0, &input.compare.1, &options)?;
    let a = Snapshot::new(ds, &input.compare.0, input.filter.clone())?;
    let b = Snapshot::new(ds, &input.compare.1, input.filter.clone())?;
    let comparison_diagram = diagrams.comparison(&a, &b);
    let support = evidence::support_by_period(input.whole, ds, &input.filter)?;
    let evidence_section = evidence::section(input.whole, &support, &input.filter);

    let mut site = Site::default();
    let mut add = |path: String, text: String| {
        site.files.insert(path, text.into_bytes());
    };
    add(
        "index.html".into(),
        index::index_page(
            input,
            &snapshots,
            &period_diagrams,
            &comparison,
            &comparison_diagram,
            evidence_section,
        )
        .into_string(),
    );
    for org in &ds.organisations {
        add(
            format!("org/{}", org::page_file(&org.id)),
            org::organisation_page(ds, org, input.view).into_string(),
        );
    }
    add("sources.html".into(), org::sources_page(ds).into_string());
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
    Ok(site)
}

impl Site {
    /// Writes the report as the folder `dir` (see [`folder`]): it replaces
    /// a report councils wrote there, and refuses a folder holding other
    /// files unless `overwrite` allows writing beside them. Returns the
    /// number of files written, the folder's marker included.
    pub fn write(&self, dir: &Path, overwrite: Overwrite) -> Result<usize> {
        folder::write_report(&self.files, dir, overwrite)
    }
}
