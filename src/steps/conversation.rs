//! The conversation view of a transcript, from the client's side. A complaint call is a sequence
//! of turns, and how it went shows in the client: whether their feeling escalated or calmed,
//! whether they had to say something twice, whether their questions got answers. This step
//! reads the findings of the earlier steps turn by turn; it runs only when the case has turns.

use crate::analyze::Doc;
use crate::case::Role;
use crate::lexicon::LexFile;
use crate::report::{Conversation, EmotionPath, Fact, Feeling, Repeat, TurnFeeling, Unanswered};
use crate::steps::feelings::squash;

/// How far the client's sentiment must move (on -1..1) before the trend is more than steady.
pub const TREND_DELTA: f32 = 0.25;

/// Fact kinds whose value names one thing, so the same value given again is a repetition.
/// Relative dates ("today") and events ("called") are not: saying them twice says nothing new.
const REPEATABLE: &[&str] = &["identifier", "money", "date", "email", "phone"];

/// Whether a fact names one thing, so giving it twice is repeating it: an amount, a date, an
/// e-mail, a phone, an identifier — or a long bare number, which is how the facts step sees
/// an order number it cannot name ("A-48213").
pub fn names_one_thing(f: &Fact) -> bool {
    let long_number = f.kind == "number" && f.value.chars().filter(char::is_ascii_digit).count() >= 4;
    (REPEATABLE.contains(&f.kind) || long_number) && !f.value.starts_with("relative:") && !f.value.is_empty()
}

/// Words that open a question even when the client does not type the question mark.
const QUESTION_WORDS: &[&str] = &["how", "what", "when", "where", "why", "who", "which"];
/// Words a question may start with before its question word ("and how long ...").
const LEAD_INS: &[&str] = &["and", "so", "then", "but", "ok", "okay", "well"];

/// The turn each sentence belongs to (an index into `case.turns`), or None outside every turn.
pub fn sentence_turns(doc: &Doc) -> Vec<Option<usize>> {
    let turns = &doc.case.turns;
    doc.sentences
        .iter()
        .map(|s| turns.iter().position(|t| t.span.start <= s.span.start && s.span.start < t.span.end))
        .collect()
}

pub fn follow(doc: &Doc, facts: &[Fact], feelings: &[Feeling]) -> Conversation {
    let turns = &doc.case.turns;
    let of = sentence_turns(doc);
    let customer: Vec<usize> = (0..turns.len()).filter(|&t| turns[t].role == Role::Customer).collect();
    Conversation {
        turns: turns.len(),
        customer_turns: customer.len(),
        agent_turns: turns.len() - customer.len(),
        emotion: emotion_path(&customer, &of, feelings),
        repeats: repeats(doc, &of, facts),
        unanswered: unanswered(doc, &of),
    }
}

fn emotion_path(customer: &[usize], of: &[Option<usize>], feelings: &[Feeling]) -> EmotionPath {
    let path: Vec<TurnFeeling> = customer
        .iter()
        .map(|&t| {
            let here: Vec<&Feeling> = feelings.iter().filter(|f| of.get(f.sentence) == Some(&Some(t))).collect();
            // + 0.0: an empty sum is -0.0, which would print as "-0".
            let sum: f32 = here.iter().map(|f| f.valence).sum::<f32>() + 0.0;
            let strongest = here.iter().max_by(|a, b| a.intensity.total_cmp(&b.intensity));
            TurnFeeling { turn: t + 1, sentiment: squash(sum), emotion: strongest.map(|f| f.emotion.clone()) }
        })
        .collect();
    let start = path.first().map_or(0.0, |p| p.sentiment);
    let end = path.last().map_or(0.0, |p| p.sentiment);
    // The first most negative turn; none when the client never sounded negative.
    let low = path.iter().filter(|p| p.sentiment < 0.0).min_by(|a, b| a.sentiment.total_cmp(&b.sentiment));
    let peak = low.map_or(start.min(end), |p| p.sentiment);
    EmotionPath { start, peak, peak_turn: low.map(|p| p.turn), end, trend: trend(start, peak, end), path }
}

/// Escalating when the client ends more negative than they began; calming when they end less
/// negative than they began, or than their worst moment; steady otherwise.
pub fn trend(start: f32, peak: f32, end: f32) -> &'static str {
    if end < start - TREND_DELTA {
        "escalating"
    } else if end > start + TREND_DELTA || (peak < start - TREND_DELTA && end > peak + TREND_DELTA) {
        "calming"
    } else {
        "steady"
    }
}

/// Whether the turn before `t` is the agent's.
fn after_agent(doc: &Doc, t: usize) -> bool {
    t > 0 && doc.case.turns[t - 1].role == Role::Agent
}

