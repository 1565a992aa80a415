//! Finding the text and id columns of a CSV header or a JSON object without flags, and turning
//! JSON values into the strings `Case::fields` holds.
//!
//! Names are compared after [`normalize`]: lowercased, with spaces, underscores and hyphens
//! removed, so "Consumer complaint narrative", "consumer_complaint_narrative" and
//! "ConsumerComplaintNarrative" are one name. When several columns qualify, the one whose name
//! comes first in the list below wins (the more specific names come first). A name given with
//! `--text-field` / `--id-field` is matched exactly, ignoring case only, and replaces the list.

use serde_json::Value;

/// Column names that hold the complaint text, most specific first (already normalized).
pub(crate) const TEXT_NAMES: &[&str] = &[
    "consumercomplaintnarrative",
    "complainttext",
    "complaintnarrative",
    "narrative",
    "text",
    "complaint",
    "body",
    "description",
    "message",
    "content",
    "comment",
    "comments",
    "details",
    "review",
    "reviewtext",
    "tweet",
    "feedback",
];

/// Column names that hold the case id, most specific first (already normalized).
pub(crate) const ID_NAMES: &[&str] = &[
    "id",
    "caseid",
    "complaintid",
    "ticketid",
    "casenumber",
    "ticketnumber",
    "complaintnumber",
    "ticket",
    "threadid",
    "conversationid",
    "recordid",
];

/// Lowercased, without spaces, underscores and hyphens: the form names are compared in.
fn normalized(name: &str) -> impl Iterator<Item = char> + '_ {
    name.chars().filter(|c| !matches!(c, ' ' | '\t' | '_' | '-')).flat_map(char::to_lowercase)
}

/// The index of the text column among `names`: the explicit name when given, else the first
/// of [`TEXT_NAMES`] present.
pub(crate) fn find_text<'a>(names: impl IntoIterator<Item = &'a str> + Clone, explicit: Option<&str>) -> Option<usize> {
    find(names, explicit, TEXT_NAMES)
}

/// The index of the id column among `names`, like [`find_text`] with [`ID_NAMES`].
pub(crate) fn find_id<'a>(names: impl IntoIterator<Item = &'a str> + Clone, explicit: Option<&str>) -> Option<usize> {
    find(names, explicit, ID_NAMES)
}

fn find<'a>(
    names: impl IntoIterator<Item = &'a str> + Clone,
    explicit: Option<&str>,
    candidates: &[&str],
) -> Option<usize> {
    if let Some(want) = explicit {
        let want = want.trim().to_lowercase();
        return names.into_iter().position(|n| n.trim().to_lowercase() == want);
    }
    // Each name is normalised once and looked up in the list: the earliest candidate wins, and
    // for one candidate the first column holding it.
    let mut best: Option<(usize, usize)> = None;
    let mut buf = String::new();
    for (i, n) in names.into_iter().enumerate() {
        buf.clear();
        if n.is_ascii() {
            // The common case, a byte at a time without the Unicode case tables.
            let keep = n.bytes().filter(|b| !matches!(b, b' ' | b'\t' | b'_' | b'-'));
            buf.extend(keep.map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            buf.extend(normalized(n));
        }
        if let Some(rank) = candidates.iter().position(|c| *c == buf)
            && best.is_none_or(|(r, _)| rank < r)
        {
            best = Some((rank, i));
        }
    }
    best.map(|(_, i)| i)
}

/// The message for a record in which no text field was found: what it has, and what to do.
pub(crate) fn no_text_message<'a>(
    names: impl IntoIterator<Item = &'a str>,
    explicit: Option<&str>,
    what: &str,
) -> String {
    let list: Vec<String> = names.into_iter().map(|n| format!("\"{n}\"")).collect();
    let has =
        if list.is_empty() { format!("it has no {what}s") } else { format!("its {what}s are {}", list.join(", ")) };
    match explicit {
        Some(name) => format!("no {what} named \"{name}\" (from --text-field); {has}"),
        None => format!(
            "no text {what} found (looked for text, narrative, complaint, body, description, \
             message, content, ...); {has}; name the text {what} with --text-field NAME"
        ),
    }
}

