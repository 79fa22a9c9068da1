//! The one integration-test binary. Each module is a suite named by what it covers;
//! fixtures are found from `CARGO_MANIFEST_DIR`, never from the current directory.

mod briefs;
mod browser;
mod build;
mod check;
mod checklists;
mod ci;
mod contract;
mod handbook;
mod harness;
mod hostile;
mod import;
mod markdown;
mod output;
mod parse_props;
mod scaffold;
mod search;
mod seeds;
mod serve;
mod serve_client;
mod serve_stress;
mod translations;
mod txt_grammar;
