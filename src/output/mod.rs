//! Writers, one per format. A writer only sees finished reports and error records, in input
//! order; the analysis never knows which format it is feeding.

mod agents;
mod csv;
mod explain;
mod html;
mod json;
mod jsonl;
mod text;
mod triage;

pub use agents::{AgentsFormat, AgentsSink};
pub use csv::{CsvSink, FIELDS as CSV_FIELDS, default_fields as csv_default_fields};
pub use explain::ExplainSink;
pub use html::HtmlSink;
pub use jsonl::JsonlSink;
pub use text::TextSink;
pub use triage::{LEVELS, TriageOptions, TriageSink};

use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;

pub trait Sink {
    fn report(&mut self, report: &Report) -> std::io::Result<()>;
    fn error(&mut self, error: &RecordError) -> std::io::Result<()>;
    /// Called once at the end; writers that sort or summarise (HTML) write here.
    fn finish(&mut self, counts: &Counts) -> std::io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Text,
    Html,
}

/// Builds the writer for a format. `color` applies to the text format only.
pub fn sink<'a, W: std::io::Write + 'a>(format: Format, out: W, color: bool) -> Box<dyn Sink + 'a> {
    sink_with(format, out, &SinkOptions { color, ..SinkOptions::default() })
}

/// What a writer may be told beyond its format.
#[derive(Debug, Clone, Default)]
pub struct SinkOptions {
    /// Colour, for the text format.
    pub color: bool,
    /// CSV columns in order, names from `CSV_FIELDS`; `None` for the default set.
    pub csv_fields: Option<Vec<String>>,
}

pub fn sink_with<'a, W: std::io::Write + 'a>(format: Format, out: W, opts: &SinkOptions) -> Box<dyn Sink + 'a> {
    match format {
        Format::Jsonl => Box::new(JsonlSink::new(out)),
        Format::Csv => match &opts.csv_fields {
            Some(f) => Box::new(CsvSink::with_fields(out, f.iter().map(String::as_str).collect())),
            None => Box::new(CsvSink::new(out)),
        },
        Format::Text => Box::new(TextSink::new(out, opts.color)),
        Format::Html => Box::new(HtmlSink::new(out)),
    }
}
