//! Turning results into text for people and programs.

pub mod diff;
pub mod doc;
pub mod stats;
pub mod table;
