//! Step 5 with evidence: claims checked against the client record and against each other.
//! The dispute step flags how a claim is worded; this one flags what it says:
//!
//! - `record_mismatch`: the claim disagrees with the client record (`--records`). A claim the
//!   record agrees with is `confirmed`; a column the record leaves empty is never a mismatch.
//! - `contradiction`: the case states one thing two incompatible ways (two amounts for the same
//!   charge, delivery before the order, a wait longer than the dates allow), naming both places.
//! - `implausible`: an event dated after the case was received, or before the order or account
//!   it is about existed.
//!
//! Which record column a claim is about is data: record_fields.tsv maps cue words (ordered,
//! charged, called) to columns; the nearest fact of the column's kind in the cue's clause is the
//! claim. Only what the client says is checked (not agent turns, not questions), and the asks
//! are worded for a calm conversation: the record may be the one that is wrong.

use crate::analyze::Doc;
use crate::case::Role;
use crate::lexicon::{LexFile, Origin};
use crate::report::{Confirmed, Dispute, Fact, Kind, Place, Questionable, Sentence};
use crate::steps::facts::date::{Resolved, Ymd, resolve};
use crate::steps::prepare::Context;
use crate::text::Span;
use std::cell::OnceCell;

/// What a claim says, typed for comparison.
#[derive(Debug, Clone, Copy)]
enum Value {
    Date(Resolved),
    Money(f64, CurrencyCode),
    /// `ordinal`: "the fourth time" counts this contact too.
    Count(u32, bool),
    Ident,
    /// A wait, in days.
    Duration(f64),
}

type CurrencyCode = [u8; 3];

/// A fact tied to a record column by a cue.
#[derive(Debug, Clone)]
struct Claim<'a> {
    column: &'a str,
    kind: &'a str,
    fact: usize,
    sentence: usize,
    clause: usize,
    value: Value,
    /// The cue's span: what the claim is tied to.
    cue: Span,
    /// The words just before the fact: "nearly", "over", "about" make it approximate.
    approximate: bool,
    /// The lexicon entry of the cue, for the dispute's source.
    origin: &'a Origin,
}

/// Words that make a second amount, count or date a different event, not a second version of
/// the same one ("charged again", "another $20", "3 more calls").
const ANOTHER: &[&str] = &[
    "again",
    "another",
    "also",
    "too",
    "more",
    "other",
    "second",
    "each",
    "every",
    "per",
    "total",
    "totaling",
    "totalling",
    "totaled",
    "sum",
    "combined",
    "altogether",
    "including",
    "included",
    "plus",
    "minus",
    "left",
    "owed",
    "owe",
    "credit",
    "credited",
    "interest",
    "extra",
    "additional",
    "both",
    "previous",
    "earlier",
    "first",
    "then",
    "now",
    "instead",
    "rather",
    "than",
    "only",
    "remaining",
    "balance",
    "fee",
];

/// Words before a number that make it approximate: never held to the cent or the unit.
const ROUGHLY: &[&str] = &[
    "about",
    "around",
    "approximately",
    "approx",
    "roughly",
    "nearly",
    "almost",
    "over",
    "under",
    "some",
    "close",
    "upwards",
    "least",
    "most",
    "than",
    "to",
    "like",
    "estimated",
    "~",
];

/// Words before a cue that point back at something already named: "the charge", "that payment".
const BACK: &[&str] = &["the", "this", "that", "same"];

/// Words that make a date a plan or a promise rather than something that happened.
const AHEAD: &[&str] = &[
    "will",
    "would",
    "'ll",
    "ll",
    "going",
    "gonna",
    "due",
    "expected",
    "expect",
    "scheduled",
    "promised",
    "promise",
    "supposed",
    "should",
    "by",
    "until",
    "till",
    "before",
    "next",
    "plan",
    "planned",
    "if",
    "unless",
    "hope",
    "hoping",
    "want",
    "need",
    "estimated",
    "eta",
    "deadline",
    "must",
    "can",
    "could",
    "may",
    "might",
    "rebooked",
    "arranged",
    "set",
];

/// Past forms that do not end in -ed.
const IRREGULAR_PAST: &[&str] = &[
    "paid",
    "sent",
    "got",
    "came",
    "told",
    "spoke",
    "made",
    "took",
    "bought",
    "rang",
    "left",
    "went",
    "gave",
    "said",
    "withdrew",
    "withdrawn",
    "put",
    "lost",
    "broke",
    "had",
    "was",
    "were",
];

