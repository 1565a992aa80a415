//! CSV for spreadsheets: one row per case (or per failed record), the main fields flattened to
//! one cell each. Columns come in a fixed order so formulas and imports keep working from one run
//! to the next; `--fields` picks and orders them. New columns are only ever added, never renamed.

use super::Sink;
use crate::input::RecordError;
use crate::report::{Mark, Report};
use crate::run::Counts;
use std::io::Write;

/// Every column there is, in the default order. `text` is left out by default (it makes rows
/// long); the agent and conversation columns are blank unless the case is a transcript; `error`
/// is filled only on rows of records that could not be analysed.
pub const FIELDS: &[&str] = &[
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
    "emotions",
    "issues",
    "dispute_reasons",
    "reasons",
    "acknowledge",
    "actions",
    "date",
    "client",
    "earlier_cases",
    "text",
    "agent_score",
    "agent_against",
    "conversation_trend",
    "error",
];

/// The default columns: every field but `text`.
pub fn default_fields() -> Vec<&'static str> {
    FIELDS.iter().copied().filter(|f| *f != "text").collect()
}

pub struct CsvSink<W: Write> {
    out: csv::Writer<W>,
    fields: Vec<&'static str>,
    header: bool,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Self {
        Self::with_fields(out, default_fields())
    }

    /// `fields` must be names from `FIELDS`; unknown names are dropped (the CLI rejects them
    /// before a run starts, with the list of valid ones).
    pub fn with_fields(out: W, fields: Vec<&str>) -> Self {
        let fields = fields.iter().filter_map(|f| FIELDS.iter().copied().find(|k| k == f)).collect();
        CsvSink { out: csv::Writer::from_writer(out), fields, header: false }
    }

    fn header(&mut self) -> std::io::Result<()> {
        if !self.header {
            self.header = true;
            self.out.write_record(&self.fields)?;
        }
        Ok(())
    }
}

fn joined<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut v: Vec<&str> = items.collect();
    v.dedup();
    v.join("; ")
}

/// One field of a report as a cell.
pub fn value(r: &Report, field: &str) -> String {
    let e = r.emotions.first();
    let i = r.issues.first();
    match field {
        "id" => r.id.clone(),
        "complaint" => r.complaint.to_string(),
        "priority" => r.priority.score.to_string(),
        "level" => r.priority.level.to_string(),
        "sentiment" => format!("{:.3}", r.sentiment),
        "emotion" => e.map_or(String::new(), |e| e.emotion.clone()),
        "family" => e.map_or(String::new(), |e| e.family.clone()),
        "intensity" => e.map_or(String::new(), |e| format!("{:.3}", e.intensity)),
        "issue" => i.map_or(String::new(), |i| i.family.clone()),
        "issue_label" => i.map_or(String::new(), |i| i.label.clone()),
        "facts" => r.facts.len().to_string(),
        "feelings" => r.feelings.len().to_string(),
        "disputes" => r.disputes.len().to_string(),
        // `;` without a space: these two were written that way before `; `-joined lists existed.
        "threats" => joined(r.threats.iter().map(|t| t.kind.as_str())).replace("; ", ";"),
        "remedies" => joined(r.remedies.iter().map(|t| t.kind.as_str())).replace("; ", ";"),
        "top_reason" => r.priority.reasons.first().cloned().unwrap_or_default(),
        "problem" => r.framing.problem.clone(),
        "emotions" => {
            r.emotions.iter().map(|e| format!("{} {:.2}", e.emotion, e.intensity)).collect::<Vec<_>>().join("; ")
        }
        "issues" => joined(r.issues.iter().map(|i| i.family.as_str())),
        "dispute_reasons" => {
            let mut v: Vec<&str> = r.disputes.iter().map(|d| d.reason).collect();
            v.sort_unstable();
            v.dedup();
            v.join("; ")
        }
        "reasons" => r.priority.reasons.join("; "),
        "acknowledge" => r.framing.acknowledge.clone(),
        "actions" => r.framing.actions.join(" | "),
        "date" => r.context.date.clone().unwrap_or_default(),
        "client" => r.context.client.clone().unwrap_or_default(),
        "earlier_cases" => r.context.earlier_cases.join("; "),
        // Transcripts only; blank for other cases, so a spreadsheet can filter on them.
        "agent_score" => r.agent.as_ref().map_or(String::new(), |a| a.score.to_string()),
        "agent_against" => r.agent.as_ref().map_or(String::new(), |a| {
            a.steps.iter().filter(|s| s.mark == Mark::Against).map(|s| s.label).collect::<Vec<_>>().join("; ")
        }),
        "conversation_trend" => r.conversation.as_ref().map_or(String::new(), |c| c.emotion.trend.to_string()),
        // The report keeps sentences, not the raw text: the sentences, one space apart.
        "text" => r.sentences.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    }
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula; complaint text
/// and ids come from the public, so such cells get a leading `'` (numbers are left alone).
fn spreadsheet_safe(cell: String) -> String {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') if cell.parse::<f64>().is_err() => format!("'{cell}"),
        _ => cell,
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        self.header()?;
        let row: Vec<String> = self.fields.iter().map(|f| spreadsheet_safe(value(r, f))).collect();
        self.out.write_record(&row)?;
        Ok(())
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        self.header()?;
        let row: Vec<String> = self
            .fields
            .iter()
            .map(|f| match *f {
                "id" => spreadsheet_safe(e.id.clone().unwrap_or_default()),
                "error" => spreadsheet_safe(e.to_string()),
                _ => String::new(),
            })
            .collect();
        self.out.write_record(&row)?;
        Ok(())
    }

    fn finish(&mut self, _: &Counts) -> std::io::Result<()> {
        self.header()?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_numbers_are_not() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-0.620".into()), "-0.620");
        assert_eq!(spreadsheet_safe("T-1001".into()), "T-1001");
    }

    #[test]
    fn every_field_has_a_value_and_the_default_leaves_out_text() {
        let d = default_fields();
        assert!(!d.contains(&"text") && d.last() == Some(&"error"));
        assert_eq!(d.len(), FIELDS.len() - 1);
        let mut seen = std::collections::HashSet::new();
        assert!(FIELDS.iter().all(|f| seen.insert(f)), "no duplicate names");
    }
}
