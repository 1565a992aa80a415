//! Step 5, dispute the facts — calmly, and only when needed. A claim is questionable when the
//! client hedges it, has it second-hand, leaves it vague, overgeneralises, exaggerates, or makes a
//! serious accusation with nothing specific behind it. Each flag carries its cue, its span and
//! the question to ask (from the lexicon's `ask` column, so users can reword them).

use crate::analyze::{Doc, SentenceDoc};
use crate::lexicon::{Entry, LexFile};
use crate::report::{Dispute, Fact, Kind, Questionable, Sentence};
use crate::steps::kinds::{is_request, states_intention};
use crate::text::Span;

/// A wording cue found in a sentence, before it is known whether it flags a claim: most do not,
/// and their question and source are then never written.
struct Cue<'a> {
    reason: &'static str,
    span: Span,
    text: &'a str,
    entry: &'a Entry,
}

/// Flags questionable claims on `sentences` (in place) and returns them as the case's disputes.
pub fn find(doc: &Doc, facts: &[Fact], sentences: &mut [Sentence]) -> Vec<Dispute> {
    let mut out = Vec::new();
    let fact_idx = crate::steps::BySentence::new(doc.sentences.len(), facts.iter().map(|f| f.sentence));
    let mut cues: Vec<Cue> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if s.question {
            continue;
        }
        let specific = facts[fact_idx.range(si)].iter().any(|f| f.kind != "event");
        cues.clear();
        for m in &s.matches {
            let Some(reason) = m.file.reason() else {
                continue;
            };
            // An accusation is unsupported only when nothing specific backs it in the sentence.
            if m.file == LexFile::Unsupported && specific {
                continue;
            }
            let span = doc.match_span(si, m);
            cues.push(Cue { reason, span, text: span.slice(doc.text()), entry: doc.lex.entry(m.entry) });
        }
        if cues.is_empty() {
            continue;
        }
        let sentence = &mut sentences[si];
        // A plan or promise ("we will always listen") stays what it is, whatever its cues.
        if !matches!(sentence.kind, Kind::Fact | Kind::Mixed) && states_intention(s) {
            continue;
        }
        match sentence.kind {
            Kind::Fact | Kind::Mixed => {}
            // A statement hedged, reported, generalised or quantified is a claim even when it
            // names no event: "apparently they closed it", "your staff never answer". "I think so"
            // alone is the client owning an opinion, not a claim.
            Kind::Neutral if !is_request(s) && cues.iter().any(|q| !first_person(q.text)) && !own_view(s, &cues) => {
                sentence.kind = Kind::Fact;
                sentence.why.push(["claim: a statement with a ", cues[0].reason, " cue"].concat());
            }
            // An opinion hedged in the first person ("I think it's awful") stays an opinion; a
            // judgement resting on others or on unstated numbers ("is considered the worst",
            // "many customers hate it") carries a claim to check.
            Kind::Feeling
                if cues
                    .iter()
                    .any(|q| !first_person(q.text) && q.reason != "absolute" && q.reason != "exaggeration")
                    && !own_view(s, &cues) =>
            {
                sentence.kind = Kind::Mixed;
                sentence.why.push(["claim: a judgement with a ", cues[0].reason, " cue"].concat());
            }
            // Questionable reasons apply only to checkable claims (KINDS.md).
            _ => continue,
        }
        let flags: Vec<Questionable> = cues
            .iter()
            .map(|c| Questionable {
                reason: c.reason,
                cue: c.text.to_string(),
                start: c.span.start,
                end: c.span.end,
                ask: c.entry.extra("ask").replace("{cue}", c.text),
                source: c.entry.origin.text(),
            })
            .collect();
        for q in &flags {
            out.push(Dispute {
                reason: q.reason,
                cue: q.cue.clone(),
                start: q.start,
                end: q.end,
                sentence: si,
                ask: q.ask.clone(),
                source: q.source.clone(),
                ..Dispute::default()
            });
        }
        sentence.questionable = flags;
    }
    out
}

