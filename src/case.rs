//! A case is one complaint as the readers hand it to the analysis: its text, and for transcripts
//! the turns that make up that text, plus every other column of the input row.

use crate::text::Span;
use serde::Serialize;

/// Who said a turn. Names are kept so reports can say "Cornelius"; the role is what the steps use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Customer,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
        }
    }
}

/// One speaker turn of a transcript. `span` points into `Case::text`, where the turns are joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Turn {
    pub speaker: String,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(flatten)]
    pub span: Span,
}

/// One complaint. `fields` keeps the other input columns in their input order (a date, a client
/// id, a product): the prepare step reads them, and outputs can pass them through.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    pub id: String,
    pub text: String,
    pub turns: Vec<Turn>,
    pub fields: Vec<(String, String)>,
    /// Where the case came from, for messages: "path:line" or "path".
    pub source: String,
}

impl Case {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Case { id: id.into(), text: text.into(), ..Case::default() }
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The role of whoever spoke at byte `at`, when the case is a transcript.
    pub fn role_at(&self, at: usize) -> Option<Role> {
        self.turns.iter().find(|t| t.span.start <= at && at < t.span.end.max(t.span.start + 1)).map(|t| t.role)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lookup_ignores_case() {
        let mut c = Case::new("1", "text");
        c.fields.push(("Date received".into(), "2024-01-02".into()));
        assert_eq!(c.field("date received"), Some("2024-01-02"));
        assert_eq!(c.field("missing"), None);
    }

    #[test]
    fn role_at_finds_turn() {
        let mut c = Case::new("1", "Hello there\nMy bill is wrong");
        c.turns.push(Turn { speaker: "Agent".into(), role: Role::Agent, time: None, span: Span::new(0, 11) });
        c.turns.push(Turn { speaker: "Customer".into(), role: Role::Customer, time: None, span: Span::new(12, 28) });
        assert_eq!(c.role_at(3), Some(Role::Agent));
        assert_eq!(c.role_at(15), Some(Role::Customer));
        assert_eq!(c.role_at(11), None);
    }
}
