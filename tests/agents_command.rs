//! `grievance agents`: the per-agent summary of a batch of transcripts, on the support thread
//! fixture (agents named by their signatures) and on the bundled samples (named by speaker label
//! and introduction), in both formats.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn path(rel: &str) -> String {
    root().join(rel).display().to_string()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grievance")).args(args).output().expect("run grievance")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("grievance-agents-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The scores `analyze` gives the fixture's threads, in input order.
fn thread_scores() -> Vec<u64> {
    let o = run(&["analyze", &path("tests/fixtures/agent/threads.jsonl")]);
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["agent"]["score"].as_u64().unwrap())
        .collect()
}

fn summaries(args: &[&str]) -> Vec<Value> {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn tally(a: &Value, step: &str) -> (u64, u64, u64) {
    let t = a["steps"].as_array().unwrap().iter().find(|t| t["step"] == step).unwrap();
    (t["done"].as_u64().unwrap(), t["missed"].as_u64().unwrap(), t["against"].as_u64().unwrap())
}

#[test]
fn jsonl_one_summary_per_agent_sorted_by_name() {
    let fixture = path("tests/fixtures/agent/threads.jsonl");
    let samples = path("samples");
    let s = summaries(&["agents", &fixture, &samples, "--format", "jsonl"]);
    let names: Vec<&str> = s.iter().map(|a| a["name"].as_str().unwrap()).collect();
    // The samples' e-mails and tickets are not transcripts and add no one.
    assert_eq!(names, vec!["Marcus", "Northwind ^AB", "Northwind ^CD", "Priya"]);

    // ^AB signed threads 1 and 3: a good answer and a dismissive one.
    let scores = thread_scores();
    let ab = &s[1];
    assert_eq!(ab["transcripts"], 2);
    assert_eq!(ab["min_score"].as_u64().unwrap(), scores[0].min(scores[2]));
    assert_eq!(ab["max_score"].as_u64().unwrap(), scores[0].max(scores[2]));
    assert!((ab["mean_score"].as_f64().unwrap() - (scores[0] + scores[2]) as f64 / 2.0).abs() < 1e-3);
    assert_eq!(tally(ab, "no_harsh_words"), (1, 0, 1));
    assert_eq!(tally(ab, "next_step"), (1, 1, 0));
    // ^CD asked for an order number the client had given.
    assert_eq!(tally(&s[2], "no_repeating"), (0, 0, 1));
    // The chat goes against the method where the scorecard says; the call follows every step.
    let marcus = &s[0];
    assert_eq!((marcus["transcripts"].as_u64(), marcus["max_score"].as_u64()), (Some(1), Some(0)));
    for step in ["acknowledge_first", "no_harsh_words", "no_unsure_promises", "positive_framing"] {
        assert_eq!(tally(marcus, step).2, 1, "{step}");
    }
    let priya = &s[3];
    assert_eq!(priya["min_score"], 100);
    assert!(priya["steps"].as_array().unwrap().iter().all(|t| t["done"] == 1));
}

/// The text table: one row per agent after a header, numbers right-aligned under their heading.
#[test]
fn text_table_is_aligned_with_against_counts_per_step() {
    let o = run(&["agents", &path("tests/fixtures/agent/threads.jsonl"), &path("samples/chat.txt")]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let head = lines[0];
    assert!(head.starts_with("agent") && head.contains("transcripts") && head.contains("harsh"), "{out}");
    let row = |name: &str| *lines.iter().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name}: {out}"));
    // The count under "harsh" ends in the same column as the heading.
    let harsh_end = head.find("harsh").unwrap() + "harsh".len();
    for (name, against) in [("Marcus", '1'), ("Northwind ^AB", '1'), ("Northwind ^CD", '0')] {
        let r = row(name);
        assert_eq!(r.as_bytes()[harsh_end - 1] as char, against, "{name}: {out}");
        assert_eq!(r.len(), head.len(), "rows end where the header does: {out}");
    }
    let cells: Vec<&str> = row("Northwind ^AB")["Northwind ^AB".len()..].split_whitespace().collect();
    assert_eq!(cells.len(), 4 + 8, "transcripts, mean, min, max and eight against counts: {cells:?}");
    assert_eq!(cells[0], "2");
    assert!(out.contains("harsh    no harsh, blaming or dismissive words"), "the legend: {out}");
    assert!(out.contains("4 transcript(s) of 4 case(s); 0 with no named agent left out"), "{out}");
}

#[test]
fn no_named_agent_says_so_and_failed_records_are_reported_not_summarised() {
    let o = run(&["agents", &path("samples/email.txt")]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("no named agents in 0 transcript(s) of 1 case(s)"));

    let dir = tmp("bad");
    let input = dir.join("threads.jsonl");
    let good = std::fs::read_to_string(path("tests/fixtures/agent/threads.jsonl")).unwrap();
    std::fs::write(&input, format!("{good}{{\"id\": \"broken\", \"turns\": [\n")).unwrap();
    let o = run(&["agents", &input.display().to_string(), "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(1), "a failed record is exit code 1");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("threads.jsonl:4"), "the failed record is named: {err}");
    assert!(err.contains("4 read, 3 analysed, 1 failed"), "{err}");
    let names: Vec<String> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["name"].to_string())
        .collect();
    assert_eq!(names.len(), 2, "the good threads are still summarised: {names:?}");
}

/// Many transcripts by few agents: the totals add up, and the output does not depend on the
/// number of threads.
#[test]
fn a_large_batch_adds_up_and_is_the_same_on_any_number_of_threads() {
    let dir = tmp("large");
    let input = dir.join("many.jsonl");
    let mut text = String::new();
    for i in 0..600 {
        let (agent, reply) = if i % 3 == 0 {
            ("^AB", "I'm sorry for the wait. I'll check with billing and update you by 5 p.m. today.")
        } else {
            ("^CD", "That's our policy, there's nothing we can do.")
        };
        text.push_str(&format!(
            "{{\"id\": \"m-{i}\", \"company\": \"Acme\", \"turns\": [{{\"speaker\": \"customer\", \"text\": \"order {} was charged twice\"}}, {{\"speaker\": \"agent\", \"text\": \"{reply} {agent}\"}}]}}\n",
            7_000_000 + i
        ));
    }
    std::fs::write(&input, text).unwrap();
    let p = input.display().to_string();
    let one = run(&["agents", &p, "--format", "jsonl", "-j", "1"]);
    let four = run(&["agents", &p, "--format", "jsonl", "-j", "4"]);
    assert_eq!(one.stdout, four.stdout, "deterministic");
    let s: Vec<Value> =
        String::from_utf8(one.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let counts: Vec<(&str, u64)> =
        s.iter().map(|a| (a["name"].as_str().unwrap(), a["transcripts"].as_u64().unwrap())).collect();
    assert_eq!(counts, vec![("Acme ^AB", 200), ("Acme ^CD", 400)]);
    assert_eq!(tally(&s[1], "no_harsh_words").2, 400);
    assert_eq!(tally(&s[0], "no_harsh_words").2, 0);
}
