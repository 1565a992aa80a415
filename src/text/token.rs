//! Tokens are what lexicon entries are matched against: whole words, numbers and the punctuation
//! that matters to the rules (clause breaks, "!" and "?"). Matching whole tokens, never substrings,
//! keeps short entries like "ok" from firing inside "book".

use super::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// One punctuation character that can bound a clause or carry tone: , ; : ! ? . ( ) - "
    Punct,
}

/// One token. `norm` indexes into `Tokens::norm`, the normalised form used for lookups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    norm: (u32, u32),
    /// The word was written with a letter repeated three or more times ("soooo").
    pub elongated: bool,
    /// Written in capitals, at least two letters long ("NEVER", "WTF").
    pub shouted: bool,
    /// ASCII runs joined by apostrophes or a number's separators ("don't", "1,240.00"): see
    /// `Tokens::has_joined_words`.
    pub joined: bool,
}

/// The tokens of one piece of text plus one shared buffer for their normalised forms, so
/// tokenising allocates per sentence rather than per word, and not at all when `tokenize_into`
/// refills the buffers of an earlier sentence. The buffer starts with the text itself: a word
/// already in normal form (lowercase ASCII, most of them) points there, and only the others
/// append their normal form.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    pub list: Vec<Token>,
    norm: String,
    /// See `words_are_ascii_runs`.
    ascii_runs: bool,
    /// Some word token is ASCII runs joined by apostrophes or separators ("don't", "1,240.00").
    joined: bool,
    /// The text has an ASCII digit.
    digits: bool,
}

impl Tokens {
    pub fn norm(&self, i: usize) -> &str {
        let (a, b) = self.list[i].norm;
        &self.norm[a as usize..b as usize]
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The normal forms of the word and number tokens, punctuation left out: what the
    /// word-pattern rules (intentions, past actions, courtesy-only sentences) read.
    pub fn words(&self) -> impl Iterator<Item = &str> + Clone + '_ {
        (0..self.len()).filter(|&i| self.list[i].kind != TokenKind::Punct).map(|i| self.norm(i))
    }

    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.list[i].kind == TokenKind::Punct && self.norm(i) == p
    }

    /// Whether the text has an ASCII digit anywhere (every digit is in some token).
    pub fn has_digit(&self) -> bool {
        self.digits
    }

    /// Whether the text's runs of ASCII letters, digits and `_` are exactly the runs of the word
    /// and number tokens' normal forms, in lowercase (a token is one run, or, when
    /// `has_joined_words`, runs joined by apostrophes or a number's separators), and what no
    /// token holds is whitespace, hyphens inside words and ASCII symbols other than `@`, `$` and
    /// `/`. Then a scan for ASCII words can read the tokens instead of the text.
    pub fn words_are_ascii_runs(&self) -> bool {
        self.ascii_runs
    }

    /// Whether a word token joins runs ("don't", "1,240.00"); else each is a single run.
    pub fn has_joined_words(&self) -> bool {
        self.joined
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Pictographic emoji and a few symbols used as emoji (hearts, stars).
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F300..=0x1FAFF | 0x2600..=0x27BF)
}

/// Byte length of the emoticon or emoji starting `s`: ":)", ":-(", ";D", ":'(", "<3", "😡".
/// An emoticon must end the text or be followed by a space or punctuation, so "a:b" and
/// "10:30" never match.
fn emoticon_at(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if is_emoji(first) {
        // Keep a variation selector (U+FE0F) with its emoji.
        let mut len = first.len_utf8();
        if s[len..].starts_with('\u{fe0f}') {
            len += '\u{fe0f}'.len_utf8();
        }
        return Some(len);
    }
    let b = s.as_bytes();
    let len = if b.starts_with(b"<3") {
        2
    } else if matches!(b[0], b':' | b';' | b'=') {
        let mut j = 1;
        if j < b.len() && matches!(b[j], b'-' | b'\'') {
            j += 1;
        }
        if j < b.len() && matches!(b[j], b')' | b'(' | b'D' | b'P' | b'p' | b'/' | b'|' | b'O' | b'o' | b'*' | b'3') {
            j + 1
        } else {
            return None;
        }
    } else {
        return None;
    };
    let after = b.get(len).copied();
    after.is_none_or(|a| a.is_ascii_whitespace() || matches!(a, b'.' | b',' | b'!' | b'?' | b')')).then_some(len)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}' || c == '\u{2018}'
}

