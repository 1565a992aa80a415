//! Step 3, find the feelings: which emotion, how strong, about what. Lexicon entries give the
//! emotion and its base intensity; the rules around them decide what the client actually said:
//!
//! - a negator shortly before an entry, in the same clause, reverses it: "not happy" is
//!   dissatisfaction (sadness), not joy; "not angry" is no anger at all; "not bad" is mildly good;
//! - intensifiers and diminishers right before an entry scale it ("so frustrated", "a bit slow");
//! - a word written in capitals, and exclamation marks, raise intensity;
//! - after a contrast word ("but", "however") what follows outweighs what precedes; a concession
//!   ("although ...") weighs less than the clause it concedes to;
//! - praise directly followed by a complaint ("great, another late delivery") is sarcasm.
//!
//! A sentence that names no feeling can still evoke one, weakly and without moving sentiment: a
//! stated failure the writer is part of evokes disappointment, or frustration when it lasts, is
//! asked "why" about or has someone to blame; a question evokes curiosity (surprise).
//!
//! Sentence sentiment sums the signed strength of the feelings and squashes the sum into -1..1
//! with x / sqrt(x^2 + ALPHA), so a second strong word adds less than the first.

use crate::analyze::{Doc, SentenceDoc};
use crate::case::Role;
use crate::lexicon::{LexFile, Match};
use crate::report::{EmotionScore, Feeling};

/// Squashing constant: one strong word (|x| = 0.8) gives about 0.64, two give about 0.86.
const ALPHA: f32 = 0.9;
/// How much a negated evaluation keeps, with its sign reversed ("not good" is less than "bad").
const NEGATED_KEEP: f32 = 0.55;
/// How far back (in tokens) a negator or a modifier reaches.
const NEGATION_REACH: usize = 3;
const MODIFIER_REACH: usize = 2;
const CAPS_BOOST: f32 = 1.25;
/// How much of its strength someone else's emotion keeps, and how far back its subject is sought.
const REPORTED_KEEP: f32 = 0.5;
const REPORT_REACH: usize = 4;
/// An emotion implied by a situation weighs less on sentiment than one put into words; its
/// intensity is the lexicon's, which already rates it below emotion words.
const EVOKED_VALENCE: f32 = 0.6;
/// The disappointment a stated failure implies when the client names no emotion, and the
/// frustration when it lasts or someone is to blame: felt more strongly, so in a case with both
/// the frustration leads.
const FAILURE_DISAPPOINTMENT: f32 = 0.3;
const FAILURE_FRUSTRATION: f32 = 0.35;
/// The curiosity a question implies when it names no feeling: below every failure and emotion word.
const QUESTION_CURIOSITY: f32 = 0.25;
const EXCLAMATION_STEP: f32 = 0.2;

/// What step 3 hands on: every feeling, each sentence's sentiment and signals for the kind step.
#[derive(Debug, Default)]
pub struct Feelings {
    pub feelings: Vec<Feeling>,
    /// Per sentence: squashed sentiment in -1..1.
    pub sentence_sentiment: Vec<f32>,
    /// Per sentence: expresses feeling beyond single words (capitals, "!!", "I feel").
    pub expressive: Vec<bool>,
    pub case_sentiment: f32,
}

pub fn squash(x: f32) -> f32 {
    x / (x * x + ALPHA).sqrt()
}

/// The valence an emotion family carries.
/// Surprise goes both ways, so its emotion decides: amazement is good news, shock and disbelief
/// bad, plain surprise neither.
pub fn family_valence(family: &str, emotion: &str) -> f32 {
    match family {
        "joy" => 1.0,
        "surprise" => match emotion {
            "amazement" | "delight" | "wonder" => 0.7,
            "shock" | "disbelief" | "confusion" | "outrage" => -0.5,
            _ => 0.0,
        },
        _ => -1.0,
    }
}

/// How much each stated failure ("never arrived", "can't log in") weighs on the case's
/// sentiment: bad news is negative even when told without an emotion word. At most three count.
const FAILURE_VALENCE: f32 = -0.35;
/// Per issue word in a statement, times the entry's weight; at most three count.
const PROBLEM_VALENCE: f32 = -0.2;

