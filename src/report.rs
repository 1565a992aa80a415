//! What the analysis finds for one case. These types serialise directly to the JSON Lines output
//! contract of DESIGN.md: field names here are relied upon by users and by the scorer, so rename
//! nothing; add fields freely.

use crate::case::Role;
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub id: String,
    pub complaint: bool,
    /// How much evidence the complaint decision rests on (complaint from 0.3).
    #[serde(serialize_with = "round3")]
    pub complaint_score: f32,
    #[serde(serialize_with = "round3")]
    pub sentiment: f32,
    pub emotions: Vec<EmotionScore>,
    pub issues: Vec<Issue>,
    pub priority: Priority,
    pub sentences: Vec<Sentence>,
    pub facts: Vec<Fact>,
    pub feelings: Vec<Feeling>,
    pub disputes: Vec<Dispute>,
    /// Claims a client record agrees with (`--records`): nothing to dispute, shown so a reviewer
    /// sees what was checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub confirmed: Vec<Confirmed>,
    pub threats: Vec<Threat>,
    pub remedies: Vec<Remedy>,
    pub framing: Framing,
    pub context: CaseContext,
    /// Transcripts only: the client turn by turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation: Option<Conversation>,
    /// Transcripts only: the agent scorecard.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<AgentCard>,
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub fields: Fields,
}

/// The case's other input columns, in input order.
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

pub(crate) fn round3<S: Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(((*x as f64) * 1000.0).round() / 1000.0)
}

