//! cargo-fuzz target `csv`: see `harness::csv` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::csv(data));
