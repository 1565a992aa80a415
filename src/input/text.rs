//! Text files and folders. A text file is one case whose id is the file name; when its lines
//! read as speaker turns it is a transcript (see [`super::transcript`]). A folder is one case per
//! regular file inside, in name order; hidden files and subfolders are skipped, and CSV or JSON
//! Lines files inside are read with their own readers.

use super::transcript::{assign_roles, looks_like_transcript, parse_text};
use super::{InputOptions, Item, Items, RecordError, file_name, read_file};
use crate::case::Case;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Whether a text is searched for speaker turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextMode {
    /// A transcript when most non-blank lines start a turn, else plain text.
    Auto,
    /// Never a transcript (`--input-format text`).
    Plain,
    /// Always read for turns (`--input-format transcript`).
    Transcript,
}

/// The case held by the bytes of one text input. Invalid UTF-8 is an error naming the line.
pub(crate) fn case_from_bytes(bytes: Vec<u8>, id: String, source: String, mode: TextMode, opts: &InputOptions) -> Item {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = memchr::memchr_iter(b'\n', &bytes[..at]).count() + 1;
            let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
            return Item::Error(RecordError {
                id: Some(id),
                source,
                message: format!(
                    "not valid UTF-8 at line {line} (byte {} of the line); save the file as UTF-8",
                    at - line_start + 1
                ),
            });
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let transcript = match mode {
        TextMode::Plain => false,
        TextMode::Transcript => true,
        TextMode::Auto => looks_like_transcript(&text),
    };
    let turns = if transcript { assign_roles(&text, parse_text(&text), opts) } else { Vec::new() };
    Item::Case(Case { id, text, turns, fields: Vec::new(), source })
}

/// Reads one text file as one case.
pub(crate) fn read_text_file(path: &Path, mode: TextMode, opts: &InputOptions) -> Item {
    let id = file_name(path);
    let source = path.display().to_string();
    let fail = |what: &str, e: std::io::Error| {
        Item::Error(RecordError { id: Some(id.clone()), source: source.clone(), message: format!("{what}: {e}") })
    };
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return fail("cannot open", e),
    };
    let mut bytes = Vec::new();
    if let Err(e) = file.read_to_end(&mut bytes) {
        return fail("cannot read", e);
    }
    case_from_bytes(bytes, id, source, mode, opts)
}

/// A folder's own documentation (README, LICENSE, ...) describes the cases; it is not one.
fn is_folder_doc(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(stem.as_str(), "README" | "LICENSE" | "LICENCE" | "NOTICE" | "CHANGELOG" | "COPYING")
}

/// Reads every regular, non-hidden file in `dir`, sorted by name, but its documentation. Files are opened one at a
/// time as the items are consumed.
pub(crate) fn read_folder(dir: &Path, opts: &InputOptions) -> Items {
    let source = dir.display().to_string();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return Box::new(std::iter::once(Item::Error(RecordError {
                id: None,
                source,
                message: format!("cannot open: {e}"),
            })));
        }
    };
    let mut errors = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => {
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') || is_folder_doc(&name.to_string_lossy()) {
                    continue;
                }
                let path = entry.path();
                // follows symlinks: a link to a file is read, a link to a folder is skipped
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_file() => files.push(path),
                    Ok(_) => {}
                    Err(e) => errors.push(Item::Error(RecordError {
                        id: Some(file_name(&path)),
                        source: path.display().to_string(),
                        message: format!("cannot open: {e}"),
                    })),
                }
            }
            Err(e) => errors.push(Item::Error(RecordError {
                id: None,
                source: source.clone(),
                message: format!("cannot list the folder: {e}"),
            })),
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let opts = opts.clone();
    Box::new(errors.into_iter().chain(files.into_iter().flat_map(move |p| read_file(&p, &opts))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Role;

    fn case(item: Item) -> Case {
        match item {
            Item::Case(c) => c,
            Item::Error(e) => panic!("expected a case, got {e}"),
        }
    }

    fn from(text: &[u8], mode: TextMode) -> Item {
        case_from_bytes(text.to_vec(), "a.txt".into(), "dir/a.txt".into(), mode, &InputOptions::default())
    }

    #[test]
    fn plain_text_is_one_case() {
        let c = case(from(b"\xEF\xBB\xBFMy parcel is late.\nAgain.\n", TextMode::Auto));
        assert_eq!(
            (c.id.as_str(), c.text.as_str(), c.source.as_str()),
            ("a.txt", "My parcel is late.\nAgain.\n", "dir/a.txt")
        );
        assert!(c.turns.is_empty());
        assert_eq!(case(from(b"", TextMode::Auto)).text, "");
    }

    #[test]
    fn transcript_is_detected_unless_plain() {
        let text = b"Customer: my bill is wrong\nAgent: let me check\n";
        let c = case(from(text, TextMode::Auto));
        assert_eq!(c.turns.len(), 2);
        assert_eq!(c.turns[0].role, Role::Customer);
        assert_eq!(c.turns[1].span.slice(&c.text), "let me check");
        assert!(case(from(text, TextMode::Plain)).turns.is_empty());
        let c = case(from(b"Customer: only one turn\nand more text\nand more\n", TextMode::Transcript));
        assert_eq!(c.turns.len(), 1);
        assert_eq!(c.turns[0].span.slice(&c.text), "only one turn\nand more text\nand more");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        match from(b"fine\nstill fine\nbad \xff here\n", TextMode::Auto) {
            Item::Error(e) => assert_eq!(
                e.to_string(),
                "dir/a.txt: not valid UTF-8 at line 3 (byte 5 of the line); save the file as UTF-8"
            ),
            Item::Case(_) => panic!("expected an error"),
        }
    }
}
