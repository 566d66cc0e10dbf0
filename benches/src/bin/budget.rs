//! Prints the overhead-budget table from the results of `cargo bench -p dlms-benches
//! --bench budget`.
//!
//! ```text
//! cargo run -p dlms-benches --bin budget [CRITERION-DIR]
//! ```
//!
//! The criterion directory defaults to `$CARGO_TARGET_DIR/criterion`, else
//! `target/criterion` of the workspace.

use std::path::PathBuf;

fn main() {
    let dir = std::env::args_os().nth(1).map_or_else(
        || {
            let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
                || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
                PathBuf::from,
            );
            target.join("criterion")
        },
        PathBuf::from,
    );
    print!("{}", dlms_benches::budget::report(&dir));
}
