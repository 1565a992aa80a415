//! Third-party valence lexicons a user already has (VADER, AFINN), read at run time and turned
//! into evaluation entries. grievance never ships them.

use super::file::LexFile;
use super::parse::{Entry, Origin, Parsed, Problem};
use crate::text::{normalize_word, tokenize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValenceFormat {
    /// `token<TAB>mean<TAB>sd<TAB>[ratings]`, mean in -4..4.
    Vader,
    /// `word<TAB>score`, score an integer in -5..5.
    Afinn,
}

impl ValenceFormat {
    fn scale(self) -> f32 {
        match self {
            ValenceFormat::Vader => 4.0,
            ValenceFormat::Afinn => 5.0,
        }
    }

    /// Guesses the format from the first data line: VADER rows have four columns.
    pub fn detect(text: &str) -> ValenceFormat {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if first.split('\t').count() >= 4 { ValenceFormat::Vader } else { ValenceFormat::Afinn }
    }
}

pub fn import_valence(path: &str, text: &str, format: ValenceFormat) -> Parsed {
    let path_arc: Arc<str> = Arc::from(path);
    let mut out = Parsed::default();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let term = cols.next().unwrap_or("").trim();
        let Some(score_text) = cols.next() else {
            out.problems.push(Problem {
                path: path.into(),
                line: line_no,
                column: line.len() as u32 + 1,
                message: "expected a TAB and a score after the word".into(),
            });
            continue;
        };
        let score: f32 = match score_text.trim().parse() {
            Ok(s) if f32::is_finite(s) => s,
            _ => {
                out.problems.push(Problem {
                    path: path.into(),
                    line: line_no,
                    column: term.len() as u32 + 2,
                    message: format!("score `{score_text}` is not a number"),
                });
                continue;
            }
        };
        // Emoticons and other punctuation-only entries cannot match word tokens; skip them.
        let toks = tokenize(term, 0);
        if toks.list.iter().all(|t| t.kind == crate::text::TokenKind::Punct) || score == 0.0 {
            continue;
        }
        let words: Vec<String> = (0..toks.len()).map(|i| toks.norm(i).to_string()).collect();
        if !seen.insert(words.join(" ")) {
            continue;
        }
        let weight = (score / format.scale()).clamp(-1.0, 1.0);
        out.entries.push(Entry {
            file: LexFile::Evaluations,
            term: normalize_word(term),
            words,
            prefix: false,
            category: if weight > 0.0 { "positive" } else { "negative" }.into(),
            weight,
            extra: Vec::new(),
            origin: Origin { path: path_arc.clone(), line: line_no },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_formats() {
        let vader = "good\t1.9\t0.9\t[2, 2]\n:)\t2.0\t0.5\t[2]\n((\t-1.0\t0.5\t[-1]\n";
        assert_eq!(ValenceFormat::detect(vader), ValenceFormat::Vader);
        let p = import_valence("v.txt", vader, ValenceFormat::Vader);
        // ":)" is a token like a word; "((" is punctuation only and cannot match.
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[1].words, vec![":)"]);
        assert!((p.entries[0].weight - 0.475).abs() < 1e-6);
        let afinn = "abandon\t-2\ncan't stand\t-3\n";
        assert_eq!(ValenceFormat::detect(afinn), ValenceFormat::Afinn);
        let p = import_valence("a.txt", afinn, ValenceFormat::Afinn);
        assert_eq!(p.entries[1].words, vec!["can't", "stand"]);
        assert_eq!(p.entries[1].origin.to_string(), "a.txt:2");
    }

    #[test]
    fn bad_score_is_located() {
        let p = import_valence("a.txt", "good\tvery\n", ValenceFormat::Afinn);
        assert_eq!(p.problems[0].to_string(), "a.txt:1:6: score `very` is not a number");
    }
}
