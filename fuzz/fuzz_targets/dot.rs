//! cargo-fuzz target `dot`: see `harness::dot` (fuzz/src/lib.rs).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::dot(data));
