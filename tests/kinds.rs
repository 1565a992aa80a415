//! Fact, feeling, mixed and neutral as KINDS.md defines them, on complaint sentences written for
//! this project (tests/fixtures/kinds). Every sentence must get its labelled kind.

use grievance::lexicon::Lexicons;
use grievance::report::Kind;
use grievance::steps::prepare::Context;
use grievance::{Analyzer, Case};

/// The case's kind as a reviewer would label the whole sentence.
fn kind_of(a: &Analyzer, text: &str) -> &'static str {
    let r = a.analyze(&Case::new("t", text), &Context::default());
    let kinds: Vec<Kind> = r.sentences.iter().map(|s| s.kind).collect();
    let fact = kinds.iter().any(|k| matches!(k, Kind::Fact | Kind::Mixed));
    let feeling = kinds.iter().any(|k| matches!(k, Kind::Feeling | Kind::Mixed));
    match (fact, feeling) {
        (true, true) => "mixed",
        (true, false) => "fact",
        (false, true) => "feeling",
        (false, false) => "neutral",
    }
}

#[test]
fn labelled_complaint_sentences_get_their_kind() {
    let a = Analyzer::new(Lexicons::builtin());
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kinds/complaint_sentences.tsv"))
            .expect("fixture");
    let mut wrong = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (want, sentence) = line.split_once('\t').expect("kind<TAB>sentence");
        total += 1;
        let got = kind_of(&a, sentence);
        if got != want {
            wrong.push(format!("{want} -> {got}: {sentence}"));
        }
    }
    assert!(total >= 30);
    assert!(wrong.is_empty(), "{} of {total} wrong:\n{}", wrong.len(), wrong.join("\n"));
}
