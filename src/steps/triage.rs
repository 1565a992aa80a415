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
        points.push((p, format!("a complaint (evidence {complaint_score:.2})")));
    }
    if neg > 0.05 {
        points.push((30.0 * neg, format!("negative tone ({:.2})", -neg)));
    }
    if let Some(e) = i
        .emotions
        .iter()
        .filter(|e| e.family == "anger" || e.family == "fear")
        .max_by(|a, b| a.intensity.total_cmp(&b.intensity))
    {
        points.push((20.0 * e.intensity, format!("{} ({}, {:.2})", e.emotion, e.family, e.intensity)));
    }
    let mut threat_pts = 0.0;
    let mut seen = Vec::new();
    for t in &i.about.threats {
        if seen.contains(&t.kind) {
            continue;
        }
        seen.push(t.kind.clone());
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
    let reasons = points.into_iter().filter(|p| p.0 >= 1.0).map(|p| format!("{} (+{:.0})", p.1, p.0)).collect();
    let _ = (i.doc, i.sentences);
    Triage { complaint, complaint_score, priority: Priority { score, level: level(score), reasons } }
}

/// A complaint reports a problem or voices dissatisfaction with a product or service. Praise,
/// thanks and plain questions are not complaints.
/// Evidence from which a text counts as a complaint.
pub const COMPLAINT_FLOOR: f32 = 0.3;

/// How much negative sentiment counts towards a complaint when nothing points at a company.
const UNTARGETED_MOOD: f32 = 0.3;

/// The writer speaks to the company: "you"/"your" in the client's words.
fn addresses_company(i: &Input) -> bool {
    i.doc.sentences.iter().filter(|s| s.speaker != Some(crate::case::Role::Agent)).any(|s| {
        (0..s.tokens.len()).any(|k| matches!(s.tokens.norm(k), "you" | "your" | "you're" | "u" | "ur" | "yours"))
    })
}

fn complaint_score(i: &Input) -> f32 {
    let failure = i.facts.iter().any(|f| f.kind == "event" && f.value == "failure");
    let s = i.feelings.case_sentiment;
    let negative_feeling = i.feelings.feelings.iter().any(|f| f.valence < -0.2);
    // Only questions and requests, and nothing negative: an enquiry, not a complaint.
    let enquiry = !i.sentences.is_empty()
        && i.sentences.iter().all(|x| x.kind == crate::report::Kind::Neutral || x.text.trim_end().ends_with('?'));
    // A complaint is about something the company did or sold. Without any sign of such a target
    // (an issue, a failure, a threat, a request, an amount, an identifier, an event, or the
    // company addressed as "you"), a bad mood is only a bad mood and counts for less.
    let targeted = failure
        || i.about.issue_strength > 0.0
        || !i.about.threats.is_empty()
        || !i.about.remedies.is_empty()
        || i.facts.iter().any(|f| {
            matches!(f.kind, "money" | "identifier")
                || f.kind == "event" && !matches!(f.value.as_str(), "visit" | "communication" | "process" | "travel")
        })
        || addresses_company(i);
    let mood = if targeted { 1.2 } else { UNTARGETED_MOOD };
    let mut score = 0.0;
    score += (-s).max(0.0) * mood;
    score -= s.max(0.0) * 0.8;
    // A stated failure ("still no reply", "can't log in") is what most complaints consist of.
    if failure {
        score += 0.45;
    }
    score += 0.45 * i.about.issue_strength.min(1.0);
    if !i.about.threats.is_empty() {
        score += 0.6;
    }
    if !i.about.remedies.is_empty() {
        score += 0.25;
    }
    if negative_feeling {
        score += 0.15;
    }
    if i.disputes.iter().any(|d| d.reason == "unsupported") {
        score += 0.3;
    }
    if enquiry && !negative_feeling && !failure {
        score -= 0.35;
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
