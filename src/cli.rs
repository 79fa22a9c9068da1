//! The command line: clap definitions, turned into one validated plan per command.
//! (Commands are added here as they are built.)

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "tebiki",
    version,
    about = "Turn incident-response guidance into a bilingual static site with offline search"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert guidance-text (.txt) files to Markdown, or print their document model as JSON
    Import {
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
    },
    /// Start a new site in DIR: config, a sample guide per language, a guide for authors
    Init {
        /// Folder for the new site (must not exist, or be empty)
        dir: PathBuf,
    },
    /// Add a guide: content/<lang>/<slug>.md from a template (a translation skeleton when
    /// the source-language guide exists)
    New {
        /// Page name of the guide, e.g. `backup-restore`
        slug: String,
        /// Language (default: the site's source language)
        #[arg(long)]
        lang: Option<String>,
        /// Site root
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Record in translations' front matter the version of the source they were made from
    Stamp {
        /// Site root
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Translation files (.md) that are now up to date with their sources
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// Runs a parsed command line. `Err` is for failures to run at all (exit 2); findings
/// that fail a command return their own exit code.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Import { files, out, json, force } => {
            let plan = crate::import::ImportPlan::new(files, out, json, force)?;
            crate::import::run(&plan)
        }
        Command::Init { dir } => {
            for path in crate::scaffold::init(&dir)? {
                println!("created {}", path.display());
            }
            println!("next: cd {} && tebiki serve", dir.display());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::New { slug, lang, root } => {
            let path = crate::scaffold::new_guide(&root, &slug, lang.as_deref())?;
            println!("created {}", path.display());
            Ok(std::process::ExitCode::SUCCESS)
        }
        Command::Stamp { root, files } => {
            crate::stamp::run(&crate::stamp::StampPlan { root, files })?;
            Ok(std::process::ExitCode::SUCCESS)
        }
    }
}
