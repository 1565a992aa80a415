//! What the case is about and what the client wants or threatens: issue families (step 6, frame
//! the problem), remedies requested, and escalation or churn threats (which weigh in triage).

use crate::analyze::Doc;
use crate::lexicon::{ISSUE_FAMILIES, LexFile, Match};
use crate::report::{Issue, Remedy, Threat};

#[derive(Debug, Default)]
pub struct About {
    pub issues: Vec<Issue>,
    /// The summed lexicon weight of the strongest issue family: how clearly a problem is named.
    pub issue_strength: f32,
    pub threats: Vec<Threat>,
    pub remedies: Vec<Remedy>,
}

/// Per issue family: summed weight, the strongest entry's label and weight, evidence.
#[derive(Debug, Default)]
struct FamilyTally<'a> {
    sum: f32,
    label: &'a str,
    best: f32,
    evidence: Vec<String>,
}

/// What a stated event says about the issue when no issue word does: a complaint about calls is
/// about reaching the company, one about charges about billing. Weak evidence, so any issue word
/// outweighs it.
const EVENT_ISSUE: &[(&str, &str, &str)] = &[
    ("contact", "support_access", "contacting support"),
    ("charge", "billing", "charges"),
    ("payment", "billing", "payments"),
    ("refund", "refund", "refund"),
    ("delivery", "delivery", "delivery"),
    ("order", "delivery", "order"),
    ("cancellation", "cancellation", "cancellation"),
    ("booking", "booking", "booking"),
    ("account", "account_access", "account"),
    ("repair", "product_quality", "repair"),
    ("failure", "product_quality", "something not working"),
];
const EVENT_WEIGHT: f32 = 0.2;

/// Words naming checked luggage. A wait or a missed delivery said in the same sentence is about
/// the luggage ("still waiting for our bags", "my bags never arrived"): lost luggage, not a late
/// flight or a parcel — unless the case states an order ("the bag I ordered"), when it is goods.
const LUGGAGE: &[&str] = &["bag", "bags", "luggage", "baggage", "baggages", "suitcase", "suitcases"];

/// Words of waiting in a line or on one. A wait is about what is waited for: in a sentence that
/// names contact with the company ("on the phone", "customer service", "no reply") it is a wait for
/// support, not a delayed flight.
const WAIT_WORDS: &[&str] = &["wait", "waits", "waiting", "waited", "line", "lines", "queue", "queues"];

/// A stated cancellation at least this strong ("cancelled", "flight cancelled") takes in the
/// delay words of the case: a cancelled flight was late first, so "delayed three hours and then
/// cancelled" is a cancellation, with the delay part of it.
const CANCELLATION_SUBSUMES_DELAY: f32 = 0.6;

/// How much more an issue word counts when the client judges it harshly in the same clause
/// (rule:judged, see `judged`).
const JUDGED_WEIGHT: f32 = 1.5;

/// A stated wait ("3 hours", "two weeks") in a case with no issue word: a delay.
const DURATION_WEIGHT: f32 = 0.15;

/// Negators this close before a threat or remedy cancel it ("I don't want to cancel").
const NEGATION_REACH: usize = 2;

