//! Readers turn input files into cases. Each reader streams: it yields one `Item` per record as
//! it reads, so an export of any size is never held whole, and a bad record becomes an error item
//! in its place instead of stopping the run.

mod csv;
mod fields;
mod jsonl;
mod text;
mod transcript;

use crate::case::Case;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use text::TextMode;

/// What the user said about the input's format (`--input-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Auto,
    Text,
    Csv,
    Jsonl,
    Transcript,
}

#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    pub format: InputFormat,
    /// Column or key holding the complaint text; found from common names when None.
    pub text_field: Option<String>,
    /// Column or key holding the case id; found from common names when None.
    pub id_field: Option<String>,
    /// Speaker names to treat as the agent / the customer in transcripts.
    pub agents: Vec<String>,
    pub customers: Vec<String>,
}

/// A record that could not become a case: where it was, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The record's id when it could be read.
    pub id: Option<String>,
    /// "path", "path:line" or "path: record N".
    pub source: String,
    pub message: String,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

#[derive(Debug)]
pub enum Item {
    Case(Case),
    Error(RecordError),
}

pub type Items = Box<dyn Iterator<Item = Item> + Send>;

/// Opens one input (a file, a folder, or `-` for stdin) and streams its records. Failing to open
/// is itself an error item, so one missing file among many does not stop the others.
///
/// How an input is read, with `--input-format auto`: a folder gives one case per file inside
/// (see the `text` reader); `.csv` is CSV; `.jsonl`, `.ndjson` and `.json` are JSON Lines; any
/// other file is one text case, read as a transcript when most of its non-blank lines start a
/// speaker turn. On stdin, input whose first non-blank byte is `{` is JSON Lines, anything else
/// text. A format given explicitly applies to every file, also inside folders, except that
/// `transcript` leaves JSON Lines files to their reader (their `turns` rows are transcripts
/// already).
pub fn read(input: &str, opts: &InputOptions) -> Items {
    if input == "-" {
        return read_stream(Box::new(std::io::stdin()), STDIN, opts);
    }
    let path = Path::new(input);
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => text::read_folder(path, opts),
        Ok(_) => read_file(path, opts),
        Err(e) => one(open_error(path, e)),
    }
}

/// Streams the records held in memory exactly as stdin is read, with `name` shown in sources
/// and fallback ids: CSV and JSON Lines when given; otherwise JSON Lines when the first non-blank
/// byte is `{` (except with `InputFormat::Text`), and one text or transcript case when not. For
/// tests and fuzzing, and for callers that already hold an export in memory.
pub fn read_bytes(bytes: Vec<u8>, name: &str, opts: &InputOptions) -> Items {
    read_stream(Box::new(Cursor::new(bytes)), name, opts)
}

/// How stdin is shown in sources and fallback ids.
const STDIN: &str = "<stdin>";

fn one(item: Item) -> Items {
    Box::new(std::iter::once(item))
}

fn open_error(path: &Path, e: std::io::Error) -> Item {
    Item::Error(RecordError { id: None, source: path.display().to_string(), message: format!("cannot open: {e}") })
}

/// The file name of a path, its id as a text case and the prefix of fallback ids.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

enum Kind {
    Csv,
    Jsonl,
    Text(TextMode),
}

fn kind_of(path: &Path, format: InputFormat) -> Kind {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let jsonl_ext = matches!(ext.as_str(), "jsonl" | "ndjson" | "json");
    match format {
        InputFormat::Csv => Kind::Csv,
        InputFormat::Jsonl => Kind::Jsonl,
        InputFormat::Text => Kind::Text(TextMode::Plain),
        InputFormat::Transcript if jsonl_ext => Kind::Jsonl,
        InputFormat::Transcript => Kind::Text(TextMode::Transcript),
        InputFormat::Auto if ext == "csv" => Kind::Csv,
        InputFormat::Auto if jsonl_ext => Kind::Jsonl,
        InputFormat::Auto => Kind::Text(TextMode::Auto),
    }
}

/// Reads one file (not a folder) by its format.
pub(crate) fn read_file(path: &Path, opts: &InputOptions) -> Items {
    let source = path.display().to_string();
    let name = file_name(path);
    match kind_of(path, opts.format) {
        Kind::Text(mode) => one(text::read_text_file(path, mode, opts)),
        Kind::Csv => match File::open(path) {
            Ok(f) => Box::new(csv::CsvReader::new(Box::new(f), source, name, opts.clone())),
            Err(e) => one(open_error(path, e)),
        },
        Kind::Jsonl => match File::open(path) {
            Ok(f) => {
                Box::new(jsonl::JsonlReader::new(BufReader::with_capacity(64 * 1024, f), source, name, opts.clone()))
            }
            Err(e) => one(open_error(path, e)),
        },
    }
}

