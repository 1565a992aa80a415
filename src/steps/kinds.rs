//! Separating facts from feelings, sentence by sentence, as KINDS.md defines them: a fact can be
//! checked against records, a feeling expresses emotion or judgement, mixed does both, neutral
//! neither (questions, requests, greetings). Every sentence says which signals decided its kind.

use crate::analyze::{Doc, SentenceDoc};
use crate::lexicon::LexFile;
use crate::report::{Fact, Kind, Sentence};
use crate::steps::feelings::Feelings;

/// A feeling this weak (|valence| and intensity) is not enough to call a sentence subjective.
const FEELING_FLOOR: f32 = 0.12;
/// Summed stance weight from which a sentence with nothing checkable reads as an opinion: one
/// strong marker ("too", "should", "better", "really", "at all") or two weak ones. A sentence
/// that states nothing checkable and names no feeling, yet takes a position, is an opinion ("it
/// goes on too long", "it should have ended sooner"); narrative markers count against.
const STANCE_FLOOR: f32 = 0.5;

/// Stance markers (stance.tsv) plus intensifiers, negators and contrast words, each counted once.
/// Zero unless one of them is a position taken (a modal, comparative, emphasis, intensifier,
/// negator or contrast): speaking as "I" or to "you" is no position by itself ("Can you help
/// me?", "I look forward to your reply").
fn stance_score(doc: &Doc, s: &SentenceDoc) -> f32 {
    let mut score = 0.0;
    let mut position = false;
    for m in &s.matches {
        let e = doc.lex.entry(m.entry);
        let w = match m.file {
            LexFile::Stance => e.weight,
            LexFile::Intensifiers | LexFile::Contrast => 0.5,
            LexFile::Negators if e.category == "negator" => 0.4,
            _ => 0.0,
        };
        position |= w > 0.0 && !(m.file == LexFile::Stance && e.category == "address");
        score += w;
    }
    if position { score } else { 0.0 }
}

pub fn classify(doc: &Doc, facts: &[Fact], feelings: &Feelings) -> Vec<Sentence> {
    let text = doc.text();
    let mut out = Vec::with_capacity(doc.sentences.len());
    let fact_idx = crate::steps::BySentence::new(doc.sentences.len(), facts.iter().map(|f| f.sentence));
    let feel_idx = crate::steps::BySentence::new(doc.sentences.len(), feelings.feelings.iter().map(|f| f.sentence));
    for (si, s) in doc.sentences.iter().enumerate() {
        let mut why = Vec::new();
        let specifics = &facts[fact_idx.range(si)];
        let checkable = specifics.iter().any(|f| f.kind != "event");
        let events = specifics.iter().filter(|f| f.kind == "event").count();
        let mut fact = checkable || events > 0;
        if checkable {
            why.push(listing("specifics: ", specifics.iter().filter(|f| f.kind != "event").map(|f| f.kind)));
        }
        if events > 0 {
            why.push(listing("events: ", specifics.iter().filter(|f| f.kind == "event").map(|f| f.text.as_str())));
        }
        let strong = feelings.feelings[feel_idx.range(si)]
            .iter()
            .filter(|f| !f.reported && !f.evoked && (f.valence.abs() >= FEELING_FLOOR || f.intensity >= FEELING_FLOOR))
            .map(|f| f.text.as_str());
        let mut feeling = strong.clone().next().is_some();
        if feeling {
            why.push(listing("feelings: ", strong));
        }
        // Opinion without opinion words: several stance markers and nothing checkable
        // ("it isn't nearly as good as it should have been").
        // A sentence carrying a dispute cue ("never", "I was told") leans to a claim, so it needs
        // half as much stance again to read as an opinion.
        let claim_cue = s.matches.iter().any(|m| m.file.reason().is_some());
        if !feeling && !checkable && events == 0 {
            let stance = stance_score(doc, s);
            let floor = if claim_cue { 1.5 * STANCE_FLOOR } else { STANCE_FLOOR };
            if stance >= floor {
                feeling = true;
                why.push(format!("stance: {stance:.1} (modal, comparative, emphasis, address)"));
            }
        }
        if feelings.expressive[si] {
            feeling = true;
            why.push("expressive: capitals, exclamation or a first-person feeling".into());
        }
        // "They ignored my emails", "we increased the grants": an action in the past, done by
        // someone named as the subject, happened or did not (rule:past_action).
        if !fact
            && !s.question
            && let Some(action) = past_action(s)
        {
            why.push(format!("past action: {action} (rule:past_action)"));
            fact = true;
        }
        if fact && states_intention(s) {
            // "We will balance the budget by 2030", "I want to cut taxes 10 percent": a promise,
            // plan or wish names specifics that no record can confirm yet.
            why.push("intention: a plan or promise, not a record (rule:stated_intention)".into());
            fact = false;
        }
        if s.question || (!checkable && is_request(s)) {
            // A question claims nothing, even when it names specifics ("Can you confirm the
            // order from March 3?"); nor does a request without specifics ("Please refund me").
            // Emotion in either still counts ("Why is this so hard?!").
            if fact {
                why.push(if s.question { "question".into() } else { "request".to_string() });
            }
            fact = false;
        }
        let kind = match (fact, feeling) {
            (true, true) => Kind::Mixed,
            (true, false) => Kind::Fact,
            (false, true) => Kind::Feeling,
            (false, false) => Kind::Neutral,
        };
        out.push(Sentence {
            start: s.span.start,
            end: s.span.end,
            text: s.span.slice(text).to_string(),
            kind,
            speaker: s.speaker,
            sentiment: feelings.sentence_sentiment[si],
            questionable: Vec::new(),
            clauses: s.clause_spans(),
            why,
        });
    }
    out
}

