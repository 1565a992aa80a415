//! A self-contained HTML triage report: one file a reviewer can open from disk or send by mail,
//! so the CSS, the script and the charts are inline and nothing is fetched from a network.
//!
//! The queue rows are plain HTML (they work without JavaScript and are cheap to filter), while
//! each case's detail — its text with the findings highlighted, the framing, the reasons — is kept
//! as JSON and only turned into elements when the case is opened. That keeps a 10,000-case report
//! quick to open and its size in proportion to the input.

use super::Sink;
use crate::input::RecordError;
use crate::report::{AgentCard, AgentStep, Conversation, Report, Sentence};
use crate::run::Counts;
use crate::steps::agent::{AgentSummary, AgentTotals, ENTRIES};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

const STYLE: &str = include_str!("html/style.css");
const SCRIPT: &str = include_str!("html/app.js");

const LEVELS: [&str; 4] = ["urgent", "high", "medium", "low"];
const DISPUTE_REASONS: [&str; 9] = [
    "hedge",
    "hearsay",
    "vague",
    "absolute",
    "exaggeration",
    "contradiction",
    "record_mismatch",
    "implausible",
    "unsupported",
];

pub struct HtmlSink<W: Write> {
    out: W,
    cases: Vec<Entry>,
    errors: Vec<String>,
    strings: Strings,
    /// Per-agent running totals for the summary table; a card is added as its case comes.
    agents: AgentTotals,
}

/// What the page needs of one case. The full `Report` is not kept: a batch can be large and the
/// page is only written at the end, once the queue can be sorted.
struct Entry {
    score: u8,
    level: &'static str,
    id: String,
    complaint: bool,
    issue: String,
    issue_label: String,
    emotion: String,
    emotion_family: String,
    disputes: usize,
    reasons: Vec<&'static str>,
    problem: String,
    /// The agent scorecard's score and names, for transcripts.
    agent: Option<(u8, String)>,
    detail: String,
}

impl<W: Write> HtmlSink<W> {
    pub fn new(out: W) -> Self {
        HtmlSink {
            out,
            cases: Vec::new(),
            errors: Vec::new(),
            strings: Strings::default(),
            agents: AgentTotals::default(),
        }
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

/// JSON that is safe inside `<script type="application/json">`: no `<` can start `</script>` or
/// `<!--`. `<` only occurs inside JSON strings, where `\u003c` means the same character.
fn script_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into()).replace('<', "\\u003c")
}

/// Strings that recur across cases — why a finding was made, the actions, the priority reasons,
/// the questions to ask — are stored once and referred to by index: lexicon entries and rules
/// repeat on every case, and without this they would make up most of a large report.
#[derive(Default)]
struct Strings {
    index: HashMap<String, usize>,
    list: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }

    fn ids(&mut self, v: &[String]) -> Vec<usize> {
        v.iter().map(|s| self.id(s)).collect()
    }
}