pub fn find(doc: &Doc, facts: &[crate::report::Fact]) -> Feelings {
    let mut out = Feelings::default();
    let mut case_sum = 0.0;
    let mut any_customer = false;
    let fact_idx = crate::steps::BySentence::new(doc.sentences.len(), facts.iter().map(|f| f.sentence));
    for (si, s) in doc.sentences.iter().enumerate() {
        let before = out.feelings.len();
        sentence_feelings(doc, si, s, &facts[fact_idx.range(si)], &mut out.feelings);
        let sum: f32 = out.feelings[before..].iter().map(|f| f.valence).sum();
        out.sentence_sentiment.push(squash(sum));
        out.expressive.push(expressive(doc, s));
        // In transcripts the client's sentiment is what matters; agents' politeness is noise.
        if s.speaker != Some(Role::Agent) {
            case_sum += sum;
            any_customer = true;
        }
    }
    if !any_customer {
        case_sum = out.feelings.iter().map(|f| f.valence).sum();
    }
    if !writer_in_text(doc) {
        // Evoked with no valence: sentence sentiment is unchanged by dropping them.
        out.feelings.retain(|f| !f.source.starts_with(FAILURE_RULE));
    }
    let failures = facts
        .iter()
        .filter(|f| f.value == "failure" && doc.sentences[f.sentence].speaker != Some(Role::Agent))
        .count()
        .min(3);
    case_sum += FAILURE_VALENCE * failures as f32;
    // Naming a problem in a statement ("my flight was delayed", "lost luggage") is bad news too,
    // a little less than a failure spelled out; questions about a topic are not.
    let problems: f32 = doc
        .sentences
        .iter()
        .filter(|s| !s.question && s.speaker != Some(Role::Agent))
        .flat_map(|s| s.matches.iter().filter(|m| m.file == LexFile::Issues))
        .map(|m| doc.lex.entry(m.entry).weight)
        .take(3)
        .sum();
    case_sum += PROBLEM_VALENCE * problems;
    out.case_sentiment = squash(case_sum);
    out
}

/// Shouting (two or more words in capitals), "!!" or a first-person feeling statement.
fn expressive(doc: &Doc, s: &SentenceDoc) -> bool {
    let toks = &s.tokens;
    let shouted = toks.list.iter().filter(|t| t.shouted && t.span.len() > 2).count();
    let all_caps = toks.list.iter().filter(|t| t.kind == crate::text::TokenKind::Word).all(|t| t.shouted);
    let bangs = (0..toks.len()).filter(|&i| toks.is_punct(i, "!")).count();
    let first_person = (0..toks.len().saturating_sub(1)).any(|i| {
        toks.norm(i) == "i"
            && matches!(toks.norm(i + 1), "feel" | "felt" | "hate" | "love" | "loved" | "hated" | "can't" | "cannot")
    });
    let _ = doc;
    (shouted >= 2 && !all_caps) || (all_caps && shouted >= 3) || bangs >= 2 || first_person
}