/// Requests and greetings: "please call me back", "can you check", "kindly refund".
pub(crate) fn is_request(s: &SentenceDoc) -> bool {
    let toks = &s.tokens;
    let first_word = (0..toks.len()).find(|&i| toks.list[i].kind != crate::text::TokenKind::Punct);
    let Some(i) = first_word else { return true };
    let w = toks.norm(i);
    if matches!(w, "please" | "pls" | "plz" | "kindly" | "can" | "could" | "would" | "will" | "help") {
        return true;
    }
    // A sentence that is only courtesy ("Thanks!", "Hello") is neutral.
    let courtesy: usize = s.matches.iter().filter(|m| m.file == LexFile::Courtesy).map(|m| m.end - m.start).sum();
    if courtesy == 0 {
        return false;
    }
    // Counting stops past six words: a longer sentence is more than courtesy anyway.
    let words = toks.words().take(7).count();
    words > 0 && courtesy * 2 >= words && words <= 6
}

/// Whether the sentence opens as the speaker's plan, promise or wish (rule:stated_intention):
/// after any discourse markers ("and", "but", "so", "now", "well"), "I" or "we" followed by a
/// future, obligation or volition ("will", "'ll", "must", "should", "shall", "want to", "hope
/// to", "plan to", "intend to", "going to", "'ve got to"). What someone will or wants to do can
/// not be checked against records yet, whatever specifics it names ("we will hire 100,000
/// teachers"). Only the opening counts, so an account that mentions a plan ("I called on March
/// 3 because I want to cancel") stays a fact; "have to" and "need to" are left out because they
/// also report an imposed cost ("I have to pay $200 extra").
pub(crate) fn states_intention(s: &SentenceDoc) -> bool {
    // The longest frame takes four words and the verb after it one more: only the opening five
    // words after the discourse markers are read.
    let mut opening = s.tokens.words().skip_while(|w| is_discourse_marker(w));
    let words: [&str; 5] = std::array::from_fn(|_| opening.next().unwrap_or(""));
    let at = |k: usize| words[k];
    match at(0) {
        "i'll" | "we'll" | "i'm" | "we're" | "i've" | "we've" => {}
        "i" | "we" => {}
        _ => return false,
    }
    let (first, second, third) = (at(0), at(1), at(2));
    // How many words the frame takes ("I" "am" "going" "to"), so the verb after it can be read.
    let frame = match first {
        "i'll" | "we'll" => 1,
        "i'm" | "we're" if second == "going" && third == "to" => 3,
        "i've" | "we've" if second == "got" && third == "to" => 3,
        "i" | "we" if matches!(second, "will" | "must" | "should" | "shall") => 2,
        "i" | "we" if matches!(second, "want" | "hope" | "plan" | "intend" | "got") && third == "to" => 3,
        "i" | "we" if matches!(second, "am" | "are") && third == "going" && at(3) == "to" => 4,
        _ => return false,
    };
    // "I'll tell you what: we have 1,800 warheads", "I will say this": a frame announcing a
    // statement, not a plan; what follows is judged as any statement.
    !matches!(at(frame), "say" | "tell" | "remind" | "point" | "mention" | "note" | "admit" | "repeat")
}

