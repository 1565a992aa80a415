//! `--redact`: personal data masked in a report before any writer sees it, so every output
//! format (JSON Lines, CSV, text, HTML) is covered by one pass and no writer can forget.
//!
//! Personal data is what the facts step marks `personal`: e-mail addresses, phone numbers,
//! account and card numbers. Masks keep the byte length of what they hide, so every span in the
//! report still points at the same place of the (masked) sentence texts; account and card
//! numbers keep their last four digits, which is how people and agents refer to them.

use crate::report::{Fact, Report};

/// The mask of a personal text: letters and digits become `*` (the last four digits stay when
/// `keep_last4`), punctuation stays, other characters become one `*` per byte.
pub fn mask(text: &str, keep_last4: bool) -> String {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let keep_from = if keep_last4 && digits > 4 { digits - 4 } else { usize::MAX };
    let mut seen = 0;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_digit() {
            out.push(if seen >= keep_from { c } else { '*' });
            seen += 1;
        } else if c.is_ascii_alphanumeric() {
            out.push('*');
        } else if c.is_ascii() {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        }
    }
    out
}

/// Account and card numbers keep their last digits; contact details are hidden whole.
fn keeps_last4(f: &Fact) -> bool {
    f.kind == "identifier"
}

/// Column names whose values are personal whatever they hold.
const PERSONAL_FIELDS: &[&str] = &["email", "e_mail", "phone", "phone_number", "mobile", "telephone"];

fn scrub(s: &mut String, pairs: &[(String, String)]) {
    for (from, to) in pairs {
        if s.contains(from.as_str()) {
            *s = s.replace(from.as_str(), to);
        }
    }
}

impl Report {
    /// Masks the personal facts' text wherever the report repeats it: sentence texts, facts,
    /// disputes and their record values, feelings, framing, the conversation and agent views,
    /// and the passed-through input fields.
    pub fn redact(&mut self) {
        let personal: Vec<(usize, usize, String)> =
            self.facts.iter().filter(|f| f.personal).map(|f| (f.start, f.end, mask(&f.text, keeps_last4(f)))).collect();
        if personal.is_empty() && !self.fields.0.iter().any(|(k, _)| is_personal_field(k)) {
            return;
        }
        // Longest first, so a number is masked whole before any part of it is.
        let mut pairs: Vec<(String, String)> = Vec::new();
        for f in self.facts.iter().filter(|f| f.personal) {
            let keep = keeps_last4(f);
            pairs.push((f.text.clone(), mask(&f.text, keep)));
            if f.value.chars().filter(char::is_ascii_alphanumeric).count() >= 4 {
                pairs.push((f.value.clone(), mask(&f.value, keep)));
            }
        }
        // A record value shown beside a personal claim is the same kind of data.
        for d in &self.disputes {
            let about_personal = personal.iter().any(|(s, e, _)| *s < d.end && d.start < *e);
            if let (true, Some(v)) = (about_personal, &d.record) {
                pairs.push((v.clone(), mask(v, true)));
            }
        }
        for c in &self.confirmed {
            if personal.iter().any(|(s, e, _)| *s < c.end && c.start < *e) {
                pairs.push((c.record.clone(), mask(&c.record, true)));
            }
        }
        pairs.retain(|(from, to)| !from.is_empty() && from != to);
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        pairs.dedup();

        for s in &mut self.sentences {
            for (start, end, masked) in &personal {
                if *start >= s.start && *end <= s.end {
                    let (a, b) = (start - s.start, end - s.start);
                    if s.text.is_char_boundary(a) && s.text.is_char_boundary(b) {
                        s.text.replace_range(a..b, masked);
                    }
                }
            }
            scrub(&mut s.text, &pairs);
            for q in &mut s.questionable {
                scrub(&mut q.cue, &pairs);
                scrub(&mut q.ask, &pairs);
            }
            s.why.iter_mut().for_each(|w| scrub(w, &pairs));
        }
        for f in &mut self.facts {
            scrub(&mut f.text, &pairs);
            scrub(&mut f.value, &pairs);
        }
        for d in &mut self.disputes {
            scrub(&mut d.cue, &pairs);
            scrub(&mut d.ask, &pairs);
            if let Some(r) = &mut d.record {
                scrub(r, &pairs);
            }
            if let Some(o) = &mut d.other {
                scrub(&mut o.cue, &pairs);
            }
        }
        for c in &mut self.confirmed {
            scrub(&mut c.cue, &pairs);
            scrub(&mut c.record, &pairs);
        }
        self.feelings.iter_mut().for_each(|f| scrub(&mut f.text, &pairs));
        self.threats.iter_mut().for_each(|t| scrub(&mut t.text, &pairs));
        self.remedies.iter_mut().for_each(|t| scrub(&mut t.text, &pairs));
        self.priority.reasons.iter_mut().for_each(|t| scrub(t, &pairs));
        let fr = &mut self.framing;
        for s in [&mut fr.acknowledge, &mut fr.problem, &mut fr.feelings].into_iter().chain(fr.actions.iter_mut()) {
            scrub(s, &pairs);
        }
        if let Some(c) = &mut self.context.client {
            scrub(c, &pairs);
            if c.contains('@') {
                *c = mask(c, false);
            }
        }
        if let Some(conv) = &mut self.conversation {
            conv.repeats.iter_mut().for_each(|r| scrub(&mut r.cue, &pairs));
            conv.unanswered.iter_mut().for_each(|u| scrub(&mut u.text, &pairs));
        }
        if let Some(agent) = &mut self.agent {
            for step in &mut agent.steps {
                scrub(&mut step.evidence, &pairs);
                step.cues.iter_mut().for_each(|c| scrub(&mut c.text, &pairs));
            }
        }
        for (k, v) in &mut self.fields.0 {
            if is_personal_field(k) {
                *v = mask(v, false);
            } else {
                scrub(v, &pairs);
            }
        }
    }
}