pub fn find(doc: &Doc) -> About {
    let mut about = About::default();
    let mut fam: [FamilyTally; ISSUE_FAMILIES.len()] = std::array::from_fn(|_| FamilyTally::default());
    // A bag the client ordered is goods in the post, not luggage.
    let ordered = doc
        .sentences
        .iter()
        .any(|s| s.matches.iter().any(|m| m.file == LexFile::Events && doc.lex.entry(m.entry).category == "order"));
    for (si, s) in doc.sentences.iter().enumerate() {
        // Asked only of delay and delivery words, which most sentences do not have.
        let luggage = || !ordered && (0..s.tokens.len()).any(|k| LUGGAGE.contains(&s.tokens.norm(k)));
        let contact = || {
            s.matches.iter().any(|m| {
                let e = doc.lex.entry(m.entry);
                m.file == LexFile::Issues && e.category == "support_access" && !is_wait(e)
            })
        };
        // Most matches are of other lexicons (feelings, negators, evaluations): skipped first.
        for m in s
            .matches
            .iter()
            .filter(|m| matches!(m.file, LexFile::Issues | LexFile::Events | LexFile::Threats | LexFile::Remedies))
        {
            let e = doc.lex.entry(m.entry);
            let span = doc.match_span(si, m);
            let text = span.slice(doc.text());
            match m.file {
                LexFile::Issues => {
                    // rule:luggage_wait and rule:support_wait: what is waited for decides.
                    let (family, rule) = match e.category.as_str() {
                        "delay" | "delivery" if (e.category == "delivery" || is_wait(e)) && luggage() => {
                            ("lost_or_damaged", Some(("delayed luggage", "rule:luggage_wait")))
                        }
                        "delay" if is_wait(e) && contact() => {
                            ("support_access", Some(("long wait for support", "rule:support_wait")))
                        }
                        c => (c, None),
                    };
                    let Some(i) = ISSUE_FAMILIES.iter().position(|f| *f == family) else {
                        continue;
                    };
                    // Agents name issues too ("sorry about the delay"): count them for less.
                    let w = if s.speaker == Some(crate::case::Role::Agent) { 0.5 } else { 1.0 } * e.weight;
                    let judged = judged(doc, s, m);
                    let w = if judged { w * JUDGED_WEIGHT } else { w };
                    let f = &mut fam[i];
                    f.sum += w;
                    if w > f.best {
                        f.best = w;
                        f.label = rule.map_or(e.extra("label"), |r| r.0);
                    }
                    if f.evidence.len() < 5 {
                        let mut ev = String::with_capacity(text.len() + 64);
                        ev.push('`');
                        ev.push_str(text);
                        ev.push_str("` (");
                        e.origin.push_to(&mut ev);
                        for name in rule.map(|r| r.1).into_iter().chain(judged.then_some("rule:judged")) {
                            ev.push_str(", ");
                            ev.push_str(name);
                        }
                        ev.push(')');
                        f.evidence.push(ev);
                    }
                }
                LexFile::Events => {
                    let Some(&(_, family, label)) = EVENT_ISSUE.iter().find(|(c, _, _)| *c == e.category) else {
                        continue;
                    };
                    let Some(i) = ISSUE_FAMILIES.iter().position(|f| *f == family) else { continue };
                    let f = &mut fam[i];
                    f.sum += EVENT_WEIGHT * e.weight;
                    if f.label.is_empty() {
                        f.label = label;
                    }
                    if f.evidence.len() < 5 {
                        let mut ev = String::with_capacity(text.len() + 48);
                        ev.push_str("event `");
                        ev.push_str(text);
                        ev.push_str("` (");
                        e.origin.push_to(&mut ev);
                        ev.push(')');
                        f.evidence.push(ev);
                    }
                }
                LexFile::Threats if !negated(doc, si, m) && s.speaker != Some(crate::case::Role::Agent) => {
                    about.threats.push(Threat {
                        kind: e.category.clone(),
                        label: e.extra("label").to_string(),
                        text: text.to_string(),
                        start: span.start,
                        end: span.end,
                        source: e.origin.text(),
                    });
                }
                LexFile::Remedies
                    if !negated(doc, si, m) && s.speaker != Some(crate::case::Role::Agent) && asks(doc, si, m) =>
                {
                    about.remedies.push(Remedy {
                        kind: e.category.clone(),
                        text: text.to_string(),
                        start: span.start,
                        end: span.end,
                        source: e.origin.text(),
                    });
                }
                _ => {}
            }
        }
    }
    if fam.iter().all(|f| f.sum < EVENT_WEIGHT) {
        let waits = doc.sentences.iter().filter(|s| s.speaker != Some(crate::case::Role::Agent)).any(|s| {
            (0..s.tokens.len())
                .any(|i| matches!(s.tokens.norm(i), "minutes" | "mins" | "hours" | "hrs" | "days" | "weeks" | "months"))
        });
        if waits {
            let i = ISSUE_FAMILIES.iter().position(|f| *f == "delay").expect("delay is a family");
            fam[i].sum += DURATION_WEIGHT;
            fam[i].label = "waiting";
            fam[i].evidence.push("rule:stated_wait (a duration and no issue word)".into());
        }
    }
    // Families rank by summed weight, except that a stated cancellation ranks with the delay
    // words added to it (and the delay after it): see CANCELLATION_SUBSUMES_DELAY.
    let family = |name: &str| ISSUE_FAMILIES.iter().position(|f| *f == name).expect("a family");
    let (cancellation, delay) = (family("cancellation"), family("delay"));
    let subsumed = fam[cancellation].best >= CANCELLATION_SUBSUMES_DELAY;
    let rank = |i: usize| match i {
        _ if !subsumed => fam[i].sum,
        i if i == cancellation => fam[i].sum + fam[delay].sum,
        i if i == delay => 0.0,
        i => fam[i].sum,
    };
    let mut ranked: Vec<usize> = (0..fam.len()).filter(|&i| fam[i].sum > 0.0).collect();
    ranked.sort_by(|&a, &b| rank(b).total_cmp(&rank(a)).then(a.cmp(&b)));
    let total: f32 = ranked.iter().map(|&i| fam[i].sum).sum();
    about.issue_strength = fam.iter().map(|f| f.sum).fold(0.0, f32::max);
    about.issues = ranked
        .into_iter()
        .map(|i| {
            let f = &mut fam[i];
            Issue {
                family: ISSUE_FAMILIES[i].to_string(),
                label: if f.label.is_empty() { ISSUE_FAMILIES[i].replace('_', " ") } else { f.label.to_string() },
                score: f.sum / total,
                evidence: std::mem::take(&mut f.evidence),
            }
        })
        .collect();
    if subsumed
        && fam[delay].sum > 0.0
        && let Some(c) = about.issues.iter_mut().find(|x| x.family == "cancellation")
    {
        c.evidence.push("rule:cancellation_subsumes_delay (the delay words count for the cancellation)".into());
    }
    about
}

