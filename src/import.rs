//! `tebiki import`: guidance-text files → Markdown files (or the model as JSON).
//!
//! Reading goes through the same decode and parse as a build; writing never replaces an
//! existing file unless asked (`--force`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::model::Severity;
use crate::parse::{self, Format, ParseOptions};

/// A validated `import` invocation.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub files: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub json: bool,
    pub force: bool,
    /// `--explain`: print how each line of one `.txt` file was read.
    pub explain: Option<Explain>,
}

/// The output of `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    Text,
    Json,
}

impl ImportPlan {
    pub fn new(files: Vec<PathBuf>, out: Option<PathBuf>, json: bool, force: bool) -> anyhow::Result<Self> {
        if json && files.len() != 1 {
            bail!("--json prints one document: give exactly one file (got {})", files.len());
        }
        for f in &files {
            if !json && Format::of_path(f) != Some(Format::Txt) {
                bail!("{}: import converts guidance-text (.txt) files", f.display());
            }
        }
        Ok(ImportPlan { files, out, json, force, explain: None })
    }

    pub fn explaining(mut self, explain: Option<Explain>) -> anyhow::Result<Self> {
        if explain.is_some() && self.files.len() != 1 {
            bail!("--explain reads one file: give exactly one (got {})", self.files.len());
        }
        self.explain = explain;
        Ok(self)
    }
}

pub fn run(plan: &ImportPlan) -> anyhow::Result<ExitCode> {
    let opts = ParseOptions::default();
    if let Some(format) = plan.explain {
        let path = &plan.files[0];
        let bytes = crate::fsx::read(path)?;
        let (text, encoding) = parse::decode_for(&bytes, path, opts)?;
        let mut explanation = parse::txt::explain(&text);
        if encoding == parse::decode::Encoding::ShiftJis {
            let message = "read as Shift_JIS (CP932); save the file as UTF-8".to_owned();
            explanation
                .diagnostics
                .insert(0, crate::model::Diagnostic { line: 1, severity: Severity::Warning, message });
        }
        let mut stdout = std::io::stdout().lock();
        match format {
            Explain::Text => write!(stdout, "{explanation}")?,
            Explain::Json => {
                serde_json::to_writer_pretty(&mut stdout, &explanation)?;
                writeln!(stdout)?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    if plan.json {
        let path = &plan.files[0];
        let format = Format::of_path(path).unwrap_or(Format::Txt);
        let bytes = crate::fsx::read(path)?;
        let (text, _) = parse::decode_for(&bytes, path, opts)?;
        let mut doc = parse::parse_text(&text, format, opts).doc;
        if let Ok(decoded) = parse::decode::decode(&bytes) {
            if decoded.encoding == parse::decode::Encoding::ShiftJis {
                doc.diagnostics.push(1, Severity::Warning, "read as Shift_JIS (CP932); save the file as UTF-8");
            }
        }
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut stdout, &doc)?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut failed = false;
    for path in &plan.files {
        let bytes = crate::fsx::read(path)?;
        let (text, _) = parse::decode_for(&bytes, path, opts)?;
        let doc = parse::parse_text(&text, Format::Txt, opts).doc;
        for d in doc.diagnostics.iter() {
            eprintln!("{}:{}: {:?}: {}", path.display(), d.line, d.severity, d.message);
        }
        if doc.diagnostics.has_errors() {
            failed = true;
            continue;
        }
        let target = target_path(path, plan.out.as_deref());
        if target.exists() && !plan.force {
            bail!("{} exists; pass --force to replace it", target.display());
        }
        let md = parse::emit::to_markdown(&doc, None);
        crate::fsx::write(&target, md.as_bytes()).with_context(|| format!("importing {}", path.display()))?;
        println!("{} -> {}", path.display(), target.display());
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn target_path(input: &Path, out: Option<&Path>) -> PathBuf {
    let name = input.with_extension("md");
    match out {
        Some(dir) => dir.join(name.file_name().unwrap_or_default()),
        None => name,
    }
}