/// Pushes the words of a hashtag's body `text[from..to]`, split where a lowercase letter or a
/// digit is followed by a capital ("DeliveryFail"), or a run of capitals by a capitalised word
/// ("UPSDelivery").
fn push_hashtag(text: &str, from: usize, to: usize, base: usize, out: &mut Tokens) {
    let body = &text[from..to];
    let chars: Vec<(usize, char)> = body.char_indices().collect();
    let mut start = 0;
    for k in 1..=chars.len() {
        let cut = k == chars.len() || {
            let (prev, cur) = (chars[k - 1].1, chars[k].1);
            let next = chars.get(k + 1).map(|x| x.1);
            ((prev.is_lowercase() || prev.is_ascii_digit()) && cur.is_uppercase())
                || (prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(char::is_lowercase))
        };
        if cut {
            let (a, b) = (chars[start].0, if k == chars.len() { body.len() } else { chars[k].0 });
            let word = &body[a..b];
            let n = out.norm.len();
            let elongated = normalize_into(word, &mut out.norm);
            out.list.push(Token {
                span: Span::new(base + from + a, base + from + b),
                kind: if word.bytes().all(|x| x.is_ascii_digit()) { TokenKind::Number } else { TokenKind::Word },
                norm: (n as u32, out.norm.len() as u32),
                elongated,
                shouted: false,
                joined: false,
            });
            start = k;
        }
    }
}

/// The char starting at byte `at` (a char boundary), if any.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => text[at..].chars().next(),
        None => None,
    }
}

/// Splits `text` (whose spans are offset by `base`) into tokens.
///
/// Walks byte offsets rather than a char iterator. Most of any complaint is ASCII words, spaces
/// and plain punctuation: those take a shortcut through a byte-class table (`ascii_token`);
/// everything else (other scripts, apostrophes, emoticons, handles, hashtags, hyphens) takes the
/// general path, which decodes characters where they start.
pub fn tokenize(text: &str, base: usize) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(text, base, &mut out);
    out
}

/// `tokenize` into `out`, reusing its buffers (a case's sentences reuse those of the case before).
pub fn tokenize_into(text: &str, base: usize, out: &mut Tokens) {
    tokenize_with(text, base, true, out);
}