fn sentence_feelings(doc: &Doc, si: usize, s: &SentenceDoc, facts: &[crate::report::Fact], out: &mut Vec<Feeling>) {
    let lex = doc.lex;
    let toks = &s.tokens;
    let ms = &s.matches;
    let emotions: Vec<&Match> = ms.iter().filter(|m| m.file == LexFile::Emotions).collect();
    let bangs = (0..toks.len()).filter(|&i| toks.is_punct(i, "!")).count().min(3) as f32;
    let weights = clause_weights(doc, s);
    let start_len = out.len();
    let narrative = is_narrative(s);
    for m in ms {
        let evoked = m.file == LexFile::Evokes;
        let evaluation = match m.file {
            LexFile::Emotions | LexFile::Evokes => false,
            // An evaluation inside an emotion entry ("disappointed" in both) counts once, as emotion.
            LexFile::Evaluations if !emotions.iter().any(|e| e.start < m.end && m.start < e.end) => true,
            _ => continue,
        };
        // A word inside a longer name is part of the name: "Better Business Bureau" is no praise.
        if ms.iter().any(|x| {
            matches!(
                x.file,
                LexFile::Threats | LexFile::Issues | LexFile::Events | LexFile::Remedies | LexFile::Courtesy
            ) && x.start <= m.start
                && m.end <= x.end
                && x.end - x.start > m.end - m.start
        }) {
            continue;
        }
        let e = lex.entry(m.entry);
        let span = doc.match_span(si, m);
        let mut evidence = Vec::new();
        let mut scale = 1.0f32;
        for md in modifiers(s, m) {
            let me = lex.entry(md.entry);
            scale *= me.weight;
            evidence.push(format!("{} `{}` x{} ({})", me.category, me.term, me.weight, me.origin));
        }
        if toks.list[m.start..m.end].iter().any(|t| t.shouted) && toks.len() > 1 {
            scale *= CAPS_BOOST;
            evidence.push(format!("capitals x{CAPS_BOOST}"));
        }
        if bangs > 0.0 {
            let b = 1.0 + EXCLAMATION_STEP * bangs;
            scale *= b;
            evidence.push(format!("{} exclamation mark(s) x{b:.1}", bangs as u32));
        }
        let w = weights[m.start];
        if (w - 1.0).abs() > f32::EPSILON {
            scale *= w;
            evidence.push(format!("clause weight x{w:.2} (contrast)"));
        }
        let negator = negator_before(doc, s, m);
        let (mut emotion, mut family, mut intensity, mut valence) = if evaluation {
            let (emo, fam) = if e.weight < 0.0 { ("disapproval", "") } else { ("approval", "") };
            (emo.to_string(), fam.to_string(), e.weight.abs(), e.weight)
        } else {
            let fam = e.extra("family");
            (e.category.clone(), fam.to_string(), e.weight, e.weight * family_valence(fam, &e.category))
        };
        let negated = negator.is_some();
        let reported = !evaluation && !evoked && (narrative || third_person_before(s, m));
        if reported {
            scale *= REPORTED_KEEP;
            evidence.push(format!("rule:reported_emotion (someone else's feeling) x{REPORTED_KEEP}"));
        }
        if let Some(n) = negator {
            let ne = lex.entry(n.entry);
            evidence.push(format!("negated by `{}` ({})", ne.term, ne.origin));
            if evaluation {
                valence = -valence * NEGATED_KEEP;
                emotion = if valence < 0.0 { "disapproval" } else { "approval" }.into();
                intensity = valence.abs();
            } else if family == "joy" {
                // "not happy", "not satisfied": a complaint's dissatisfaction, not joy.
                emotion = "dissatisfaction".into();
                family = "sadness".into();
                intensity *= NEGATED_KEEP;
                valence = -intensity;
            } else {
                // "not angry", "not worried": the emotion is denied; what remains is mild relief.
                emotion = format!("not {emotion}");
                family = String::new();
                intensity = 0.0;
                valence = (-valence * 0.3).max(0.0);
            }
        }
        if valence > 0.0 && !negated && irrealis_before(s, m) {
            valence = -valence * NEGATED_KEEP;
            evidence.push("rule:irrealis (wished for, so missing)".into());
            if evaluation {
                emotion = "disapproval".into();
                intensity = valence.abs();
            }
        }
        intensity = (intensity * scale).min(1.0);
        valence = (valence * scale * if evoked { EVOKED_VALENCE } else { 1.0 }).clamp(-1.5, 1.5);
        out.push(Feeling {
            emotion,
            family,
            intensity,
            valence,
            text: span.slice(doc.text()).to_string(),
            start: span.start,
            end: span.end,
            sentence: si,
            negated,
            reported,
            evoked,
            source: e.origin.to_string(),
            evidence,
        });
    }
    sarcasm(doc, si, s, facts, &mut out[start_len..]);
    failure_evokes_frustration(doc, si, facts, out, start_len);
    question_evokes_curiosity(doc, si, out, start_len);
    judgement_implies_emotion(&mut out[start_len..]);
}