/// A subject pronoun followed by a regular past-tense verb ("they cancelled", "it crashed", "we
/// finally received"; one "-ly" adverb may sit between): the sentence reports an action taken,
/// which KINDS.md counts as checkable even with no date or amount. Past forms of thinking,
/// wanting and feeling ("I believed", "we wanted", "I hoped") report a state of mind, not an
/// event, and are left out, as are participles that name a feeling ("interested", "surprised").
/// A question asks about an action rather than reporting it.
fn past_action(s: &SentenceDoc) -> Option<String> {
    // The words, as an iterator that can be copied to read ahead of a pronoun.
    let mut words = s.tokens.words();
    while let Some(w) = words.next() {
        if !matches!(w, "i" | "we" | "he" | "she" | "they" | "it") {
            continue;
        }
        let mut ahead = words.clone().peekable();
        ahead.next_if(|v| v.len() > 4 && v.ends_with("ly"));
        let Some(v) = ahead.next() else { continue };
        if v.len() >= 5 && v.ends_with("ed") && v.bytes().all(|b| b.is_ascii_lowercase()) && !NOT_ACTIONS.contains(&v) {
            return Some(format!("{w} {v}"));
        }
        // The past said with "did" ("they didn't refund it", "we did cut spending"), the same
        // action report in its emphatic or negated form; a state of mind ("I didn't know") is not.
        if matches!(v, "did" | "didn't") {
            ahead.next_if_eq(&"not");
            if let Some(verb) = ahead.next()
                && verb.bytes().all(|b| b.is_ascii_lowercase())
                && !NOT_ACTION_VERBS.contains(&verb)
            {
                return Some(format!("{w} {v} {verb}"));
            }
        }
    }
    None
}

/// Plain verbs after "did" that report a state of mind, a wish or a perception, not an action.
const NOT_ACTION_VERBS: &[&str] = &[
    "think",
    "want",
    "say",
    "know",
    "believe",
    "mean",
    "like",
    "feel",
    "see",
    "expect",
    "need",
    "ask",
    "try",
    "care",
    "realize",
    "realise",
    "understand",
    "mind",
    "hear",
    "wish",
    "hope",
    "agree",
    "intend",
    "plan",
    "so",
    "too",
    "it",
];

/// Past forms after a pronoun that report a state of mind or a feeling, not an action.
const NOT_ACTIONS: &[&str] = &[
    "believed",
    "wanted",
    "suggested",
    "mentioned",
    "talked",
    "asked",
    "stated",
    "seemed",
    "supposed",
    "concerned",
    "interested",
    "tried",
    "used",
    "needed",
    "decided",
    "liked",
    "loved",
    "called",
    "named",
    "based",
    "hoped",
    "wished",
    "wondered",
    "guessed",
    "assumed",
    "expected",
    "imagined",
    "pleased",
    "surprised",
    "shocked",
    "disappointed",
    "frustrated",
    "annoyed",
    "scared",
    "worried",
    "excited",
    "bored",
    "tired",
    "confused",
    "amazed",
    "impressed",
    "convinced",
    "prepared",
    "determined",
    "committed",
    "opposed",
    "hated",
    "enjoyed",
    "preferred",
    "feared",
    "doubted",
    "agreed",
    "disagreed",
    "considered",
    "intended",
    "planned",
    "deserved",
    "appeared",
];

/// Words that open a sentence without being its subject: "And", "But now", "Well, so".
fn is_discourse_marker(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "but"
            | "so"
            | "now"
            | "well"
            | "then"
            | "because"
            | "look"
            | "first"
            | "second"
            | "third"
            | "also"
            | "again"
            | "instead"
            | "surely"
            | "frankly"
            | "yes"
            | "no"
            | "oh"
    )
}