/// `tokenize`, with the ASCII shortcut switchable so that a test can hold it to the general path.
fn tokenize_with(text: &str, base: usize, shortcut: bool, out: &mut Tokens) {
    out.list.clear();
    out.list.reserve(text.len() / 4 + 4);
    out.norm.clear();
    out.norm.reserve(2 * text.len() + 8);
    out.norm.push_str(text);
    (out.ascii_runs, out.joined, out.digits) = (true, false, false);
    let bytes = text.as_bytes();
    let mut pos = 0;
    loop {
        if shortcut && let Some(next) = ascii_token(text, pos, base, out) {
            pos = next;
            continue;
        }
        let Some(c) = char_at(text, pos) else {
            break;
        };
        let i = pos;
        let clen = c.len_utf8();
        pos += clen;
        if is_word_char(c) || ((c == '@' || c == '#') && char_at(text, pos).is_some_and(is_word_char)) {
            let mut end = pos;
            let mut numeric = c.is_ascii_digit();
            loop {
                while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                    numeric &= bytes[end].is_ascii_digit();
                    end += 1;
                }
                let Some(n) = char_at(text, end) else {
                    break;
                };
                if is_word_char(n) {
                    numeric &= n.is_ascii_digit();
                } else if is_apostrophe(n) || (numeric && (n == ',' || n == '.')) {
                    // An apostrophe or a number's separator joins only when a word char follows.
                    let joins = match char_at(text, end + n.len_utf8()) {
                        Some(a) if numeric => a.is_ascii_digit(),
                        Some(a) => a.is_alphabetic(),
                        None => false,
                    };
                    if !joins {
                        break;
                    }
                } else {
                    break;
                }
                end += n.len_utf8();
            }
            pos = end;
            let word = &text[i..end];
            let mut joined = false;
            if c == '@' || c == '#' || !word.is_ascii() && !word.chars().all(|ch| ch.is_ascii() || is_apostrophe(ch)) {
                out.ascii_runs = false;
            } else if word.bytes().any(|b| !(b.is_ascii_alphanumeric() || b == b'_')) {
                (out.joined, joined) = (true, true);
            }
            out.digits |= word.bytes().any(|b| b.is_ascii_digit());
            if c == '#' {
                // A hashtag is words run together: "#fail" is "fail", "#UPSDeliveryFail" is
                // "UPS Delivery Fail", each a token with its own span.
                push_hashtag(text, i + 1, end, base, out);
                continue;
            }
            let kind = if numeric { TokenKind::Number } else { TokenKind::Word };
            let a = out.norm.len();
            let elongated = normalize_into(word, &mut out.norm);
            let shouted = is_shouted(word);
            out.list.push(Token {
                span: Span::new(base + i, base + end),
                kind,
                norm: (a as u32, out.norm.len() as u32),
                elongated,
                shouted,
                joined,
            });
        } else if c.is_ascii_whitespace() {
            continue;
        } else if let Some(len) = emoticon_at(&text[i..]) {
            // Emoji and emoticons carry tone in tweets and chats: each is one token, so a
            // lexicon can list them like words.
            out.ascii_runs = false;
            out.digits |= text[i..i + len].bytes().any(|b| b.is_ascii_digit());
            let a = out.norm.len();
            out.norm.push_str(&text[i..i + len]);
            out.list.push(Token {
                span: Span::new(base + i, base + i + len),
                kind: TokenKind::Word,
                norm: (a as u32, out.norm.len() as u32),
                elongated: false,
                shouted: false,
                joined: false,
            });
            pos = i + len;
        } else if matches!(c, ',' | ';' | ':' | '!' | '?' | '.' | '(' | ')' | '-' | '"' | '\u{2014}' | '\u{2013}') {
            // A hyphen inside a word ("no-show") only separates; a spaced dash breaks a clause.
            if c == '-'
                && text[..i].chars().next_back().is_some_and(is_word_char)
                && char_at(text, pos).is_some_and(is_word_char)
            {
                continue;
            }
            let a = out.norm.len();
            out.norm.push(if matches!(c, '\u{2014}' | '\u{2013}') { '-' } else { c });
            out.list.push(Token {
                span: Span::new(base + i, base + i + clen),
                kind: TokenKind::Punct,
                norm: (a as u32, out.norm.len() as u32),
                elongated: false,
                shouted: false,
                joined: false,
            });
        } else {
            // Left out of every token: a symbol ("$", "%"), other scripts' punctuation. Those
            // that begin an email, an amount or a date are not mere gaps to a scan for words.
            out.ascii_runs &= c.is_ascii() && !matches!(c, '@' | '$' | '/');
        }
    }
}

