//! Hostile and large inputs, end to end through the binary: malformed CSV, invalid UTF-8,
//! binary garbage, empty files, 20 MB records, a closed pipe and a failing output file. Every
//! input gets a clear error or a correct result, the good records are kept, the counts add up,
//! and nothing panics. Big inputs are generated here, in a temporary folder, never committed.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_grievance"))
}

/// A fresh temporary folder for one test.
fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("grievance-rel-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn analyze(args: &[&str]) -> Output {
    bin().arg("analyze").args(args).stdin(Stdio::null()).output().expect("run grievance")
}

fn analyze_file(path: &Path, extra: &[&str]) -> Output {
    let mut args = vec![path.to_str().unwrap()];
    args.extend_from_slice(extra);
    analyze(&args)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Output lines as JSON; panics on anything that is not one JSON object per line.
fn rows(o: &Output) -> Vec<serde_json::Value> {
    let out = std::str::from_utf8(&o.stdout).expect("the output is UTF-8");
    out.lines().map(|l| serde_json::from_str(l).expect("each output line is JSON")).collect()
}

/// The counts of the last stderr line: `grievance: N read, N analysed, N failed (..s)`.
fn counts(o: &Output) -> (u64, u64, u64) {
    let err = stderr(o);
    let last = err.lines().last().unwrap_or_default();
    let nums: Vec<u64> = last
        .trim_start_matches("grievance: ")
        .split(", ")
        .take(3)
        .map(|part| part.split(' ').next().unwrap().parse().unwrap_or_else(|_| panic!("no counts in {last:?}")))
        .collect();
    (nums[0], nums[1], nums[2])
}

/// Nothing panicked, the exit code is the documented one, the counts add up and match the
/// output: one report or error record per record read.
fn check_run(o: &Output) -> Vec<serde_json::Value> {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "a panic: {err}");
    let (read, analysed, failed) = counts(o);
    assert_eq!(read, analysed + failed, "counts add up: {err}");
    let expected = if failed > 0 { 1 } else { 0 };
    assert_eq!(o.status.code(), Some(expected), "exit code: {err}");
    let rows = rows(o);
    assert_eq!(rows.len() as u64, read, "one output record per record read");
    let reports = rows.iter().filter(|r| r.get("id").is_some()).count() as u64;
    let errors = rows.iter().filter(|r| r.get("error").is_some()).count() as u64;
    assert_eq!((reports, errors), (analysed, failed));
    rows
}

fn ids(rows: &[serde_json::Value]) -> Vec<&str> {
    rows.iter().filter_map(|r| r["id"].as_str()).collect()
}

fn errors(rows: &[serde_json::Value]) -> Vec<(String, String)> {
    rows.iter()
        .filter(|r| r.get("error").is_some())
        .map(|r| (r["source"].as_str().unwrap().to_string(), r["error"].as_str().unwrap().to_string()))
        .collect()
}

/// Every span of a report is inside `text` and on character boundaries, and cuts out the text
/// the report says it does.
fn check_spans(report: &serde_json::Value, text: &str) {
    for list in ["sentences", "facts", "feelings", "disputes", "threats", "remedies"] {
        for item in report[list].as_array().unwrap() {
            let (s, e) = (item["start"].as_u64().unwrap() as usize, item["end"].as_u64().unwrap() as usize);
            assert!(s <= e && e <= text.len(), "{list} span {s}..{e} outside the text");
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{list} span {s}..{e} cuts a character");
            if list == "sentences" {
                assert_eq!(item["text"].as_str().unwrap(), &text[s..e]);
            }
        }
    }
}

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// About `bytes` of plain prose that the steps find little in, so a 20 MB record stays quick to
/// analyse even in a debug build while still going through every step.
fn filler(bytes: usize) -> String {
    let line = "The weather in the north was mild and the garden looked green in the morning. ";
    line.repeat(bytes / line.len() + 1)
}

const MB20: usize = 20 * 1024 * 1024;

