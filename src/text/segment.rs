//! Sentence segmentation tuned for complaints: people write run-on lines, skip capitals, paste
//! amounts and redactions, and abbreviate. A byte-level scanner handles that faster and more
//! predictably than a general Unicode sentence iterator.

use super::Span;

/// Longest sentence we hand to the steps. A 20 MB record without punctuation must not become one
/// sentence whose quadratic costs (negation scopes, clause searches) explode; past this length we
/// cut at the next whitespace.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// Words that end with a period without ending the sentence. Compared lowercase, without the dot;
/// sorted, for a binary search (a test keeps it so).
const ABBREVIATIONS: &[&str] = &[
    "a.m", "acct", "al", "approx", "appt", "apr", "apt", "aug", "ave", "blvd", "capt", "cf", "co", "corp", "dec",
    "dept", "dr", "e.g", "est", "etc", "ext", "feb", "fig", "fri", "ft", "gen", "gov", "govt", "hr", "hrs", "i.e",
    "inc", "jan", "jr", "jul", "jun", "lb", "lbs", "ltd", "mar", "min", "mins", "mon", "mr", "mrs", "ms", "mt", "no",
    "nos", "nov", "oct", "oz", "p.m", "pp", "prof", "rd", "ref", "rep", "sat", "sen", "sep", "sept", "sgt", "sr", "st",
    "sun", "tel", "thu", "thur", "thurs", "tue", "tues", "u.k", "u.s", "u.s.a", "viz", "vol", "vs", "wed",
];

/// The longest abbreviation, in bytes: a longer word is none.
const LONGEST_ABBREVIATION: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > n {
            n = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    n
};

/// Splits `text` into sentence spans (trimmed of surrounding whitespace, never empty).
///
/// Jumps from one candidate boundary (a terminal mark or a line break) to the next with memchr
/// rather than looking at every byte: most bytes of a complaint are neither.
pub fn sentences(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    // About one sentence per 80 bytes of complaint text: sized once rather than grown.
    let mut out = Vec::with_capacity(text.len() / 80 + 1);
    let mut start = 0;
    let mut i = 0;
    // The next line break at or after `i` (bytes.len() when none); kept between jumps so that a
    // text with many marks and few line breaks is not searched again for each mark.
    let mut newline = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    while i < bytes.len() {
        if newline < i {
            newline = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        }
        let mark = memchr::memchr3(b'.', b'!', b'?', &bytes[i..newline]).map_or(newline, |k| i + k);
        // A sentence with no boundary for MAX_SENTENCE_BYTES is cut at its next space or tab.
        let limit = start + MAX_SENTENCE_BYTES;
        if mark > limit {
            let from = i.max(limit);
            if let Some(k) = bytes[from..mark].iter().position(|&b| b == b' ' || b == b'\t') {
                push_trimmed(text, start, from + k, &mut out);
                start = from + k;
                i = from + k + 1;
                continue;
            }
        }
        i = mark;
        if i >= bytes.len() {
            break;
        }
        let cut = if bytes[i] == b'\n' { newline_end(bytes, i) } else { terminal_end(text, i) };
        if let Some(end) = cut {
            push_trimmed(text, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        if bytes[i] == b'\n' {
            i += 1;
            continue;
        }
        // Not a boundary: step over the whole run of marks, so the last dot of "..." is not
        // judged on its own.
        while i < bytes.len() && matches!(bytes[i], b'.' | b'!' | b'?') {
            i += 1;
        }
    }
    push_trimmed(text, start, bytes.len(), &mut out);
    out
}

/// Decides whether the terminal mark at `i` ends a sentence; returns where the sentence ends
/// (after any run of marks and closing quotes or brackets).
fn terminal_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?') {
        j += 1;
    }
    let run = &bytes[i..j];
    // Closing quotes and brackets belong to the sentence they close.
    while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']' | b'}') {
        j += 1;
    }
    if text[j..].starts_with('\u{201d}') || text[j..].starts_with('\u{2019}') {
        j += 3;
    }
    // A mark inside a token ($1,240.00, e.g.me, t.co/x) is not a boundary.
    if j < bytes.len() && !bytes[j].is_ascii_whitespace() {
        return None;
    }
    let next = next_visible(bytes, j);
    if run == b"." && is_abbreviation(text, i, next) {
        return None;
    }
    // An ellipsis followed by a lowercase word trails off inside the sentence.
    if run.len() >= 2 && run.iter().all(|&c| c == b'.') && next.is_some_and(|n| n.is_ascii_lowercase()) {
        return None;
    }
    Some(j)
}