/// Byte classes of the ASCII shortcut: a word character (letter, digit, `_`), and which of these.
const WORD: u8 = 1;
const DIGIT: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
/// Whitespace, skipped.
const SPACE: u8 = 16;
/// Punctuation that is a token of its own and never starts an emoticon or joins words.
const PLAIN_PUNCT: u8 = 32;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            WORD | DIGIT
        } else if c.is_ascii_uppercase() {
            WORD | UPPER
        } else if c.is_ascii_lowercase() {
            WORD | LOWER
        } else if c == b'_' {
            WORD
        } else if c.is_ascii_whitespace() {
            SPACE
        } else if matches!(c, b'.' | b',' | b'!' | b'?' | b'(' | b')' | b'"') {
            PLAIN_PUNCT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Whether `word` (bytes of ASCII letters, digits and `_`) has a letter three times in a row,
/// in any case: "sooo", "NOOO", "nOoO".
#[inline]
fn has_tripled_letter(word: &[u8]) -> bool {
    let n = word.len();
    let load4 = |at: usize| u64::from(u32::from_le_bytes(word[at..at + 4].try_into().expect("4 bytes")));
    let load8 = |at: usize| u64::from_le_bytes(word[at..at + 8].try_into().expect("8 bytes"));
    match n {
        0..=2 => false,
        3 => tripled_in(u64::from(word[0]) | u64::from(word[1]) << 8 | u64::from(word[2]) << 16),
        // Two overlapping loads: the shared bytes are the same in both.
        4..=7 => tripled_in(load4(0) | load4(n - 4) << (8 * (n - 4))),
        _ => {
            // Eight bytes hold the triples starting at their first six: windows six apart,
            // and the last eight bytes for the triples at the end.
            let mut at = 0;
            while at + 8 <= n {
                if tripled_in(load8(at)) {
                    return true;
                }
                at += 6;
            }
            tripled_in(load8(n - 8))
        }
    }
}

/// `has_tripled_letter` for up to eight word bytes packed little-endian into `x`, zeros after
/// them. Bytes lowercased by setting bit 5 (a word byte never becomes a space, and zeros
/// become spaces, which are no letter); a triple at byte i makes byte i of `t` zero.
#[inline]
fn tripled_in(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    const CASE: u64 = 0x20 * ONES;
    const A: u64 = 0x61 * ONES;
    const AFTER_Z: u64 = 0x7B * ONES;
    let y = x | CASE;
    let t = (y ^ (y >> 8)) | (y ^ (y >> 16));
    // The high bit of each byte of `t` that is zero, exactly (no borrow between bytes).
    let zero = !((((t & !HIGH) + !HIGH) | t) | !HIGH);
    // The high bit of each byte of `y` from 'a' to 'z': every byte is below 0x80, so with its
    // high bit set no subtraction borrows from the next byte.
    let letter = ((y | HIGH) - A) & !((y | HIGH) - AFTER_Z) & HIGH;
    zero & letter != 0
}

/// The shortcut for the common tokens: whitespace, a plain punctuation mark, or a word of ASCII
/// letters and digits that ends before an ASCII byte that cannot join it (not an apostrophe, and
/// for a number not `,` or `.`). Pushes the token (if any) and returns where the next one may
/// start; `None` leaves the byte at `pos` to the general path, which gives the same tokens.
#[inline]
fn ascii_token(text: &str, pos: usize, base: usize, out: &mut Tokens) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = *bytes.get(pos)?;
    let class = CLASS[usize::from(first)];
    if class & SPACE != 0 {
        return Some(pos + 1);
    }
    if class & PLAIN_PUNCT != 0 {
        out.list.push(Token {
            span: Span::new(base + pos, base + pos + 1),
            kind: TokenKind::Punct,
            norm: (pos as u32, pos as u32 + 1),
            elongated: false,
            shouted: false,
            joined: false,
        });
        return Some(pos + 1);
    }
    if class & WORD == 0 {
        return None;
    }
    // One pass over the word: where it ends, whether it is all digits or has capitals or
    // lowercase letters. Then, eight bytes at a time, whether a letter is written three times
    // in a row: tracked byte by byte in the same pass, that was most of the pass.
    let (mut all, mut any) = (class, class);
    let mut end = pos + 1;
    while let Some(&b) = bytes.get(end) {
        let c = CLASS[usize::from(b)];
        if c & WORD == 0 {
            break;
        }
        all &= c;
        any |= c;
        end += 1;
    }
    let elongated = any & (UPPER | LOWER) != 0 && has_tripled_letter(&bytes[pos..end]);
    let numeric = all & DIGIT != 0;
    out.digits |= any & DIGIT != 0;
    if let Some(&n) = bytes.get(end)
        && (!n.is_ascii() || n == b'\'' || (numeric && (n == b',' || n == b'.')))
    {
        return None;
    }
    // In normal form already (no capitals): the word's own bytes at the head of the buffer.
    let norm = if any & UPPER == 0 {
        (pos as u32, end as u32)
    } else {
        let a = out.norm.len();
        out.norm.push_str(&text[pos..end]);
        out.norm[a..].make_ascii_lowercase();
        (a as u32, out.norm.len() as u32)
    };
    out.list.push(Token {
        span: Span::new(base + pos, base + end),
        kind: if numeric { TokenKind::Number } else { TokenKind::Word },
        norm,
        elongated,
        // Capitals are counted only for a word with no lowercase letter (rare).
        shouted: any & (LOWER | UPPER) == UPPER
            && bytes[pos..end].iter().filter(|b| b.is_ascii_uppercase()).nth(1).is_some(),
        joined: false,
    });
    Some(end)
}

