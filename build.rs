//! Rebuilds the crate when the embedded dataset changes: `include_dir!`
//! alone does not tell cargo to watch `graphs/russia-1917`.

fn main() {
    println!("cargo:rerun-if-changed=graphs/russia-1917");
}
