//! Finds lexicon entries in a token stream: whole tokens only, multi-word entries as token
//! sequences, leftmost-longest within each file. One hash lookup per token (plus a few for the
//! prefix entries), which keeps matching linear in the text and independent of lexicon size.

use super::file::LexFile;
use super::parse::Entry;
use crate::text::{Tokens, shorten_runs};
use std::collections::HashMap;

/// One entry found in a sentence: tokens `start..end` of its `Tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub entry: u32,
    pub file: LexFile,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub struct Matcher {
    /// First word -> entries starting with it, longest first.
    exact: HashMap<String, Vec<u32>>,
    /// Single-word prefix entries, keyed by the prefix.
    prefix: HashMap<String, Vec<u32>>,
    /// Distinct byte lengths of those prefixes, ascending.
    prefix_lens: Vec<usize>,
}

impl Matcher {
    pub fn new(entries: &[Entry]) -> Matcher {
        let mut m = Matcher::default();
        for (id, e) in entries.iter().enumerate() {
            let id = id as u32;
            if e.prefix && e.words.len() == 1 {
                m.prefix.entry(e.words[0].clone()).or_default().push(id);
                m.prefix_lens.push(e.words[0].len());
            } else {
                m.exact.entry(e.words[0].clone()).or_default().push(id);
            }
        }
        for ids in m.exact.values_mut().chain(m.prefix.values_mut()) {
            // Longest first, then file order, then entry order: a stable preference.
            ids.sort_by_key(|&id| {
                let e = &entries[id as usize];
                (std::cmp::Reverse(e.words.len()), e.file, id)
            });
        }
        m.prefix_lens.sort_unstable();
        m.prefix_lens.dedup();
        m
    }

    /// All matches in `toks`, ordered by start token then file. Within one file matches never
    /// overlap: at each position the longest wins and the next search starts after it.
    pub fn find(&self, entries: &[Entry], toks: &Tokens) -> Vec<Match> {
        let mut out = Vec::new();
        // Per file, the first token not yet covered by a match of that file.
        let mut covered: HashMap<LexFile, usize> = HashMap::new();
        let mut here: Vec<Match> = Vec::new();
        let mut collapsed = String::new();
        for i in 0..toks.len() {
            here.clear();
            let word = toks.norm(i);
            self.candidates_at(entries, toks, i, word, &mut here);
            // "soooo": try the word with its runs shortened to two letters, then to one.
            for keep in [2, 1] {
                if !toks.list[i].elongated || !here.is_empty() {
                    break;
                }
                collapsed.clear();
                shorten_runs(word, keep, &mut collapsed);
                self.candidates_at(entries, toks, i, &collapsed, &mut here);
            }
            // Keep the longest per file (candidates arrive longest first per lookup).
            here.sort_by_key(|m| (m.file, std::cmp::Reverse(m.end), m.entry));
            let mut last_file = None;
            for m in &here {
                if last_file == Some(m.file) {
                    continue;
                }
                last_file = Some(m.file);
                let c = covered.entry(m.file).or_insert(0);
                if *c > i {
                    continue;
                }
                *c = m.end;
                out.push(*m);
            }
        }
        out
    }

    fn candidates_at(&self, entries: &[Entry], toks: &Tokens, i: usize, word: &str, out: &mut Vec<Match>) {
        if let Some(ids) = self.exact.get(word) {
            for &id in ids {
                let e = &entries[id as usize];
                if let Some(end) = match_rest(e, toks, i) {
                    out.push(Match { entry: id, file: e.file, start: i, end });
                }
            }
        }
        for &len in &self.prefix_lens {
            if len > word.len() {
                break;
            }
            if !word.is_char_boundary(len) {
                continue;
            }
            if let Some(ids) = self.prefix.get(&word[..len]) {
                for &id in ids {
                    out.push(Match { entry: id, file: entries[id as usize].file, start: i, end: i + 1 });
                }
            }
        }
    }
}

/// Checks the words after the first against the tokens after `i`; returns the end token.
fn match_rest(e: &Entry, toks: &Tokens, i: usize) -> Option<usize> {
    let n = e.words.len();
    if i + n > toks.len() {
        return None;
    }
    for (k, w) in e.words.iter().enumerate().skip(1) {
        let t = toks.norm(i + k);
        let last = k == n - 1;
        let ok = if last && e.prefix { t.starts_with(w.as_str()) } else { t == w };
        if !ok {
            return None;
        }
    }
    if n == 1 && e.prefix && !toks.norm(i).starts_with(e.words[0].as_str()) {
        return None;
    }
    Some(i + n)
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use crate::text::tokenize;

    fn entries() -> Vec<Entry> {
        let mut v = parse(
            "e.tsv",
            "term\tcategory\tweight\tfamily\nlet down\tdisappointment\t0.6\tsadness\nlet\tx\t0.1\tjoy\nfrustrat*\tfrustration\t0.6\tanger\nso\tx\t0.2\tjoy\nok\tx\t0.2\tjoy\n",
            LexFile::Emotions.spec(),
        )
        .entries;
        v.extend(
            parse(
                "n.tsv",
                "term\tcategory\tweight\nnot\tnegator\t1\nnot only\tnot_negation\t1\n",
                LexFile::Negators.spec(),
            )
            .entries,
        );
        v
    }

    fn found(text: &str) -> Vec<String> {
        let es = entries();
        let m = Matcher::new(&es);
        let t = tokenize(text, 0);
        m.find(&es, &t).iter().map(|m| es[m.entry as usize].term.clone()).collect()
    }

    #[test]
    fn longest_wins_and_whole_tokens_only() {
        assert_eq!(found("they let me down, I feel let down"), vec!["let", "let down"]);
        assert_eq!(found("booking okay"), Vec::<String>::new());
    }

    #[test]
    fn prefixes_and_elongation() {
        assert_eq!(found("FRUSTRATING and sooooo frustrated"), vec!["frustrat", "so", "frustrat"]);
        assert_eq!(found("BBB"), Vec::<String>::new(), "no entry for bbb here, and none for bb either");
    }

    #[test]
    fn files_match_independently() {
        assert_eq!(found("not only that"), vec!["not only"]);
        assert_eq!(found("not ok"), vec!["not", "ok"]);
    }
}
