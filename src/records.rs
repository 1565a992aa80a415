//! Client records (`--records FILE`): what the company already knows about each case or client,
//! read before the complaint (step 1 of the method) so the check step can tell which claims the
//! record agrees with and which to verify.
//!
//! A records file is CSV (with a header) or JSON Lines, one row per case or client. Column names
//! are normalised ("Order Date" -> `order_date`) so they meet the names record_fields.tsv uses.
//! Columns the lexicon types are validated on load: a records file is configuration, and a run
//! that quietly skipped a bad date would report "no mismatch" where it never looked.

use crate::case::Case;
use crate::lexicon::{LexFile, Lexicons};
use crate::steps::facts::date::Ymd;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// One row of the records file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The row's key value (a case id, or a client or account id).
    pub key: String,
    /// Where the row is: "path:line", cited in every check that reads it.
    pub source: String,
    /// Normalised column name -> value, in file order; empty values are left out.
    pub fields: Vec<(String, String)>,
}

impl Record {
    /// The value of a column, or None when the record has no value there: a missing field is
    /// never a mismatch.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == column).map(|(_, v)| v.as_str())
    }
}

/// A records file, indexed by its key column.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub path: String,
    /// The normalised key column.
    pub key: String,
    rows: HashMap<String, Arc<Record>>,
}

/// A records file that cannot be used; names path:line so the row can be fixed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}{}: {message}", .line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct RecordsError {
    pub path: String,
    pub line: Option<u64>,
    pub message: String,
}

/// Key columns tried, in order, when the user names none.
const KEY_COLUMNS: &[&str] = &["id", "case_id", "ticket_id", "complaint_id", "client_id", "customer_id", "account_id"];

/// Values that mean "no value" in exports.
fn is_blank(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "" | "-" | "n/a" | "na" | "null" | "none")
}

/// "Order Date", "order-date", "ORDER_DATE" -> `order_date`.
pub fn normalize_column(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The kind of each record column the lexicons know (`record_fields.tsv`), for validation.
pub fn column_kinds(lex: &Lexicons) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for e in lex.of(LexFile::RecordFields) {
        for (column, kind) in e.category.split('|').zip(e.extra("kind").split('|')) {
            // A duration's column is the start date it counts from, typed by its own entries.
            if kind != "duration" {
                out.entry(column.to_string()).or_insert_with(|| kind.to_string());
            }
        }
    }
    out
}

/// An amount as exports write it: 480, 480.00, $1,240.00, 1240 USD, £35, -12.50.
pub fn parse_amount(text: &str) -> Option<f64> {
    let t = text.trim();
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, '$' | '£' | '€' | ',' | ' ' | '{' | '}'))
        .collect::<String>()
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .to_string();
    let v: f64 = digits.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Why a value does not fit its column's kind, if it does not.
fn kind_problem(kind: &str, value: &str) -> Option<String> {
    let ok = match kind {
        "date" | "start_date" => Ymd::parse_record_date(value).is_some(),
        "money" => parse_amount(value).is_some(),
        "count" => value.trim().parse::<u32>().is_ok(),
        _ => true,
    };
    (!ok).then(|| {
        let want = match kind {
            "date" | "start_date" => "a date (2026-03-14 or 03/14/2026)",
            "money" => "an amount (480.00, $480.00 or 480 USD)",
            _ => "a whole number",
        };
        format!("`{value}` is not {want}")
    })
}

