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

/// Turns one report into the bytes a writer would write for it, on any thread.
pub type Encoder = fn(&Report, &mut Vec<u8>) -> std::io::Result<()>;

pub trait Sink {
    fn report(&mut self, report: &Report) -> std::io::Result<()>;
    /// Writers whose output for a report depends on that report alone (JSON Lines) give their
    /// encoding here, so a run can encode on the worker threads, where the report was made and
    /// is freed, and hand the writer bytes (`encoded`) instead of reports.
    fn encoder(&self) -> Option<Encoder> {
        None
    }
    /// The bytes `encoder` made for one report, in input order.
    fn encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let _ = bytes;
        Err(std::io::Error::other("this writer takes reports, not encoded bytes"))
    }
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
