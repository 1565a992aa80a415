//! The terminal view: for each case its priority, emotions and issue, then every sentence with
//! its kind and the facts, feelings and questionable cues marked inline, then the framing.
//! Colour only when writing to a terminal.

use super::Sink;
use crate::input::RecordError;
use crate::report::{Kind, Mark, Report};
use crate::run::Counts;
use std::io::Write;

pub struct TextSink<W: Write> {
    out: W,
    color: bool,
}

impl<W: Write> TextSink<W> {
    pub fn new(out: W, color: bool) -> Self {
        TextSink { out, color }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

impl<W: Write> TextSink<W> {
    /// Transcripts only: the client's path through the conversation and the agent scorecard,
    /// one line per step so a team lead can read it top to bottom.
    fn conversation(&mut self, r: &Report) -> std::io::Result<()> {
        if let Some(c) = &r.conversation {
            let e = &c.emotion;
            let peak = e.peak_turn.map(|t| format!(" (turn {t})")).unwrap_or_default();
            writeln!(
                self.out,
                "   conversation: {} turns; client sentiment {:.2} -> peak {:.2}{} -> end {:.2}: {}",
                c.turns, e.start, e.peak, peak, e.end, e.trend
            )?;
            for x in &c.repeats {
                writeln!(self.out, "     repeated: turn {} \"{}\" ({})", x.turn, x.cue, x.kind)?;
            }
            for q in &c.unanswered {
                writeln!(
                    self.out,
                    "     unanswered: turn {} \"{}\" ({})",
                    q.turn,
                    q.text.replace('\n', " "),
                    q.reason
                )?;
            }
        }
        if let Some(a) = &r.agent {
            let who = if a.names.is_empty() { String::new() } else { format!(" {}", a.names.join(", ")) };
            writeln!(self.out, "   {}", self.paint("1", &format!("agent{who}: {}/100", a.score)))?;
            for s in &a.steps {
                let code = match s.mark {
                    Mark::Done => "32",
                    Mark::Missed => "33",
                    Mark::Against => "31;1",
                };
                let mark = self.paint(code, &format!("{:<7}", s.mark.as_str()));
                writeln!(self.out, "     {mark} {}: {}", s.label, s.evidence)?;
            }
        }
        Ok(())
    }
}

/// Inline marks: facts [[...]], feelings <<...>>, questionable cues {?...?}.
const FACT: (&str, &str, &str) = ("[[", "]]", "36");
const FEELING: (&str, &str, &str) = ("<<", ">>", "35");
const DISPUTE: (&str, &str, &str) = ("{?", "?}", "33;1");

impl<W: Write> Sink for TextSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        let head = format!(
            "== {}  priority {} ({}){}",
            r.id,
            r.priority.score,
            r.priority.level,
            if r.complaint { "  complaint" } else { "" }
        );
        writeln!(self.out, "{}", self.paint("1", &head))?;
        let emo: Vec<String> =
            r.emotions.iter().take(3).map(|e| format!("{} ({}, {:.2})", e.emotion, e.family, e.intensity)).collect();
        writeln!(
            self.out,
            "   sentiment {:.2}; emotions: {}",
            r.sentiment,
            if emo.is_empty() { "none".into() } else { emo.join(", ") }
        )?;
        if let Some(i) = r.issues.first() {
            writeln!(self.out, "   issue: {} ({})", i.label, i.family)?;
        }
        for reason in r.priority.reasons.iter().take(4) {
            writeln!(self.out, "   why: {reason}")?;
        }
        for (si, s) in r.sentences.iter().enumerate() {
            let mut marks: Vec<(usize, usize, (&str, &str, &str))> = Vec::new();
            for f in r.facts.iter().filter(|f| f.sentence == si) {
                marks.push((f.start, f.end, FACT));
            }
            for f in r.feelings.iter().filter(|f| f.sentence == si) {
                marks.push((f.start, f.end, FEELING));
            }
            for q in &s.questionable {
                marks.push((q.start, q.end, DISPUTE));
            }
            marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
            let mut line = String::new();
            let mut at = s.start;
            for (a, b, (open, close, code)) in marks {
                if a < at {
                    continue; // nested or overlapping marks: the first one shown wins
                }
                line.push_str(&s.text[at - s.start..a - s.start]);
                let inner = &s.text[a - s.start..b - s.start];
                line.push_str(&self.paint(code, &format!("{open}{inner}{close}")));
                at = b;
            }
            line.push_str(&s.text[at - s.start..]);
            let kind = match s.kind {
                Kind::Fact => "fact   ",
                Kind::Feeling => "feeling",
                Kind::Mixed => "mixed  ",
                Kind::Neutral => "neutral",
            };
            let who = s.speaker.map(|r| format!("{}: ", r.as_str())).unwrap_or_default();
            writeln!(self.out, "  {} {}{}", self.paint("2", kind), who, line.replace('\n', " "))?;
            for q in &s.questionable {
                writeln!(self.out, "           {} {}: ask: {}", self.paint("33", "?"), q.reason, q.ask)?;
            }
        }
        writeln!(self.out, "   acknowledge: {}", r.framing.acknowledge)?;
        writeln!(self.out, "   problem: {}", r.framing.problem)?;
        writeln!(self.out, "   feelings: {}", r.framing.feelings)?;
        for a in &r.framing.actions {
            writeln!(self.out, "   - {a}")?;
        }
        self.conversation(r)?;
        writeln!(self.out)
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        writeln!(self.out, "{} {}\n", self.paint("31;1", "error:"), e)
    }

    fn finish(&mut self, c: &Counts) -> std::io::Result<()> {
        writeln!(self.out, "{} read, {} analysed, {} failed", c.read, c.analysed, c.failed)?;
        self.out.flush()
    }
}