/// Whether a sentence that names nothing checkable is the speaker's own view rather than a claim
/// about the world: spoken as "I"/"we", to "you", or as "let's", with only opinion-shaped cues —
/// a hedge ("maybe", "I believe that"), a belief ("believe that") or an unspecific quantifier
/// ("some", "a lot of"). "I think some of that land needs to be set aside", "we've got a lot of
/// work to do", "you know most of them" voice opinions, plans and asides; nothing in them is a
/// record to check. A claim about third parties keeps its cue ("apparently they closed it",
/// "many customers hate it"), and so does a first-person account that overgeneralises or
/// exaggerates ("you never answer", "I called a million times"): those still report events.
fn own_view(s: &SentenceDoc, cues: &[Cue]) -> bool {
    let opinion_cues = cues.iter().all(|q| matches!(q.reason, "hedge" | "vague" | "hearsay"));
    opinion_cues && (0..s.tokens.len()).any(|i| is_speaker_or_listener(s.tokens.norm(i)))
}

/// Personal pronouns of the speaker and the listener as subjects, contractions included.
fn is_speaker_or_listener(w: &str) -> bool {
    matches!(
        w,
        "i" | "we"
            | "you"
            | "let's"
            | "i'm"
            | "i've"
            | "i'd"
            | "i'll"
            | "we're"
            | "we've"
            | "we'd"
            | "we'll"
            | "you're"
            | "you've"
            | "you'd"
            | "you'll"
    )
}

/// "I think", "in my opinion": the client owning an opinion, not doubting a fact.
fn first_person(cue: &str) -> bool {
    let starts = |p: &str| cue.as_bytes().get(..p.len()).is_some_and(|c| c.eq_ignore_ascii_case(p.as_bytes()));
    starts("i ") || starts("i'") || starts("in my") || starts("my ")
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;
    use crate::case::Case;
    use crate::lexicon::Lexicons;
    use crate::steps::prepare::Context;

    fn reasons(text: &str) -> Vec<(String, String)> {
        let a = Analyzer::new(Lexicons::builtin());
        let r = a.analyze(&Case::new("t", text), &Context::default());
        r.disputes.iter().map(|d| (d.reason.to_string(), d.cue.to_lowercase())).collect()
    }

    fn flags(text: &str, reason: &str) {
        let r = reasons(text);
        assert!(r.iter().any(|(x, _)| x == reason), "{reason} not flagged in {text:?}: {r:?}");
    }

    #[test]
    fn each_reason_with_its_cue() {
        flags("I think the refund was processed on March 3.", "hedge");
        flags("I was told the refund was processed.", "hearsay");
        flags("I called several times about the charge.", "vague");
        flags("Your staff never answer the phone.", "absolute");
        flags("I called a million times.", "exaggeration");
        flags("Your company stole my money.", "unsupported");
    }

    #[test]
    fn specific_plain_claims_are_not_flagged() {
        assert!(reasons("I was charged $1,240.00 on March 3.").is_empty());
        assert!(reasons("This is so frustrating.").is_empty(), "feelings are not disputed");
        assert!(reasons("Did you process the refund?").is_empty(), "questions claim nothing");
    }

    #[test]
    fn an_opinion_voiced_by_the_speaker_is_not_made_a_claim_by_its_hedge() {
        assert!(reasons("I think some of that land needs to be set aside.").is_empty());
        assert!(reasons("Perhaps we can look at a lot of options.").is_empty());
        // About third parties, or an overgeneralised account, it is still a claim to check.
        flags("Apparently many customers hate it.", "hearsay");
        flags("You never answer the phone.", "absolute");
    }

    #[test]
    fn every_dispute_has_a_question_to_ask() {
        let a = Analyzer::new(Lexicons::builtin());
        let r = a
            .analyze(&Case::new("t", "Apparently my account was closed. I called several times."), &Context::default());
        assert!(!r.disputes.is_empty());
        for d in &r.disputes {
            assert!(!d.ask.is_empty() && d.source.starts_with("lexicons/"), "{d:?}");
        }
    }
}
