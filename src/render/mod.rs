//! Turning results into text for people and programs.

pub mod animate;
pub mod diff;
pub mod doc;
pub mod dot;
pub mod graphviz;
pub mod limits;
pub mod stats;
pub mod table;
pub mod terminal;
pub mod wrap;
