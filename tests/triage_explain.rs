//! The reviewer's commands: `triage` (the queue in a terminal), `explain` (the reasoning on one
//! text), CSV columns chosen with `--fields`, and progress that only a terminal sees.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_grievance"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).env_remove("NO_COLOR").output().expect("run grievance")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A cases file in a scratch folder; the folder goes when the returned guard is dropped.
/// The guard is held only so the folder lives as long as the path is used.
struct Fixture(#[allow(dead_code)] common::Scratch, String);

impl std::ops::Deref for Fixture {
    type Target = str;
    fn deref(&self) -> &str {
        &self.1
    }
}

fn fixture(name: &str, content: &str) -> Fixture {
    let d = common::Scratch::new("te", name);
    let f = d.join("cases.jsonl");
    std::fs::write(&f, content).unwrap();
    let shown = f.display().to_string();
    Fixture(d, shown)
}

fn sample(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples").join(name).display().to_string()
}

/// A calm case first, two identical angry ones (a tie) around the hottest one.
const QUEUE: &str = r#"{"id": "calm", "text": "Thanks, the refund arrived and all is sorted."}
{"id": "tie-1", "text": "My parcel is late again and nobody answers the phone. I am fed up."}
{"id": "hot", "text": "You charged me $1,240.00 twice and I am furious. I will switch provider and report you to the ombudsman."}
{"id": "tie-2", "text": "My parcel is late again and nobody answers the phone. I am fed up."}
"#;

/// (id, score, level) of each triage line.
fn queue(o: &Output) -> Vec<(String, u32, String)> {
    stdout(o)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f[0].to_string(), f[1].parse().unwrap_or_else(|_| panic!("score in {l:?}")), f[2].to_string())
        })
        .collect()
}