/// A sentence that tells about third persons and never speaks as "I" or to "you": a story or a
/// summary ("she escapes a horrific accident"), whose emotion words belong to its characters.
fn is_narrative(s: &SentenceDoc) -> bool {
    let mut third = false;
    for i in 0..s.tokens.len() {
        match s.tokens.norm(i) {
            "i" | "i'm" | "me" | "my" | "mine" | "we" | "us" | "our" | "i've" | "i'd" | "i'll" | "we're" | "you"
            | "your" | "you're" | "yours" | "u" | "ur" => return false,
            "he" | "she" | "his" | "her" | "him" | "he's" | "she's" | "himself" | "herself" | "they" | "their"
            | "them" => third = true,
            _ => {}
        }
    }
    third
}

/// An emotion word whose subject is someone else: a third-person pronoun shortly before it in
/// the same clause, with no first-person word closer ("she was terrified", "they seemed upset",
/// but not "they made me furious").
fn third_person_before(s: &SentenceDoc, m: &Match) -> bool {
    third_person_before_token(s, m.start)
}

/// `third_person_before` for the word at token `at`.
fn third_person_before_token(s: &SentenceDoc, at: usize) -> bool {
    let from = at.saturating_sub(REPORT_REACH);
    for i in (from..at).rev() {
        if !s.same_clause(i, at) || s.tokens.list[i].kind == crate::text::TokenKind::Punct {
            return false;
        }
        match s.tokens.norm(i) {
            "i" | "i'm" | "me" | "my" | "we" | "us" | "our" | "i've" | "i'd" | "we're" | "myself" => return false,
            "he" | "she" | "they" | "he's" | "she's" | "they're" | "his" | "her" | "their" | "him" | "them" | "who"
            | "himself" | "herself" | "themselves" => return true,
            _ => {}
        }
    }
    false
}

/// A sentence that states a failure and names no emotion still carries a feeling, evoked and of
/// low intensity, so the case's emotion is not "none". Told once and plainly ("my parcel never
/// arrived", "the app won't load") the failure is an expectation let down: disappointment, the
/// sadness family in KINDS.md. When the sentence says it lasts or comes back ("still", "again",
/// "yet to": expectations.tsv `persist`, or a repeat from repeats.tsv), is asked about as a fault
/// ("why is my order not here": expectations.tsv `question`), or blames someone else
/// ("she refused", "they never sent it": a third person its subject), it is frustration (anger):
/// someone to blame turns a let-down into anger.
fn failure_evokes_frustration(
    doc: &Doc,
    si: usize,
    facts: &[crate::report::Fact],
    out: &mut Vec<Feeling>,
    from: usize,
) {
    if out.len() > from || doc.sentences[si].speaker == Some(Role::Agent) {
        return;
    }
    // `facts` holds this sentence's facts only.
    let Some(f) = facts.iter().find(|f| f.value == "failure") else { return };
    let persists = doc.sentences[si].matches.iter().find(|m| {
        m.file == LexFile::Repeats
            || m.file == LexFile::Expectations
                && matches!(doc.lex.entry(m.entry).category.as_str(), "persist" | "question")
    });
    let s = &doc.sentences[si];
    let blamed =
        s.tokens.list.iter().position(|t| t.span.start >= f.start).is_some_and(|at| third_person_before_token(s, at));
    let (emotion, family, intensity, source) = if persists.is_some() || blamed {
        ("frustration", "anger", FAILURE_FRUSTRATION, "rule:failure_evokes_frustration")
    } else {
        ("disappointment", "sadness", FAILURE_DISAPPOINTMENT, "rule:failure_evokes_disappointment")
    };
    let mut evidence = vec![format!("stated failure ({})", f.source)];
    if let Some(m) = persists {
        let e = doc.lex.entry(m.entry);
        evidence.push(format!("lasts, comes back or is asked why: `{}` ({})", e.term, e.origin));
    }
    if blamed {
        evidence.push("someone else's doing (a third person its subject)".into());
    }
    out.push(Feeling {
        emotion: emotion.into(),
        family: family.into(),
        intensity,
        valence: 0.0,
        text: f.text.clone(),
        start: f.start,
        end: f.end,
        sentence: si,
        negated: false,
        reported: false,
        evoked: true,
        source: source.into(),
        evidence,
    });
}

