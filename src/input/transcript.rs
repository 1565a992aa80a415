//! Transcripts: speaker turns in a text file, and the role (customer or agent) of each speaker.
//!
//! A turn starts with a line that carries a speaker label, in any of these forms:
//!
//! ```text
//! Customer: my bill is wrong           Cornelius: my bill is wrong
//! [09:14] Cornelius: my bill is wrong  10:02 Priya: let me check
//! AGENT (10:02): let me check          Priya (10:02): let me check
//! ```
//!
//! Lines that do not start a turn continue the previous turn. A turn's span covers only what
//! was said (from after the label to the end of its last non-blank line), never the label or
//! the time. Header-like labels ("Subject:", "From:", "Order number:") are not speakers, and a
//! name label must be capitalised ("Priya", "Mary Ann") unless it is a role word or carries a
//! time.

use crate::case::{Role, Turn};
use crate::input::InputOptions;
use crate::text::Span;
use regex::Regex;
use std::sync::LazyLock;

const TIME: &str = r"(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?";

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"[\p{L}][\p{L}\p{M}\p{N}'’.\-]*";
    let next = r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.\-]*";
    Regex::new(&format!(
        r"^[ \t]*(?:\[(?P<t1>{TIME})\][ \t]*|(?P<t2>{TIME})[ \t]+(?:[-|][ \t]+)?)?(?P<name>{word}(?:[ \t]{next}){{0,2}})(?:[ \t]*[(\[](?P<t3>{TIME})[)\]])?[ \t]*:(?:[ \t]+|$)"
    ))
    .expect("label regex")
});

static COMPANY_GREETING: LazyLock<Regex> = LazyLock::new(|| {
    // a name is capitalised even though the rest ignores case: "this is Sam from", not
    // "this is ridiculous from"
    let name = r"(?-i:\p{Lu}[\p{L}'’\-]*(?:[ \t]\p{Lu}[\p{L}'’\-]*)?)";
    Regex::new(&format!(
        r"(?i)thanks?(?: you)? for (?:calling|contacting|reaching out|getting in touch|choosing|holding)|how (?:can|may|could|might) i (?:help|assist)|my name is {name},? (?:and )?how|this is {name},? (?:from|with|at) |speaking,? how|welcome to |you(?:'ve|’ve| have) reached |you(?:'re|’re| are) through to "
    ))
    .expect("greeting regex")
});

const CUSTOMER_WORDS: &[&str] = &["customer", "client", "caller", "consumer", "user", "me"];
const AGENT_WORDS: &[&str] =
    &["agent", "rep", "representative", "advisor", "adviser", "support", "operator", "staff", "assistant", "bot"];
/// First words of labels that are headers or notes, not speakers.
const NOT_SPEAKERS: &[&str] = &[
    "subject",
    "from",
    "to",
    "cc",
    "bcc",
    "date",
    "sent",
    "re",
    "fw",
    "fwd",
    "dear",
    "note",
    "ps",
    "p.s.",
    "order",
    "account",
    "ref",
    "reference",
    "tracking",
    "ticket",
    "case",
    "invoice",
    "tel",
    "phone",
    "email",
    "e-mail",
    "address",
    "attn",
    "attention",
    "update",
    "edit",
    "total",
    "amount",
    "price",
    "status",
    "step",
    "example",
    "http",
    "https",
    "hi",
    "hello",
    "hey",
    "thanks",
    "regards",
    "sincerely",
    "summary",
    "time",
];

/// A speaker label found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub name: String,
    pub time: Option<String>,
    /// Byte offset in the line where the utterance starts.
    pub rest: usize,
}

/// A turn before roles are known.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawTurn {
    pub speaker: String,
    pub time: Option<String>,
    pub span: Span,
}

