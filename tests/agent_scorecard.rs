//! The agent scorecard and the conversation view, from the binary: the two sample transcripts
//! (a call handled well, a chat handled badly) scored as a reviewer would score them, a call in
//! another label format and JSON Lines threads, and the real support threads when present.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_grievance")).args(args).output().expect("run grievance")
}

fn reports(path: &str) -> Vec<Value> {
    let o = run(&["analyze", path, "--format", "jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn one(rel: &str) -> Value {
    let mut r = reports(&root().join(rel).display().to_string());
    assert_eq!(r.len(), 1);
    r.remove(0)
}

/// The marks of a card in entry order, as (step, mark).
fn marks(card: &Value) -> Vec<(String, String)> {
    card["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| (s["step"].as_str().unwrap().to_string(), s["mark"].as_str().unwrap().to_string()))
        .collect()
}

fn expect(card: &Value, want: &[(&str, &str)]) {
    let got = marks(card);
    let got: Vec<(&str, &str)> = got.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(got, want, "{card:#}");
}

#[test]
fn the_well_handled_call_scores_clearly_above_the_badly_handled_chat() {
    let call = one("samples/call-transcript.txt");
    let chat = one("samples/chat.txt");
    let (c, h) = (call["agent"]["score"].as_u64().unwrap(), chat["agent"]["score"].as_u64().unwrap());
    assert!(c >= 85 && h <= 30 && c - h >= 50, "call {c}, chat {h}");
    assert_eq!(call["agent"]["names"], serde_json::json!(["Priya"]));
    assert_eq!(chat["agent"]["names"], serde_json::json!(["Marcus"]));
}

#[test]
fn the_call_follows_every_step() {
    let call = one("samples/call-transcript.txt");
    expect(
        &call["agent"],
        &[
            ("acknowledge_first", "done"),
            ("restate", "done"),
            ("ask_facts", "done"),
            ("no_harsh_words", "done"),
            ("no_unsure_promises", "done"),
            ("positive_framing", "done"),
            ("next_step", "done"),
            ("no_repeating", "done"),
        ],
    );
    // The evidence names the turn, the speaker and the lexicon line.
    let next = &call["agent"]["steps"][6];
    assert!(next["evidence"].as_str().unwrap().contains("(Priya)"), "{next}");
    assert!(next["cues"][0]["source"].as_str().unwrap().starts_with("lexicons/agent_cues.tsv:"));
    let c = &call["conversation"];
    assert_eq!(c["turns"], 33);
    assert_eq!(c["emotion"]["trend"], "calming", "{c}");
    assert!(c["repeats"].as_array().unwrap().is_empty(), "{c}");
    assert!(c["unanswered"].as_array().unwrap().is_empty(), "{c}");
}

#[test]
fn the_chat_blames_hides_behind_policy_and_owns_nothing() {
    let chat = one("samples/chat.txt");
    expect(
        &chat["agent"],
        &[
            ("acknowledge_first", "against"),
            ("restate", "missed"),
            ("ask_facts", "missed"),
            ("no_harsh_words", "against"),
            ("no_unsure_promises", "against"),
            ("positive_framing", "against"),
            ("next_step", "missed"),
            ("no_repeating", "done"),
        ],
    );
    let harsh: Vec<&str> =
        chat["agent"]["steps"][3]["cues"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    for cue in ["you should have", "That's our policy", "calm down"] {
        assert!(harsh.contains(&cue), "{cue} not in {harsh:?}");
    }
    let c = &chat["conversation"];
    assert_eq!(c["emotion"]["trend"], "escalating", "{c}");
    let left: Vec<&str> = c["unanswered"].as_array().unwrap().iter().map(|u| u["text"].as_str().unwrap()).collect();
    assert_eq!(left, vec!["how was she supposed to know??", "then why charge for express??"]);
}

#[test]
fn a_call_where_the_client_repeats_and_the_promise_is_hedged() {
    let r = one("tests/fixtures/agent/lost-bag-call.txt");
    expect(
        &r["agent"],
        &[
            ("acknowledge_first", "done"),
            ("restate", "missed"),
            ("ask_facts", "done"),
            ("no_harsh_words", "done"),
            ("no_unsure_promises", "against"),
            ("positive_framing", "done"),
            ("next_step", "done"),
            ("no_repeating", "against"),
        ],
    );
    // 100 - 10 (missed) - 1.5 * 10 - 1.5 * 10 (against).
    assert_eq!(r["agent"]["score"], 60);
    assert_eq!(r["agent"]["names"], serde_json::json!(["Sam"]));
    let repeats = r["conversation"]["repeats"].as_array().unwrap();
    assert!(repeats.iter().any(|x| x["kind"] == "marker" && x["turn"] == 4 && x["prompted"] == true), "{repeats:?}");
}

#[test]
fn json_lines_threads_are_scored_and_signed_agents_named() {
    let rs = reports(&root().join("tests/fixtures/agent/threads.jsonl").display().to_string());
    assert_eq!(rs.len(), 3);
    let names: Vec<&Value> = rs.iter().map(|r| &r["agent"]["names"][0]).collect();
    assert_eq!(names, vec!["Northwind ^AB", "Northwind ^CD", "Northwind ^AB"]);
    assert_eq!(rs[0]["agent"]["steps"][6]["mark"], "done", "owner and time: {:#}", rs[0]["agent"]);
    assert_eq!(rs[1]["agent"]["steps"][7]["mark"], "against", "asked for an order number already given");
    assert_eq!(rs[2]["agent"]["steps"][3]["mark"], "against", "policy and dismissal");
    let s: Vec<u64> = rs.iter().map(|r| r["agent"]["score"].as_u64().unwrap()).collect();
    assert!(s[0] > s[1] && s[1] > s[2], "{s:?}");
}

#[test]
fn the_text_format_shows_the_scorecard_after_the_framing() {
    let path = root().join("samples/chat.txt").display().to_string();
    let o = run(&["analyze", &path, "--format", "text"]);
    let out = String::from_utf8(o.stdout).unwrap();
    let framing = out.find("   problem:").expect("framing");
    let card = out.find("agent Marcus: 0/100").expect("scorecard heading");
    assert!(card > framing);
    assert!(out.contains("against no harsh, blaming or dismissive words: turn 8"), "{out}");
    assert!(out.contains("conversation: 21 turns;"), "{out}");
}

#[test]
fn cases_that_are_not_transcripts_have_no_card() {
    let r = one("samples/email.txt");
    assert!(r.get("agent").is_none() && r.get("conversation").is_none());
}

/// The public support threads, when ../shared/data is there: every thread gets a card, the
/// scores stay in range, and the output does not change from one run to the next.
#[test]
fn every_support_thread_gets_a_scorecard() {
    let path = root().join("../shared/data/transcripts/support_threads.jsonl");
    if !path.exists() {
        return;
    }
    let p = path.display().to_string();
    let rs = reports(&p);
    assert_eq!(rs.len(), 175);
    for r in &rs {
        let score = r["agent"]["score"].as_u64().unwrap_or_else(|| panic!("no card: {}", r["id"]));
        assert!(score <= 100);
        assert_eq!(r["agent"]["steps"].as_array().unwrap().len(), 8);
    }
    assert_eq!(run(&["analyze", &p]).stdout, run(&["analyze", &p]).stdout, "deterministic");
}

/// The CSV columns: the score, the steps gone against (by label) and the client's trend, blank
/// for cases that are not transcripts; in the default columns, before `error`.
#[test]
fn csv_has_the_score_the_steps_against_and_the_trend() {
    let (call, chat, email) =
        (root().join("samples/call-transcript.txt"), root().join("samples/chat.txt"), root().join("samples/email.txt"));
    let o = Command::new(env!("CARGO_BIN_EXE_grievance"))
        .arg("analyze")
        .args([&call, &chat, &email])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let n = head.len();
    assert_eq!(head[n - 4..], ["agent_score", "agent_against", "conversation_trend", "error"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let cell = |r: usize, name: &str| rows[r][head.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(
        (cell(0, "agent_score"), cell(0, "agent_against"), cell(0, "conversation_trend")),
        ("100".into(), String::new(), "calming".into())
    );
    assert_eq!(cell(1, "agent_score"), "0");
    assert_eq!(
        cell(1, "agent_against"),
        "acknowledged the feeling before disputing any fact; no harsh, blaming or dismissive words; \
no hedged or unverifiable promises; framed the problem positively"
    );
    assert_eq!(cell(1, "conversation_trend"), "escalating");
    assert!(["agent_score", "agent_against", "conversation_trend"].iter().all(|f| cell(2, f).is_empty()));

    let o = run(&[
        "analyze",
        &chat.display().to_string(),
        "--format",
        "csv",
        "--fields",
        "id,agent_score,conversation_trend",
    ]);
    assert_eq!(String::from_utf8(o.stdout).unwrap(), "id,agent_score,conversation_trend\nchat.txt,0,escalating\n");
}
