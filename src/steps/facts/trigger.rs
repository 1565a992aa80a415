//! The words (and symbols) without which a word-only fact rule cannot match: a number and
//! "dollars" for an amount in words, "ago" or "yesterday" for a relative date, a number and a
//! unit for a duration.
//!
//! Rules that need a digit are prefiltered by a set of their patterns, run only in sentences
//! with a digit. The rules that match on words alone were a second set run over every sentence,
//! whose overlapping lazy DFA cost 12% of all instructions on 10 MB of mixed complaints (22% on
//! 2 MB, most of it building states). Here each ASCII word of the sentence is looked up once in
//! a table of word classes, and a rule runs only when the classes it needs are all present.
//!
//! Every condition must be necessary for its rule: each match of the rule holds, as whole ASCII
//! words in any case (the patterns bound them with ASCII `\b`), a word of each class the
//! condition lists. A condition that asks too much loses facts; the tests check the patterns
//! against these tables on generated sentences and on the samples.

use super::number;
use crate::lexicon::{FxMap, pack_short};
use crate::text::{TokenKind, Tokens};
use std::sync::OnceLock;

/// Classes of words and symbols (bits of a u32).
mod class {
    /// A number in words or digits: what comes before "dollars", "times", "per cent", a unit.
    pub const NUM: u32 = 1 << 0;
    /// A number that counts things ("a" not included: "a charge" is an article).
    pub const COUNT: u32 = 1 << 1;
    /// An ordinal, in words or digits ("third", "3rd").
    pub const ORD: u32 = 1 << 2;
    pub const CURRENCY: u32 = 1 << 3;
    pub const UNIT: u32 = 1 << 4;
    pub const TIMES: u32 = 1 << 5;
    pub const TIME: u32 = 1 << 6;
    pub const ONCE: u32 = 1 << 7;
    /// What is counted: calls, emails, charges.
    pub const THING: u32 = 1 << 8;
    pub const CENT: u32 = 1 << 9;
    pub const BIG: u32 = 1 << 10;
    pub const FRACTION: u32 = 1 << 11;
    /// The numbers a fraction takes: a, one, two, three.
    pub const FRACTION_NUM: u32 = 1 << 12;
    pub const OF: u32 = 1 << 13;
    pub const THE: u32 = 1 << 14;
    pub const ON: u32 = 1 << 15;
    /// A date on its own: yesterday, today, tonight, ... ago.
    pub const DAY_WORD: u32 = 1 << 16;
    /// Morning, afternoon, night: a date after "this" or "last".
    pub const DAY_PART: u32 = 1 << 17;
    /// Week, month, year, a weekday: a date after "last", "this", "next", "on", "past", "since".
    pub const PERIOD: u32 = 1 << 18;
    pub const PERIOD_LEAD: u32 = 1 << 19;
    pub const NOON: u32 = 1 << 20;
    /// An '@' after a character of an address's local part.
    pub const AT: u32 = 1 << 21;
    /// '$', '£' or '€' followed by 'X' (how CFPB redacts an amount).
    pub const REDACTED: u32 = 1 << 22;
    /// '/' between digits or X's.
    pub const SLASH: u32 = 1 << 23;
}

use class::*;

/// Per word-only rule (by name): the conditions under which it may match, any of them, each a
/// set of classes all of which must be present.
pub(super) const RULES: &[(&str, &[u32])] = &[
    ("email", &[AT]),
    ("money_redacted", &[REDACTED]),
    ("date_numeric", &[SLASH]),
    ("money_words", &[NUM | CURRENCY]),
    ("date_relative", &[DAY_WORD, PERIOD_LEAD | DAY_PART, PERIOD_LEAD | PERIOD, ON | THE | ORD]),
    ("time_named", &[NOON]),
    ("duration", &[NUM | UNIT]),
    ("count_times", &[NUM | TIMES]),
    ("count_once", &[ONCE]),
    ("count_nth_time", &[THE | ORD | TIME]),
    ("count_things", &[COUNT | THING]),
    ("percent_words", &[NUM | CENT]),
    ("quantity_words", &[NUM | BIG]),
    ("fraction_words", &[FRACTION_NUM | FRACTION | OF]),
];

