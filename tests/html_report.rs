//! The HTML report, checked as written and as a browser shows it. The browser half loads the
//! report in headless Chromium (`--dump-dom` gives the DOM after the page's script has run, and
//! the page applies filters and opens cases from the URL hash) and is skipped, with a notice,
//! where /usr/bin/chromium is not installed.

mod common;

use regex::Regex;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> common::Scratch {
    common::Scratch::new("html", name)
}

/// Cases chosen for what the page must show: one with a fact, a feeling and a claim to check;
/// two identical cases (a priority tie, so input order must decide); a calm one; and one whose
/// id and text try to break out of the page.
const FIXTURE: &str = r#"{"id": "calm", "text": "Thanks, the refund arrived and all is sorted."}
{"id": "tie-a", "text": "My parcel is late again and nobody answers the phone."}
{"id": "hot", "text": "You charged me $1,240.00 twice on March 3 and I am furious. I always pay on time, every single month. If this is not refunded by Friday I will switch provider and report you to the ombudsman."}
{"id": "tie-b", "text": "My parcel is late again and nobody answers the phone."}
{"id": "<b id=\"pwned-id\">x</b>", "text": "I am angry. </script><script>document.body.dataset.pwned=1</script><img src=x id=pwned-text> was charged $5."}
"#;

