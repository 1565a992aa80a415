//! Readers turn input files into cases. Each reader streams: it yields one `Item` per record as
//! it reads, so an export of any size is never held whole, and a bad record becomes an error item
//! in its place instead of stopping the run.

mod csv;
mod fields;
mod jsonl;
mod text;
mod transcript;

use crate::case::Case;
use std::path::Path;

/// What the user said about the input's format (`--input-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    Text,
    Csv,
    Jsonl,
    Transcript,
}

#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    pub format: InputFormat,
    /// Column or key holding the complaint text; found from common names when None.
    pub text_field: Option<String>,
    /// Column or key holding the case id; found from common names when None.
    pub id_field: Option<String>,
    /// Speaker names to treat as the agent / the customer in transcripts.
    pub agents: Vec<String>,
    pub customers: Vec<String>,
}

/// A record that could not become a case: where it was, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The record's id when it could be read.
    pub id: Option<String>,
    /// "path", "path:line" or "path: record N".
    pub source: String,
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

#[derive(Debug)]
pub enum Item {
    Case(Case),
    Error(RecordError),
}

pub type Items = Box<dyn Iterator<Item = Item> + Send>;

/// Opens one input (a file, a folder, or `-` for stdin) and streams its records. Failing to open
/// is itself an error item, so one missing file among many does not stop the others.
pub fn read(input: &str, opts: &InputOptions) -> Items {
    let _ = (input, opts, Path::new(input));
    todo!("readers")
}
