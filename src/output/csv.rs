//! CSV for spreadsheets: one summary row per case (or per failed record), columns in a fixed
//! order so formulas and imports keep working from one run to the next.

use super::Sink;
use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;
use std::io::Write;

pub const COLUMNS: &[&str] = &[
    "id",
    "complaint",
    "priority",
    "level",
    "sentiment",
    "emotion",
    "family",
    "intensity",
    "issue",
    "issue_label",
    "facts",
    "feelings",
    "disputes",
    "threats",
    "remedies",
    "top_reason",
    "problem",
    "error",
];

pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Self {
        CsvSink { out: csv::Writer::from_writer(out), header: false }
    }

    fn header(&mut self) -> std::io::Result<()> {
        if !self.header {
            self.header = true;
            self.out.write_record(COLUMNS)?;
        }
        Ok(())
    }
}

/// One row's values, in `COLUMNS` order.
pub fn row(r: &Report) -> Vec<String> {
    let e = r.emotions.first();
    let i = r.issues.first();
    let mut kinds: Vec<&str> = r.threats.iter().map(|t| t.kind.as_str()).collect();
    kinds.dedup();
    let mut rem: Vec<&str> = r.remedies.iter().map(|t| t.kind.as_str()).collect();
    rem.dedup();
    vec![
        r.id.clone(),
        r.complaint.to_string(),
        r.priority.score.to_string(),
        r.priority.level.to_string(),
        format!("{:.3}", r.sentiment),
        e.map_or(String::new(), |e| e.emotion.clone()),
        e.map_or(String::new(), |e| e.family.clone()),
        e.map_or(String::new(), |e| format!("{:.3}", e.intensity)),
        i.map_or(String::new(), |i| i.family.clone()),
        i.map_or(String::new(), |i| i.label.clone()),
        r.facts.len().to_string(),
        r.feelings.len().to_string(),
        r.disputes.len().to_string(),
        kinds.join(";"),
        rem.join(";"),
        r.priority.reasons.first().cloned().unwrap_or_default(),
        r.framing.problem.clone(),
        String::new(),
    ]
}

impl<W: Write> Sink for CsvSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        self.header()?;
        self.out.write_record(row(r))?;
        Ok(())
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        self.header()?;
        let mut row = vec![String::new(); COLUMNS.len()];
        row[0] = e.id.clone().unwrap_or_default();
        row[COLUMNS.len() - 1] = e.to_string();
        self.out.write_record(&row)?;
        Ok(())
    }

    fn finish(&mut self, _: &Counts) -> std::io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}
