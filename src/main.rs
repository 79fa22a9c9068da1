//! The `tebiki` binary: parse the command line, run the library, print the error chain
//! once, and turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    bound_malloc_arenas();
    let cli = tebiki::cmd::Cli::parse();
    match tebiki::cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

/// Starts the process again with glibc's malloc held to one arena per core, unless
/// `MALLOC_ARENA_MAX` is set already (by the user, or by this step). By default glibc
/// gives threads up to eight arenas per core, and memory one thread freed stays in its
/// arena: a build of 5,000 guides peaked at 1.45 GB, 1.17 GB with one arena per core, in
/// the same time (see docs/scaling.md). glibc reads the variable only when the process
/// starts, and setting the limit from inside (`mallopt`) is an unsafe call, so the
/// process is replaced by itself with it set — same process id, same arguments. When
/// that cannot be done, it goes on as it is.
fn bound_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt;
        const ARENAS: &str = "MALLOC_ARENA_MAX";
        if std::env::var_os(ARENAS).is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else { return };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let mut args = std::env::args_os();
        let mut again = std::process::Command::new(exe);
        if let Some(arg0) = args.next() {
            again.arg0(arg0);
        }
        // `exec` returns only when it failed.
        let _failed = again.args(args).env(ARENAS, cores.to_string()).exec();
    }
}
