//! `tebiki export --format ndjson`: the site's search documents, one JSON object a line
//! ([`crate::search::ndjson`]), on stdout or into a file.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// What to export: `ndjson`, the search documents (docs/export-ndjson.md)
    #[arg(long, value_enum, default_value_t = Format::Ndjson)]
    format: Format,
    /// The file to write (default: standard output)
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Ndjson,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let project = super::load_project(args.root.root)?;
    match &args.out {
        Some(path) => {
            let mut out = BufWriter::new(crate::fsx::create(path)?);
            let n = crate::search::ndjson::write(&project.site, &mut out)
                .and_then(|n| out.flush().map(|()| n))
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}: {n} search documents", path.display());
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            crate::search::ndjson::write(&project.site, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