impl Records {
    /// Reads a CSV or JSON Lines records file. `key` names the key column (default `id`, or the
    /// first of case_id, ticket_id, complaint_id, client_id, customer_id, account_id present);
    /// `kinds` types the columns the lexicons check.
    pub fn load(path: &Path, key: Option<&str>, kinds: &HashMap<String, String>) -> Result<Records, RecordsError> {
        let shown = path.display().to_string();
        let err = |line: Option<u64>, message: String| RecordsError { path: shown.clone(), line, message };
        let bytes = std::fs::read(path).map_err(|e| err(None, format!("cannot read: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            err(Some(upto.iter().filter(|&&b| b == b'\n').count() as u64 + 1), "not valid UTF-8".into())
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let jsonl = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("jsonl") || x.eq_ignore_ascii_case("ndjson"))
            || (!path.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) && text.trim_start().starts_with('{'));
        let rows = if jsonl { read_jsonl(text, &err)? } else { read_csv(text, &err)? };
        let Some((_, first)) = rows.first() else {
            return Err(err(None, "no records in the file".into()));
        };
        let key = match key {
            Some(k) => {
                let k = normalize_column(k);
                if !first.iter().any(|(c, _)| *c == k) && !rows.iter().any(|(_, r)| r.iter().any(|(c, _)| *c == k)) {
                    return Err(err(None, format!("no column `{k}` (given with --records-key)")));
                }
                k
            }
            None => KEY_COLUMNS.iter().find(|k| first.iter().any(|(c, _)| c == *k)).map(|k| k.to_string()).ok_or_else(
                || {
                    err(
                        None,
                        format!("no key column (tried {}); name one with --records-key COLUMN", KEY_COLUMNS.join(", ")),
                    )
                },
            )?,
        };
        let mut out = Records { path: shown.clone(), key: key.clone(), rows: HashMap::new() };
        let mut first_line: HashMap<String, u64> = HashMap::new();
        for (line, fields) in rows {
            let Some(k) = fields.iter().find(|(c, _)| *c == key).map(|(_, v)| v.trim().to_string()) else {
                return Err(err(Some(line), format!("no value in the key column `{key}`")));
            };
            if let Some(prev) = first_line.insert(k.clone(), line) {
                return Err(err(Some(line), format!("key `{k}` appears twice (first on line {prev})")));
            }
            let mut kept = Vec::new();
            for (column, value) in fields {
                if is_blank(&value) {
                    continue;
                }
                if let Some(problem) = kinds.get(&column).and_then(|kind| kind_problem(kind, &value)) {
                    return Err(err(Some(line), format!("column `{column}`: {problem}")));
                }
                kept.push((column, value.trim().to_string()));
            }
            let record = Record { key: k.clone(), source: format!("{shown}:{line}"), fields: kept };
            out.rows.insert(k, Arc::new(record));
        }
        Ok(out)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The record of a case: by the case's own value in the key column when it has one (a
    /// client or account id), else by the case id.
    pub fn lookup(&self, case: &Case) -> Option<Arc<Record>> {
        let own = case
            .fields
            .iter()
            .find(|(k, _)| normalize_column(k) == self.key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty());
        own.and_then(|v| self.rows.get(v)).or_else(|| self.rows.get(case.id.trim())).cloned()
    }
}

type Rows = Vec<(u64, Vec<(String, String)>)>;

fn read_csv(text: &str, err: &dyn Fn(Option<u64>, String) -> RecordsError) -> Result<Rows, RecordsError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| err(Some(1), format!("cannot read the header: {e}")))?
        .iter()
        .map(normalize_column)
        .collect();
    if let Some(i) = header.iter().position(|h| h.is_empty()) {
        return Err(err(Some(1), format!("column {} has no name", i + 1)));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line());
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                    format!("{len} fields, but the header has {expected_len}")
                }
                _ => e.to_string(),
            };
            err(line, message)
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        rows.push((line, header.iter().cloned().zip(rec.iter().map(str::to_string)).collect()));
    }
    Ok(rows)
}

