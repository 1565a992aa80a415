//! Lexicons are data: TSV files compiled into the binary, which a user's folder of files with
//! the same names can extend, override or prune. See docs/LEXICONS.md for the format.

mod builtin;
mod file;
mod import;
mod matcher;
mod parse;

pub use file::{FAMILIES, ISSUE_FAMILIES, LexFile, RECORD_KINDS, SPECS};
pub use import::{ValenceFormat, import_valence};
pub use matcher::Match;
pub(crate) use matcher::{FxMap, pack_short};
pub use parse::{Entry, Origin, Problem};

use matcher::Matcher;
use std::collections::HashMap;
use std::path::Path;

/// Everything that can go wrong loading lexicons. Problems inside files are collected, not
/// stopped at, so a user sees all of them at once.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
    Problems(Vec<Problem>),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// The compiled lexicons: every entry of every file, and one matcher over all of them.
#[derive(Debug)]
pub struct Lexicons {
    entries: Vec<Entry>,
    matcher: Matcher,
    /// Whether `tag_words` gave words tags.
    tagged: bool,
}

impl Lexicons {
    /// The built-in lexicons. They are checked by tests, so a failure here is a build defect.
    pub fn builtin() -> Lexicons {
        let mut layers = Layers::default();
        for (name, text) in builtin::FILES {
            let spec = LexFile::from_name(name).expect("built-in file names are specs").spec();
            let parsed = parse::parse(&format!("lexicons/{name}"), text, spec);
            assert!(parsed.problems.is_empty(), "built-in lexicon problems: {:?}", parsed.problems);
            layers.apply(parsed);
        }
        layers.compile()
    }

    /// The built-ins, with a user's folder layered over them and third-party valence files added.
    pub fn load(
        user_dir: Option<&Path>,
        valence: &[(std::path::PathBuf, ValenceFormat)],
    ) -> Result<Lexicons, LexiconError> {
        let mut layers = Layers::default();
        for (name, text) in builtin::FILES {
            let spec = LexFile::from_name(name).expect("built-in file names are specs").spec();
            layers.apply(parse::parse(&format!("lexicons/{name}"), text, spec));
        }
        let mut problems = Vec::new();
        if let Some(dir) = user_dir {
            for (parsed, _) in read_dir(dir, &mut problems)? {
                problems.extend(parsed.problems.iter().cloned());
                layers.apply(parsed);
            }
        }
        for (path, format) in valence {
            let text = std::fs::read_to_string(path)
                .map_err(|source| LexiconError::Io { path: path.display().to_string(), source })?;
            let parsed = import_valence(&path.display().to_string(), &text, *format);
            problems.extend(parsed.problems.iter().cloned());
            layers.apply(parsed);
        }
        if !problems.is_empty() {
            return Err(LexiconError::Problems(problems));
        }
        Ok(layers.compile())
    }

    /// Validates a folder of lexicon files (or the built-ins when `dir` is None) and returns every
    /// problem found, plus how many entries were read.
    pub fn check(dir: Option<&Path>) -> Result<(usize, Vec<Problem>), LexiconError> {
        let mut problems = Vec::new();
        let mut count = 0;
        match dir {
            None => {
                for (name, text) in builtin::FILES {
                    let spec = LexFile::from_name(name).expect("built-in names").spec();
                    let p = parse::parse(&format!("lexicons/{name}"), text, spec);
                    count += p.entries.len();
                    problems.extend(p.problems);
                }
            }
            Some(dir) => {
                for (p, _) in read_dir(dir, &mut problems)? {
                    count += p.entries.len();
                    problems.extend(p.problems);
                }
            }
        }
        Ok((count, problems))
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// Entries found in a token stream; see `Matcher::find`.
    pub fn find(&self, toks: &crate::text::Tokens) -> Vec<Match> {
        self.matcher.find(toks)
    }

    /// `find` into `out` (cleared first), reusing its room. Returns the tags (`tag_words`) of
    /// the tokens' words, all together: the one lookup per token that matching makes tells a
    /// step which of its words a sentence holds, which it would otherwise look up again.
    pub fn find_into(&self, toks: &crate::text::Tokens, out: &mut Vec<Match>) -> u32 {
        self.matcher.find_into(toks, out)
    }

    /// Gives words tag bits, reported by `find_into` for every sentence holding one of them
    /// (as a whole token, in its normal form). The fact rules' word classes are the one set of
    /// tags (`Analyzer::new` adds them).
    pub fn tag_words<'w>(&mut self, words: impl IntoIterator<Item = (&'w str, u32)>) {
        for (word, tags) in words {
            self.matcher.tag(word, tags);
        }
        self.tagged = true;
    }

    /// Whether `tag_words` was called: without it every sentence's tags are 0.
    pub fn tagged(&self) -> bool {
        self.tagged
    }

    /// Entries of one file, for steps that enumerate a whole list.
    pub fn of(&self, file: LexFile) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.file == file)
    }
}