/// Runs the checks: resolves date facts against the case's date (`Fact::resolved`), appends
/// the disputes found to `disputes` and the sentences concerned, and returns the confirmed
/// claims.
pub fn check(
    doc: &Doc,
    ctx: &Context,
    facts: &mut [Fact],
    sentences: &mut [Sentence],
    disputes: &mut Vec<Dispute>,
) -> Vec<Confirmed> {
    let ranges = resolve_dates(facts, ctx.date);
    // Most sentences name no claim: their clauses are found only when asked for.
    let clauses: Vec<OnceCell<Vec<Span>>> = doc.sentences.iter().map(|_| OnceCell::new()).collect();
    let clauses_of = |si: usize| clauses[si].get_or_init(|| doc.sentences[si].clause_spans());
    let clause_of = |si: usize, at: usize| -> usize {
        clauses_of(si).iter().position(|c| c.start <= at && at < c.end.max(c.start + 1)).unwrap_or(0)
    };
    let fact_idx = crate::steps::BySentence::new(doc.sentences.len(), facts.iter().map(|f| f.sentence));
    let claims = claims(doc, facts, &fact_idx, &ranges, &clause_of);
    let mut found: Vec<Dispute> = Vec::new();
    let mut confirmed = Vec::new();
    let words = |si: usize, clause: usize| clause_words(doc, si, clauses_of(si).get(clause).copied());

    if let Some(record) = &ctx.record {
        for c in &claims {
            let f = &facts[c.fact];
            if let Value::Duration(days) = c.value {
                // A wait cannot be longer than the time since the order or account it is about.
                let (Some(start), Some(case)) = (record.get(c.column).and_then(Ymd::parse_record_date), ctx.date)
                else {
                    continue;
                };
                let bound = (case.days() - start.days()) as f64;
                if bound >= 0.0 && too_long(days, bound) {
                    found.push(dispute(
                        "record_mismatch",
                        f,
                        format!(
                            "Our records show the {} as {start}, {bound} days before this case, and you mention {}; could you tell us when the wait began?",
                            label(c.column),
                            f.text
                        ),
                        format!("rule:record_mismatch ({}, {})", c.origin, record.source),
                        Some((c.column, start.to_string())),
                        None,
                    ));
                }
                continue;
            }
            let Some(rec) = record.get(c.column) else {
                continue;
            };
            // A booked visit or a promised date is a plan, not the record's past event.
            if matches!(c.value, Value::Date(_)) && planned(doc, c.sentence, &words(c.sentence, c.clause), f.start) {
                continue;
            }
            let Some(agrees) = agrees(&c.value, rec, f) else {
                continue;
            };
            let source = format!("rule:record_check ({}, {})", c.origin, record.source);
            if agrees {
                confirmed.push(Confirmed {
                    column: c.column.to_string(),
                    cue: f.text.clone(),
                    start: f.start,
                    end: f.end,
                    sentence: f.sentence,
                    record: rec.to_string(),
                    source,
                });
                continue;
            }
            let what = match c.kind {
                "money" => "could you confirm the amount on your statement or invoice?",
                "date" | "start_date" => "could you check the date on your statement or confirmation?",
                "count" => "could you tell us roughly when the others were, so we can find them?",
                _ => "could you confirm the number you have?",
            };
            let shown = match c.kind {
                "count" => format!("Our records show {rec} {} on file", label(c.column)),
                _ => format!("Our records show {rec} as the {}", label(c.column)),
            };
            found.push(dispute(
                "record_mismatch",
                f,
                format!("{shown}, and you mention {}; {what}", claim_text(f)),
                source.replace("rule:record_check", "rule:record_mismatch"),
                Some((c.column, rec.to_string())),
                None,
            ));
        }
        // An event dated before the order or account it is about existed.
        let starts: Vec<(String, Ymd)> = doc
            .lex
            .of(LexFile::RecordFields)
            .flat_map(|e| e.category.split('|').zip(e.extra("kind").split('|')).collect::<Vec<_>>())
            .filter(|(_, k)| *k == "start_date")
            .filter_map(|(col, _)| record.get(col).and_then(Ymd::parse_record_date).map(|d| (col.to_string(), d)))
            .fold(Vec::new(), |mut v, x| {
                if !v.iter().any(|(c, _): &(String, Ymd)| *c == x.0) {
                    v.push(x);
                }
                v
            });
        for c in claims.iter().filter(|c| c.kind == "date") {
            let Value::Date(r) = c.value else { continue };
            if let Some((col, start)) = starts.iter().find(|(_, s)| r.hi < *s) {
                let f = &facts[c.fact];
                found.push(dispute(
                    "implausible",
                    f,
                    format!(
                        "{} would be before the {} in our records ({start}); could you confirm the date?",
                        claim_text(f),
                        label(col)
                    ),
                    format!("rule:implausible ({}, {})", c.origin, record.source),
                    Some((col, start.to_string())),
                    None,
                ));
            }
        }
    }

    // Contradictions: the same column given two incompatible values in different sentences.
    // Claims are compared only with earlier claims of their own column, the cheap tests first,
    // and with at most CONTRADICTION_REACH of them, so a huge record stays linear.
    let mut per_column: std::collections::BTreeMap<(usize, &str), usize> = std::collections::BTreeMap::new();
    for c in &claims {
        *per_column.entry((c.sentence, c.column)).or_default() += 1;
    }
    let listed = |c: &Claim| per_column.get(&(c.sentence, c.column)).copied().unwrap_or(0) > 1;
    let mut by_column: std::collections::BTreeMap<&str, Vec<usize>> = std::collections::BTreeMap::new();
    for (j, b) in claims.iter().enumerate() {
        let seen = by_column.entry(b.column).or_default();
        let candidates: Vec<usize> = seen.iter().rev().take(CONTRADICTION_REACH).copied().collect();
        seen.push(j);
        if b.approximate || listed(b) {
            continue;
        }
        let earlier = candidates.into_iter().rev().map(|k| &claims[k]).find(|a| {
            a.sentence != b.sentence
                && a.kind != "duration"
                && !a.approximate
                && !listed(a)
                && incompatible(&a.value, &b.value)
                && !is_other_event(&words(a.sentence, a.clause), &words(b.sentence, b.clause))
                && !different_dates(facts, &fact_idx, a.sentence, b.sentence)
                && (a.kind != "money" || same_dates(facts, &fact_idx, a.sentence, b.sentence) || points_back(doc, b))
        });
        if let Some(a) = earlier {
            let (fa, fb) = (&facts[a.fact], &facts[b.fact]);
            found.push(dispute(
                "contradiction",
                fb,
                format!(
                    "You mention {} here and {} earlier for the {}; could you confirm which one is right?",
                    claim_text(fb),
                    claim_text(fa),
                    label(b.column)
                ),
                format!("rule:contradiction ({}, {})", a.origin, b.origin),
                None,
                Some(fa),
            ));
        }
    }
    // Events in the wrong order: something dated before the order or account it is about.
    for b in claims.iter().filter(|c| c.kind == "date") {
        let Value::Date(rb) = b.value else { continue };
        let start =
            claims.iter().find(|a| a.kind == "start_date" && matches!(a.value, Value::Date(ra) if rb.hi < ra.lo));
        if let Some(a) = start {
            let (fa, fb) = (&facts[a.fact], &facts[b.fact]);
            found.push(dispute(
                "contradiction",
                fb,
                format!(
                    "The {} ({}) comes before the {} ({}); could you confirm both dates?",
                    label(b.column),
                    claim_text(fb),
                    label(a.column),
                    claim_text(fa)
                ),
                format!("rule:contradiction ({}, {})", a.origin, b.origin),
                None,
                Some(fa),
            ));
        }
    }
    // A wait longer than the dates given allow ("three months" when they say eleven days).
    let latest = ranges.iter().flatten().filter(|r| !r.future).map(|r| r.hi).max();
    for b in &claims {
        let Value::Duration(days) = b.value else { continue };
        if ctx.record.as_ref().is_some_and(|r| r.get(b.column).is_some()) {
            continue;
        }
        let start = claims.iter().find(|a| a.column == b.column && a.kind == "start_date");
        let (Some(a), Some(end)) = (start, ctx.date.or(latest)) else { continue };
        let Value::Date(ra) = a.value else { continue };
        let bound = (end.days() - ra.lo.days()) as f64;
        if bound >= 0.0 && too_long(days, bound) {
            let (fa, fb) = (&facts[a.fact], &facts[b.fact]);
            found.push(dispute(
                "contradiction",
                fb,
                format!(
                    "You mention {}, but the dates given ({} to {end}) come to {bound} days; could you confirm when it started?",
                    fb.text,
                    claim_text(fa)
                ),
                format!("rule:contradiction ({}, {})", a.origin, b.origin),
                None,
                Some(fa),
            ));
        }
    }
    // An event dated after the case was received.
    if let Some(case) = ctx.date {
        for (f, r) in facts.iter().zip(&ranges) {
            let Some(r) = r else { continue };
            if r.future || r.lo.days() <= case.days() + 1 || !checked_sentence(doc, f.sentence) {
                continue;
            }
            let clause = clause_of(f.sentence, f.start);
            let w = words(f.sentence, clause);
            let past = w.iter().any(|x| x.ends_with("ed") || IRREGULAR_PAST.contains(&x.as_str()));
            if !past || planned(doc, f.sentence, &w, f.start) {
                continue;
            }
            found.push(dispute(
                "implausible",
                f,
                format!(
                    "{} would be after this case was received ({case}); could you confirm the date?",
                    claim_text(f)
                ),
                "rule:implausible (case date)".into(),
                None,
                None,
            ));
        }
    }

    found.sort_by_key(|d| (d.start, d.end, d.reason));
    found.dedup_by(|a, b| (a.start, a.end, a.reason) == (b.start, b.end, b.reason));
    for d in found {
        let s = &mut sentences[d.sentence];
        if matches!(s.kind, Kind::Fact | Kind::Mixed) {
            s.questionable.push(Questionable {
                reason: d.reason,
                cue: d.cue.clone(),
                start: d.start,
                end: d.end,
                ask: d.ask.clone(),
                source: d.source.clone(),
            });
        }
        disputes.push(d);
    }
    // The wording disputes came in sentence order; keep it, each sentence's new ones last.
    disputes.sort_by_key(|d| d.sentence);
    confirmed
}

