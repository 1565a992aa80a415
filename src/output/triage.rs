//! The triage queue for a terminal: one line per case, highest priority first, so a reviewer can
//! pick the next case without opening a report. Lines are plain columns (id, priority, level,
//! issue, main emotion, top reason) that also survive `| head`, `| grep` and `| cut`.

use super::Sink;
use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;
use std::io::Write;

/// The levels from lowest to highest, as `Priority::level` spells them.
pub const LEVELS: [&str; 4] = ["low", "medium", "high", "urgent"];

/// A level's rank in `LEVELS`; an unknown level ranks lowest rather than failing the queue.
pub fn level_rank(level: &str) -> usize {
    LEVELS.iter().position(|l| *l == level).unwrap_or(0)
}

#[derive(Debug, Clone, Default)]
pub struct TriageOptions {
    /// Show at most this many cases.
    pub top: Option<usize>,
    /// Leave out cases below this level (one of `LEVELS`).
    pub min_level: Option<&'static str>,
    pub color: bool,
}

struct Line {
    score: u8,
    level: &'static str,
    id: String,
    issue: String,
    emotion: String,
    reason: String,
}

pub struct TriageSink<W: Write> {
    out: W,
    opts: TriageOptions,
    lines: Vec<Line>,
}

impl<W: Write> TriageSink<W> {
    pub fn new(out: W, opts: TriageOptions) -> Self {
        TriageSink { out, opts, lines: Vec::new() }
    }
}

fn level_color(level: &str) -> &'static str {
    match level {
        "urgent" => "1;31",
        "high" => "31",
        "medium" => "33",
        _ => "2",
    }
}

/// Pads by characters, not bytes, so ids and labels with accents keep the columns aligned.
fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// Keeps one line one line: a newline or tab in a case id or reason would break the columns.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

impl<W: Write> Sink for TriageSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        self.lines.push(Line {
            score: r.priority.score,
            level: r.priority.level,
            id: one_line(&r.id),
            issue: r.issues.first().map_or("-".into(), |i| i.family.clone()),
            emotion: r.emotions.first().map_or("-".into(), |e| e.emotion.clone()),
            reason: one_line(r.priority.reasons.first().map_or("-", |s| s.as_str())),
        });
        Ok(())
    }

    /// Failed records are not part of the queue; they are named on stderr so they are not lost.
    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        eprintln!("grievance: {e}");
        Ok(())
    }

    fn finish(&mut self, _: &Counts) -> std::io::Result<()> {
        // Stable: equal priorities keep input order.
        self.lines.sort_by_key(|l| std::cmp::Reverse(l.score));
        let min = self.opts.min_level.map_or(0, level_rank);
        let total = self.lines.len();
        let shown: Vec<&Line> = self
            .lines
            .iter()
            .filter(|l| level_rank(l.level) >= min)
            .take(self.opts.top.unwrap_or(usize::MAX))
            .collect();
        let w_id = shown.iter().map(|l| l.id.chars().count()).max().unwrap_or(0);
        let w_issue = shown.iter().map(|l| l.issue.chars().count()).max().unwrap_or(0);
        let w_emo = shown.iter().map(|l| l.emotion.chars().count()).max().unwrap_or(0);
        for l in &shown {
            let level = pad(l.level, 6);
            let level = if self.opts.color { format!("\x1b[{}m{level}\x1b[0m", level_color(l.level)) } else { level };
            writeln!(
                self.out,
                "{}  {:>3} {}  {}  {}  {}",
                pad(&l.id, w_id),
                l.score,
                level,
                pad(&l.issue, w_issue),
                pad(&l.emotion, w_emo),
                l.reason
            )?;
        }
        self.out.flush()?;
        if shown.len() < total {
            eprintln!("grievance: showing {} of {total} cases", shown.len());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_rank_in_order() {
        assert!(level_rank("urgent") > level_rank("high"));
        assert!(level_rank("high") > level_rank("medium"));
        assert!(level_rank("medium") > level_rank("low"));
    }

    #[test]
    fn padding_counts_characters() {
        assert_eq!(pad("café", 6), "café  ");
        assert_eq!(one_line("a\nb\tc"), "a b c");
    }
}
