//! The agent scorecard: how the representative in a transcript followed the method. The method
//! is about the answer, not the complaint — acknowledge the feeling before disputing anything,
//! show the problem was understood, ask rather than assume, never be harsh back, say only what
//! is sure, frame the problem as solvable, own a next step with a time, and never make the client
//! say it twice. Each of those is one entry, marked `done`, `missed` or `against` (the agent did
//! the opposite), with the turns and lexicon cues that decided it, so a team lead can check every
//! mark against the transcript. Cues are data (agent_cues.tsv, agent_harsh.tsv, agent_asks.tsv,
//! repeats.tsv, hedges.tsv); the rules that combine them are here.
//!
//! Score: each entry has a weight (the weights add up to 100). `done` earns it, `missed` earns
//! nothing, `against` costs half of it again (so it is 1.5 times worse than missing), and the
//! total is clamped to 0..100. Never being harsh weighs most (20): one harsh line can undo a
//! call. Acknowledging and owning a next step follow (15 each): they are what restores trust.
//! The rest weigh 10.

use crate::analyze::Doc;
use crate::case::Role;
use crate::lexicon::{LexFile, Match};
use crate::report::{AgentCard, AgentStep, Conversation, CueRef, Fact, Feeling, Mark, Report};
use crate::steps::conversation::{harsh_in, names_one_thing, sentence_turns};
use crate::text::TokenKind;
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub struct Input<'a> {
    pub doc: &'a Doc<'a>,
    pub facts: &'a [Fact],
    pub feelings: &'a [Feeling],
    pub conversation: &'a Conversation,
}

/// One entry of the scorecard: its id, how a reviewer reads it, its step of the method, weight.
pub struct Entry {
    pub step: &'static str,
    pub label: &'static str,
    pub method: &'static str,
    pub weight: u8,
}

pub const ENTRIES: [Entry; 8] = [
    Entry {
        step: "acknowledge_first",
        label: "acknowledged the feeling before disputing any fact",
        method: "let them know you got it",
        weight: 15,
    },
    Entry {
        step: "restate",
        label: "restated the problem so the client knows it was understood",
        method: "let them know you got it",
        weight: 10,
    },
    Entry { step: "ask_facts", label: "asked for the facts rather than assuming", method: "get the facts", weight: 10 },
    Entry {
        step: "no_harsh_words",
        label: "no harsh, blaming or dismissive words",
        method: "handle the feelings",
        weight: 20,
    },
    Entry {
        step: "no_unsure_promises",
        label: "no hedged or unverifiable promises",
        method: "dispute the facts",
        weight: 10,
    },
    Entry { step: "positive_framing", label: "framed the problem positively", method: "frame the problem", weight: 10 },
    Entry {
        step: "next_step",
        label: "gave a concrete next step with an owner and a time",
        method: "handle the problem",
        weight: 15,
    },
    Entry {
        step: "no_repeating",
        label: "did not make the client repeat themselves",
        method: "handle the feelings",
        weight: 10,
    },
];

/// How much worse `against` is than `missed`, as a multiple of the entry's weight.
pub const AGAINST_COST: f32 = 1.5;

/// Cues below this confidence are too ambiguous to decide a mark on their own.
const MIN_CONFIDENCE: f32 = 0.5;

/// Fact kinds an agent can echo to show the problem was heard (personal data is read back, not
/// restated, and events are too generic to show understanding).
const ECHO_KINDS: &[&str] = &["money", "date", "identifier", "count", "duration", "time"];

/// Fact kinds that put a time on a commitment.
const TIME_KINDS: &[&str] = &["date", "time", "duration"];

/// Units after a number that make it a time ("within 2 business days", "in 10 minutes").
const TIME_UNITS: &[&str] = &[
    "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "business",
    "working",
];

/// Ask categories of agent_asks.tsv whose answer the client can have given before, and the fact
/// kinds that answer them.
const ASKED_AGAIN: &[(&str, &str)] = &[("identifier", "identifier"), ("email", "email"), ("phone", "phone")];

/// How many tokens may sit between what is asked and "again" ("your details again here").
const AGAIN_REACH: usize = 2;

/// Speaker labels that name a role, not a person.
const ROLE_LABELS: &[&str] = &[
    "agent",
    "rep",
    "representative",
    "advisor",
    "adviser",
    "support",
    "operator",
    "staff",
    "assistant",
    "bot",
    "customer",
    "client",
    "caller",
];

/// Reading helpers over one transcript.
struct View<'a> {
    doc: &'a Doc<'a>,
    facts: &'a [Fact],
    fact_idx: crate::steps::BySentence,
    of: Vec<Option<usize>>,
}

impl<'a> View<'a> {
    fn role(&self, si: usize) -> Option<Role> {
        self.of[si].map(|t| self.doc.case.turns[t].role)
    }

