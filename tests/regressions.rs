//! Failures users report against VADER, TextBlob and NRCLex, each with the finding grievance
//! must make instead. One test per report, named after it.

use grievance::lexicon::Lexicons;
use grievance::report::Report;
use grievance::steps::prepare::Context;
use grievance::{Analyzer, Case};
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| Analyzer::new(Lexicons::builtin()))
}

fn report(text: &str) -> Report {
    analyzer().analyze(&Case::new("t", text), &Context::default())
}

fn top_family(r: &Report) -> Option<&str> {
    r.emotions.first().map(|e| e.family.as_str())
}

#[test]
fn no_problems_at_all_is_positive() {
    let r = report("No problems at all, it works.");
    assert!(r.sentiment > 0.0, "{}", r.sentiment);
    assert!(!r.complaint);
}

#[test]
fn not_the_worst_is_not_negative() {
    let r = report("Honestly, not the worst airline I've flown.");
    assert!(r.sentiment >= 0.0, "{}", r.sentiment);
}

#[test]
fn never_liked_it_is_negative() {
    let r = report("I never liked it.");
    assert!(r.sentiment < 0.0, "{}", r.sentiment);
}

#[test]
fn isnt_a_bad_idea_is_positive() {
    let r = report("That isn't a bad idea.");
    assert!(r.sentiment > 0.0, "{}", r.sentiment);
}

#[test]
fn not_happy_is_not_joy() {
    let r = report("I am not happy with this service.");
    assert_ne!(top_family(&r), Some("joy"));
    assert!(r.sentiment < 0.0);
    assert!(r.complaint);
}

#[test]
fn kindly_stop_charging_me_is_not_positive() {
    let r = report("Kindly stop charging me.");
    assert!(r.sentiment <= 0.0, "{}", r.sentiment);
    assert!(r.complaint);
}

#[test]
fn website_is_not_working_is_negative() {
    let r = report("Your website is not working.");
    assert!(r.sentiment < 0.0, "{}", r.sentiment);
    assert!(r.complaint);
}

#[test]
fn cheap_products_is_negative() {
    let r = report("They sell cheap products.");
    assert!(r.sentiment < 0.0, "{}", r.sentiment);
}

#[test]
fn definitely_happy_is_stronger_than_happy() {
    let plain = report("I am happy with it.");
    let strong = report("I am definitely happy with it.");
    assert!(strong.sentiment > plain.sentiment, "{} > {}", strong.sentiment, plain.sentiment);
    assert!(strong.emotions[0].intensity > plain.emotions[0].intensity);
}

#[test]
fn great_another_late_delivery_is_sarcasm() {
    let r = report("Great, another late delivery.");
    assert!(r.sentiment < 0.0, "{}", r.sentiment);
    assert!(r.complaint);
    assert_ne!(top_family(&r), Some("joy"));
}

#[test]
fn thanks_for_nothing_is_not_gratitude() {
    let r = report("Thanks for nothing.");
    assert!(r.sentiment < 0.0, "{}", r.sentiment);
}

#[test]
fn no_complaints_is_praise_not_a_complaint() {
    let r = report("No complaints, the engineer was quick and tidy.");
    assert!(r.sentiment > 0.0);
    assert!(!r.complaint);
}