fn dispute(
    reason: &'static str,
    f: &Fact,
    ask: String,
    source: String,
    record: Option<(&str, String)>,
    other: Option<&Fact>,
) -> Dispute {
    Dispute {
        reason,
        cue: f.text.clone(),
        start: f.start,
        end: f.end,
        sentence: f.sentence,
        ask,
        source,
        column: record.as_ref().map(|(c, _)| c.to_string()),
        record: record.map(|(_, v)| v),
        other: other.map(|o| Place { cue: o.text.clone(), start: o.start, end: o.end, sentence: o.sentence }),
    }
}

/// "amount_charged" -> "amount charged".
fn label(column: &str) -> String {
    column.replace('_', " ")
}

/// A fact as the client wrote it, with the day it was read as when that is not plain.
fn claim_text(f: &Fact) -> String {
    match &f.resolved {
        Some(r) if f.kind == "date" && *r != f.text => format!("{} (read as {r})", f.text),
        _ => f.text.clone(),
    }
}

/// A wait longer than the time available, beyond what loose wording explains.
fn too_long(days: f64, bound: f64) -> bool {
    days > bound + (bound / 2.0).max(7.0)
}

/// Reads every date fact against the case's date; the ranges, fact by fact, for the checks.
fn resolve_dates(facts: &mut [Fact], case: Option<Ymd>) -> Vec<Option<Resolved>> {
    let mut out = vec![None; facts.len()];
    for (i, f) in facts.iter_mut().enumerate().filter(|(_, f)| f.kind == "date") {
        let absolute = !f.value.starts_with("XXXX") && !f.value.starts_with("relative:");
        // Absolute dates need no case date; partial and relative ones do.
        let r = match case {
            Some(c) => resolve(&f.value, c),
            None if absolute => Ymd::new(1970, 1, 1).and_then(|c| resolve(&f.value, c)),
            None => None,
        };
        out[i] = r;
        f.resolved = r.map(|r| r.text()).filter(|t| *t != f.value);
    }
    out
}

