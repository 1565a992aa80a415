//! The whole analyser on arbitrary UTF-8, as plain text and as a transcript: no panic, every span
//! of the report inside the text on character boundaries, and the JSON Lines writer (our own
//! serializer) writes exactly what serde_json writes.
#![no_main]

use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
use grievance::lexicon::Lexicons;
use grievance::steps::prepare::Context;
use grievance::{Analyzer, Case};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new(Lexicons::builtin()));

fn check(text: &str, spans: impl Iterator<Item = (usize, usize)>) {
    for (s, e) in spans {
        assert!(s <= e && e <= text.len(), "span {s}..{e} outside {}", text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "span {s}..{e} cuts a character");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest).into_owned();
    let case = if mode % 2 == 0 {
        Case::new("fuzz", text)
    } else {
        let opts = InputOptions { format: InputFormat::Transcript, ..InputOptions::default() };
        match read_bytes(text.into_bytes(), "fuzz.txt", &opts).next() {
            Some(Item::Case(c)) => c,
            _ => return,
        }
    };
    let r = ANALYZER.analyze(&case, &Context::default());
    let t = case.text.as_str();
    check(t, r.sentences.iter().map(|s| (s.start, s.end)));
    check(t, r.sentences.iter().flat_map(|s| s.clauses.iter().map(|c| (c.start, c.end))));
    check(t, r.sentences.iter().flat_map(|s| s.questionable.iter().map(|q| (q.start, q.end))));
    check(t, r.facts.iter().map(|f| (f.start, f.end)));
    check(t, r.feelings.iter().map(|f| (f.start, f.end)));
    check(t, r.disputes.iter().map(|d| (d.start, d.end)));
    check(t, r.threats.iter().map(|x| (x.start, x.end)));
    check(t, r.remedies.iter().map(|x| (x.start, x.end)));
    for s in &r.sentences {
        assert_eq!(s.text, t[s.start..s.end]);
    }
    let expected = serde_json::to_string(&r).expect("a report serialises");
    let mut out = Vec::new();
    {
        let mut sink = grievance::output::sink(grievance::output::Format::Jsonl, &mut out, false);
        sink.report(&r).expect("the JSON Lines writer writes a report");
        sink.finish(&grievance::run::Counts::default()).expect("and flushes");
    }
    assert_eq!(String::from_utf8(out).expect("UTF-8"), expected + "\n");
});
