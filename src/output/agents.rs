//! The per-agent summary of a batch of transcripts, for a team lead: who was scored how often,
//! how well, and which steps of the method each agent went against. Only running totals are
//! kept (one entry per agent name), so an export of any size summarises in flat memory; the
//! summary is written at the end, sorted by name.

use super::Sink;
use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;
use crate::steps::agent::{AgentSummary, AgentTotals, ENTRIES};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentsFormat {
    /// An aligned table for a terminal.
    Text,
    /// One `AgentSummary` per line, for scripts.
    Jsonl,
}

pub struct AgentsSink<W: Write> {
    out: W,
    format: AgentsFormat,
    totals: AgentTotals,
    transcripts: usize,
}

impl<W: Write> AgentsSink<W> {
    pub fn new(out: W, format: AgentsFormat) -> Self {
        AgentsSink { out, format, totals: AgentTotals::default(), transcripts: 0 }
    }
}

/// Column headings for the against counts: the entry ids are too long for eight columns side by
/// side, so each gets a short name; the legend under the table (the HTML report: the heading's
/// tooltip) spells them out.
const SHORT: [(&str, &str); ENTRIES.len()] = [
    ("acknowledge_first", "ack"),
    ("restate", "restate"),
    ("ask_facts", "ask"),
    ("no_harsh_words", "harsh"),
    ("no_unsure_promises", "unsure"),
    ("positive_framing", "framing"),
    ("next_step", "next"),
    ("no_repeating", "repeat"),
];

pub(crate) fn short(step: &str) -> &str {
    SHORT.iter().find(|s| s.0 == step).map_or(step, |s| s.1)
}

/// The summary as an aligned table. Widths count characters, not bytes, so names with accents
/// line up too.
pub fn table(summaries: &[AgentSummary]) -> String {
    let mut head: Vec<String> = ["agent", "transcripts", "mean", "min", "max"].map(String::from).to_vec();
    head.extend(ENTRIES.iter().map(|e| short(e.step).to_string()));
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|a| {
            let mut r = vec![
                a.name.clone(),
                a.transcripts.to_string(),
                format!("{:.1}", a.mean_score),
                a.min_score.to_string(),
                a.max_score.to_string(),
            ];
            r.extend(a.steps.iter().map(|t| t.against.to_string()));
            r
        })
        .collect();
    let width =
        |c: usize| rows.iter().map(|r| r[c].chars().count()).chain([head[c].chars().count()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let line = |cells: &[String]| {
        let mut l = String::new();
        for (c, cell) in cells.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            if c == 0 {
                l.push_str(cell);
                l.push_str(&" ".repeat(pad));
            } else {
                // A gap between the scores and the against counts, which read as a group.
                l.push_str(if c == 5 { "   " } else { "  " });
                l.push_str(&" ".repeat(pad));
                l.push_str(cell);
            }
        }
        l.trim_end().to_string() + "\n"
    };
    let mut s = line(&head);
    for r in &rows {
        s.push_str(&line(r));
    }
    s
}

impl<W: Write> Sink for AgentsSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        if let Some(card) = &r.agent {
            self.transcripts += 1;
            self.totals.add(card);
        }
        Ok(())
    }

    /// Failed records go to stderr as they come: the summary on stdout stays one table (or one
    /// object per line) that a script can read whatever failed.
    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        eprintln!("grievance: {e}");
        Ok(())
    }

    fn finish(&mut self, c: &Counts) -> std::io::Result<()> {
        let summaries = self.totals.summaries();
        match self.format {
            AgentsFormat::Jsonl => {
                for a in &summaries {
                    serde_json::to_writer(&mut self.out, a)?;
                    self.out.write_all(b"\n")?;
                }
            }
            AgentsFormat::Text => {
                if summaries.is_empty() {
                    writeln!(
                        self.out,
                        "no named agents in {} transcript(s) of {} case(s): names come from speaker labels, \
introductions (\"this is Priya\") or signatures (\"^PR\")",
                        self.transcripts, c.analysed
                    )?;
                } else {
                    self.out.write_all(table(&summaries).as_bytes())?;
                    writeln!(self.out, "\ncounts of \"against\" per step:")?;
                    let w = SHORT.iter().map(|s| s.1.len()).max().unwrap_or(0);
                    for e in &ENTRIES {
                        writeln!(self.out, "  {:<w$}  {}", short(e.step), e.label)?;
                    }
                    writeln!(
                        self.out,
                        "\n{} transcript(s) of {} case(s); {} with no named agent left out",
                        self.transcripts, c.analysed, self.totals.unnamed
                    )?;
                }
            }
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::agent::StepTally;

    fn summary(name: &str, mean: f32, against: usize) -> AgentSummary {
        AgentSummary {
            name: name.into(),
            transcripts: 12,
            mean_score: mean,
            min_score: 5,
            max_score: 100,
            steps: ENTRIES
                .iter()
                .map(|e| StepTally {
                    step: e.step,
                    done: 0,
                    missed: 0,
                    against: if e.step == "restate" { against } else { 0 },
                })
                .collect(),
        }
    }

    #[test]
    fn columns_line_up_whatever_the_name_length() {
        let t = table(&[summary("Zoë", 64.3, 3), summary("Northwind ^AB", 7.0, 11)]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("agent          transcripts  mean  min  max   ack  restate"), "{t}");
        assert!(lines[1].starts_with("Zoë                     12  64.3    5  100     0        3"), "{t}");
        // Every line ends at the same character column: right-aligned numbers.
        let ends: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(ends.windows(2).all(|w| w[0] == w[1]), "{t}");
    }

    #[test]
    fn every_entry_has_a_short_heading() {
        for e in &ENTRIES {
            assert!(SHORT.iter().any(|s| s.0 == e.step), "{} has no short heading", e.step);
        }
    }
}