    fn agent_sentences(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.doc.sentences.len()).filter(|&si| self.role(si) == Some(Role::Agent))
    }

    fn customer_sentences(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.doc.sentences.len()).filter(|&si| self.role(si) == Some(Role::Customer))
    }

    /// Matches of `file` in sentence `si` whose category is one of `cats` and confident enough.
    fn matches(&self, si: usize, file: LexFile, cats: &[&str]) -> Vec<&'a Match> {
        let doc = self.doc;
        doc.sentences[si]
            .matches
            .iter()
            .filter(|m| m.file == file)
            .filter(|m| {
                let e = doc.lex.entry(m.entry);
                cats.contains(&e.category.as_str()) && e.weight >= MIN_CONFIDENCE
            })
            .collect()
    }

    fn has(&self, si: usize, file: LexFile, cats: &[&str]) -> bool {
        !self.matches(si, file, cats).is_empty()
    }

    fn cue(&self, si: usize, m: &Match) -> CueRef {
        let e = self.doc.lex.entry(m.entry);
        let span = self.doc.match_span(si, m);
        self.cue_at(si, span.start, span.end, &e.category, e.origin.text())
    }

    fn cue_at(&self, si: usize, start: usize, end: usize, category: &str, source: String) -> CueRef {
        let t = self.of[si].unwrap_or(0);
        CueRef {
            turn: t + 1,
            speaker: self.doc.case.turns.get(t).map_or_else(String::new, |x| x.speaker.clone()),
            text: self.doc.text().get(start..end).unwrap_or("").to_string(),
            category: category.to_string(),
            start,
            end,
            source,
        }
    }

    fn cues(&self, si: usize, file: LexFile, cats: &[&str]) -> Vec<CueRef> {
        self.matches(si, file, cats).into_iter().map(|m| self.cue(si, m)).collect()
    }

    /// Harsh cues of a sentence, leaving out those a negator cancels ("I'm not saying it's
    /// your fault").
    fn harsh(&self, si: usize) -> Vec<CueRef> {
        self.matches(si, LexFile::AgentHarsh, &["harsh", "blaming", "dismissive", "policy"])
            .into_iter()
            .filter(|m| !negated(self.doc, si, m))
            .map(|m| self.cue(si, m))
            .collect()
    }

    /// What an asking sentence asks for: its agent_asks cues other than the request words,
    /// leaving out those negated ("please don't provide your order details" asks nothing).
    fn asked_for(&self, si: usize) -> Vec<&'a Match> {
        self.matches(si, LexFile::AgentAsks, &["fact", "identifier", "email", "phone", "identity"])
            .into_iter()
            .filter(|m| !negated(self.doc, si, m))
            .collect()
    }

    fn facts_in(&self, si: usize) -> impl Iterator<Item = &'a Fact> + '_ {
        self.facts[self.fact_idx.range(si)].iter()
    }

    /// A concrete time in a sentence: a time cue, a date, time or duration fact, or a number
    /// followed by a time unit.
    fn concrete_time(&self, si: usize) -> Option<CueRef> {
        if let Some(c) = self.cues(si, LexFile::AgentCues, &["time"]).into_iter().next() {
            return Some(c);
        }
        if let Some(f) =
            self.facts_in(si).find(|f| TIME_KINDS.contains(&f.kind) && !f.value.contains(" ago") && f.kind != "event")
        {
            return Some(self.cue_at(si, f.start, f.end, f.kind, f.source.clone()));
        }
        let t = &self.doc.sentences[si].tokens;
        (0..t.len().saturating_sub(1))
            .find(|&i| t.list[i].kind == TokenKind::Number && TIME_UNITS.contains(&t.norm(i + 1)))
            .map(|i| self.cue_at(si, t.list[i].span.start, t.list[i + 1].span.end, "time", "rule:number_unit".into()))
    }
}

/// A negator (negators.tsv) at most three tokens before the match, with no punctuation between.
fn negated(doc: &Doc, si: usize, m: &Match) -> bool {
    let s = &doc.sentences[si];
    s.matches.iter().any(|x| {
        x.file == LexFile::Negators
            && x.end <= m.start
            && m.start - x.end <= 3
            && doc.lex.entry(x.entry).category == "negator"
            && !(x.end..m.start).any(|i| s.tokens.list[i].kind == TokenKind::Punct)
    })
}

/// How a cue is cited inside `AgentStep::evidence`; public so a writer that lists the cues on
/// their own can tell the evidence's prose from its citations.
pub fn show(c: &CueRef) -> String {
    let who = if c.speaker.is_empty() { String::new() } else { format!(" ({})", c.speaker) };
    format!("turn {}{}: \"{}\" [{}, {}]", c.turn, who, c.text, c.category, c.source)
}

fn show_all(cues: &[CueRef]) -> String {
    cues.iter().map(show).collect::<Vec<_>>().join("; ")
}

fn entry(k: usize, mark: Mark, evidence: String, cues: Vec<CueRef>) -> AgentStep {
    let e = &ENTRIES[k];
    AgentStep { step: e.step, label: e.label, method: e.method, mark, weight: e.weight, evidence, cues }
}

/// The scorecard of one transcript.
pub fn score(i: &Input) -> AgentCard {
    let fact_idx = crate::steps::BySentence::new(i.doc.sentences.len(), i.facts.iter().map(|f| f.sentence));
    let v = View { doc: i.doc, facts: i.facts, fact_idx, of: sentence_turns(i.doc) };
    let steps = vec![
        acknowledge_first(&v, i.feelings),
        restate(&v),
        ask_facts(&v),
        no_harsh_words(&v),
        no_unsure_promises(&v),
        positive_framing(&v),
        next_step(&v),
        no_repeating(&v, i.conversation),
    ];
    AgentCard { score: total(&steps), names: names(i.doc), steps }
}