/// One node of a case's text as the page's script renders it. Serialised compactly, as the
/// script reads it: plain text is a string; a speaker label is `["who", name]`; a sentence is
/// `["s:<kind>", why, ...children]`; a highlighted finding is `["<kind>", why, ...children]`,
/// where `why` indexes the shared string table.
#[derive(Debug, PartialEq)]
enum Node {
    Text(String),
    Speaker(&'static str),
    Sentence(&'static str, usize, Vec<Node>),
    Mark(&'static str, usize, Vec<Node>),
}

impl Serialize for Node {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let (tag, why, children) = match self {
            Node::Text(t) => return s.serialize_str(t),
            Node::Speaker(who) => return ["who", who].serialize(s),
            Node::Sentence(kind, why, c) => (format!("s:{kind}"), why, c),
            Node::Mark(kind, why, c) => (kind.to_string(), why, c),
        };
        let mut seq = s.serialize_seq(Some(2 + children.len()))?;
        seq.serialize_element(&tag)?;
        seq.serialize_element(why)?;
        for c in children {
            seq.serialize_element(c)?;
        }
        seq.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Mark {
    start: usize,
    /// Sorted descending by end, so a longer mark encloses a shorter one starting at the same byte.
    neg_end: std::cmp::Reverse<usize>,
    /// Disputes enclose facts, which enclose feelings, when they cover the same words.
    rank: u8,
    kind: &'static str,
    why: usize,
}

impl Mark {
    fn end(&self) -> usize {
        self.neg_end.0
    }
}

/// Nests `marks` (sorted, all within `a..b` of `text`, offsets relative to `text`) into a tree.
/// Marks that cross a boundary are split at it, so the tree is always well formed and every byte
/// of text appears exactly once.
fn nest(text: &str, a: usize, b: usize, mut marks: Vec<Mark>) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut at = a;
    let mut i = 0;
    while i < marks.len() {
        let m = marks[i].clone();
        i += 1;
        if m.start > at {
            nodes.push(Node::Text(text[at..m.start].to_string()));
        }
        let mut inner = Vec::new();
        let mut rest = Vec::new();
        while i < marks.len() && marks[i].start < m.end() {
            let c = marks[i].clone();
            i += 1;
            if c.end() <= m.end() {
                inner.push(c);
            } else if text.is_char_boundary(m.end()) {
                rest.push(Mark { start: m.end(), ..c.clone() });
                inner.push(Mark { neg_end: std::cmp::Reverse(m.end()), ..c });
            }
        }
        let end = m.end();
        nodes.push(Node::Mark(m.kind, m.why, nest(text, m.start, end, inner)));
        at = end;
        if !rest.is_empty() {
            rest.extend(marks.drain(i..));
            rest.sort();
            marks.truncate(i);
            marks.extend(rest);
        }
    }
    if at < b {
        nodes.push(Node::Text(text[at..b].to_string()));
    }
    nodes
}

fn feeling_why(f: &crate::report::Feeling) -> String {
    let mut w = format!("feeling: {} ({}), intensity {:.2}", f.emotion, f.family, f.intensity);
    if f.negated {
        w.push_str(", negated");
    }
    w.push_str(&format!(" — {}", f.source));
    for e in &f.evidence {
        w.push_str(&format!("; {e}"));
    }
    w
}

/// The sentence's findings as marks relative to the sentence text. A finding whose span does not
/// fall inside the sentence on character boundaries is left out rather than mangling the text.
fn sentence_marks(r: &Report, si: usize, s: &Sentence, strings: &mut Strings) -> Vec<Mark> {
    let mut marks = Vec::new();
    let mut add = |start: usize, end: usize, rank: u8, kind: &'static str, why: String| {
        if start < s.start || end > s.end || start >= end {
            return;
        }
        let (a, b) = (start - s.start, end - s.start);
        if s.text.is_char_boundary(a) && s.text.is_char_boundary(b) && b <= s.text.len() {
            marks.push(Mark { start: a, neg_end: std::cmp::Reverse(b), rank, kind, why: strings.id(&why) });
        }
    };
    for d in r.disputes.iter().filter(|d| d.sentence == si) {
        add(d.start, d.end, 0, "dispute", format!("dispute: {} — ask: “{}” — {}", d.reason, d.ask, d.source));
    }
    for f in r.facts.iter().filter(|f| f.sentence == si) {
        add(f.start, f.end, 1, "fact", format!("fact: {} = {} — {}", f.kind, f.value, f.source));
    }
    for f in r.feelings.iter().filter(|f| f.sentence == si) {
        add(f.start, f.end, 2, "feeling", feeling_why(f));
    }
    marks.sort();
    marks
}

/// The case text rebuilt from its sentences (the report keeps sentences, not the raw text): a
/// new line where the speaker changes or where the gap suggests a line break, else a space.
fn text_nodes(r: &Report, strings: &mut Strings) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut prev: Option<&Sentence> = None;
    for (si, s) in r.sentences.iter().enumerate() {
        let speaker_changed = s.speaker.is_some() && prev.is_none_or(|p| p.speaker != s.speaker);
        if let Some(p) = prev {
            if speaker_changed || s.start >= p.end + 2 {
                nodes.push(Node::Text("\n".into()));
            } else if s.start > p.end {
                nodes.push(Node::Text(" ".into()));
            }
        }
        if speaker_changed && let Some(who) = s.speaker {
            nodes.push(Node::Speaker(who.as_str()));
        }
        let marks = sentence_marks(r, si, s, strings);
        let why = strings.id(&s.why.join("; "));
        nodes.push(Node::Sentence(s.kind.as_str(), why, nest(&s.text, 0, s.text.len(), marks)));
        prev = Some(s);
    }
    nodes
}

/// A case's detail as the page's script reads it; numbers in `feelings`, `actions`, `reasons`
/// and the disputes' questions index the shared string table.
#[derive(Serialize)]
struct Detail<'a> {
    id: &'a str,
    text: Vec<Node>,
    sentiment: f32,
    acknowledge: &'a str,
    problem: &'a str,
    feelings: usize,
    actions: Vec<usize>,
    reasons: Vec<usize>,
    emotions: Vec<(&'a str, &'a str, f32)>,
    issues: Vec<(&'a str, &'a str)>,
    disputes: Vec<(&'a str, &'a str, usize)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    threats: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    remedies: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    earlier: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    agent: Option<AgentDetail<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conv: Option<ConvDetail<'a>>,
}

