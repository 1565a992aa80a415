//! The JSON Lines reader on arbitrary bytes, and step 1 on what it reads: one item per non-blank
//! line, never a panic, and turns (from `turns` arrays) inside the text on character boundaries.
#![no_main]

use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
use grievance::steps::prepare::Preparer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = InputOptions { format: InputFormat::Jsonl, ..InputOptions::default() };
    let mut lines = data.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
    // A byte order mark alone on the first line is blank too.
    if data.starts_with(b"\xEF\xBB\xBF") {
        let first = data.split(|&b| b == b'\n').next().unwrap_or_default();
        if first[3..].iter().all(u8::is_ascii_whitespace) {
            lines -= 1;
        }
    }
    let mut n = 0;
    let mut preparer = Preparer::new(None);
    for item in read_bytes(data.to_vec(), "fuzz.jsonl", &opts) {
        n += 1;
        if let Item::Case(c) = item {
            // Step 1 reads the record's own fields (dates, client ids): arbitrary ones too.
            preparer.prepare(&c);
            for t in &c.turns {
                assert!(c.text.get(t.span.start..t.span.end).is_some());
            }
        }
    }
    assert_eq!(n, lines, "one item per non-blank line");
});