/// The weighted score: see the module documentation.
pub fn total(steps: &[AgentStep]) -> u8 {
    let lost: f32 = steps
        .iter()
        .map(|s| match s.mark {
            Mark::Done => 0.0,
            Mark::Missed => s.weight as f32,
            Mark::Against => s.weight as f32 * AGAINST_COST,
        })
        .sum();
    (100.0 - lost).clamp(0.0, 100.0).round() as u8
}

/// Entry 1. Disputing a client's account before showing the feeling was heard makes it a fight;
/// a blaming line counts as disputing. A client who showed no feeling needs no acknowledgement.
fn acknowledge_first(v: &View, feelings: &[Feeling]) -> AgentStep {
    let ack = v
        .agent_sentences()
        .filter(|&si| !harsh_in(v.doc, si))
        .find_map(|si| v.cues(si, LexFile::AgentCues, &["acknowledge"]).into_iter().next().map(|c| (si, c)));
    let dispute = v.agent_sentences().find_map(|si| {
        let mut c = v.cues(si, LexFile::AgentCues, &["dispute"]);
        c.extend(v.harsh(si).into_iter().filter(|c| c.category == "blaming"));
        c.sort_by_key(|c| c.start);
        c.into_iter().next().map(|c| (si, c))
    });
    match (ack, dispute) {
        (a, Some((ds, d))) if a.as_ref().is_none_or(|(asi, _)| *asi > ds) => {
            let later = a.map(|(_, c)| format!("; acknowledged only later, {}", show(&c))).unwrap_or_default();
            entry(0, Mark::Against, format!("disputed before acknowledging: {}{later}", show(&d)), vec![d])
        }
        (Some((_, c)), _) => entry(0, Mark::Done, format!("acknowledged: {}", show(&c)), vec![c]),
        (None, _) => {
            let felt = feelings.iter().any(|f| f.valence < 0.0 && v.role(f.sentence) == Some(Role::Customer));
            if felt {
                entry(
                    0,
                    Mark::Missed,
                    "the client voiced feelings but no agent turn acknowledged them (agent_cues.tsv acknowledge)"
                        .into(),
                    vec![],
                )
            } else {
                entry(
                    0,
                    Mark::Done,
                    "the client voiced no feeling to acknowledge, and nothing was disputed".into(),
                    vec![],
                )
            }
        }
    }
}

/// Entry 2. The problem counts as restated when the agent says so ("just to confirm"), gives
/// back a specific the client gave (an amount, a date, an order number), or names the client's
/// issue in its own words — in a sentence that is not itself harsh.
fn restate(v: &View) -> AgentStep {
    let doc = v.doc;
    // Each issue family the client named, with the turn where they named it: the agent can only
    // say back what the client has already said.
    let customer_families: Vec<(&str, Option<usize>)> = v
        .customer_sentences()
        .flat_map(|si| doc.sentences[si].matches.iter().filter(|m| m.file == LexFile::Issues).map(move |m| (si, m)))
        .map(|(si, m)| (doc.lex.entry(m.entry).category.as_str(), v.of[si]))
        .collect();
    let mut found = Vec::new();
    for si in v.agent_sentences().filter(|&si| !harsh_in(doc, si)) {
        found.extend(v.cues(si, LexFile::AgentCues, &["restate"]));
        if doc.sentences[si].question {
            continue;
        }
        let turn = v.of[si];
        for f in
            v.facts_in(si).filter(|f| ECHO_KINDS.contains(&f.kind) && !f.personal && !f.value.starts_with("relative:"))
        {
            let given = v.facts.iter().any(|g| {
                g.kind == f.kind
                    && g.value == f.value
                    && v.role(g.sentence) == Some(Role::Customer)
                    && v.of[g.sentence] < turn
            });
            if given {
                found.push(v.cue_at(si, f.start, f.end, f.kind, format!("rule:echo_{} ({})", f.kind, f.source)));
            }
        }
        for m in doc.sentences[si].matches.iter().filter(|m| m.file == LexFile::Issues) {
            let e = doc.lex.entry(m.entry);
            if e.weight >= 0.6 && customer_families.iter().any(|(f, t)| *f == e.category && *t < turn) {
                found.push(v.cue(si, m));
            }
        }
    }
    found.sort_by_key(|c| c.start);
    found.dedup_by_key(|c| c.turn);
    if found.is_empty() {
        entry(
            1,
            Mark::Missed,
            "no agent turn said the problem back: no restating cue, specific or issue".into(),
            vec![],
        )
    } else {
        found.truncate(3);
        entry(1, Mark::Done, format!("restated: {}", show_all(&found)), found)
    }
}

