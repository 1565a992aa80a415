//! Properties that hold for any text and any batch: every span lies inside the text on character
//! boundaries, every input record yields exactly one output record (a report or an error), and
//! the output bytes do not depend on the number of threads.

use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
use grievance::lexicon::Lexicons;
use grievance::output::JsonlSink;
use grievance::run::{Counts, RunOptions, run};
use grievance::steps::prepare::Context;
use grievance::text::{sentences, tokenize};
use grievance::{Analyzer, Case};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static ANALYZER: LazyLock<Analyzer> = LazyLock::new(|| Analyzer::new(Lexicons::builtin()));

/// Pieces of complaints and of the things that trip segmenters: amounts, dates, abbreviations,
/// ellipses, quotes, dashes, speaker labels, emoji, combining marks, elongation, capitals.
const PIECES: &[&str] = &[
    "I was charged $1,240.00 twice",
    " on 3 March 2024",
    " at 9:30 a.m.",
    "I am furious",
    "not happy at all",
    " but ",
    " however, ",
    "they said no.",
    "No. 5",
    "e.g. fees",
    "Mr. Smith",
    "soooo",
    "NEVER AGAIN",
    "I was told",
    "every time",
    "I will cancel and go to the regulator",
    "I want a refund",
    "order #A-99812",
    "{$910.00}",
    "XX/XX/XXXX",
    ".",
    "!",
    "?",
    "...",
    "!!!",
    "?!",
    ",",
    ";",
    ":",
    " - ",
    "—",
    "“quoted.”",
    "\"no refunds.\"",
    "(see above)",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "  ",
    "Customer: ",
    "Agent: ",
    "[09:14] Priya: ",
    "é",
    "e\u{301}",
    "😀",
    "déçu…",
    "¡No!",
    "\u{feff}",
    "\u{2028}",
    "'",
    "’",
    "@united #fail",
];

/// Text made of the pieces above and arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[a-zA-Z .,!?'\n]{0,40}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn in_text(text: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    prop_assert!(start <= end && end <= text.len(), "span {}..{} outside a text of {}", start, end, text.len());
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {}..{} cuts a character",
        start,
        end
    );
    Ok(())
}

fn check_report(case: &Case) -> Result<(), TestCaseError> {
    let r = ANALYZER.analyze(case, &Context::default());
    let t = case.text.as_str();
    let mut last = 0;
    for s in &r.sentences {
        in_text(t, s.start, s.end)?;
        prop_assert!(s.start >= last, "sentences in order");
        last = s.end;
        prop_assert_eq!(s.text.as_str(), &t[s.start..s.end]);
        for c in &s.clauses {
            in_text(t, c.start, c.end)?;
            prop_assert!(s.start <= c.start && c.end <= s.end, "a clause inside its sentence");
        }
        for q in &s.questionable {
            in_text(t, q.start, q.end)?;
        }
    }
    for f in &r.facts {
        in_text(t, f.start, f.end)?;
        prop_assert_eq!(f.text.as_str(), &t[f.start..f.end]);
        let s = &r.sentences[f.sentence];
        prop_assert!(s.start <= f.start && f.end <= s.end, "a fact inside its sentence");
    }
    for f in &r.feelings {
        in_text(t, f.start, f.end)?;
        let s = &r.sentences[f.sentence];
        prop_assert!(s.start <= f.start && f.end <= s.end, "a feeling inside its sentence");
    }
    for d in &r.disputes {
        in_text(t, d.start, d.end)?;
    }
    for x in &r.threats {
        in_text(t, x.start, x.end)?;
    }
    for x in &r.remedies {
        in_text(t, x.start, x.end)?;
    }
    Ok(())
}

/// A fresh temporary file path for one property case.
fn tmp_file(ext: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!("grievance-prop-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(format!("{}.{ext}", N.fetch_add(1, Ordering::Relaxed)))
}

/// Runs the batch runner on one file into memory.
fn run_file(path: &Path, jobs: usize) -> (Vec<u8>, Counts) {
    let opts = RunOptions { jobs, ..RunOptions::default() };
    let mut out = Vec::new();
    let counts = {
        let mut sink = JsonlSink::new(&mut out);
        run(&[path.display().to_string()], &opts, &ANALYZER, &mut sink, |_| {}).expect("writing to memory")
    };
    (out, counts)
}

/// One JSON Lines record: valid or not, in the ways exports go wrong.
fn jsonl_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => text().prop_map(|t| serde_json::json!({"id": "x", "text": t}).to_string().into_bytes()),
        1 => text().prop_map(|t| serde_json::json!({"turns": [{"speaker": "customer", "text": t}, {"speaker": "agent", "text": "Sorry."}]}).to_string().into_bytes()),
        1 => Just(b"{\"text\": \"\"}".to_vec()),
        1 => Just(b"{\"text\": 5}".to_vec()),
        1 => Just(b"{\"other\": \"no text\"}".to_vec()),
        1 => Just(b"[1, 2]".to_vec()),
        1 => "[^\n]{1,30}".prop_map(|s| format!("{{{s}").into_bytes()),
        1 => Just(b"{\"text\": \"caf\xe9\"}".to_vec()),
    ]
}