/// `label` followed by the items, comma-separated, each told once: a repeat in other capitals
/// ("Refund", "refund") is left out. Built in place, as the lists are short and made per sentence.
fn listing<'a>(label: &str, items: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut out = String::with_capacity(label.len() + items.clone().map(|x| x.len() + 2).sum::<usize>());
    out.push_str(label);
    let mut first = true;
    for (k, x) in items.clone().enumerate() {
        if items.clone().take(k).any(|y| y.eq_ignore_ascii_case(x)) {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        out.push_str(x);
        first = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;
    use crate::case::Case;
    use crate::lexicon::Lexicons;
    use crate::report::Kind;
    use crate::steps::prepare::Context;

    fn kinds(text: &str) -> Vec<Kind> {
        let a = Analyzer::new(Lexicons::builtin());
        a.analyze(&Case::new("t", text), &Context::default()).sentences.iter().map(|s| s.kind).collect()
    }

    #[test]
    fn the_four_kinds_of_kinds_md() {
        assert_eq!(kinds("I called on March 3 and was told the refund was processed."), vec![Kind::Fact]);
        assert_eq!(kinds("The package arrived with the box crushed."), vec![Kind::Fact]);
        assert_eq!(kinds("This is ridiculous."), vec![Kind::Feeling]);
        assert_eq!(kinds("I am so frustrated with your company."), vec![Kind::Feeling]);
        assert_eq!(kinds("I've been on hold for 2 hours, this is unacceptable."), vec![Kind::Mixed]);
        assert_eq!(kinds("Your incompetent staff charged me twice."), vec![Kind::Mixed]);
        assert_eq!(kinds("Can you help me?"), vec![Kind::Neutral]);
        assert_eq!(kinds("Please call me back."), vec![Kind::Neutral]);
        assert_eq!(kinds("Thanks."), vec![Kind::Neutral]);
    }

    #[test]
    fn a_position_with_nothing_checkable_is_an_opinion_but_a_pronoun_is_no_position() {
        assert_eq!(kinds("It just goes on too long."), vec![Kind::Feeling]);
        assert_eq!(kinds("It should have ended sooner."), vec![Kind::Feeling]);
        assert_eq!(kinds("I look forward to your reply."), vec![Kind::Neutral]);
    }

    #[test]
    fn a_plan_or_promise_is_not_a_checkable_fact() {
        assert_eq!(kinds("We will hire 100,000 new teachers by 2030."), vec![Kind::Neutral]);
        assert_eq!(kinds("And I want to cut spending 14 percent."), vec![Kind::Neutral]);
        assert_eq!(kinds("We've got to recruit 100,000 new teachers."), vec![Kind::Neutral]);
        // Only the opening counts, and an imposed cost is no plan.
        assert_eq!(kinds("I called on March 3 because I want to cancel."), vec![Kind::Fact]);
        assert_eq!(kinds("I have to pay $200 extra."), vec![Kind::Fact]);
        assert_eq!(kinds("They will charge $40 on March 3."), vec![Kind::Fact]);
        assert_eq!(kinds("I'll tell you what: they charged $40 on March 3."), vec![Kind::Fact]);
    }

    #[test]
    fn an_action_in_the_past_is_a_fact_a_state_of_mind_is_not() {
        assert_eq!(kinds("They ignored my emails."), vec![Kind::Fact]);
        assert_eq!(kinds("We finally received the parts."), vec![Kind::Fact]);
        assert_eq!(kinds("I wanted a different colour."), vec![Kind::Neutral]);
        assert_eq!(kinds("They didn't refund it."), vec![Kind::Fact]);
        assert!(!matches!(kinds("I didn't know that.")[..], [Kind::Fact | Kind::Mixed]), "a state of mind");
        assert_eq!(kinds("Have they shipped it?"), vec![Kind::Neutral]);
    }

    #[test]
    fn amounts_in_words_are_specifics() {
        assert_eq!(kinds("Ninety-eight percent of the customers got a refund."), vec![Kind::Fact]);
        assert_eq!(kinds("Six hundred million people moved."), vec![Kind::Fact]);
        assert_eq!(kinds("Less than a third of our people own homes."), vec![Kind::Fact]);
    }
}