/// Entry 3. Getting the facts means asking about the problem (what happened, when, how much,
/// which order); asking only who the client is does not count. Assuming instead of asking,
/// before any such question, is the opposite.
fn ask_facts(v: &View) -> AgentStep {
    let mut asked = Vec::new();
    let mut identity = Vec::new();
    let mut assumed = None;
    for si in v.agent_sentences() {
        if asked.is_empty() && assumed.is_none() {
            assumed = v.cues(si, LexFile::AgentCues, &["assume"]).into_iter().next();
        }
        if !asks(v, si) {
            continue;
        }
        let what = v.asked_for(si);
        let cat = |m: &&Match| v.doc.lex.entry(m.entry).category.as_str();
        // A generic opener ("can you tell me", "did you") asks for whatever the sentence names:
        // "Can you confirm the email address" asks who the client is, not what happened.
        let specific = what.iter().any(|m| cat(m) == "identifier" || (cat(m) == "fact" && !generic(v, m)));
        let who = what.iter().any(|m| matches!(cat(m), "email" | "phone" | "identity"));
        let about = what.iter().any(|m| cat(m) == "fact");
        if specific || (about && !who) {
            asked.extend(what.iter().filter(|m| matches!(cat(m), "fact" | "identifier")).map(|m| v.cue(si, m)));
        } else if who {
            identity.extend(what.iter().map(|m| v.cue(si, m)));
        }
    }
    if let Some(c) = assumed {
        return entry(2, Mark::Against, format!("assumed instead of asking: {}", show(&c)), vec![c]);
    }
    if asked.is_empty() {
        let note = if identity.is_empty() {
            "no agent turn asked about what happened (agent_asks.tsv)".to_string()
        } else {
            format!("asked only who the client is, not what happened: {}", show_all(&identity))
        };
        return entry(2, Mark::Missed, note, identity);
    }
    asked.dedup_by_key(|c| c.turn);
    asked.truncate(3);
    entry(2, Mark::Done, format!("asked: {}", show_all(&asked)), asked)
}

/// Fact cues below this confidence are generic openers ("can you tell me", "did you").
const GENERIC_ASK: f32 = 0.7;

fn generic(v: &View, m: &Match) -> bool {
    v.doc.lex.entry(m.entry).weight < GENERIC_ASK
}

/// Whether an agent sentence asks: a question, or a request cue ("please", "DM us").
fn asks(v: &View, si: usize) -> bool {
    let s = &v.doc.sentences[si];
    s.question || v.matches(si, LexFile::AgentAsks, &["request"]).iter().any(|m| !negated(v.doc, si, m))
}

/// Entry 4. Any harsh, blaming, dismissive or policy cue said by the agent is against: one
/// such line is what the client remembers.
fn no_harsh_words(v: &View) -> AgentStep {
    let found: Vec<CueRef> = v.agent_sentences().flat_map(|si| v.harsh(si)).collect();
    if found.is_empty() {
        entry(3, Mark::Done, "no harsh, blaming, dismissive or policy words (agent_harsh.tsv)".into(), vec![])
    } else {
        entry(3, Mark::Against, show_all(&found), found)
    }
}

/// Entry 5. A commitment hedged ("should arrive", "usually within 7-10 days", "maybe tomorrow")
/// promises what the agent is not sure of. A hedge counts when it sits in a sentence with a time
/// or an owner; hedges.tsv words ("I think", "maybe") count only beside a time, since "let me
/// see what might have happened" promises nothing.
fn no_unsure_promises(v: &View) -> AgentStep {
    let mut found = Vec::new();
    let mut commitments = 0;
    for si in v.agent_sentences().filter(|&si| !v.doc.sentences[si].question) {
        let owner = v.has(si, LexFile::AgentCues, &["owner"]);
        let time = v.concrete_time(si).is_some() || v.has(si, LexFile::AgentCues, &["soon"]);
        if owner || time {
            commitments += 1;
        }
        let mut hedges = v.cues(si, LexFile::AgentCues, &["unsure_promise"]);
        if owner || time {
            hedges.extend(v.cues(si, LexFile::AgentCues, &["unsure"]));
        }
        if time {
            hedges.extend(v.cues(si, LexFile::Hedges, &["hedge"]));
        }
        hedges.sort_by_key(|c| c.start);
        found.extend(hedges);
    }
    if found.is_empty() {
        let note = if commitments == 0 {
            "no commitment made, so none hedged".to_string()
        } else {
            format!("{commitments} commitment sentence(s), none hedged")
        };
        entry(4, Mark::Done, note, vec![])
    } else {
        entry(4, Mark::Against, format!("hedged commitment: {}", show_all(&found)), found)
    }
}

/// Entry 6. Saying what can be done frames the problem as solvable; only what cannot be done
/// ("unfortunately", "that's the process") frames it as the client's loss.
fn positive_framing(v: &View) -> AgentStep {
    // "Is there anything else I can help with?" closes a chat; it frames nothing.
    let positive: Vec<CueRef> = v
        .agent_sentences()
        .filter(|&si| !harsh_in(v.doc, si) && !v.doc.sentences[si].question)
        .flat_map(|si| v.cues(si, LexFile::AgentCues, &["frame_positive"]))
        .collect();
    if let Some(c) = positive.into_iter().next() {
        return entry(5, Mark::Done, format!("framed as solvable: {}", show(&c)), vec![c]);
    }
    let negative: Vec<CueRef> =
        v.agent_sentences().flat_map(|si| v.cues(si, LexFile::AgentCues, &["frame_negative"])).collect();
    if negative.is_empty() {
        entry(5, Mark::Missed, "no framing of what can be done (agent_cues.tsv frame_positive)".into(), vec![])
    } else {
        entry(5, Mark::Against, format!("framed only as what cannot be done: {}", show_all(&negative)), negative)
    }
}