/// Whether the client's words in sentence `si` are checked: not an agent's, not a question.
fn checked_sentence(doc: &Doc, si: usize) -> bool {
    let s = &doc.sentences[si];
    !s.question && s.speaker != Some(Role::Agent)
}

/// The normalised words of a clause.
fn clause_words(doc: &Doc, si: usize, clause: Option<Span>) -> Vec<String> {
    let s = &doc.sentences[si];
    let span = clause.unwrap_or(s.span);
    (0..s.tokens.len())
        .filter(|&i| span.contains(s.tokens.list[i].span))
        .map(|i| s.tokens.norm(i).to_ascii_lowercase())
        .collect()
}

/// How many earlier claims of the same column a claim is compared with. Several claims of one
/// column in one sentence are a list of events ("I paid $40, $50 and $60"), not one value to
/// hold against another: see `listed` in `check`.
const CONTRADICTION_REACH: usize = 32;

/// Amounts differ between charges all the time; two amounts are for the same charge only
/// when both sentences give it the same date, or the later one names it again ("the charge").
fn same_dates(facts: &[Fact], idx: &crate::steps::BySentence, a: usize, b: usize) -> bool {
    let dates = |s: usize| {
        facts[idx.range(s)]
            .iter()
            .filter(|f| f.kind == "date")
            // The day as read against the case date; redacted days say nothing about sameness.
            .map(|f| f.resolved.as_deref().unwrap_or(&f.value))
            .filter(|v| !v.contains('X') && *v != "unknown")
            .collect::<Vec<_>>()
    };
    let db = dates(b);
    dates(a).iter().any(|x| db.contains(x))
}

fn points_back(doc: &Doc, c: &Claim) -> bool {
    let s = &doc.sentences[c.sentence];
    let Some(i) = s.tokens.list.iter().position(|t| t.span.start == c.cue.start) else {
        return false;
    };
    i > 0 && BACK.contains(&s.tokens.norm(i - 1).to_ascii_lowercase().as_str())
}

/// Whether one of the two words before byte `at` of sentence `si` makes a number approximate.
fn approximate(doc: &Doc, si: usize, at: usize) -> bool {
    let s = &doc.sentences[si];
    let before: Vec<usize> = (0..s.tokens.len()).filter(|&i| s.tokens.list[i].span.end <= at).collect();
    before.iter().rev().take(2).any(|&i| ROUGHLY.contains(&s.tokens.norm(i).to_ascii_lowercase().as_str()))
}

/// Whether the date at byte `at` is a plan: its clause looks ahead ("will", "promised",
/// "rebooked"), or the word before it does ("booked for 2 April", "by Friday").
fn planned(doc: &Doc, si: usize, clause_words: &[String], at: usize) -> bool {
    if clause_words.iter().any(|x| AHEAD.contains(&x.as_str())) {
        return true;
    }
    let s = &doc.sentences[si];
    let before = (0..s.tokens.len()).rev().find(|&i| s.tokens.list[i].span.end <= at);
    before.is_some_and(|i| matches!(s.tokens.norm(i).to_ascii_lowercase().as_str(), "for" | "by" | "until" | "till"))
}

