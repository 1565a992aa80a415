//! Step 2, get the facts: the specifics a client states and a reviewer can check — dates, times,
//! durations, amounts, counts, identifiers, contact details — each with a normalised value, plus
//! the events named by the lexicon (called, charged, delivered).
//!
//! Each rule is a pattern with a normaliser; rules are tried in order of specificity and a later
//! rule never claims text an earlier one took, so "$1,240.00" is money, not a count.

pub mod date;
pub mod number;
mod trigger;

use crate::analyze::Doc;
use crate::lexicon::LexFile;
use crate::report::Fact;
use crate::text::Span;
use date::{Ymd, month_number};
use regex::{Captures, Regex};
use std::fmt::Write as _;
use std::sync::OnceLock;

/// One fact pattern. `normalize` returns the value, or None to reject the match.
struct Rule {
    name: &'static str,
    kind: &'static str,
    personal: bool,
    pattern: String,
    /// Compiled on first use: a rule's own regex is only needed once its prefilter (the digit
    /// rules' set, or the word classes of `trigger`) says it can match. Compiling all 35 up
    /// front was a third of the start-up time (82 million instructions), paid even on a single
    /// short complaint.
    re: OnceLock<Regex>,
    normalize: fn(&Captures) -> Option<String>,
    /// The capture group that is the fact's text (0: the whole match); a label before it
    /// ("call me on") decides the kind without being part of the fact.
    group: usize,
}

impl Rule {
    fn re(&self) -> &Regex {
        self.re.get_or_init(|| Regex::new(&self.pattern).unwrap_or_else(|e| panic!("fact rule {}: {e}", self.name)))
    }

    fn group(mut self, g: usize) -> Rule {
        self.group = g;
        self
    }
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const WEEKDAY: &str =
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)";
const UNIT: &str = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)";

/// The patterns of the rules that need a digit as one set, for the prefilter in `find`: one
/// overlapping pass over a sentence with a digit says which of them can match there. The rules
/// that match on words alone are prefiltered by their words instead (`trigger`).
struct DigitRules {
    set: regex::RegexSet,
    /// Index in `rules()` of each pattern in `set`.
    rules: Vec<usize>,
}

fn digit_rules() -> &'static DigitRules {
    static SET: OnceLock<DigitRules> = OnceLock::new();
    SET.get_or_init(|| {
        let picked: Vec<usize> = (0..rules().len()).filter(|&i| !is_word_rule(rules()[i].name)).collect();
        // With the default 2 MB cache the lazy DFA kept clearing and rebuilding its states
        // (8 MB: 10% fewer instructions on 10 MB of mixed text; 32 MB gains nothing more).
        let set = regex::RegexSetBuilder::new(picked.iter().map(|&i| rules()[i].pattern.as_str()))
            .dfa_size_limit(8 << 20)
            .build()
            .expect("the rules compile");
        DigitRules { set, rules: picked }
    })
}

/// The word classes of the fact rules' triggers, as tags for `Lexicons::tag_words`: the
/// lexicon lookup of each token then says which classes a sentence holds.
pub fn word_classes() -> impl Iterator<Item = (&'static str, u32)> {
    static WORDS: OnceLock<Vec<(String, u32)>> = OnceLock::new();
    WORDS.get_or_init(trigger::class_words).iter().map(|(w, c)| (w.as_str(), *c))
}

/// A rule that can match without a digit: it has conditions in `trigger::RULES`.
fn is_word_rule(name: &str) -> bool {
    trigger::RULES.iter().any(|(rule, _)| *rule == name)
}

