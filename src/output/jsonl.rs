//! JSON Lines: one object per case, exactly the contract of DESIGN.md; an error record is an
//! object with `error` and `source` and no `id`, so consumers matching on ids skip it.

use super::Sink;
use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;
use serde::Serialize;
use std::io::Write;

pub struct JsonlSink<W: Write> {
    out: W,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W) -> Self {
        JsonlSink { out }
    }
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    error: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record_id: Option<&'a str>,
}

impl<W: Write> Sink for JsonlSink<W> {
    fn report(&mut self, report: &Report) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, report)?;
        self.out.write_all(b"\n")
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        let rec = ErrorRecord { error: &e.message, source: &e.source, record_id: e.id.as_deref() };
        serde_json::to_writer(&mut self.out, &rec)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self, _: &Counts) -> std::io::Result<()> {
        self.out.flush()
    }
}
