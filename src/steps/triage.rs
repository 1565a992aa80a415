//! Step 8's queue position: is this a complaint at all, and how urgently should a person read it.
//! Priority adds up named contributions, each becoming a reason a reviewer can read; the weights
//! are the whole model, stated here:
//!
//! | signal | points |
//! |---|---|
//! | negative sentiment (0..1) | up to 30 |
//! | strongest anger or fear (0..1) | up to 20 |
//! | threats: legal or regulator 25, chargeback 20, switch, cancel or public 15, escalate 10 | up to 35 |
//! | money at stake (log scale, $10 -> 3, $10,000 -> 12) | up to 12 |
//! | repeated contacts or waiting ("the fourth time", "3 weeks") | up to 10 |
//! | an accusation (fraud, illegal) | 8 |
//! | shouting or several "!" | 5 |
//! | earlier cases of the same client in the batch | 5 each, up to 10 |
//! | a complaint, by the strength of its evidence (0..1) | up to 40 |
//!
//! Whether a text is a complaint at all: it expresses a breach of expectation toward a company
//! or product — something failed, is wrong, was promised and not done, or should change — not
//! just a bad mood, a question or thanks. The evidence adds up to `complaint_score`, and the
//! text is a complaint from `COMPLAINT_FLOOR` (0.3):
//!
//! | evidence | points |
//! |---|---|
//! | negative sentiment (0..1), when something points at a company or product | x 1.2 (else x 0.3) |
//! | positive sentiment (0..1), unless irony says otherwise | x -0.8 |
//! | a stated failure ("never arrived", "can't log in", "servers are down") | 0.45 |
//! | the leading issue family's strength (0..1); alone, with nothing else wrong | x 0.45 (x 0.25) |
//! | an expectation cue (expectations.tsv: "why ...", "still", "was supposed to", "bring back"; praise or thanks read as sarcasm), in a text written to someone or aimed at a company | x 0.5 its weight |
//! | a threat to leave or escalate; a bare mention ("news", "court") with nothing else wrong | 0.6 (0.25) |
//! | a remedy asked for | 0.25 |
//! | a negative feeling word, when something points at a company | 0.15 |
//! | an accusation (fraud, illegal) | 0.3 |
//! | only questions or neutral remarks, nothing negative, no expectation cue | -0.35 |
//!
//! A slip the writer owns ("I accidentally ordered", "forgot my") cancels the failures and issue
//! words of the text and makes its bad mood untargeted, unless an expectation cue blames the
//! company too. What points at a company or product: a failure, an issue, a threat, a remedy, an amount, an
//! identifier, a checkable event, or a customer-service account written to (@AmazonHelp).

use std::fmt::Write;

use crate::analyze::Doc;
use crate::report::{Dispute, EmotionScore, Fact, Priority, Sentence};
use crate::steps::feelings::Feelings;
use crate::steps::issues::About;
use crate::steps::prepare::Context;

pub struct Input<'a> {
    pub doc: &'a Doc<'a>,
    pub facts: &'a [Fact],
    pub feelings: &'a Feelings,
    pub emotions: &'a [EmotionScore],
    pub about: &'a About,
    pub disputes: &'a [Dispute],
    pub sentences: &'a [Sentence],
    pub ctx: &'a Context,
}

pub struct Triage {
    pub complaint: bool,
    /// The evidence for a complaint, summed; `complaint` is `complaint_score >= COMPLAINT_FLOOR`.
    pub complaint_score: f32,
    pub priority: Priority,
}

/// Points for being a complaint at all, scaled by how clear the complaint is.
const COMPLAINT_POINTS: f32 = 40.0;

pub fn level(score: u8) -> &'static str {
    match score {
        75.. => "urgent",
        55..=74 => "high",
        30..=54 => "medium",
        _ => "low",
    }
}