fn role_word(name: &str) -> Option<Role> {
    let first = name.split_whitespace().next()?.to_lowercase();
    if CUSTOMER_WORDS.contains(&first.as_str()) {
        Some(Role::Customer)
    } else if AGENT_WORDS.contains(&first.as_str()) {
        Some(Role::Agent)
    } else {
        None
    }
}

/// The speaker label at the start of `line` (without its line break), if there is one.
pub(crate) fn parse_label(line: &str) -> Option<Label> {
    let caps = LABEL.captures(line)?;
    let name = caps.name("name")?.as_str();
    let time = ["t1", "t2", "t3"].iter().find_map(|t| caps.name(t)).map(|m| m.as_str().to_string());
    let first = name.split_whitespace().next()?.to_lowercase();
    let role = role_word(name).is_some();
    if !role {
        if NOT_SPEAKERS.contains(&first.as_str()) {
            return None;
        }
        let capitalised =
            name.split_whitespace().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()));
        if time.is_none() && !capitalised {
            return None;
        }
    }
    Some(Label { name: name.to_string(), time, rest: caps.get(0)?.end() })
}

/// Lines of `text` with the byte offset of their start, without "\n" or "\r\n".
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = at;
        at += l.len();
        let l = l.strip_suffix('\n').unwrap_or(l);
        (start, l.strip_suffix('\r').unwrap_or(l))
    })
}

/// Whether `text` reads as a transcript: at least two lines start a turn, and they are most
/// (more than half) of the non-blank lines.
pub(crate) fn looks_like_transcript(text: &str) -> bool {
    let (mut nonblank, mut labelled) = (0usize, 0usize);
    for (_, line) in lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        nonblank += 1;
        if parse_label(line).is_some() {
            labelled += 1;
        }
    }
    labelled >= 2 && labelled * 2 > nonblank
}

/// The turns of a text transcript, spans into `text`. Lines before the first label belong to
/// no turn.
pub(crate) fn parse_text(text: &str) -> Vec<RawTurn> {
    let mut turns: Vec<RawTurn> = Vec::new();
    for (start, line) in lines(text) {
        if let Some(label) = parse_label(line) {
            let said = &line[label.rest..];
            let trimmed = said.trim_end();
            let from = start + label.rest;
            turns.push(RawTurn { speaker: label.name, time: label.time, span: Span::new(from, from + trimmed.len()) });
        } else if let Some(turn) = turns.last_mut() {
            let trimmed_start = line.len() - line.trim_start().len();
            let content = line.trim();
            if content.is_empty() {
                continue;
            }
            if turn.span.is_empty() {
                turn.span.start = start + trimmed_start;
            }
            turn.span.end = start + trimmed_start + content.len();
        }
    }
    turns
}

/// Whether an utterance greets as the company does ("thank you for calling", "how can I
/// help", "my name is Priya, how ...", "this is Sam from ...", "Sam speaking, how ...").
pub(crate) fn is_company_greeting(said: &str) -> bool {
    COMPANY_GREETING.is_match(said)
}