/// The words of each class; the number words (NUM, COUNT, ORD), the currencies and the units
/// come from the tables the rules' normalisers read (`number`, `CURRENCIES`, `DURATION_UNITS`).
const WORDS: &[(u32, &[&str])] = &[
    (TIMES, &["times"]),
    (TIME, &["time"]),
    (ONCE, &["once", "twice", "thrice"]),
    (
        THING,
        &[
            "call",
            "calls",
            "email",
            "emails",
            "mail",
            "mails",
            "letter",
            "letters",
            "message",
            "messages",
            "attempt",
            "attempts",
            "visit",
            "visits",
            "chat",
            "chats",
            "complaint",
            "complaints",
            "ticket",
            "tickets",
            "order",
            "orders",
            "charge",
            "charges",
            "payment",
            "payments",
            "item",
            "items",
            "bag",
            "bags",
            "package",
            "packages",
            "parcel",
            "parcels",
            "agent",
            "agents",
            "representative",
            "representatives",
            "rep",
            "reps",
            "people",
            "account",
            "accounts",
            "transaction",
            "transactions",
            "inquiries",
            "dispute",
            "disputes",
        ],
    ),
    (CENT, &["cent", "percent"]),
    (BIG, &["million", "billion", "trillion"]),
    (FRACTION, &["third", "thirds", "quarter", "quarters", "fifth", "fifths", "tenth", "tenths"]),
    (FRACTION_NUM, &["a", "one", "two", "three"]),
    (OF, &["of"]),
    (THE, &["the"]),
    (ON, &["on"]),
    (DAY_WORD, &["yesterday", "today", "tonight", "ago"]),
    (DAY_PART, &["morning", "afternoon", "night"]),
    (
        PERIOD,
        &[
            "week",
            "weekend",
            "month",
            "year",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "mon",
            "tue",
            "tues",
            "wed",
            "thu",
            "thur",
            "thurs",
            "fri",
            "sat",
            "sun",
        ],
    ),
    (PERIOD_LEAD, &["last", "this", "next", "on", "past", "since"]),
    (NOON, &["noon", "midday", "midnight"]),
];

