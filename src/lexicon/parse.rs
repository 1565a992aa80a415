//! Reading one lexicon TSV. Every problem is reported with path:line:column and parsing goes on,
//! so `lexicon check` can list all of a file's problems in one run.

use super::file::{FileSpec, LexFile};
use crate::text::{TokenKind, tokenize};
use std::fmt;
use std::sync::Arc;

/// Where an entry was written; shown beside every finding it produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: Arc<str>,
    pub line: u32,
}

impl Origin {
    /// Appends "path:line", as `Display` writes it. Findings carry their origin as text, one per
    /// finding, and the formatting machinery costs more than the rest of building them.
    pub fn push_to(&self, out: &mut String) {
        out.push_str(&self.path);
        out.push(':');
        out.push_str(itoa::Buffer::new().format(self.line));
    }

    /// "path:line" as a new String: what `to_string` gives, for less.
    pub fn text(&self) -> String {
        let mut out = String::with_capacity(self.path.len() + 11);
        self.push_to(&mut out);
        out
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub file: LexFile,
    /// The term as written, without a leading `!` or trailing `*`.
    pub term: String,
    /// The term's normalised tokens, as text tokens are normalised.
    pub words: Vec<String>,
    /// The last word matches any token it begins.
    pub prefix: bool,
    pub category: String,
    pub weight: f32,
    /// Values of the file's extra columns, in `FileSpec::extra` order.
    pub extra: Vec<String>,
    pub origin: Origin,
}

impl Entry {
    /// The value of an extra column (family, ask, label), empty when the file has none.
    pub fn extra(&self, column: &str) -> &str {
        self.file
            .spec()
            .extra
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.extra.get(i))
            .map_or("", String::as_str)
    }

    /// The key under which layers replace or remove an entry.
    pub fn key(&self) -> String {
        let mut k = self.words.join(" ");
        if self.prefix {
            k.push('*');
        }
        k
    }
}

/// A problem in a lexicon file, located for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.line, self.column, self.message)
    }
}

/// What one file yields: entries to add or replace, and keys to remove (`!term`).
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub removals: Vec<(String, Origin)>,
    pub problems: Vec<Problem>,
}