/// rule:judged — the issue word shares its clause with a harsh judgement ("your staff is the
/// worst", "terrible customer service", "the website is useless"): what the client judges is what
/// the complaint is about, more than what is only mentioned beside it.
fn judged(doc: &Doc, s: &crate::analyze::SentenceDoc, m: &Match) -> bool {
    s.matches.iter().any(|x| {
        x.file == LexFile::Evaluations
            && doc.lex.entry(x.entry).weight < 0.0
            && (x.end <= m.start || x.start >= m.end)
            && s.same_clause(x.start.min(m.start), x.start.max(m.start))
    })
}

fn is_wait(e: &crate::lexicon::Entry) -> bool {
    e.words.iter().any(|w| WAIT_WORDS.contains(&w.as_str()))
}

/// A remedy is requested, not just mentioned: "I want a refund", "please refund me", "refund
/// me", "I expect compensation" — not "I was told the refund was processed". The sentence must
/// ask (a request word anywhere before the remedy, or the remedy opening an imperative).
fn asks(doc: &Doc, si: usize, m: &Match) -> bool {
    let s = &doc.sentences[si];
    let first_word = (0..s.tokens.len()).find(|&i| s.tokens.list[i].kind != crate::text::TokenKind::Punct);
    if first_word == Some(m.start) {
        return true;
    }
    (0..m.start).any(|i| {
        matches!(
            s.tokens.norm(i),
            "want"
                | "wanted"
                | "wants"
                | "need"
                | "needs"
                | "demand"
                | "demanding"
                | "expect"
                | "expecting"
                | "request"
                | "requesting"
                | "requested"
                | "asking"
                | "ask"
                | "asked"
                | "please"
                | "pls"
                | "plz"
                | "kindly"
                | "like"
                | "deserve"
                | "should"
                | "must"
                | "give"
                | "issue"
                | "owe"
                | "owed"
                | "entitled"
                | "seeking"
                | "seek"
                | "require"
                | "insist"
                | "can"
                | "could"
                | "would"
                | "will"
        )
    })
}

