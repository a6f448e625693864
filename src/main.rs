//! The `tactful` binary: parse arguments, dispatch, print errors, exit.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use tactful::cli::{self, Cli, Command};

/// Loading the packs makes tens of thousands of small allocations in the
/// first milliseconds of every run; mimalloc serves them markedly faster
/// than the system allocator, which is most of a `tactful check`'s start-up.
/// Transparent huge pages are off for the process (the `no_thp` feature):
/// with them, mimalloc's arenas made the resident memory of a short check
/// twice what it uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check(args)) => cli::check::run(&cli.global, args),
        Some(Command::Rules(args)) => cli::rules::run(&cli.global, args),
        Some(Command::Eval(args)) => cli::eval::run(&cli.global, args),
        Some(Command::Reply(args)) => cli::reply::run(&cli.global, args),
        None => cli::reply::home(&cli.global),
        Some(Command::Thread(args)) => cli::thread::run(&cli.global, args),
        Some(Command::Practice(args)) => cli::practice::run(&cli.global, args),
        Some(Command::Workshop(args)) => cli::workshop::run(&cli.global, args),
        Some(Command::Report(args)) => cli::report::run(&cli.global, args),
        Some(Command::Lsp(args)) => cli::lsp::run(&cli.global, args),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "tactful",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(err) if cli::output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tactful: {err:#}");
            ExitCode::from(2)
        }
    }
}