/// Writes the fixture plus the bundled CSV sample as one HTML report; returns its path.
fn report(dir: &Path) -> PathBuf {
    let input = dir.join("cases.jsonl");
    std::fs::write(&input, FIXTURE).unwrap();
    let out = dir.join("report.html");
    let o = Command::new(env!("CARGO_BIN_EXE_grievance"))
        .args(["analyze", &input.display().to_string()])
        .arg(root().join("samples/tickets.csv"))
        .args(["--format", "html", "--output", &out.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// (case id, priority, hidden) for each queue row, in document order.
fn rows(html: &str) -> Vec<(String, u32, bool)> {
    let tr = Regex::new(r#"<tr class="case[^"]*"([^>]*)>"#).unwrap();
    let id = Regex::new(r#"data-case-id="([^"]*)""#).unwrap();
    let p = Regex::new(r#"data-priority="(\d+)""#).unwrap();
    let hidden = Regex::new(r"\bhidden\b").unwrap();
    tr.captures_iter(html)
        .map(|c| {
            let attrs = &c[1];
            (
                id.captures(attrs).unwrap()[1].to_string(),
                p.captures(attrs).unwrap()[1].parse().unwrap(),
                hidden.is_match(attrs),
            )
        })
        .collect()
}

#[test]
fn the_file_is_self_contained_sorted_and_escaped() {
    let dir = tmp("static");
    let html = std::fs::read_to_string(report(&dir)).unwrap();
    for external in ["http://", "https://", "<link", " src=\"", "@import", "url("] {
        assert!(!html.contains(external), "nothing is fetched: found {external}");
    }
    let q = rows(&html);
    assert_eq!(q.len(), 5 + 12, "one row per case");
    assert!(q.windows(2).all(|w| w[0].1 >= w[1].1), "highest priority first: {q:?}");
    let ia = q.iter().position(|r| r.0 == "tie-a").unwrap();
    let ib = q.iter().position(|r| r.0 == "tie-b").unwrap();
    assert_eq!(q[ia].1, q[ib].1, "identical texts, identical priority");
    assert!(ia < ib, "ties keep input order");
    assert_eq!(q[0].0, "hot", "the threatening, angry double charge comes first: {q:?}");
    // The hostile text stays text: the only </script> are the page's own three closing tags,
    // and the id is escaped in the row.
    assert_eq!(html.matches("</script>").count(), 3);
    assert!(html.contains("data-case-id=\"&lt;b id=&quot;pwned-id&quot;&gt;x&lt;/b&gt;\""));
    // One chart per summary, as inline SVG; no agent column values, table or filter without
    // transcripts.
    assert_eq!(html.matches("<svg ").count(), 4);
    assert!(!html.contains("data-agent-score") && !html.contains("id=\"agents\"") && !html.contains("f-agent"));
    for title in ["Priority levels", "Issue families", "Main emotions", "dispute reason"] {
        assert!(html.contains(title), "{title} chart");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let a = std::fs::read(report(&tmp("det-a"))).unwrap();
    let b = std::fs::read(report(&tmp("det-b"))).unwrap();
    assert_eq!(a, b);
}

/// Runs headless Chromium on `url` with `extra` flags; returns its stdout.
fn chromium(dir: &Path, url: &str, extra: &[&str]) -> String {
    let profile = tempdir_in(dir, "profile");
    let o = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("run chromium");
    let _ = std::fs::remove_dir_all(&profile);
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn tempdir_in(dir: &Path, name: &str) -> PathBuf {
    let mut n = 0;
    loop {
        let p = dir.join(format!("{name}-{n}"));
        if std::fs::create_dir(&p).is_ok() {
            return p;
        }
        n += 1;
    }
}

fn browser_available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    eprintln!("NOTICE: {CHROMIUM} not found; skipping the browser test of the HTML report (apt-get install chromium)");
    false
}

fn url(path: &Path, hash: &str) -> String {
    format!("file://{}#{hash}", path.display())
}

#[test]
fn in_a_browser_the_queue_filters_and_highlights_work() {
    if !browser_available() {
        return;
    }
    let dir = tmp("browser");
    let page = report(&dir);

    // Unfiltered: every row shown, in priority order, nothing injected by the hostile case.
    let dom = chromium(&dir, &url(&page, ""), &["--dump-dom"]);
    let q = rows(&dom);
    assert_eq!(q.len(), 17, "the queue survives the script: {}", &dom[..dom.len().min(2000)]);
    assert!(q.iter().all(|r| !r.2), "no filter, no hidden row");
    assert!(q.windows(2).all(|w| w[0].1 >= w[1].1));
    assert!(dom.contains("data-shown=\"17\""), "the page's script ran");

    // A level filter from the hash hides exactly the rows of other levels.
    let dom = chromium(&dir, &url(&page, "level=low"), &["--dump-dom"]);
    let level = Regex::new(r#"<tr class="case[^"]*"[^>]*data-level="(\w+)"[^>]*>"#).unwrap();
    let hidden_attr = Regex::new(r"\bhidden\b").unwrap();
    let mut shown = 0;
    for c in level.captures_iter(&dom) {
        let hidden = hidden_attr.is_match(&c[0]);
        assert_eq!(hidden, &c[1] != "low", "{}", &c[0]);
        shown += usize::from(!hidden);
    }
    assert!(shown > 0 && shown < 17, "some rows are low, not all: {shown}");
    assert!(dom.contains(&format!("data-shown=\"{shown}\"")));

    // Text search reaches into the case text, which is only in the embedded JSON.
    let dom = chromium(&dir, &url(&page, "q=ombudsman"), &["--dump-dom"]);
    let visible: Vec<String> = rows(&dom).into_iter().filter(|r| !r.2).map(|r| r.0).collect();
    assert_eq!(visible, vec!["hot"]);

    // Opening a case renders its text with facts, feelings and disputes marked, each with why.
    let dom = chromium(&dir, &url(&page, "open=hot"), &["--dump-dom"]);
    let detail = &dom[dom.find("<tr class=\"detail\"").expect("the case opened")..];
    let detail = &detail[..detail.find("</tr>").unwrap()];
    let mark = Regex::new(r#"<mark data-kind="(\w+)" data-why="([^"]*)"[^>]*>([^<]*)"#).unwrap();
    let marks: Vec<(String, String, String)> =
        mark.captures_iter(detail).map(|c| (c[1].to_string(), c[2].to_string(), c[3].to_string())).collect();
    let find = |kind: &str, text: &str| marks.iter().find(|m| m.0 == kind && m.2.contains(text)).cloned();
    let money = find("fact", "$1,240.00").unwrap_or_else(|| panic!("money fact marked: {marks:?}"));
    assert!(money.1.contains("money") && money.1.contains("1240.00"), "why: {}", money.1);
    let furious = find("feeling", "furious").unwrap_or_else(|| panic!("feeling marked: {marks:?}"));
    assert!(furious.1.contains("anger") && furious.1.contains(".tsv:"), "the lexicon entry: {}", furious.1);
    let always = find("dispute", "always").unwrap_or_else(|| panic!("dispute marked: {marks:?}"));
    assert!(always.1.contains("absolute") && always.1.contains("ask:"), "the question to ask: {}", always.1);
    for heading in ["Acknowledge", "Problem", "Feelings", "Actions", "Why this priority"] {
        assert!(detail.contains(&format!("<h4>{heading}</h4>")), "{heading} shown");
    }

    // The hostile case opens as text: no element was injected, the script did not run.
    let dom = chromium(&dir, &url(&page, "open=%3Cb%20id%3D%22pwned-id%22%3Ex%3C%2Fb%3E"), &["--dump-dom"]);
    assert!(dom.contains("<tr class=\"detail\""), "the hostile case opened");
    assert!(dom.contains("&lt;/script&gt;&lt;script&gt;"), "its text is shown as text");
    // (Serialised text escapes `<`, so a literal `<b` or `<img` can only be an element.)
    for injected in ["<b id=", "<img", "data-pwned"] {
        assert!(!dom.contains(injected), "{injected} was injected");
    }

    // A screenshot of the opened case with the tooltip of its first dispute, for a person to
    // look at (target/html-report.png); here only that it was drawn.
    let shot = root().join("target").join("html-report.png");
    let _ = std::fs::remove_file(&shot);
    chromium(
        &dir,
        &url(&page, "open=hot&tip=dispute"),
        &[&format!("--screenshot={}", shot.display()), "--window-size=1400,1000"],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a drawn page, not a blank one: {} bytes", png.len());
}

/// Large batches: case details stay out of the markup until opened (no highlight is in the
/// written page), and the page stays well under the size of the JSON Lines output for the same
/// cases (recurring strings are stored once), so it grows in proportion to the batch.
#[test]
fn a_large_batch_stays_in_proportion() {
    let dir = tmp("large");
    let input = dir.join("many.jsonl");
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!(
            "{{\"id\": \"L-{i}\", \"text\": \"Order {i} arrived {} days late and the box was crushed. I always order on time, I am {} and I want a refund of ${}.{:02} by Friday.\"}}\n",
            i % 17 + 2,
            ["furious", "upset", "disappointed", "worried"][i % 4],
            i * 3 + 10,
            i % 100
        ));
    }
    std::fs::write(&input, &text).unwrap();
    let out = dir.join("many.html");
    let o = Command::new(env!("CARGO_BIN_EXE_grievance"))
        .args(["analyze", &input.display().to_string(), "--format", "html", "--output", &out.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(&out).unwrap();
    assert_eq!(rows(&html).len(), 2000);
    assert!(!html.contains("<mark"), "details are rendered when opened, not written as markup");
    let jsonl = Command::new(env!("CARGO_BIN_EXE_grievance")).arg("analyze").arg(&input).output().unwrap().stdout;
    let ratio = html.len() as f64 / jsonl.len() as f64;
    assert!(ratio < 0.6, "the report is {ratio:.2} times the JSON Lines output");
}

/// The two sample transcripts (a call handled well, a chat handled badly), the support threads
/// fixture (agents named by signature) and an e-mail that is no transcript, as one report.
fn transcript_report(dir: &Path) -> PathBuf {
    let out = dir.join("transcripts.html");
    let o = Command::new(env!("CARGO_BIN_EXE_grievance"))
        .arg("analyze")
        .args(
            [
                "samples/call-transcript.txt",
                "samples/chat.txt",
                "tests/fixtures/agent/threads.jsonl",
                "samples/email.txt",
            ]
            .map(|p| root().join(p)),
        )
        .args(["--format", "html", "--output", &out.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// The agent score of each queue row that has one, by case id.
fn agent_scores(html: &str) -> Vec<(String, Option<u32>)> {
    let tr = Regex::new(r#"<tr class="case[^"]*"([^>]*)>"#).unwrap();
    let id = Regex::new(r#"data-case-id="([^"]*)""#).unwrap();
    let score = Regex::new(r#"data-agent-score="(\d+)""#).unwrap();
    tr.captures_iter(html)
        .map(|c| (id.captures(&c[1]).unwrap()[1].to_string(), score.captures(&c[1]).map(|s| s[1].parse().unwrap())))
        .collect()
}

#[test]
fn transcripts_get_an_agent_column_and_a_table_per_agent() {
    let dir = tmp("agents-static");
    let html = std::fs::read_to_string(transcript_report(&dir)).unwrap();
    // The column's scores are the scorecards' scores; the e-mail has none, and a blank cell.
    let jsonl = Command::new(env!("CARGO_BIN_EXE_grievance"))
        .args(["analyze", "samples/chat.txt", "samples/call-transcript.txt", "samples/email.txt"])
        .current_dir(root())
        .output()
        .unwrap()
        .stdout;
    let reports: Vec<serde_json::Value> =
        String::from_utf8(jsonl).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let scores = agent_scores(&html);
    assert_eq!(scores.len(), 6);
    for r in &reports {
        let id = r["id"].as_str().unwrap();
        let want = r["agent"]["score"].as_u64().map(|s| s as u32);
        assert_eq!(scores.iter().find(|s| s.0 == id).map(|s| s.1), Some(want), "{id}");
    }
    assert_eq!(scores.iter().filter(|s| s.1.is_some()).count(), 5, "every transcript has a score: {scores:?}");
    assert!(html.contains("<th title=\"Agent scorecard (transcripts only), 0-100\">Agent</th>"));
    let email_row = html.lines().find(|l| l.contains("data-case-id=\"email.txt\"")).unwrap();
    assert!(email_row.contains("<td class=\"num agent\"></td>"), "{email_row}");

    // One row per named agent, sorted by name, with the steps each went against.
    let table = &html[html.find("<section id=\"agents\"").expect("the agent table")..];
    let table = &table[..table.find("</section>").unwrap()];
    let agent = Regex::new(r#"<tr data-agent="([^"]*)">"#).unwrap();
    let names: Vec<&str> = agent.captures_iter(table).map(|c| c.get(1).unwrap().as_str()).collect();
    assert_eq!(names, ["Marcus", "Northwind ^AB", "Northwind ^CD", "Priya"]);
    let row = |name: &str| {
        let at = table.find(&format!("<tr data-agent=\"{name}\">")).unwrap();
        &table[at..at + table[at..].find("</tr>").unwrap()]
    };
    let harsh = Regex::new(r#"<td class="num( against)?" data-step="no_harsh_words" title="done (\d+), missed (\d+), against (\d+)">(\d+)</td>"#).unwrap();
    let h = harsh.captures(row("Marcus")).expect("a harsh-words cell");
    assert_eq!((&h[1], &h[4], &h[5]), (" against", "1", "1"));
    let h = harsh.captures(row("Northwind ^AB")).unwrap();
    assert_eq!((&h[2], &h[4]), ("1", "1"), "one thread fine, one dismissive");
    assert!(harsh.captures(row("Priya")).unwrap().get(1).is_none());
    assert!(html.contains("<select id=\"f-agent\" data-key=\"agent\">"), "transcripts get the agent filter");
    let again = std::fs::read_to_string(transcript_report(&tmp("agents-static-2"))).unwrap();
    assert!(again == html, "the same transcripts give the same bytes");
}

/// (step, mark) of each row of an opened case's scorecard, in order.
fn panel_marks(detail: &str) -> Vec<(String, String)> {
    let tr = Regex::new(r#"<tr data-step="(\w+)" data-mark="(\w+)">"#).unwrap();
    tr.captures_iter(detail).map(|c| (c[1].to_string(), c[2].to_string())).collect()
}

fn opened(dom: &str) -> &str {
    let detail = &dom[dom.find("<tr class=\"detail\"").expect("the case opened")..];
    // The detail row holds tables of its own: it ends where the next queue row starts.
    &detail[..detail.find("<tr class=\"case").unwrap_or(detail.len())]
}

#[test]
fn in_a_browser_transcripts_open_to_their_agent_panel() {
    if !browser_available() {
        return;
    }
    let dir = tmp("agents-browser");
    let page = transcript_report(&dir);

    // The chat: harsh words, policy and a hedged promise are marked against, with their cues.
    let dom = chromium(&dir, &url(&page, "open=chat.txt"), &["--dump-dom"]);
    let chat = opened(&dom);
    assert!(
        chat.contains("<h3 class=\"agent-head\">Agent Marcus — <span class=\"agent poor\">0/100</span></h3>"),
        "{chat}"
    );
    let marks = panel_marks(chat);
    let want = [
        ("acknowledge_first", "against"),
        ("restate", "missed"),
        ("ask_facts", "missed"),
        ("no_harsh_words", "against"),
        ("no_unsure_promises", "against"),
        ("positive_framing", "against"),
        ("next_step", "missed"),
        ("no_repeating", "done"),
    ];
    assert_eq!(marks, want.map(|(a, b)| (a.to_string(), b.to_string())));
    let harsh = &chat[chat.find("data-step=\"no_harsh_words\"").unwrap()..];
    let harsh = &harsh[..harsh.find("</tr>").unwrap()];
    assert!(harsh.contains("<span class=\"badge against\">against</span>"), "{harsh}");
    for cue in ["turn 13 · Agent", "“calm down”", "lexicons/agent_harsh.tsv:10", "“That's our policy”"] {
        assert!(harsh.contains(cue), "{cue} in {harsh}");
    }
    // The client's side: a sparkline with its peak marked, escalating, and the questions left.
    assert!(chat.contains("class=\"spark\"") && chat.contains("class=\"peak\""), "the sparkline");
    assert!(
        chat.contains("peak -0.64 (turn 12)") && chat.contains("<span class=\"trend escalating\">escalating</span>")
    );
    assert!(chat.contains("turn 9: “how was she supposed to know??” (not answered)"), "{chat}");

    // The call: every step done, the client calming.
    let dom = chromium(&dir, &url(&page, "open=call-transcript.txt"), &["--dump-dom"]);
    let call = opened(&dom);
    let marks = panel_marks(call);
    assert_eq!(marks.len(), 8);
    assert!(marks.iter().all(|m| m.1 == "done"), "{marks:?}");
    assert!(call.contains("Agent Priya — <span class=\"agent good\">100/100</span>"));
    assert!(call.contains("<span class=\"trend calming\">calming</span>"));

    // The e-mail opens without a panel.
    let dom = chromium(&dir, &url(&page, "open=email.txt"), &["--dump-dom"]);
    assert!(!opened(&dom).contains("agent-panel"));

    // The agent filter: transcripts only, then only the low scores; a name searches its cases.
    let visible = |hash: &str| -> Vec<String> {
        let dom = chromium(&dir, &url(&page, hash), &["--dump-dom"]);
        rows(&dom).into_iter().filter(|r| !r.2).map(|r| r.0).collect()
    };
    assert_eq!(visible("agent=scored").len(), 5);
    let low = visible("agent=low");
    assert!(low.contains(&"chat.txt".to_string()) && !low.contains(&"call-transcript.txt".to_string()), "{low:?}");
    assert_eq!(visible("q=Priya"), ["call-transcript.txt"]);

    // A screenshot of the chat with its panel (target/html-agent-panel.png), for a person to look
    // at; the window is tall enough to show the panel below the case text.
    let shot = root().join("target").join("html-agent-panel.png");
    let _ = std::fs::remove_file(&shot);
    chromium(
        &dir,
        &url(&page, "open=chat.txt"),
        &[&format!("--screenshot={}", shot.display()), "--window-size=1400,2600"],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a drawn page: {} bytes", png.len());
}
