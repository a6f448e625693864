//! The command line: argument definitions and dispatch to one module per
//! subcommand. Every subcommand returns an [`ExitCode`]-like status; fatal
//! errors travel up as [`CliError`] so `main` can print one clear line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub mod check;
pub mod eval;
pub mod input;
pub mod lsp;
pub mod man;
pub mod output;
pub mod packed;
pub mod pieces;
pub mod practice;
pub mod reply;
pub mod report;
pub mod rules;
pub mod thread;
pub mod workshop;

use tactful_engine::Engine;

/// Process exit status: 0 passes, 1 falls below the bar, 2 bad usage or input.
pub type Status = u8;

/// The help of a `--from` option: what it does, then every name it takes,
/// from the registry of thread formats.
fn from_help(what: &str) -> String {
    format!("{what}: {}", crate::thread::Format::known_names())
}

/// What `tactful reply`'s exit status says, for `--help`.
const REPLY_EXIT: &str = "\
Without --out, a reply you print (p on the Finish screen, or when quitting from it) goes to
standard output once the terminal is restored: `tactful reply thread.eml > reply.md`.

Exit status: 0 a reply was saved, printed or copied; 1 none was (left without a reply);
2 bad usage or input (a missing or unreadable thread, no terminal).";

/// A reply coach for heated threads.
#[derive(Debug, Parser)]
#[command(name = "tactful", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct GlobalArgs {
    /// Extra or overriding prompt packs (a directory of TOML files).
    #[arg(long, global = true, value_name = "DIR")]
    pub prompts: Option<PathBuf>,
    /// Configuration file.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a draft reply: findings, suggestions and scores, no UI.
    Check(CheckArgs),
    /// The guided reply flow on a thread.
    #[command(after_help = REPLY_EXIT)]
    Reply(ReplyArgs),
    /// Show how tactful parsed a thread.
    Thread(ThreadArgs),
    /// List, explain and validate rules.
    Rules(RulesArgs),
    /// Measure how well the scores agree with human ratings in a CSV file.
    Eval(EvalArgs),
    /// Practise on exercises: goals, feedback, model replies, progress.
    Practice(PracticeArgs),
    /// Run a workshop: an exercise on a projector, a timer, the group's results.
    Workshop(WorkshopArgs),
    /// Sum up exported practice attempts for a facilitator.
    Report(ReportArgs),
    /// A language server for replies written in your editor (stdio).
    Lsp(LspArgs),
    /// Print shell completions.
    Completions {
        /// The shell to generate completions for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, or write every command's page into a directory.
    #[command(hide = true)]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write tactful.1 and a page for every command here instead of printing tactful.1.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The draft to check; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// The thread being answered (enables listening checks).
    #[arg(long, value_name = "THREAD")]
    pub context: Option<PathBuf>,
    #[arg(long, value_name = "FORMAT", help = from_help("Force the thread format of --context"))]
    pub from: Option<String>,
    /// The message of --context the draft answers, instead of the default:
    /// its number (1-based), an author's name (their latest message), or
    /// id:ID (its id in the source).
    #[arg(long, value_name = "MESSAGE", requires = "context")]
    pub reply_to: Option<crate::thread::MessageRef>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// The bar the overall score must reach to pass, 0-100 [default: 50,
    /// or `min_score` in the configuration file].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,
    /// The intent of the reply (changes how dimensions are weighted).
    #[arg(long, value_name = "INTENT")]
    pub intent: Option<String>,
    /// Score many texts: one JSON object {"id", "text"} per input line.
    #[arg(long, conflicts_with_all = ["context", "format"])]
    pub jsonl: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// The thread to answer; `-` reads standard input. Without it, the sample thread.
    pub thread: Option<PathBuf>,
    /// Write the finished reply here (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, value_name = "FORMAT", help = from_help("Force the thread format"))]
    pub from: Option<String>,
    /// Answer this message instead of the default: its number (1-based),
    /// an author's name (their latest message), or id:ID (its id in the source).
    #[arg(long, value_name = "MESSAGE")]
    pub reply_to: Option<crate::thread::MessageRef>,
}

#[derive(Debug, Args)]
pub struct ThreadArgs {
    #[command(subcommand)]
    pub action: ThreadAction,
}

