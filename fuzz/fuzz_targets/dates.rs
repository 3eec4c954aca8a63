//! cargo-fuzz target `dates`: see `harness::dates` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dates(data));