/// The scorecard as the page's panel draws it. A step is `[step, label, method, weight, mark,
/// why, cues]` (label, method and why index the string table: they recur on every transcript);
/// a cue is `[turn, speaker, text, category, source]` (source indexes the string table).
#[derive(Serialize)]
struct AgentDetail<'a> {
    score: u8,
    names: &'a [String],
    steps: Vec<AgentStepDetail<'a>>,
}

type AgentStepDetail<'a> =
    (&'a str, usize, usize, u8, &'static str, usize, Vec<(usize, &'a str, &'a str, &'a str, usize)>);

/// The client's side of the conversation: `path` is `[turn, sentiment]` per client turn,
/// `peak` `[turn, sentiment]` when there is one; a repeat is `[turn, kind, cue, first turn or
/// null, prompted]`, an unanswered question `[turn, text, reason]`.
#[derive(Serialize)]
struct ConvDetail<'a> {
    turns: usize,
    path: Vec<(usize, f32)>,
    start: f32,
    end: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    peak: Option<(usize, f32)>,
    trend: &'static str,
    repeats: Vec<(usize, &'static str, &'a str, Option<usize>, bool)>,
    unanswered: Vec<(usize, &'a str, &'static str)>,
}

/// The prose of a step's evidence without its cue citations, which the panel lists on their
/// own: "disputed before acknowledging: turn 8 (Agent): \"you should have\" [blaming, …]"
/// becomes "disputed before acknowledging". Evidence that is only citations gives "".
fn evidence_prose(s: &AgentStep) -> String {
    let mut e = s.evidence.clone();
    for c in &s.cues {
        e = e.replace(&crate::steps::agent::show(c), "");
        // A cue cited without its turn, as the time of a next step is ("with \"Thursday\" [...]").
        e = e.replace(&format!("\"{}\" [{}, {}]", c.text, c.category, c.source), "");
    }
    let mut parts: Vec<String> = Vec::new();
    for p in e.split(';') {
        let mut p = p.trim();
        loop {
            let before = p;
            p = p.trim_end_matches([':', ',', ' ']);
            p = p.strip_suffix(" with").unwrap_or(p);
            if p == before {
                break;
            }
        }
        if !p.is_empty() && !parts.iter().any(|x| x == p) {
            parts.push(p.to_string());
        }
    }
    parts.join("; ")
}

fn agent_detail<'a>(a: &'a AgentCard, strings: &mut Strings) -> AgentDetail<'a> {
    let steps = a
        .steps
        .iter()
        .map(|s| {
            let cues = s
                .cues
                .iter()
                .map(|c| (c.turn, c.speaker.as_str(), c.text.as_str(), c.category.as_str(), strings.id(&c.source)))
                .collect();
            (
                s.step,
                strings.id(s.label),
                strings.id(s.method),
                s.weight,
                s.mark.as_str(),
                strings.id(&evidence_prose(s)),
                cues,
            )
        })
        .collect();
    AgentDetail { score: a.score, names: &a.names, steps }
}

