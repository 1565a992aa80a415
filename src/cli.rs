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
    /// The triage queue in the terminal: one line per case, highest priority first.
    Triage(Box<TriageArgs>),
    /// Show the reasoning on one text: each sentence's kind, each finding with the lexicon entry
    /// or rule behind it, what negators and intensifiers changed, how the priority was reached.
    Explain(Box<ExplainArgs>),
    /// Per-agent summary of transcripts: how often each named agent was scored, the mean, lowest
    /// and highest score, and how often each step of the method went against.
    Agents(Box<AgentsArgs>),
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
pub enum AgentsFormatArg {
    Text,
    Jsonl,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum LevelArg {
    Low,
    Medium,
    High,
    Urgent,
}

/// Where the cases come from and how to read them; shared by `analyze`, `triage` and `agents`.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Inputs: .txt files (one case each), folders (one case per text file), .csv, .jsonl, `-`.
    #[arg(required = true)]
    pub inputs: Vec<String>,
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
    /// Client records to check claims against: CSV or JSON Lines, one row per case or client
    /// (what the company knows: order_date, amount_charged, contacts, ...).
    #[arg(long, value_name = "FILE")]
    pub records: Option<std::path::PathBuf>,
    /// The --records column that names the case (default: id, or case_id, ticket_id, ...); a
    /// client or account id column present in both the cases and the records also works.
    #[arg(long, value_name = "COLUMN", requires = "records")]
    pub records_key: Option<String>,
    #[command(flatten)]
    pub speakers: SpeakerArgs,
    /// Worker threads (default: all cores). Output is identical whatever the number.
    #[arg(long, short)]
    pub jobs: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SpeakerArgs {
    /// In transcripts, the speaker name(s) of the agent; may be repeated.
    #[arg(long)]
    pub agent: Vec<String>,
    /// In transcripts, the speaker name(s) of the customer; may be repeated.
    #[arg(long)]
    pub customer: Vec<String>,
}

/// Which lexicons to analyse with; shared by every command that analyses.
#[derive(Debug, Args)]
pub struct LexiconArgs {
    /// Folder of lexicon files layered over the built-ins.
    #[arg(long)]
    pub lexicons: Option<PathBuf>,
    /// A third-party valence lexicon (VADER or AFINN format) to add; may be repeated.
    #[arg(long)]
    pub valence: Vec<PathBuf>,
    /// Format of the --valence files.
    #[arg(long, value_enum, default_value_t = ValenceFormatArg::Auto)]
    pub valence_format: ValenceFormatArg,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// CSV columns to write, in this order (default: all but `text`).
    #[arg(long, value_delimiter = ',', value_parser = clap::builder::PossibleValuesParser::new(grievance::output::CSV_FIELDS))]
    pub fields: Option<Vec<String>>,
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Colour in the text format.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Mask personal data (e-mail addresses, phone, account and card numbers; the last 4 digits
    /// of account and card numbers stay) in every output format.
    #[arg(long)]
    pub redact: bool,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Show only the N highest-priority cases.
    #[arg(long)]
    pub top: Option<usize>,
    /// Show only cases at this level or above.
    #[arg(long, value_enum)]
    pub min_level: Option<LevelArg>,
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Colour the levels.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

#[derive(Debug, Args)]
pub struct AgentsArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format: an aligned table, or one summary object per line.
    #[arg(long, value_enum, default_value_t = AgentsFormatArg::Text)]
    pub format: AgentsFormatArg,
    #[command(flatten)]
    pub lex: LexiconArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The complaint text to explain.
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub text: Option<String>,
    /// Explain the case(s) in FILE instead (any input format; `-` for stdin).
    #[arg(long, short)]
    pub file: Option<String>,
    /// How to read --file; `auto` decides by extension and content.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,
    #[command(flatten)]
    pub speakers: SpeakerArgs,
    #[command(flatten)]
    pub lex: LexiconArgs,
    /// Colour the findings.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}