fn is_other_event(a: &[String], b: &[String]) -> bool {
    a.iter().chain(b).any(|w| ANOTHER.contains(&w.as_str()))
}

/// Two sentences about differently dated events ("in January ... in February"): their amounts
/// and counts may differ without contradicting each other.
fn different_dates(facts: &[Fact], idx: &crate::steps::BySentence, a: usize, b: usize) -> bool {
    let dates = |s: usize| {
        facts[idx.range(s)].iter().filter(|f| f.kind == "date").map(|f| f.value.as_str()).collect::<Vec<_>>()
    };
    let (da, db) = (dates(a), dates(b));
    !da.is_empty() && !db.is_empty() && !da.iter().any(|x| db.contains(x))
}

fn incompatible(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Date(x), Value::Date(y)) => x.hi < y.lo || y.hi < x.lo,
        (Value::Money(x, cx), Value::Money(y, cy)) => cx == cy && (x - y).abs() >= 0.005,
        (Value::Count(x, false), Value::Count(y, false)) => x != y,
        // "I called 3 times ... this is the fourth time": three before, and this one.
        (Value::Count(n, false), Value::Count(m, true)) | (Value::Count(m, true), Value::Count(n, false)) => {
            *m != *n && *m != n + 1
        }
        _ => false,
    }
}

/// Whether the record's value agrees with the claim; None when they cannot be compared.
fn agrees(claim: &Value, rec: &str, f: &Fact) -> Option<bool> {
    match claim {
        Value::Date(r) => Ymd::parse_record_date(rec).map(|d| r.contains(d)),
        Value::Money(v, code) => {
            let rec_code = currency_of(rec);
            if rec_code.is_some_and(|c| c != *code) {
                return None;
            }
            crate::records::parse_amount(rec).map(|x| (x - v).abs() < 0.005)
        }
        Value::Count(n, ordinal) => {
            let x: u32 = rec.trim().parse().ok()?;
            // "The fourth time" is this contact: the record may hold three before it, or four.
            Some(x == *n || (*ordinal && x + 1 == *n))
        }
        Value::Ident => {
            let norm =
                |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
            let (c, r) = (norm(&f.value), norm(rec));
            if c.is_empty() || r.is_empty() {
                return None;
            }
            // "ending in 4421" gives only the last digits.
            Some(if f.value.starts_with('*') { r.ends_with(&c) } else { c == r })
        }
        Value::Duration(_) => None,
    }
}

fn currency_of(text: &str) -> Option<CurrencyCode> {
    let t = text.to_ascii_uppercase();
    let code: &[u8; 3] = if t.contains('$') || t.contains("USD") {
        b"USD"
    } else if t.contains('£') || t.contains("GBP") {
        b"GBP"
    } else if t.contains('€') || t.contains("EUR") {
        b"EUR"
    } else {
        return None;
    };
    Some(*code)
}

/// The claims of the case: each record-field cue with the nearest fact of its column's kind in
/// the same clause, nearest pairs first, each cue column and each fact used once.
fn claims<'a>(
    doc: &Doc<'a>,
    facts: &[Fact],
    fact_idx: &crate::steps::BySentence,
    ranges: &[Option<Resolved>],
    clause_of: &dyn Fn(usize, usize) -> usize,
) -> Vec<Claim<'a>> {
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        if !checked_sentence(doc, si) {
            continue;
        }
        // (distance, cue start, fact start, column slot, fact index)
        let mut pairs: Vec<(usize, usize, usize, usize, usize, usize)> = Vec::new();
        let mut slots: Vec<(&str, &str, &Origin, Span)> = Vec::new();
        for m in s.matches.iter().filter(|m| m.file == LexFile::RecordFields) {
            let e = doc.lex.entry(m.entry);
            let cue = doc.match_span(si, m);
            let cue_clause = clause_of(si, cue.start);
            for (column, kind) in e.category.split('|').zip(e.extra("kind").split('|')) {
                let slot = slots.len();
                slots.push((column, kind, &e.origin, cue));
                for fi in fact_idx.range(si) {
                    let f = &facts[fi];
                    if !fits(kind, f) || clause_of(si, f.start) != cue_clause {
                        continue;
                    }
                    let dist = distance(cue, f);
                    pairs.push((dist, cue.start, f.start, slot, fi, cue_clause));
                }
            }
        }
        if pairs.is_empty() {
            continue;
        }
        // A fact nearer to another event of the clause ("cancelled ... on XX/XX/2023 and still
        // get billed") is that event's, not the cue's.
        let events: Vec<Span> = s
            .matches
            .iter()
            .filter(|m| m.file == LexFile::Events && doc.lex.entry(m.entry).category != "not_event")
            .map(|m| doc.match_span(si, m))
            .filter(|e| {
                !s.matches.iter().any(|m| m.file == LexFile::RecordFields && doc.match_span(si, m).overlaps(*e))
            })
            .collect();
        pairs.retain(|&(dist, _, _, _, fi, clause)| {
            let f = &facts[fi];
            !events.iter().any(|e| clause_of(si, e.start) == clause && distance(*e, f) < dist)
        });
        pairs.sort_unstable();
        let mut slot_used = vec![false; slots.len()];
        let mut fact_used: Vec<usize> = Vec::new();
        for (_, _, _, slot, fi, clause) in pairs {
            if slot_used[slot] || fact_used.contains(&fi) {
                continue;
            }
            let (column, kind, origin, cue) = &slots[slot];
            let Some(value) = value_of(kind, &facts[fi], ranges[fi]) else {
                continue;
            };
            slot_used[slot] = true;
            fact_used.push(fi);
            out.push(Claim {
                column,
                kind,
                fact: fi,
                sentence: si,
                clause,
                value,
                cue: *cue,
                approximate: approximate(doc, si, facts[fi].start),
                origin,
            });
        }
    }
    out.sort_by_key(|c| facts[c.fact].start);
    out
}

