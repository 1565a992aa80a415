//! JSON Lines: one object per line, read line by line as bytes, so a huge export is never held
//! whole and a bad line (invalid UTF-8, malformed JSON, not an object) costs only that line.
//!
//! The text and id keys are found as in [`super::fields`]; every other key goes into
//! `Case::fields` in the order of the line. A row with a `turns` array of
//! `{speaker, text, time?}` objects is a transcript: its text is the turn texts joined with a
//! blank line, and it is read as such even when it also has a text key. A text value of null
//! is an empty text (the runner reports it as empty).

use super::fields::{find_id, find_text, json_field_value, json_kind, no_text_message};
use super::transcript::{RawTurn, assign_roles};
use super::{InputOptions, Item, RecordError};
use crate::case::Case;
use crate::text::Span;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;

/// Streams the records of a JSON Lines input.
pub(crate) struct JsonlReader<R> {
    reader: R,
    /// Shown in sources: the path, or "<stdin>".
    source: String,
    /// Used in fallback ids: the file name.
    name: String,
    opts: InputOptions,
    buf: Vec<u8>,
    line: usize,
    record: usize,
    done: bool,
    layout: Option<Layout>,
}

/// Where the id, text and turns keys were in the last object read. The lines of an export
/// nearly always share their keys, so a line with the same keys as the last one reuses this
/// rather than matching every key against the name lists again (a tenth of reading a tweet).
struct Layout {
    keys: Vec<String>,
    id_at: Option<usize>,
    text_at: Option<usize>,
    turns_at: Option<usize>,
}