/// Written in capitals: at least two letters and no lowercase one ("NEVER", "WTF", "A4" is not).
fn is_shouted(word: &str) -> bool {
    let mut letters = 0;
    if word.is_ascii() {
        for &b in word.as_bytes() {
            if b.is_ascii_lowercase() {
                return false;
            }
            letters += usize::from(b.is_ascii_uppercase());
        }
    } else {
        for c in word.chars() {
            if c.is_lowercase() {
                return false;
            }
            letters += usize::from(c.is_alphabetic());
        }
    }
    letters >= 2
}

/// Lowercases and straightens apostrophes. Returns whether a letter repeats three or more times
/// ("soooo"): the matcher then also tries the word with such runs shortened, while words that
/// really have three letters in a row ("BBB") still match exactly.
fn normalize_into(word: &str, out: &mut String) -> bool {
    if word.is_ascii() {
        // The common case: lowercase in place, then look for a letter repeated three times.
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
        return out.as_bytes()[from..].windows(3).any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic());
    }
    let mut prev = '\0';
    let mut run = 0;
    let mut elongated = false;
    let mut step = |l: char| {
        if l == prev {
            run += 1;
        } else {
            prev = l;
            run = 1;
        }
        elongated |= run > 2 && l.is_alphabetic();
        out.push(l);
    };
    for c in word.chars() {
        if c.is_ascii() {
            // The common case, without the Unicode case tables.
            step(c.to_ascii_lowercase());
        } else if is_apostrophe(c) {
            step('\'');
        } else {
            c.to_lowercase().for_each(&mut step);
        }
    }
    elongated
}

/// Shortens runs of a repeated letter to at most `keep` ("soooo" -> "soo" or "so").
pub fn shorten_runs(word: &str, keep: usize, out: &mut String) {
    let mut prev = None;
    let mut run = 0;
    for c in word.chars() {
        if Some(c) == prev {
            run += 1;
        } else {
            prev = Some(c);
            run = 1;
        }
        if run <= keep || !c.is_alphabetic() {
            out.push(c);
        }
    }
}

