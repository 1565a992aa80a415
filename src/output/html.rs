//! A self-contained HTML triage report: the queue sorted by priority, each case expandable to
//! its text with findings highlighted. Nothing is fetched from a network.

use super::Sink;
use crate::input::RecordError;
use crate::report::Report;
use crate::run::Counts;
use std::io::Write;

pub struct HtmlSink<W: Write> {
    out: W,
    rows: Vec<(u8, usize, String)>,
    errors: Vec<String>,
}

impl<W: Write> HtmlSink<W> {
    pub fn new(out: W) -> Self {
        HtmlSink { out, rows: Vec::new(), errors: Vec::new() }
    }
}

pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The case's sentences with facts, feelings and disputes wrapped in marked spans.
fn highlighted(r: &Report) -> String {
    let mut html = String::new();
    for (si, s) in r.sentences.iter().enumerate() {
        let mut marks: Vec<(usize, usize, &str, String)> = Vec::new();
        for f in r.facts.iter().filter(|f| f.sentence == si) {
            marks.push((f.start, f.end, "fact", format!("{}: {} ({})", f.kind, f.value, f.source)));
        }
        for f in r.feelings.iter().filter(|f| f.sentence == si) {
            marks.push((
                f.start,
                f.end,
                "feeling",
                format!("{} ({}) {:.2} — {}", f.emotion, f.family, f.intensity, f.source),
            ));
        }
        for q in &s.questionable {
            marks.push((q.start, q.end, "dispute", format!("{}: {}", q.reason, q.ask)));
        }
        marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
        html.push_str(&format!("<p class=\"s {}\" data-sentence-kind=\"{}\">", s.kind.as_str(), s.kind.as_str()));
        let mut at = s.start;
        for (a, b, kind, title) in marks {
            if a < at {
                continue;
            }
            html.push_str(&escape(&s.text[at - s.start..a - s.start]));
            html.push_str(&format!(
                "<mark data-kind=\"{kind}\" title=\"{}\">{}</mark>",
                escape(&title),
                escape(&s.text[a - s.start..b - s.start])
            ));
            at = b;
        }
        html.push_str(&escape(&s.text[at - s.start..]));
        html.push_str("</p>\n");
    }
    html
}

impl<W: Write> Sink for HtmlSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        let emo = r.emotions.first().map_or("none".to_string(), |e| format!("{} ({})", e.emotion, e.family));
        let issue = r.issues.first().map_or("—".to_string(), |i| i.family.clone());
        let actions: String = r.framing.actions.iter().map(|a| format!("<li>{}</li>", escape(a))).collect();
        let row = format!(
            "<details class=\"case\" data-case-id=\"{id}\" data-priority=\"{p}\" data-level=\"{lvl}\" data-issue=\"{issue}\">\
<summary><span class=\"lvl {lvl}\">{p} {lvl}</span> <b>{id}</b> · {c} · {issue} · {emo} · {d} disputes — {problem}</summary>\
<div class=\"body\">{text}<h4>Framing</h4><p><b>Acknowledge:</b> {ack}</p><p><b>Problem:</b> {problem}</p><p><b>Feelings:</b> {feel}</p><ul>{actions}</ul>\
<p class=\"why\">Priority: {reasons}</p></div></details>\n",
            id = escape(&r.id),
            p = r.priority.score,
            lvl = r.priority.level,
            c = if r.complaint { "complaint" } else { "not a complaint" },
            issue = escape(&issue),
            emo = escape(&emo),
            d = r.disputes.len(),
            problem = escape(&r.framing.problem),
            text = highlighted(r),
            ack = escape(&r.framing.acknowledge),
            feel = escape(&r.framing.feelings),
            reasons = escape(&r.priority.reasons.join("; ")),
        );
        let n = self.rows.len();
        self.rows.push((r.priority.score, n, row));
        Ok(())
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        self.errors.push(format!("<li>{}</li>", escape(&e.to_string())));
        Ok(())
    }

    fn finish(&mut self, c: &Counts) -> std::io::Result<()> {
        // Highest priority first; input order breaks ties so the page is deterministic.
        self.rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        writeln!(
            self.out,
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>grievance triage</title><style>\
body{{font:14px system-ui,sans-serif;margin:2em;max-width:70em}}summary{{cursor:pointer;padding:.3em 0}}\
.lvl{{display:inline-block;min-width:7em;font-weight:bold}}.urgent{{color:#b00}}.high{{color:#d60}}.medium{{color:#880}}.low{{color:#666}}\
mark[data-kind=fact]{{background:#cdeefd}}mark[data-kind=feeling]{{background:#f8d3ee}}mark[data-kind=dispute]{{background:#ffe08a;outline:1px solid #c90}}\
.body{{margin:0 0 1em 2em}}.why{{color:#555}}</style></head><body>\
<h1>Triage queue</h1><p>{} read, {} analysed, {} failed</p><div id=\"queue\">",
            c.read, c.analysed, c.failed
        )?;
        for (_, _, row) in &self.rows {
            self.out.write_all(row.as_bytes())?;
        }
        write!(self.out, "</div>")?;
        if !self.errors.is_empty() {
            write!(self.out, "<h2>Records that failed</h2><ul>{}</ul>", self.errors.join(""))?;
        }
        writeln!(self.out, "</body></html>")?;
        self.out.flush()
    }
}
