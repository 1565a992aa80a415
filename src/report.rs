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
    pub threats: Vec<Threat>,
    pub remedies: Vec<Remedy>,
    pub framing: Framing,
    pub context: CaseContext,
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

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub kind: &'static str,
    pub text: String,
    pub value: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct Dispute {
    pub reason: &'static str,
    pub cue: String,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub ask: String,
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
}
