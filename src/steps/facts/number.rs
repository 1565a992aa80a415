//! Numbers written as words ("two hundred", "fourth", "twice"), which complaints use as often as
//! digits.

use std::borrow::Cow;

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINALS: &[&str] = &[
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// Regex alternation of the number words this module reads (longest first).
pub const WORDS: &str = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|a couple of|a dozen|dozen";

/// Number words for counting things: no articles ("a charge" is not a count of one).
pub const COUNT_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a couple of|a dozen|dozens of|hundreds of";

/// Regex alternation of ordinal words.
pub const ORDINAL_WORDS: &str = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth";

/// Value of a cardinal written in digits or words: "3", "1,240", "two hundred", "twenty five".
pub fn cardinal(text: &str) -> Option<f64> {
    // Most numbers come in digits or lowercase words: copy the text only to change it.
    let t = text.trim();
    let t =
        if t.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(t.to_ascii_lowercase()) } else { Cow::Borrowed(t) };
    let parsed = if t.contains(',') { t.replace(',', "").parse::<f64>() } else { t.parse::<f64>() };
    if let Ok(v) = parsed {
        return Some(v);
    }
    let mut total: f64 = 0.0;
    let mut current: f64 = 0.0;
    let mut any = false;
    let mut prev = "";
    for w in t.split(|c: char| c.is_whitespace() || c == '-') {
        let before = std::mem::replace(&mut prev, w);
        let prev = before;
        match w {
            "" | "and" | "of" => {}
            "a" | "an" => {
                current += 1.0;
                any = true;
            }
            "couple" => {
                current = 2.0;
                any = true;
            }
            "dozen" => {
                current = current.max(1.0) * 12.0;
                any = true;
            }
            // "four and a half": the article before "half" counted one, which half replaces.
            "half" if matches!(prev, "a" | "an") => {
                current -= 0.5;
                any = true;
            }
            "half" => {
                current += 0.5;
                any = true;
            }
            "hundred" => current = current.max(1.0) * 100.0,
            "thousand" => {
                total += current.max(1.0) * 1000.0;
                current = 0.0;
            }
            "million" => {
                total += current.max(1.0) * 1_000_000.0;
                current = 0.0;
            }
            _ => {
                if let Some(i) = UNITS.iter().position(|u| *u == w) {
                    current += i as f64;
                } else if let Some(i) = TENS.iter().position(|u| !u.is_empty() && *u == w) {
                    current += (i * 10) as f64;
                } else {
                    return None;
                }
                any = true;
            }
        }
    }
    (any || total > 0.0 || current > 0.0).then_some(total + current)
}

/// Value of an ordinal: "fourth", "4th", "21st".
pub fn ordinal(text: &str) -> Option<u32> {
    let t = text.trim().to_ascii_lowercase();
    if let Some(i) = ORDINALS.iter().position(|o| *o == t) {
        return Some(i as u32);
    }
    let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse().ok()
}

/// Counts said as one word.
pub fn multiplicative(text: &str) -> Option<u32> {
    match text.to_ascii_lowercase().as_str() {
        "once" => Some(1),
        "twice" => Some(2),
        "thrice" => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cardinals() {
        assert_eq!(cardinal("1,240"), Some(1240.0));
        assert_eq!(cardinal("two hundred"), Some(200.0));
        assert_eq!(cardinal("twenty five"), Some(25.0));
        assert_eq!(cardinal("a couple of"), Some(2.0));
        assert_eq!(cardinal("an"), Some(1.0));
        assert_eq!(cardinal("three thousand"), Some(3000.0));
        assert_eq!(cardinal("several"), None);
        assert_eq!(cardinal("four and a half"), Some(4.5));
        assert_eq!(cardinal("ninety-eight"), Some(98.0));
    }

    #[test]
    fn ordinals_and_multiplicatives() {
        assert_eq!(ordinal("fourth"), Some(4));
        assert_eq!(ordinal("21st"), Some(21));
        assert_eq!(multiplicative("Twice"), Some(2));
    }
}