/// The lookup tables and each rule's conditions as bits of the rules.
pub(super) struct Triggers {
    words: FxMap<u128, u32>,
    /// Which lengths the class words have, by their first and last letters (`shape_at`): most
    /// words of a sentence are no class word, and one load and a bit test turn them away before
    /// the hash lookup.
    shapes: Box<[u16; 1024]>,
    /// (rule bit, conditions) per word-only rule.
    rules: Vec<(u64, &'static [u32])>,
    /// Every word-only rule: what a sentence with a character that case-folds to an ASCII
    /// letter gets (the patterns' `(?i)` matches "ſ" as "s" and the Kelvin sign as "k").
    all: u64,
}

impl Triggers {
    /// Builds the tables; `index` gives a rule's bit from its name.
    pub(super) fn new(index: impl Fn(&str) -> usize) -> Triggers {
        let mut words: FxMap<u128, u32> = FxMap::default();
        let mut shapes = Box::new([0u16; 1024]);
        for (w, c) in class_words() {
            shapes[shape_at(w.as_bytes())] |= 1 << w.len();
            *words.entry(pack_short(w.as_bytes()).expect("class words are short")).or_default() |= c;
        }
        let rules: Vec<(u64, &'static [u32])> = RULES.iter().map(|&(name, any)| (1u64 << index(name), any)).collect();
        let all = rules.iter().fold(0, |m, (bit, _)| m | bit);
        Triggers { words, shapes, rules, all }
    }

    /// The classes present in `sentence`.
    fn classes(&self, sentence: &str) -> u32 {
        let b = sentence.as_bytes();
        let mut classes = 0u32;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            if !is_word_byte(c) {
                classes |= self.symbol(b, i);
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && is_word_byte(b[i]) {
                i += 1;
            }
            let run = &b[start..i];
            if run[0].is_ascii_digit() {
                classes |= self.run_class(run);
            } else if self.may_be_class_word(run) {
                let mut low = [0u8; 15];
                for (d, s) in low.iter_mut().zip(run) {
                    *d = s.to_ascii_lowercase();
                }
                classes |= self.word_class(&low[..run.len()]);
            }
        }
        if !sentence.is_ascii() && (sentence.contains('\u{17F}') || sentence.contains('\u{212A}')) {
            classes = u32::MAX;
        }
        classes
    }

    /// The classes of one run of ASCII word bytes, given in lowercase (a run that starts with a
    /// digit may keep its capitals).
    #[inline]
    fn run_class(&self, run: &[u8]) -> u32 {
        if run[0].is_ascii_digit() {
            digit_run_class(run)
        } else if self.may_be_class_word(run) {
            self.word_class(run)
        } else {
            0
        }
    }

    /// The classes of a word given in lowercase.
    #[inline]
    fn word_class(&self, low: &[u8]) -> u32 {
        pack_short(low).and_then(|k| self.words.get(&k)).copied().unwrap_or(0)
    }

    /// Whether a class word has the run's length and first and last letters (in either case):
    /// most runs have not, and are turned away before they are lowercased and looked up.
    #[inline]
    fn may_be_class_word(&self, run: &[u8]) -> bool {
        run.len() < 16 && self.shapes[shape_at(run)] & (1 << run.len()) != 0
    }

    /// `classes` from a sentence's tokens, when they are its ASCII word runs already in
    /// lowercase (most sentences): no second pass over the text. Nothing but whitespace and
    /// punctuation is left between them, so no symbol class either.
    fn token_classes(&self, tokens: &Tokens) -> u32 {
        let words = (0..tokens.len()).filter(|&i| tokens.list[i].kind != TokenKind::Punct);
        if !tokens.has_joined_words() {
            return words.fold(0, |classes, i| classes | self.run_class(tokens.norm(i).as_bytes()));
        }
        let runs = words.flat_map(|i| tokens.norm(i).as_bytes().split(|&b| !is_word_byte(b)));
        runs.filter(|r| !r.is_empty()).fold(0, |classes, run| classes | self.run_class(run))
    }

    /// The class of the non-word byte at `i`, if it starts something a rule looks for.
    #[inline]
    fn symbol(&self, b: &[u8], i: usize) -> u32 {
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + 1).copied();
        match b[i] {
            b'@' if before.is_some_and(|p| p.is_ascii_alphanumeric() || b"._%+-".contains(&p)) => AT,
            // '$', and '£' / '€' by the last byte of their UTF-8 (C2 A3, E2 82 AC).
            b'$' | 0xA3 | 0xAC if after == Some(b'X') => REDACTED,
            b'/' if before.is_some_and(|p| p.is_ascii_digit() || p == b'X')
                && after.is_some_and(|n| n.is_ascii_digit() || n == b'X') =>
            {
                SLASH
            }
            _ => 0,
        }
    }

    /// The word-only rules (bits) that may match in `sentence`.
    pub(super) fn scan(&self, sentence: &str) -> u64 {
        self.rules_for(self.classes(sentence))
    }

    /// `scan`, reading `tokens` (the sentence's) instead of the text when they allow it.
    /// `tags`: the classes of the sentence's words as the lexicon lookup reported them
    /// (`Lexicons::tag_words` with `class_words`), which spares looking each word up again; of
    /// use when each word token is one run.
    pub(super) fn scan_tokens(&self, sentence: &str, tokens: &Tokens, tags: Option<u32>) -> u64 {
        if !tokens.words_are_ascii_runs() {
            return self.scan(sentence);
        }
        match tags {
            Some(tags) => self.rules_for(tags | self.untagged_classes(tokens)),
            None => self.rules_for(self.token_classes(tokens)),
        }
    }

