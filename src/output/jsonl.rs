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
    /// One record's line, built in memory and written in one call.
    line: Vec<u8>,
}

impl<W: Write> JsonlSink<W> {
    pub fn new(out: W) -> Self {
        JsonlSink { out, line: Vec::new() }
    }

    fn write_line<T: Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        self.line.clear();
        encode_line(value, &mut self.line)?;
        self.out.write_all(&self.line)
    }
}

fn encode_line<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> std::io::Result<()> {
    super::json::write(out, value)?;
    out.push(b'\n');
    Ok(())
}

fn encode_report(report: &Report, out: &mut Vec<u8>) -> std::io::Result<()> {
    out.reserve(line_estimate(report));
    encode_line(report, out)
}

/// A little more than most reports' lines take, so that a line is allocated once instead of
/// grown (and copied) ten times or so: the line holds the case text once more, and a few hundred
/// bytes per finding. Fitted on CFPB narratives and mixed tweets, reviews and transcripts, it is
/// short for about one line in a hundred and a quarter too long on the whole.
fn line_estimate(r: &Report) -> usize {
    let text: usize = r.sentences.iter().map(|s| s.text.len()).sum();
    800 + text
        + 200 * (r.sentences.len() + r.facts.len() + r.threats.len() + r.remedies.len())
        + 400 * (r.feelings.len() + r.disputes.len())
        + 300 * r.issues.len()
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
        self.write_line(report)
    }

    fn encoder(&self) -> Option<super::Encoder> {
        Some(encode_report)
    }

    fn encoded(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        let rec = ErrorRecord { error: &e.message, source: &e.source, record_id: e.id.as_deref() };
        self.write_line(&rec)
    }

    fn finish(&mut self, _: &Counts) -> std::io::Result<()> {
        self.out.flush()
    }
}
