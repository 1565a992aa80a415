//! CSV with a header row, streamed record by record with the csv crate's `ByteRecord`, so
//! invalid UTF-8 in one row is that row's error and an export of any size is never held whole.
//!
//! The reader is flexible: a row with a different number of fields than the header is reported
//! here as that row's error, naming its line. The csv crate accepts an unterminated quote (the
//! field runs to the end of the file); a small tracker that follows the quoting of the raw bytes
//! finds it, and the last record is then reported as unterminated instead of read as a case. A
//! UTF-8 byte order mark is dropped; CRLF, LF and CR line ends are all accepted.

use super::fields::{find_id, find_text, no_text_message};
use super::{InputOptions, Item, RecordError};
use crate::case::Case;
use csv::ByteRecord;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    RecordStart,
    FieldStart,
    Unquoted,
    Quoted,
    AfterQuote,
}

/// Passes bytes through while following CSV quoting the way the csv crate parses it, to know
/// whether the input ended inside a quoted field, and on which line each record starts (the
/// csv crate's own line numbers drift on CRLF and blank lines).
struct QuoteTracker<R> {
    inner: R,
    state: Scan,
    line: u64,
    after_cr: bool,
    /// Start lines of the records seen but not yet taken by the reader.
    starts: VecDeque<u64>,
}

impl<R: Read> Read for QuoteTracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            if self.state == Scan::RecordStart && !matches!(b, b'\r' | b'\n') {
                self.starts.push_back(self.line);
                self.state = Scan::FieldStart;
            }
            self.state = match (self.state, b) {
                (Scan::Quoted, b'"') => Scan::AfterQuote,
                (Scan::Quoted, _) => Scan::Quoted,
                (Scan::FieldStart, b'"') => Scan::Quoted,
                (Scan::AfterQuote, b'"') => Scan::Quoted,
                (_, b',') => Scan::FieldStart,
                (_, b'\n' | b'\r') => Scan::RecordStart,
                _ => Scan::Unquoted,
            };
            if b == b'\r' || (b == b'\n' && !self.after_cr) {
                self.line += 1;
            }
            self.after_cr = b == b'\r';
        }
        Ok(n)
    }
}

type Source = QuoteTracker<BufReader<Box<dyn Read + Send>>>;

/// Streams the records of a CSV input.
pub(crate) struct CsvReader {
    rdr: csv::Reader<Source>,
    /// Shown in sources: the path, or "<stdin>".
    source: String,
    /// Used in fallback ids: the file name.
    name: String,
    opts: InputOptions,
    headers: Vec<String>,
    text_at: Option<usize>,
    id_at: Option<usize>,
    started: bool,
    done: bool,
    record: usize,
    current: ByteRecord,
    current_line: u64,
    ahead: ByteRecord,
    ahead_line: u64,
    have_ahead: bool,
    pending: Option<Item>,
}

impl CsvReader {
    pub(crate) fn new(reader: Box<dyn Read + Send>, source: String, name: String, opts: InputOptions) -> Self {
        let mut inner = BufReader::with_capacity(64 * 1024, reader);
        if let Ok(buf) = inner.fill_buf()
            && buf.starts_with(b"\xEF\xBB\xBF")
        {
            inner.consume(3);
        }
        let tracker =
            QuoteTracker { inner, state: Scan::RecordStart, line: 1, after_cr: false, starts: VecDeque::new() };
        let rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(tracker);
        CsvReader {
            rdr,
            source,
            name,
            opts,
            headers: Vec::new(),
            text_at: None,
            id_at: None,
            started: false,
            done: false,
            record: 0,
            current: ByteRecord::new(),
            current_line: 0,
            ahead: ByteRecord::new(),
            ahead_line: 0,
            have_ahead: false,
            pending: None,
        }
    }

    fn error(&self, id: Option<String>, line: u64, message: String) -> Item {
        Item::Error(RecordError { id, source: super::at(&self.source, line), message })
    }

    fn read_error(&self, e: csv::Error) -> Item {
        let line = e.position().map_or(0, |p| p.line());
        let message = match e.kind() {
            csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
            _ => e.to_string(),
        };
        Item::Error(RecordError {
            id: None,
            source: if line > 0 { super::at(&self.source, line) } else { self.source.clone() },
            message,
        })
    }

