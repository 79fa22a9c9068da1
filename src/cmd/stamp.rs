//! `tebiki stamp`: records in translations' front matter the version of the source they
//! match ([`crate::stamp`]), and says which file was stamped against which.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Translation files (.md) that are now up to date with their sources
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let project = super::load_project(args.root.root)?;
    for (file, source) in crate::stamp::stamp_files(&project, &args.files)? {
        println!("{}: stamped against {}", file.display(), source.display());
    }
    Ok(ExitCode::SUCCESS)
}