pub fn parse(path: &str, text: &str, spec: &FileSpec) -> Parsed {
    let path_arc: Arc<str> = Arc::from(path);
    let mut out = Parsed::default();
    let mut header_seen = false;
    let mut seen = std::collections::HashMap::<String, u32>::new();
    let want_cols = 3 + spec.extra.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line = n as u32 + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let mut problem = |column: usize, message: String| {
            out.problems.push(Problem { path: path.to_string(), line, column: column as u32, message });
        };
        if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        let columns: Vec<usize> = fields
            .iter()
            .scan(1usize, |col, f| {
                let c = *col;
                *col += f.len() + 1;
                Some(c)
            })
            .collect();
        if !header_seen {
            header_seen = true;
            let mut expected = vec!["term", "category", "weight"];
            expected.extend_from_slice(spec.extra);
            if fields != expected {
                problem(1, format!("header must be `{}` (TAB-separated)", expected.join("<TAB>")));
            }
            continue;
        }
        if fields.len() != want_cols && !fields[0].starts_with('!') {
            problem(
                columns.last().copied().unwrap_or(1),
                format!("expected {want_cols} TAB-separated fields, found {}", fields.len()),
            );
            continue;
        }
        let term_field = fields[0];
        if term_field != term_field.trim() || term_field.contains("  ") {
            problem(1, "term has stray spaces".into());
            continue;
        }
        let (remove, term_text) = match term_field.strip_prefix('!') {
            Some(t) => (true, t),
            None => (false, term_field),
        };
        let (prefix, term_text) = match term_text.strip_suffix('*') {
            Some(t) => (true, t),
            None => (false, term_text),
        };
        if term_text.is_empty() {
            problem(1, "empty term".into());
            continue;
        }
        if term_text.contains('*') {
            problem(1 + term_field.find('*').unwrap_or(0), "`*` is allowed only at the end of the term".into());
            continue;
        }
        let toks = tokenize(term_text, 0);
        let words: Vec<String> = (0..toks.len()).map(|i| toks.norm(i).to_string()).collect();
        if words.is_empty() {
            problem(1, format!("term `{term_text}` has no word in it"));
            continue;
        }
        if prefix && toks.list.last().is_some_and(|t| t.kind == TokenKind::Punct) {
            problem(1, "`*` must follow a word".into());
            continue;
        }
        if prefix && words.last().is_some_and(|w| w.chars().count() < 3) {
            problem(1, "a prefix term needs at least 3 letters before `*`".into());
            continue;
        }
        let key = {
            let mut k = words.join(" ");
            if prefix {
                k.push('*');
            }
            k
        };
        if let Some(first) = seen.insert(key.clone(), line) {
            problem(1, format!("duplicate term `{term_text}` (first on line {first})"));
            continue;
        }
        let origin = Origin { path: path_arc.clone(), line };
        if remove {
            out.removals.push((key, origin));
            continue;
        }
        let category = fields[1];
        if category.is_empty() {
            problem(columns[1], "empty category".into());
            continue;
        }
        if !spec.categories.is_empty() && !spec.categories.contains(&category) {
            problem(
                columns[1],
                format!("unknown category `{category}`; expected one of {}", spec.categories.join(", ")),
            );
            continue;
        }
        let weight: f32 = match fields[2].parse() {
            Ok(w) if f32::is_finite(w) => w,
            _ => {
                problem(columns[2], format!("weight `{}` is not a number", fields[2]));
                continue;
            }
        };
        if weight < spec.weight.0 || weight > spec.weight.1 {
            problem(columns[2], format!("weight {weight} is outside {}..{}", spec.weight.0, spec.weight.1));
            continue;
        }
        let extra: Vec<String> = fields[3..].iter().map(|s| s.to_string()).collect();
        if let Some(i) = extra.iter().position(|v| v.trim().is_empty()) {
            problem(columns[3 + i], format!("empty `{}`", spec.extra[i]));
            continue;
        }
        if matches!(spec.kind, LexFile::Emotions | LexFile::Evokes)
            && !super::file::FAMILIES.contains(&extra[0].as_str())
        {
            problem(
                columns[3],
                format!("unknown family `{}`; expected one of {}", extra[0], super::file::FAMILIES.join(", ")),
            );
            continue;
        }
        if spec.kind == LexFile::RecordFields
            && let Some(message) = record_fields_problem(category, &extra[0])
        {
            problem(columns[1], message);
            continue;
        }
        if spec.kind == LexFile::Evaluations && (category == "positive") != (weight > 0.0) {
            problem(columns[2], format!("weight {weight} does not match category `{category}`"));
            continue;
        }
        out.entries.push(Entry {
            file: spec.kind,
            term: term_text.to_string(),
            words,
            prefix,
            category: category.to_string(),
            weight,
            extra,
            origin,
        });
    }
    if !header_seen {
        out.problems.push(Problem {
            path: path.to_string(),
            line: 1,
            column: 1,
            message: "file has no header row".into(),
        });
    }
    out
}

