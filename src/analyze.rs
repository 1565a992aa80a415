//! The analysis of one case: text is segmented and matched once, then each step of the method
//! reads what the previous ones found. Nothing here knows about input or output formats.

use crate::case::{Case, Role};
use crate::lexicon::{Lexicons, Match};
use crate::report::{Fields, Report};
use crate::steps::{self, prepare::Context};
use crate::text::{Span, Tokens, sentences, tokenize_into};

/// A sentence with everything the steps share: its tokens and the lexicon entries found in it.
#[derive(Debug, Default)]
pub struct SentenceDoc {
    pub span: Span,
    pub tokens: Tokens,
    pub matches: Vec<Match>,
    pub speaker: Option<Role>,
    /// Ends with a question mark.
    pub question: bool,
    /// Token index where each clause starts (the first is 0): clauses break at contrast and
    /// concession words and at ; : and spaced dashes. Negation never reaches across a break.
    pub clause_starts: Vec<usize>,
    /// The tags of the sentence's words (`Lexicons::tag_words`), all together.
    pub tags: u32,
}

impl SentenceDoc {
    /// The clauses as byte spans of the case text.
    pub fn clause_spans(&self) -> Vec<Span> {
        let t = &self.tokens.list;
        let mut out = Vec::with_capacity(self.clause_starts.len());
        for (k, &a) in self.clause_starts.iter().enumerate() {
            let b = self.clause_starts.get(k + 1).copied().unwrap_or(t.len());
            if a < b {
                out.push(Span::new(t[a].span.start, t[b - 1].span.end));
            }
        }
        out
    }

    /// The negator governing whatever starts at token `start`: the nearest `negator` entry ending
    /// at most `reach` tokens before it, in the same clause, with no punctuation between and no
    /// word between for which `blocks` says it starts something new. The one notion of negation
    /// scope the steps share; each chooses its reach.
    pub fn negator_before(
        &self,
        lex: &Lexicons,
        start: usize,
        reach: usize,
        blocks: impl Fn(&str) -> bool,
    ) -> Option<&Match> {
        self.matches.iter().rfind(|x| {
            x.file == crate::lexicon::LexFile::Negators
                && x.end <= start
                && start - x.end <= reach
                && lex.entry(x.entry).category == "negator"
                && self.same_clause(x.start, start)
                && !(x.end..start)
                    .any(|i| self.tokens.list[i].kind == crate::text::TokenKind::Punct || blocks(self.tokens.norm(i)))
        })
    }

    /// Whether tokens `a` and `b` (a <= b) sit in the same clause.
    pub fn same_clause(&self, a: usize, b: usize) -> bool {
        !self.clause_starts.iter().any(|&c| a < c && c <= b)
    }
}

/// Whether a contrast.tsv match really contrasts: "yet" right after a negator is the temporal
/// "not yet" ("this technology is not yet great"), part of the negation, not a new clause.
pub fn contrasts(lex: &Lexicons, matches: &[Match], m: &Match) -> bool {
    m.file == crate::lexicon::LexFile::Contrast
        && !matches.iter().any(|n| {
            n.file == crate::lexicon::LexFile::Negators && n.end == m.start && lex.entry(n.entry).category == "negator"
        })
}

/// Clause starts from the matches (contrast words) and the punctuation tokens, into `starts`.
fn clause_starts(lex: &Lexicons, tokens: &Tokens, matches: &[Match], starts: &mut Vec<usize>) {
    starts.clear();
    starts.push(0);
    for i in 0..tokens.len() {
        if tokens.list[i].kind == crate::text::TokenKind::Punct && matches!(tokens.norm(i), ";" | ":" | "-") {
            starts.push(i + 1);
        }
    }
    starts.extend(matches.iter().filter(|m| contrasts(lex, matches, m)).map(|m| m.start));
    starts.sort_unstable();
    starts.dedup();
    starts.retain(|&s| s < tokens.len());
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
}