fn conv_detail(c: &Conversation) -> ConvDetail<'_> {
    let e = &c.emotion;
    ConvDetail {
        turns: c.turns,
        path: e.path.iter().map(|t| (t.turn, round2(t.sentiment))).collect(),
        start: round2(e.start),
        end: round2(e.end),
        peak: e.peak_turn.map(|t| (t, round2(e.peak))),
        trend: e.trend,
        repeats: c.repeats.iter().map(|r| (r.turn, r.kind, r.cue.as_str(), r.first_turn, r.prompted)).collect(),
        unanswered: c.unanswered.iter().map(|u| (u.turn, u.text.as_str(), u.reason)).collect(),
    }
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

fn detail(r: &Report, strings: &mut Strings) -> String {
    let d = Detail {
        id: &r.id,
        text: text_nodes(r, strings),
        sentiment: round2(r.sentiment),
        acknowledge: &r.framing.acknowledge,
        problem: &r.framing.problem,
        feelings: strings.id(&r.framing.feelings),
        actions: strings.ids(&r.framing.actions),
        reasons: strings.ids(&r.priority.reasons),
        emotions: r.emotions.iter().map(|e| (e.emotion.as_str(), e.family.as_str(), round2(e.intensity))).collect(),
        issues: r.issues.iter().map(|i| (i.family.as_str(), i.label.as_str())).collect(),
        disputes: r.disputes.iter().map(|d| (d.reason, d.cue.as_str(), strings.id(&d.ask))).collect(),
        threats: r.threats.iter().map(|t| t.label.as_str()).collect(),
        remedies: r.remedies.iter().map(|t| t.kind.as_str()).collect(),
        date: r.context.date.as_deref(),
        client: r.context.client.as_deref(),
        earlier: &r.context.earlier_cases,
        agent: r.agent.as_ref().map(|a| agent_detail(a, strings)),
        conv: r.conversation.as_ref().map(conv_detail),
    };
    script_json(&d)
}

/// A horizontal bar chart as inline SVG. Bars that carry a filter apply it when clicked.
fn bar_chart(title: &str, filter: Option<&str>, bars: &[(String, usize, &str)]) -> String {
    const ROW: usize = 20;
    const LABEL: usize = 120;
    const BAR: usize = 140;
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let h = (bars.len().max(1)) * ROW + 4;
    let mut s = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption><svg width=\"{}\" height=\"{h}\" viewBox=\"0 0 {} {h}\" role=\"img\" aria-label=\"{}\">",
        escape(title),
        LABEL + BAR + 40,
        LABEL + BAR + 40,
        escape(title)
    );
    if bars.is_empty() {
        s.push_str("<text x=\"0\" y=\"15\" class=\"none\">none</text>");
    }
    for (i, (label, n, color)) in bars.iter().enumerate() {
        let y = i * ROW;
        let w = if *n == 0 { 0 } else { (n * BAR).div_ceil(max).max(2) };
        let attrs = match filter {
            Some(f) => format!(" class=\"bar\" data-filter=\"{f}\" data-value=\"{}\" tabindex=\"0\"", escape(label)),
            None => " class=\"bar static\"".into(),
        };
        s.push_str(&format!(
            "<g{attrs}><title>{}: {n}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
<rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"2\" fill=\"{color}\"/>\
<text x=\"{}\" y=\"{}\" class=\"n\">{n}</text></g>",
            escape(label),
            LABEL - 6,
            y + 14,
            escape(&label.replace('_', " ")),
            LABEL,
            y + 3,
            ROW - 6,
            LABEL + w + 5,
            y + 14,
        ));
    }
    s.push_str("</svg></figure>");
    s
}

fn level_color(level: &str) -> &'static str {
    match level {
        "urgent" => "#c0262d",
        "high" => "#e07020",
        "medium" => "#c9a400",
        _ => "#8a9099",
    }
}

/// Counts, most frequent first, names breaking ties, the long tail folded into "other".
fn ranked(counts: &BTreeMap<String, usize>, keep: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if v.len() > keep {
        let other: usize = v[keep - 1..].iter().map(|x| x.1).sum();
        v.truncate(keep - 1);
        v.push(("(other)".into(), other));
    }
    v
}