/// Whether the agent's last turn before `t` asked something: a question, or a request cue.
pub fn agent_asked_before(doc: &Doc, of: &[Option<usize>], t: usize) -> bool {
    let Some(a) = (0..t).rev().find(|&k| doc.case.turns[k].role == Role::Agent) else {
        return false;
    };
    doc.sentences.iter().enumerate().filter(|(si, _)| of[*si] == Some(a)).any(|(_, s)| {
        s.question
            || s.matches.iter().any(|m| m.file == LexFile::AgentAsks && doc.lex.entry(m.entry).category == "request")
    })
}

fn repeats(doc: &Doc, of: &[Option<usize>], facts: &[Fact]) -> Vec<Repeat> {
    let turns = &doc.case.turns;
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let Some(t) = of[si] else { continue };
        if turns[t].role != Role::Customer {
            continue;
        }
        for m in s.matches.iter().filter(|m| m.file == LexFile::Repeats) {
            let span = doc.match_span(si, m);
            out.push(Repeat {
                turn: t + 1,
                kind: "marker",
                cue: span.slice(doc.text()).to_string(),
                start: span.start,
                end: span.end,
                first_turn: None,
                prompted: after_agent(doc, t),
                source: doc.lex.entry(m.entry).origin.text(),
            });
        }
    }
    // The same fact given again by the client, with the agent speaking in between: within one
    // turn a client may repeat for emphasis, and that is not being made to repeat.
    let customer_facts: Vec<(usize, &Fact)> = facts
        .iter()
        .filter(|f| names_one_thing(f))
        .filter_map(|f| of.get(f.sentence).copied().flatten().map(|t| (t, f)))
        .filter(|(t, _)| turns[*t].role == Role::Customer)
        .collect();
    for (k, &(t, f)) in customer_facts.iter().enumerate() {
        let earlier = customer_facts[..k].iter().find(|(t0, f0)| {
            f0.kind == f.kind && f0.value == f.value && *t0 < t && (*t0..t).any(|x| turns[x].role == Role::Agent)
        });
        if let Some(&(t0, _)) = earlier {
            out.push(Repeat {
                turn: t + 1,
                kind: "same_fact",
                cue: f.text.clone(),
                start: f.start,
                end: f.end,
                first_turn: Some(t0 + 1),
                prompted: agent_asked_before(doc, of, t),
                source: ["rule:same_", f.kind].concat(),
            });
        }
    }
    out.sort_by_key(|r| (r.start, r.kind));
    out
}

/// A client sentence that asks: it ends with "?", or opens with a question word ("and how
/// long is that going to take") — clients often leave the mark off.
fn is_question(doc: &Doc, si: usize) -> bool {
    let s = &doc.sentences[si];
    if s.question {
        return true;
    }
    let words: Vec<&str> =
        (0..s.tokens.len()).map(|i| s.tokens.norm(i)).filter(|w| w.chars().any(char::is_alphabetic)).collect();
    let mut i = 0;
    while i < words.len() && LEAD_INS.contains(&words[i]) {
        i += 1;
    }
    // "what a mess" exclaims, it does not ask.
    words.get(i).is_some_and(|w| QUESTION_WORDS.contains(w))
        && words.get(i + 1).is_some_and(|w| *w != "a" && *w != "an")
}

/// Whether an agent sentence says something to the client: a statement that is not only
/// courtesy and does not hide behind policy, blame or dismissal.
pub fn informative(doc: &Doc, si: usize) -> bool {
    let s = &doc.sentences[si];
    let words = s.tokens.words().count();
    let courtesy: usize = s.matches.iter().filter(|m| m.file == LexFile::Courtesy).map(|m| m.end - m.start).sum();
    !s.question && words >= 3 && courtesy * 2 < words && !harsh_in(doc, si)
}

/// Whether a sentence carries an agent_harsh cue (not a look-alike).
pub fn harsh_in(doc: &Doc, si: usize) -> bool {
    doc.sentences[si]
        .matches
        .iter()
        .any(|m| m.file == LexFile::AgentHarsh && doc.lex.entry(m.entry).category != "not_harsh")
}

fn unanswered(doc: &Doc, of: &[Option<usize>]) -> Vec<Unanswered> {
    let turns = &doc.case.turns;
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let Some(t) = of[si] else { continue };
        if turns[t].role != Role::Customer || !is_question(doc, si) {
            continue;
        }
        let reply = (t + 1..turns.len()).find(|&k| turns[k].role == Role::Agent);
        let reason = match reply {
            None => "no reply",
            Some(a) if (0..doc.sentences.len()).any(|k| of[k] == Some(a) && informative(doc, k)) => continue,
            Some(_) => "not answered",
        };
        out.push(Unanswered {
            turn: t + 1,
            text: s.span.slice(doc.text()).to_string(),
            start: s.span.start,
            end: s.span.end,
            reason,
        });
    }
    out
}

