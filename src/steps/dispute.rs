//! Step 5, dispute the facts — calmly, and only when needed. A claim is questionable when the
//! client hedges it, has it second-hand, leaves it vague, overgeneralises, exaggerates, or makes a
//! serious accusation with nothing specific behind it. Each flag carries its cue, its span and
//! the question to ask (from the lexicon's `ask` column, so users can reword them).

use crate::analyze::Doc;
use crate::lexicon::LexFile;
use crate::report::{Dispute, Fact, Kind, Questionable, Sentence};

/// Flags questionable claims on `sentences` (in place) and returns them as the case's disputes.
pub fn find(doc: &Doc, facts: &[Fact], sentences: &mut [Sentence]) -> Vec<Dispute> {
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if s.question {
            continue;
        }
        let specific = facts.iter().any(|f| f.sentence == si && f.kind != "event");
        let mut flags = Vec::new();
        for m in &s.matches {
            let Some(reason) = m.file.reason() else {
                continue;
            };
            // An accusation is unsupported only when nothing specific backs it in the sentence.
            if m.file == LexFile::Unsupported && specific {
                continue;
            }
            let e = doc.lex.entry(m.entry);
            let span = doc.match_span(si, m);
            let cue = span.slice(doc.text()).to_string();
            flags.push(Questionable {
                reason,
                ask: e.extra("ask").replace("{cue}", &cue),
                cue,
                start: span.start,
                end: span.end,
                source: e.origin.to_string(),
            });
        }
        if flags.is_empty() {
            continue;
        }
        let sentence = &mut sentences[si];
        match sentence.kind {
            Kind::Fact | Kind::Mixed => {}
            // A hedged or reported statement is a claim even when it names no event:
            // "I think they closed it", "apparently the plan changed".
            Kind::Neutral
                if flags
                    .iter()
                    .any(|q| matches!(q.reason, "hedge" | "hearsay" | "unsupported")) =>
            {
                sentence.kind = Kind::Fact;
                sentence
                    .why
                    .push("claim: stated with a hedge or second-hand".into());
            }
            Kind::Feeling
                if flags
                    .iter()
                    .any(|q| matches!(q.reason, "hearsay" | "unsupported")) =>
            {
                sentence.kind = Kind::Mixed;
                sentence
                    .why
                    .push("claim: second-hand or an accusation".into());
            }
            // Questionable reasons apply only to checkable claims (KINDS.md).
            _ => continue,
        }
        for q in &flags {
            out.push(Dispute {
                reason: q.reason,
                cue: q.cue.clone(),
                start: q.start,
                end: q.end,
                sentence: si,
                ask: q.ask.clone(),
                source: q.source.clone(),
            });
        }
        sentence.questionable = flags;
    }
    out
}