    /// The line where the record just read starts.
    fn take_line(&mut self, rec: &ByteRecord) -> u64 {
        let csv_line = rec.position().map_or(0, |p| p.line());
        self.rdr.get_mut().starts.pop_front().unwrap_or(csv_line)
    }

    fn unterminated(&self) -> bool {
        self.rdr.get_ref().state == Scan::Quoted
    }

    /// Reads the header; false when there is nothing more to yield.
    fn start(&mut self) -> Result<bool, Item> {
        self.started = true;
        let headers = match self.rdr.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(self.read_error(e)),
        };
        if headers.is_empty() {
            return Ok(false);
        }
        let header_line = self.take_line(&headers);
        self.headers = headers.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
        let names = self.headers.iter().map(String::as_str);
        let text_at = find_text(names.clone(), self.opts.text_field.as_deref());
        let id_at = find_id(names, self.opts.id_field.as_deref());
        (self.text_at, self.id_at) = (text_at, id_at);
        self.fetch_ahead();
        if !self.have_ahead && self.pending.is_none() && self.unterminated() {
            return Err(self.error(
                None,
                header_line,
                "unterminated quote in the header row: a quoted name never ends".into(),
            ));
        }
        Ok(true)
    }

    fn fetch_ahead(&mut self) {
        match self.rdr.read_byte_record(&mut self.ahead) {
            Ok(more) => {
                self.have_ahead = more;
                if more {
                    let ahead = std::mem::take(&mut self.ahead);
                    self.ahead_line = self.take_line(&ahead);
                    self.ahead = ahead;
                }
            }
            Err(e) => {
                self.have_ahead = false;
                self.pending = Some(self.read_error(e));
            }
        }
    }

    fn row(&self, rec: &ByteRecord, line: u64) -> Item {
        let fallback = super::at(&self.name, self.record);
        let id = self
            .id_at
            .and_then(|i| rec.get(i))
            .map(|v| String::from_utf8_lossy(v).trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or(fallback);
        if rec.len() != self.headers.len() {
            return self.error(
                Some(id),
                line,
                format!(
                    "the row has {} fields but the header has {}; a field holding a comma or a \
                     line break must be in double quotes",
                    rec.len(),
                    self.headers.len()
                ),
            );
        }
        let Some(text_at) = self.text_at else {
            let message =
                no_text_message(self.headers.iter().map(String::as_str), self.opts.text_field.as_deref(), "column");
            return self.error(Some(id), line, message);
        };
        let mut case = Case { id, source: super::at(&self.source, line), ..Case::default() };
        for (i, (name, value)) in self.headers.iter().zip(rec.iter()).enumerate() {
            let value = match std::str::from_utf8(value) {
                Ok(v) => v,
                Err(e) => {
                    return self.error(
                        Some(case.id),
                        line,
                        format!(
                            "not valid UTF-8 in column \"{name}\" (at byte {} of the field); \
                             save the file as UTF-8",
                            e.valid_up_to() + 1
                        ),
                    );
                }
            };
            if i == text_at {
                case.text = value.to_string();
            } else if Some(i) != self.id_at {
                case.fields.push((name.clone(), value.to_string()));
            }
        }
        Item::Case(case)
    }
}