#[test]
fn csv_ragged_rows_cost_one_row_each() {
    let d = tmp("ragged");
    let f = d.join("ragged.csv");
    std::fs::write(
        &f,
        "id,text,channel\n\
         r1,The invoice total is wrong.,email\n\
         r2,Refund never arrived, I asked twice,chat\n\
         r3,Charged twice for one order\n\
         r4,\"Parcel left in the rain, box soaked.\",phone\n",
    )
    .unwrap();
    let o = analyze_file(&f, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (4, 2, 2));
    assert_eq!(ids(&rows), ["r1", "r4"]);
    let errs = errors(&rows);
    let src = f.display().to_string();
    assert_eq!(errs[0].0, format!("{src}:3"));
    assert!(errs[0].1.contains("the row has 4 fields but the header has 3"), "{}", errs[0].1);
    assert_eq!(errs[1].0, format!("{src}:4"));
    assert!(errs[1].1.contains("the row has 2 fields"), "{}", errs[1].1);
    assert_eq!(rows[1]["record_id"], "r2", "the error names the record");
}

#[test]
fn csv_unterminated_quote_is_reported_and_earlier_rows_kept() {
    let d = tmp("unterminated");
    let f = d.join("u.csv");
    std::fs::write(&f, "id,text\n1,I was charged twice.\n2,\"It never ends\n3,lost in the quote\n").unwrap();
    let o = analyze_file(&f, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (2, 1, 1));
    assert_eq!(ids(&rows), ["1"]);
    let errs = errors(&rows);
    assert_eq!(errs[0].0, format!("{}:3", f.display()));
    assert!(errs[0].1.starts_with("unterminated quote"), "{}", errs[0].1);
    // An unterminated quote in the header itself.
    std::fs::write(&f, "id,\"text\n1,a\n").unwrap();
    let o = analyze_file(&f, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (1, 0, 1));
    assert!(errors(&rows)[0].1.contains("header"), "{:?}", errors(&rows));
}

#[test]
fn csv_bom_and_crlf_read_as_plain_csv() {
    let d = tmp("bomcrlf");
    let f = d.join("b.csv");
    std::fs::write(
        &f,
        "\u{feff}id,text\r\nA1,\"I was charged $40.\r\nTwice!\"\r\nA2,The parcel is late.\r\n\r\nA3,Thanks for the help.",
    )
    .unwrap();
    let o = analyze_file(&f, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (3, 3, 0));
    assert_eq!(ids(&rows), ["A1", "A2", "A3"], "the BOM is not part of the first column's name");
    let firsts: Vec<&str> = rows.iter().map(|r| r["sentences"][0]["text"].as_str().unwrap()).collect();
    assert_eq!(firsts, ["I was charged $40.", "The parcel is late.", "Thanks for the help."]);
    assert_eq!(rows[0]["sentences"][1]["text"], "Twice!", "CRLF inside a quoted field is kept as a line break");
    assert!(rows[0]["facts"].as_array().unwrap().iter().any(|f| f["text"] == "$40"), "{}", rows[0]["facts"]);
}

#[test]
fn csv_with_a_20_mb_field_is_one_case_with_exact_spans() {
    let d = tmp("bigfield");
    let f = d.join("big.csv");
    let mut text = String::from("I was charged $1,240.00 on 3 March. ");
    text.push_str(&filler(MB20));
    // Quotes inside a quoted field are doubled in CSV, and single in the text.
    text.push_str("He said \"no refunds\" and I am furious. Order #A-99812 never came.");
    let mut csv = String::from("id,text\nbig,\"");
    csv.push_str(&text.replace('"', "\"\""));
    csv.push_str("\"\nsmall,The parcel is late.\n");
    std::fs::write(&f, csv).unwrap();
    let o = analyze_file(&f, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (2, 2, 0));
    assert_eq!(ids(&rows), ["big", "small"]);
    check_spans(&rows[0], &text);
    let facts = rows[0]["facts"].as_array().unwrap();
    let money = facts.iter().find(|f| f["kind"] == "money").expect("the amount at the start");
    assert_eq!(money["start"], 14);
    let last = rows[0]["sentences"].as_array().unwrap().last().unwrap();
    assert_eq!(last["text"], "Order #A-99812 never came.");
    assert_eq!(last["end"].as_u64().unwrap() as usize, text.len());
}

