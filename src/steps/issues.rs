//! What the case is about and what the client wants or threatens: issue families (step 6, frame
//! the problem), remedies requested, and escalation or churn threats (which weigh in triage).

use crate::analyze::Doc;
use crate::lexicon::{ISSUE_FAMILIES, LexFile, Match};
use crate::report::{Issue, Remedy, Threat};

#[derive(Debug, Default)]
pub struct About {
    pub issues: Vec<Issue>,
    /// The summed lexicon weight of the leading issue family: how clearly a problem is named.
    pub issue_strength: f32,
    pub threats: Vec<Threat>,
    pub remedies: Vec<Remedy>,
}

/// Per issue family: summed weight, the strongest entry's label and weight, evidence.
#[derive(Debug, Clone, Default)]
struct FamilyTally {
    sum: f32,
    label: String,
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
/// A stated wait ("3 hours", "two weeks") in a case with no issue word: a delay.
const DURATION_WEIGHT: f32 = 0.15;

/// Negators this close before a threat or remedy cancel it ("I don't want to cancel").
const NEGATION_REACH: usize = 2;

pub fn find(doc: &Doc) -> About {
    let mut about = About::default();
    let mut fam: Vec<FamilyTally> = vec![FamilyTally::default(); ISSUE_FAMILIES.len()];
    for (si, s) in doc.sentences.iter().enumerate() {
        for m in &s.matches {
            let e = doc.lex.entry(m.entry);
            let span = doc.match_span(si, m);
            let text = span.slice(doc.text()).to_string();
            match m.file {
                LexFile::Issues => {
                    let Some(i) = ISSUE_FAMILIES.iter().position(|f| *f == e.category) else {
                        continue;
                    };
                    // Agents name issues too ("sorry about the delay"): count them for less.
                    let w = if s.speaker == Some(crate::case::Role::Agent) { 0.5 } else { 1.0 } * e.weight;
                    let f = &mut fam[i];
                    f.sum += w;
                    if w > f.best {
                        f.best = w;
                        f.label = e.extra("label").to_string();
                    }
                    if f.evidence.len() < 5 {
                        f.evidence.push(format!("`{}` ({})", text, e.origin));
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
                        f.label = label.to_string();
                    }
                    if f.evidence.len() < 5 {
                        f.evidence.push(format!("event `{}` ({})", text, e.origin));
                    }
                }
                LexFile::Threats if !negated(doc, si, m) && s.speaker != Some(crate::case::Role::Agent) => {
                    about.threats.push(Threat {
                        kind: e.category.clone(),
                        label: e.extra("label").to_string(),
                        text,
                        start: span.start,
                        end: span.end,
                        source: e.origin.to_string(),
                    });
                }
                LexFile::Remedies
                    if !negated(doc, si, m) && s.speaker != Some(crate::case::Role::Agent) && asks(doc, si, m) =>
                {
                    about.remedies.push(Remedy {
                        kind: e.category.clone(),
                        text,
                        start: span.start,
                        end: span.end,
                        source: e.origin.to_string(),
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
            fam[i].label = "waiting".into();
            fam[i].evidence.push("rule:stated_wait (a duration and no issue word)".into());
        }
    }
    let mut ranked: Vec<(usize, &FamilyTally)> = fam.iter().enumerate().filter(|(_, f)| f.sum > 0.0).collect();
    ranked.sort_by(|a, b| b.1.sum.total_cmp(&a.1.sum).then(a.0.cmp(&b.0)));
    let total: f32 = ranked.iter().map(|r| r.1.sum).sum();
    about.issue_strength = ranked.first().map_or(0.0, |r| r.1.sum);
    about.issues = ranked
        .into_iter()
        .map(|(i, f)| Issue {
            family: ISSUE_FAMILIES[i].to_string(),
            label: if f.label.is_empty() { ISSUE_FAMILIES[i].replace('_', " ") } else { f.label.clone() },
            score: f.sum / total,
            evidence: f.evidence.clone(),
        })
        .collect();
    about
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