/// How far a fact is from a cue, in bytes; a fact before its cue counts double, since claims
/// mostly name the thing first and its value after ("charged $40", "ordered on March 3").
fn distance(cue: Span, f: &Fact) -> usize {
    if f.end <= cue.start { (cue.start - f.end) * 2 + 1 } else { f.start.saturating_sub(cue.end) }
}

/// Whether a fact can state a value of a column kind.
fn fits(kind: &str, f: &Fact) -> bool {
    match kind {
        "date" | "start_date" => f.kind == "date",
        "money" => f.kind == "money",
        "count" => f.kind == "count",
        "identifier" => matches!(f.kind, "identifier" | "phone" | "email"),
        "duration" => f.kind == "duration",
        _ => false,
    }
}

fn value_of(kind: &str, f: &Fact, range: Option<Resolved>) -> Option<Value> {
    match kind {
        "date" | "start_date" => range.map(Value::Date),
        "money" => {
            let (amount, code) = f.value.split_once(' ')?;
            let code: CurrencyCode = code.as_bytes().try_into().ok()?;
            Some(Value::Money(amount.parse().ok()?, code))
        }
        "count" => {
            let n = f.value.split_whitespace().next()?.parse().ok()?;
            Some(Value::Count(n, f.source == "rule:count_nth_time"))
        }
        "identifier" => Some(Value::Ident),
        "duration" => {
            // Calendar durations only: P3W, P2M. Hours on hold are another matter.
            let body = f.value.strip_prefix('P').filter(|b| !b.starts_with('T'))?;
            let (n, unit) = body.split_at(body.len().checked_sub(1)?);
            let per = match unit {
                "D" => 1.0,
                "W" => 7.0,
                "M" => 30.44,
                "Y" => 365.25,
                _ => return None,
            };
            Some(Value::Duration(n.parse::<f64>().ok()? * per))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;
    use crate::case::Case;
    use crate::lexicon::Lexicons;
    use crate::records::Record;
    use crate::report::Report;
    use crate::steps::facts::date::Ymd;
    use crate::steps::prepare::Context;
    use std::sync::{Arc, OnceLock};

    fn analyzer() -> &'static Analyzer {
        static A: OnceLock<Analyzer> = OnceLock::new();
        A.get_or_init(|| Analyzer::new(Lexicons::builtin()))
    }

    fn run(text: &str, date: Option<&str>, record: &[(&str, &str)]) -> Report {
        let ctx = Context {
            date: date.and_then(Ymd::parse_record_date),
            record: (!record.is_empty()).then(|| {
                Arc::new(Record {
                    key: "T-1".into(),
                    source: "records.csv:2".into(),
                    fields: record.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                })
            }),
            ..Context::default()
        };
        analyzer().analyze(&Case::new("T-1", text), &ctx)
    }

    /// The disputes this step raises, as (reason, cue).
    fn checks(r: &Report) -> Vec<(&'static str, String)> {
        r.disputes
            .iter()
            .filter(|d| matches!(d.reason, "record_mismatch" | "contradiction" | "implausible"))
            .map(|d| (d.reason, d.cue.clone()))
            .collect()
    }

    fn one(r: &Report, reason: &str) -> crate::report::Dispute {
        let found: Vec<_> = r.disputes.iter().filter(|d| d.reason == reason).collect();
        assert_eq!(found.len(), 1, "{:#?}", r.disputes);
        found[0].clone()
    }

    #[test]
    fn an_amount_the_record_disagrees_with_is_a_record_mismatch() {
        let r = run(
            "You charged me $520.00 on 3 March for the repair.",
            Some("2026-03-12"),
            &[("amount_charged", "480.00")],
        );
        let d = one(&r, "record_mismatch");
        assert_eq!(
            (d.cue.as_str(), d.column.as_deref(), d.record.as_deref()),
            ("$520.00", Some("amount_charged"), Some("480.00"))
        );
        assert!(d.ask.starts_with("Our records show 480.00 as the amount charged"), "{}", d.ask);
        assert!(d.ask.contains("could you confirm the amount on your statement"), "{}", d.ask);
        assert!(d.source.contains("lexicons/record_fields.tsv:") && d.source.contains("records.csv:2"), "{}", d.source);
        let s = &r.sentences[d.sentence];
        assert!(s.questionable.iter().any(|q| q.reason == "record_mismatch"), "{s:?}");
    }

    #[test]
    fn claims_the_record_agrees_with_are_confirmed_not_disputed() {
        let text = "I ordered the lamp on March 3. It was delivered on March 12. You charged me {$149.99}. \
                    I have called 3 times. My order #A-48213 is still open.";
        let record = [
            ("order_date", "2026-03-03"),
            ("delivery_date", "03/12/2026"),
            ("amount_charged", "$149.99"),
            ("contacts", "3"),
            ("order_id", "A-48213"),
        ];
        let r = run(text, Some("2026-03-14"), &record);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let mut columns: Vec<&str> = r.confirmed.iter().map(|c| c.column.as_str()).collect();
        columns.sort();
        assert_eq!(columns, ["amount_charged", "contacts", "delivery_date", "order_date", "order_id"]);
    }

    #[test]
    fn each_kind_of_record_column_can_disagree() {
        let text = "I ordered the lamp on March 3. It was delivered on March 12. I have called 5 times. \
                    My order #A-48213 is still open.";
        let record =
            [("order_date", "2026-03-01"), ("delivery_date", "2026-03-10"), ("contacts", "2"), ("order_id", "A-48299")];
        let r = run(text, Some("2026-03-14"), &record);
        let mut columns: Vec<String> =
            r.disputes.iter().filter(|d| d.reason == "record_mismatch").filter_map(|d| d.column.clone()).collect();
        columns.sort();
        assert_eq!(columns, ["contacts", "delivery_date", "order_date", "order_id"], "{:#?}", r.disputes);
    }

    #[test]
    fn a_missing_record_field_is_never_a_mismatch() {
        let r =
            run("You charged me $520.00 and I called 4 times.", Some("2026-03-12"), &[("order_date", "2026-03-01")]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let r = run("You charged me $520.00 and I called 4 times.", Some("2026-03-12"), &[]);
        assert!(checks(&r).is_empty() && r.confirmed.is_empty());
    }

    #[test]
    fn the_fourth_time_may_count_this_contact() {
        let r = run("This is the fourth time I have contacted you.", Some("2026-03-12"), &[("contacts", "3")]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        assert_eq!(r.confirmed.len(), 1);
        let r = run("This is the fourth time I have contacted you.", Some("2026-03-12"), &[("contacts", "1")]);
        assert_eq!(one(&r, "record_mismatch").cue, "the fourth time");
    }

    #[test]
    fn card_endings_match_the_last_digits() {
        let r = run("The account ending in 4421 was charged.", None, &[("account_number", "9900 1234 5678 4421")]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        assert_eq!(r.confirmed.len(), 1, "{:#?}", r.facts);
    }

    #[test]
    fn relative_dates_are_checked_on_their_whole_range() {
        // 2026-03-12 is a Thursday: "last Tuesday" is March 3 or March 10.
        let r = run("I was charged last Tuesday.", Some("2026-03-12"), &[("charge_date", "2026-03-10")]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let date = r.facts.iter().find(|f| f.kind == "date").unwrap();
        assert_eq!(date.resolved.as_deref(), Some("2026-03-03/2026-03-10"));
        let r = run("I was charged last Tuesday.", Some("2026-03-12"), &[("charge_date", "2026-02-20")]);
        let d = one(&r, "record_mismatch");
        assert!(d.ask.contains("last Tuesday (read as 2026-03-03/2026-03-10)"), "{}", d.ask);
        let r = run("The parcel arrived three weeks ago.", Some("2026-03-12"), &[("delivery_date", "2026-02-20")]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let r = run("It was delivered on the 3rd.", Some("2026-03-12"), &[("delivery_date", "2026-03-03")]);
        assert_eq!(r.confirmed.len(), 1, "{:#?}", r.facts);
    }

    #[test]
    fn a_date_belongs_to_the_nearest_event_not_to_any_cue() {
        let r = run(
            "I cancelled the membership by phone on 2023-05-02 and I still get billed $19.99 every month.",
            Some("2026-03-03"),
            &[("charge_date", "2026-02-14"), ("amount_charged", "19.99")],
        );
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        assert_eq!(r.confirmed.len(), 1);
    }

    #[test]
    fn two_amounts_for_the_same_charge_contradict() {
        let r = run(
            "On March 3 you charged me $480.00 for the repair. My statement shows the charge as $520.00.",
            None,
            &[],
        );
        let d = one(&r, "contradiction");
        assert_eq!(d.cue, "$520.00");
        let other = d.other.unwrap();
        assert_eq!(other.cue, "$480.00");
        assert!(d.ask.contains("$520.00 here and $480.00 earlier"), "{}", d.ask);
    }

    #[test]
    fn different_charges_and_rough_amounts_do_not_contradict() {
        for text in [
            "You charged me $480.00 for the repair. Then I was charged $520.00 for the parts.",
            "You charged me $480.00 for the repair. Nobody explained why I was charged $520.00.",
            "You charged nearly $500.00 in fees. I was charged nearly $1000.00 in fees after that.",
            "I paid off all accounts (totaling $29000.00). On one I paid $4300.00, on another I paid $5000.00.",
            "I paid $40.00 on March 3. I paid $60.00 on April 3.",
        ] {
            let r = run(text, None, &[]);
            assert!(checks(&r).is_empty(), "{text}: {:#?}", r.disputes);
        }
    }

    #[test]
    fn two_counts_for_the_same_calls_contradict() {
        let r = run("I called 3 times last week. When I called 5 times nobody answered.", None, &[]);
        assert_eq!(one(&r, "contradiction").cue, "5 times");
        let r = run("I called 3 times. This is the fourth time I have called.", None, &[]);
        assert!(checks(&r).is_empty(), "three calls and this one: {:#?}", r.disputes);
        let r = run("I called 3 times in March. I called 2 more times in April.", None, &[]);
        assert!(checks(&r).is_empty(), "more calls are other calls: {:#?}", r.disputes);
    }

    #[test]
    fn delivery_before_the_order_contradicts() {
        let r = run("I ordered it on March 10. It was delivered on March 4.", Some("2026-03-20"), &[]);
        let d = one(&r, "contradiction");
        assert_eq!((d.cue.as_str(), d.other.unwrap().cue.as_str()), ("March 4", "March 10"));
        assert!(d.ask.contains("delivery date") && d.ask.contains("order date"), "{}", d.ask);
    }

    #[test]
    fn a_wait_longer_than_the_dates_allow_contradicts() {
        let r = run("I ordered on March 3. I have been waiting three months.", Some("2026-03-14"), &[]);
        let d = one(&r, "contradiction");
        assert_eq!(d.cue, "three months");
        assert!(d.ask.contains("come to 11 days"), "{}", d.ask);
        let r = run("I ordered on March 3. I have been waiting two weeks.", Some("2026-03-14"), &[]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let r = run("I have been waiting three months.", Some("2026-03-14"), &[("order_date", "2026-03-03")]);
        let d = one(&r, "record_mismatch");
        assert_eq!(d.column.as_deref(), Some("order_date"));
    }

    #[test]
    fn events_after_the_case_date_are_implausible_but_plans_are_not() {
        let r = run("I was charged on 2026-04-02.", Some("2026-03-14"), &[]);
        assert_eq!(one(&r, "implausible").cue, "2026-04-02");
        let r =
            run("The engineer is booked for 2026-04-02. You promised delivery on April 2.", Some("2026-03-14"), &[]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let r = run("If it isn't fixed by next Friday I will cancel.", Some("2026-03-14"), &[]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
    }

    #[test]
    fn events_before_the_order_existed_are_implausible() {
        let r = run("It was delivered on March 1.", Some("2026-03-14"), &[("order_date", "2026-03-05")]);
        let d = one(&r, "implausible");
        assert_eq!((d.column.as_deref(), d.record.as_deref()), (Some("order_date"), Some("2026-03-05")));
    }

    #[test]
    fn redacted_values_are_never_compared() {
        let r = run(
            "On XX/XX/XXXX I was charged {$XXXX}. On XX/XX/2019 they charged me {$910.00}.",
            Some("2026-03-14"),
            &[("amount_charged", "910.00"), ("charge_date", "2019-06-01")],
        );
        // The year survives redaction and agrees; the unknown day and amount are not compared.
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let confirmed: Vec<&str> = r.confirmed.iter().map(|c| c.cue.as_str()).collect();
        assert_eq!(confirmed, ["XX/XX/2019", "{$910.00}"]);
    }

    #[test]
    fn agent_turns_and_questions_are_not_checked() {
        let r = run("Did you charge me $520.00?", None, &[("amount_charged", "480.00")]);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
        let mut case = Case::new("T-1", "Agent: I see you were charged $520.00 here.\nCustomer: ok");
        case.turns = vec![
            crate::case::Turn {
                speaker: "Agent".into(),
                role: crate::case::Role::Agent,
                time: None,
                span: crate::text::Span::new(7, 43),
            },
            crate::case::Turn {
                speaker: "Customer".into(),
                role: crate::case::Role::Customer,
                time: None,
                span: crate::text::Span::new(54, 56),
            },
        ];
        let ctx = Context {
            record: Some(Arc::new(Record {
                key: "T-1".into(),
                source: "r:2".into(),
                fields: vec![("amount_charged".into(), "480.00".into())],
            })),
            ..Context::default()
        };
        let r = analyzer().analyze(&case, &ctx);
        assert!(checks(&r).is_empty(), "{:#?}", r.disputes);
    }
}