#[test]
fn invalid_utf8_costs_one_record_in_every_format() {
    let d = tmp("utf8");
    let csv = d.join("bad.csv");
    std::fs::write(&csv, b"id,text\n1,I am fine.\n2,caf\xe9 was cold\n3,The parcel is late.\n").unwrap();
    let o = analyze_file(&csv, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (3, 2, 1));
    assert_eq!(ids(&rows), ["1", "3"]);
    assert_eq!(errors(&rows)[0].0, format!("{}:3", csv.display()));
    assert!(errors(&rows)[0].1.contains("not valid UTF-8"));

    let jsonl = d.join("bad.jsonl");
    std::fs::write(
        &jsonl,
        b"{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"2\",\"text\":\"\xc3\x28\"}\n{\"id\":\"3\",\"text\":\"late\"}\n",
    )
    .unwrap();
    let o = analyze_file(&jsonl, &[]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (3, 2, 1));
    assert_eq!(ids(&rows), ["1", "3"]);
    assert_eq!(errors(&rows)[0].0, format!("{}:2", jsonl.display()));
    assert!(errors(&rows)[0].1.contains("not valid UTF-8"));

    let txt = d.join("bad.txt");
    std::fs::write(&txt, b"line one\nline \xff two\n").unwrap();
    let good = d.join("good.txt");
    std::fs::write(&good, "My refund never came.").unwrap();
    let o = analyze(&[txt.to_str().unwrap(), good.to_str().unwrap()]);
    let rows = check_run(&o);
    assert_eq!(counts(&o), (2, 1, 1));
    assert_eq!(ids(&rows), ["good.txt"]);
    assert!(errors(&rows)[0].1.contains("not valid UTF-8 at line 2"), "{:?}", errors(&rows));
}