/// The normal form of a lexicon term's word, as tokens are normalised.
pub fn normalize_word(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    normalize_into(word, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let t = tokenize(text, 0);
        (0..t.len()).map(|i| t.norm(i).to_string()).collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            norms("I was charged $1,240.00, twice!"),
            vec!["i", "was", "charged", "1,240.00", ",", "twice", "!"]
        );
    }

    #[test]
    fn apostrophes_are_straightened_and_kept_inside_words() {
        assert_eq!(norms("I can’t believe it's 'done'"), vec!["i", "can't", "believe", "it's", "done"]);
    }

    #[test]
    fn elongation_and_caps() {
        let t = tokenize("soooo ANGRY Ok", 0);
        assert_eq!(t.norm(0), "soooo");
        let mut short = String::new();
        shorten_runs("soooo", 2, &mut short);
        assert_eq!(short, "soo");
        assert!(t.list[0].elongated);
        assert!(t.list[1].shouted);
        assert!(!t.list[2].shouted);
    }

    #[test]
    fn shouting_needs_two_capital_letters_and_no_lowercase() {
        let shouted = |w: &str| tokenize(w, 0).list[0].shouted;
        assert!(shouted("NEVER") && shouted("WTF") && shouted("ÉTÉ") && shouted("CAN'T"));
        assert!(!shouted("Never") && !shouted("A") && !shouted("A4") && !shouted("ÉtÉ") && !shouted("123"));
        assert!(shouted("A4B"));
    }

    #[test]
    fn normalising_matches_unicode_lowercase() {
        for w in ["ÉTÉ", "Straße", "İstanbul", "ΣΊΣΥΦΟΣ", "Don’t", "ABC", "soOOoo"] {
            let want: String =
                w.chars().map(|c| if is_apostrophe(c) { '\'' } else { c }).flat_map(char::to_lowercase).collect();
            assert_eq!(normalize_word(w), want, "{w}");
        }
    }

    #[test]
    fn hyphens_split_words() {
        assert_eq!(norms("no-show"), vec!["no", "show"]);
        assert_eq!(norms("late - again"), vec!["late", "-", "again"]);
    }

    #[test]
    fn spans_are_offset_and_exact() {
        let text = "Très déçu!";
        let t = tokenize(text, 10);
        assert_eq!(t.list[1].span, Span::new(16, 22));
        assert_eq!(&text[t.list[1].span.start - 10..t.list[1].span.end - 10], "déçu");
    }

    #[test]
    fn emoticons_and_emoji_are_tokens() {
        assert_eq!(norms("great :) thanks 😡 <3"), vec!["great", ":)", "thanks", "😡", "<3"]);
        assert_eq!(norms("at 10:30 a:b"), vec!["at", "10", ":", "30", "a", ":", "b"]);
        assert_eq!(norms("sad :'("), vec!["sad", ":'("]);
    }

    proptest::proptest! {
        /// The ASCII shortcut gives exactly the tokens of the general path, on text mixing the
        /// bytes it takes with every byte it hands over (apostrophes, separators inside numbers,
        /// emoticons, handles, hashtags, hyphens, accents, emoji).
        #[test]
        fn the_ascii_shortcut_agrees_with_the_general_path(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "soo", "OOO", "NEVER", "x_y", "7", "1,240.00", "3.5", ",", ".", "!", "?",
                    "(", ")", "\"", " ", "  ", "\n", "\t", "'", "’", "can't", "-", " - ", ":", ":)",
                    ";-(", "<3", "=", "@", "#", "#UPSFail", "é", "É", "ß", "😡", "\u{fe0f}", "—",
                    "٣", "/", "$", "%", "&", "bbb", "Bbb", "A4B", "12", "x",
                ]),
                0..24,
            ),
            base in 0usize..1000,
        ) {
            let text: String = parts.concat();
            let (mut fast, mut general) = (Tokens::default(), Tokens::default());
            tokenize_with(&text, base, true, &mut fast);
            tokenize_with(&text, base, false, &mut general);
            let spans = |t: &Tokens| t.list.iter().map(|k| (k.span, k.kind, k.elongated, k.shouted)).collect::<Vec<_>>();
            let norms = |t: &Tokens| (0..t.len()).map(|i| t.norm(i).to_string()).collect::<Vec<_>>();
            proptest::prop_assert_eq!(spans(&fast), spans(&general), "{:?}", text);
            proptest::prop_assert_eq!(norms(&fast), norms(&general), "{:?}", text);
            let digits = text.bytes().any(|b| b.is_ascii_digit());
            proptest::prop_assert_eq!((fast.has_digit(), general.has_digit()), (digits, digits), "{:?}", text);
        }
    }

    proptest::proptest! {
        /// Eight bytes at a time, the test for a tripled letter says what a plain reading of the
        /// word says, at every length and place: case folded, digits and `_` never counted.
        #[test]
        fn tripled_letters_are_found_eight_bytes_at_a_time(
            word in proptest::collection::vec(proptest::sample::select(b"aAbBoO0_1zZ".to_vec()), 0..40)
        ) {
            let plain = word.windows(3).any(|w| {
                let a = w[0].to_ascii_lowercase();
                a.is_ascii_lowercase() && w[1].to_ascii_lowercase() == a && w[2].to_ascii_lowercase() == a
            });
            proptest::prop_assert_eq!(has_tripled_letter(&word), plain, "{:?}", String::from_utf8_lossy(&word));
        }
    }

    #[test]
    fn tripled_letters_at_the_edges_of_the_eight_byte_windows() {
        for n in 3..30 {
            for at in 0..=n - 3 {
                let mut w = vec![b'x'; n];
                for (k, b) in w.iter_mut().enumerate() {
                    *b = if k % 2 == 0 { b'a' } else { b'b' };
                }
                w[at..at + 3].copy_from_slice(b"ZzZ");
                assert!(has_tripled_letter(&w), "{}", String::from_utf8_lossy(&w));
                w[at + 1] = b'9';
                assert!(!has_tripled_letter(&w), "{}", String::from_utf8_lossy(&w));
            }
        }
        assert!(!has_tripled_letter(b"111") && !has_tripled_letter(b"___") && !has_tripled_letter(b"aa"));
    }

    #[test]
    fn handles_and_tags_are_words() {
        assert_eq!(norms("@united #fail"), vec!["@united", "fail"]);
        assert_eq!(norms("#UPSDeliveryFail #epicfail"), vec!["ups", "delivery", "fail", "epicfail"]);
        let t = tokenize("#NotHappy", 0);
        assert_eq!(t.list[1].span, Span::new(4, 9));
    }
}
