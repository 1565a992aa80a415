//! The binary on real inputs: the bundled samples and fixtures with stated expectations.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_grievance"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> String {
    root().join("samples").join(name).display().to_string()
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run grievance")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect()
}

fn tmp(name: &str) -> common::Scratch {
    common::Scratch::new("cli", name)
}

#[test]
fn csv_export_yields_one_report_per_row_with_the_contract_fields() {
    let o = run(&["analyze", &sample("tickets.csv")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["id"], "T-1001");
    for r in &rows {
        for field in [
            "id",
            "complaint",
            "sentiment",
            "emotions",
            "issues",
            "priority",
            "sentences",
            "facts",
            "feelings",
            "disputes",
            "framing",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {}", r["id"]);
        }
        let p = &r["priority"];
        assert!(p["score"].as_u64().unwrap() <= 100);
        assert!(["low", "medium", "high", "urgent"].contains(&p["level"].as_str().unwrap()));
    }
    // T-1001 states a double charge of $1,240.00: a money fact with its normalised value and span.
    let t1 = &rows[0];
    let money = t1["facts"].as_array().unwrap().iter().find(|f| f["kind"] == "money").expect("money fact");
    assert_eq!(money["value"], "1240.00 USD");
    let text = t1["sentences"][0]["text"].as_str().unwrap();
    assert!(text.contains("$1,240.00"));
    assert_eq!(t1["complaint"], true);
    assert!(stderr(&o).contains("12 read, 12 analysed, 0 failed"), "{}", stderr(&o));
    // The customer's second ticket knows about the first.
    let t10 = rows.iter().find(|r| r["id"] == "T-1010").unwrap();
    assert_eq!(t10["context"]["earlier_cases"][0], "T-1004");
}

#[test]
fn cfpb_style_jsonl_finds_redacted_dates_and_braced_amounts() {
    let o = run(&["analyze", &sample("tickets.jsonl")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = jsonl(&o);
    assert_eq!(rows[0]["id"], "7719402");
    let facts = rows[0]["facts"].as_array().unwrap();
    assert!(facts.iter().any(|f| f["kind"] == "money" && f["text"] == "{$910.00}" && f["value"] == "910.00 USD"));
    assert!(facts.iter().any(|f| f["kind"] == "date" && f["text"] == "XX/XX/2025" && f["value"] == "2025-XX-XX"));
    assert_eq!(rows[0]["context"]["date"], "2026-02-11");
}

#[test]
fn transcript_sentences_say_who_spoke() {
    let o = run(&["analyze", &sample("call-transcript.txt")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 1);
    let s = rows[0]["sentences"].as_array().unwrap();
    assert_eq!(s[0]["speaker"], "agent", "Priya greets for the company: {}", s[0]["text"]);
    assert!(s.iter().any(|x| x["speaker"] == "customer"));
    // No sentence contains a speaker label or a time stamp.
    assert!(s.iter().all(|x| !x["text"].as_str().unwrap().contains("[09:")));
    let threats = rows[0]["threats"].as_array().unwrap();
    assert!(!threats.is_empty(), "the caller threatens to switch provider");
}

#[test]
fn every_output_format_renders_the_samples() {
    let text = run(&["analyze", &sample("email.txt"), "--format", "text", "--color", "never"]);
    assert_eq!(text.status.code(), Some(0));
    let t = stdout(&text);
    assert!(t.contains("== email.txt  priority"), "{t}");
    assert!(t.contains("[[") && t.contains("<<") && t.contains("{?"), "facts, feelings and cues are marked: {t}");
    assert!(!t.contains("\x1b["), "no colour when asked for none");

    let csv = run(&["analyze", &sample("tickets.csv"), "--format", "csv"]);
    let c = stdout(&csv);
    let mut lines = c.lines();
    assert!(lines.next().unwrap().starts_with("id,complaint,priority,level,sentiment,emotion"));
    let mut rdr = csv::Reader::from_reader(c.as_bytes());
    assert_eq!(rdr.records().count(), 12);

    let html = run(&["analyze", &sample("tickets.csv"), "--format", "html"]);
    let h = stdout(&html);
    assert!(h.starts_with("<!doctype html>"));
    assert_eq!(h.matches("data-case-id=").count(), 12);
    // Case details are rendered by the page from embedded JSON when a case is opened.
    assert!(h.contains("[\"fact\","), "facts are marked in the case details");
    assert!(!h.contains("http://") && !h.contains("https://"), "self-contained");
}

#[test]
fn a_folder_is_one_case_per_file() {
    let o = run(&["analyze", &root().join("samples").display().to_string()]);
    let rows = jsonl(&o);
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert!(ids.contains(&"email.txt") && ids.contains(&"chat.txt") && ids.contains(&"call-transcript.txt"), "{ids:?}");
    assert!(!ids.contains(&"README.md"), "the folder's README is not a case: {ids:?}");
}

#[test]
fn output_is_identical_whatever_the_number_of_jobs() {
    let dir = root().join("samples").display().to_string();
    let one = run(&["analyze", &dir, "--jobs", "1"]);
    let two = run(&["analyze", &dir, "--jobs", "2"]);
    let four = run(&["analyze", &dir, "--jobs", "4"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn bad_records_are_reported_and_the_good_ones_kept() {
    let d = tmp("bad");
    let f = d.join("mixed.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a\", \"text\": \"I was charged twice and I am furious.\"}\n{not json\n{\"id\": \"c\", \"text\": \"\"}\n{\"id\": \"d\", \"text\": \"Thanks, all sorted.\"}\n",
    )
    .unwrap();
    let missing = d.join("nope.csv");
    let o = run(&["analyze", &f.display().to_string(), &missing.display().to_string()]);
    assert_eq!(o.status.code(), Some(1), "some records failed");
    let rows = jsonl(&o);
    let ids: Vec<&str> = rows.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, vec!["a", "d"]);
    let errors: Vec<&serde_json::Value> = rows.iter().filter(|r| r.get("error").is_some()).collect();
    assert_eq!(errors.len(), 3, "bad JSON, empty text, missing file: {rows:?}");
    assert!(errors[0]["source"].as_str().unwrap().ends_with("mixed.jsonl:2"));
    assert_eq!(errors[1]["record_id"], "c");
    assert!(errors[2]["source"].as_str().unwrap().contains("nope.csv"));
    assert!(stderr(&o).contains("5 read, 2 analysed, 3 failed"), "{}", stderr(&o));
    assert!(stderr(&o).contains("mixed.jsonl:2: not valid JSON"), "each failure is named on stderr: {}", stderr(&o));
}

#[test]
fn invalid_utf8_is_an_error_naming_the_file() {
    let d = tmp("utf8");
    let f = d.join("bad.txt");
    std::fs::write(&f, b"I was charged \xff\xfe twice.\n").unwrap();
    let o = run(&["analyze", &f.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    let rows = jsonl(&o);
    assert!(rows[0]["error"].as_str().unwrap().contains("UTF-8"), "{rows:?}");
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = bin()
        .args(["analyze", "-", "--input-format", "text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"My parcel never arrived and nobody answers the phone.").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = jsonl(&o);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["complaint"], true);
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let d = tmp("out");
    let out = d.join("r.jsonl");
    let o = run(&["analyze", &sample("tickets.csv"), "--output", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 12);
    let leftovers: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let bad = run(&["analyze", &sample("tickets.csv"), "--output", "/nonexistent-dir/r.jsonl"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("/nonexistent-dir/r.jsonl"));
}

#[test]
fn lexicon_check_reports_path_line_column() {
    let ok = run(&["lexicon", "check"]);
    assert_eq!(ok.status.code(), Some(0), "built-ins are clean: {}", stdout(&ok));
    let d = tmp("lex");
    std::fs::write(d.join("emotions.tsv"), "term\tcategory\tweight\tfamily\nfurious\tanger\tvery\tanger\n").unwrap();
    let o = run(&["lexicon", "check", &d.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    let path = d.join("emotions.tsv").display().to_string();
    assert!(stdout(&o).contains(&format!("{path}:2:15: weight `very` is not a number")), "{}", stdout(&o));
    // The same file breaks an analysis run with a clear fatal error.
    let a = run(&["analyze", &sample("email.txt"), "--lexicons", &d.display().to_string()]);
    assert_eq!(a.status.code(), Some(2));
    assert!(stderr(&a).contains(":2:15:"));
}

#[test]
fn user_lexicons_change_the_findings() {
    let d = tmp("layer");
    std::fs::write(d.join("emotions.tsv"), "term\tcategory\tweight\tfamily\nzorbled\tfrustration\t0.9\tanger\n")
        .unwrap();
    let f = d.join("case.txt");
    std::fs::write(&f, "I am completely zorbled by this.").unwrap();
    let before = jsonl(&run(&["analyze", &f.display().to_string()]));
    assert!(before[0]["emotions"].as_array().unwrap().is_empty());
    let after = jsonl(&run(&["analyze", &f.display().to_string(), "--lexicons", &d.display().to_string()]));
    let e = &after[0]["emotions"][0];
    assert_eq!(e["family"], "anger");
    let feeling = &after[0]["feelings"][0];
    assert!(feeling["source"].as_str().unwrap().ends_with("emotions.tsv:2"));
}

#[test]
fn third_party_valence_lexicons_load() {
    let shared = root().join("../shared/data/lexicons");
    let vader = shared.join("vader_lexicon.txt");
    let afinn = shared.join("AFINN-en-165.txt");
    let d = tmp("valence");
    let f = d.join("case.txt");
    std::fs::write(&f, "The flibbertigibbet service.").unwrap();
    // Fixtures written here stand in when the shared copies are absent.
    let (v, a) = if vader.exists() && afinn.exists() {
        (vader, afinn)
    } else {
        std::fs::write(d.join("v.txt"), "good\t1.9\t0.9\t[2, 2]\n").unwrap();
        std::fs::write(d.join("a.txt"), "good\t3\n").unwrap();
        (d.join("v.txt"), d.join("a.txt"))
    };
    for path in [&v, &a] {
        let o = run(&["analyze", &f.display().to_string(), "--valence", &path.display().to_string()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    std::fs::write(&f, "The service was good.").unwrap();
    let plain = jsonl(&run(&["analyze", &f.display().to_string(), "--valence", &v.display().to_string()]));
    assert!(plain[0]["sentiment"].as_f64().unwrap() > 0.0);
}
