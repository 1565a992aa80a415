//! Command-line definitions only; `main.rs` turns them into library calls.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "grievance",
    version,
    about = "Separate facts from feelings in customer complaints, flag facts to verify, and triage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse complaints: files, folders, CSV or JSON Lines exports, transcripts, or `-` for stdin.
    Analyze(Box<AnalyzeArgs>),
    /// Work with lexicons.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
}

#[derive(Debug, Subcommand)]
pub enum LexiconCommand {
    /// Validate the built-in lexicons, or a folder of user lexicons, reporting path:line:column.
    Check {
        /// Folder of .tsv lexicon files; the built-ins when omitted.
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Csv,
    Text,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Auto,
    Text,
    Csv,
    Jsonl,
    Transcript,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValenceFormatArg {
    Auto,
    Vader,
    Afinn,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Inputs: .txt files (one case each), folders (one case per text file), .csv, .jsonl, `-`.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// How to read the inputs; `auto` decides by extension and content.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    /// Column or key holding the complaint text (default: text, narrative, complaint, body, ...).
    #[arg(long)]
    pub text_field: Option<String>,
    /// Column or key holding the case id (default: id, case_id, ticket_id, Complaint ID, ...).
    #[arg(long)]
    pub id_field: Option<String>,
    /// Column holding the case's date (default: date_received, created_at, date, ...).
    #[arg(long)]
    pub date_field: Option<String>,
    /// Folder of lexicon files layered over the built-ins.
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// A third-party valence lexicon (VADER or AFINN format) to add; may be repeated.
    #[arg(long)]
    pub valence: Vec<PathBuf>,
    /// Format of the --valence files.
    #[arg(long, value_enum, default_value_t = ValenceFormatArg::Auto)]
    pub valence_format: ValenceFormatArg,
    /// In transcripts, the speaker name(s) of the agent; may be repeated.
    #[arg(long)]
    pub agent: Vec<String>,
    /// In transcripts, the speaker name(s) of the customer; may be repeated.
    #[arg(long)]
    pub customer: Vec<String>,
    /// Worker threads (default: all cores). Output is identical whatever the number.
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Colour in the text format.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}
