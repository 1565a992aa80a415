//! Client records (`--records`), claim checks and `--redact`, from the binary: fixtures whose
//! cases state their expected reason, consistent cases that must raise no check at all, bad
//! records files, and the CFPB narratives when the shared data is present.

mod common;

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root().join("tests/fixtures/records").join(name).display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grievance")).args(args).output().expect("run grievance")
}

fn reports(args: &[&str]) -> Vec<Value> {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const CHECKS: &[&str] = &["contradiction", "record_mismatch", "implausible"];

fn checks(r: &Value) -> Vec<&Value> {
    r["disputes"].as_array().unwrap().iter().filter(|d| CHECKS.contains(&d["reason"].as_str().unwrap())).collect()
}

#[test]
fn consistent_cases_raise_no_false_disputes() {
    let rs = reports(&["analyze", &fixture("consistent.jsonl"), "--records", &fixture("consistent-records.csv")]);
    assert_eq!(rs.len(), 16);
    let mut confirmed = 0;
    for r in &rs {
        let found = checks(r);
        assert!(found.is_empty(), "{}: false disputes {found:#?}", r["id"]);
        confirmed += r["confirmed"].as_array().map_or(0, Vec::len);
        assert!(r["context"]["record"].as_str().unwrap().contains("consistent-records.csv:"), "{}", r["context"]);
    }
    // The checks did run: most claims were found and matched their record.
    assert!(confirmed >= 30, "only {confirmed} claims confirmed");
}

#[test]
fn each_inconsistent_case_gets_its_reason_column_and_a_calm_question() {
    let rs = reports(&["analyze", &fixture("inconsistent.jsonl"), "--records", &fixture("inconsistent-records.jsonl")]);
    assert_eq!(rs.len(), 12);
    for r in &rs {
        let expect = r["fields"]["expect"].as_str().unwrap();
        let (reason, column) = expect.split_once(':').map_or((expect, None), |(a, b)| (a, Some(b)));
        let found = checks(r);
        assert_eq!(found.len(), 1, "{}: {found:#?}", r["id"]);
        let d = found[0];
        assert_eq!(d["reason"], reason, "{}: {d:#}", r["id"]);
        if let Some(c) = column {
            assert_eq!(d["column"], c, "{}: {d:#}", r["id"]);
            assert!(d["record"].is_string(), "{}: the record value is named: {d:#}", r["id"]);
        }
        if reason == "contradiction" {
            assert!(d["other"]["cue"].is_string(), "{}: both places are named: {d:#}", r["id"]);
        }
        let ask = d["ask"].as_str().unwrap();
        assert!(ask.ends_with('?') && ask.contains("could you"), "{}: {ask}", r["id"]);
        for harsh in ["lie", "wrong", "false", "claim"] {
            assert!(!ask.to_lowercase().split(|c: char| !c.is_alphabetic()).any(|w| w == harsh), "{ask}");
        }
        // The sentence concerned carries the same reason.
        let si = d["sentence"].as_u64().unwrap() as usize;
        let q = r["sentences"][si]["questionable"].as_array().unwrap();
        assert!(q.iter().any(|q| q["reason"] == reason), "{}: {q:#?}", r["id"]);
    }
}

#[test]
fn the_samples_show_record_checks() {
    let rs = reports(&[
        "analyze",
        &root().join("samples/tickets.csv").display().to_string(),
        "--records",
        &root().join("samples/records/tickets.csv").display().to_string(),
    ]);
    let by_id = |id: &str| rs.iter().find(|r| r["id"] == id).unwrap();
    let t1003 = checks(by_id("T-1003"));
    assert_eq!(t1003.len(), 1);
    assert_eq!((&t1003[0]["cue"], &t1003[0]["record"]), (&Value::from("$19.99"), &Value::from("17.99")));
    assert_eq!(checks(by_id("T-1011"))[0]["column"], "charge_date");
    assert!(checks(by_id("T-1001")).is_empty());
    assert!(by_id("T-1001")["confirmed"].as_array().unwrap().iter().any(|c| c["column"] == "amount_charged"));
    // The folder reader leaves the records subfolder alone.
    let all = reports(&["analyze", &root().join("samples").display().to_string()]);
    assert!(all.iter().all(|r| !r["id"].as_str().unwrap().contains("records")));
}

#[test]
fn records_keyed_by_client_link_every_case_of_the_client() {
    let dir = common::Scratch::new("records", "client");
    let cases = dir.join("cases.csv");
    std::fs::write(
        &cases,
        "id,customer_id,created_at,text\nA,C-7,2026-03-14,You charged me $60.00 for the visit.\nB,C-7,2026-03-15,I was charged $50.00 again.\n",
    )
    .unwrap();
    let records = dir.join("clients.csv");
    std::fs::write(&records, "Customer ID,amount_charged\nC-7,50.00\n").unwrap();
    let rs = reports(&[
        "analyze",
        &cases.display().to_string(),
        "--records",
        &records.display().to_string(),
        "--records-key",
        "Customer ID",
    ]);
    assert_eq!(checks(&rs[0])[0]["reason"], "record_mismatch");
    assert!(checks(&rs[1]).is_empty());
    assert_eq!(rs[1]["confirmed"][0]["record"], "50.00");
}

#[test]
fn a_bad_records_file_is_fatal_and_names_path_and_line() {
    let dir = common::Scratch::new("records", "bad");
    let records = dir.join("records.csv");
    std::fs::write(&records, "id,order_date\nT-1,2026-03-01\nT-2,next week\n").unwrap();
    let o = run(&[
        "analyze",
        &root().join("samples/tickets.csv").display().to_string(),
        "--records",
        &records.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{}:3: column `order_date`", records.display())), "{err}");
    assert!(o.stdout.is_empty(), "nothing is analysed with a bad records file");
    let o = run(&["analyze", "-", "--records", &dir.join("missing.csv").display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.csv: cannot read"));
}

#[test]
fn redact_masks_personal_data_in_every_format() {
    let dir = common::Scratch::new("records", "redact");
    let cases = dir.join("cases.jsonl");
    std::fs::write(
        &cases,
        "{\"id\": \"R-1\", \"email\": \"sam.okafor@example.org\", \"text\": \"My account number is ACC-77120-4 and my e-mail is sam.okafor@example.org. Call me on (555) 201-3344. You charged me $45.00 twice.\"}\n",
    )
    .unwrap();
    let secrets = ["sam.okafor", "example.org", "201-3344", "5552013344", "77120"];
    for format in ["jsonl", "csv", "text", "html"] {
        let o = run(&["analyze", &cases.display().to_string(), "--format", format, "--redact", "--color", "never"]);
        assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8_lossy(&o.stdout);
        for s in secrets {
            assert!(!out.contains(s), "{format}: `{s}` left in the output");
        }
        if format != "csv" {
            assert!(out.contains("$45.00"), "{format}: amounts are not personal");
        }
    }
    let plain = run(&["analyze", &cases.display().to_string()]);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("sam.okafor@example.org"), "only --redact masks");
    let r: Value = serde_json::from_slice(&run(&["analyze", &cases.display().to_string(), "--redact"]).stdout).unwrap();
    let account = r["facts"].as_array().unwrap().iter().find(|f| f["kind"] == "identifier").unwrap();
    assert_eq!(account["text"], "***-**120-4", "account numbers keep their last digits");
}

/// Every `{$amount}` of the CFPB narratives is a money fact, and every redacted date a date of
/// unknown value. Skipped when the shared data set is not beside the project.
#[test]
fn cfpb_amounts_and_redacted_dates_are_read_as_written() {
    let path = root().join("../shared/data/eval/cfpb.jsonl");
    if !path.exists() {
        eprintln!("skipped: {} not found", path.display());
        return;
    }
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["text"].as_str().unwrap_or("").to_string())
        .collect();
    let rs = reports(&["analyze", &path.display().to_string()]);
    assert_eq!(rs.len(), texts.len());
    let money = regex::Regex::new(r"\{\$[^}]*\}").unwrap();
    let redacted = regex::Regex::new(r"\b[0-9X]{1,2}/[0-9X]{1,2}/[0-9X]{2,4}\b").unwrap();
    let (mut amounts, mut dates) = (0, 0);
    for (r, text) in rs.iter().zip(&texts) {
        let facts = r["facts"].as_array().unwrap();
        let covered = |start: usize, end: usize, kind: &str| {
            facts.iter().find(|f| {
                f["kind"] == kind
                    && f["start"].as_u64().unwrap() as usize <= start
                    && end <= f["end"].as_u64().unwrap() as usize
            })
        };
        for m in money.find_iter(text) {
            amounts += 1;
            assert!(covered(m.start(), m.end(), "money").is_some(), "{}: {} is no money fact", r["id"], m.as_str());
        }
        for m in redacted.find_iter(text).filter(|m| m.as_str().contains('X')) {
            dates += 1;
            let f = covered(m.start(), m.end(), "date").unwrap_or_else(|| panic!("{}: {}", r["id"], m.as_str()));
            let v = f["value"].as_str().unwrap();
            assert!(v == "unknown" || v.ends_with("-XX-XX"), "{}: {} read as {v}", r["id"], m.as_str());
        }
    }
    assert!(amounts > 400 && dates > 300, "{amounts} amounts, {dates} dates");
}