/// Entry 7. A next step is concrete when one sentence says who does it and when: "I'll call you
/// on Thursday by 5 p.m.". An owner with "soon", or a step handed to the client, is not.
fn next_step(v: &View) -> AgentStep {
    let mut partial = Vec::new();
    let mut concrete = Vec::new();
    let mut cues = Vec::new();
    for si in v.agent_sentences().filter(|&si| !v.doc.sentences[si].question && !harsh_in(v.doc, si)) {
        let Some(owner) = v.cues(si, LexFile::AgentCues, &["owner"]).into_iter().next() else {
            continue;
        };
        if let Some(time) = v.concrete_time(si) {
            if concrete.len() < 3 {
                concrete.push(format!("{} with \"{}\" [{}, {}]", show(&owner), time.text, time.category, time.source));
                cues.extend([owner, time]);
            }
        } else if partial.len() < 2 {
            partial.push(owner);
        }
    }
    if !concrete.is_empty() {
        return entry(6, Mark::Done, format!("owner and time: {}", concrete.join("; ")), cues);
    }
    let deflected: Vec<CueRef> =
        v.agent_sentences().flat_map(|si| v.cues(si, LexFile::AgentCues, &["deflect"])).take(2).collect();
    let mut why = Vec::new();
    if !partial.is_empty() {
        why.push(format!("an owner but no concrete time: {}", show_all(&partial)));
    }
    if !deflected.is_empty() {
        why.push(format!("next step left to the client or another team: {}", show_all(&deflected)));
    }
    if why.is_empty() {
        why.push("no agent turn named who does what next and when".into());
    }
    partial.extend(deflected);
    entry(6, Mark::Missed, why.join("; "), partial)
}

/// Entry 8. The client repeating themselves is the agent's doing when it follows an agent turn
/// (a marker such as "as I said"), answers an agent's ask with a fact already given, or when the
/// agent asks for an order number, e-mail or phone the client already gave.
fn no_repeating(v: &View, c: &Conversation) -> AgentStep {
    let doc = v.doc;
    let mut found: Vec<CueRef> = c
        .repeats
        .iter()
        .filter(|r| r.prompted)
        .map(|r| CueRef {
            turn: r.turn,
            speaker: doc.case.turns.get(r.turn - 1).map_or_else(String::new, |t| t.speaker.clone()),
            text: r.cue.clone(),
            category: r.kind.to_string(),
            start: r.start,
            end: r.end,
            source: r.source.clone(),
        })
        .collect();
    for si in v.agent_sentences().filter(|&si| asks(v, si)) {
        let what = v.asked_for(si);
        // "Please fill in your details again": asked outright to give something a second time.
        // The "again" must follow what is asked closely; "have you tried downloading it again"
        // asks to redo a step, not to repeat information.
        let again = v.matches(si, LexFile::AgentAsks, &["again"]).into_iter().find(|a| {
            !negated(doc, si, a)
                && what.iter().any(|m| !generic(v, m) && m.end <= a.start && a.start - m.end <= AGAIN_REACH)
        });
        if let Some(m) = again {
            let mut cue = v.cue(si, m);
            cue.category = "asked to give it again".into();
            found.push(cue);
        }
        for m in what {
            let cat = doc.lex.entry(m.entry).category.as_str();
            let Some(&(_, kind)) = ASKED_AGAIN.iter().find(|(c, _)| *c == cat) else { continue };
            let given = v.facts.iter().any(|f| {
                let same = f.kind == kind || (kind == "identifier" && f.kind == "number" && names_one_thing(f));
                same && v.role(f.sentence) == Some(Role::Customer) && v.of[f.sentence] < v.of[si]
            });
            if given {
                let mut cue = v.cue(si, m);
                cue.category = format!("asked again for {cat}");
                found.push(cue);
            }
        }
    }
    found.sort_by_key(|c| c.start);
    if found.is_empty() {
        entry(7, Mark::Done, "the client never had to repeat themselves".into(), vec![])
    } else {
        entry(7, Mark::Against, format!("made the client repeat: {}", show_all(&found)), found)
    }
}

/// The agents' names: speaker labels that are names, else a signature at the end of a turn
/// ("^PR", as support accounts sign), prefixed with the case's company field when it has one.
fn names(doc: &Doc) -> Vec<String> {
    let company = doc.case.field("company");
    let mut out: Vec<String> = Vec::new();
    for t in doc.case.turns.iter().filter(|t| t.role == Role::Agent) {
        let label = t.speaker.trim();
        let first = label.split_whitespace().next().unwrap_or("").to_lowercase();
        let name = if !label.is_empty() && !ROLE_LABELS.contains(&first.as_str()) {
            Some(label.to_string())
        } else if let Some(n) = introduced(t.span.slice(doc.text())) {
            Some(n.to_string())
        } else {
            signature(t.span.slice(doc.text())).map(|s| match company {
                Some(c) if !c.is_empty() => format!("{c} {s}"),
                _ => s,
            })
        };
        if let Some(n) = name
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// The name an agent gives when introducing themselves ("you're chatting with Marcus", "this
/// is Priya"), for transcripts that label the agent only as "Agent".
fn introduced(said: &str) -> Option<&str> {
    static INTRO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i:\b(?:this is|my name is|my name's|chatting with|speaking with|speaking to|talking to|talking with))\s+(\p{Lu}[\p{L}'’-]+)",
        )
        .expect("introduction regex")
    });
    let name = INTRO.captures(said)?.get(1)?.as_str();
    // "this is Northwind Energy support": a company, not a person, is usually followed by more
    // capitalised words; one capitalised word is taken as a first name.
    (!ROLE_LABELS.contains(&name.to_lowercase().as_str())).then_some(name)
}

