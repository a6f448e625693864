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

/// mimalloc keeps freed memory for a second before it gives it back, and a
/// thread's freed pages wait there instead of serving the others: checking
/// 10 MB peaked at 60 MiB where it needs 48. Purging at once costs nothing
/// measurable. The option has no name in `libmimalloc-sys`, so it is set by
/// its number in mimalloc 3's `mi_option_t`, and only if that option holds
/// its documented default (1000 ms), so a renumbered option is left alone.
fn return_freed_memory_at_once() {
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: reading and setting an option only reads or stores a number.
    unsafe {
        if libmimalloc_sys::mi_option_get(PURGE_DELAY) == 1000 {
            libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Except for `check --jsonl`: its threads free and reuse the same pages
    // for every one of thousands of short texts. Given back at once, each
    // page costs a page fault when reused, and each return (an `madvise`)
    // interrupts every core the process runs on to flush its TLB: with two
    // threads that was a sixth of the CPU time and most of the lost scaling.
    if !matches!(&cli.command, Some(Command::Check(args)) if args.jsonl) {
        return_freed_memory_at_once();
    }
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
        Some(Command::Man(args)) => cli::man::run(args),
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