/// A JSON value as a field string: strings as they are, numbers and booleans as their JSON
/// text, arrays and objects as compact JSON; `None` for null (the field is left out).
pub(crate) fn json_field_value(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(_) | Value::Object(_) => Some(v.to_string()),
    }
}

/// "a string", "a number", ... for messages about a value of the wrong type.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CFPB: &str = "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint \
        narrative,Company public response,Company,State,ZIP code,Tags,Consumer consent \
        provided?,Submitted via,Date sent to company,Company response to consumer,Timely \
        response?,Consumer disputed?,Complaint ID";

    fn same_name(name: &str, candidate: &str) -> bool {
        normalized(name).collect::<String>() == candidate
    }

    fn cols(header: &str) -> Vec<&str> {
        header.split(',').collect()
    }

    #[test]
    fn normalize_drops_case_spaces_underscores_hyphens() {
        assert!(same_name("Consumer complaint narrative", "consumercomplaintnarrative"));
        assert!(same_name("Case_ID", "caseid"));
        assert!(same_name("ticket-id", "ticketid"));
        assert!(!same_name("ticket-id", "ticket"));
        assert!(!same_name("ticket", "ticketid"));
    }

    #[test]
    fn finds_cfpb_columns() {
        let h = cols(CFPB);
        assert_eq!(find_text(h.iter().copied(), None), Some(5));
        assert_eq!(find_id(h.iter().copied(), None), Some(17));
    }

    #[test]
    fn finds_common_text_names_in_any_spelling() {
        for name in [
            "text",
            "TEXT",
            "Narrative",
            "complaint",
            "Body",
            "description",
            "Message",
            "content",
            "complaint_text",
            "Complaint-Text",
            "comment",
            "details",
            "review",
            "tweet",
            "consumer_complaint_narrative",
        ] {
            let h = ["when", name, "where"];
            assert_eq!(find_text(h, None), Some(1), "{name}");
        }
        assert_eq!(find_text(["date", "product"], None), None);
    }

    #[test]
    fn finds_common_id_names() {
        for name in ["id", "ID", "case_id", "Ticket ID", "Complaint ID", "complaint_id", "case_number", "ticket"] {
            assert_eq!(find_id(["text", name], None), Some(1), "{name}");
        }
        assert_eq!(find_id(["text", "date"], None), None);
    }

    #[test]
    fn more_specific_name_wins() {
        assert_eq!(find_text(["description", "complaint_text"], None), Some(1));
        assert_eq!(find_text(["message", "text"], None), Some(1));
        assert_eq!(find_id(["ticket", "id"], None), Some(1));
    }

    #[test]
    fn explicit_name_is_exact_but_ignores_case() {
        assert_eq!(find_text(["text", "Notes"], Some("notes")), Some(1));
        // explicit replaces the list: no fallback to "text"
        assert_eq!(find_text(["text", "Notes"], Some("note")), None);
        // exact: separators matter
        assert_eq!(find_text(["my_text"], Some("mytext")), None);
        assert_eq!(find_id(["Ref", "id"], Some("REF")), Some(0));
    }

    #[test]
    fn no_text_message_lists_fields_and_suggests_flag() {
        let m = no_text_message(["date", "product"], None, "field");
        assert!(m.contains("\"date\", \"product\""), "{m}");
        assert!(m.contains("--text-field"), "{m}");
        let m = no_text_message(["date"], Some("notes"), "column");
        assert_eq!(m, "no column named \"notes\" (from --text-field); its columns are \"date\"");
    }

    #[test]
    fn json_values_become_strings() {
        assert_eq!(json_field_value(&json!("a b")), Some("a b".into()));
        assert_eq!(json_field_value(&json!(12.5)), Some("12.5".into()));
        assert_eq!(json_field_value(&json!(7)), Some("7".into()));
        assert_eq!(json_field_value(&json!(true)), Some("true".into()));
        assert_eq!(json_field_value(&json!(null)), None);
        assert_eq!(json_field_value(&json!([1, "x"])), Some("[1,\"x\"]".into()));
        assert_eq!(json_field_value(&json!({"a": 1})), Some("{\"a\":1}".into()));
        assert_eq!(json_kind(&json!(3)), "a number");
    }
}