fn triggers() -> &'static trigger::Triggers {
    trigger::triggers(|name| {
        rules().iter().position(|r| r.name == name).unwrap_or_else(|| panic!("trigger for an unknown rule {name}"))
    })
}

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let n = number::WORDS;
        // Counting words without "a"/"an": "a charge" is an article, not a count.
        let c = number::COUNT_WORDS;
        let ord = number::ORDINAL_WORDS;
        let rule = |name, kind, personal, pattern: &str, normalize| Rule {
            name,
            kind,
            personal,
            pattern: pattern.to_string(),
            re: OnceLock::new(),
            normalize,
            group: 0,
        };
        vec![
            rule("email", "email", true, r"(?-u:\b)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?-u:\b)", |c| {
                Some(c[0].to_ascii_lowercase())
            }),
            rule(
                "phone",
                "phone",
                true,
                r"(?:\+[0-9]{1,3}[\s.-]?)?(?:\([0-9]{3}\)\s?|(?-u:\b)[0-9]{3}[\s.-])[0-9]{3}[\s.-][0-9]{4}(?-u:\b)|\+44\s?[0-9]{4}\s?[0-9]{6}(?-u:\b)|(?-u:\b)0[0-9]{4}\s[0-9]{6}(?-u:\b)",
                |c| Some(c[0].chars().filter(|ch| ch.is_ascii_digit() || *ch == '+').collect()),
            ),
            // {$XXXX} is how CFPB redacts an amount: money of unknown value, never a number.
            rule("money_redacted", "money", false, r"\{?([$£€])X+(?:\.X{2})?\}?", |c| {
                money_code(&c[1]).map(|code| ["unknown ", code].concat())
            }),
            rule(
                "money_code_first",
                "money",
                false,
                r"(?-u:\b)(USD|EUR|GBP|CAD|AUD)\s?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?(?-u:\b)",
                |c| money(&c[2], decimals(c.get(3)), &c[1], None),
            ),
            // Euro amounts written after the number, European style: 120€, 1.240,50 €.
            rule(
                "money_symbol_after",
                "money",
                false,
                r"(?-u:\b)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,([0-9]{2}))?\s?(€|£)",
                |c| money(&c[1], c.get(2).map(|m| m.as_str()), &c[3], None),
            ),
            rule(
                "money_symbol",
                "money",
                false,
                r"\{?(?:US|CA|AU)?([$£€])\s?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?\}?(?:\s?(k|m|million|thousand)(?-u:\b))?",
                |c| money(&c[2], decimals(c.get(3)), &c[1], c.get(4).map(|m| m.as_str())),
            ),
            rule(
                "money_code",
                "money",
                false,
                r"(?i)(?-u:\b)([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?\s?(usd|eur|gbp|cad|aud|dollars?|bucks|euros?|pounds?|quid)(?-u:\b)",
                |c| money(&c[1], decimals(c.get(2)), &c[3], None),
            ),
            rule(
                "money_words",
                "money",
                false,
                &format!(r"(?i)(?-u:\b)((?:(?:{n})[\s-]+)*(?:{n}|hundred|thousand))\s+(dollars?|bucks|euros?|pounds?|quid)(?-u:\b)"),
                |c| money_of(Some(number::cardinal(&c[1])? as u64), "", None, &c[2], None),
            ),
            // A local number needs a word saying it is one: "call me on 555-0147".
            rule(
                "phone_local",
                "phone",
                true,
                r"(?i)(?-u:\b)(?:phone|mobile|cell|tel\.?|call me (?:on|at)|reach me (?:on|at)|text me (?:on|at)|number is)\s*(?:number\s*)?(?:is\s*)?:?\s*([0-9]{3}[\s.-][0-9]{4})(?-u:\b)",
                |c| Some(c[1].chars().filter(char::is_ascii_digit).collect()),
            )
            .group(1),
            rule(
                "date_iso",
                "date",
                false,
                r"(?-u:\b)([0-9]{4})-([0-9]{2})-([0-9]{2})(?-u:\b)",
                |c| Ymd::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?).map(|d| d.to_string()),
            ),
            // XX/XX/XXXX is how CFPB redacts dates: a date whose value is unknown, never a number.
            rule("date_numeric", "date", false, r"(?-u:\b)([0-9X]{1,2})/([0-9X]{1,2})/([0-9X]{4}|[0-9]{2})(?-u:\b)", numeric_date),
            rule("date_month_slash_day", "date", false, r"(?-u:\b)(0?[1-9]|1[0-2])/(0?[1-9]|[12][0-9]|3[01])(?-u:\b)(?:/)?", |c| {
                if c[0].ends_with('/') {
                    return None;
                }
                Some(format!("XXXX-{:02}-{:02}", c[1].parse::<u32>().ok()?, c[2].parse::<u32>().ok()?))
            }),
            rule(
                "date_month_day",
                "date",
                false,
                &format!(r"(?i)(?-u:\b)({MONTH})\s+([0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+([0-9]{{4}}))?"),
                |c| named_date(&c[1], &c[2], c.get(3).map(|m| m.as_str())),
            ),
            rule(
                "date_day_month",
                "date",
                false,
                &format!(r"(?i)(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH})(?-u:\b)(?:,?\s+([0-9]{{4}}))?"),
                |c| named_date(&c[2], &c[1], c.get(3).map(|m| m.as_str())),
            ),
            rule(
                "date_month_year",
                "date",
                false,
                &format!(r"(?i)(?-u:\b)({MONTH})\s+(?:of\s+)?((?:19|20)[0-9]{{2}})(?-u:\b)"),
                |c| Some(format!("{}-{:02}", &c[2], month_number(&c[1])?)),
            ),
            rule(
                "date_relative",
                "date",
                false,
                &format!(
                    r"(?i)(?-u:\b)(?:yesterday|today|tonight|this morning|this afternoon|last night|the day before yesterday|(?:last|this|next|on|past|since)\s+(?:{WEEKDAY}|week|weekend|month|year)|(?:[0-9]+|{n})\s+(?:days?|weeks?|months?|years?)\s+ago|on the (?:[0-9]{{1,2}}(?:st|nd|rd|th)|{ord}))(?-u:\b)"
                ),
                |c| Some(with_lowercase(&["relative: "], &c[0])),
            ),
            rule(
                "date_year",
                "date",
                false,
                r"(?i)(?-u:\b)(?:in|since|of|from|until|by|during)\s+((?:19|20)[0-9]{2})(?-u:\b)",
                |c| Some(c[1].to_string()),
            ),
            rule(
                "time_clock",
                "time",
                false,
                r"(?i)(?-u:\b)([0-9]{1,2}):([0-9]{2})(?:\s?([ap])\.?m(?-u:\b)\.?)?",
                |c| clock(&c[1], Some(&c[2]), c.get(3).map(|m| m.as_str())),
            ),
            rule("time_hour", "time", false, r"(?i)(?-u:\b)([0-9]{1,2})\s?([ap])\.?m(?-u:\b)\.?", |c| clock(&c[1], None, Some(&c[2]))),
            rule("time_named", "time", false, r"(?i)(?-u:\b)(noon|midday|midnight)(?-u:\b)", |c| {
                Some(if c[1].eq_ignore_ascii_case("midnight") { "00:00" } else { "12:00" }.to_string())
            }),
            rule(
                "duration",
                "duration",
                false,
                &format!(r"(?i)(?-u:\b)([0-9]+(?:\.[0-9]+)?|(?:(?:{n})[\s-]+)*(?:{n}))\s+(?:(?:more|whole|full|long|straight)\s+)?({UNIT})(?-u:\b)"),
                |c| duration(&c[1], &c[2]),
            ),
            rule(
                "count_times",
                "count",
                false,
                &format!(r"(?i)(?-u:\b)([0-9]+|{n})\s+(?:separate\s+|different\s+)?times(?-u:\b)"),
                |c| number::cardinal(&c[1]).map(|v| (v as u64).to_string()),
            ),
            // "Once" is a count only as an adverb of frequency ("I called once"): not in idioms
            // ("once again", "once more", "once and for all", "at once", "once upon a time") nor
            // as the conjunction opening a clause ("once they feel secure", "once we get there").
            rule(
                "count_once",
                "count",
                false,
                r"(?i)(?:(?-u:\b)(at)\s+)?(?-u:\b)(once|twice|thrice)(?-u:\b)(?:\s+([a-z']+)(?:\s+([a-z']+))?)?",
                |c| {
                    let once = c[2].eq_ignore_ascii_case("once");
                    let next = c.get(3).map_or(String::new(), |m| m.as_str().to_ascii_lowercase());
                    let after = c.get(4).map_or("", |m| m.as_str());
                    let idiom = c.get(1).is_some()
                        || (next == "and" && after.eq_ignore_ascii_case("for"))
                        || matches!(
                            next.as_str(),
                            "again" | "more" | "upon" | "i" | "you" | "he" | "she" | "it" | "we" | "they" | "the" | "this" | "that" | "there" | "people"
                        );
                    if once && idiom {
                        return None;
                    }
                    number::multiplicative(&c[2]).map(|v| v.to_string())
                },
            )
            .group(2),
            rule(
                "count_nth_time",
                "count",
                false,
                &format!(r"(?i)(?-u:\b)the\s+([0-9]{{1,3}}(?:st|nd|rd|th)|{ord})\s+time(?-u:\b)"),
                |c| number::ordinal(&c[1]).map(|v| v.to_string()),
            ),
            rule(
                "count_things",
                "count",
                false,
                &format!(
                    r"(?i)(?-u:\b)([0-9]+|{c})\s+(?:(?:separate|different|more|other|phone|unauthori[sz]ed)\s+)?(calls?|emails?|e-mails?|letters?|messages?|attempts?|visits?|chats?|complaints?|tickets?|orders?|charges?|payments?|items?|bags?|packages?|parcels?|agents?|representatives?|reps?|people|accounts?|transactions?|inquiries|disputes?)(?-u:\b)"
                ),
                |c| number::cardinal(&c[1]).map(|v| with_lowercase(&[&(v as u64).to_string(), " "], &c[2])),
            ),
            rule("percent", "percent", false, r"(?i)(?-u:\b)([0-9]+(?:\.[0-9]+)?)\s?(?:%|per\s?cent(?-u:\b))", |c| {
                Some([&c[1], "%"].concat())
            }),
            rule(
                "identifier_labelled",
                "identifier",
                false,
                r"(?i)(?-u:\b)(?:order|account|acct|ticket|case|ref(?:erence)?|confirmation|tracking|claim|invoice|policy|booking|reservation|flight|member(?:ship)?|loan|card|serial|complaint|transaction|customer|contract|meter)\s*(?:number|no\.?|num|#|id|code)?\s*(?:is\s+|was\s+)?[:#]?\s*([A-Z]{0,4}[-]?[0-9][A-Z0-9-]{2,})(?-u:\b)",
                |c| Some(c[1].to_uppercase()),
            )
            .group(1),
            // Codes that mix capitals and digits with a hyphen: NE-5521-0093, LIS-BB-88314.
            rule("identifier_code", "identifier", false, r"(?-u:\b)[A-Z]{1,5}(?:-[A-Z0-9]+)*-[0-9][A-Z0-9]*(?:-[A-Z0-9]+)*(?-u:\b)", |c| {
                Some(c[0].to_string())
            }),
            rule("identifier_hash", "identifier", false, r"#\s?([A-Za-z]{0,4}-?[0-9][A-Za-z0-9-]{2,})(?-u:\b)", |c| {
                Some(c[1].to_uppercase())
            }),
            rule("identifier_ending", "identifier", true, r"(?i)(?-u:\b)ending (?:in|with)\s+([0-9]{4})(?-u:\b)", |c| {
                Some(["****", &c[1]].concat())
            }),
            rule(
                "quantity",
                "quantity",
                false,
                r"(?i)(?-u:\b)([0-9]+(?:\.[0-9]+)?)\s+(million|billion|trillion|thousand)(?-u:\b)",
                |c| Some(with_lowercase(&[&c[1], " "], &c[2])),
            ),
            // Amounts said in words, as speakers say them: "ninety-eight percent", "six hundred
            // million", "four and a half percent". A quantity or share with its number is as
            // checkable as one in digits; "millions of" with no number stays vague.
            rule(
                "percent_words",
                "percent",
                false,
                &format!(r"(?i)(?-u:\b)((?:{n})(?:[\s-]+(?:and[\s-]+)?(?:{n}))*)[\s-]+per\s?cent(?-u:\b)"),
                |c| number::cardinal(&c[1]).map(|v| format!("{v}%")),
            ),
            rule(
                "quantity_words",
                "quantity",
                false,
                &format!(r"(?i)(?-u:\b)((?:{n})(?:[\s-]+(?:and[\s-]+)?(?:{n}))*)[\s-]+(million|billion|trillion)(?-u:\b)"),
                |c| number::cardinal(&c[1]).map(|v| format!("{v} {}", c[2].to_ascii_lowercase())),
            ),
            // A share of a whole: "a third of our people", "two thirds of the budget".
            rule(
                "fraction_words",
                "quantity",
                false,
                r"(?i)(?-u:\b)(a|one|two|three)\s+(third|quarter|fifth|tenth)s?\s+of(?-u:\b)",
                |c| Some(format!("{}/{}", number::cardinal(&c[1])?, match c[2].to_ascii_lowercase().as_str() {
                    "third" => 3,
                    "quarter" => 4,
                    "fifth" => 5,
                    _ => 10,
                })),
            ),
            rule("number", "number", false, r"(?-u:\b)[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?-u:\b)", |c| {
                Some(if c[0].contains(',') { c[0].replace(',', "") } else { c[0].to_string() })
            }),
        ]
    })
}