fn negated(doc: &Doc, si: usize, m: &Match) -> bool {
    doc.sentences[si].negator_before(doc.lex, m.start, NEGATION_REACH, |_| false).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Case;
    use crate::lexicon::Lexicons;

    fn about(text: &str) -> About {
        let lex = Lexicons::builtin();
        let case = Case::new("t", text);
        find(&Doc::new(&case, &lex))
    }

    #[test]
    fn issue_families() {
        assert_eq!(about("You overcharged me on my last bill.").issues[0].family, "billing");
        assert_eq!(about("My flight was delayed five hours.").issues[0].family, "delay");
        assert_eq!(about("My luggage was lost.").issues[0].family, "lost_or_damaged");
        assert_eq!(about("There is an error on my credit report.").issues[0].family, "credit_reporting");
        assert!(about("Hello there.").issues.is_empty());
    }

    #[test]
    fn what_is_waited_for_decides() {
        // rule:luggage_wait: a wait said of luggage is lost luggage, not a late flight.
        let a = about("Still waiting for our bags at the carousel.");
        assert_eq!(a.issues[0].family, "lost_or_damaged");
        assert!(a.issues[0].evidence.iter().any(|e| e.contains("rule:luggage_wait")), "{:?}", a.issues);
        // rule:support_wait: a wait beside contact with the company is a wait for support.
        let a = about("They told me to call and I have been waiting two hours, still waiting.");
        assert_eq!(a.issues[0].family, "support_access", "{:?}", a.issues);
        assert!(a.issues[0].evidence.iter().any(|e| e.contains("rule:support_wait")));
        // Without either, a wait stays a delay; a bag the client ordered is goods, not luggage.
        assert_eq!(about("Still waiting at the gate, two hours late.").issues[0].family, "delay");
        assert_eq!(about("The bag I ordered was never delivered.").issues[0].family, "delivery");
    }

    #[test]
    fn a_cancellation_takes_in_the_delay_before_it() {
        let a = about("My flight was delayed, then delayed again, and finally cancelled.");
        assert_eq!(a.issues[0].family, "cancellation", "{:?}", a.issues);
        assert!(a.issues[0].evidence.iter().any(|e| e.contains("rule:cancellation_subsumes_delay")));
        assert!(a.issues.iter().any(|i| i.family == "delay"), "the delay is still listed");
        assert_eq!(about("My flight was delayed, then delayed again.").issues[0].family, "delay");
    }

    #[test]
    fn a_topic_word_gives_way_to_a_named_problem() {
        // "reservation" names what the call was about; being on hold is what went wrong.
        let a = about("I have been on hold for an hour about my reservation.");
        assert_eq!(a.issues[0].family, "support_access", "{:?}", a.issues);
        assert_eq!(about("The gate agent was rude to my mother.").issues[0].family, "staff_conduct");
        assert_eq!(about("Terrible service from your people.").issues[0].family, "staff_conduct");
    }

    #[test]
    fn what_the_client_judges_counts_more() {
        // rule:judged: "at the gate" and "staff" weigh the same; the staff are the ones judged.
        let a = about("We were left at the gate; your staff is the worst.");
        assert_eq!(a.issues[0].family, "staff_conduct", "{:?}", a.issues);
        assert!(a.issues[0].evidence.iter().any(|e| e.contains("rule:judged")));
        assert_eq!(about("We were left at the gate; your staff came by.").issues[0].family, "delay");
    }

    #[test]
    fn threats_and_remedies_unless_negated() {
        let a = about("I want a refund or I will contact my lawyer.");
        assert!(a.remedies.iter().any(|r| r.kind == "refund"));
        assert!(a.threats.iter().any(|t| t.kind == "legal"));
        assert!(about("I don't want to cancel my account.").threats.is_empty());
        assert!(about("I was told the refund was processed.").remedies.is_empty(), "a mention is no request");
        assert!(!about("Please refund me.").remedies.is_empty());
        assert!(!about("Refund my money now.").remedies.is_empty());
    }
}