/// A transcript case built in tests: one "Speaker: text" line per turn, with its turns.
#[cfg(test)]
pub(crate) fn transcript_of(turns: &[(Role, &str, &str)]) -> crate::case::Case {
    use crate::case::{Case, Turn};
    use crate::text::Span;
    let mut text = String::new();
    let mut out = Vec::new();
    for (role, speaker, said) in turns {
        text.push_str(speaker);
        text.push_str(": ");
        let start = text.len();
        text.push_str(said);
        out.push(Turn { speaker: speaker.to_string(), role: *role, time: None, span: Span::new(start, text.len()) });
        text.push('\n');
    }
    let mut case = Case::new("t", text);
    case.turns = out;
    case
}

/// The same, with the speakers labelled by their role.
#[cfg(test)]
pub(crate) fn transcript(turns: &[(Role, &str)]) -> crate::case::Case {
    let named: Vec<(Role, &str, &str)> =
        turns.iter().map(|(r, t)| (*r, if *r == Role::Agent { "Agent" } else { "Customer" }, *t)).collect();
    transcript_of(&named)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;
    use crate::lexicon::Lexicons;
    use crate::steps::prepare::Context;

    fn conversation(turns: &[(Role, &str)]) -> Conversation {
        let a = Analyzer::new(Lexicons::builtin());
        a.analyze(&transcript(turns), &Context::default()).conversation.expect("a transcript has a conversation")
    }

    use Role::{Agent, Customer};

    #[test]
    fn trend_follows_the_client_from_start_to_end() {
        let c = conversation(&[
            (Customer, "My parcel is late."),
            (Agent, "Let me check that for you."),
            (Customer, "This is ridiculous, I am furious and fed up!"),
        ]);
        assert_eq!(c.emotion.trend, "escalating", "{:?}", c.emotion);
        assert_eq!(c.emotion.peak_turn, Some(3));
        let c = conversation(&[
            (Customer, "I am furious, this is a disgrace!"),
            (Agent, "I'm sorry, I will refund it today."),
            (Customer, "ok thanks, that is great."),
        ]);
        assert_eq!(c.emotion.trend, "calming", "{:?}", c.emotion);
        assert_eq!(c.emotion.peak_turn, Some(1));
        assert_eq!(trend(-0.1, -0.2, -0.15), "steady");
        assert_eq!(trend(0.0, -0.8, 0.0), "calming", "back from the peak");
    }

    #[test]
    fn repeat_markers_and_the_same_fact_again() {
        let c = conversation(&[
            (Customer, "My order number is A-48213 and it never came."),
            (Agent, "Could you give me your order number?"),
            (Customer, "As I said, it is A-48213."),
        ]);
        let kinds: Vec<(&str, usize, bool)> = c.repeats.iter().map(|r| (r.kind, r.turn, r.prompted)).collect();
        assert!(kinds.contains(&("marker", 3, true)), "{kinds:?}");
        assert!(kinds.contains(&("same_fact", 3, true)), "{kinds:?}");
        assert_eq!(c.repeats.iter().find(|r| r.kind == "same_fact").and_then(|r| r.first_turn), Some(1));
    }

    #[test]
    fn emphasis_within_a_turn_is_no_repeat() {
        let c = conversation(&[
            (Customer, "You took $1,240.00 and then another $1,240.00."),
            (Agent, "I understand, let me look."),
            (Customer, "Thanks, the payments were on March 3 and March 17."),
        ]);
        assert!(c.repeats.is_empty(), "{:?}", c.repeats);
    }

    #[test]
    fn questions_answered_deflected_or_left() {
        let c = conversation(&[
            (Customer, "Where is my refund?"),
            (Agent, "The refund was approved and leaves our bank today."),
            (Customer, "then why charge for express??"),
            (Agent, "Please calm down. That's our policy."),
            (Customer, "and how long will the refund take"),
        ]);
        let left: Vec<(usize, &str)> = c.unanswered.iter().map(|u| (u.turn, u.reason)).collect();
        assert_eq!(left, vec![(3, "not answered"), (5, "no reply")]);
    }

    #[test]
    fn exclamations_are_not_questions() {
        let c = conversation(&[(Customer, "What a mess this is."), (Agent, "Thanks.")]);
        assert!(c.unanswered.is_empty(), "{:?}", c.unanswered);
    }
}
