//! The one integration-test binary. Each module is a suite named by what it covers;
//! fixtures are found from `CARGO_MANIFEST_DIR`, never from the current directory.

mod harness;
mod import;
mod search;