/// `head`'s parts followed by `word` in (ASCII) lowercase, in one allocation.
fn with_lowercase(head: &[&str], word: &str) -> String {
    let head_len: usize = head.iter().map(|h| h.len()).sum();
    let mut out = String::with_capacity(head_len + word.len());
    head.iter().for_each(|h| out.push_str(h));
    out.push_str(word);
    out[head_len..].make_ascii_lowercase();
    out
}

/// The digits after the decimal point of a capture that includes the point (".50").
fn decimals(m: Option<regex::Match<'_>>) -> Option<&str> {
    m.map(|m| &m.as_str()[1..])
}

/// Words and symbols naming a currency, lowercase.
const CURRENCIES: &[(&str, &str)] = &[
    ("$", "USD"),
    ("usd", "USD"),
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("bucks", "USD"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("quid", "GBP"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("cad", "CAD"),
    ("aud", "AUD"),
];

/// An amount as "1240.00 USD". `int` is the whole units in digits, with any thousands
/// separators (',' or '.'); `frac` the one or two digits after the decimal mark.
fn money(int: &str, frac: Option<&str>, currency: &str, scale: Option<&str>) -> Option<String> {
    let mut whole = Some(0u64);
    for b in int.bytes().filter(u8::is_ascii_digit) {
        whole = whole.and_then(|n| n.checked_mul(10)?.checked_add(u64::from(b - b'0')));
    }
    money_of(whole, int, frac, currency, scale)
}

/// Amounts below this many cents are formatted from whole cents: there the float sum and
/// product `money` once computed is within a hundred-thousandth of the exact amount, so its
/// rounding to cents gave the same digits.
const EXACT_CENTS: u64 = 1 << 40;

/// `money` with the whole units read: None when they overflow, and then `int`'s digits are read
/// as a float, as they always were.
fn money_of(whole: Option<u64>, int: &str, frac: Option<&str>, currency: &str, scale: Option<&str>) -> Option<String> {
    let frac_cents = match frac.map(str::as_bytes) {
        None => 0,
        Some(&[d]) if d.is_ascii_digit() => u64::from(d - b'0') * 10,
        Some(&[d, e]) if d.is_ascii_digit() && e.is_ascii_digit() => u64::from(d - b'0') * 10 + u64::from(e - b'0'),
        Some(_) => return None,
    };
    let is = |word: &str| scale.is_some_and(|s| s.eq_ignore_ascii_case(word));
    let mult: u64 = if is("k") || is("thousand") {
        1_000
    } else if is("m") || is("million") {
        1_000_000
    } else {
        1
    };
    let code = money_code(currency)?;
    let cents = whole.and_then(|n| n.checked_mul(100)?.checked_add(frac_cents)?.checked_mul(mult));
    match cents.filter(|&c| c < EXACT_CENTS) {
        Some(c) => {
            let mut out = String::with_capacity(24);
            // Writing to a String cannot fail.
            let _ = write!(out, "{}.{:02} {code}", c / 100, c % 100);
            Some(out)
        }
        None => {
            let int: f64 = match whole {
                Some(n) => n as f64,
                None => int.bytes().filter(u8::is_ascii_digit).map(char::from).collect::<String>().parse().ok()?,
            };
            Some(format!("{:.2} {code}", (int + frac_cents as f64 / 100.0) * mult as f64))
        }
    }
}

/// The currency code of a currency word or symbol.
fn money_code(currency: &str) -> Option<&'static str> {
    CURRENCIES.iter().find(|(word, _)| word.eq_ignore_ascii_case(currency)).map(|&(_, code)| code)
}

fn numeric_date(c: &Captures) -> Option<String> {
    let (m, d, y) = (&c[1], &c[2], &c[3]);
    if m.contains('X') || d.contains('X') || y.contains('X') {
        // Redacted: keep what survives, never guess the rest.
        return Some(if y.contains('X') { "unknown".to_string() } else { format!("{y}-XX-XX") });
    }
    let y: i32 = y.parse().ok()?;
    let y = if c[3].len() == 2 { 2000 + y } else { y };
    Ymd::new(y, m.parse().ok()?, d.parse().ok()?).map(|d| d.to_string())
}

fn named_date(month: &str, day: &str, year: Option<&str>) -> Option<String> {
    let m = month_number(month)?;
    let d: u32 = day.parse().ok()?;
    match year {
        Some(y) => Ymd::new(y.parse().ok()?, m, d).map(|x| x.to_string()),
        None => (d >= 1 && d <= date::days_in_month(2000, m)).then(|| format!("XXXX-{m:02}-{d:02}")),
    }
}

fn clock(h: &str, m: Option<&str>, ampm: Option<&str>) -> Option<String> {
    let mut h: u32 = h.parse().ok()?;
    let m: u32 = m.map_or(Some(0), |m| m.parse().ok())?;
    if m > 59 {
        return None;
    }
    match ampm.map(|s| s.to_ascii_lowercase()).as_deref() {
        Some("p") if (1..12).contains(&h) => h += 12,
        Some("a") if h == 12 => h = 0,
        Some(_) if h > 12 || h == 0 => return None,
        _ => {}
    }
    (h < 24).then(|| format!("{h:02}:{m:02}"))
}

/// Duration units without their plural "s", lowercase: whether a time of day unit, ISO 8601 code.
const DURATION_UNITS: &[(&str, bool, &str)] = &[
    ("second", true, "S"),
    ("sec", true, "S"),
    ("minute", true, "M"),
    ("min", true, "M"),
    ("hour", true, "H"),
    ("hr", true, "H"),
    ("day", false, "D"),
    ("week", false, "W"),
    ("wk", false, "W"),
    ("month", false, "M"),
    ("year", false, "Y"),
    ("yr", false, "Y"),
];

fn duration(amount: &str, unit: &str) -> Option<String> {
    let v = number::cardinal(amount)?;
    let unit = unit.trim_end_matches(['s', 'S']);
    let &(_, time, code) = DURATION_UNITS.iter().find(|(u, ..)| u.eq_ignore_ascii_case(unit))?;
    let mut out = String::with_capacity(16);
    out.push_str(if time { "PT" } else { "P" });
    // Writing to a String cannot fail.
    let _ = if v.fract() == 0.0 { write!(out, "{}", v as u64) } else { write!(out, "{v}") };
    out.push_str(code);
    Some(out)
}

/// Finds the facts of every sentence, in text order.
pub fn find(doc: &Doc) -> Vec<Fact> {
    let text = doc.text();
    let mut out = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let sentence = s.span.slice(text);
        taken.clear();
        // This sentence's facts, sorted in place once found.
        let first = out.len();
        // The word rules whose words are here, and the digit rules the set finds (bit i: rule
        // i can match); only those run their capturing search, in rule order so earlier rules
        // keep precedence.
        let mut hits = triggers().scan_tokens(sentence, &s.tokens, doc.lex.tagged().then_some(s.tags));
        if s.tokens.has_digit() {
            let digits = digit_rules();
            for i in digits.set.matches(sentence).iter() {
                hits |= 1 << digits.rules[i];
            }
        }
        for (ri, rule) in rules().iter().enumerate() {
            if hits & (1 << ri) == 0 {
                continue;
            }
            for caps in rule.re().captures_iter(sentence) {
                let Some(m) = caps.get(rule.group) else {
                    continue;
                };
                let span = Span::new(m.start(), m.end()).offset(s.span.start);
                if taken.iter().any(|t| t.overlaps(span)) {
                    continue;
                }
                let Some(value) = (rule.normalize)(&caps) else {
                    continue;
                };
                taken.push(span);
                out.push(Fact {
                    kind: rule.kind,
                    text: m.as_str().to_string(),
                    value,
                    start: span.start,
                    end: span.end,
                    sentence: si,
                    personal: rule.personal,
                    source: ["rule:", rule.name].concat(),
                    resolved: None,
                });
            }
        }
        // Events may overlap the specifics ("charged twice" is an event holding a count).
        for m in s.matches.iter().filter(|m| m.file == LexFile::Events) {
            let e = doc.lex.entry(m.entry);
            // An idiom holding an event word ("in order to", "the national interest") is none.
            if e.category == "not_event" {
                continue;
            }
            // A negated event is a failure ("never received", "not delivered"); a plain verb
            // states one only when negated ("can't log in").
            let negated = if e.category == "failure" { None } else { negated_action(doc, si, m) };
            if e.category == "action" || negated.is_some() {
                if let Some(n) = negated {
                    let span = Span::new(doc.match_span(si, n).start, doc.match_span(si, m).end);
                    out.push(Fact {
                        kind: "event",
                        text: span.slice(text).to_string(),
                        value: "failure".into(),
                        start: span.start,
                        end: span.end,
                        sentence: si,
                        personal: false,
                        source: negated_action_source(&doc.lex.entry(n.entry).origin, &e.origin),
                        resolved: None,
                    });
                }
                continue;
            }
            let span = doc.match_span(si, m);
            out.push(Fact {
                kind: "event",
                text: span.slice(text).to_string(),
                value: e.category.clone(),
                start: span.start,
                end: span.end,
                sentence: si,
                personal: false,
                source: e.origin.text(),
                resolved: None,
            });
        }
        // An account or card number is personal data; an order or ticket number is not.
        let found = &mut out[first..];
        for f in found.iter_mut().filter(|f| f.kind == "identifier" && !f.personal) {
            // The label is the two words before the number ("account number", "card no.").
            let before = text.get(s.span.start..f.start).unwrap_or("");
            if before.split_whitespace().rev().take(3).any(personal_label) {
                f.personal = true;
            }
        }
        found.sort_by_key(|f| (f.start, f.end));
    }
    out
}

