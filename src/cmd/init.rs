//! `tebiki init DIR`: starts a site from the scaffold ([`crate::scaffold::init`]) and
//! lists what it created.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder for the new site (must not exist, or be empty)
    dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    for path in crate::scaffold::init(&args.dir)? {
        println!("created {}", path.display());
    }
    if args.dir == std::path::Path::new(".") {
        println!("next: tebiki serve");
    } else {
        println!("next: cd {} && tebiki serve", args.dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