fn options(counts: &BTreeMap<String, usize>) -> String {
    let mut v: Vec<(&String, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    v.iter().map(|(k, n)| format!("<option value=\"{0}\">{0} ({n})</option>", escape(k))).collect()
}

impl<W: Write> HtmlSink<W> {
    fn summary(&self) -> (String, String) {
        let mut levels: BTreeMap<&str, usize> = BTreeMap::new();
        let mut issues: BTreeMap<String, usize> = BTreeMap::new();
        let mut emotions: BTreeMap<String, usize> = BTreeMap::new();
        let mut families: BTreeMap<String, &'static str> = BTreeMap::new();
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        let mut with_disputes = 0;
        for c in &self.cases {
            *levels.entry(c.level).or_default() += 1;
            *issues.entry(c.issue.clone()).or_default() += 1;
            *emotions.entry(c.emotion.clone()).or_default() += 1;
            families.insert(c.emotion.clone(), emotion_color(&c.emotion_family));
            if c.disputes > 0 {
                with_disputes += 1;
            }
        }
        for c in &self.cases {
            for r in &c.reasons {
                *reasons.entry(r).or_default() += 1;
            }
        }
        let level_bars: Vec<(String, usize, &str)> =
            LEVELS.iter().map(|l| (l.to_string(), levels.get(l).copied().unwrap_or(0), level_color(l))).collect();
        let issue_bars: Vec<(String, usize, &str)> =
            ranked(&issues, 16).into_iter().map(|(k, n)| (k, n, "#3b6fb6")).collect();
        let emotion_bars: Vec<(String, usize, &str)> = ranked(&emotions, 12)
            .into_iter()
            .map(|(k, n)| {
                let c = families.get(&k).copied().unwrap_or("#8a9099");
                (k, n, c)
            })
            .collect();
        let mut reason_bars: Vec<(String, usize, &str)> = DISPUTE_REASONS
            .iter()
            .filter_map(|r| reasons.get(r).map(|n| (r.to_string(), *n, "#d89b00")))
            .chain(
                reasons
                    .iter()
                    .filter(|(r, _)| !DISPUTE_REASONS.contains(r))
                    .map(|(r, n)| (r.to_string(), *n, "#d89b00")),
            )
            .collect();
        reason_bars.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let charts = format!(
            "<section id=\"charts\" aria-label=\"Summary\">{}{}{}{}</section>{}",
            bar_chart("Priority levels", Some("level"), &level_bars),
            bar_chart("Issue families (main issue)", Some("issue"), &issue_bars),
            bar_chart("Main emotions", Some("emotion"), &emotion_bars),
            bar_chart("Cases with each dispute reason", Some("disputes"), &reason_bars),
            agent_table(&self.agents.summaries()),
        );
        let scored = self.cases.iter().filter(|c| c.agent.is_some()).count();
        let below = self.cases.iter().filter(|c| c.agent.as_ref().is_some_and(|a| a.0 < AGENT_LOW)).count();
        // Only a batch with transcripts gets the filter: elsewhere it could only empty the queue.
        let agent_filter = if scored == 0 {
            String::new()
        } else {
            format!(
                "<label>Agent <select id=\"f-agent\" data-key=\"agent\"><option value=\"\">all</option>\
<option value=\"scored\">transcripts ({scored})</option><option value=\"low\">score below {AGENT_LOW} ({below})</option></select></label>"
            )
        };
        let level_opts: String = LEVELS
            .iter()
            .filter_map(|l| levels.get(l).map(|n| format!("<option value=\"{l}\">{l} ({n})</option>")))
            .collect();
        let reason_opts: String = reason_bars
            .iter()
            .map(|(r, n, _)| format!("<option value=\"{0}\">with {0} ({n})</option>", escape(r)))
            .collect();
        let filters = format!(
            "<form id=\"filters\" role=\"search\" onsubmit=\"return false\">\
<label>Level <select id=\"f-level\" data-key=\"level\"><option value=\"\">all</option>{level_opts}</select></label>\
<label>Issue <select id=\"f-issue\" data-key=\"issue\"><option value=\"\">all</option>{}</select></label>\
<label>Emotion <select id=\"f-emotion\" data-key=\"emotion\"><option value=\"\">all</option>{}</select></label>\
<label>Disputes <select id=\"f-disputes\" data-key=\"disputes\"><option value=\"\">all</option>\
<option value=\"any\">with disputes ({with_disputes})</option><option value=\"none\">without disputes ({})</option>{reason_opts}</select></label>\
{agent_filter}<label class=\"q\">Search <input id=\"f-q\" data-key=\"q\" type=\"search\" placeholder=\"id, words in the text…\" autocomplete=\"off\"></label>\
<label class=\"kinds\"><input id=\"f-kinds\" type=\"checkbox\"> sentence kinds</label>\
<button type=\"button\" id=\"f-reset\">Reset</button> <output id=\"shown\" aria-live=\"polite\"></output></form>",
            options(&issues),
            options(&emotions),
            self.cases.len() - with_disputes,
        );
        (charts, filters)
    }
}

/// Scores below this are the ones a team lead goes through first; the same cut colours the
/// queue's agent column and names the "score below" filter.
const AGENT_LOW: u8 = 50;

fn score_class(score: u8) -> &'static str {
    match score {
        s if s < AGENT_LOW => "poor",
        s if s < 75 => "fair",
        _ => "good",
    }
}

