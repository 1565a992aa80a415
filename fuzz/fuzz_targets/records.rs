//! A client records file (`--records`) of arbitrary bytes: loaded without a panic (a bad file is
//! an error naming its line), and when it loads, its records are checked against a complaint
//! full of facts, through step 1 and the analyser, without a panic.
#![no_main]

use grievance::lexicon::Lexicons;
use grievance::records::{Records, column_kinds};
use grievance::steps::prepare::Preparer;
use grievance::{Analyzer, Case};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new(Lexicons::builtin()));
static KINDS: LazyLock<HashMap<String, String>> = LazyLock::new(|| column_kinds(&ANALYZER.lex));
static DIR: LazyLock<std::path::PathBuf> = LazyLock::new(|| {
    let d = std::env::temp_dir().join(format!("grievance-fuzz-records-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
});
static N: AtomicUsize = AtomicUsize::new(0);

/// Dates, amounts, counts, an order number and a promise: what the check step compares with a
/// record's columns.
const COMPLAINT: &str = "I ordered on 3 March 2026 and was charged $1,240.00 twice. Order #4411 \
arrived two weeks late, on the 21st, after 5 calls. You promised a refund by Friday, 14/03/2026.";

fuzz_target!(|data: &[u8]| {
    // Neither .csv nor .jsonl: the format is told from the content, as for a file named so.
    let path = DIR.join(format!("records-{}.txt", N.fetch_add(1, Ordering::Relaxed) % 2));
    std::fs::write(&path, data).unwrap();
    let Ok(records) = Records::load(&path, None, &KINDS) else { return };
    let records = Arc::new(records);
    let mut preparer = Preparer::new(None).with_records(Some(records));
    // The file's own words as case ids, so that some cases find their record.
    let text = String::from_utf8_lossy(data);
    let ids = text.split([',', '"', '\n', ':', '{', '}']).map(str::trim).filter(|w| !w.is_empty()).take(8);
    for id in ids {
        let case = Case::new(id, COMPLAINT);
        let ctx = preparer.prepare(&case);
        let r = ANALYZER.analyze(&case, &ctx);
        for d in &r.disputes {
            assert!(d.start <= d.end && case.text.get(d.start..d.end).is_some(), "dispute {}..{}", d.start, d.end);
        }
    }
});
