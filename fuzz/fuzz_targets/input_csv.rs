//! The CSV reader on arbitrary bytes, and step 1 on what it reads: every record becomes a case or
//! an error, never a panic, and every case's turns lie inside its text.
#![no_main]

use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
use grievance::steps::prepare::Preparer;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = InputOptions { format: InputFormat::Csv, ..InputOptions::default() };
    let mut preparer = Preparer::new(None);
    for item in read_bytes(data.to_vec(), "fuzz.csv", &opts) {
        if let Item::Case(c) = item {
            // Step 1 reads the record's own fields (dates, client ids): arbitrary ones too.
            preparer.prepare(&c);
            assert!(!c.source.is_empty());
            for t in &c.turns {
                assert!(c.text.get(t.span.start..t.span.end).is_some());
            }
        }
    }
});