impl Iterator for CsvReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        if !self.started {
            match self.start() {
                Ok(true) => {}
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Err(item) => {
                    self.done = true;
                    return Some(item);
                }
            }
        }
        if !self.have_ahead {
            self.done = true;
            return self.pending.take();
        }
        std::mem::swap(&mut self.current, &mut self.ahead);
        self.current_line = self.ahead_line;
        self.record += 1;
        self.fetch_ahead();
        let last = !self.have_ahead && self.pending.is_none();
        if last && self.unterminated() {
            self.done = true;
            return Some(
                self.error(
                    None,
                    self.current_line,
                    "unterminated quote: a quoted field starting in this row never ends, so it runs \
                 to the end of the file; close it (a quote inside a quoted field is written \"\")"
                        .into(),
                ),
            );
        }
        Some(self.row(&self.current, self.current_line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &'static [u8], opts: &InputOptions) -> Vec<Item> {
        CsvReader::new(Box::new(input), "in.csv".into(), "in.csv".into(), opts.clone()).collect()
    }

    fn case(item: &Item) -> &Case {
        item.expect_case()
    }

    fn err(item: &Item) -> String {
        item.expect_error()
    }

    #[test]
    fn reads_rows_fields_ids_and_lines() {
        let items = read(
            b"Date,Text,Case ID,Product\n2024-01-02,late parcel,c1,box\n2024-01-03,\"two\nlines, quoted\",,lamp\n2024-01-04,x,c3,\n",
            &InputOptions::default(),
        );
        assert_eq!(items.len(), 3);
        let c = case(&items[0]);
        assert_eq!((c.id.as_str(), c.text.as_str(), c.source.as_str()), ("c1", "late parcel", "in.csv:2"));
        assert_eq!(
            c.fields,
            [("Date".to_string(), "2024-01-02".to_string()), ("Product".to_string(), "box".to_string())]
        );
        let c = case(&items[1]);
        assert_eq!((c.id.as_str(), c.text.as_str(), c.source.as_str()), ("in.csv:2", "two\nlines, quoted", "in.csv:3"));
        assert_eq!(case(&items[2]).source, "in.csv:5");
    }

    #[test]
    fn bom_crlf_and_empty() {
        let items =
            read(b"\xEF\xBB\xBFid,body\r\n1,hello\r\n2,\"a\r\nb\"\r\n\r\n\r\n3,c\r4,d", &InputOptions::default());
        assert_eq!(items.len(), 4);
        assert_eq!(case(&items[0]).source, "in.csv:2");
        assert_eq!(case(&items[2]).source, "in.csv:7");
        assert_eq!(case(&items[3]).source, "in.csv:8");
        assert_eq!(case(&items[3]).text, "d");
        assert_eq!(case(&items[0]).id, "1");
        assert_eq!(case(&items[1]).text, "a\r\nb");
        assert_eq!(case(&items[1]).source, "in.csv:3");
        assert!(read(b"", &InputOptions::default()).is_empty());
        assert!(read(b"id,text\n", &InputOptions::default()).is_empty());
    }

    #[test]
    fn ragged_rows_and_bad_utf8_cost_one_row() {
        let items = read(b"id,text,extra\n1,a,x\n2,b\n3,c\xff,z\n4,d,y,w\n5,e,v\n", &InputOptions::default());
        assert_eq!(items.len(), 5);
        assert_eq!(case(&items[0]).text, "a");
        assert_eq!(
            err(&items[1]),
            "in.csv:3: the row has 2 fields but the header has 3; a field holding a comma or a line break must be in double quotes"
        );
        assert_eq!(
            err(&items[2]),
            "in.csv:4: not valid UTF-8 in column \"text\" (at byte 2 of the field); save the file as UTF-8"
        );
        assert!(err(&items[3]).starts_with("in.csv:5: the row has 4 fields"));
        assert_eq!(case(&items[4]).text, "e");
    }

    #[test]
    fn unterminated_quote() {
        let items = read(b"id,text\n1,ok\n2,\"never closed\n3,lost\n", &InputOptions::default());
        assert_eq!(items.len(), 2);
        assert_eq!(case(&items[0]).text, "ok");
        assert!(err(&items[1]).starts_with("in.csv:3: unterminated quote"));
        // a closed quote with an escaped quote inside is fine
        let items = read(b"id,text\n1,\"say \"\"hi\"\"\"\n", &InputOptions::default());
        assert_eq!(case(&items[0]).text, "say \"hi\"");
    }

    #[test]
    fn no_text_column() {
        let items = read(b"id,date\n1,x\n", &InputOptions::default());
        let e = err(&items[0]);
        assert!(e.starts_with("in.csv:2: no text column found"), "{e}");
        assert!(e.contains("\"id\", \"date\"") && e.contains("--text-field"), "{e}");
        let opts = InputOptions { text_field: Some("date".into()), ..InputOptions::default() };
        assert_eq!(case(&read(b"id,date\n1,x\n", &opts)[0]).text, "x");
    }
}