/// The negator right before an action verb ("can't log in", "won't let me", "never received"),
/// at most one word between them, nothing but words in between.
/// How many tokens before a negator an "if" makes it a condition ("if I am not ...").
const CONDITION_REACH: usize = 4;

fn negated_action<'d>(doc: &'d Doc, si: usize, m: &crate::lexicon::Match) -> Option<&'d crate::lexicon::Match> {
    let s = &doc.sentences[si];
    let n = s.negator_before(doc.lex, m.start, 1, |_| false)?;
    // "If I am not syncing it", "if you don't use ...": a condition states no failure. The
    // condition is the few words after "if", so only an "if" close before the negator counts.
    let hypothetical = (n.start.saturating_sub(CONDITION_REACH)..n.start)
        .any(|k| matches!(s.tokens.norm(k), "if" | "unless") && s.same_clause(k, n.start));
    (!hypothetical).then_some(n)
}

/// "rule:negated_action (negator origin, verb origin)".
fn negated_action_source(negator: &crate::lexicon::Origin, verb: &crate::lexicon::Origin) -> String {
    let mut out = String::with_capacity(32 + negator.path.len() + verb.path.len());
    out.push_str("rule:negated_action (");
    negator.push_to(&mut out);
    out.push_str(", ");
    verb.push_to(&mut out);
    out.push(')');
    out
}

