//! The `tactful` binary: parse arguments, dispatch, print errors, exit.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use tactful::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Thread(args)) => cli::thread::run(&cli.global, args),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "tactful",
                &mut std::io::stdout(),
            );
            Ok(0)
        }
        _ => Err(anyhow::anyhow!("this command is not built yet")),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(err) => {
            eprintln!("tactful: {err:#}");
            ExitCode::from(2)
        }
    }
}
