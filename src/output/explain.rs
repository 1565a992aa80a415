//! The tool's reasoning on a case, laid out so a user can check it and correct it: each sentence
//! with its kind and the signals that decided it, each finding with the lexicon entry (file:line)
//! or rule that produced it and what negators, intensifiers and punctuation changed, and every
//! step from the signals to the priority. A wrong finding points straight at the line to fix in
//! a user lexicon.

use super::Sink;
use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;
use std::io::Write;

pub struct ExplainSink<W: Write> {
    out: W,
    color: bool,
    cases: usize,
}

impl<W: Write> ExplainSink<W> {
    pub fn new(out: W, color: bool) -> Self {
        ExplainSink { out, color, cases: 0 }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

const FACT: &str = "36";
const FEELING: &str = "35";
const DISPUTE: &str = "33";
const HEAD: &str = "1";
const DIM: &str = "2";

/// Quoted finding text on one line.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace(['\n', '\r', '\t'], " "))
}

impl<W: Write> ExplainSink<W> {
    fn write(&mut self, r: &Report) -> std::io::Result<()> {
        let head = format!("case {}", r.id);
        writeln!(self.out, "{}", self.paint(HEAD, &head))?;
        writeln!(
            self.out,
            "complaint: {}   sentiment: {:.2}   priority: {} ({})",
            if r.complaint { "yes" } else { "no" },
            r.sentiment,
            r.priority.score,
            r.priority.level
        )?;

        writeln!(self.out, "\n{}", self.paint(HEAD, "sentences"))?;
        for (si, s) in r.sentences.iter().enumerate() {
            let who = s.speaker.map(|w| format!("{}: ", w.as_str())).unwrap_or_default();
            writeln!(
                self.out,
                "{:>3}. {} {}{}",
                si + 1,
                self.paint(HEAD, &format!("{:<7}", s.kind.as_str())),
                who,
                quoted(&s.text)
            )?;
            let why = if s.why.is_empty() { "no fact or feeling signal".to_string() } else { s.why.join("; ") };
            writeln!(self.out, "       {} {why}", self.paint(DIM, "kind because:"))?;
            if s.clauses.len() > 1 {
                // Negation and intensifiers never reach across a clause break; showing the breaks
                // explains why "not" in one clause leaves a feeling in the next untouched.
                let parts: Vec<String> = s
                    .clauses
                    .iter()
                    .filter_map(|c| s.text.get(c.start.checked_sub(s.start)?..c.end.checked_sub(s.start)?))
                    .map(quoted)
                    .collect();
                writeln!(self.out, "       {} {}", self.paint(DIM, "clauses:"), parts.join(" | "))?;
            }
            for f in r.facts.iter().filter(|f| f.sentence == si) {
                let tag = self.paint(FACT, "fact   ");
                writeln!(self.out, "       {tag} {} {} = {}  <- {}", f.kind, quoted(&f.text), f.value, f.source)?;
            }
            for f in r.feelings.iter().filter(|f| f.sentence == si) {
                let tag = self.paint(FEELING, "feeling");
                writeln!(
                    self.out,
                    "       {tag} {} ({}) {:.2}{} {}  <- {}",
                    f.emotion,
                    f.family,
                    f.intensity,
                    if f.negated { ", negated" } else { "" },
                    quoted(&f.text),
                    f.source
                )?;
                for e in &f.evidence {
                    writeln!(self.out, "               {} {e}", self.paint(DIM, "changed by:"))?;
                }
            }
            for d in r.disputes.iter().filter(|d| d.sentence == si) {
                let tag = self.paint(DISPUTE, "dispute");
                writeln!(self.out, "       {tag} {} {}  <- {}", d.reason, quoted(&d.cue), d.source)?;
                writeln!(self.out, "               {} {}", self.paint(DIM, "ask:"), d.ask)?;
            }
        }

        writeln!(self.out, "\n{}", self.paint(HEAD, "emotions"))?;
        if r.emotions.is_empty() {
            writeln!(self.out, "  none found")?;
        }
        for e in &r.emotions {
            writeln!(self.out, "  {} ({}) {:.2}", e.emotion, e.family, e.intensity)?;
        }
        writeln!(self.out, "\n{}", self.paint(HEAD, "issues"))?;
        if r.issues.is_empty() {
            writeln!(self.out, "  none found")?;
        }
        for i in &r.issues {
            writeln!(self.out, "  {} ({}) score {:.2}  <- {}", i.label, i.family, i.score, i.evidence.join(", "))?;
        }
        if !r.threats.is_empty() || !r.remedies.is_empty() {
            writeln!(self.out, "\n{}", self.paint(HEAD, "threats and requests"))?;
            for t in &r.threats {
                writeln!(self.out, "  threat: {} {}  <- {}", t.label, quoted(&t.text), t.source)?;
            }
            for m in &r.remedies {
                writeln!(self.out, "  asks for: {} {}  <- {}", m.kind, quoted(&m.text), m.source)?;
            }
        }

        writeln!(self.out, "\n{}", self.paint(HEAD, "priority"))?;
        for reason in &r.priority.reasons {
            writeln!(self.out, "  + {reason}")?;
        }
        writeln!(self.out, "  = {} ({})", r.priority.score, r.priority.level)?;

        writeln!(self.out, "\n{}", self.paint(HEAD, "framing"))?;
        writeln!(self.out, "  acknowledge: {}", r.framing.acknowledge)?;
        writeln!(self.out, "  problem: {}", r.framing.problem)?;
        writeln!(self.out, "  feelings: {}", r.framing.feelings)?;
        for (n, a) in r.framing.actions.iter().enumerate() {
            writeln!(self.out, "  {}. {a}", n + 1)?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for ExplainSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        if self.cases > 0 {
            writeln!(self.out)?;
        }
        self.cases += 1;
        self.write(r)
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        writeln!(self.out, "{} {e}", self.paint("31;1", "error:"))
    }

    fn finish(&mut self, _: &Counts) -> std::io::Result<()> {
        self.out.flush()
    }
}
