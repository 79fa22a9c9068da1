//! `tebiki import`: guidance-text files → Markdown files (or the model as JSON).
//!
//! Reading goes through the same decode and parse as a build, under the site's
//! `tebiki.toml` (`--root`) when it has one; writing never replaces an existing file
//! unless asked (`--force`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::config::Config;
use crate::parse::{self, Format, ParseOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Guidance-text files to convert
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Folder to write the .md files to (default: beside each input)
    #[arg(long, conflicts_with = "json")]
    out: Option<PathBuf>,
    /// Print the document model as JSON instead of writing Markdown (one file only)
    #[arg(long)]
    json: bool,
    /// Replace .md files that already exist
    #[arg(long)]
    force: bool,
    /// Print how each line was read (role, place, and the rule behind each heading)
    /// instead of writing Markdown (one .txt file only)
    #[arg(long, conflicts_with_all = ["json", "out", "force"])]
    explain: bool,
    /// Output of --explain: `json` is for tools
    #[arg(long, value_enum, requires = "explain")]
    format: Option<ExplainFormat>,
    /// The site whose tebiki.toml sets the reading options (encodings, raw HTML)
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// How `--explain` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.explain && args.files.len() != 1 {
        bail!("--explain reads one file: give exactly one (got {})", args.files.len());
    }
    if args.json && args.files.len() != 1 {
        bail!("--json prints one document: give exactly one file (got {})", args.files.len());
    }
    for f in &args.files {
        if !args.json && Format::of_path(f) != Some(Format::Txt) {
            bail!("{}: import converts guidance-text (.txt) files", f.display());
        }
    }
    crate::project::check_root(&args.root)?;
    let opts = ParseOptions::from(&Config::load(&args.root)?);
    if args.explain {
        return explain(&args.files[0], args.format.unwrap_or(ExplainFormat::Text), opts);
    }
    if args.json {
        let path = &args.files[0];
        let format = Format::of_path(path).unwrap_or(Format::Txt);
        let (_, parsed) = parse::read_document(&crate::fsx::read(path)?, path, format, opts)?;
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut stdout, &parsed.doc)?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Two inputs of one name would be one output: the second would replace the first.
    let mut targets: std::collections::BTreeMap<PathBuf, &Path> = Default::default();
    for path in &args.files {
        let target = target_path(path, args.out.as_deref());
        if let Some(first) = targets.insert(std::path::absolute(&target).unwrap_or_else(|_| target.clone()), path) {
            bail!(
                "{} and {} would both be written to {}; import them one at a time into different folders",
                first.display(),
                path.display(),
                target.display()
            );
        }
    }
    // Every target is checked before any is written: a run that stops at the second file
    // leaves nothing half done. A link at a target is never written through.
    for target in args.files.iter().map(|p| target_path(p, args.out.as_deref())) {
        let link = std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink());
        if link {
            bail!("{} is a symbolic link; import does not write through links: remove it first", target.display());
        }
        if target.exists() && !args.force {
            bail!("{} exists; pass --force to replace it", target.display());
        }
    }
    let mut failed = false;
    for path in &args.files {
        let (_, parsed) = parse::read_document(&crate::fsx::read(path)?, path, Format::Txt, opts)?;
        let doc = parsed.doc;
        for d in doc.diagnostics.iter() {
            eprintln!("{}", d.clone().in_file(path));
        }
        if doc.diagnostics.has_errors() {
            failed = true;
            continue;
        }
        let target = target_path(path, args.out.as_deref());
        let md = parse::emit::to_markdown(&doc, None);
        crate::fsx::write(&target, md.as_bytes()).with_context(|| format!("importing {}", path.display()))?;
        println!("{} -> {}", path.display(), target.display());
        if args.out.is_none() && in_content(&args.root, path) {
            eprintln!(
                "note: {} and {} are now two guides of one name (a build keeps one and reports the other): remove the one you no longer want",
                path.display(),
                target.display()
            );
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `--explain`: each line of one guidance-text file with its role, place and rule.
fn explain(path: &Path, format: ExplainFormat, opts: ParseOptions) -> anyhow::Result<ExitCode> {
    let bytes = crate::fsx::read(path)?;
    let (text, encoding) = parse::decode_for(&bytes, path, opts)?;
    let mut explanation = parse::explain_txt(&text);
    if encoding == parse::decode::Encoding::ShiftJis {
        let message = "read as Shift_JIS (CP932); save the file as UTF-8";
        explanation.diagnostics.insert(
            0,
            crate::diagnostic::Diagnostic::new(
                crate::model::Severity::Warning,
                crate::diagnostic::Code::Import,
                message,
            )
            .at_line(1),
        );
    }
    let mut stdout = std::io::stdout().lock();
    match format {
        ExplainFormat::Text => write!(stdout, "{explanation}")?,
        ExplainFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &explanation)?;
            writeln!(stdout)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether `path` is a file below the site's `content/` (the canonical paths compared).
fn in_content(root: &Path, path: &Path) -> bool {
    let (Ok(content), Ok(file)) = (std::fs::canonicalize(root.join("content")), std::fs::canonicalize(path)) else {
        return false;
    };
    file.starts_with(content)
}

fn target_path(input: &Path, out: Option<&Path>) -> PathBuf {
    let name = input.with_extension("md");
    match out {
        Some(dir) => dir.join(name.file_name().unwrap_or_default()),
        None => name,
    }
}
