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
use crate::lexicon::{Entry, LexFile, Match};
use crate::report::{EmotionScore, Feeling};
use crate::text::{is_first_person, is_second_person, is_third_person};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// Squashing constant: one strong word (|x| = 0.8) gives about 0.64, two give about 0.86.
const ALPHA: f32 = 0.9;
/// How much a negated evaluation keeps, with its sign reversed ("not good" is less than "bad").
const NEGATED_KEEP: f32 = 0.55;
/// How much praise in the irrealis keeps, sign reversed: less than a negation, since a wish
/// ("would be perfect for a bathroom", "would be nice to have") still likes what it wishes for
/// and only implies that it is missing.
const IRREALIS_KEEP: f32 = 0.25;
/// How much of its valence praise or a pleasant feeling keeps in a question.
const QUESTIONED_PRAISE_KEEP: f32 = 0.5;
/// How far back (in tokens) a negator or a modifier reaches.
const NEGATION_REACH: usize = 3;
const MODIFIER_REACH: usize = 2;
const CAPS_BOOST: f32 = 1.25;
/// How much of its strength someone else's emotion keeps, and how far back its subject is sought.
const REPORTED_KEEP: f32 = 0.5;
/// How much of its valence someone else's emotion, or a character's description, keeps: more
/// than its intensity, because a text that tells of others' joy or misery still reads as good or
/// bad news ("she was thrilled with the result"), even though the emotion is not the writer's.
const REPORTED_VALENCE_KEEP: f32 = 0.75;
const REPORT_REACH: usize = 4;
/// An emotion implied by a situation weighs less on sentiment than one put into words. Its
/// intensity is the lexicon's, which already rates it below emotion words ("thanks" 0.25 against
/// "grateful" 0.7), so it gets no second discount here: a plain "thanks" still reads as mildly
/// good.
const EVOKED_VALENCE: f32 = 1.0;
/// The disappointment a stated failure implies when the client names no emotion, and the
/// frustration when it lasts or someone is to blame: felt more strongly, so in a case with both
/// the frustration leads.
const FAILURE_DISAPPOINTMENT: f32 = 0.3;
const FAILURE_FRUSTRATION: f32 = 0.35;
/// The curiosity a question implies when it names no feeling: below every failure and emotion word.
const QUESTION_CURIOSITY: f32 = 0.25;
/// Per exclamation mark in the sentence (at most three), how much its feelings grow: "love it!!!"
/// is rated well above "love it" by readers, so each mark adds almost a third.
const EXCLAMATION_STEP: f32 = 0.3;

// Evidence lines that state only constants, formatted once: formatting a float per feeling
// costs more than the rest of the feeling.
static CAPS_EVIDENCE: LazyLock<String> = LazyLock::new(|| format!("capitals x{CAPS_BOOST}"));
/// For one, two and three exclamation marks.
static BANGS_EVIDENCE: LazyLock<[String; 3]> = LazyLock::new(|| {
    [1u32, 2, 3].map(|n| format!("{n} exclamation mark(s) x{:.1}", 1.0 + EXCLAMATION_STEP * n as f32))
});
static REPORTED_EVIDENCE: LazyLock<String> =
    LazyLock::new(|| format!("rule:reported_emotion (someone else's feeling) x{REPORTED_KEEP}"));
static CHARACTERISATION_EVIDENCE: LazyLock<String> =
    LazyLock::new(|| format!("rule:characterisation (describes someone in a story told) x{REPORTED_KEEP}"));
static QUESTIONED_PRAISE_EVIDENCE: LazyLock<String> =
    LazyLock::new(|| format!("rule:questioned_praise (asked, not asserted) x{QUESTIONED_PRAISE_KEEP}"));

/// "{category} `{term}` x{weight} ({origin})": what an intensifier or diminisher did.
fn modifier_evidence(e: &Entry) -> String {
    let mut out = String::with_capacity(e.category.len() + e.term.len() + e.origin.path.len() + 24);
    out.push_str(&e.category);
    out.push_str(" `");
    out.push_str(&e.term);
    out.push_str("` x");
    // Writing to a String cannot fail.
    let _ = write!(out, "{}", e.weight);
    out.push_str(" (");
    e.origin.push_to(&mut out);
    out.push(')');
    out
}

