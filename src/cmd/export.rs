//! `tebiki export --format ndjson`: the site's search documents, one JSON object a line
//! ([`crate::search::ndjson`]), on stdout or into a file. The file may not be the config or
//! sit in the site's sources or `.tebiki/`; an existing one is replaced only with `--force`,
//! and only once the export is whole (it is written beside it, then moved).

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// What to export: `ndjson`, the search documents (docs/export-ndjson.md)
    #[arg(long, value_enum, default_value_t = Format::Ndjson)]
    format: Format,
    /// The file to write (default: standard output); not the config, nor a file in
    /// content/, themes/, static/ or .tebiki/
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace the file given with --out when it exists
    #[arg(long, requires = "out")]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Ndjson,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.out {
        crate::build::check_file_output(&args.root.root, path)?;
        if path.is_dir() {
            bail!(
                "{} is a folder; give the path of the file to write, like {}",
                path.display(),
                path.join("search.ndjson").display()
            );
        }
        if path.exists() && !args.force {
            bail!("{} exists; pass --force to replace it", path.display());
        }
    }
    let project = super::load_project(args.root.root)?;
    match &args.out {
        Some(path) => {
            let draft = crate::fsx::aside(path, "draft");
            let written = (|| {
                let mut out = BufWriter::new(crate::fsx::create(&draft)?);
                let n = crate::search::ndjson::write(&project.site, &mut out)?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                anyhow::Ok(n)
            })();
            let n = match written.and_then(|n| Ok(crate::fsx::rename(&draft, path).map(|()| n)?)) {
                Ok(n) => n,
                Err(e) => {
                    let _ = std::fs::remove_file(&draft);
                    return Err(e.context(format!("cannot write {}", path.display())));
                }
            };
            eprintln!("wrote {}: {n} search documents", path.display());
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            match crate::search::ndjson::write(&project.site, &mut out).and_then(|_| out.flush()) {
                // A reader that stopped early (`tebiki export | head`) took what it wanted.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(anyhow::Error::new(e).context("cannot write the export to standard output")),
                Ok(_) => {}
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
