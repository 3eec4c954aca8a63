//! cargo-fuzz target `load`: see `harness::load` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::load(data));
