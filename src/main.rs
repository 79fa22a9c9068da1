//! The `tebiki` binary: parse the command line, run the library, print the error chain
//! once, and turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system's malloc: a build allocates many small strings on every core
/// (templates, tokens, pages), and glibc's malloc spent a quarter of the rendering's time
/// in locks and consolidation; see docs/scaling.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tebiki::cmd::Cli::parse();
    match tebiki::cmd::run(cli) {
        Ok(code) => code,
        // A reader that stopped early (`tebiki import --json F | head`) took what it wanted.
        Err(err)
            if err.chain().any(|c| {
                let pipe = Some(std::io::ErrorKind::BrokenPipe);
                c.downcast_ref::<std::io::Error>().map(std::io::Error::kind) == pipe
                    || c.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind) == pipe
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