    /// The classes of the tokens the lexicon's tags cannot give: numbers, and the runs inside
    /// joined words ("today's", "3rd's"). Every other word token is one run whose classes its
    /// tags already hold.
    fn untagged_classes(&self, tokens: &Tokens) -> u32 {
        if !tokens.has_digit() && !tokens.has_joined_words() {
            return 0;
        }
        let mut classes = 0;
        for (i, t) in tokens.list.iter().enumerate() {
            if t.kind == TokenKind::Punct {
                continue;
            }
            let word = tokens.norm(i).as_bytes();
            if t.joined {
                let runs = word.split(|&b| !is_word_byte(b)).filter(|r| !r.is_empty());
                classes = runs.fold(classes, |classes, run| classes | self.run_class(run));
            } else if word.first().is_some_and(u8::is_ascii_digit) {
                classes |= digit_run_class(word);
            }
        }
        classes
    }

    fn rules_for(&self, classes: u32) -> u64 {
        if classes == u32::MAX {
            return self.all;
        }
        self.rules.iter().filter(|(_, any)| any.iter().any(|&need| holds(classes, need))).fold(0, |m, (bit, _)| m | bit)
    }
}

/// The classes of a run of word bytes starting with a digit: a number ("5", "4.5" is two runs)
/// or an ordinal in digits ("3rd", "21st").
#[inline]
fn digit_run_class(run: &[u8]) -> u32 {
    let ordinal = run.len() > 2 && [&b"st"[..], b"nd", b"rd", b"th"].iter().any(|s| run.eq_ignore_ascii_case_end(s));
    if ordinal { ORD } else { NUM | COUNT }
}

/// A word's place in `Triggers::shapes`: its first and last bytes' low five bits (a letter's place
/// in the alphabet, whatever its case).
#[inline]
fn shape_at(word: &[u8]) -> usize {
    usize::from(word[0] & 31) << 5 | usize::from(word[word.len() - 1] & 31)
}

/// Whether `classes` has every class of `need`.
#[inline]
fn holds(classes: u32, need: u32) -> bool {
    classes & need == need
}

/// Case-insensitive `ends_with` for ASCII byte strings.
trait EndsWithIgnoreCase {
    fn eq_ignore_ascii_case_end(&self, suffix: &[u8]) -> bool;
}

impl EndsWithIgnoreCase for [u8] {
    fn eq_ignore_ascii_case_end(&self, suffix: &[u8]) -> bool {
        self.len() >= suffix.len() && self[self.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    }
}

/// A byte of an ASCII word, as the patterns' ASCII `\b` sees it. A table: the three range tests
/// per byte were half of the scan's cost.
#[inline]
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// Every class word with its class, in lowercase. A word may come more than once, with another
/// class each time ("on" is a day's preposition and leads a period).
pub(super) fn class_words() -> Vec<(String, u32)> {
    let mut out = Vec::new();
    for &(c, list) in WORDS {
        out.extend(list.iter().map(|w| (w.to_string(), c)));
    }
    // Each alternative of the patterns' number words by its longest word ("a couple of" by
    // "couple"): any word of a phrase is necessary, the longest the least common.
    for (c, alternatives) in [(NUM, number::WORDS), (COUNT, number::COUNT_WORDS), (ORD, number::ORDINAL_WORDS)] {
        for phrase in alternatives.split('|') {
            let longest = phrase.split(' ').max_by_key(|w| w.len()).expect("a word");
            out.push((longest.to_string(), c));
        }
    }
    for &(name, _) in super::CURRENCIES.iter().filter(|(name, _)| name.bytes().all(|b| b.is_ascii_alphabetic())) {
        out.push((name.to_string(), CURRENCY));
    }
    for &(unit, ..) in super::DURATION_UNITS {
        out.push((unit.to_string(), UNIT));
        out.push(([unit, "s"].concat(), UNIT));
    }
    out
}

/// The tables for the fact rules, built once.
pub(super) fn triggers(index: impl Fn(&str) -> usize) -> &'static Triggers {
    static T: OnceLock<Triggers> = OnceLock::new();
    T.get_or_init(|| Triggers::new(index))
}
