//! Text and transcript reading on arbitrary bytes: one case or one error, and the speaker turns
//! found lie inside the text, on character boundaries, in order.
#![no_main]

use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (mode, data) = match data.split_first() {
        Some((m, rest)) => (*m, rest),
        None => (0, data),
    };
    let format = match mode % 3 {
        0 => InputFormat::Text,
        1 => InputFormat::Transcript,
        _ => InputFormat::Auto,
    };
    let opts =
        InputOptions { format, agents: vec!["Priya".into()], customers: vec!["Sam".into()], ..InputOptions::default() };
    let items: Vec<Item> = read_bytes(data.to_vec(), "fuzz.txt", &opts).collect();
    // A stream whose first non-blank byte is `{` is JSON Lines unless the format is `text`
    // (as on stdin; see `input::read`); anything else is one case or one error.
    let jsonl = format != InputFormat::Text && data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if !jsonl {
        assert_eq!(items.len(), 1, "a text input is one case or one error");
    }
    for item in items {
        if let Item::Case(c) = item {
            let mut last = 0;
            for t in &c.turns {
                assert!(c.text.get(t.span.start..t.span.end).is_some(), "turn {:?} outside the text", t.span);
                assert!(t.span.start >= last, "turns in order");
                last = t.span.end;
            }
        }
    }
});