/// The source prefix of the feelings `failure_evokes_frustration` adds.
const FAILURE_RULE: &str = "rule:failure_evokes_";

/// Whether the writer is in their own text: speaks as "I" or "we" somewhere, or writes to an
/// @handle. A failure told with the writer nowhere in it ("the admins do not recognise the
/// link", "that policy isn't working") is a remark on the world, not the writer's own trouble,
/// and evokes no feeling of theirs.
fn writer_in_text(doc: &Doc) -> bool {
    doc.sentences.iter().filter(|s| s.speaker != Some(Role::Agent)).any(|s| {
        (0..s.tokens.len()).any(|i| {
            let w = s.tokens.norm(i);
            w.starts_with('@')
                || matches!(
                    w,
                    "i" | "i'm"
                        | "im"
                        | "i've"
                        | "ive"
                        | "i'd"
                        | "i'll"
                        | "me"
                        | "my"
                        | "mine"
                        | "myself"
                        | "we"
                        | "we're"
                        | "we've"
                        | "us"
                        | "our"
                        | "ours"
                )
        })
    })
}

/// A question that names no feeling of its own still shows one: the writer wants to know, or
/// cannot make sense of something ("who's that?", "did they split?"). KINDS.md files curiosity
/// and confusion under surprise (as emotions.tsv does `curious`, `confused`); the feeling is
/// evoked and weak, so any emotion put into words elsewhere in the case outranks it. Only the
/// client's questions count: an agent's "can I help?" is courtesy.
fn question_evokes_curiosity(doc: &Doc, si: usize, out: &mut Vec<Feeling>, from: usize) {
    let s = &doc.sentences[si];
    if !s.question || out.len() > from || s.speaker == Some(Role::Agent) {
        return;
    }
    let text = s.span.slice(doc.text());
    let end = text.trim_end().len();
    let mark = text[..end].rfind('?').unwrap_or(0);
    out.push(Feeling {
        emotion: "curiosity".into(),
        family: "surprise".into(),
        intensity: QUESTION_CURIOSITY,
        valence: 0.0,
        text: "?".into(),
        start: s.span.start + mark,
        end: s.span.start + mark + 1,
        sentence: si,
        negated: false,
        reported: false,
        evoked: true,
        source: "rule:question_evokes_curiosity".into(),
        evidence: vec!["the sentence is a question".into()],
    });
}

/// Intensifiers and diminishers just before the match, nearest first.
fn modifiers<'m>(s: &'m SentenceDoc, m: &Match) -> impl Iterator<Item = &'m Match> {
    let from = m.start.saturating_sub(MODIFIER_REACH);
    let start = m.start;
    s.matches.iter().filter(move |x| x.file == LexFile::Intensifiers && x.end <= start && x.end >= from && x.end > 0)
}

/// The negator governing a match: within reach before it, same clause (no punctuation between).
fn negator_before<'m>(doc: &Doc, s: &'m SentenceDoc, m: &Match) -> Option<&'m Match> {
    s.negator_before(doc.lex, m.start, NEGATION_REACH, is_subject)
}

/// A subject pronoun starts a new proposition: "never knew I could love it" does not negate love.
fn is_subject(word: &str) -> bool {
    matches!(word, "i" | "you" | "he" | "she" | "we" | "they" | "i'd" | "i'll" | "you'd" | "they'd")
}

/// "A better design would be nice", "it should have been great", "they could at least put in a
/// good pair": praise in the irrealis says the thing is missing. A modal followed by "be",
/// "have been" or "at least" anywhere in the clause of a positive word turns it into a complaint.
fn irrealis_before(s: &SentenceDoc, m: &Match) -> bool {
    let toks = &s.tokens;
    (0..toks.len()).any(|i| {
        matches!(toks.norm(i), "would" | "could" | "should" | "might" | "wish")
            && s.same_clause(i.min(m.start), i.max(m.start))
            && match toks.list.get(i + 1).map(|_| toks.norm(i + 1)) {
                Some("be") => true,
                Some("have") => i + 2 < toks.len() && toks.norm(i + 2) == "been",
                Some("at") => i + 2 < toks.len() && toks.norm(i + 2) == "least",
                _ => toks.norm(i) == "wish",
            }
    })
}