/// Gives each turn a role, by speaker. The rule, first match wins for each speaker:
///
/// 1. a name listed in `--agent` / `--customer` (`opts.agents`, `opts.customers`, ignoring
///    case) has that role;
/// 2. a label whose first word is a role word has that role: customer, client, caller,
///    consumer, user, me are the customer; agent, rep, representative, advisor, support,
///    operator, staff, assistant, bot are the agent ("Agent Priya" is an agent);
/// 3. a speaker who greets as the company in one of their first two turns (see
///    [`is_company_greeting`]) is an agent;
/// 4. if still no speaker is decided, the first speaker is the agent only if their first turn
///    is such a greeting, and otherwise the customer;
/// 5. every speaker still undecided is an agent when some speaker is already the customer
///    (with two speakers: the other one is the agent), and the customer otherwise.
///
/// Speakers are the same speaker when their labels are equal ignoring case.
pub(crate) fn assign_roles(text: &str, raw: Vec<RawTurn>, opts: &InputOptions) -> Vec<Turn> {
    let mut keys: Vec<String> = Vec::new();
    let mut roles: Vec<Option<Role>> = Vec::new();
    let mut firsts: Vec<Vec<&str>> = Vec::new();
    let mut speaker_of: Vec<usize> = Vec::with_capacity(raw.len());
    for t in &raw {
        let key = t.speaker.trim().to_lowercase();
        let i = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                keys.push(key);
                roles.push(None);
                firsts.push(Vec::new());
                keys.len() - 1
            }
        };
        if firsts[i].len() < 2 {
            firsts[i].push(text.get(t.span.start..t.span.end).unwrap_or(""));
        }
        speaker_of.push(i);
    }
    let listed = |names: &[String], key: &str| names.iter().any(|n| n.trim().to_lowercase() == key);
    for (i, key) in keys.iter().enumerate() {
        roles[i] = if listed(&opts.agents, key) {
            Some(Role::Agent)
        } else if listed(&opts.customers, key) {
            Some(Role::Customer)
        } else {
            role_word(key)
        };
    }
    for i in 0..keys.len() {
        if roles[i].is_none() && firsts[i].iter().any(|s| is_company_greeting(s)) {
            roles[i] = Some(Role::Agent);
        }
    }
    if !keys.is_empty() && roles.iter().all(Option::is_none) {
        let greets = firsts[0].first().is_some_and(|s| is_company_greeting(s));
        roles[0] = Some(if greets { Role::Agent } else { Role::Customer });
    }
    let rest = if roles.contains(&Some(Role::Customer)) { Role::Agent } else { Role::Customer };
    raw.into_iter()
        .zip(speaker_of)
        .map(|(t, i)| Turn { speaker: t.speaker, role: roles[i].unwrap_or(rest), time: t.time, span: t.span })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(line: &str) -> Option<(String, Option<String>, &str)> {
        parse_label(line).map(|l| (l.name, l.time, &line[l.rest..]))
    }

    fn turns(text: &str, opts: &InputOptions) -> Vec<(String, Role, Option<String>, String)> {
        assign_roles(text, parse_text(text), opts)
            .into_iter()
            .map(|t| (t.speaker, t.role, t.time, t.span.slice(text).to_string()))
            .collect()
    }

    #[test]
    fn label_forms() {
        let s = |x: &str| x.to_string();
        assert_eq!(label("Customer: my bill"), Some((s("Customer"), None, "my bill")));
        assert_eq!(label("Agent:   let me check"), Some((s("Agent"), None, "let me check")));
        assert_eq!(label("[09:14] Cornelius: hello"), Some((s("Cornelius"), Some(s("09:14")), "hello")));
        assert_eq!(label("AGENT (10:02): one moment"), Some((s("AGENT"), Some(s("10:02")), "one moment")));
        assert_eq!(label("Priya (10:02): one moment"), Some((s("Priya"), Some(s("10:02")), "one moment")));
        assert_eq!(label("10:02 Priya: one moment"), Some((s("Priya"), Some(s("10:02")), "one moment")));
        assert_eq!(
            label("[2024-03-01 09:14:05] Mary Ann: hi"),
            Some((s("Mary Ann"), Some(s("2024-03-01 09:14:05")), "hi"))
        );
        assert_eq!(label("Customer:"), Some((s("Customer"), None, "")));
    }

    #[test]
    fn not_labels() {
        for line in [
            "Subject: refund",
            "From: me@example.com",
            "Order number: 12345",
            "My order: it never came",
            "Dear Sir:",
            "I called at 10:02 and nobody answered: twice.",
            "see https://example.com",
            "Hi, I'm writing because: my bill",
            "Note: the total is wrong",
        ] {
            assert_eq!(label(line), None, "{line}");
        }
    }

    #[test]
    fn sniffs_transcripts() {
        assert!(looks_like_transcript("Customer: hi\nAgent: hello\n"));
        assert!(looks_like_transcript("Call 2024-01-02\n\nCustomer: hi\nAgent: hello\nCustomer: bill\n"));
        assert!(!looks_like_transcript("Dear team,\nCustomer: hi\nI want a refund.\nThanks\n"));
        assert!(!looks_like_transcript("Subject: refund\nFrom: me\n\nMy parcel never came.\n"));
        assert!(!looks_like_transcript("Customer: just one line\n"));
    }

    #[test]
    fn continuation_lines_and_crlf() {
        let text = "Customer: my bill\r\nis wrong again\r\n\r\nAgent:\r\n  let me check\r\n";
        let t = turns(text, &InputOptions::default());
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].3, "my bill\r\nis wrong again");
        assert_eq!(t[1].3, "let me check");
        assert_eq!(t[1].1, Role::Agent);
    }

    #[test]
    fn role_words() {
        let text = "Caller: hi\nRep: hello\nclient: x\nSupport: y\nme: z\nBot: w\n";
        let roles: Vec<Role> = turns(text, &InputOptions::default()).into_iter().map(|t| t.1).collect();
        use Role::*;
        assert_eq!(roles, [Customer, Agent, Customer, Agent, Customer, Agent]);
    }

    #[test]
    fn greeting_speaker_is_agent_and_other_customer() {
        let text = "Cornelius: Hello? My card was charged twice.\n\
                    Priya: Thank you for calling Acme, how can I help?\n\
                    Cornelius: I said, my card.\n";
        let t = turns(text, &InputOptions::default());
        assert_eq!(t[0].1, Role::Customer);
        assert_eq!(t[1].1, Role::Agent);
        assert_eq!(t[2].1, Role::Customer);
    }

    #[test]
    fn greeting_forms() {
        for s in [
            "Thanks for contacting Acme support.",
            "Good morning, how may I help you?",
            "Hi, my name is Priya, how can I assist?",
            "Hello, this is Sam from Acme Energy.",
            "Sam speaking, how can I help?",
            "Thank you for calling.",
        ] {
            assert!(is_company_greeting(s), "{s}");
        }
        for s in ["Hi, my card was charged twice.", "This is ridiculous from start to end"] {
            assert!(!is_company_greeting(s), "{s}");
        }
    }

    #[test]
    fn first_speaker_is_customer_when_nothing_decides() {
        let text = "Ann: My parcel is late.\nBob: I see, let me look.\nAnn: Thanks.\n";
        let t = turns(text, &InputOptions::default());
        assert_eq!(t[0].1, Role::Customer);
        assert_eq!(t[1].1, Role::Agent);
    }

    #[test]
    fn first_speaker_greeting_is_agent() {
        let text = "Bob: Welcome to Acme, how can I help?\nAnn: My parcel is late.\n";
        let t = turns(text, &InputOptions::default());
        assert_eq!(t[0].1, Role::Agent);
        assert_eq!(t[1].1, Role::Customer);
    }

    #[test]
    fn options_win() {
        let text = "Ann: Thank you for calling, how can I help?\nBob: My parcel is late.\n";
        let opts = InputOptions { customers: vec!["ann".into()], ..InputOptions::default() };
        let t = turns(text, &opts);
        assert_eq!(t[0].1, Role::Customer);
        assert_eq!(t[1].1, Role::Agent);
        let opts = InputOptions { agents: vec!["BOB".into()], ..InputOptions::default() };
        let t = turns("Ann: hi\nBob: hello\n", &opts);
        assert_eq!((t[0].1, t[1].1), (Role::Customer, Role::Agent));
    }

    #[test]
    fn three_speakers_with_known_customer_rest_are_agents() {
        let text = "Customer: my bill\nPriya: let me transfer you\nSam: billing here\n";
        let roles: Vec<Role> = turns(text, &InputOptions::default()).into_iter().map(|t| t.1).collect();
        assert_eq!(roles, [Role::Customer, Role::Agent, Role::Agent]);
    }
}