/// One emotion of the case, aggregated over its feelings.
#[derive(Debug, Clone, Serialize)]
pub struct EmotionScore {
    pub emotion: String,
    pub family: String,
    #[serde(serialize_with = "round3")]
    pub intensity: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Issue {
    pub family: String,
    pub label: String,
    #[serde(serialize_with = "round3")]
    pub score: f32,
    /// The lexicon entries that pointed at this family.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    pub score: u8,
    pub level: &'static str,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Fact,
    Feeling,
    Mixed,
    Neutral,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Fact => "fact",
            Kind::Feeling => "feeling",
            Kind::Mixed => "mixed",
            Kind::Neutral => "neutral",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Role>,
    #[serde(serialize_with = "round3")]
    pub sentiment: f32,
    pub questionable: Vec<Questionable>,
    /// The sentence's clauses, split at contrast words and at ; : and dashes.
    pub clauses: Vec<crate::text::Span>,
    /// Why the sentence got its kind: the signals that decided it.
    pub why: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Questionable {
    pub reason: &'static str,
    pub cue: String,
    pub start: usize,
    pub end: usize,
    pub ask: String,
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Fact {
    pub kind: &'static str,
    pub text: String,
    pub value: String,
    /// A date read against the case's date ("last Tuesday" -> `2026-03-03/2026-03-10`, an ISO
    /// 8601 interval when the words allow several days); `value` keeps what the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    /// Personal data (phone, e-mail, account numbers): masked by --redact.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub personal: bool,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Feeling {
    pub emotion: String,
    pub family: String,
    #[serde(serialize_with = "round3")]
    pub intensity: f32,
    #[serde(serialize_with = "round3")]
    pub valence: f32,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub negated: bool,
    /// Someone else's emotion told by the writer ("she was terrified"), not the writer's own.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reported: bool,
    /// Implied by what happened ("my father died", "can't log in"), not said: it informs the
    /// case's emotions but does not make the sentence a feeling.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub evoked: bool,
    pub source: String,
    /// What modified the entry's weight: negators, intensifiers, capitals, "!", contrast.
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Dispute {
    pub reason: &'static str,
    pub cue: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub ask: String,
    pub source: String,
    /// The client record's column the claim was checked against (record_mismatch, implausible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// That column's value in the record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// A contradiction's other statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<Place>,
}

/// Where something was said: the words and their byte span in the case text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Place {
    pub cue: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// A claim the client record agrees with.
#[derive(Debug, Clone, Serialize)]
pub struct Confirmed {
    pub column: String,
    pub cue: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub record: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Threat {
    pub kind: String,
    pub label: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Remedy {
    pub kind: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Framing {
    pub acknowledge: String,
    pub problem: String,
    pub feelings: String,
    pub actions: Vec<String>,
}

/// Step 1: what was known about the case before reading it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CaseContext {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Ids of earlier cases of the same client in this batch, oldest first.
    pub earlier_cases: Vec<String>,
    /// The client record read for the case (`--records`): "path:line".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

/// The conversation view of a transcript, from the client's side: how their feeling moved from
/// turn to turn, what they had to say twice, and which of their questions got no answer.
/// Turn numbers count from 1, as a reader counts the turns of a transcript.
#[derive(Debug, Clone, Serialize)]
pub struct Conversation {
    pub turns: usize,
    pub customer_turns: usize,
    pub agent_turns: usize,
    pub emotion: EmotionPath,
    pub repeats: Vec<Repeat>,
    pub unanswered: Vec<Unanswered>,
}

/// The client's sentiment turn by turn (-1..1), with where it started, peaked (most negative)
/// and ended, and the trend: escalating, calming or steady.
#[derive(Debug, Clone, Serialize)]
pub struct EmotionPath {
    #[serde(serialize_with = "round3")]
    pub start: f32,
    #[serde(serialize_with = "round3")]
    pub peak: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peak_turn: Option<usize>,
    #[serde(serialize_with = "round3")]
    pub end: f32,
    pub trend: &'static str,
    pub path: Vec<TurnFeeling>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnFeeling {
    pub turn: usize,
    #[serde(serialize_with = "round3")]
    pub sentiment: f32,
    /// The strongest emotion of the turn, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emotion: Option<String>,
}

/// Something the client said again: a repeat marker ("as I said") or the same fact (an order
/// number, an amount, a date) given in an earlier turn.
#[derive(Debug, Clone, Serialize)]
pub struct Repeat {
    pub turn: usize,
    /// `marker` or `same_fact`.
    pub kind: &'static str,
    pub cue: String,
    pub start: usize,
    pub end: usize,
    /// For `same_fact`, the turn where the client first gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_turn: Option<usize>,
    /// Whether an agent turn led to it: for a marker, an agent spoke before it; for a fact
    /// given again, the agent's last turn before it asked for something.
    pub prompted: bool,
    pub source: String,
}

/// A client question that no agent turn answered.
#[derive(Debug, Clone, Serialize)]
pub struct Unanswered {
    pub turn: usize,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `no reply` (no agent turn came after it) or `not answered` (the next agent turn only
    /// deflected, quoted policy or was courtesy).
    pub reason: &'static str,
}

/// How the agent handled the complaint: one entry per step of the method, each marked and
/// backed by the turns and cues that decided it, and a weighted score (0-100).
#[derive(Debug, Clone, Serialize)]
pub struct AgentCard {
    pub score: u8,
    /// The agents' names where the transcript gives them ("Priya", a signature "^PR").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    pub steps: Vec<AgentStep>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    Done,
    Missed,
    Against,
}

impl Mark {
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Done => "done",
            Mark::Missed => "missed",
            Mark::Against => "against",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentStep {
    /// A stable id: acknowledge_first, restate, ask_facts, no_harsh_words, no_unsure_promises,
    /// positive_framing, next_step, no_repeating.
    pub step: &'static str,
    /// The entry as a reviewer reads it.
    pub label: &'static str,
    /// The step of the method it belongs to.
    pub method: &'static str,
    pub mark: Mark,
    /// What the entry is worth in the score; `against` costs 1.5 times this.
    pub weight: u8,
    pub evidence: String,
    pub cues: Vec<CueRef>,
}

/// One cue behind a mark: where it was said and which lexicon entry (or rule) found it.
#[derive(Debug, Clone, Serialize)]
pub struct CueRef {
    pub turn: usize,
    pub speaker: String,
    pub text: String,
    pub category: String,
    pub start: usize,
    pub end: usize,
    pub source: String,
}