/// Per token, the weight its clause gets from contrast and concession words.
fn clause_weights(doc: &Doc, s: &SentenceDoc) -> Vec<f32> {
    let mut w = vec![1.0f32; s.tokens.len()];
    for m in s.matches.iter().filter(|m| m.file == LexFile::Contrast) {
        let e = doc.lex.entry(m.entry);
        if m.start == 0 && e.category == "contrast" {
            continue; // "But ..." opening a sentence contrasts with the previous one.
        }
        match e.category.as_str() {
            "contrast" => {
                let before = 1.0 / e.weight.max(0.1);
                for x in &mut w[..m.start] {
                    *x *= before;
                }
                for x in &mut w[m.end..] {
                    *x *= e.weight;
                }
            }
            _ => {
                // A concession covers its own clause, up to the next comma or the sentence end.
                let end = (m.end..s.tokens.len())
                    .find(|&i| s.tokens.is_punct(i, ",") || s.tokens.is_punct(i, ";"))
                    .unwrap_or(s.tokens.len());
                for x in &mut w[m.end..end] {
                    *x *= e.weight;
                }
            }
        }
    }
    w
}

/// "Great, another late delivery." "Thanks for nothing." Praise opening a sentence that then
/// reports a failure or judges harshly is read as the complaint it is.
fn sarcasm(doc: &Doc, si: usize, s: &SentenceDoc, facts: &[crate::report::Fact], feelings: &mut [Feeling]) {
    let toks = &s.tokens;
    if toks.len() < 3 {
        return;
    }
    let Some(first) = feelings.first() else {
        return;
    };
    // Praise opens the sentence, after any @handles a tweet starts with.
    let opens = first.valence > 0.0
        && !first.negated
        && toks
            .list
            .iter()
            .take_while(|t| t.span.start < first.start)
            .enumerate()
            .all(|(i, t)| t.kind == crate::text::TokenKind::Punct || toks.norm(i).starts_with('@'));
    let next = toks.list.iter().position(|t| t.span.start >= first.end);
    // "Great, ..." / "Thanks! ..." or "Thank you for [a failure]".
    let punct_after = next.is_some_and(|i| {
        toks.list[i].kind == crate::text::TokenKind::Punct && matches!(toks.norm(i), "," | "!" | "." | "-")
            || toks.norm(i) == "for"
    });
    let failure = s.matches.iter().any(|m| {
        m.file == LexFile::Events && doc.lex.entry(m.entry).category == "failure" || m.file == LexFile::Issues
    }) || (0..toks.len()).any(|i| matches!(toks.norm(i), "another" | "again"))
        || facts.iter().any(|f| f.value == "failure");
    let negative_after = feelings[1..].iter().any(|f| f.valence < 0.0);
    if opens && punct_after && (failure || negative_after) {
        let f = &mut feelings[0];
        f.valence = -f.valence.abs();
        f.emotion = "sarcasm".into();
        f.family = "anger".into();
        f.evidence.push("rule:sarcasm (praise followed by a complaint)".into());
        let _ = si;
    }
}

/// A judgement without any emotion word still tells the emotion: "worst service ever" is
/// annoyance, "excellent service" satisfaction. Evaluations get a family at lower intensity.
fn judgement_implies_emotion(feelings: &mut [Feeling]) {
    for f in feelings.iter_mut().filter(|f| f.family.is_empty() && f.intensity > 0.0) {
        if f.emotion == "disapproval" {
            f.family = "anger".into();
        } else if f.emotion == "approval" {
            f.family = "joy".into();
        } else {
            continue;
        }
        f.intensity *= 0.6;
        f.evidence.push("rule:judgement_implies_emotion x0.6".into());
    }
}

