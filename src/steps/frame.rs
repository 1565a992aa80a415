//! Steps 4, 6 and 7: let them know you got it, frame the problem, handle the feelings — and the
//! action plan of step 8. Everything is written from the case's own findings: its facts, its
//! main feeling, its issue, what the client asks for and what needs checking. Wording stays calm
//! and neutral; it restates, it never argues.

use crate::analyze::Doc;
use crate::case::Role;
use crate::report::{Dispute, EmotionScore, Fact, Framing, Priority};
use crate::steps::issues::About;
use crate::steps::prepare::Context;

pub struct Input<'a> {
    pub doc: &'a Doc<'a>,
    pub facts: &'a [Fact],
    pub emotions: &'a [EmotionScore],
    pub about: &'a About,
    pub disputes: &'a [Dispute],
    pub complaint: bool,
    pub priority: &'a Priority,
    pub ctx: &'a Context,
}

/// How to answer each emotion family: the step 7 advice.
fn handling(family: &str) -> &'static str {
    match family {
        "anger" => {
            "Name the frustration plainly and take responsibility for what went wrong; do not defend or explain policy first."
        }
        "fear" => "Reassure with specifics: what happens next, by when, and what is already safe.",
        "sadness" => "Acknowledge the disappointment and what it cost them; show what will be different.",
        "disgust" => "Take the complaint seriously without minimising; say what will be checked and corrected.",
        "surprise" => "Explain clearly what happened and why, in plain words.",
        "joy" => "Thank them and confirm what went well; keep it short.",
        _ => "Keep a calm, specific tone and confirm you have understood.",
    }
}

pub fn write(i: &Input) -> Framing {
    let main = i.emotions.first();
    let issue = i.about.issues.first();
    // The client's own facts: in a transcript, what the agent said is not what we acknowledge.
    let client_facts: Vec<&Fact> =
        i.facts.iter().filter(|f| i.doc.sentences[f.sentence].speaker != Some(Role::Agent)).collect();
    let key_facts = key_facts(&client_facts);
    let acknowledge = acknowledge(i, main, &key_facts);
    let wants = remedies(i.about);
    let problem = match issue {
        Some(x) => {
            let family = x.family.replace('_', " ");
            let mut p = if x.label == family {
                capitalise(&family)
            } else {
                let mut p = capitalise(&x.label);
                p.push_str(" (");
                p.push_str(&family);
                p.push(')');
                p
            };
            if !key_facts.is_empty() {
                p.push_str(": ");
                push_joined(&mut p, &key_facts);
            }
            if !wants.is_empty() {
                p.push_str("; the client asks for ");
                push_and(&mut p, &wants);
            }
            p.push('.');
            p
        }
        None if i.complaint => {
            if wants.is_empty() {
                "The issue is not named clearly; ask the client what outcome they want.".into()
            } else {
                let mut p = String::from("The client asks for ");
                push_and(&mut p, &wants);
                p.push_str("; the underlying issue needs confirming.");
                p
            }
        }
        None => "No problem reported; the message needs a reply, not a resolution.".into(),
    };
    let feelings = match main {
        Some(e) => ["Main feeling: ", &e.emotion, " (", &e.family, "). ", handling(&e.family)].concat(),
        None => handling("").to_string(),
    };
    Framing { acknowledge, problem, feelings, actions: actions(i, issue.map(|x| x.family.as_str()), &wants) }
}

fn acknowledge(i: &Input, main: Option<&EmotionScore>, facts: &[&str]) -> String {
    if !i.complaint {
        return match main {
            Some(e) if e.family == "joy" => "Thank you for letting us know — we're glad to hear it.".into(),
            _ => "Thank you for getting in touch; here is what we can tell you.".into(),
        };
    }
    let mut out = String::with_capacity(256);
    out.push_str("I understand there's been a problem with ");
    match i.about.issues.first() {
        // "your refund (refund" says nothing twice: the label only when it adds to the family.
        Some(x) if same_words(&x.label, &x.family) => {
            out.push_str(family_phrase(&x.family));
            out.push_str(" (");
        }
        Some(x) => {
            out.push_str(family_phrase(&x.family));
            out.push_str(" (");
            out.push_str(&x.label);
        }
        None => out.push_str("what happened ("),
    }
    if !facts.is_empty() {
        if !out.ends_with('(') {
            out.push_str("; ");
        }
        push_joined(&mut out, facts);
    }
    if out.ends_with('(') {
        out.truncate(out.len() - 2);
    } else {
        out.push(')');
    }
    if let Some(e) = main.filter(|e| e.family != "joy") {
        out.push_str(", and I can see why you feel ");
        match feeling_word(&e.emotion) {
            Some(w) => out.push_str(w),
            None => {
                out.push_str(&e.emotion);
                out.push_str(" about this");
            }
        }
    }
    out.push_str(". Thank you for setting it out so clearly.");
    out
}