#[test]
fn triage_sorts_by_priority_and_keeps_input_order_on_ties() {
    let f = fixture("queue", QUEUE);
    let o = run(&["triage", &f]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let q = queue(&o);
    let ids: Vec<&str> = q.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(ids, ["hot", "tie-1", "tie-2", "calm"], "{}", stdout(&o));
    assert!(q.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(q[1].1, q[2].1, "identical texts tie");
    // Each line: id, priority, level, issue, main emotion, top reason.
    let hot = stdout(&o).lines().next().unwrap().to_string();
    assert!(hot.contains("billing") && hot.contains("(+"), "issue and top reason: {hot}");
    assert!(!stdout(&o).contains('\x1b'), "no colour into a pipe");
    assert!(stderr(&o).contains("4 read, 4 analysed, 0 failed"));
}

#[test]
fn triage_top_and_min_level_cut_the_queue() {
    let f = fixture("cut", QUEUE);
    let all = queue(&run(&["triage", &f]));
    let top = run(&["triage", &f, "--top", "2"]);
    assert_eq!(queue(&top), all[..2].to_vec());
    assert!(stderr(&top).contains("showing 2 of 4 cases"), "{}", stderr(&top));

    let high = queue(&run(&["triage", &f, "--min-level", "high"]));
    let expected: Vec<_> = all.iter().filter(|r| r.2 == "high" || r.2 == "urgent").cloned().collect();
    assert!(!expected.is_empty() && expected.len() < all.len(), "the fixture spans levels: {all:?}");
    assert_eq!(high, expected);

    let bad = run(&["triage", &f, "--min-level", "severe"]);
    assert_eq!(bad.status.code(), Some(2), "an unknown level is a usage error");
}

#[test]
fn triage_colours_levels_when_asked() {
    let f = fixture("colour", QUEUE);
    let o = run(&["triage", &f, "--color", "always"]);
    assert!(stdout(&o).contains("\x1b["), "{}", stdout(&o));
}

#[test]
fn explain_shows_kinds_entries_modifiers_and_the_priority_sum() {
    let text = "I am not happy at all. I am REALLY furious!!! I always pay on time and you charged me $40 twice.";
    let o = run(&["explain", text, "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // Every sentence with its kind and why.
    assert!(out.contains("1. feeling \"I am not happy at all.\""), "{out}");
    assert!(out.contains("3. fact    \"I always pay on time"), "{out}");
    assert!(out.contains("kind because: specifics: money"), "{out}");
    // Findings with the lexicon entry or rule, and what negators and intensifiers changed.
    assert!(out.contains("negated \"happy\"  <- lexicons/emotions.tsv:"), "{out}");
    assert!(out.contains("changed by: negated by `not` (lexicons/negators.tsv:"), "{out}");
    assert!(out.contains("changed by: intensifier `really`"), "{out}");
    assert!(out.contains("money \"$40\" = 40.00 USD  <- rule:"), "{out}");
    assert!(out.contains("dispute absolute \"always\"  <- lexicons/absolutes.tsv:"), "{out}");
    assert!(out.contains("ask: "), "{out}");
    // The priority: its reasons' points add up to the score shown (when under the cap).
    let points: u32 = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("+ "))
        .filter_map(|l| l.rsplit_once("(+")?.1.strip_suffix(')')?.parse::<u32>().ok())
        .sum();
    let total = out.lines().find_map(|l| l.trim().strip_prefix("= ")).expect("the total");
    let score: u32 = total.split_whitespace().next().unwrap().parse().unwrap();
    assert_eq!(score, points.min(100), "{out}");
    // The same score as the analysis reports.
    let json = run(&["analyze", &fixture("same", &format!("{{\"id\":\"t\",\"text\":{}}}\n", serde_json::json!(text)))]);
    let r: serde_json::Value = serde_json::from_str(stdout(&json).lines().next().unwrap()).unwrap();
    assert_eq!(r["priority"]["score"].as_u64().unwrap() as u32, score);
}

#[test]
fn explain_reads_files_and_refuses_nothing_to_explain() {
    let o = run(&["explain", "--file", &sample("chat.txt"), "--color", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("customer: \""), "transcript speakers are shown");
    assert_eq!(run(&["explain"]).status.code(), Some(2));
    assert_eq!(run(&["explain", "  "]).status.code(), Some(2));
}

#[test]
fn csv_fields_choose_and_order_the_columns() {
    let f = fixture("csv", QUEUE);
    let o = run(&["analyze", &f, "--format", "csv", "--fields", "level,id,dispute_reasons,text"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    assert_eq!(rdr.headers().unwrap().iter().collect::<Vec<_>>(), ["level", "id", "dispute_reasons", "text"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][1], "calm", "input order, not queue order");
    assert!(rows[2][3].contains("$1,240.00"));

    // The default: a stable order, every field but the text.
    let d = run(&["analyze", &f, "--format", "csv"]);
    let header = stdout(&d).lines().next().unwrap().to_string();
    assert!(header.starts_with("id,complaint,priority,level,sentiment,emotion,family,intensity,issue,issue_label,"));
    assert!(header.ends_with(",error") && !header.contains(",text,"), "{header}");
}

#[test]
fn unknown_csv_field_is_a_usage_error_listing_the_valid_ones() {
    let f = fixture("badfield", QUEUE);
    let o = run(&["analyze", &f, "--format", "csv", "--fields", "id,priorty"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("priorty") && e.contains("possible values") && e.contains("top_reason"), "{e}");
    assert!(o.stdout.is_empty());
    let o = run(&["analyze", &f, "--format", "jsonl", "--fields", "id"]);
    assert_eq!(o.status.code(), Some(2), "--fields without CSV is a mistake worth saying");
}

#[test]
fn csv_cells_cannot_become_formulas() {
    let f = fixture("formula", "{\"id\": \"=HYPERLINK(\\\"http://x\\\")\", \"text\": \"I was charged twice.\"}\n");
    let o = run(&["analyze", &f, "--format", "csv", "--fields", "id,sentiment"]);
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let row = rdr.records().next().unwrap().unwrap();
    assert!(row[0].starts_with("'="), "{:?}", &row[0]);
    assert!(row[1].parse::<f64>().is_ok(), "numbers stay numbers: {:?}", &row[1]);
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let o = run(&["analyze", &sample("tickets.csv"), "--output", "/dev/null"]);
    let e = stderr(&o);
    assert!(!e.contains('\r') && !e.contains("cases/s"), "{e:?}");
    assert_eq!(e.lines().count(), 1, "only the summary: {e:?}");
}

/// Under a pseudo-terminal (util-linux `script`), progress is drawn and then cleared before the
/// summary. Skipped where `script` is not installed.
#[test]
fn progress_on_a_terminal() {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("NOTICE: /usr/bin/script not found; skipping the terminal progress test");
        return;
    }
    let big = (0..3000)
        .map(|i| {
            format!(
                "{{\"id\": \"c{i}\", \"text\": \"I was charged $40 twice on March {} and I am furious.\"}}\n",
                i % 28 + 1
            )
        })
        .collect::<String>();
    let f = fixture("progress", &big);
    let cmd = format!("{} analyze {} --output /dev/null --jobs 1", env!("CARGO_BIN_EXE_grievance"), &*f);
    let o = Command::new("/usr/bin/script").args(["-qec", &cmd, "/dev/null"]).output().unwrap();
    let all = String::from_utf8_lossy(&o.stdout);
    assert!(all.contains("cases/s"), "progress drawn: {all:?}");
    assert!(all.contains("%"), "input size known, so a percentage: {all:?}");
    // (A terminal turns "\n" into "\r\n".)
    let last = all.trim_end().rsplit('\r').next().unwrap_or("");
    let last = last.trim_start_matches("\x1b[K");
    assert!(last.starts_with("grievance: 3000 read, 3000 analysed, 0 failed"), "summary on a clean line: {all:?}");
}