/// The case's emotions: per emotion, the strongest occurrence plus a little for each repeat,
/// strongest first. Feelings with no family (denied emotions) are not emotions of the case, and
/// in a transcript only the client's feelings are: an agent's "I'm afraid" is not the case's fear.
pub fn summarize(doc: &Doc, feelings: &[Feeling]) -> Vec<EmotionScore> {
    let mut by: Vec<EmotionScore> = Vec::new();
    let client = |f: &&Feeling| doc.sentences[f.sentence].speaker != Some(Role::Agent);
    for f in feelings.iter().filter(|f| !f.family.is_empty() && f.intensity > 0.0).filter(client) {
        match by.iter_mut().find(|e| e.emotion == f.emotion && e.family == f.family) {
            Some(e) => e.intensity = (e.intensity.max(f.intensity) + 0.1 * f.intensity).min(1.0),
            None => {
                by.push(EmotionScore { emotion: f.emotion.clone(), family: f.family.clone(), intensity: f.intensity })
            }
        }
    }
    by.sort_by(|a, b| b.intensity.total_cmp(&a.intensity).then_with(|| a.emotion.cmp(&b.emotion)));
    by
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Case;
    use crate::lexicon::Lexicons;

    fn feelings(text: &str) -> Feelings {
        let lex = Lexicons::builtin();
        let case = Case::new("t", text);
        let doc = Doc::new(&case, &lex);
        find(&doc, &crate::steps::facts::find(&doc))
    }

    fn top(text: &str) -> Option<(String, f32)> {
        let f = feelings(text);
        let lex = Lexicons::builtin();
        let case = Case::new("t", text);
        summarize(&Doc::new(&case, &lex), &f.feelings).first().map(|e| (e.family.clone(), e.intensity))
    }

    #[test]
    fn finds_emotion_family_and_intensity() {
        let (fam, i) = top("I am furious with your company.").unwrap();
        assert_eq!(fam, "anger");
        assert!(i > 0.7);
        assert_eq!(top("I'm really worried about my account.").unwrap().0, "fear");
        assert_eq!(top("I was so relieved when it arrived.").unwrap().0, "joy");
    }

    #[test]
    fn negated_joy_is_dissatisfaction_not_joy() {
        let f = feelings("I am not happy with the service.");
        let lex = Lexicons::builtin();
        let case = Case::new("t", "I am not happy with the service.");
        let e = summarize(&Doc::new(&case, &lex), &f.feelings);
        assert_eq!(e[0].family, "sadness");
        assert!(f.case_sentiment < 0.0);
        assert!(f.feelings[0].negated);
    }

    #[test]
    fn negated_negative_judgement_is_mildly_positive() {
        assert!(feelings("The food was not bad at all.").case_sentiment > 0.0);
        assert!(feelings("The website is not working properly and it's not good.").case_sentiment < 0.0);
    }

    #[test]
    fn intensifiers_caps_and_exclamation_raise_intensity() {
        let plain = top("I am angry.").unwrap().1;
        let very = top("I am very angry.").unwrap().1;
        let caps = top("I am ANGRY!!").unwrap().1;
        assert!(very > plain, "{very} > {plain}");
        assert!(caps > plain, "{caps} > {plain}");
        let bit = top("I am a bit annoyed.").unwrap().1;
        let annoyed = top("I am annoyed.").unwrap().1;
        assert!(bit < annoyed);
    }

    #[test]
    fn contrast_weighs_what_follows() {
        let s = feelings("The staff were friendly but the service was terrible.").case_sentiment;
        assert!(s < 0.0, "{s}");
        let s = feelings("Although the delay was annoying, the crew were wonderful.").case_sentiment;
        assert!(s > 0.0, "{s}");
    }

    #[test]
    fn sarcasm_is_a_complaint() {
        let f = feelings("Great, another late delivery.");
        assert!(f.case_sentiment < 0.0, "{:?}", f.feelings);
        assert!(f.feelings.iter().any(|x| x.evidence.iter().any(|e| e.contains("sarcasm"))));
        let f = feelings("@airline thank you for losing my bag and ruining my trip.");
        assert!(f.case_sentiment < 0.0, "{:?}", f.feelings);
        let f = feelings("@airline thank you for finding my bag so quickly.");
        assert!(f.case_sentiment > 0.0, "real thanks stay thanks: {:?}", f.feelings);
    }

    #[test]
    fn words_inside_longer_names_are_not_feelings() {
        let f = feelings("I will report you to the Better Business Bureau.");
        assert!(f.feelings.iter().all(|x| x.text != "Better"), "{:?}", f.feelings);
        assert!(feelings("Good morning.").feelings.is_empty(), "a greeting is no praise");
    }

    #[test]
    fn someone_elses_emotion_is_reported_not_the_writers() {
        let f = feelings("She was terrified of the dark.");
        assert!(f.feelings[0].reported);
        let f = feelings("They made me furious.");
        assert!(!f.feelings[0].reported);
    }

    #[test]
    fn a_stated_failure_evokes_disappointment_without_making_a_feeling() {
        let f = feelings("My parcel never arrived.");
        let e = &f.feelings[0];
        assert!(e.evoked && e.family == "sadness" && e.emotion == "disappointment", "{e:?}");
        assert!(f.case_sentiment < 0.0, "bad news is negative");
        let a = crate::Analyzer::new(Lexicons::builtin());
        let r = a.analyze(&Case::new("t", "My parcel never arrived."), &Default::default());
        assert_eq!(r.sentences[0].kind, crate::report::Kind::Fact);
    }

    #[test]
    fn a_failure_that_persists_is_asked_why_or_has_someone_to_blame_evokes_frustration() {
        for text in ["My parcel still hasn't arrived.", "They never sent my parcel.", "Why hasn't my parcel arrived?"] {
            let f = feelings(text);
            let e = &f.feelings[0];
            assert!(e.evoked && e.family == "anger" && e.emotion == "frustration", "{text}: {e:?}");
        }
        // In a case with both, the lasting failure leads.
        assert_eq!(top("The app won't load. My parcel still hasn't arrived.").unwrap().0, "anger");
    }

    #[test]
    fn a_failure_with_the_writer_nowhere_in_the_text_evokes_nothing() {
        let mine = feelings("My parcel never arrived.");
        assert!(mine.feelings.iter().any(|f| f.source.starts_with(FAILURE_RULE)), "{:?}", mine.feelings);
        let remark = feelings("Their parcel never arrived.");
        assert!(!remark.feelings.iter().any(|f| f.source.starts_with(FAILURE_RULE)), "{:?}", remark.feelings);
        let told = feelings("@AcmeHelp the parcel never arrived.");
        assert!(told.feelings.iter().any(|f| f.source.starts_with(FAILURE_RULE)), "{:?}", told.feelings);
    }

    #[test]
    fn a_question_without_a_feeling_evokes_curiosity() {
        let f = feelings("Did they split up last year?");
        let e = &f.feelings[0];
        assert!(e.evoked && e.family == "surprise" && e.emotion == "curiosity", "{e:?}");
        assert_eq!(e.valence, 0.0, "curiosity does not move sentiment");
        assert_eq!(top("Did they split up last year? I am furious.").unwrap().0, "anger");
        // A question that names a feeling keeps it.
        assert_eq!(top("Why am I so sad?").unwrap().0, "sadness");
        assert!(feelings("They split up last year.").feelings.is_empty());
    }

    #[test]
    fn negation_stops_at_a_new_subject_and_praise_in_the_irrealis_is_missing() {
        assert!(feelings("I never knew I could love a camera so much.").case_sentiment > 0.0);
        assert!(feelings("A better design would be nice.").case_sentiment < 0.0);
        assert!(feelings("I would recommend it, it is great.").case_sentiment > 0.0);
    }

    #[test]
    fn findings_cite_their_lexicon_line() {
        let f = feelings("I am furious.");
        assert!(f.feelings[0].source.starts_with("lexicons/emotions.tsv:"), "{}", f.feelings[0].source);
    }

    #[test]
    fn squash_is_bounded_and_monotone() {
        assert!(squash(10.0) < 1.0 && squash(-10.0) > -1.0);
        assert!(squash(0.5) < squash(0.8));
        assert_eq!(squash(0.0), 0.0);
    }
}