/// Whether an issue's label is its family name with spaces for underscores.
fn same_words(label: &str, family: &str) -> bool {
    label.len() == family.len() && label.bytes().zip(family.bytes()).all(|(l, f)| l == if f == b'_' { b' ' } else { f })
}

/// What an issue family is about, said to the client.
fn family_phrase(family: &str) -> &'static str {
    match family {
        "billing" => "your bill",
        "refund" => "your refund",
        "delivery" => "your delivery",
        "delay" => "a delay",
        "cancellation" => "a cancellation",
        "lost_or_damaged" => "a lost or damaged item",
        "product_quality" => "the product or service",
        "staff_conduct" => "how you were treated",
        "support_access" => "reaching us",
        "account_access" => "access to your account",
        "booking" => "your booking",
        "credit_reporting" => "your credit report",
        "debt_collection" => "a debt collection",
        "fraud" => "possible fraud on your account",
        "privacy" => "your personal data",
        _ => "your case",
    }
}

/// An emotion name as an adjective a person would say ("frustration" -> "frustrated"), when
/// there is one.
fn feeling_word(emotion: &str) -> Option<&'static str> {
    let table = [
        ("frustration", "frustrated"),
        ("anger", "angry"),
        ("annoyance", "annoyed"),
        ("disappointment", "disappointed"),
        ("dissatisfaction", "let down"),
        ("worry", "worried"),
        ("anxiety", "anxious"),
        ("fear", "worried"),
        ("sadness", "upset"),
        ("disgust", "appalled"),
        ("outrage", "outraged"),
        ("disbelief", "shocked"),
        ("sarcasm", "fed up"),
        ("disapproval", "unhappy with this"),
        ("contempt", "appalled"),
        ("distress", "distressed"),
        ("terror", "frightened"),
        ("panic", "panicked"),
        ("grief", "heartbroken"),
        ("shock", "shocked"),
        ("revulsion", "appalled"),
        ("exhaustion", "worn out"),
    ];
    table.iter().find(|(e, _)| *e == emotion).map(|(_, w)| *w)
}

/// The most informative facts, shortest description first: money, dates, counts, identifiers.
fn key_facts<'a>(facts: &[&'a Fact]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for kind in ["money", "identifier", "date", "count", "duration"] {
        if let Some(f) = facts.iter().find(|f| f.kind == kind && !f.personal && f.value != "unknown") {
            out.push(f.text.as_str());
        }
        if out.len() == 3 {
            break;
        }
    }
    out
}

fn remedies(about: &About) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in &about.remedies {
        let k = r.kind.replace('_', " ");
        if !v.contains(&k) {
            v.push(k);
        }
    }
    v
}

fn actions(i: &Input, family: Option<&str>, wants: &[String]) -> Vec<String> {
    let mut a = Vec::new();
    if i.complaint {
        let score = i.priority.score.to_string();
        a.push(["Reply first with the acknowledgement; priority ", i.priority.level, " (", &score, ")."].concat());
    }
    // What the records contradict matters most, then what contradicts itself, then wording cues.
    let rank = |d: &&Dispute| match d.reason {
        "record_mismatch" => 0,
        "contradiction" => 1,
        "implausible" => 2,
        "unsupported" => 3,
        "hearsay" => 4,
        "hedge" => 5,
        _ => 6,
    };
    let mut to_check: Vec<&Dispute> = i.disputes.iter().collect();
    to_check.sort_by_key(|d| (rank(d), d.start));
    to_check.truncate(3);
    for d in &to_check {
        a.push(["Check before agreeing or disagreeing (", d.reason, ": \"", &d.cue, "\"): ", &d.ask].concat());
    }
    if let Some(f) = family {
        let step = match f {
            "billing" => {
                "Pull the account's charges for the dates mentioned and compare them with the client's figures."
            }
            "refund" => "Look up the refund's status and give the client a date it will reach them.",
            "delivery" | "delay" => "Trace the order or journey and give a confirmed new date.",
            "cancellation" => "Confirm the cancellation's status and any fees in writing.",
            "lost_or_damaged" => {
                "Open a claim for the lost or damaged item and tell the client what evidence is needed."
            }
            "product_quality" => "Arrange inspection, repair or replacement of the product.",
            "staff_conduct" => "Review the interaction with the staff member's team lead.",
            "support_access" => "Give the client a direct contact and a named owner so they need not queue again.",
            "account_access" => "Verify identity and restore access; check for unauthorised activity.",
            "booking" => "Correct the booking and send the confirmation.",
            "credit_reporting" => "Investigate the disputed credit report entry and correct it if it is wrong.",
            "debt_collection" => "Validate the debt and pause collection while it is verified.",
            "fraud" => "Escalate to the fraud team and secure the account today.",
            "privacy" => "Escalate to the data protection officer.",
            _ => "Confirm the issue with the client and agree the outcome they want.",
        };
        a.push(step.to_string());
    }
    for w in wants {
        a.push(["Decide on the ", w, " requested and tell the client the outcome."].concat());
    }
    if i.about.threats.iter().any(|t| matches!(t.kind.as_str(), "legal" | "regulator")) {
        a.push("Escalate to a senior reviewer: the client mentions legal or regulatory action.".into());
    }
    if !i.ctx.report.earlier_cases.is_empty() {
        let mut read = String::from("Read the client's earlier case(s) first: ");
        push_joined(&mut read, &i.ctx.report.earlier_cases);
        read.push('.');
        a.push(read);
    }
    if i.complaint {
        a.push("Name an owner and a time for the next update, and keep to it.".into());
    }
    let _ = i.doc;
    a
}