/// One CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sentences_and_tokens_stay_inside_the_text(t in text()) {
        let mut last = 0;
        for s in sentences(&t) {
            in_text(&t, s.start, s.end)?;
            prop_assert!(s.start >= last && s.start < s.end, "sentences in order and not empty");
            last = s.end;
            let toks = tokenize(s.slice(&t), s.start);
            for tok in &toks.list {
                in_text(&t, tok.span.start, tok.span.end)?;
                prop_assert!(s.start <= tok.span.start && tok.span.end <= s.end, "a token inside its sentence");
            }
        }
    }

    #[test]
    fn report_spans_stay_inside_the_text(t in text()) {
        check_report(&Case::new("p", t))?;
    }

    #[test]
    fn transcript_report_spans_stay_inside_the_text(t in text()) {
        let opts = InputOptions { format: InputFormat::Transcript, ..InputOptions::default() };
        // (Input starting with `{` is read as JSON Lines, as on stdin: any cases it holds are
        // checked the same way.)
        for item in read_bytes(t.into_bytes(), "p.txt", &opts) {
            if let Item::Case(case) = item {
                for turn in &case.turns {
                    in_text(&case.text, turn.span.start, turn.span.end)?;
                }
                check_report(&case)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_jsonl_record_yields_one_output_record(lines in proptest::collection::vec(jsonl_line(), 0..40)) {
        let path = tmp_file("jsonl");
        let mut bytes = Vec::new();
        for l in &lines {
            bytes.extend_from_slice(l);
            bytes.push(b'\n');
        }
        std::fs::write(&path, &bytes).unwrap();
        let (out, counts) = run_file(&path, 2);
        std::fs::remove_file(&path).unwrap();
        prop_assert_eq!(counts.read, lines.len() as u64);
        prop_assert_eq!(counts.read, counts.analysed + counts.failed);
        let rows: Vec<serde_json::Value> =
            out.split(|&b| b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
        prop_assert_eq!(rows.len(), lines.len());
        let errors = rows.iter().filter(|r| r.get("error").is_some()).count() as u64;
        prop_assert_eq!(errors, counts.failed);
        // Each error names its line: records come out in input order.
        for (i, r) in rows.iter().enumerate() {
            if let Some(src) = r.get("source") {
                let want = format!("{}:{}", path.display(), i + 1);
                prop_assert_eq!(src.as_str().unwrap(), want.as_str());
            }
        }
    }

    #[test]
    fn every_csv_row_yields_one_output_record(
        rows in proptest::collection::vec((text(), text(), 1..5usize), 0..30)
    ) {
        let path = tmp_file("csv");
        let mut csv = String::from("id,text,channel\n");
        let mut expected = 0;
        for (i, (t, extra, width)) in rows.iter().enumerate() {
            // Ragged rows (width != 3) are errors; they still count as one record each.
            let mut fields = vec![format!("r{i}"), csv_field(t), csv_field(extra), "x".into()];
            fields.truncate(*width);
            let line = fields.join(",");
            // A row whose only field is empty is a blank line, which CSV skips.
            if line.is_empty() {
                continue;
            }
            csv.push_str(&line);
            csv.push('\n');
            expected += 1;
        }
        std::fs::write(&path, &csv).unwrap();
        let (out, counts) = run_file(&path, 2);
        std::fs::remove_file(&path).unwrap();
        prop_assert_eq!(counts.read, expected);
        prop_assert_eq!(counts.read, counts.analysed + counts.failed);
        prop_assert_eq!(out.iter().filter(|&&b| b == b'\n').count() as u64, expected);
    }

    #[test]
    fn output_does_not_depend_on_the_number_of_jobs(texts in proptest::collection::vec(text(), 0..300)) {
        let path = tmp_file("jsonl");
        let mut bytes = String::new();
        for (i, t) in texts.iter().enumerate() {
            bytes.push_str(&serde_json::json!({"id": i, "client": format!("c{}", i % 7), "text": t}).to_string());
            bytes.push('\n');
        }
        std::fs::write(&path, &bytes).unwrap();
        let (one, c1) = run_file(&path, 1);
        let (three, c3) = run_file(&path, 3);
        std::fs::remove_file(&path).unwrap();
        prop_assert_eq!(c1, c3);
        prop_assert!(one == three, "output differs between --jobs 1 and --jobs 3");
    }
}