fn is_personal_field(name: &str) -> bool {
    PERSONAL_FIELDS.contains(&crate::records::normalize_column(name).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;
    use crate::case::Case;
    use crate::lexicon::Lexicons;
    use crate::steps::prepare::Context;

    #[test]
    fn masks_keep_length_punctuation_and_last_digits() {
        assert_eq!(mask("jane.doe@example.com", false), "****.***@*******.***");
        assert_eq!(mask("(555) 201-3344", false), "(***) ***-****");
        assert_eq!(mask("NE-5521-0093", true), "**-****-0093");
        assert_eq!(mask("1234", true), "****", "too short to keep anything");
        assert_eq!(mask("é1", false).len(), "é1".len());
    }

    #[test]
    fn personal_facts_are_masked_everywhere_and_spans_still_fit() {
        let text = "My account is NE-5521-0093 and my e-mail is jane.doe@example.com. \
                    Call me on (555) 201-3344. You charged me $40.00.";
        let mut case = Case::new("T-1", text);
        case.fields.push(("email".into(), "jane.doe@example.com".into()));
        let a = Analyzer::new(Lexicons::builtin());
        let mut r = a.analyze(&case, &Context::default());
        r.redact();
        let json = serde_json::to_string(&r).unwrap();
        for secret in ["jane.doe", "example.com", "201-3344", "5552013344", "NE-5521", "5521"] {
            assert!(!json.contains(secret), "{secret} left in {json}");
        }
        assert!(json.contains("**-****-0093") && json.contains("$40.00"), "{json}");
        let all: String = r.sentences.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
        assert_eq!(all.len(), text.len(), "masks keep byte lengths");
        for f in &r.facts {
            let s = &r.sentences[f.sentence];
            assert_eq!(&s.text[f.start - s.start..f.end - s.start], f.text, "{f:?}");
        }
    }
}