/// A sign-off near the end of a turn, as support accounts sign: "^PR", "2/2^SH", "/AG" (then
/// possibly a link or a "(1/2)" counter).
fn signature(said: &str) -> Option<String> {
    said.split_whitespace().rev().take(3).find_map(|w| {
        let (mark, letters) = match w.rfind('^') {
            Some(i) => ('^', &w[i + 1..]),
            None => ('/', w.strip_prefix('/')?),
        };
        let ok = (2..=4).contains(&letters.len())
            && letters.chars().all(|c| c.is_ascii_alphabetic())
            && (mark == '^' || letters.chars().all(|c| c.is_ascii_uppercase()));
        ok.then(|| format!("{mark}{letters}"))
    })
}

/// Per-agent totals over many transcripts, for a team lead: how often each entry was done,
/// missed or against, and the scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentSummary {
    pub name: String,
    pub transcripts: usize,
    #[serde(serialize_with = "crate::report::round3")]
    pub mean_score: f32,
    pub min_score: u8,
    pub max_score: u8,
    pub steps: Vec<StepTally>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepTally {
    pub step: &'static str,
    pub done: usize,
    pub missed: usize,
    pub against: usize,
}

/// Groups scorecards by agent name, sorted by name. A transcript with several named agents
/// counts for each of them (the card scores the conversation, not one voice); transcripts with
/// no named agent are left out, since their scores cannot be attributed.
pub fn summarize_agents<'a>(reports: impl IntoIterator<Item = &'a Report>) -> Vec<AgentSummary> {
    let mut t = AgentTotals::default();
    for r in reports {
        if let Some(card) = &r.agent {
            t.add(card);
        }
    }
    t.summaries()
}

/// Running totals per agent name, for batches too large to keep every report: a writer adds
/// each card as it comes and only the totals stay in memory, one entry per name.
#[derive(Debug, Clone, Default)]
pub struct AgentTotals {
    by: BTreeMap<String, Totals>,
    /// Cards without a name: counted so a summary can say how many were left out.
    pub unnamed: usize,
}

#[derive(Debug, Clone)]
struct Totals {
    transcripts: usize,
    sum: u64,
    min: u8,
    max: u8,
    /// (done, missed, against) per entry, in `ENTRIES` order.
    marks: [(usize, usize, usize); ENTRIES.len()],
}