/// The per-agent table: how many transcripts, the scores, and per step how often the agent went
/// against it (the done and missed counts in the cell's tooltip). Nothing when no agent is named:
/// an empty table would only take room from the queue.
fn agent_table(summaries: &[AgentSummary]) -> String {
    if summaries.is_empty() {
        return String::new();
    }
    let mut s = String::from(
        "<section id=\"agents\" aria-label=\"Agents\"><h2>Agents <small>scorecards by agent name; \
counts of steps gone against</small></h2><table class=\"agents\"><thead><tr><th>Agent</th><th>Transcripts</th>\
<th>Mean</th><th>Min</th><th>Max</th>",
    );
    // The same short headings as `grievance agents`, the full label in the tooltip.
    for e in &ENTRIES {
        s.push_str(&format!("<th class=\"step\" title=\"{}\">{}</th>", escape(e.label), super::agents::short(e.step)));
    }
    s.push_str("</tr></thead><tbody>");
    for a in summaries {
        s.push_str(&format!(
            "<tr data-agent=\"{name}\"><td><button type=\"button\" class=\"who\" data-q=\"{name}\" \
title=\"Show this agent's cases\">{name}</button></td><td class=\"num\">{}</td>\
<td class=\"num agent {}\">{:.1}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            a.transcripts,
            score_class(a.mean_score.round() as u8),
            a.mean_score,
            a.min_score,
            a.max_score,
            name = escape(&a.name),
        ));
        for t in &a.steps {
            s.push_str(&format!(
                "<td class=\"num{}\" data-step=\"{}\" title=\"done {}, missed {}, against {}\">{}</td>",
                if t.against > 0 { " against" } else { "" },
                t.step,
                t.done,
                t.missed,
                t.against,
                t.against
            ));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></section>");
    s
}

fn emotion_color(family: &str) -> &'static str {
    match family {
        "anger" => "#c0262d",
        "disgust" => "#6b8e23",
        "fear" => "#7a4fb0",
        "joy" => "#2e9d5b",
        "sadness" => "#3b6fb6",
        "surprise" => "#d08a00",
        _ => "#8a9099",
    }
}

impl<W: Write> Sink for HtmlSink<W> {
    fn report(&mut self, r: &Report) -> std::io::Result<()> {
        let mut reasons: Vec<&'static str> = r.disputes.iter().map(|d| d.reason).collect();
        reasons.sort_unstable();
        reasons.dedup();
        let (emotion, emotion_family) =
            r.emotions.first().map_or(("none".to_string(), String::new()), |e| (e.emotion.clone(), e.family.clone()));
        let (issue, issue_label) =
            r.issues.first().map_or(("none".to_string(), String::new()), |i| (i.family.clone(), i.label.clone()));
        self.cases.push(Entry {
            score: r.priority.score,
            level: r.priority.level,
            id: r.id.clone(),
            complaint: r.complaint,
            issue,
            issue_label,
            emotion,
            emotion_family,
            disputes: r.disputes.len(),
            reasons,
            problem: r.framing.problem.clone(),
            agent: r.agent.as_ref().map(|a| (a.score, a.names.join(", "))),
            detail: detail(r, &mut self.strings),
        });
        if let Some(a) = &r.agent {
            self.agents.add(a);
        }
        Ok(())
    }

    fn error(&mut self, e: &RecordError) -> std::io::Result<()> {
        self.errors.push(format!("<li>{}</li>", escape(&e.to_string())));
        Ok(())
    }

    fn finish(&mut self, c: &Counts) -> std::io::Result<()> {
        // Highest priority first; input order breaks ties (the sort is stable) so the page is
        // the same bytes on every run.
        self.cases.sort_by_key(|e| std::cmp::Reverse(e.score));
        let (charts, filters) = self.summary();
        write!(
            self.out,
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>grievance triage: {} cases</title><style>{STYLE}</style></head><body>\n\
<header><h1>Triage queue</h1><p class=\"counts\">{} read, {} analysed, {} failed</p></header>\n{charts}\n{filters}\n\
<noscript><p>Filters, search and case details need JavaScript; the queue below is complete without it.</p></noscript>\n\
<table id=\"queue\"><thead><tr><th>Priority</th><th>Case</th><th>Complaint</th><th>Issue</th><th>Emotion</th>\
<th title=\"Claims to check before agreeing or disagreeing\">Disputes</th>\
<th title=\"Agent scorecard (transcripts only), 0-100\">Agent</th><th>Problem</th></tr></thead><tbody>\n",
            self.cases.len(),
            c.read,
            c.analysed,
            c.failed
        )?;
        for (i, e) in self.cases.iter().enumerate() {
            writeln!(
                self.out,
                "<tr class=\"case\" data-i=\"{i}\" data-case-id=\"{id}\" data-priority=\"{p}\" data-level=\"{lvl}\" data-issue=\"{issue}\" \
data-emotion=\"{emo}\" data-disputes=\"{d}\" data-reasons=\"{reasons}\"{agent_attr}>\
<td><span class=\"lvl {lvl}\">{p} {lvl}</span></td>\
<td><button type=\"button\" class=\"open\" aria-expanded=\"false\">{id}</button></td>\
<td>{complaint}</td><td title=\"{label}\">{issue_shown}</td><td class=\"emo {fam}\">{emo}</td><td class=\"num\">{d}</td>\
{agent_cell}<td class=\"problem\">{problem}</td></tr>",
                id = escape(&e.id),
                p = e.score,
                lvl = e.level,
                issue = escape(&e.issue),
                issue_shown = escape(&e.issue.replace('_', " ")),
                label = escape(&e.issue_label),
                emo = escape(&e.emotion),
                fam = escape(&e.emotion_family),
                d = e.disputes,
                reasons = e.reasons.join(" "),
                complaint = if e.complaint { "yes" } else { "no" },
                problem = escape(&e.problem),
                agent_attr = e.agent.as_ref().map_or(String::new(), |a| format!(" data-agent-score=\"{}\"", a.0)),
                agent_cell = match &e.agent {
                    Some((score, names)) => format!(
                        "<td class=\"num agent {}\" title=\"{}\">{score}</td>",
                        score_class(*score),
                        escape(if names.is_empty() { "agent not named" } else { names })
                    ),
                    None => "<td class=\"num agent\"></td>".into(),
                },
            )?;
        }
        write!(self.out, "</tbody></table>\n<p id=\"empty\" hidden>No case matches these filters.</p>\n")?;
        if !self.errors.is_empty() {
            writeln!(
                self.out,
                "<section id=\"errors\"><h2>Records that could not be analysed ({})</h2><ul>{}</ul></section>",
                self.errors.len(),
                self.errors.join("")
            )?;
        }
        write!(
            self.out,
            "<div id=\"tip\" role=\"tooltip\" hidden></div>\n<script type=\"application/json\" id=\"strings\">{}</script>\n\
<script type=\"application/json\" id=\"case-data\">[",
            script_json(&self.strings.list)
        )?;
        for (i, e) in self.cases.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b",\n")?;
            }
            self.out.write_all(e.detail.as_bytes())?;
        }
        write!(self.out, "]</script>\n<script>{SCRIPT}</script>\n</body></html>\n")?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, kind: &'static str) -> Mark {
        let rank = match kind {
            "dispute" => 0,
            "fact" => 1,
            _ => 2,
        };
        Mark { start, neg_end: std::cmp::Reverse(end), rank, kind, why: 0 }
    }

    fn flat(nodes: &[Node]) -> String {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(t) => t.clone(),
                Node::Mark(k, _, c) => format!("<{k}>{}</{k}>", flat(c)),
                Node::Sentence(_, _, c) => flat(c),
                Node::Speaker(who) => format!("{who}: "),
            })
            .collect()
    }

    #[test]
    fn nested_marks_keep_every_byte_once() {
        let t = "I always pay $50 on time";
        let mut m = vec![mark(2, 16, "dispute"), mark(13, 16, "fact"), mark(2, 8, "feeling")];
        m.sort();
        assert_eq!(
            flat(&nest(t, 0, t.len(), m)),
            "I <dispute><feeling>always</feeling> pay <fact>$50</fact></dispute> on time"
        );
    }

    #[test]
    fn crossing_marks_are_split_not_dropped() {
        let t = "abcdefgh";
        let mut m = vec![mark(1, 5, "fact"), mark(3, 7, "feeling")];
        m.sort();
        assert_eq!(flat(&nest(t, 0, t.len(), m)), "a<fact>bc<feeling>de</feeling></fact><feeling>fg</feeling>h");
    }

    #[test]
    fn same_span_puts_the_dispute_outside() {
        let t = "never arrived";
        let mut m = vec![mark(0, 13, "fact"), mark(0, 13, "dispute")];
        m.sort();
        assert_eq!(flat(&nest(t, 0, t.len(), m)), "<dispute><fact>never arrived</fact></dispute>");
    }

    fn step(evidence: &str, cues: Vec<crate::report::CueRef>) -> AgentStep {
        AgentStep {
            step: "next_step",
            label: "",
            method: "",
            mark: crate::report::Mark::Done,
            weight: 15,
            evidence: evidence.into(),
            cues,
        }
    }

    fn cue(turn: usize, text: &str, category: &str, line: usize) -> crate::report::CueRef {
        crate::report::CueRef {
            turn,
            speaker: "Priya".into(),
            text: text.into(),
            category: category.into(),
            start: 0,
            end: 0,
            source: format!("lexicons/agent_cues.tsv:{line}"),
        }
    }

    #[test]
    fn evidence_prose_leaves_the_cues_to_their_own_list() {
        let (owner, time) = (cue(3, "I'll", "owner", 253), cue(3, "Thursday", "time", 321));
        let ev = format!(
            "owner and time: {} with \"Thursday\" [time, lexicons/agent_cues.tsv:321]",
            crate::steps::agent::show(&owner)
        );
        assert_eq!(evidence_prose(&step(&ev, vec![owner.clone(), time])), "owner and time");
        let (a, b) = (cue(8, "you should have", "blaming", 34), cue(9, "I'm sorry", "acknowledge", 53));
        let ev = format!(
            "disputed before acknowledging: {}; acknowledged only later, {}",
            crate::steps::agent::show(&a),
            crate::steps::agent::show(&b)
        );
        assert_eq!(
            evidence_prose(&step(&ev, vec![a.clone(), b.clone()])),
            "disputed before acknowledging; acknowledged only later"
        );
        let only = format!("{}; {}", crate::steps::agent::show(&a), crate::steps::agent::show(&b));
        assert_eq!(evidence_prose(&step(&only, vec![a, b])), "", "citations only");
        assert_eq!(
            evidence_prose(&step("11 commitment sentence(s), none hedged", vec![])),
            "11 commitment sentence(s), none hedged"
        );
    }

    #[test]
    fn embedded_json_cannot_close_its_script_element() {
        let s = script_json(&vec!["</script><script>alert(1)</script>", "<!--"]);
        assert!(!s.contains('<'), "{s}");
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
    }
}
