//! The CSV reader on arbitrary bytes: every record becomes a case or an error, never a panic, and
//! every case's turns lie inside its text.
#![no_main]

use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = InputOptions { format: InputFormat::Csv, ..InputOptions::default() };
    for item in read_bytes(data.to_vec(), "fuzz.csv", &opts) {
        if let Item::Case(c) = item {
            assert!(!c.source.is_empty());
            for t in &c.turns {
                assert!(c.text.get(t.span.start..t.span.end).is_some());
            }
        }
    }
});