/// record_fields.tsv pairs each column of `category` with a kind of `kind`; a mismatch there
/// would silently check a claim against the wrong column.
fn record_fields_problem(category: &str, kinds: &str) -> Option<String> {
    let columns: Vec<&str> = category.split('|').collect();
    let kinds: Vec<&str> = kinds.split('|').collect();
    if columns.len() != kinds.len() {
        return Some(format!("{} column(s) in `{category}` but {} kind(s)", columns.len(), kinds.len()));
    }
    if let Some(c) = columns
        .iter()
        .find(|c| c.is_empty() || !c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'))
    {
        return Some(format!("column `{c}` must be lower case letters, digits and `_`"));
    }
    kinds
        .iter()
        .find(|k| !super::file::RECORD_KINDS.contains(k))
        .map(|k| format!("unknown kind `{k}`; expected one of {}", super::file::RECORD_KINDS.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn emotions() -> &'static FileSpec {
        LexFile::Emotions.spec()
    }

    #[test]
    fn origin_text_is_its_display() {
        for line in [0, 7, 10, 1234, u32::MAX] {
            let o = Origin { path: "lexicons/emotions.tsv".into(), line };
            assert_eq!(o.text(), o.to_string());
        }
    }

    #[test]
    fn reads_entries_with_extra_columns() {
        let p = parse(
            "e.tsv",
            "# comment\nterm\tcategory\tweight\tfamily\n\nfed up\tfrustration\t0.7\tanger\nfrustrat*\tfrustration\t0.6\tanger\n",
            emotions(),
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].words, vec!["fed", "up"]);
        assert_eq!(p.entries[0].extra("family"), "anger");
        assert_eq!(p.entries[0].origin.to_string(), "e.tsv:4");
        assert!(p.entries[1].prefix);
    }

    #[test]
    fn reports_path_line_column() {
        let p = parse(
            "e.tsv",
            "term\tcategory\tweight\tfamily\nangry\tanger\tlots\tanger\nmad\tanger\t0.5\trage\nangry\tanger\t0.5\tanger\n",
            emotions(),
        );
        let msgs: Vec<String> = p.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("e.tsv:2:13: weight `lots`"), "{}", msgs[0]);
        assert!(msgs[1].starts_with("e.tsv:3:15: unknown family `rage`"), "{}", msgs[1]);
        // The bad line 2 still counts as seen, so line 4 is flagged as a duplicate.
        assert!(msgs[2].contains("duplicate term"), "{}", msgs[2]);
    }

    #[test]
    fn record_fields_pair_each_column_with_a_kind() {
        let spec = LexFile::RecordFields.spec();
        let p = parse(
            "r.tsv",
            "term\tcategory\tweight\tkind\ncharged\tamount_charged|charge_date\t0.9\tmoney|date\nbilled\tamount_charged|x\t0.9\tmoney\nsent\tSent Date\t0.5\tdate\nrang\tcontacts\t0.5\tnumber\n",
            spec,
        );
        let msgs: Vec<String> = p.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(p.entries.len(), 1, "{msgs:?}");
        assert!(msgs[0].starts_with("r.tsv:3:8: 2 column(s)"), "{msgs:?}");
        assert!(msgs[1].contains("column `Sent Date` must be lower case"), "{msgs:?}");
        assert!(msgs[2].contains("unknown kind `number`"), "{msgs:?}");
    }

    #[test]
    fn bad_header_and_field_count() {
        let p = parse("e.tsv", "term\tweight\nangry\tanger\n", emotions());
        assert_eq!(p.problems[0].line, 1);
        assert!(p.problems[1].message.contains("expected 4"));
    }

    #[test]
    fn removal_lines() {
        let p = parse("e.tsv", "term\tcategory\tweight\tfamily\n!angry\n", emotions());
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        assert_eq!(p.removals[0].0, "angry");
    }

    #[test]
    fn short_prefix_and_range() {
        let p = parse(
            "e.tsv",
            "term\tcategory\tweight\tfamily\nsa*\tsad\t0.5\tsadness\nsad\tsad\t1.5\tsadness\n",
            emotions(),
        );
        assert_eq!(p.problems.len(), 2);
        assert!(p.problems[0].message.contains("at least 3"));
        assert!(p.problems[1].message.contains("outside"));
    }

    #[test]
    fn evaluation_sign_must_match() {
        let p = parse("v.tsv", "term\tcategory\tweight\ngreat\tnegative\t0.7\n", LexFile::Evaluations.spec());
        assert_eq!(p.problems.len(), 1);
    }
}
