//! A user's lexicon file of arbitrary bytes: checked without a panic (problems are reported, not
//! thrown), and when it loads (for one input in eight), its entries match in arbitrary text
//! without a panic.
#![no_main]

use grievance::lexicon::{Lexicons, SPECS};
use grievance::text::tokenize;
use libfuzzer_sys::fuzz_target;
use std::sync::atomic::{AtomicUsize, Ordering};

static DIR: std::sync::LazyLock<std::path::PathBuf> = std::sync::LazyLock::new(|| {
    let d = std::env::temp_dir().join(format!("grievance-fuzz-lexicon-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
});
static N: AtomicUsize = AtomicUsize::new(0);

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let spec = &SPECS[pick as usize % SPECS.len()];
    let dir = DIR.join(format!("{}", N.fetch_add(1, Ordering::Relaxed) % 2));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(spec.name), body).unwrap();
    let _ = Lexicons::check(Some(&dir));
    // Loading layers the file over every built-in lexicon and compiles the matcher: a hundred
    // times the cost of parsing the file. Done for one input in eight (chosen by the first
    // byte, so an input always takes the same path), the parser gets most of the runs.
    if pick & 0x70 != 0 {
        return;
    }
    if let Ok(lex) = Lexicons::load(Some(&dir), &[]) {
        // The file's own text as a sentence: its terms are likely to be found in it.
        let text = String::from_utf8_lossy(body);
        let toks = tokenize(&text, 0);
        for m in lex.find(&toks) {
            assert!(m.start < m.end && m.end <= toks.len());
        }
    }
});