fn capitalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 64);
    let mut c = s.chars();
    if let Some(f) = c.next() {
        out.extend(f.to_uppercase());
        out.push_str(c.as_str());
    }
    out
}

/// Appends the items separated by ", ".
fn push_joined<S: AsRef<str>>(out: &mut String, items: &[S]) {
    for (k, x) in items.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        out.push_str(x.as_ref());
    }
}

/// Appends "a", "a and b", "a, b and c".
fn push_and(out: &mut String, items: &[String]) {
    match items {
        [] => {}
        [one] => out.push_str(one),
        [rest @ .., last] => {
            push_joined(out, rest);
            out.push_str(" and ");
            out.push_str(last);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;
    use crate::case::Case;
    use crate::lexicon::Lexicons;
    use crate::steps::prepare::Context;

    fn framing(text: &str) -> crate::report::Framing {
        Analyzer::new(Lexicons::builtin()).analyze(&Case::new("t", text), &Context::default()).framing
    }

    #[test]
    fn framing_is_written_from_the_case() {
        let a = framing("I am so frustrated. You charged me $1,240.00 twice on my bill. I want a refund.");
        assert!(a.acknowledge.contains("$1,240.00"), "{}", a.acknowledge);
        assert!(a.acknowledge.contains("frustrated"), "{}", a.acknowledge);
        assert!(a.problem.to_lowercase().contains("billing"), "{}", a.problem);
        assert!(a.problem.contains("refund"), "{}", a.problem);
        assert!(a.actions.iter().any(|x| x.contains("refund")), "{:?}", a.actions);
        let b = framing("My parcel is lost and I'm worried it was stolen from my porch.");
        assert_ne!(a.acknowledge, b.acknowledge);
        assert_ne!(a.feelings, b.feelings);
    }

    #[test]
    fn a_label_equal_to_its_family_is_not_repeated() {
        let a = framing("I want a refund, it has been three weeks and nothing.");
        assert!(!a.acknowledge.contains("refund (refund"), "{}", a.acknowledge);
        assert!(!a.problem.starts_with("Refund (refund)"), "{}", a.problem);
    }

    #[test]
    fn disputes_become_checks_before_agreeing() {
        let a = framing("I was told the refund was processed. I am angry.");
        assert!(a.actions.iter().any(|x| x.starts_with("Check before agreeing")), "{:?}", a.actions);
    }

    #[test]
    fn record_checks_come_before_wording_cues() {
        let r = crate::steps::prepare::Context {
            date: crate::steps::facts::date::Ymd::new(2026, 3, 20),
            ..Default::default()
        };
        let a = Analyzer::new(Lexicons::builtin())
            .analyze(
                &Case::new(
                    "t",
                    "I think I called several times. You always ignore me. On March 3 you charged me $480.00 for the repair. My statement shows the charge as $520.00.",
                ),
                &r,
            )
            .framing;
        let first = a.actions.iter().find(|x| x.starts_with("Check before")).expect("a check");
        assert!(first.contains("contradiction"), "{:?}", a.actions);
    }

    #[test]
    fn praise_gets_thanks_not_an_apology() {
        let a = framing("Thank you, the engineer was brilliant and fixed it in minutes.");
        assert!(a.acknowledge.starts_with("Thank you"), "{}", a.acknowledge);
    }
}
