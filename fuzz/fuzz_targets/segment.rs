//! Sentences and tokens of arbitrary UTF-8: spans inside the text, on character boundaries, in
//! order, trimmed and non-empty; token spans inside their sentence; a sentence's tokens know
//! whether it has a digit.
#![no_main]

use grievance::text::{sentences, tokenize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let mut last = 0;
    for s in sentences(text) {
        assert!(s.start >= last && s.start < s.end && s.end <= text.len(), "sentence {s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let slice = s.slice(text);
        assert_eq!(slice.trim(), slice, "sentences are trimmed");
        last = s.end;
        let toks = tokenize(slice, s.start);
        assert_eq!(toks.has_digit(), slice.bytes().any(|b| b.is_ascii_digit()), "has_digit of {slice:?}");
        let mut prev = s.start;
        for (i, t) in toks.list.iter().enumerate() {
            assert!(t.span.start >= prev && t.span.start < t.span.end && t.span.end <= s.end, "token {:?}", t.span);
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            assert!(!toks.norm(i).is_empty());
            prev = t.span.end;
        }
    }
});