#[derive(Debug, Subcommand)]
pub enum ThreadAction {
    /// Print the parsed thread: author, time, text.
    Show {
        /// The thread file; `-` reads standard input.
        thread: PathBuf,
        #[arg(long, value_name = "FORMAT", help = from_help("Force the format instead of detecting it"))]
        from: Option<String>,
        /// Answer this message instead of the default: its number (1-based),
        /// an author's name (their latest message), or id:ID (its id in the source).
        #[arg(long, value_name = "MESSAGE")]
        reply_to: Option<crate::thread::MessageRef>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// A CSV file with a header row, a text column and a numeric label.
    pub file: PathBuf,
    /// The column holding the texts.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,
    /// The column holding the human judgment (binary 0/1, or a scale).
    #[arg(long, default_value = "label", value_name = "NAME")]
    pub label_column: String,
    /// Score with an intent's weights.
    #[arg(long, value_name = "INTENT")]
    pub intent: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// List every rule.
    #[arg(long)]
    pub list: bool,
    /// Explain one rule.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// Validate a directory of custom packs.
    #[arg(long, value_name = "DIR")]
    pub validate: Option<PathBuf>,
    /// Print every rule's documentation as Markdown (docs/rules.md).
    #[arg(long, conflicts_with_all = ["list", "explain", "validate"])]
    pub markdown: bool,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// The exercise to practise (`--list` shows them all).
    pub exercise: Option<String>,
    /// List the exercises, with whether and when you passed them.
    #[arg(long, conflicts_with_all = ["exercise", "history"])]
    pub list: bool,
    /// Show your progress per dimension over time, and what is left to pass.
    #[arg(long, conflicts_with = "exercise")]
    pub history: bool,
    /// Print the exercise (setting, thread, intent and goals) and stop.
    #[arg(long, requires = "exercise")]
    pub brief: bool,
    /// Check this reply against the goals instead of opening the editor; `-` reads standard input.
    #[arg(long, value_name = "FILE", requires = "exercise")]
    pub draft: Option<PathBuf>,
    /// An earlier draft of the same reply, to compare first draft against final.
    #[arg(long, value_name = "FILE", requires = "draft")]
    pub first: Option<PathBuf>,
    /// Write the attempt as JSON for a facilitator (atomically).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["list", "history"])]
    pub export: Option<PathBuf>,
    /// A name or pseudonym to put in the exported attempt.
    #[arg(long, value_name = "NAME", requires = "export")]
    pub name: Option<String>,
    /// Do not record the attempt in the local history.
    #[arg(long)]
    pub no_history: bool,
    /// Extra exercises: a directory of exercise files (or of packs with an `exercises/` folder).
    #[arg(long, value_name = "DIR")]
    pub pack: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WorkshopArgs {
    /// The exercise to run (chosen on screen when absent).
    pub exercise: Option<String>,
    /// Extra exercises: a directory of exercise files (or of packs with an `exercises/` folder).
    #[arg(long, value_name = "DIR")]
    pub pack: Option<PathBuf>,
    /// Minutes on the countdown timer.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..=240))]
    pub minutes: u16,
    /// A folder participants export their attempts to; re-read every few seconds.
    #[arg(long, value_name = "DIR")]
    pub results: Option<PathBuf>,
    /// Print the facilitator sheet (notes, questions, model replies) instead of the screen.
    #[arg(long)]
    pub print: bool,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only transport; accepted
    /// because many editors pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Exported attempts: files, or folders of `*.json` files.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
}

/// The bar `check` uses when neither the option nor the configuration sets one.
pub const DEFAULT_MIN_SCORE: u8 = 50;

/// The engine over the built-in packs and any `--prompts DIR` (or the
/// configuration's `prompts`).
pub fn engine(global: &GlobalArgs) -> anyhow::Result<Engine> {
    engine_with(
        global,
        &crate::config::Config::load(global.config.as_deref())?,
    )
}

/// The engine, for a command that has already read the configuration.
pub fn engine_with(global: &GlobalArgs, config: &crate::config::Config) -> anyhow::Result<Engine> {
    let dir = global.prompts.as_deref().or(config.prompts.as_deref());
    crate::prompts::engine(dir)
}