thread_local! {
    /// Sentences of finished cases, their buffers (tokens, matches, clauses) kept for the next
    /// case on this thread: four allocations per sentence otherwise.
    static SPARE: std::cell::RefCell<Vec<SentenceDoc>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Spare sentences kept per thread: more than most cases have, and a bound on what a huge case
/// leaves behind.
const MAX_SPARE: usize = 64;

impl Drop for Doc<'_> {
    fn drop(&mut self) {
        // `try_with`: a Doc dropped while the thread ends finds no pool, and needs none.
        let _ = SPARE.try_with(|spare| {
            if let Ok(mut spare) = spare.try_borrow_mut() {
                let room = MAX_SPARE.saturating_sub(spare.len());
                spare.extend(self.sentences.drain(..).take(room));
            }
        });
    }
}

/// A case prepared for the steps.
#[derive(Debug)]
pub struct Doc<'a> {
    pub case: &'a Case,
    pub lex: &'a Lexicons,
    pub sentences: Vec<SentenceDoc>,
}

impl<'a> Doc<'a> {
    pub fn new(case: &'a Case, lex: &'a Lexicons) -> Doc<'a> {
        let text = case.text.as_str();
        // Transcripts are segmented turn by turn, so a sentence never spans two speakers and the
        // speaker labels are never read as the client's words.
        let regions: Vec<(Span, Option<Role>)> = if case.turns.is_empty() {
            vec![(Span::new(0, text.len()), None)]
        } else {
            case.turns.iter().map(|t| (t.span, Some(t.role))).collect()
        };
        let mut out = Vec::with_capacity(text.len() / 80 + 1);
        SPARE.with_borrow_mut(|spare| {
            for (region, speaker) in regions {
                let Some(part) = text.get(region.start..region.end) else {
                    continue;
                };
                for s in sentences(part) {
                    let span = s.offset(region.start);
                    let mut sd = spare.pop().unwrap_or_default();
                    sd.span = span;
                    sd.speaker = speaker;
                    sd.question = span.slice(text).trim_end_matches(['"', '\'', ')']).ends_with('?');
                    tokenize_into(span.slice(text), span.start, &mut sd.tokens);
                    sd.tags = lex.find_into(&sd.tokens, &mut sd.matches);
                    clause_starts(lex, &sd.tokens, &sd.matches, &mut sd.clause_starts);
                    out.push(sd);
                }
            }
        });
        Doc { case, lex, sentences: out }
    }

    pub fn text(&self) -> &'a str {
        &self.case.text
    }

    /// The text of tokens `a..b` of sentence `s`.
    pub fn token_text(&self, s: usize, a: usize, b: usize) -> &'a str {
        let t = &self.sentences[s].tokens.list;
        &self.case.text[t[a].span.start..t[b - 1].span.end]
    }

    pub fn match_span(&self, s: usize, m: &Match) -> Span {
        let t = &self.sentences[s].tokens.list;
        Span::new(t[m.start].span.start, t[m.end - 1].span.end)
    }
}

/// The analyser: compiled lexicons and the steps. Shared read-only across threads.
#[derive(Debug)]
pub struct Analyzer {
    pub lex: Lexicons,
}

impl Analyzer {
    pub fn new(mut lex: Lexicons) -> Analyzer {
        lex.tag_words(steps::facts::word_classes());
        Analyzer { lex }
    }