/// "{what}`{term}` ({origin})": an entry cited as the reason for a rule.
fn cited(what: &str, e: &Entry) -> String {
    let mut out = String::with_capacity(what.len() + e.term.len() + e.origin.path.len() + 16);
    out.push_str(what);
    out.push('`');
    out.push_str(&e.term);
    out.push_str("` (");
    e.origin.push_to(&mut out);
    out.push(')');
    out
}

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
        // Hope looks forward to a good thing not yet had ("I hope you fix this", "hopefully it
        // arrives"): it says little about how things are now.
        "joy" if emotion == "optimism" => 0.5,
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
/// Issue entries this heavy name a problem ("delayed", "on hold", "rude"); lighter ones name only
/// what the message is about ("phone", "service", "help"), so "Thanks for the help" after praise
/// is no sarcasm.
const PROBLEM_CUE: f32 = 0.5;

pub fn find(doc: &Doc, facts: &[crate::report::Fact]) -> Feelings {
    let mut out = Feelings {
        sentence_sentiment: Vec::with_capacity(doc.sentences.len()),
        expressive: Vec::with_capacity(doc.sentences.len()),
        ..Feelings::default()
    };
    let mut case_sum = 0.0;
    let mut any_customer = false;
    let fact_idx = crate::steps::BySentence::new(doc.sentences.len(), facts.iter().map(|f| f.sentence));
    let story = is_story(doc);
    let mut bad_news_before = false;
    for (si, s) in doc.sentences.iter().enumerate() {
        let before = out.feelings.len();
        let facts_here = &facts[fact_idx.range(si)];
        let (expressive, bangs) = expressive(s);
        sentence_feelings(doc, si, s, facts_here, story, bangs, &mut out.feelings);
        if bad_news_before && doc.sentences[si - 1].speaker == s.speaker {
            verdict_on_bad_news(s, &mut out.feelings[before..]);
        }
        let sum: f32 = out.feelings[before..].iter().map(|f| f.valence).sum();
        bad_news_before = sum < 0.0 || facts_here.iter().any(|f| f.value == "failure");
        out.sentence_sentiment.push(squash(sum));
        out.expressive.push(expressive);
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
        .filter(|f| {
            f.value == "failure" && doc.sentences[f.sentence].speaker != Some(Role::Agent) && !failure_denied(doc, f)
        })
        .count()
        .min(3);
    case_sum += FAILURE_VALENCE * failures as f32;
    // Naming a problem in a statement ("my flight was delayed", "lost luggage") is bad news too,
    // a little less than a failure spelled out; questions about a topic are not. A topic word
    // under negation stays bad news ("never got a refund").
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

/// A failure the writer denies is no bad news: "nothing has broken", "I don't anticipate any
/// problems with it", "you shouldn't have any problems". A failure word of events.tsv with a
/// negator shortly before it, in its clause, and no new subject between ("I can't believe it
/// never arrived" still reports one). Negated actions ("never received") are failures by
/// construction and are kept.
fn failure_denied(doc: &Doc, f: &crate::report::Fact) -> bool {
    if f.source.starts_with("rule:") {
        return false;
    }
    let s = &doc.sentences[f.sentence];
    let Some(at) = s.tokens.list.iter().position(|t| t.span.start == f.start) else { return false };
    denied(doc, s, at)
}

/// A negator shortly before token `at`, in its clause, with no new subject between.
fn denied(doc: &Doc, s: &SentenceDoc, at: usize) -> bool {
    s.negator_before(doc.lex, at, NEGATION_REACH, |w| is_subject(w) || matches!(w, "it" | "this" | "that")).is_some()
}

/// Shouting (two or more words in capitals), "!!" or a first-person feeling statement; and the
/// number of exclamation marks, which also raise the sentence's feelings. One pass over the
/// tokens, as every sentence is asked.
fn expressive(s: &SentenceDoc) -> (bool, usize) {
    let toks = &s.tokens;
    let (mut shouted, mut all_caps, mut bangs, mut first_person) = (0, true, 0, false);
    for (i, t) in toks.list.iter().enumerate() {
        if t.shouted && t.span.len() > 2 {
            shouted += 1;
        }
        match t.kind {
            crate::text::TokenKind::Word => all_caps &= t.shouted,
            crate::text::TokenKind::Punct => bangs += usize::from(toks.norm(i) == "!"),
            crate::text::TokenKind::Number => {}
        }
        first_person = first_person
            || i + 1 < toks.len()
                && toks.norm(i) == "i"
                && matches!(
                    toks.norm(i + 1),
                    "feel" | "felt" | "hate" | "love" | "loved" | "hated" | "can't" | "cannot"
                );
    }
    let expressive = (shouted >= 2 && !all_caps) || (all_caps && shouted >= 3) || bangs >= 2 || first_person;
    (expressive, bangs)
}

fn sentence_feelings(
    doc: &Doc,
    si: usize,
    s: &SentenceDoc,
    facts: &[crate::report::Fact],
    story: bool,
    bangs: usize,
    out: &mut Vec<Feeling>,
) {
    let lex = doc.lex;
    let toks = &s.tokens;
    let ms = &s.matches;
    let emotions = || ms.iter().filter(|m| m.file == LexFile::Emotions);
    let bangs = bangs.min(3) as f32;
    let start_len = out.len();
    // Read over all the words, so only for a sentence with a feeling that asks.
    let narrative = std::cell::LazyCell::new(|| is_narrative(s));
    // A phrase that covers a shorter entry is read as the phrase ("won't regret it" is praise, not
    // a denied regret): the longer of two overlapping emotion and evaluation entries counts.
    let covers = |x: &Match, m: &Match| x.start <= m.start && m.end <= x.end && x.end - x.start > m.end - m.start;
    for m in ms {
        let evoked = m.file == LexFile::Evokes;
        let evaluation = match m.file {
            LexFile::Emotions
                if ms.iter().any(|x| x.file == LexFile::Evaluations && covers(x, m))
                    && !emotions().any(|e| covers(e, m)) =>
            {
                continue;
            }
            LexFile::Emotions | LexFile::Evokes => false,
            // An evaluation inside an emotion entry ("disappointed" in both) counts once, as emotion.
            LexFile::Evaluations if !emotions().any(|e| e.start < m.end && m.start < e.end && !covers(m, e)) => true,
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
            evidence.push(modifier_evidence(me));
        }
        if toks.list[m.start..m.end].iter().any(|t| t.shouted) && toks.len() > 1 {
            scale *= CAPS_BOOST;
            evidence.push(CAPS_EVIDENCE.clone());
        }
        if bangs > 0.0 {
            let b = 1.0 + EXCLAMATION_STEP * bangs;
            scale *= b;
            evidence.push(BANGS_EVIDENCE[bangs as usize - 1].clone());
        }
        let w = clause_weight(doc, s, m.start);
        if (w - 1.0).abs() > f32::EPSILON {
            scale *= w;
            evidence.push(format!("clause weight x{w:.2} (contrast)"));
        }
        let aside = is_aside(s, m);
        let negator = if aside { None } else { negator_before(doc, s, m) };
        let (mut emotion, mut family, mut intensity, mut valence) = if evaluation {
            let (emo, fam) = if e.weight < 0.0 { ("disapproval", "") } else { ("approval", "") };
            (emo.to_string(), fam.to_string(), e.weight.abs(), e.weight)
        } else {
            let fam = e.extra("family");
            (e.category.clone(), fam.to_string(), e.weight, e.weight * family_valence(fam, &e.category))
        };
        let negated = negator.is_some();
        // An emotion word in a story is a character's, unless it rates the work itself ("a
        // chilling tale", "an exciting narrative"): that is the effect the work had on the writer.
        let reported = !evaluation
            && !evoked
            && (*narrative && !(attributive(s, m) && on_the_work(doc, s, m)) || third_person_before(s, m));
        let characterises = evaluation && story && *narrative && characterising(doc, s, m);
        if reported {
            scale *= REPORTED_KEEP;
            evidence.push(REPORTED_EVIDENCE.clone());
        } else if characterises {
            scale *= REPORTED_KEEP;
            evidence.push(CHARACTERISATION_EVIDENCE.clone());
        }
        if let Some(n) = negator {
            let ne = lex.entry(n.entry);
            evidence.push(cited("negated by ", ne));
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
        if valence > 0.0 && !negated && evaluation && better_wanted(s, m) {
            valence = -valence * NEGATED_KEEP;
            evidence.push("rule:better_wanted (something better asked for, so missing)".into());
            emotion = "disapproval".into();
            intensity = valence.abs();
        } else if valence > 0.0 && !negated && !aside && irrealis_before(s, m) {
            valence = -valence * IRREALIS_KEEP;
            evidence.push("rule:irrealis (wished for, so missing)".into());
            if evaluation {
                emotion = "disapproval".into();
                intensity = valence.abs();
            }
        }
        if valence > 0.0 && s.question && !aside {
            // "Is it any good?", "why did I trade up when I was perfectly happy?": praise or
            // pleasure asked about is not asserted. Laughter and smileys are asides, not asked.
            valence *= QUESTIONED_PRAISE_KEEP;
            evidence.push(QUESTIONED_PRAISE_EVIDENCE.clone());
        }
        intensity = (intensity * scale).min(1.0);
        let told = if reported || characterises { REPORTED_VALENCE_KEEP / REPORTED_KEEP } else { 1.0 };
        valence = (valence * scale * told * if evoked { EVOKED_VALENCE } else { 1.0 }).clamp(-1.5, 1.5);
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
            reported: reported || characterises,
            evoked,
            source: e.origin.text(),
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
    for w in s.tokens.words() {
        if is_first_person(w) || is_second_person(w) {
            return false;
        }
        third |= is_third_person(w);
    }
    third
}

/// A case told entirely about third persons: no sentence of the writer's speaks as "I" or "we"
/// or to "you". A complaint tells about "the driver" and "they" too, but its writer shows up
/// somewhere ("my parcel", "you people"); a summary of a story never does.
fn is_story(doc: &Doc) -> bool {
    !doc.sentences
        .iter()
        .any(|s| s.speaker != Some(Role::Agent) && s.tokens.words().any(|w| is_first_person(w) || is_second_person(w)))
}

/// In a story told about third persons, a judgement word says who the characters are and how
/// things go for them ("the ruthless killers", "a brilliant arms dealer", "rory is unemployed and
/// aggressive", "things go from bad to worse"): it belongs to the story, not to the writer's
/// verdict on anything, and is reported like the characters' emotions. Only a judgement of the
/// work itself (`on_the_work`) is the writer's own there.
fn characterising(doc: &Doc, s: &SentenceDoc, m: &Match) -> bool {
    !on_the_work(doc, s, m)
}

/// The word is attached to a noun that follows it: the next token is a word that is no function
/// word ("ruthless killers", not "ruthless and", "brilliant as").
fn attributive(s: &SentenceDoc, m: &Match) -> bool {
    let toks = &s.tokens;
    m.end < toks.len() && toks.list[m.end].kind == crate::text::TokenKind::Word && !is_function_word(toks.norm(m.end))
}

/// A judgement of the work itself, the thing the writer is there to rate, is the writer's verdict
/// even in a story told about third persons:
/// - attached to a `work` entry of stance.tsv within the next three words ("a fascinating
///   portrait", "this flawed, dazzling series", "an exciting narrative");
/// - predicated of it: "it's a lousy one", "this is a winning comedy", "the film is a rambling
///   examination".
fn on_the_work(doc: &Doc, s: &SentenceDoc, m: &Match) -> bool {
    let toks = &s.tokens;
    let is_work = |i: usize| {
        s.matches.iter().any(|x| {
            x.file == LexFile::Stance && doc.lex.entry(x.entry).category == "work" && x.start <= i && i < x.end
        })
    };
    let word = |i: usize| toks.list[i].kind == crate::text::TokenKind::Word;
    // The noun phrase the word opens: up to three words, stopping at a function word.
    let mut i = m.end;
    while i < toks.len() && i < m.end + 3 && word(i) && !is_function_word(toks.norm(i)) {
        if is_work(i) {
            return true;
        }
        i += 1;
    }
    // Back over "very", "truly" and "and" to the article or the copula, then to its subject:
    // "it's a lousy one", "this is a winning comedy", "the film is a rambling examination", "the
    // cast is uniformly superb", "it is so refreshing".
    let mut i = m.start;
    while i > 0 && word(i - 1) && (is_modifier_before(toks.norm(i - 1)) || toks.norm(i - 1) == "and") {
        i -= 1;
    }
    if i > 0 && matches!(toks.norm(i - 1), "a" | "an" | "one") {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    match toks.norm(i - 1) {
        "it's" | "that's" | "this's" => true,
        "is" | "was" | "are" | "were" => {
            i >= 2 && (matches!(toks.norm(i - 2), "it" | "this" | "that") || is_work(i - 2))
        }
        _ => false,
    }
}

/// Words between an article and the judgement it introduces: "a truly brilliant", "a very".
fn is_modifier_before(w: &str) -> bool {
    matches!(
        w,
        "very"
            | "truly"
            | "really"
            | "quite"
            | "rather"
            | "most"
            | "more"
            | "so"
            | "pretty"
            | "fairly"
            | "uniformly"
            | "consistently"
            | "often"
            | "always"
            | "simply"
            | "just"
            | "too"
            | "genuinely"
            | "surprisingly"
    )
}

/// Words that cannot be the noun a judgement describes: the judgement is said of something, not
/// attached to it ("brilliant as the ...", "good enough", "worse than").
fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "nor"
            | "yet"
            | "to"
            | "as"
            | "in"
            | "than"
            | "enough"
            | "of"
            | "for"
            | "with"
            | "at"
            | "on"
            | "by"
            | "from"
            | "that"
            | "who"
            | "which"
            | "about"
            | "if"
            | "when"
            | "while"
            | "because"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "the"
            | "a"
            | "an"
            | "this"
            | "it"
            | "its"
            | "so"
            | "too"
            | "not"
            | "into"
            | "up"
            | "out"
            | "off"
            | "over"
            | "through"
            | "like"
            | "though"
            | "although"
    )
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
            w if is_first_person(w) => return false,
            w if is_third_person(w) || w == "who" => return true,
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
    let mut evidence = vec![["stated failure (", &f.source, ")"].concat()];
    if let Some(m) = persists {
        let e = doc.lex.entry(m.entry);
        evidence.push(cited("lasts, comes back or is asked why: ", e));
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
    doc.sentences
        .iter()
        .filter(|s| s.speaker != Some(Role::Agent))
        .any(|s| s.tokens.words().any(|w| w.starts_with('@') || is_first_person(w)))
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

/// Laughter and smileys ("lol", "haha", ":)", "<3") are asides on the whole message, not part of
/// the proposition around them: "I have no idea lol" and "Nope :-)" do not negate the laugh or
/// the smile, and "that would be splitting the difference LOL" wishes for no laugh.
fn is_aside(s: &SentenceDoc, m: &Match) -> bool {
    if m.end - m.start != 1 {
        return false;
    }
    let w = s.tokens.norm(m.start);
    !w.chars().any(|c| c.is_alphabetic())
        || matches!(w, "lol" | "lmao" | "lmfao" | "rofl" | "haha" | "hahaha" | "hehe" | "xd")
}

/// The negator governing a match: within reach before it, same clause (no punctuation between).
/// A negator that belongs to a fixed phrase of its own ("don't care", "no complaints") is used up
/// by that phrase: in "DON'T CARE DON'T CARE" the second phrase is not negated by the first.
fn negator_before<'m>(doc: &Doc, s: &'m SentenceDoc, m: &Match) -> Option<&'m Match> {
    s.negator_before(doc.lex, m.start, NEGATION_REACH, is_subject).filter(|n| {
        !s.matches.iter().any(|x| {
            matches!(x.file, LexFile::Evaluations | LexFile::Emotions)
                && x.end <= m.start
                && x.start <= n.start
                && n.end <= x.end
                && x.end - x.start > n.end - n.start
        })
    })
}

/// A subject pronoun starts a new proposition: "never knew I could love it" does not negate love.
fn is_subject(word: &str) -> bool {
    matches!(word, "i" | "you" | "he" | "she" | "we" | "they" | "i'd" | "i'll" | "you'd" | "they'd")
}

/// "You need to do better", "I expected better", "find a better player": "better" as what is
/// done, wanted, expected or found instead names something the writer has not got. Said of
/// something ("it is better", "much better", "better than") it stays praise.
fn better_wanted(s: &SentenceDoc, m: &Match) -> bool {
    let toks = &s.tokens;
    if m.end - m.start != 1 || toks.norm(m.start) != "better" || m.start == 0 {
        return false;
    }
    // A comparison is said of something: "better than", "a better choice than an ipod".
    if (m.end..toks.len()).take_while(|&i| s.same_clause(m.start, i)).any(|i| toks.norm(i) == "than") {
        return false;
    }
    match toks.norm(m.start - 1) {
        "do" | "did" | "does" | "doing" | "need" | "needs" | "want" | "wants" | "expect" | "expected" | "deserve"
        | "deserves" | "deserved" | "find" | "buy" | "make" | "had" | "something" => true,
        // "need a better system", but "it's a better player", "is a better choice" and "has a
        // better filing system" (what it has).
        "a" | "an" => {
            m.start < 2
                || !matches!(
                    toks.norm(m.start - 2),
                    "is" | "it's" | "its" | "was" | "are" | "be" | "been" | "that's" | "this" | "'s" | "has" | "have"
                )
        }
        _ => false,
    }
}

/// "It should have been great", "a better design would be nice", "they could at least put in a
/// good pair", "I wish it had a good zoom": praise in the irrealis says the thing is missing.
/// Only the forms that say so count, anywhere in the clause of a positive word:
/// - the counterfactual perfect: "would / could / should / might have been";
/// - "would / could at least", "wish";
/// - "could / might be" followed by a comparative: "could be better", "might be more reliable";
/// - "would be": a wish ("would be nice", "would be good to have").
///
/// "Should be good" and "might be the best" are expectation and hedged praise, not a lack.
fn irrealis_before(s: &SentenceDoc, m: &Match) -> bool {
    let toks = &s.tokens;
    let at = |i: usize| if i < toks.len() { toks.norm(i) } else { "" };
    (0..toks.len()).any(|i| {
        let w = toks.norm(i);
        // Same clause and no punctuation between: "it is pretty sweet, I didn't think it would
        // be that good" does not wish for "sweet".
        let (a, b) = (i.min(m.start), i.max(m.start));
        if !matches!(w, "would" | "could" | "should" | "might" | "wish" | "i'd" | "it'd")
            || !s.same_clause(a, b)
            || (a..b).any(|j| toks.list[j].kind == crate::text::TokenKind::Punct)
        {
            return false;
        }
        let modal = !matches!(w, "wish");
        match (at(i + 1), at(i + 2)) {
            _ if !modal => true,
            ("have", "been") => true,
            ("at", "least") => matches!(w, "would" | "could"),
            ("be", next) if matches!(w, "could" | "might") => {
                matches!(next, "better" | "more" | "less" | "improved") || next.ends_with("er") && next.len() > 4
            }
            ("be", _) => matches!(w, "would" | "i'd" | "it'd"),
            _ => false,
        }
    })
}

/// The weight the clause of token `at` gets from contrast and concession words. Asked only for
/// the tokens that carry a feeling, so no per-token table is built.
fn clause_weight(doc: &Doc, s: &SentenceDoc, at: usize) -> f32 {
    let mut w = 1.0f32;
    for m in s.matches.iter().filter(|m| crate::analyze::contrasts(doc.lex, &s.matches, m)) {
        let e = doc.lex.entry(m.entry);
        if m.start == 0 && e.category == "contrast" {
            continue; // "But ..." opening a sentence contrasts with the previous one.
        }
        match e.category.as_str() {
            "contrast" => {
                if at < m.start {
                    w *= 1.0 / e.weight.max(0.1);
                } else if at >= m.end {
                    w *= e.weight;
                }
            }
            _ => {
                // A concession covers its own clause, up to the next comma or the sentence end.
                let end = (m.end..s.tokens.len())
                    .find(|&i| s.tokens.is_punct(i, ",") || s.tokens.is_punct(i, ";"))
                    .unwrap_or(s.tokens.len());
                if m.end <= at && at < end {
                    w *= e.weight;
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
    let punct = next.is_some_and(|i| {
        toks.list[i].kind == crate::text::TokenKind::Punct && matches!(toks.norm(i), "," | "!" | "." | "-")
    });
    let thanks_for = first.emotion == "gratitude" && next.is_some_and(|i| toks.norm(i) == "for");
    // The complaint must come after the praise: a stated failure, "another" or "again". After
    // "thanks for" it must be what the thanks are for, in the two words after "for" ("thank you for losing
    // my bag"), not a failure mended later in the sentence ("thank you for compensating us for
    // our lost bags"). A topic word of issues.tsv is no failure ("thanks for the reply",
    // "good for the price").
    let Some(after) = next else { return };
    let until = if thanks_for { (after + 3).min(toks.len()) } else { toks.len() };
    let failure = s.matches.iter().any(|m| {
        // A failure event, or an issue entry that names a problem (not a mere topic).
        let e = doc.lex.entry(m.entry);
        let problem = m.file == LexFile::Events && e.category == "failure"
            || m.file == LexFile::Issues && e.weight >= PROBLEM_CUE;
        m.start > after && m.start < until && problem
    }) || (after..until).any(|i| matches!(toks.norm(i), "another" | "again"))
        || facts.iter().any(|f| {
            f.value == "failure"
                && f.start >= toks.list[after].span.start
                && (until == toks.len() || f.start < toks.list[until].span.start)
        });
    let punct_after = punct || thanks_for;
    let negative_after = feelings[1..]
        .iter()
        .any(|f| f.valence < 0.0 && f.start < toks.list.get(until).map_or(usize::MAX, |t| t.span.start));
    if opens && punct_after && (failure || negative_after) {
        let f = &mut feelings[0];
        f.valence = -f.valence.abs();
        f.emotion = "sarcasm".into();
        f.family = "anger".into();
        f.evidence.push("rule:sarcasm (praise followed by a complaint)".into());
        let _ = si;
    }
}

/// Most words a one-word comment may have and still be one: "Wow.", "Great job!", "Just
/// perfect."
const COMMENT_WORDS: usize = 2;

/// "Another delay. Wow." "No apology? Cool." A comment of a word or two right after bad news is
/// about the bad news (a stated failure or a negative sentence): a judgement of praise or
/// amazement there is sarcasm, like praise opening a sentence that goes on to a complaint
/// (`sarcasm`). Thanks, smileys and "lol" are exempt: they soften, not mock ("Please check
/// again. Thanks." "Too bad I'm indoors. LOL!").
fn verdict_on_bad_news(s: &SentenceDoc, feelings: &mut [Feeling]) {
    if feelings.is_empty()
        || !feelings
            .iter()
            .all(|f| f.valence > 0.0 && !f.negated && (f.emotion == "approval" || f.family == "surprise"))
    {
        return;
    }
    let words = s
        .tokens
        .list
        .iter()
        .enumerate()
        .filter(|(i, t)| t.kind != crate::text::TokenKind::Punct && !s.tokens.norm(*i).starts_with('@'));
    if words.take(COMMENT_WORDS + 1).count() > COMMENT_WORDS {
        return;
    }
    // The comment is nothing but the verdict, with at most a filler ("just perfect", "oh
    // great"): "it's fantastic" predicates of something named and is praise of it.
    let bare = s.tokens.list.iter().enumerate().all(|(i, t)| {
        t.kind == crate::text::TokenKind::Punct
            || s.tokens.norm(i).starts_with('@')
            || feelings.iter().any(|f| f.start <= t.span.start && t.span.end <= f.end)
            || matches!(s.tokens.norm(i), "just" | "so" | "oh" | "how" | "really" | "very" | "well" | "simply")
    });
    if !bare {
        return;
    }
    for f in feelings {
        f.valence = -f.valence;
        f.emotion = "sarcasm".into();
        f.family = "anger".into();
        f.evidence.push("rule:sarcasm (a comment on the bad news just told)".into());
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

    #[test]
    fn evidence_lines_read_as_formatted() {
        for e in Lexicons::builtin().entries() {
            assert_eq!(modifier_evidence(e), format!("{} `{}` x{} ({})", e.category, e.term, e.weight, e.origin));
            assert_eq!(cited("negated by ", e), format!("negated by `{}` ({})", e.term, e.origin));
        }
        assert_eq!(*CAPS_EVIDENCE, "capitals x1.25");
        assert_eq!(BANGS_EVIDENCE[2], "3 exclamation mark(s) x1.9");
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
    fn better_wanted_is_a_lack_better_said_of_something_is_praise() {
        assert!(feelings("You need a better system for this.").case_sentiment < 0.0);
        assert!(feelings("Do better.").case_sentiment < 0.0);
        assert!(feelings("It's a better player than the old one.").case_sentiment > 0.0);
        assert!(feelings("This one is much better.").case_sentiment > 0.0);
        assert!(feelings("In my opinion a better choice than the old one.").case_sentiment > 0.0);
        assert!(feelings("The software has a better filing system.").case_sentiment > 0.0);
    }

    #[test]
    fn not_yet_is_negation_not_contrast() {
        assert!(feelings("Good player, but this technology is not yet great.").case_sentiment < 0.3);
        assert!(feelings("It is not yet great.").case_sentiment < 0.0);
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
        // A topic word ("help", "phone") after thanks names no failure: still thanks.
        for text in ["Thanks for the help on the phone today.", "Thank you for your help!"] {
            let f = feelings(text);
            assert!(
                !f.feelings.iter().any(|x| x.evidence.iter().any(|e| e.contains("sarcasm"))),
                "{text}: {:?}",
                f.feelings
            );
        }
        // A topic is no failure, and thanks are for what follows "for", not for a failure mended.
        for text in
            ["Good for the price.", "@airline thanks for the quick reply!", "Thank you for refunding my lost bags."]
        {
            let f = feelings(text);
            assert!(f.feelings.iter().all(|x| x.emotion != "sarcasm"), "{text}: {:?}", f.feelings);
        }
    }

    #[test]
    fn a_one_word_comment_on_bad_news_is_sarcasm() {
        assert!(feelings("My bag never arrived. Great.").feelings.iter().any(|f| f.emotion == "sarcasm"));
        assert!(feelings("No apology at all, this is awful. Cool.").case_sentiment < 0.0);
        // Thanks and smileys after bad news soften it; praise after good news is praise.
        assert!(feelings("My bag never arrived. Thanks.").feelings.iter().all(|f| f.emotion != "sarcasm"));
        assert!(feelings("The crew were lovely. Great!").case_sentiment > 0.0);
        // A verdict said of something named is no bare comment: praise of it.
        assert!(feelings("How have I not heard this band until now? It's fantastic.").case_sentiment > 0.0);
        assert!(feelings("My bag never arrived. Just great.").feelings.iter().any(|f| f.emotion == "sarcasm"));
    }

    #[test]
    fn a_denied_failure_is_no_bad_news() {
        let denied = feelings("Nothing has broken on it.").case_sentiment;
        let stated = feelings("It has broken.").case_sentiment;
        assert!(denied > stated, "{denied} > {stated}");
        assert!(feelings("I can't believe it never arrived.").case_sentiment < 0.0);
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
        // Someone else's joy is not the writer's emotion, but still reads as good news.
        let (r, w) = (&feelings("She was thrilled.").feelings[0], &feelings("I was thrilled.").feelings[0]);
        assert!(r.intensity <= 0.5 * w.intensity + 1e-6, "{r:?} {w:?}");
        assert!(r.valence > 0.7 * w.valence, "{r:?} {w:?}");
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
        assert!(feelings("It should have been great.").case_sentiment < 0.0);
        assert!(feelings("The zoom could be better.").case_sentiment < 0.0);
        // Expectation and hedged praise are praise.
        assert!(feelings("It might be the best camera I have owned.").case_sentiment > 0.0);
        assert!(feelings("This should be interesting.").case_sentiment > 0.0);
    }

    #[test]
    fn judgements_in_a_story_told_describe_its_characters() {
        let f = feelings("He hires a brilliant but ruthless lawyer to defend his brother.");
        assert!(f.feelings.iter().filter(|x| x.valence != 0.0).all(|x| x.reported), "{:?}", f.feelings);
        // The work judged is the writer's verdict, even in the story.
        let f = feelings("His latest film is a fascinating portrait of her family.");
        assert!(f.feelings.iter().any(|x| x.text == "fascinating" && !x.reported), "{:?}", f.feelings);
        // Anyone who speaks as "I" or to "you" is telling their own case: their judgements count.
        let f = feelings("He was rude. I want a refund.");
        assert!(f.feelings.iter().any(|x| x.text == "rude" && !x.reported), "{:?}", f.feelings);
        let f = feelings("Their customer service is terrible.");
        assert!(f.feelings.iter().any(|x| x.text == "terrible" && !x.reported), "{:?}", f.feelings);
    }

    #[test]
    fn laughter_and_smileys_are_outside_negation_and_irrealis() {
        assert!(feelings("Nope :-)").case_sentiment > 0.0);
        assert!(feelings("I have no idea lol.").case_sentiment > 0.0);
        assert!(feelings("That would be splitting the difference LOL.").case_sentiment > 0.0);
    }

    #[test]
    fn a_negator_inside_a_fixed_phrase_negates_nothing_after_it() {
        let f = feelings("DON'T CARE DON'T CARE DON'T CARE");
        assert!(f.feelings.iter().all(|x| x.valence < 0.0 && !x.negated), "{:?}", f.feelings);
    }

    #[test]
    fn a_wish_does_not_reach_across_a_comma() {
        let f = feelings("The game is pretty sweet, I didn't think the 3D would be that good.");
        assert!(f.feelings.iter().any(|x| x.text == "sweet" && x.valence > 0.0), "{:?}", f.feelings);
        assert!(feelings("It would have been better to have a window.").case_sentiment < 0.0);
    }

    #[test]
    fn a_phrase_covering_an_emotion_word_is_read_as_the_phrase() {
        let f = feelings("Buy this camera, you won't regret it.");
        assert!(f.case_sentiment > 0.4, "{:?}", f.feelings);
        assert!(f.feelings.iter().all(|x| x.emotion != "not regret"), "{:?}", f.feelings);
        assert!(feelings("You will not be disappointed.").case_sentiment > 0.4);
        assert!(feelings("I will never buy another one of these.").case_sentiment < -0.4);
    }

    #[test]
    fn praise_asked_about_is_not_asserted() {
        let asked = feelings("Is the camera good?").case_sentiment;
        let said = feelings("The camera is good.").case_sentiment;
        assert!(0.0 < asked && asked < said, "{asked} {said}");
        assert_eq!(feelings("Really? :)").case_sentiment, feelings("Really. :)").case_sentiment);
    }

    #[test]
    fn hope_says_little_about_how_things_are() {
        let f = feelings("I hope you can fix it.");
        let hope = f.feelings.iter().find(|x| x.emotion == "optimism").expect("hope is found");
        assert!(hope.valence > 0.0 && hope.valence < 0.6 * hope.intensity, "{hope:?}");
        assert_eq!(hope.family, "joy", "the emotion stays optimism, only its valence is lower");
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
