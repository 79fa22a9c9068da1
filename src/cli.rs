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
    /// Search the guides from the command line (the same index the site's search exports)
    Search {
        /// Site folder (holding tebiki.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Language to search (default: the site's default language)
        #[arg(long)]
        lang: Option<String>,
        /// Print the results as JSON: [{"url","guide","section","heading","score"}]
        #[arg(long)]
        json: bool,
        /// Number of results
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// What to search for
        #[arg(required = true)]
        query: Vec<String>,
    },
}

/// Runs a parsed command line. `Err` is for failures to run at all (exit 2); findings
/// that fail a command return their own exit code.
pub fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    match cli.command {
        Command::Import {
            files,
            out,
            json,
            force,
        } => {
            let plan = crate::import::ImportPlan::new(files, out, json, force)?;
            crate::import::run(&plan)
        }
        Command::Search {
            root,
            lang,
            json,
            limit,
            query,
        } => {
            let plan = crate::search::command::SearchPlan {
                root,
                lang,
                json,
                limit,
                query: query.join(" "),
            };
            crate::search::command::run(&plan)
        }
    }
}