/// Reads a stream that has no name to go by (stdin): the format given, or sniffed.
fn read_stream(reader: Box<dyn Read + Send>, source: &str, opts: &InputOptions) -> Items {
    let (src, name) = (source.to_string(), source.to_string());
    let mode = match opts.format {
        InputFormat::Csv => {
            return Box::new(csv::CsvReader::new(reader, src, name, opts.clone()));
        }
        InputFormat::Jsonl => {
            return Box::new(jsonl::JsonlReader::new(BufReader::new(reader), src, name, opts.clone()));
        }
        InputFormat::Text => TextMode::Plain,
        InputFormat::Transcript => TextMode::Transcript,
        InputFormat::Auto => TextMode::Auto,
    };
    if mode == TextMode::Plain {
        let mut bytes = Vec::new();
        return match { reader }.read_to_end(&mut bytes) {
            Ok(_) => one(text::case_from_bytes(bytes, name, src, mode, opts)),
            Err(e) => one(Item::Error(RecordError { id: None, source: src, message: format!("cannot read: {e}") })),
        };
    }
    let fail = |e: std::io::Error| {
        one(Item::Error(RecordError { id: None, source: source.to_string(), message: format!("cannot read: {e}") }))
    };
    let mut reader = BufReader::new(reader);
    let mut prefix = Vec::new();
    let first = loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return fail(e),
        };
        if buf.is_empty() {
            break None;
        }
        let skip = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
        prefix.extend_from_slice(&buf[..skip]);
        let first = buf.get(skip).copied();
        reader.consume(skip);
        if first.is_some() {
            break first;
        }
    };
    let reader = Cursor::new(prefix).chain(reader);
    if first == Some(b'{') {
        return Box::new(jsonl::JsonlReader::new(reader, src, name, opts.clone()));
    }
    let mut bytes = Vec::new();
    if let Err(e) = { reader }.read_to_end(&mut bytes) {
        return fail(e);
    }
    one(text::case_from_bytes(bytes, name, src, mode, opts))
}

/// For tests: the item's case or error, panicking with the other side when it is not.
/// "name:n", the form of every record's source and fallback id ("tickets.csv:12"). Built per
/// record, so without the formatting machinery.
pub(crate) fn at(name: &str, n: impl itoa::Integer) -> String {
    let mut digits = itoa::Buffer::new();
    let n = digits.format(n);
    let mut out = String::with_capacity(name.len() + 1 + n.len());
    out.push_str(name);
    out.push(':');
    out.push_str(n);
    out
}

#[cfg(test)]
impl Item {
    pub(crate) fn expect_case(&self) -> &Case {
        match self {
            Item::Case(c) => c,
            Item::Error(e) => panic!("expected a case, got {e}"),
        }
    }

    pub(crate) fn expect_error(&self) -> String {
        match self {
            Item::Error(e) => e.to_string(),
            Item::Case(c) => panic!("expected an error, got case {}", c.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_places_are_name_colon_number() {
        assert_eq!(at("tickets.csv", 12usize), "tickets.csv:12");
        assert_eq!(at("<stdin>", 0u64), "<stdin>:0");
        assert_eq!(at("", u64::MAX), format!(":{}", u64::MAX));
    }

    fn stream(input: &'static [u8], format: InputFormat) -> Vec<Item> {
        let opts = InputOptions { format, ..InputOptions::default() };
        read_stream(Box::new(input), STDIN, &opts).collect()
    }

    fn case(item: &Item) -> &Case {
        item.expect_case()
    }

    #[test]
    fn stdin_sniffs_jsonl() {
        let items = stream(b"\n  {\"text\": \"a\"}\n{\"text\": \"b\"}\n", InputFormat::Auto);
        assert_eq!(items.len(), 2);
        assert_eq!(case(&items[0]).source, "<stdin>:2");
        assert_eq!(case(&items[1]).id, "<stdin>:2");
    }

    #[test]
    fn stdin_sniffs_text_and_transcript() {
        let items = stream(b"  My parcel is late.\n", InputFormat::Auto);
        assert_eq!(items.len(), 1);
        let c = case(&items[0]);
        assert_eq!(
            (c.id.as_str(), c.text.as_str(), c.source.as_str()),
            ("<stdin>", "  My parcel is late.\n", "<stdin>")
        );
        let items = stream(b"Customer: late\nAgent: sorry\n", InputFormat::Auto);
        assert_eq!(case(&items[0]).turns.len(), 2);
        let items = stream(b"", InputFormat::Auto);
        assert_eq!(case(&items[0]).text, "");
    }

    #[test]
    fn stdin_with_format() {
        let items = stream(b"id,text\n1,a\n", InputFormat::Csv);
        assert_eq!(case(&items[0]).id, "1");
        assert_eq!(case(&items[0]).source, "<stdin>:2");
        let items = stream(b"{\"text\": \"a\"}", InputFormat::Text);
        assert_eq!(case(&items[0]).text, "{\"text\": \"a\"}");
    }

    #[test]
    fn kinds_by_extension_and_format() {
        let k = |p: &str, f| match kind_of(Path::new(p), f) {
            Kind::Csv => "csv",
            Kind::Jsonl => "jsonl",
            Kind::Text(TextMode::Auto) => "auto",
            Kind::Text(TextMode::Plain) => "plain",
            Kind::Text(TextMode::Transcript) => "transcript",
        };
        assert_eq!(k("a.CSV", InputFormat::Auto), "csv");
        assert_eq!(k("a.ndjson", InputFormat::Auto), "jsonl");
        assert_eq!(k("a.json", InputFormat::Auto), "jsonl");
        assert_eq!(k("a.txt", InputFormat::Auto), "auto");
        assert_eq!(k("a", InputFormat::Auto), "auto");
        assert_eq!(k("a.txt", InputFormat::Csv), "csv");
        assert_eq!(k("a.jsonl", InputFormat::Transcript), "jsonl");
        assert_eq!(k("a.log", InputFormat::Transcript), "transcript");
        assert_eq!(k("a.csv", InputFormat::Text), "plain");
    }
}