/// Reads every `.tsv` of a user's folder. Unknown names are problems: a misspelt file name would
/// otherwise be ignored without a word.
fn read_dir(dir: &Path, problems: &mut Vec<Problem>) -> Result<Vec<(parse::Parsed, String)>, LexiconError> {
    let io = |source| LexiconError::Io { path: dir.display().to_string(), source };
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "tsv"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let shown = path.display().to_string();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(kind) = LexFile::from_name(name) else {
            problems.push(Problem {
                path: shown,
                line: 1,
                column: 1,
                message: format!(
                    "unknown lexicon file name; expected one of {}",
                    SPECS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
                ),
            });
            continue;
        };
        let bytes = std::fs::read(&path).map_err(|source| LexiconError::Io { path: shown.clone(), source })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = upto.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                let column = (upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)) as u32 + 1;
                problems.push(Problem { path: shown, line, column, message: "not valid UTF-8".into() });
                continue;
            }
        };
        out.push((parse::parse(&shown, &text, kind.spec()), shown));
    }
    Ok(out)
}

/// Entries keyed by (file, term key), so a later layer replaces or removes an earlier one.
#[derive(Default)]
struct Layers {
    order: Vec<(LexFile, String)>,
    by_key: HashMap<(LexFile, String), Entry>,
}

impl Layers {
    fn apply(&mut self, parsed: parse::Parsed) {
        for e in parsed.entries {
            let key = (e.file, e.key());
            if !self.by_key.contains_key(&key) {
                self.order.push(key.clone());
            }
            self.by_key.insert(key, e);
        }
        for (key, origin) in parsed.removals {
            // The file a removal applies to is the file it was written in.
            let file = LexFile::from_name(origin.path.rsplit(['/', '\\']).next().unwrap_or(""));
            if let Some(file) = file {
                self.by_key.remove(&(file, key));
            }
        }
    }

    fn compile(self) -> Lexicons {
        let mut by_key = self.by_key;
        let entries: Vec<Entry> = self.order.into_iter().filter_map(|k| by_key.remove(&k)).collect();
        let matcher = Matcher::new(&entries);
        Lexicons { entries, matcher, tagged: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_clean_and_cover_every_file() {
        let (count, problems) = Lexicons::check(None).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(count > 0);
        let lex = Lexicons::builtin();
        for spec in SPECS {
            assert!(lex.of(spec.kind).next().is_some(), "{} is empty", spec.name);
        }
    }

    #[test]
    fn user_layer_replaces_adds_and_removes() {
        let dir = std::env::temp_dir().join(format!("grievance-lex-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("emotions.tsv"),
            "term\tcategory\tweight\tfamily\nzorbled\tfrustration\t0.8\tanger\n!angry\n",
        )
        .unwrap();
        let lex = Lexicons::load(Some(&dir), &[]).unwrap();
        let terms: Vec<&str> = lex.of(LexFile::Emotions).map(|e| e.term.as_str()).collect();
        assert!(terms.contains(&"zorbled"));
        assert!(!terms.contains(&"angry"));
        let z = lex.of(LexFile::Emotions).find(|e| e.term == "zorbled").unwrap();
        assert!(z.origin.to_string().ends_with("emotions.tsv:2"));
        std::fs::write(dir.join("emotoins.tsv"), "term\tcategory\tweight\tfamily\n").unwrap();
        let err = Lexicons::load(Some(&dir), &[]).unwrap_err().to_string();
        assert!(err.contains("emotoins.tsv:1:1: unknown lexicon file name"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