impl AgentTotals {
    pub fn add(&mut self, card: &AgentCard) {
        if card.names.is_empty() {
            self.unnamed += 1;
        }
        for n in &card.names {
            let t = self.by.entry(n.clone()).or_insert(Totals {
                transcripts: 0,
                sum: 0,
                min: u8::MAX,
                max: 0,
                marks: [(0, 0, 0); ENTRIES.len()],
            });
            t.transcripts += 1;
            t.sum += u64::from(card.score);
            t.min = t.min.min(card.score);
            t.max = t.max.max(card.score);
            for (k, e) in ENTRIES.iter().enumerate() {
                match card.steps.iter().find(|s| s.step == e.step).map(|s| s.mark) {
                    Some(Mark::Done) => t.marks[k].0 += 1,
                    Some(Mark::Missed) => t.marks[k].1 += 1,
                    Some(Mark::Against) => t.marks[k].2 += 1,
                    None => {}
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by.is_empty()
    }

    /// One summary per name, sorted by name.
    pub fn summaries(&self) -> Vec<AgentSummary> {
        self.by
            .iter()
            .map(|(name, t)| AgentSummary {
                name: name.clone(),
                transcripts: t.transcripts,
                mean_score: t.sum as f32 / t.transcripts.max(1) as f32,
                min_score: if t.transcripts == 0 { 0 } else { t.min },
                max_score: t.max,
                steps: ENTRIES
                    .iter()
                    .zip(&t.marks)
                    .map(|(e, &(done, missed, against))| StepTally { step: e.step, done, missed, against })
                    .collect(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;
    use crate::case::Role::{Agent, Customer};
    use crate::lexicon::Lexicons;
    use crate::steps::conversation::{transcript, transcript_of};
    use crate::steps::prepare::Context;

    fn analyze(case: &crate::case::Case) -> Report {
        Analyzer::new(Lexicons::builtin()).analyze(case, &Context::default())
    }

    fn card(turns: &[(Role, &str)]) -> AgentCard {
        analyze(&transcript(turns)).agent.expect("a transcript with an agent has a scorecard")
    }

    fn step<'a>(c: &'a AgentCard, id: &str) -> &'a AgentStep {
        c.steps.iter().find(|s| s.step == id).expect("every entry is on the card")
    }

    /// Asserts the mark of one entry, showing the evidence when it differs.
    fn marks(turns: &[(Role, &str)], id: &str, want: Mark) {
        let c = card(turns);
        let s = step(&c, id);
        assert_eq!(s.mark, want, "{id} on {turns:?}: {}", s.evidence);
    }

    #[test]
    fn weights_add_up_and_against_costs_more_than_missed() {
        assert_eq!(ENTRIES.iter().map(|e| e.weight as u32).sum::<u32>(), 100);
        let mk = |mark| (0..8).map(move |k| entry(k, if k == 3 { mark } else { Mark::Done }, String::new(), vec![]));
        let done: Vec<AgentStep> = mk(Mark::Done).collect();
        let missed: Vec<AgentStep> = mk(Mark::Missed).collect();
        let against: Vec<AgentStep> = mk(Mark::Against).collect();
        assert_eq!(total(&done), 100);
        assert_eq!(total(&missed), 80);
        assert_eq!(total(&against), 70);
        let all: Vec<AgentStep> = (0..8).map(|k| entry(k, Mark::Against, String::new(), vec![])).collect();
        assert_eq!(total(&all), 0, "clamped at zero");
    }

    #[test]
    fn no_card_without_turns_or_without_an_agent() {
        assert!(analyze(&crate::case::Case::new("t", "My bill is wrong.")).agent.is_none());
        let r = analyze(&transcript(&[(Customer, "My bill is wrong."), (Customer, "Hello?")]));
        assert!(r.agent.is_none() && r.conversation.is_some());
    }

    #[test]
    fn acknowledge_first_done_against_missed() {
        let id = "acknowledge_first";
        marks(
            &[(Customer, "You charged me twice, I'm furious."), (Agent, "I'm sorry, that must be frustrating.")],
            id,
            Mark::Done,
        );
        marks(
            &[
                (Customer, "You charged me twice, I'm furious."),
                (Agent, "Actually, that's not correct. You paid once."),
            ],
            id,
            Mark::Against,
        );
        marks(
            &[
                (Customer, "The lamp arrived broken, I'm so angry."),
                (Agent, "You should have refused the delivery."),
                (Agent, "I'm sorry about the lamp."),
            ],
            id,
            Mark::Against,
        );
        marks(
            &[(Customer, "You charged me twice, I'm furious."), (Agent, "Let me check the account.")],
            id,
            Mark::Missed,
        );
        marks(&[(Customer, "What time do you open on Monday?"), (Agent, "We open at 9 a.m.")], id, Mark::Done);
    }

    #[test]
    fn restate_by_cue_by_echo_not_from_a_harsh_line() {
        let id = "restate";
        marks(&[(Customer, "My bill is wrong."), (Agent, "Just to confirm, you were billed for May?")], id, Mark::Done);
        marks(
            &[(Customer, "I paid $149.99 on March 3 and got nothing."), (Agent, "I can see the $149.99 payment here.")],
            id,
            Mark::Done,
        );
        marks(&[(Customer, "I paid $149.99 on March 3 and got nothing."), (Agent, "Let me check.")], id, Mark::Missed);
        marks(
            &[(Customer, "The parcel arrived damaged."), (Agent, "If it was damaged you should have refused it.")],
            id,
            Mark::Missed,
        );
        // The agent said the amount first: repeating your own words restates nothing.
        marks(&[(Agent, "Your bill is $20.00 this month."), (Customer, "Why $20.00?")], id, Mark::Missed);
    }

    #[test]
    fn ask_facts_about_the_problem_not_identity_and_never_assume() {
        let id = "ask_facts";
        marks(&[(Customer, "I was charged twice."), (Agent, "When did the second charge appear?")], id, Mark::Done);
        marks(&[(Customer, "My order is late."), (Agent, "Could I have your order number, please?")], id, Mark::Done);
        marks(
            &[(Customer, "My order is late."), (Agent, "Can you confirm the email address on the order?")],
            id,
            Mark::Missed,
        );
        marks(
            &[(Customer, "My order is late."), (Agent, "Please don't post your order number here.")],
            id,
            Mark::Missed,
        );
        marks(
            &[(Customer, "My order is late."), (Agent, "I assume you entered the wrong address.")],
            id,
            Mark::Against,
        );
    }

    #[test]
    fn harsh_blaming_dismissive_and_policy_words() {
        let id = "no_harsh_words";
        marks(&[(Customer, "This is a joke!"), (Agent, "Please calm down.")], id, Mark::Against);
        marks(&[(Customer, "Refund me."), (Agent, "That's our policy.")], id, Mark::Against);
        marks(&[(Customer, "It broke."), (Agent, "You should have read the manual.")], id, Mark::Against);
        marks(&[(Customer, "It broke."), (Agent, "There's nothing I can do.")], id, Mark::Against);
        let c = card(&[(Customer, "Refund me."), (Agent, "That's our policy.")]);
        assert!(step(&c, id).cues[0].source.starts_with("lexicons/agent_harsh.tsv:"), "cues cite file:line");
        // Look-alikes, negation, and the client's own words are not the agent being harsh.
        marks(&[(Customer, "Nobody told me."), (Agent, "You should have been told, I'm sorry.")], id, Mark::Done);
        marks(&[(Customer, "Is it my fault?"), (Agent, "I'm not saying it's your fault.")], id, Mark::Done);
        marks(&[(Customer, "Don't tell me to calm down."), (Agent, "I understand.")], id, Mark::Done);
    }

    #[test]
    fn hedged_promises_but_not_hedged_musings() {
        let id = "no_unsure_promises";
        marks(&[(Customer, "Where is it?"), (Agent, "I think it should arrive maybe tomorrow.")], id, Mark::Against);
        marks(&[(Customer, "Refund?"), (Agent, "They usually respond within 7-10 business days.")], id, Mark::Against);
        marks(&[(Customer, "Where is it?"), (Agent, "I will call you tomorrow at 10 a.m.")], id, Mark::Done);
        marks(&[(Customer, "Why?"), (Agent, "Let me see what might have happened.")], id, Mark::Done);
    }

    #[test]
    fn framing_positive_negative_or_none() {
        let id = "positive_framing";
        marks(&[(Customer, "It broke."), (Agent, "Here's what I can do for you.")], id, Mark::Done);
        marks(&[(Customer, "It broke."), (Agent, "Unfortunately there is no way to change it.")], id, Mark::Against);
        marks(&[(Customer, "It broke."), (Agent, "Is there anything else I can help with?")], id, Mark::Missed);
    }

    #[test]
    fn next_step_needs_an_owner_and_a_time() {
        let id = "next_step";
        marks(&[(Customer, "Call me."), (Agent, "I'll call you on Thursday by 5 p.m.")], id, Mark::Done);
        marks(&[(Customer, "Refund?"), (Agent, "I'm processing the refund today.")], id, Mark::Done);
        marks(&[(Customer, "Refund?"), (Agent, "I'll look into it soon.")], id, Mark::Missed);
        marks(&[(Customer, "Refund?"), (Agent, "Refunds take 5 days.")], id, Mark::Missed);
        let c = card(&[(Customer, "It broke."), (Agent, "You can send photos to our claims team.")]);
        let s = step(&c, id);
        assert_eq!(s.mark, Mark::Missed);
        assert!(s.evidence.contains("left to the client"), "{}", s.evidence);
    }

    #[test]
    fn repeating_asked_of_the_client() {
        let id = "no_repeating";
        marks(
            &[(Customer, "My order is late."), (Agent, "What is the problem?"), (Customer, "As I said, it is late.")],
            id,
            Mark::Against,
        );
        marks(
            &[(Customer, "Order 4821337 has not arrived."), (Agent, "Could you give me your order number?")],
            id,
            Mark::Against,
        );
        marks(&[(Customer, "It's late."), (Agent, "Please send your details again here.")], id, Mark::Against);
        marks(
            &[
                (Customer, "My order has not arrived."),
                (Agent, "Could you give me your order number?"),
                (Customer, "4821337"),
            ],
            id,
            Mark::Done,
        );
        marks(&[(Customer, "The app froze."), (Agent, "Have you tried downloading it again?")], id, Mark::Done);
        marks(&[(Customer, "As I said on the phone, it froze."), (Agent, "I understand.")], id, Mark::Done);
    }

    #[test]
    fn names_from_labels_introductions_and_signatures() {
        let r = analyze(&transcript_of(&[(Customer, "Cornelius", "Hi."), (Agent, "Priya", "Hello.")]));
        assert_eq!(r.agent.unwrap().names, vec!["Priya"]);
        let r = analyze(&transcript(&[(Agent, "Hi, you're chatting with Marcus from Fernhollow."), (Customer, "hi")]));
        assert_eq!(r.agent.unwrap().names, vec!["Marcus"]);
        let mut case = transcript(&[(Customer, "late again"), (Agent, "Sorry for the wait! ^PR")]);
        case.fields.push(("company".into(), "AmazonHelp".into()));
        assert_eq!(analyze(&case).agent.unwrap().names, vec!["AmazonHelp ^PR"]);
        assert!(card(&[(Customer, "hi"), (Agent, "Hello.")]).names.is_empty());
        assert_eq!(signature("we'll 1/2^SH"), Some("^SH".into()));
        assert_eq!(signature("Let us know /AG https://t.co/x"), Some("/AG".into()));
        assert_eq!(signature("sorry ^VN (1/2)"), Some("^VN".into()));
        assert_eq!(signature("see the 1/2 and/or the docs"), None);
    }

    #[test]
    fn summary_per_named_agent() {
        let good = analyze(&transcript_of(&[
            (Customer, "C", "You charged me twice, I'm furious."),
            (Agent, "Priya", "I'm sorry, that must be stressful. When did the second charge appear?"),
            (Customer, "C", "On March 3."),
            (Agent, "Priya", "Here's what I'll do: I'll refund the $20.00 today."),
        ]));
        let bad = analyze(&transcript_of(&[
            (Customer, "C", "It broke!"),
            (Agent, "Priya", "Please calm down. That's our policy."),
        ]));
        let other = analyze(&transcript_of(&[(Customer, "C", "Hi"), (Agent, "Sam", "Hello.")]));
        let unnamed = analyze(&transcript(&[(Customer, "Hi"), (Agent, "Hello.")]));
        let reports = [good.clone(), bad.clone(), other, unnamed];
        let s = summarize_agents(&reports);
        let names: Vec<&str> = s.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, vec!["Priya", "Sam"], "sorted by name; the unnamed card is left out");
        let p = &s[0];
        assert_eq!(p.transcripts, 2);
        let (g, b) = (good.agent.unwrap().score, bad.agent.unwrap().score);
        assert!(g > b, "{g} vs {b}");
        assert_eq!((p.min_score, p.max_score), (b, g));
        assert!((p.mean_score - (g as f32 + b as f32) / 2.0).abs() < 1e-4);
        let harsh = p.steps.iter().find(|t| t.step == "no_harsh_words").unwrap();
        assert_eq!((harsh.done, harsh.missed, harsh.against), (1, 0, 1));
        assert!(p.steps.iter().all(|t| t.done + t.missed + t.against == 2));
        // Running totals, fed one card at a time, give the same summary and count the unnamed.
        let mut t = AgentTotals::default();
        for r in &reports {
            t.add(r.agent.as_ref().unwrap());
        }
        assert_eq!(t.summaries(), s);
        assert_eq!(t.unnamed, 1);
    }
}