impl<R: BufRead> JsonlReader<R> {
    pub(crate) fn new(reader: R, source: String, name: String, opts: InputOptions) -> Self {
        JsonlReader { reader, source, name, opts, buf: Vec::new(), line: 0, record: 0, done: false, layout: None }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    let mut bytes: &[u8] = &self.buf;
                    if self.line == 1 {
                        bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    }
                    if bytes.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    self.record += 1;
                    let source = super::at(&self.source, self.line);
                    // Written only for a record without an id of its own.
                    let fallback = || super::at(&self.name, self.record);
                    return Some(parse_line(bytes, source, fallback, &self.opts, &mut self.layout));
                }
                Err(e) => {
                    self.done = true;
                    return Some(Item::Error(RecordError {
                        id: None,
                        source: super::at(&self.source, self.line + 1),
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
        None
    }
}

/// A line's top-level value: an object with its keys in their order, or what it was instead.
enum Row<'a> {
    Object(Vec<(Cow<'a, str>, Value)>),
    Other(&'static str),
}

/// An object's key, borrowed from the line unless it has escapes: the keys of a line are read
/// only to find the text and id, and only other fields' keys are kept, so most are never copied.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Deserialize<'de> for Row<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Row<'de>, D::Error> {
        struct RowVisitor;
        impl<'de> Visitor<'de> for RowVisitor {
            type Value = Row<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row<'de>, A::Error> {
                // Room for an id, a text and a few more fields without growing.
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(4).min(16));
                while let Some(k) = map.next_key_seed(Key)? {
                    out.push((k, map.next_value::<Value>()?));
                }
                Ok(Row::Object(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Row<'de>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Row::Other("an array"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Row<'de>, E> {
                Ok(Row::Other("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Row<'de>, E> {
                Ok(Row::Other("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Row<'de>, E> {
                Ok(Row::Other("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Row<'de>, E> {
                Ok(Row::Other("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Row<'de>, E> {
                Ok(Row::Other("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Row<'de>, E> {
                Ok(Row::Other("null"))
            }
        }
        d.deserialize_any(RowVisitor)
    }
}

fn error(id: Option<String>, source: String, message: String) -> Item {
    Item::Error(RecordError { id, source, message })
}

/// serde_json's message without its "at line 1 column N" (the line is ours), plus the column.
fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let msg = s.rfind(" at line ").map_or(s.as_str(), |i| &s[..i]);
    if e.column() > 0 { format!("{msg} at column {}", e.column()) } else { msg.to_string() }
}

fn parse_line(
    bytes: &[u8],
    source: String,
    fallback_id: impl FnOnce() -> String,
    opts: &InputOptions,
    layout: &mut Option<Layout>,
) -> Item {
    let line = match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_end_matches(['\n', '\r']),
        Err(e) => {
            return error(
                None,
                source,
                format!("not valid UTF-8 (at byte {} of the line); save the file as UTF-8", e.valid_up_to() + 1),
            );
        }
    };
    let obj = match serde_json::from_str::<Row>(line) {
        Ok(Row::Object(obj)) => obj,
        Ok(Row::Other(kind)) => {
            return error(None, source, format!("expected a JSON object on each line, found {kind}"));
        }
        Err(e) => {
            let mut message = format!("not valid JSON: {}", json_message(&e));
            if line.trim_start().starts_with('[') {
                message.push_str(
                    "; expected one JSON object per line (JSON Lines), not a JSON array \
                     (convert it with: jq -c '.[]')",
                );
            }
            return error(None, source, message);
        }
    };
    case_from_object(obj, source, fallback_id, opts, layout)
}

fn case_from_object(
    mut obj: Vec<(Cow<'_, str>, Value)>,
    source: String,
    fallback_id: impl FnOnce() -> String,
    opts: &InputOptions,
    layout: &mut Option<Layout>,
) -> Item {
    let keys = || obj.iter().map(|(k, _)| k.as_ref());
    let same_keys = |l: &Layout| l.keys.len() == obj.len() && l.keys.iter().zip(keys()).all(|(a, b)| a == b);
    let l = match layout {
        Some(l) if same_keys(l) => l,
        _ => layout.insert(Layout {
            keys: keys().map(str::to_string).collect(),
            id_at: find_id(keys(), opts.id_field.as_deref()),
            text_at: find_text(keys(), opts.text_field.as_deref()),
            turns_at: obj.iter().position(|(k, _)| k.eq_ignore_ascii_case("turns")),
        }),
    };
    let (id_at, text_at, turns_at) = (l.id_at, l.text_at, l.turns_at);
    let id =
        id_at.and_then(|i| json_field_value(&obj[i].1)).filter(|s| !s.trim().is_empty()).unwrap_or_else(fallback_id);
    let mut case = Case { id, source, ..Case::default() };
    if let Some(t) = turns_at {
        if let Err(message) = read_turns(&obj[t].1, &mut case, opts) {
            return error(Some(case.id), case.source, message);
        }
    } else {
        let Some(t) = text_at else {
            let message = no_text_message(keys(), opts.text_field.as_deref(), "field");
            return error(Some(case.id), case.source, message);
        };
        let (name, value) = &mut obj[t];
        match value {
            // Taken, not copied: the text is most of the record.
            Value::String(s) => case.text = std::mem::take(s),
            Value::Null => {}
            other => {
                let message = format!("the text field \"{name}\" is {}, not a string", json_kind(other));
                return error(Some(case.id), case.source, message);
            }
        }
    }
    for (i, (k, v)) in obj.into_iter().enumerate() {
        if Some(i) == id_at || Some(i) == text_at || Some(i) == turns_at {
            continue;
        }
        // A string is moved, not copied: most fields of an export are strings.
        let value = match v {
            Value::String(s) => Some(s),
            other => json_field_value(&other),
        };
        if let Some(v) = value {
            case.fields.push((k.into_owned(), v));
        }
    }
    Item::Case(case)
}

fn get<'a>(turn: &'a serde_json::Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names
        .iter()
        .find_map(|n| turn.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)).map(|(_, v)| v).filter(|v| !v.is_null()))
}

/// Fills `case.text` and `case.turns` from a `turns` array.
fn read_turns(value: &Value, case: &mut Case, opts: &InputOptions) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Err(format!("\"turns\" is {}, not an array of turns", json_kind(value)));
    };
    let mut raw = Vec::with_capacity(items.len());
    for (n, item) in items.iter().enumerate() {
        let n = n + 1;
        let Value::Object(turn) = item else {
            return Err(format!("turn {n} is {}, not an object", json_kind(item)));
        };
        let text = match get(turn, &["text", "message", "content", "body", "utterance"]) {
            Some(Value::String(s)) => s.as_str(),
            Some(other) => {
                return Err(format!("turn {n}: its text is {}, not a string", json_kind(other)));
            }
            None => return Err(format!("turn {n} has no \"text\"")),
        };
        let speaker = match get(turn, &["speaker", "role", "from", "author", "sender", "name"]) {
            Some(v) => json_field_value(v).unwrap_or_default(),
            None => return Err(format!("turn {n} has no \"speaker\"")),
        };
        let time = get(turn, &["time", "timestamp", "date", "created_at"]).and_then(json_field_value);
        if n > 1 {
            case.text.push_str("\n\n");
        }
        let start = case.text.len();
        case.text.push_str(text);
        raw.push(RawTurn { speaker, time, span: Span::new(start, case.text.len()) });
    }
    case.turns = assign_roles(&case.text, raw, opts);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Role;

    fn read(input: &str, opts: &InputOptions) -> Vec<Item> {
        JsonlReader::new(input.as_bytes(), "in.jsonl".into(), "in.jsonl".into(), opts.clone()).collect()
    }

    fn case(item: &Item) -> &Case {
        item.expect_case()
    }

    fn err(item: &Item) -> String {
        item.expect_error()
    }

    #[test]
    fn reads_rows_with_fields_in_order() {
        let items = read(
            "{\"zeta\": 1, \"id\": \"c-1\", \"text\": \"late parcel\", \"alpha\": true, \"n\": null, \"tags\": [\"a\"]}\n",
            &InputOptions::default(),
        );
        assert_eq!(items.len(), 1);
        let c = case(&items[0]);
        assert_eq!(c.id, "c-1");
        assert_eq!(c.text, "late parcel");
        assert_eq!(c.source, "in.jsonl:1");
        let fields: Vec<(&str, &str)> = c.fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(fields, [("zeta", "1"), ("alpha", "true"), ("tags", "[\"a\"]")]);
    }

    /// Keys are borrowed from the line when they can be; a key written with escapes is read
    /// as what it spells, for the text and id as for the other fields.
    #[test]
    fn keys_with_escapes_are_read_as_they_spell() {
        let items = read(
            "{\"i\\u0064\": \"c-2\", \"t\\u0065xt\": \"lost parcel\", \"sh\\u00e9ma\": \"\\\"x\\\"\"}\n",
            &InputOptions::default(),
        );
        let c = case(&items[0]);
        assert_eq!((c.id.as_str(), c.text.as_str()), ("c-2", "lost parcel"));
        assert_eq!(c.fields, [("sh\u{e9}ma".to_string(), "\"x\"".to_string())]);
    }

    #[test]
    fn keys_are_found_again_when_a_line_has_other_keys() {
        // Lines with the keys of the line before reuse where they were found; any other keys,
        // their order or their count changed, are looked up afresh.
        let items = read(
            "{\"id\": \"a\", \"text\": \"one\"}\n{\"id\": \"b\", \"text\": \"two\"}\n\
             {\"text\": \"three\", \"id\": \"c\"}\n{\"ticket\": \"d\", \"body\": \"four\"}\n\
             {\"ticket\": \"e\", \"body\": \"five\", \"id\": \"E\"}\n{\"turns\": [{\"speaker\": \"customer\", \"text\": \"six\"}], \"id\": \"f\"}\n\
             {\"id\": \"g\", \"text\": \"seven\"}\n",
            &InputOptions::default(),
        );
        let got: Vec<(&str, &str)> = items.iter().map(|i| (case(i).id.as_str(), case(i).text.as_str())).collect();
        assert_eq!(
            got,
            [("a", "one"), ("b", "two"), ("c", "three"), ("d", "four"), ("E", "five"), ("f", "six"), ("g", "seven")]
        );
        assert_eq!(case(&items[4]).fields, [("ticket".to_string(), "e".to_string())]);
    }

    #[test]
    fn numeric_id_missing_id_and_blank_lines() {
        let items = read(
            "{\"Complaint ID\": 42, \"narrative\": \"a\"}\n\n  \r\n{\"body\": \"b\"}\r\n",
            &InputOptions::default(),
        );
        assert_eq!(items.len(), 2);
        assert_eq!(case(&items[0]).id, "42");
        assert_eq!(case(&items[1]).id, "in.jsonl:2");
        assert_eq!(case(&items[1]).source, "in.jsonl:4");
        assert_eq!(case(&items[1]).text, "b");
    }

    #[test]
    fn bad_lines_are_errors_and_good_lines_are_kept() {
        let items = read(
            "{\"text\": \"a\"}\n{\"text\": \"b\",}\n[1, 2]\n\"hi\"\n{\"text\": 5}\n{\"date\": \"x\"}\n{\"text\": null}\n",
            &InputOptions::default(),
        );
        assert_eq!(items.len(), 7);
        assert_eq!(case(&items[0]).text, "a");
        assert_eq!(err(&items[1]), "in.jsonl:2: not valid JSON: trailing comma at column 14");
        assert_eq!(err(&items[2]), "in.jsonl:3: expected a JSON object on each line, found an array");
        assert_eq!(err(&items[3]), "in.jsonl:4: expected a JSON object on each line, found a string");
        assert_eq!(err(&items[4]), "in.jsonl:5: the text field \"text\" is a number, not a string");
        let e = err(&items[5]);
        assert!(e.starts_with("in.jsonl:6: no text field found"), "{e}");
        assert!(e.contains("its fields are \"date\"") && e.contains("--text-field"), "{e}");
        assert_eq!(case(&items[6]).text, "");
    }

    #[test]
    fn invalid_utf8_costs_one_line() {
        let mut input = b"{\"text\": \"a\"}\n{\"text\": \"b\xff\"}\n".to_vec();
        input.extend_from_slice(b"{\"text\": \"c\"}\n");
        let items: Vec<Item> = JsonlReader::new(&input[..], "x".into(), "x".into(), InputOptions::default()).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(err(&items[1]), "x:2: not valid UTF-8 (at byte 12 of the line); save the file as UTF-8");
        assert_eq!(case(&items[2]).text, "c");
    }

    #[test]
    fn explicit_fields() {
        let opts =
            InputOptions { text_field: Some("Notes".into()), id_field: Some("ref".into()), ..InputOptions::default() };
        let items = read("{\"REF\": \"r1\", \"notes\": \"n\", \"text\": \"t\"}\n{\"text\": \"t\"}\n", &opts);
        let c = case(&items[0]);
        assert_eq!((c.id.as_str(), c.text.as_str()), ("r1", "n"));
        assert_eq!(c.fields, [("text".to_string(), "t".to_string())]);
        assert_eq!(err(&items[1]), "in.jsonl:2: no field named \"Notes\" (from --text-field); its fields are \"text\"");
    }

    #[test]
    fn turns_rows_are_transcripts() {
        let items = read(
            "{\"id\": \"t1\", \"company\": \"Acme\", \"text\": \"ignored\", \"turns\": [\
             {\"speaker\": \"customer\", \"time\": \"09:00\", \"text\": \"Parcel late.\"}, \
             {\"speaker\": \"agent\", \"text\": \"Sorry!\"}]}\n",
            &InputOptions::default(),
        );
        let c = case(&items[0]);
        assert_eq!(c.text, "Parcel late.\n\nSorry!");
        assert_eq!(c.fields, [("company".to_string(), "Acme".to_string())]);
        let t: Vec<(&str, Role, Option<&str>, &str)> =
            c.turns.iter().map(|t| (t.speaker.as_str(), t.role, t.time.as_deref(), t.span.slice(&c.text))).collect();
        assert_eq!(
            t,
            [("customer", Role::Customer, Some("09:00"), "Parcel late."), ("agent", Role::Agent, None, "Sorry!")]
        );
    }

    #[test]
    fn bad_turns() {
        let items = read(
            "{\"turns\": 3}\n{\"turns\": [{\"speaker\": \"a\"}]}\n{\"turns\": [{\"text\": \"x\"}]}\n{\"turns\": [1]}\n",
            &InputOptions::default(),
        );
        let e: Vec<String> = items.iter().map(err).collect();
        assert_eq!(
            e,
            [
                "in.jsonl:1: \"turns\" is a number, not an array of turns",
                "in.jsonl:2: turn 1 has no \"text\"",
                "in.jsonl:3: turn 1 has no \"speaker\"",
                "in.jsonl:4: turn 1 is a number, not an object",
            ]
        );
    }

    #[test]
    fn named_speakers_in_turns_are_inferred() {
        let items = read(
            "{\"turns\": [{\"speaker\": \"Ann\", \"text\": \"Thanks for contacting Acme, how can I help?\"}, \
             {\"speaker\": \"Bob\", \"text\": \"My bill.\"}]}\n",
            &InputOptions::default(),
        );
        let c = case(&items[0]);
        assert_eq!(c.turns[0].role, Role::Agent);
        assert_eq!(c.turns[1].role, Role::Customer);
    }
}