fn read_jsonl(text: &str, err: &dyn Fn(Option<u64>, String) -> RecordsError) -> Result<Rows, RecordsError> {
    let mut rows = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n as u64 + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(raw).map_err(|e| err(Some(line), format!("not valid JSON: {e}")))?;
        let serde_json::Value::Object(map) = value else {
            return Err(err(Some(line), "expected a JSON object".into()));
        };
        let mut fields = Vec::new();
        for (k, v) in map {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Number(x) => x.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                serde_json::Value::Null => String::new(),
                _ => return Err(err(Some(line), format!("`{k}` holds a list or object; records are flat"))),
            };
            fields.push((normalize_column(&k), v));
        }
        rows.push((line, fields));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tmp(std::path::PathBuf);
    impl Drop for Tmp {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn file(name: &str, text: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("grievance-records-{}-{name}", std::process::id()));
        std::fs::write(&p, text).unwrap();
        Tmp(p)
    }

    fn kinds() -> HashMap<String, String> {
        column_kinds(&Lexicons::builtin())
    }

    fn load(name: &str, text: &str, key: Option<&str>) -> Result<Records, String> {
        let f = file(name, text);
        Records::load(&f.0, key, &kinds()).map_err(|e| e.to_string().replace(&f.0.display().to_string(), "FILE"))
    }

    #[test]
    fn csv_rows_are_keyed_by_id_and_columns_normalised() {
        let r =
            load("a.csv", "ID,Order Date,Amount Charged,note\nT-1,2026-03-01,$480.00,\nT-2,03/02/2026,12,x\n", None)
                .unwrap();
        assert_eq!(r.key, "id");
        let case = Case::new("T-1", "text");
        let rec = r.lookup(&case).unwrap();
        assert_eq!(rec.get("order_date"), Some("2026-03-01"));
        assert_eq!(rec.get("amount_charged"), Some("$480.00"));
        assert_eq!(rec.get("note"), None, "an empty value is a missing field");
        assert!(rec.source.ends_with(":2"), "{}", rec.source);
        assert!(r.lookup(&Case::new("T-9", "x")).is_none());
    }

    #[test]
    fn a_client_column_present_in_both_links_the_case() {
        let r = load("b.jsonl", "{\"customer_id\": \"C-7\", \"contacts\": 3}\n", Some("Customer ID")).unwrap();
        let mut case = Case::new("T-1", "text");
        case.fields.push(("customer_id".into(), "C-7".into()));
        assert_eq!(r.lookup(&case).unwrap().get("contacts"), Some("3"));
        let none = load("c.csv", "ticket_id,contacts\nT-1,2\n", None).unwrap();
        assert_eq!(none.key, "ticket_id");
        assert!(none.lookup(&Case::new("T-1", "x")).is_some());
    }

    #[test]
    fn bad_rows_are_named_by_path_and_line() {
        let e = load("d.csv", "id,order_date\nT-1,2026-03-01\nT-2,soon\n", None).unwrap_err();
        assert_eq!(e, "FILE:3: column `order_date`: `soon` is not a date (2026-03-14 or 03/14/2026)");
        let e = load("e.csv", "id,contacts\nT-1,3\nT-1,4\n", None).unwrap_err();
        assert_eq!(e, "FILE:3: key `T-1` appears twice (first on line 2)");
        let e = load("f.csv", "id,contacts\nT-1,3\nT-2,4,5\n", None).unwrap_err();
        assert_eq!(e, "FILE:3: 3 fields, but the header has 2");
        let e = load("g.jsonl", "{\"id\": \"T-1\"}\n{\"id\": \n", None).unwrap_err();
        assert!(e.starts_with("FILE:2: not valid JSON"), "{e}");
        let e = load("h.csv", "name,contacts\nx,1\n", None).unwrap_err();
        assert!(e.contains("no key column"), "{e}");
        let e = load("i.csv", "id,contacts\nT-1,1\n", Some("client")).unwrap_err();
        assert!(e.contains("no column `client`"), "{e}");
        let e = load("j.csv", "id,amount_charged\nT-1,lots\n", None).unwrap_err();
        assert!(e.contains("`lots` is not an amount"), "{e}");
    }

    #[test]
    fn amounts_in_export_forms() {
        assert_eq!(parse_amount("$1,240.00"), Some(1240.0));
        assert_eq!(parse_amount("480 USD"), Some(480.0));
        assert_eq!(parse_amount("£35"), Some(35.0));
        assert_eq!(parse_amount("-12.50"), Some(-12.5));
        assert_eq!(parse_amount("lots"), None);
    }
}
