//! Writers, one per format. A writer only sees finished reports and error records, in input
//! order; the analysis never knows which format it is feeding.

mod csv;
mod html;
mod jsonl;
mod text;

pub use csv::CsvSink;
pub use html::HtmlSink;
pub use jsonl::JsonlSink;
pub use text::TextSink;

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
    match format {
        Format::Jsonl => Box::new(JsonlSink::new(out)),
        Format::Csv => Box::new(CsvSink::new(out)),
        Format::Text => Box::new(TextSink::new(out, color)),
        Format::Html => Box::new(HtmlSink::new(out)),
    }
}