/// Words that make the number after them an account or card number.
fn personal_label(text: &str) -> bool {
    const LABELS: &[&str] = &["account", "acct", "card", "iban", "member", "membership", "policy", "customer"];
    text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| LABELS.iter().any(|l| l.eq_ignore_ascii_case(w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Case;
    use crate::lexicon::Lexicons;

    /// Rules compile lazily; a broken pattern must still fail here, not on some user's text.
    #[test]
    fn every_rule_compiles() {
        for rule in rules() {
            assert!(!rule.re().as_str().is_empty(), "{}", rule.name);
        }
    }

    /// Each rule has exactly one prefilter: a rule with neither would never run, one with both
    /// would be searched for twice. The mask of hits is a u64.
    #[test]
    fn every_rule_has_one_prefilter() {
        assert!(rules().len() <= 64, "the prefilter's mask is a u64");
        for (name, _) in trigger::RULES {
            assert!(rules().iter().any(|r| r.name == *name), "trigger for an unknown rule {name}");
            assert_eq!(trigger::RULES.iter().filter(|(n, _)| n == name).count(), 1, "{name} listed twice");
        }
        let digits = digit_rules();
        assert_eq!(digits.set.len(), digits.rules.len());
        for (i, rule) in rules().iter().enumerate() {
            assert!(digits.rules.contains(&i) != is_word_rule(rule.name), "{}", rule.name);
        }
        assert!(triggers().scan("") == 0);
    }

    /// Word rules still run in a sentence with digits, and digit rules in a sentence that also
    /// holds word rules' matches.
    #[test]
    fn both_prefilters_apply_to_a_sentence_with_digits() {
        let found = facts("I called twice about the $40 charge, three weeks ago on 03/04/2024.");
        let texts: Vec<(&str, &str)> = found.iter().map(|(kind, text, _)| (kind.as_str(), text.as_str())).collect();
        for want in [("count", "twice"), ("money", "$40"), ("date", "three weeks ago"), ("date", "03/04/2024")] {
            assert!(texts.contains(&want), "{want:?} missing from {found:?}");
        }
    }

    /// A sentence without any rule's words runs no word rule; each listed word lets its rule run.
    #[test]
    fn triggers_pick_the_rules_whose_words_are_there() {
        let bit = |name: &str| 1u64 << rules().iter().position(|r| r.name == name).unwrap();
        assert_eq!(triggers().scan("The agent was rude and hung up on me."), 0);
        assert_eq!(triggers().scan("Nobody cared, not even a little, @united."), 0);
        assert_eq!(triggers().scan("It took THREE WEEKS"), bit("duration"));
        assert_eq!(triggers().scan("Today's delivery"), bit("date_relative"));
        assert_eq!(triggers().scan("on the 3rd"), bit("date_relative"));
        assert_eq!(triggers().scan("for the third time"), bit("count_nth_time"));
        assert_eq!(triggers().scan("two calls"), bit("count_things"));
        assert_eq!(triggers().scan("mail me at a@b.co"), bit("email"));
        assert_eq!(triggers().scan("fifty quid"), bit("money_words"));
        assert_eq!(triggers().scan("charged \u{a3}XX on XX/XX/2019"), bit("money_redacted") | bit("date_numeric"));
        // "ſ" (long s) and the Kelvin sign fold to ASCII letters under (?i): every rule may match.
        assert_eq!(triggers().scan("two \u{17F}econds"), trigger::RULES.iter().fold(0, |m, (n, _)| m | bit(n)));
    }

    /// The built-in lexicons with the trigger words tagged, as `Analyzer::new` makes them.
    fn tagged_lexicons() -> &'static Lexicons {
        static LEX: OnceLock<Lexicons> = OnceLock::new();
        LEX.get_or_init(|| crate::Analyzer::new(Lexicons::builtin()).lex)
    }

    /// The trigger words are necessary: wherever a word rule's pattern matches, its words are
    /// found, on sentences made of the rules' words, number words, digits, symbols, punctuation,
    /// apostrophes, non-ASCII letters and case changes.
    fn assert_triggers_cover(sentence: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let mask = triggers().scan(sentence);
        // Read from the sentence's tokens, the scan finds the same rules as from its text.
        let tokens = crate::text::tokenize(sentence, 0);
        proptest::prop_assert_eq!(triggers().scan_tokens(sentence, &tokens, None), mask, "{:?}", sentence);
        // And from the tags of its words, as the lexicon lookup reports them.
        let tags = tagged_lexicons().find_into(&tokens, &mut Vec::new());
        proptest::prop_assert_eq!(triggers().scan_tokens(sentence, &tokens, Some(tags)), mask, "{:?}", sentence);
        for (i, rule) in rules().iter().enumerate() {
            if is_word_rule(rule.name) && rule.re().is_match(sentence) {
                proptest::prop_assert!(
                    mask & (1 << i) != 0,
                    "{} matches {:?} but was not triggered",
                    rule.name,
                    sentence
                );
            }
        }
        Ok(())
    }

    /// The words written in a rule's pattern, taken from the pattern itself rather than from the
    /// trigger lists, so that a word missing from a list shows: each run of letters ("dollars"
    /// in "dollars?"), also without a final "s".
    fn pattern_words(rule: &str) -> Vec<String> {
        let pattern = &rules().iter().find(|r| r.name == rule).unwrap().pattern;
        let mut out = Vec::new();
        for w in pattern.split(|c: char| !c.is_ascii_lowercase()).filter(|w| w.len() > 1) {
            out.push(w.to_string());
            if let Some(stem) = w.strip_suffix('s') {
                out.push(stem.to_string());
            }
        }
        out.push("X".into());
        out
    }

    /// Number words and digits, which the word rules expect before their words.
    fn number_fragments() -> Vec<String> {
        let words =
            number::WORDS.split('|').chain(number::COUNT_WORDS.split('|')).chain(number::ORDINAL_WORDS.split('|'));
        words.chain(["3", "12", "4.5", "3rd", "21st", "2nd"]).map(str::to_string).collect()
    }

    /// Connecting words, symbols, punctuation, apostrophes and non-ASCII letters.
    fn filler_fragments() -> Vec<String> {
        [
            "the",
            "on the",
            "last",
            "this",
            "next",
            "past",
            "since",
            "ago",
            "per",
            "of",
            "at",
            "and",
            "more",
            "whole",
            "separate",
            "different",
            "phone",
            "unauthorised",
            "e-mails",
            "$",
            "\u{a3}",
            "\u{20ac}",
            "X",
            "XX",
            "{$XXXX}",
            "XX/XX/XXXX",
            "12/XX/2019",
            "@",
            "a@b.com",
            "_",
            "'s",
            "\u{2019}s",
            "-",
            ",",
            ".",
            "!",
            "#",
            "\u{e9}",
            "\u{17F}",
            "\u{212A}",
            "\u{a0}",
            "caf\u{e9}",
            "per cent",
            "%",
            "'",
            "don't",
            "1,240.00",
            "\u{2014}",
        ]
        .map(str::to_string)
        .to_vec()
    }

    proptest::proptest! {
        // More cases than the default: a rule's word joined to a filler ("yesterday's") is a
        // rare draw, and the tagged scan differs from the lookup only there.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Sentences for one word rule at a time, a third each its own words, number words and
        /// fillers, in any case and joined by spaces, hyphens or nothing.
        #[test]
        fn trigger_words_are_necessary(
            rule in 0..trigger::RULES.len(),
            parts in proptest::collection::vec(
                (0..3usize, proptest::prelude::any::<proptest::sample::Index>(), 0..3u8,
                 proptest::sample::select(vec![" ", " ", "", "-", "  ", "\t"])),
                1..16,
            )
        ) {
            let pools = [pattern_words(trigger::RULES[rule].0), number_fragments(), filler_fragments()];
            let sentence: String = parts
                .iter()
                .map(|(pool, pick, case, sep)| {
                    let w = pick.get(&pools[*pool]);
                    let w = match case {
                        0 => w.to_uppercase(),
                        1 => {
                            let mut c = w.chars();
                            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
                        }
                        _ => w.clone(),
                    };
                    [w.as_str(), sep].concat()
                })
                .collect();
            assert_triggers_cover(&sentence)?;
        }
    }

    /// Tags stand in for the lookup of each word, also where words are joined to others and
    /// where numbers are.
    #[test]
    fn tagged_scan_equals_the_lookup() {
        for sentence in [
            "Yesterday\u{2019}s call, twice",
            "it took 3 days' wait",
            "I paid 1,240.00 dollars on the 3rd",
            "don't charge me fifty pounds",
            "the third time THIS week",
            "order #4411 from last month",
        ] {
            let tokens = crate::text::tokenize(sentence, 0);
            let tags = tagged_lexicons().find_into(&tokens, &mut Vec::new());
            let want = triggers().scan(sentence);
            assert_ne!(want, 0, "{sentence:?}");
            assert_eq!(triggers().scan_tokens(sentence, &tokens, Some(tags)), want, "{sentence:?}");
        }
    }

    /// The same on every sentence of the bundled samples.
    #[test]
    fn trigger_words_cover_the_samples() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            for s in crate::text::sentences(&text) {
                assert_triggers_cover(s.slice(&text)).unwrap();
                n += 1;
            }
        }
        assert!(n > 100, "only {n} sentences in samples/");
    }

    fn facts(text: &str) -> Vec<(String, String, String)> {
        let lex = Lexicons::builtin();
        let case = Case::new("t", text);
        let doc = Doc::new(&case, &lex);
        find(&doc).into_iter().filter(|f| f.kind != "event").map(|f| (f.kind.to_string(), f.text, f.value)).collect()
    }

    fn has(text: &str, kind: &str, value: &str) {
        let f = facts(text);
        assert!(f.iter().any(|(k, _, v)| k == kind && v == value), "{kind}={value} not in {f:?}");
    }

    #[test]
    fn amounts_said_in_words() {
        has("Ninety-eight percent of them got it.", "percent", "98%");
        has("Rates went up four and a half percent.", "percent", "4.5%");
        has("Six hundred million people moved.", "quantity", "600 million");
        has("Less than a third of our people can buy a home.", "quantity", "1/3");
        assert!(facts("Millions of people lost out.").is_empty(), "no number, no quantity");
    }

    #[test]
    fn once_is_a_count_only_as_a_frequency() {
        has("I called once and they hung up.", "count", "1");
        for text in [
            "Once again the bill was wrong.",
            "Fix it once and for all.",
            "Once they reply I can pay.",
            "Do it at once.",
        ] {
            assert!(facts(text).is_empty(), "{text}: {:?}", facts(text));
        }
    }

    #[test]
    fn idioms_holding_an_event_word_are_no_events() {
        let lex = Lexicons::builtin();
        for text in
            ["We did it in order to save money.", "It is in the national interest.", "They support the death penalty."]
        {
            let case = Case::new("t", text);
            let doc = Doc::new(&case, &lex);
            assert!(find(&doc).is_empty(), "{text}: {:?}", find(&doc));
        }
        let case = Case::new("t", "I placed an order on Monday.");
        assert!(find(&Doc::new(&case, &lex)).iter().any(|f| f.kind == "event"));
    }

    #[test]
    fn money_in_every_form() {
        has("I was charged $1,240.00 twice.", "money", "1240.00 USD");
        has("They took {$910.00} from my account.", "money", "910.00 USD");
        has("It cost 1240 USD in the end.", "money", "1240.00 USD");
        has("A fee of £35 was added.", "money", "35.00 GBP");
        has("I lost two hundred dollars.", "money", "200.00 USD");
        has("That's €120 for nothing.", "money", "120.00 EUR");
        has("They want USD 1,240 back.", "money", "1240.00 USD");
        has("Der Preis war 1.240,50 € statt 99€.", "money", "1240.50 EUR");
        has("An amount of {$XXXX} was taken.", "money", "unknown USD");
        has("I lost a hundred dollars.", "money", "100.00 USD");
    }

    #[test]
    fn money_reads_as_the_float_formula_did() {
        let float = |int: &str, frac: Option<&str>, mult: f64| {
            let whole: f64 = int.replace(',', "").parse().unwrap();
            let frac: f64 = frac.map_or(0.0, |f| format!(".{f}").parse().unwrap());
            format!("{:.2} USD", (whole + frac) * mult)
        };
        let mut ints: Vec<String> = (0..2000u64).map(|i| (i * i * 7919 % 1_000_003).to_string()).collect();
        ints.extend(
            [
                "1,240",
                "109951162777",
                "1099511627776",
                "98765432109876543210",
                "18446744073709551615",
                "18446744073709551616",
            ]
            .map(String::from),
        );
        let fracs: Vec<String> = (0..100).map(|f| format!("{f:02}")).chain((0..10).map(|f| f.to_string())).collect();
        for int in &ints {
            for frac in fracs.iter().map(|f| Some(f.as_str())).chain([None]) {
                for (scale, mult) in [(None, 1.0), (Some("K"), 1e3), (Some("million"), 1e6)] {
                    assert_eq!(
                        money(int, frac, "$", scale).unwrap(),
                        float(int, frac, mult),
                        "{int} {frac:?} {scale:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn dates_including_redactions() {
        has("On XX/XX/XXXX I called.", "date", "unknown");
        has("On XX/XX/2019 I called.", "date", "2019-XX-XX");
        has("I ordered on 03/14/2026.", "date", "2026-03-14");
        has("I ordered on March 3rd, 2026.", "date", "2026-03-03");
        has("It arrived 3 March.", "date", "XXXX-03-03");
        has("I called last Tuesday.", "date", "relative: last tuesday");
        has("I called three weeks ago.", "date", "relative: three weeks ago");
    }

    #[test]
    fn redacted_numbers_are_not_counts() {
        let f = facts("My account XXXX was closed on XX/XX/XXXX.");
        assert!(f.iter().all(|(k, _, _)| k != "count" && k != "number"), "{f:?}");
    }

    #[test]
    fn times_durations_counts() {
        has("I called at 9:14 a.m. and again at 2pm.", "time", "09:14");
        has("I called at 9:14 a.m. and again at 2pm.", "time", "14:00");
        has("I was on hold for 2 hours.", "duration", "PT2H");
        has("It took three weeks.", "duration", "P3W");
        has("This is the fourth time I call.", "count", "4");
        has("I called 3 times.", "count", "3");
        has("They charged me twice.", "count", "2");
        has("I sent five emails.", "count", "5 emails");
    }

    #[test]
    fn identifiers_and_personal_data() {
        has("My order #A-48213 never came.", "identifier", "A-48213");
        has("Order number 5512345 is late.", "identifier", "5512345");
        has("Call me on (555) 201-3344.", "phone", "5552013344");
        has("Write to jane.doe@example.com please.", "email", "jane.doe@example.com");
        has("The card ending in 4421 was charged.", "identifier", "****4421");
        has("Call me on 555-0147 after five.", "phone", "5550147");
    }

    #[test]
    fn negated_actions_are_failures() {
        let lex = Lexicons::builtin();
        let case = Case::new("t", "I can't log in and the app won't let me reset it. I use it daily.");
        let doc = Doc::new(&case, &lex);
        let failures: Vec<String> =
            find(&doc).into_iter().filter(|f| f.value == "failure").map(|f| f.text.to_lowercase()).collect();
        assert!(failures.contains(&"can't log in".to_string()), "{failures:?}");
        assert!(failures.iter().any(|f| f.starts_with("won't let")), "{failures:?}");
        assert!(find(&doc).iter().all(|f| f.text != "use"), "a plain verb alone is no fact");
    }

    #[test]
    fn not_yet_is_negated_and_a_condition_is_no_failure() {
        let lex = Lexicons::builtin();
        let failures = |text: &str| -> Vec<String> {
            let case = Case::new("t", text);
            let doc = Doc::new(&case, &lex);
            find(&doc).into_iter().filter(|f| f.value == "failure").map(|f| f.text.to_lowercase()).collect()
        };
        assert_eq!(failures("It has still not yet arrived."), ["not yet arrived"]);
        assert_eq!(failures("Someone replied once and never responded after that."), ["never responded"]);
        assert!(failures("How much data does it hold if I am not syncing it?").is_empty());
    }

    #[test]
    fn account_and_card_numbers_are_personal_order_numbers_are_not() {
        let lex = Lexicons::builtin();
        let case = Case::new("t", "My account is NE-5521-0093 and order #A-48213 is late. Call me on 555-0147.");
        let doc = Doc::new(&case, &lex);
        let personal: Vec<(String, bool)> =
            find(&doc).into_iter().filter(|f| f.kind != "event").map(|f| (f.text, f.personal)).collect();
        assert_eq!(
            personal,
            [("NE-5521-0093".to_string(), true), ("A-48213".to_string(), false), ("555-0147".to_string(), true)]
        );
    }

    #[test]
    fn money_is_not_also_a_number() {
        let f = facts("I paid $50.");
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