    /// Runs the steps of the method on one case, in order.
    pub fn analyze(&self, case: &Case, ctx: &Context) -> Report {
        let doc = Doc::new(case, &self.lex);
        let mut facts = steps::facts::find(&doc);
        let feelings = steps::feelings::find(&doc, &facts);
        let mut sentences = steps::kinds::classify(&doc, &facts, &feelings);
        let mut disputes = steps::dispute::find(&doc, &facts, &mut sentences);
        let confirmed = steps::check::check(&doc, ctx, &mut facts, &mut sentences, &mut disputes);
        let about = steps::issues::find(&doc);
        let emotions = steps::feelings::summarize(&doc, &feelings.feelings);
        let sentiment = feelings.case_sentiment;
        let triage = steps::triage::assess(&steps::triage::Input {
            doc: &doc,
            facts: &facts,
            feelings: &feelings,
            emotions: &emotions,
            about: &about,
            disputes: &disputes,
            sentences: &sentences,
            ctx,
        });
        let framing = steps::frame::write(&steps::frame::Input {
            doc: &doc,
            facts: &facts,
            emotions: &emotions,
            about: &about,
            disputes: &disputes,
            complaint: triage.complaint,
            priority: &triage.priority,
            ctx,
        });
        // The conversation exists only when there are turns to follow; the scorecard when an agent
        // took part in it.
        let conversation =
            (!case.turns.is_empty()).then(|| steps::conversation::follow(&doc, &facts, &feelings.feelings));
        let agent = conversation.as_ref().filter(|c| c.agent_turns > 0).map(|c| {
            steps::agent::score(&steps::agent::Input {
                doc: &doc,
                facts: &facts,
                feelings: &feelings.feelings,
                conversation: c,
            })
        });
        Report {
            id: case.id.clone(),
            complaint: triage.complaint,
            complaint_score: triage.complaint_score,
            sentiment,
            emotions,
            issues: about.issues,
            priority: triage.priority,
            sentences,
            facts,
            feelings: feelings.feelings,
            disputes,
            confirmed,
            threats: about.threats,
            remedies: about.remedies,
            framing,
            context: ctx.report.clone(),
            conversation,
            agent,
            fields: Fields(case.fields.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case's sentences reuse the buffers of the cases before on the same thread; what they
    /// hold is the same as on a thread that has analysed nothing yet.
    #[test]
    fn reused_sentence_buffers_hold_what_fresh_ones_do() {
        let lex = Lexicons::builtin();
        let first = Case::new(
            "a",
            "I DON'T want £40 back; they said it'd come on 12/03!!! But nothing came, not even a \
             call - twice now. Très déçu 😡 @support #NeverAgain. It's been 3 weeks, no reply.",
        );
        let second = Case::new("b", "My order arrived late. The driver was rude; no refund yet.");
        let fresh = std::thread::scope(|t| {
            t.spawn(|| format!("{:?}", Doc::new(&second, &lex).sentences)).join().expect("thread")
        });
        std::thread::scope(|t| {
            t.spawn(|| {
                drop(Doc::new(&first, &lex));
                assert!(SPARE.with_borrow(|s| !s.is_empty()), "the first case's sentences are kept");
                assert_eq!(format!("{:?}", Doc::new(&second, &lex).sentences), fresh);
            })
            .join()
            .expect("thread")
        });
    }

    #[test]
    fn clauses_split_at_contrast_words_and_semicolons() {
        let lex = Lexicons::builtin();
        let case = Case::new("t", "The staff were kind but the refund never came; I waited.");
        let doc = Doc::new(&case, &lex);
        let clauses: Vec<&str> = doc.sentences[0].clause_spans().iter().map(|s| s.slice(&case.text)).collect();
        assert_eq!(clauses, vec!["The staff were kind", "but the refund never came;", "I waited."]);
    }

    #[test]
    fn transcripts_are_segmented_turn_by_turn() {
        let mut case = Case::new("t", "Agent: Hello, how can I help\nCustomer: my bill is wrong");
        case.turns = vec![
            crate::case::Turn { speaker: "Agent".into(), role: Role::Agent, time: None, span: Span::new(7, 28) },
            crate::case::Turn { speaker: "Customer".into(), role: Role::Customer, time: None, span: Span::new(39, 55) },
        ];
        let lex = Lexicons::builtin();
        let doc = Doc::new(&case, &lex);
        let texts: Vec<&str> = doc.sentences.iter().map(|s| s.span.slice(&case.text)).collect();
        assert_eq!(texts, vec!["Hello, how can I help", "my bill is wrong"]);
        assert_eq!(doc.sentences[1].speaker, Some(Role::Customer));
    }
}