fn next_visible(bytes: &[u8], from: usize) -> Option<u8> {
    bytes[from..].iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// The word before the period at `dot`, checked against the abbreviation list and initials.
fn is_abbreviation(text: &str, dot: usize, next: Option<u8>) -> bool {
    let before = &text[..dot];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .map(|p| p + before[p..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // A single letter is an initial or a list marker ("J. Smith", "a. first point").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_alphabetic()
    {
        return true;
    }
    if word.len() > LONGEST_ABBREVIATION {
        return false;
    }
    let mut buf = [0u8; LONGEST_ABBREVIATION];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // "No." abbreviates "number" only before one; "they said no." ends a sentence.
    if lower == b"no" || lower == b"nos" {
        return next.is_some_and(|n| n.is_ascii_digit() || n == b'#');
    }
    ABBREVIATIONS.binary_search_by(|a| a.as_bytes().cmp(lower)).is_ok()
}

/// A line break ends a sentence when a paragraph ends (blank line), or when the next line starts
/// like a new sentence (capital, digit, bullet, quote, speaker label) — lines without final
/// punctuation are common in chats and tickets. A lowercase continuation is a wrapped line.
fn newline_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut blank = false;
    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
        if bytes[j] == b'\n' {
            blank = true;
        }
        j += 1;
    }
    if blank || j >= bytes.len() {
        return Some(i + 1);
    }
    let c = bytes[j];
    if c.is_ascii_uppercase()
        || c.is_ascii_digit()
        || matches!(c, b'-' | b'*' | b'"' | b'[' | b'(' | b'>' | b'#' | b'@')
        || c >= 0x80
    {
        return Some(i + 1);
    }
    None
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        let s = start + lead;
        out.push(Span::new(s, s + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_sorted_lowercase_and_unique() {
        assert!(ABBREVIATIONS.windows(2).all(|w| w[0] < w[1]), "ABBREVIATIONS must stay sorted, without repeats");
        assert!(ABBREVIATIONS.iter().all(|a| *a == a.to_ascii_lowercase()));
    }
    use proptest::prelude::*;

    /// The scanner as first written, a byte at a time: the oracle for the memchr version.
    fn sentences_bytewise(text: &str) -> Vec<Span> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let (mut start, mut i) = (0, 0);
        while i < bytes.len() {
            let b = bytes[i];
            let cut = match b {
                b'.' | b'!' | b'?' => terminal_end(text, i),
                b'\n' => newline_end(bytes, i),
                _ => None,
            };
            if let Some(end) = cut {
                push_trimmed(text, start, end, &mut out);
                start = end;
                i = end;
                continue;
            }
            if matches!(b, b'.' | b'!' | b'?') {
                while i < bytes.len() && matches!(bytes[i], b'.' | b'!' | b'?') {
                    i += 1;
                }
                continue;
            }
            if i - start >= MAX_SENTENCE_BYTES && (b == b' ' || b == b'\t') {
                push_trimmed(text, start, i, &mut out);
                start = i;
            }
            i += 1;
        }
        push_trimmed(text, start, bytes.len(), &mut out);
        out
    }

    proptest! {
        #[test]
        fn jumping_finds_what_the_bytewise_scan_finds(
            parts in proptest::collection::vec(
                prop_oneof![
                    4 => proptest::sample::select(vec![
                        ".", "!", "?", "...", "\n", "\n\n", " ", "\t", "word", "Word", "Dr", "no", "e.g", "12", "\"",
                        ")", "\u{201d}", "\u{2019}", "é", "a", "-", "#",
                    ])
                    .prop_map(str::to_string),
                    4 => "[a-z]{1,8} ",
                    1 => "[a-z]{200,900}",
                ],
                0..400,
            )
        ) {
            let text = parts.concat();
            prop_assert_eq!(sentences(&text), sentences_bytewise(&text));
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn plain_sentences() {
        assert_eq!(split("I called twice. Nobody answered! Why?"), vec!["I called twice.", "Nobody answered!", "Why?"]);
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            split("Mr. Smith said No. 5 was due at 9 a.m. on Monday. It was not."),
            vec!["Mr. Smith said No. 5 was due at 9 a.m. on Monday.", "It was not."]
        );
        assert_eq!(
            split("Fees e.g. late fees apply in the U.S. too. Fine."),
            vec!["Fees e.g. late fees apply in the U.S. too.", "Fine."]
        );
    }

    #[test]
    fn no_ends_a_sentence_unless_a_number_follows() {
        assert_eq!(split("They said no. I hung up."), vec!["They said no.", "I hung up."]);
    }

    #[test]
    fn amounts_and_redactions_stay_whole() {
        assert_eq!(
            split("I paid {$910.00} on XX/XX/XXXX. They charged $1,240.00 again."),
            vec!["I paid {$910.00} on XX/XX/XXXX.", "They charged $1,240.00 again."]
        );
    }

    #[test]
    fn ellipses_and_missing_capitals() {
        assert_eq!(
            split("I waited... and waited. then nothing happened"),
            vec!["I waited... and waited.", "then nothing happened"]
        );
        assert_eq!(split("So... Nothing."), vec!["So...", "Nothing."]);
    }

    #[test]
    fn lines_without_punctuation() {
        assert_eq!(
            split("my order never came\nI want a refund\nplease help"),
            vec!["my order never came", "I want a refund\nplease help"]
        );
        assert_eq!(split("first para\n\nsecond para"), vec!["first para", "second para"]);
    }

    #[test]
    fn quotes_close_with_their_sentence() {
        assert_eq!(
            split("He said \"no refunds.\" Then he hung up."),
            vec!["He said \"no refunds.\"", "Then he hung up."]
        );
    }

    #[test]
    fn very_long_runs_are_cut() {
        let text = "word ".repeat(2_000);
        let spans = sentences(&text);
        assert!(spans.len() > 1);
        assert!(spans.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES + 10));
    }

    #[test]
    fn spans_are_char_boundaries() {
        let text = "Très déçu… vraiment. ¡No! “Quoted.” Done";
        for s in sentences(text) {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }

    #[test]
    fn empty_and_blank() {
        assert!(sentences("").is_empty());
        assert!(sentences("  \n\n ").is_empty());
    }
}
