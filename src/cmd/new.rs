//! `tebiki new SLUG`: adds a guide from a template, or a translation skeleton
//! ([`crate::scaffold::new_guide`]).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Page name of the guide, e.g. `backup-restore`
    slug: String,
    /// Language (default: the site's source language)
    #[arg(long)]
    lang: Option<String>,
    #[command(flatten)]
    root: super::RootArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let root = &args.root.root;
    crate::project::check_root(root)?;
    // A folder that is no site yet (no tebiki.toml, no content/) gets no guide by surprise.
    if !root.join(crate::config::FILE_NAME).exists() && !root.join("content").exists() {
        anyhow::bail!(
            "{} is not a tebiki site (it has no tebiki.toml and no content/): start one with `tebiki init DIR`, \
             or give the site's folder with --root",
            root.display()
        );
    }
    let project = super::load_project(args.root.root)?;
    let path = crate::scaffold::new_guide(&project, &args.slug, args.lang.as_deref())?;
    println!("created {}", path.display());
    Ok(ExitCode::SUCCESS)
}