pub fn assess(i: &Input) -> Triage {
    let complaint_score = complaint_score(i);
    let complaint = complaint_score >= COMPLAINT_FLOOR;
    let mut points: Vec<(f32, String)> = Vec::new();
    let neg = (-i.feelings.case_sentiment).max(0.0);
    if complaint {
        let p = COMPLAINT_POINTS * complaint_score.min(1.0);
        let mut reason = String::with_capacity(40);
        reason.push_str("a complaint (evidence ");
        push_hundredths(&mut reason, complaint_score);
        reason.push(')');
        points.push((p, reason));
    }
    if neg > 0.05 {
        let mut reason = String::with_capacity(24);
        reason.push_str("negative tone (");
        push_hundredths(&mut reason, -neg);
        reason.push(')');
        points.push((30.0 * neg, reason));
    }
    if let Some(e) = i
        .emotions
        .iter()
        .filter(|e| e.family == "anger" || e.family == "fear")
        .max_by(|a, b| a.intensity.total_cmp(&b.intensity))
    {
        let mut reason = [e.emotion.as_str(), " (", &e.family, ", "].concat();
        push_hundredths(&mut reason, e.intensity);
        reason.push(')');
        points.push((20.0 * e.intensity, reason));
    }
    let mut threat_pts = 0.0;
    let mut seen: Vec<&str> = Vec::new();
    for t in &i.about.threats {
        if seen.contains(&t.kind.as_str()) {
            continue;
        }
        seen.push(&t.kind);
        let p = match t.kind.as_str() {
            "legal" | "regulator" => 25.0,
            "chargeback" => 20.0,
            "switch" | "cancel" | "public" => 15.0,
            _ => 10.0,
        };
        threat_pts += p;
        points.push((p, if t.label.is_empty() { format!("threat: {}", t.text) } else { t.label.clone() }));
    }
    if threat_pts > 35.0 {
        points.push((35.0 - threat_pts, "threats capped at 35".into()));
    }
    let max_money = i
        .facts
        .iter()
        .filter(|f| f.kind == "money")
        .filter_map(|f| f.value.split(' ').next()?.parse::<f64>().ok())
        .fold(0.0f64, f64::max);
    if max_money >= 1.0 {
        let p = (3.0 * max_money.log10()).clamp(0.0, 12.0) as f32;
        let shown = i.facts.iter().find(|f| f.kind == "money" && f.value.starts_with(&format!("{max_money:.2}")));
        points.push((p, format!("money at stake: {}", shown.map_or(format!("{max_money:.2}"), |f| f.text.clone()))));
    }
    let repeats = i
        .facts
        .iter()
        .filter(|f| f.kind == "count")
        .filter_map(|f| f.value.split(' ').next()?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let long_wait = i.facts.iter().any(|f| {
        f.kind == "duration"
            && (f.value.ends_with('W')
                || f.value.ends_with('Y')
                || (f.value.starts_with('P') && !f.value.starts_with("PT") && f.value.ends_with('M')))
    });
    if repeats >= 2 || long_wait {
        let p = (if repeats >= 3 {
            7.0
        } else if repeats == 2 {
            4.0
        } else {
            0.0
        }) + if long_wait { 3.0 } else { 0.0 };
        points.push((
            p,
            if repeats >= 2 { format!("repeated contact or event ({repeats} times)") } else { "long wait".into() },
        ));
    }
    if i.disputes.iter().any(|d| d.reason == "unsupported") {
        points.push((8.0, "serious accusation".into()));
    }
    if i.feelings.expressive.iter().filter(|&&x| x).count() >= 1 && neg > 0.05 {
        points.push((5.0, "shouting or exclamation".into()));
    }
    let earlier = i.ctx.report.earlier_cases.len();
    if earlier > 0 {
        points.push(((5 * earlier).min(10) as f32, format!("{earlier} earlier case(s) from this client")));
    }
    let total: f32 = points.iter().map(|p| p.0).sum();
    let score = total.round().clamp(0.0, 100.0) as u8;
    points.sort_by(|a, b| b.0.total_cmp(&a.0));
    let reasons = points
        .into_iter()
        .filter(|p| p.0 >= 1.0)
        .map(|(p, mut reason)| {
            // What `{:.0}` prints for these points (each at most 40): the nearest whole number,
            // ties to even.
            reason.push_str(" (+");
            reason.push_str(itoa::Buffer::new().format(p.round_ties_even() as u32));
            reason.push(')');
            reason
        })
        .collect();
    let _ = (i.doc, i.sentences);
    Triage { complaint, complaint_score, priority: Priority { score, level: level(score), reasons } }
}

/// Appends `x` as `{:.2}` writes it, with exact arithmetic instead of float formatting (which
/// cost more than the rest of the step): an f32 times 100 is exact in an f64, and `{:.2}`
/// rounds the exact value half to even, as `round_ties_even` does.
fn push_hundredths(out: &mut String, x: f32) {
    if !x.is_finite() || x.abs() >= 1e9 {
        let _ = write!(out, "{x:.2}");
        return;
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    let hundredths = (f64::from(x.abs()) * 100.0).round_ties_even() as u64;
    out.push_str(itoa::Buffer::new().format(hundredths / 100));
    out.push('.');
    out.push(char::from(b'0' + (hundredths / 10 % 10) as u8));
    out.push(char::from(b'0' + (hundredths % 10) as u8));
}

/// Evidence from which a text counts as a complaint.
pub const COMPLAINT_FLOOR: f32 = 0.3;

/// How much negative sentiment counts towards a complaint when something points at a company or
/// product, and when nothing does. Someone addressed ("you", an @handle) is no such pointer on
/// its own: friends are addressed too, and a bad mood said to them is only a bad mood.
const AIMED_MOOD: f32 = 1.2;
const UNTARGETED_MOOD: f32 = 0.3;
/// How much positive sentiment counts against a complaint (praise, thanks), unless ironic.
const PRAISE: f32 = 0.8;
const FAILURE_POINTS: f32 = 0.45;
/// Times the leading issue family's strength (at most 1); LONE_ISSUE_POINTS when nothing else in
/// the text says something is wrong.
const ISSUE_POINTS: f32 = 0.45;
const LONE_ISSUE_POINTS: f32 = 0.25;
/// Times the strongest expectation cue's weight, in a text written to someone or about a company.
const EXPECTATION_POINTS: f32 = 0.5;
const THREAT_POINTS: f32 = 0.6;
const LONE_THREAT_POINTS: f32 = 0.25;
const REMEDY_POINTS: f32 = 0.25;
const FEELING_POINTS: f32 = 0.15;
const ACCUSATION_POINTS: f32 = 0.3;
const ENQUIRY_POINTS: f32 = -0.35;

/// Whom the client's words are written to: someone addressed as "you" or by an @handle, and
/// whether one of those handles is a customer-service account.
#[derive(Default)]
struct Addressee {
    someone: bool,
    service_account: bool,
}

fn addressee(i: &Input) -> Addressee {
    let mut out = Addressee::default();
    for s in i.doc.sentences.iter().filter(|s| s.speaker != Some(crate::case::Role::Agent)) {
        for k in 0..s.tokens.len() {
            let w = s.tokens.norm(k);
            if matches!(w, "you" | "your" | "you're" | "u" | "ur" | "yours") {
                out.someone = true;
            } else if let Some(handle) = w.strip_prefix('@') {
                out.someone = true;
                out.service_account = out.service_account || is_service_handle(handle);
            }
        }
    }
    out
}

/// Companies answer customers from handles named for it: @AmazonHelp, @AppleSupport,
/// @KFC_UKI_Help, @vwcares, @DIRECTVService, @hm_custserv, @TopmanAskUs. A post to one is
/// written to a company, whoever else it names.
fn is_service_handle(handle: &str) -> bool {
    const MARKS: [&str; 8] = ["help", "support", "care", "service", "svc", "askus", "custserv", "customer"];
    // Handles are short: comparing in place is cheaper than setting up a substring search.
    MARKS.iter().any(|m| handle.as_bytes().windows(m.len()).any(|w| w == m.as_bytes()))
}

/// What expectations.tsv finds in the client's words: the strongest cue that something is not as
/// the writer expected; whether a question or irony carries one, or a statement does.
#[derive(Default)]
struct Expectation {
    strength: f32,
    question: bool,
    /// A cue in a sentence that does not ask.
    stated: bool,
    irony: bool,
    /// The writer says the problem is of their own doing.
    own_doing: bool,
}

/// How sure praise or thanks for a fault (sarcasm, as the feelings step reads it: "thanks for
/// leaving us on the tarmac for six hours") is a breach of expectation: nobody thanks a company
/// for a fault.
const THANKS_FOR_A_FAULT: f32 = 0.7;

fn expectation(i: &Input) -> Expectation {
    let mut out = Expectation::default();
    // Thanks or praise for a fault ("thanks for leaving us on the tarmac"): the feelings step has
    // already read it as sarcasm.
    if i.feelings.feelings.iter().any(|f| {
        f.emotion == "sarcasm"
            && i.doc.sentences.get(f.sentence).is_some_and(|s| s.speaker != Some(crate::case::Role::Agent))
    }) {
        out.irony = true;
        out.stated = true;
        out.strength = out.strength.max(THANKS_FOR_A_FAULT);
    }
    for s in &i.doc.sentences {
        if s.speaker == Some(crate::case::Role::Agent) {
            continue;
        }
        for m in s.matches.iter().filter(|m| m.file == crate::lexicon::LexFile::Expectations) {
            let e = i.doc.lex.entry(m.entry);
            match e.category.as_str() {
                "not_expectation" => continue,
                "own_doing" => {
                    out.own_doing = true;
                    continue;
                }
                "question" => out.question = true,
                "irony" => out.irony = true,
                _ => {}
            }
            // "Does it still come with a box?" asks; "it still logs me out" states a fault.
            out.stated |= !s.question;
            out.strength = out.strength.max(e.weight);
        }
    }
    out
}

/// Whether a threat stands in a sentence where the writer speaks of themselves ("this is the
/// last time I buy", "we will sue").
fn threat_in_first_person(i: &Input) -> bool {
    i.about.threats.iter().any(|t| {
        i.doc
            .sentences
            .iter()
            .filter(|s| s.span.start <= t.start && t.start < s.span.end)
            .any(|s| s.tokens.words().any(crate::text::is_first_person))
    })
}

/// The complaint evidence, summed (see the module documentation for the weights).
fn complaint_score(i: &Input) -> f32 {
    let expected = expectation(i);
    // A slip of the writer's own ("I accidentally ordered two", "forgot my fitbit", "my mistake")
    // is no breach by a company: its failures and issue words count for nothing and its bad mood
    // as a mood, unless the writer also says the company fell short (an expectation cue).
    let own_doing = expected.own_doing && expected.strength == 0.0;
    let failure = !own_doing && i.facts.iter().any(|f| f.kind == "event" && f.value == "failure");
    let issue_strength = if own_doing { 0.0 } else { i.about.issue_strength.min(1.0) };
    let s = i.feelings.case_sentiment;
    let negative_feeling = i.feelings.feelings.iter().any(|f| f.valence < -0.2);
    let threat = !i.about.threats.is_empty();
    let remedy = !i.about.remedies.is_empty();
    // A complaint is about something the company did or sold: an issue, a failure, a threat, a
    // request, an amount, an identifier, an event, or a customer-service account written to.
    let aimed_at_something = failure
        || issue_strength > 0.0
        || threat
        || remedy
        || i.facts.iter().any(|f| {
            matches!(f.kind, "money" | "identifier")
                || f.kind == "event" && !matches!(f.value.as_str(), "visit" | "communication" | "process" | "travel")
        });
    // Whom the text is written to is read word by word, and only matters when nothing else
    // points at a company: aimed is then true, and so is `aimed || to.someone`.
    let to = if aimed_at_something { Addressee::default() } else { addressee(i) };
    let aimed = aimed_at_something || to.service_account;
    // Upset at one's own slip is a mood, not a grievance.
    let mut score = (-s).max(0.0) * if aimed && !own_doing { AIMED_MOOD } else { UNTARGETED_MOOD };
    // Irony ("love it when ...", "thanks for nothing") says the praise around it is not praise.
    if !expected.irony {
        score -= s.max(0.0) * PRAISE;
    }
    // "Why is my package ...", "still", "was supposed to", "bring back": the writer says
    // something is not as it should be. Said to a company, that is what a complaint is, even
    // with no failure named; said to no one, it is a remark.
    if aimed || to.someone {
        score += EXPECTATION_POINTS * expected.strength;
    }
    // A stated failure ("still no reply", "can't log in") is what most complaints consist of.
    if failure {
        score += FAILURE_POINTS;
    }
    // An issue word with nothing else wrong in the text ("my seat", "a DM", "returns") names a
    // topic more often than a problem: alone it counts for less. An amount or an account or
    // order number beside it makes it a case to look into.
    let wrong = failure
        || negative_feeling
        || expected.strength > 0.0
        || remedy
        || i.facts.iter().any(|f| matches!(f.kind, "money" | "identifier"));
    score += if wrong || threat { ISSUE_POINTS } else { LONE_ISSUE_POINTS } * issue_strength;
    // Likewise a threat word with nothing else wrong, no bad tone and nobody saying they will do
    // it ("in other news", "the press", "court cases") is more often a mention than a threat.
    if threat {
        let stated = wrong || issue_strength > 0.0 || s < -0.2 || threat_in_first_person(i);
        score += if stated { THREAT_POINTS } else { LONE_THREAT_POINTS };
    }
    if remedy {
        score += REMEDY_POINTS;
    }
    // A feeling word only says something about a company when something points at one.
    if negative_feeling && aimed {
        score += FEELING_POINTS;
    }
    if i.disputes.iter().any(|d| d.reason == "unsupported") {
        score += ACCUSATION_POINTS;
    }
    // Only questions, requests and neutral statements, and nothing negative: an enquiry or a
    // remark. A question that presupposes a fault ("why ...?"), a statement that something
    // persists or should change ("it still logs me out", "bring back ..."), or the writer's own
    // threat ("the last time I buy your beer", a plain statement in form) is none.
    let enquiry = !i.sentences.is_empty()
        && i.sentences.iter().all(|x| x.kind == crate::report::Kind::Neutral || x.text.trim_end().ends_with('?'));
    let own_threat = || threat && threat_in_first_person(i);
    if enquiry && !(negative_feeling || failure || expected.question || expected.stated || own_threat()) {
        score += ENQUIRY_POINTS;
    }
    score
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;
    use crate::case::Case;
    use crate::lexicon::Lexicons;
    use crate::report::Report;
    use crate::steps::prepare::Context;

    fn report(text: &str) -> Report {
        Analyzer::new(Lexicons::builtin()).analyze(&Case::new("t", text), &Context::default())
    }

    #[test]
    fn complaints_and_non_complaints() {
        assert!(report("My order never arrived and nobody answers the phone.").complaint);
        assert!(report("I was charged twice for the same bill.").complaint);
        assert!(!report("Thank you so much, the team was wonderful!").complaint);
        assert!(!report("What time does the store open on Sunday?").complaint);
        let mood = report("Honestly terrified of what the future has in store.");
        let aimed = report("Honestly terrified of what your company has in store.");
        assert!(mood.complaint_score < aimed.complaint_score, "a mood with no target counts for less");
    }

    #[test]
    fn a_breach_of_expectation_said_to_a_company_is_a_complaint() {
        // A question that presupposes a fault, a fault that persists, a promise not kept.
        assert!(report("@UPSHelp Why has my package been out for delivery for 4 days?").complaint);
        assert!(report("@ZARA_Care I ordered on the 19th and it has still not yet arrived.").complaint);
        assert!(report("My adjuster was supposed to return my call within two hours @GEICO").complaint);
        assert!(report("@Arbys please bring back the loaded potato cakes").complaint);
        assert!(report("@Topman it's not letting me DM.").complaint);
        // Thanks for a fault is irony, not thanks.
        assert!(report("Thanks @Delta for leaving us on the tarmac for six hours, no food, no water").complaint);
        assert!(!report("@Geico Thanks for the quick response!").complaint);
        // The same words as plain enquiries, remarks or moods are not.
        assert!(!report("@BurberryService Does the scarf still come with a box?").complaint);
        assert!(!report("That's why there was a commercial with Eli!").complaint);
        assert!(!report("@jess_92 ugh this is so sad :(").complaint, "a mood said to a friend");
    }

    #[test]
    fn a_slip_of_ones_own_or_a_mention_is_no_complaint() {
        assert!(
            !report("@NBASTORESupport I accidentally ordered a jersey and shipped it to the wrong address.").complaint
        );
        assert!(report("@NBASTORESupport You shipped my jersey to the wrong address.").complaint);
        // A threat word alone is a mention; said by the writer about themselves, a threat.
        assert!(!report("CANNABIS NEWS - HOT OFF THE PRESS").complaint);
        assert!(report("@ShockTop This is the last time I buy your beer.").complaint);
    }

    #[test]
    fn service_handles() {
        for h in
            ["amazonhelp", "applesupport", "kfc_uki_help", "vwcares", "directvservice", "hm_custserv", "topmanaskus"]
        {
            assert!(super::is_service_handle(h), "{h}");
        }
        for h in ["realdonaldtrump", "jess_92", "mcdonalds"] {
            assert!(!super::is_service_handle(h), "{h}");
        }
    }

    #[test]
    fn threats_money_and_anger_raise_priority_with_reasons() {
        let mild = report("The delivery was a day late.");
        let hot = report(
            "I am furious. You charged me $2,400.00 twice and I've called 5 times. I will report you to the CFPB and my lawyer.",
        );
        assert!(hot.priority.score > mild.priority.score + 30, "{} vs {}", hot.priority.score, mild.priority.score);
        assert!(matches!(hot.priority.level, "high" | "urgent"));
        assert!(hot.priority.reasons.iter().any(|r| r.contains("money at stake")));
        assert!(hot.priority.reasons.len() >= 3);
    }

    #[test]
    fn levels_cover_the_range() {
        assert_eq!(super::level(0), "low");
        assert_eq!(super::level(30), "medium");
        assert_eq!(super::level(55), "high");
        assert_eq!(super::level(100), "urgent");
    }
}