#[test]
fn binary_garbage_never_panics_and_every_record_is_accounted_for() {
    let d = tmp("garbage");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..4 {
        let mut bytes = rng.bytes(256 * 1024);
        if round % 2 == 1 {
            // Garbage that is valid UTF-8: control characters, quotes, commas, braces, newlines.
            let alphabet = "\0\x01\x07\t\n\r \",{}[]:\\\u{feff}\u{2028}é€😀aZ.!?$1";
            let chars: Vec<char> = alphabet.chars().collect();
            let s: String = bytes.iter().map(|&b| chars[b as usize % chars.len()]).collect();
            bytes = s.into_bytes();
        }
        for ext in ["csv", "jsonl", "txt"] {
            let f = d.join(format!("g{round}.{ext}"));
            std::fs::write(&f, &bytes).unwrap();
            let o = analyze_file(&f, &[]);
            check_run(&o);
        }
        // The same bytes on stdin, sniffed.
        let mut child = bin()
            .args(["analyze", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feed = std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
        let o = child.wait_with_output().unwrap();
        feed.join().unwrap();
        check_run(&o);
    }
}

#[test]
fn empty_files_are_empty_results_or_clear_errors() {
    let d = tmp("empty");
    let write = |name: &str, content: &[u8]| {
        let p = d.join(name);
        std::fs::write(&p, content).unwrap();
        p
    };
    // No records at all: nothing read, nothing failed.
    for (name, content) in [
        ("e.csv", &b""[..]),
        ("h.csv", b"id,text\n"),
        ("bom.csv", b"\xef\xbb\xbf"),
        ("e.jsonl", b""),
        ("blank.jsonl", b"\n\n  \r\n"),
    ] {
        let o = analyze_file(&write(name, content), &[]);
        check_run(&o);
        assert_eq!(counts(&o), (0, 0, 0), "{name}");
    }
    // A text file is one case: an empty one is that case's error.
    for (name, content) in [("e.txt", &b""[..]), ("ws.txt", b"  \n\t\n")] {
        let o = analyze_file(&write(name, content), &[]);
        let rows = check_run(&o);
        assert_eq!(counts(&o), (1, 0, 1), "{name}");
        assert!(errors(&rows)[0].1.contains("empty"), "{:?}", errors(&rows));
    }
    // An empty folder and empty stdin.
    let empty_dir = d.join("nothing");
    std::fs::create_dir(&empty_dir).unwrap();
    let o = analyze_file(&empty_dir, &[]);
    check_run(&o);
    assert_eq!(counts(&o), (0, 0, 0));
    let o = analyze(&["-"]);
    check_run(&o);
}

#[test]
fn a_20_mb_single_record_is_analysed_in_every_format() {
    let d = tmp("bigrecord");
    let mut text = String::from("My order #4471 was late and I am upset. ");
    text.push_str(&filler(MB20));
    text.push_str("Refund me $25 now!");
    let txt = d.join("big.txt");
    std::fs::write(&txt, &text).unwrap();
    let jsonl = d.join("big.jsonl");
    let line = serde_json::json!({"id": "huge", "text": text}).to_string();
    std::fs::write(
        &jsonl,
        format!("{{\"id\":\"before\",\"text\":\"late\"}}\n{line}\n{{\"id\":\"after\",\"text\":\"ok\"}}\n"),
    )
    .unwrap();
    let o = analyze_file(&txt, &[]);
    let rows = check_run(&o);
    assert_eq!(ids(&rows), ["big.txt"]);
    check_spans(&rows[0], &text);
    let o = analyze_file(&jsonl, &["--jobs", "2"]);
    let rows = check_run(&o);
    assert_eq!(ids(&rows), ["before", "huge", "after"]);
    check_spans(&rows[1], &text);
    let money = rows[1]["facts"].as_array().unwrap().iter().find(|f| f["kind"] == "money").expect("$25 at the end");
    assert_eq!(money["start"].as_u64().unwrap() as usize, text.len() - "$25 now!".len());
    // 20 MB without a single space or line break: one run that the segmenter must still cut.
    let solid = "x".repeat(MB20);
    let f = d.join("solid.txt");
    std::fs::write(&f, &solid).unwrap();
    let o = analyze_file(&f, &[]);
    let rows = check_run(&o);
    check_spans(&rows[0], &solid);
}

/// `grievance analyze big.jsonl | head -1`: the reader goes away; the run ends quietly.
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let d = tmp("pipe");
    let f = d.join("big.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&f).unwrap());
    for i in 0..20_000 {
        writeln!(
            out,
            "{{\"id\":\"c{i}\",\"text\":\"I was charged $40 twice and nobody called me back. I am furious.\"}}"
        )
        .unwrap();
    }
    out.flush().unwrap();
    drop(out);
    for jobs in ["1", "2"] {
        let mut child = bin()
            .args(["analyze", f.to_str().unwrap(), "--jobs", jobs])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        assert!(first.starts_with("{\"id\":\"c0\""), "{first}");
        // The pipe's read end is closed here, as `head -1` does.
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.is_empty(), "no message on a closed pipe: {err}");
        assert_eq!(status.code(), Some(0));
    }
    // The same through a shell, exactly as a user types it.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' analyze '{}' | head -1", env!("CARGO_BIN_EXE_grievance"), f.display()))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

/// Records come out while stdin is still open: the run streams instead of reading everything
/// first.
#[test]
fn stdin_is_streamed_not_read_whole() {
    let mut child = bin()
        .args(["analyze", "-", "--jobs", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Reports are read on their own thread from the start: the output is larger than a pipe
    // holds, and a run blocked on a full stdout would stop reading its stdin.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().map(|l| l.unwrap());
        tx.send(first).unwrap();
        lines.count()
    });
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..2_000 {
        writeln!(stdin, "{{\"id\":\"s{i}\",\"text\":\"My parcel is late again and I want a refund.\"}}").unwrap();
    }
    stdin.flush().unwrap();
    // stdin stays open: the first report must arrive all the same.
    let first = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("a report before stdin closes");
    assert!(first.unwrap().starts_with("{\"id\":\"s0\""));
    drop(stdin);
    let rest = reader.join().unwrap();
    assert_eq!(rest, 1_999);
    assert!(child.wait().unwrap().success());
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn output_file_is_complete_or_absent() {
    let d = tmp("atomic");
    let input = d.join("in.jsonl");
    let mut lines = String::new();
    for i in 0..3_000 {
        lines.push_str(&format!("{{\"id\":\"c{i}\",\"text\":\"I was charged $40 twice and I am furious.\"}}\n"));
    }
    std::fs::write(&input, lines).unwrap();
    let out_dir = d.join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("reports.jsonl");

    // Success: the whole file, and nothing else left in the folder.
    let o = analyze(&[input.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written.lines().count(), 3_000);
    assert_eq!(leftovers(&out_dir), ["reports.jsonl"]);

    // Failure half way (the file size limit is hit while writing): the earlier file stays as it
    // was, and no partial file is left behind. SIGXFSZ is ignored so the write fails with an
    // error instead of killing the process.
    std::fs::write(&out, "previous run\n").unwrap();
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 64; exec '{}' analyze '{}' --output '{}'",
            env!("CARGO_BIN_EXE_grievance"),
            input.display(),
            out.display()
        ))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("output:"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous run\n");
    assert_eq!(leftovers(&out_dir), ["reports.jsonl"]);

    // A temporary file that a killed run left behind (its process is gone) is cleared; one of a
    // live process, or any other file, is not.
    let dead = (1_000_000..u32::MAX).find(|p| !Path::new(&format!("/proc/{p}")).exists()).unwrap();
    let stale = out_dir.join(format!(".reports.jsonl.tmp-{dead}"));
    let live = out_dir.join(format!(".reports.jsonl.tmp-{}", std::process::id()));
    std::fs::write(&stale, "half a run").unwrap();
    std::fs::write(&live, "another run, still going").unwrap();
    let o = analyze(&[input.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stale.exists(), "the dead run's file is gone");
    assert!(live.exists(), "a live run's file is kept");
    std::fs::remove_file(&live).unwrap();
    assert_eq!(leftovers(&out_dir), ["reports.jsonl"]);

    // An output folder that does not exist: a clear error, nothing written.
    let nowhere = d.join("missing").join("r.jsonl");
    let o = analyze(&[input.to_str().unwrap(), "--output", nowhere.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert!(!d.join("missing").exists());
}

/// --output naming a pipe or a device (/dev/null, /dev/stdout) writes through it: the atomic
/// rename used for files would replace the pipe or device itself with a regular file.
#[test]
fn output_to_a_pipe_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let d = tmp("fifo");
    let fifo = d.join("reports.pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipping");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let input = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/tickets.jsonl");
    let o = analyze(&[input, "--output", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Checked before waiting for the reader, which would wait forever on a replaced pipe.
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe is still a pipe");
    assert_eq!(leftovers(&d), ["reports.pipe"], "no temporary file beside it");
    let got = reader.join().unwrap();
    assert!(got.lines().count() >= 2 && got.lines().all(|l| l.starts_with('{')), "{got}");
}

/// A date that cuts a character, in a case's date field, a transcript turn's time or a records
/// file (once a panic, found by fuzzing): the cases are analysed, and the records file is a
/// clear error naming its path, line and column.
#[test]
fn dates_that_cut_a_character_are_no_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    for input in ["input_csv/date-cut-inside-a-character.csv", "input_jsonl/turn-time-cut-inside-a-character.jsonl"] {
        let o = analyze_file(&root.join(input), &[]);
        assert_eq!(o.status.code(), Some(0), "{input}: {}", stderr(&o));
        assert!(stderr(&o).contains("1 read, 1 analysed, 0 failed"), "{input}: {}", stderr(&o));
    }
    let records = root.join("records/date-cut-inside-a-character.csv");
    let case = root.join("input_csv/date-cut-inside-a-character.csv");
    let o = analyze_file(&case, &["--records", records.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("date-cut-inside-a-character.csv:2: column `order_date`"), "{err}");
    assert!(err.contains("is not a date") && !err.contains("panicked"), "{err}");
}

/// Every input kept in tests/fixtures/fuzz-regressions/<target>/, replayed the way its fuzz
/// target (fuzz/fuzz_targets/<target>.rs) runs it, and through step 1 and the analyser too: no
/// panic, spans inside the text.
#[test]
fn fuzz_regressions_replay() {
    use grievance::input::{InputFormat, InputOptions, Item, read_bytes};
    use grievance::lexicon::{Lexicons, SPECS};
    use grievance::steps::prepare::Preparer;
    use grievance::text::{sentences, tokenize};
    use grievance::{Analyzer, Case};

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let analyzer = Analyzer::new(Lexicons::builtin());
    let lex_dir = tmp("fuzz-lexicon");
    let rec_dir = tmp("fuzz-records");
    let kinds = grievance::records::column_kinds(&analyzer.lex);
    let spans_ok = |text: &str, s: usize, e: usize| s <= e && text.get(s..e).is_some();
    let mut replayed = 0;
    for target in ["input_csv", "input_jsonl", "input_text", "segment", "lexicon", "analyze", "records"] {
        let mut files: Vec<PathBuf> =
            std::fs::read_dir(root.join(target)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let what = f.display().to_string();
            let (mode, rest) = data.split_first().map_or((0, &data[..]), |(m, r)| (*m, r));
            let read_as = |format, bytes: Vec<u8>| {
                let opts = InputOptions { format, ..InputOptions::default() };
                read_bytes(bytes, "fuzz", &opts).collect::<Vec<Item>>()
            };
            let cases = match target {
                "input_csv" => read_as(InputFormat::Csv, data.clone()),
                "input_jsonl" => read_as(InputFormat::Jsonl, data.clone()),
                "input_text" => {
                    let format = [InputFormat::Text, InputFormat::Transcript, InputFormat::Auto][mode as usize % 3];
                    read_as(format, rest.to_vec())
                }
                "analyze" if mode % 2 == 1 => {
                    read_as(InputFormat::Transcript, String::from_utf8_lossy(rest).into_owned().into_bytes())
                }
                "analyze" => vec![Item::Case(Case::new("fuzz", String::from_utf8_lossy(rest).into_owned()))],
                "segment" => vec![Item::Case(Case::new("fuzz", String::from_utf8_lossy(&data).into_owned()))],
                _ => Vec::new(),
            };
            let mut preparer = Preparer::new(None);
            for item in cases {
                let Item::Case(case) = item else { continue };
                let ctx = preparer.prepare(&case);
                for t in &case.turns {
                    assert!(spans_ok(&case.text, t.span.start, t.span.end), "{what}: turn {:?}", t.span);
                }
                for s in sentences(&case.text) {
                    assert!(spans_ok(&case.text, s.start, s.end), "{what}: sentence {s:?}");
                    for t in tokenize(s.slice(&case.text), s.start).list {
                        assert!(spans_ok(&case.text, t.span.start, t.span.end), "{what}: token {:?}", t.span);
                    }
                }
                let r = analyzer.analyze(&case, &ctx);
                for (s, e) in
                    r.sentences.iter().map(|x| (x.start, x.end)).chain(r.facts.iter().map(|x| (x.start, x.end)))
                {
                    assert!(spans_ok(&case.text, s, e), "{what}: span {s}..{e}");
                }
                serde_json::to_string(&r).unwrap();
            }
            if target == "records" {
                // As fuzz/fuzz_targets/records.rs: the format told from the content, the file's
                // words as case ids, a complaint full of facts checked against each record.
                let path = rec_dir.join("records.txt");
                std::fs::write(&path, &data).unwrap();
                let loaded = grievance::records::Records::load(&path, None, &kinds);
                if let Ok(records) = loaded {
                    let mut preparer = Preparer::new(None).with_records(Some(std::sync::Arc::new(records)));
                    let text = String::from_utf8_lossy(&data);
                    let ids = text.split([',', '"', '\n', ':', '{', '}']).map(str::trim).filter(|w| !w.is_empty());
                    for id in ids.take(8) {
                        let case =
                            Case::new(id, "I was charged $1,240.00 on 3 March 2026; order #4411 came 2 weeks late.");
                        let ctx = preparer.prepare(&case);
                        let r = analyzer.analyze(&case, &ctx);
                        assert!(r.disputes.iter().all(|d| spans_ok(&case.text, d.start, d.end)), "{what}");
                    }
                }
            }
            if target == "lexicon" {
                let spec = &SPECS[mode as usize % SPECS.len()];
                let _ = std::fs::remove_dir_all(&lex_dir);
                std::fs::create_dir_all(&lex_dir).unwrap();
                std::fs::write(lex_dir.join(spec.name), rest).unwrap();
                let _ = Lexicons::check(Some(&lex_dir));
                if let Ok(lex) = Lexicons::load(Some(&lex_dir), &[]) {
                    let text = String::from_utf8_lossy(rest);
                    let toks = tokenize(&text, 0);
                    for m in lex.find(&toks) {
                        assert!(m.start < m.end && m.end <= toks.len(), "{what}: match {m:?}");
                    }
                }
            }
            replayed += 1;
        }
    }
    assert!(replayed >= 6, "the regression inputs are found");
}
