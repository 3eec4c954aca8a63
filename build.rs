//! Rebuilds the crate when the embedded dataset changes (`include_dir!`
//! alone does not tell cargo to watch `graphs/russia-1917`), and probes the
//! tools some tests need (see build/requirements.rs).

#[path = "build/requirements.rs"]
mod requirements;

fn main() {
    println!("cargo:rerun-if-changed=graphs/russia-1917");
    requirements::probe();
}
