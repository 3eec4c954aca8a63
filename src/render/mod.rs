//! Turning results into text for people and programs.

pub mod table;
