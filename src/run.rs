//! A batch run, as a pipeline of three stages that overlap:
//!
//! 1. the calling thread streams the inputs as chunks and prepares each case in input order;
//! 2. the worker pool analyses a chunk in parallel, keeping its order;
//! 3. the calling thread writes the previous chunk's results to the sink, then reads the next
//!    chunk, while the pool analyses this one.
//!
//! Output is therefore the same bytes whatever the number of threads, and memory is bounded: a
//! chunk holds at most `CHUNK_PER_JOB` records or `CHUNK_BYTES_PER_JOB` bytes of text per job,
//! and at most three chunks are alive at once (analysed, written, read).
//!
//! With one job the three stages take turns on the calling thread instead, with the same
//! chunks, steps and writer.

use crate::analyze::Analyzer;
use crate::case::Case;
use crate::input::{InputOptions, Item, Items, RecordError, read};
use crate::output::{Encoder, Sink};
use crate::report::Report;
use crate::steps::prepare::{Context, Preparer};
use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub input: InputOptions,
    pub jobs: usize,
    pub date_field: Option<String>,
    /// Client records (`--records`), looked up for each case by the prepare step.
    pub records: Option<std::sync::Arc<crate::records::Records>>,
    /// Mask personal data in the reports before any writer sees them (`--redact`).
    pub redact: bool,
}

/// What a run did. `read == analysed + failed`, always.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub read: u64,
    pub analysed: u64,
    pub failed: u64,
}

/// Records per chunk and thread: large enough to keep threads busy, small enough that memory
/// stays flat on exports of any size.
const CHUNK_PER_JOB: usize = 128;
/// Bytes of text per chunk and thread, so that a few huge records do not make a huge chunk.
const CHUNK_BYTES_PER_JOB: usize = 2 << 20;

type Entry = Result<(Case, Context), RecordError>;

enum Slot {
    Done(Box<Report>),
    /// A report already encoded by the sink's encoder, on the worker thread.
    Encoded(Vec<u8>),
    Failed(RecordError),
}

/// Runs every input through the analyser into `sink`. Only a failing sink (an I/O error on the
/// output) stops the run; bad records become error records.
pub fn run(
    inputs: &[String],
    opts: &RunOptions,
    analyzer: &Analyzer,
    sink: &mut dyn Sink,
    mut progress: impl FnMut(&Counts),
) -> std::io::Result<Counts> {
    let jobs = opts.jobs.max(1);
    let mut chunks = Chunks::new(inputs, opts, jobs);
    let mut counts = Counts::default();
    let encoder = sink.encoder();
    if jobs == 1 {
        // Read, analyse and write take turns on this thread: on one core, threads handing
        // chunks to each other cost 5-7% of a run (about 6,900 context switches a second on
        // short complaints, and cross-thread frees) and overlapped nothing.
        for chunk in chunks {
            let slots = chunk.into_iter().map(|entry| analyze_entry(analyzer, entry, opts.redact, encoder));
            write_slots(slots, sink, &mut counts)?;
            progress(&counts);
        }
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        // While the pool analyses a chunk, this thread writes the one before and reads the one
        // after. It reads only once the write succeeded, so a failed output ends the run at
        // once, never after a wait on stdin.
        let mut next = chunks.next();
        let mut ready: Option<Vec<Slot>> = None;
        while next.is_some() || ready.is_some() {
            let (mut analysed, mut written, mut following) = (None, Ok(()), None);
            pool.in_place_scope(|scope| {
                if let Some(chunk) = next.take() {
                    let out = &mut analysed;
                    let redact = opts.redact;
                    scope.spawn(move |_| *out = Some(analyze_chunk(analyzer, chunk, redact, encoder)));
                }
                if let Some(slots) = ready.take() {
                    written = write_slots(slots.into_iter(), sink, &mut counts);
                }
                if written.is_ok() {
                    following = chunks.next();
                }
            });
            written?;
            if counts.read > 0 {
                progress(&counts);
            }
            (ready, next) = (analysed, following);
        }
    }
    if counts.read == 0 {
        progress(&counts);
    }
    sink.finish(&counts)?;
    Ok(counts)
}

/// Analyses a chunk in parallel, in order. With an encoder, each report is encoded and freed
/// on the thread that made it: the writer then only copies bytes, and frees one buffer per case
/// instead of every string of a report made on another thread (cross-thread frees were a tenth
/// of a run in profiles).
fn analyze_chunk(analyzer: &Analyzer, chunk: Vec<Entry>, redact: bool, encoder: Option<Encoder>) -> Vec<Slot> {
    chunk.into_par_iter().map(|entry| analyze_entry(analyzer, entry, redact, encoder)).collect()
}

fn analyze_entry(analyzer: &Analyzer, entry: Entry, redact: bool, encoder: Option<Encoder>) -> Slot {
    match entry {
        Ok((case, ctx)) => analyze_guarded(analyzer, &case, &ctx, redact, encoder),
        Err(e) => Slot::Failed(e),
    }
}

fn write_slots(slots: impl Iterator<Item = Slot>, sink: &mut dyn Sink, counts: &mut Counts) -> std::io::Result<()> {
    for slot in slots {
        counts.read += 1;
        match slot {
            Slot::Done(report) => {
                counts.analysed += 1;
                sink.report(&report)?;
            }
            Slot::Encoded(bytes) => {
                counts.analysed += 1;
                sink.encoded(&bytes)?;
            }
            Slot::Failed(e) => {
                counts.failed += 1;
                sink.error(&e)?;
            }
        }
    }
    Ok(())
}

/// Stage 1: the inputs streamed as chunks of entries, each case prepared in input order (step 1
/// needs the batch order).
struct Chunks<'a> {
    inputs: std::slice::Iter<'a, String>,
    /// The input being read, and its records.
    input: &'a str,
    items: Items,
    opts: &'a RunOptions,
    preparer: Preparer,
    max_records: usize,
    max_bytes: usize,
}

impl<'a> Chunks<'a> {
    fn new(inputs: &'a [String], opts: &'a RunOptions, jobs: usize) -> Self {
        Chunks {
            inputs: inputs.iter(),
            input: "",
            items: Box::new(std::iter::empty()),
            opts,
            preparer: Preparer::new(opts.date_field.clone()).with_records(opts.records.clone()),
            max_records: CHUNK_PER_JOB * jobs,
            max_bytes: CHUNK_BYTES_PER_JOB * jobs,
        }
    }

    /// The next record of any input, or the error that stands for it.
    fn next_item(&mut self) -> Option<Item> {
        loop {
            match catch_unwind(AssertUnwindSafe(|| self.items.next())) {
                Ok(Some(item)) => return Some(item),
                Ok(None) => {}
                // A reader that panicked is in an unknown state: report it and skip the rest
                // of that input, so the run still accounts for what it read.
                Err(_) => {
                    self.items = Box::new(std::iter::empty());
                    return Some(reader_defect(self.input));
                }
            }
            let input = self.inputs.next()?;
            self.input = input;
            self.items = match catch_unwind(AssertUnwindSafe(|| read(input, &self.opts.input))) {
                Ok(items) => items,
                Err(_) => Box::new(std::iter::once(reader_defect(input))),
            };
        }
    }

    fn entry(&mut self, item: Item) -> Entry {
        match item {
            Item::Case(case) if case.text.trim().is_empty() => Err(RecordError {
                id: Some(case.id.clone()),
                source: case.source.clone(),
                message: "the record's text is empty; nothing to analyse".into(),
            }),
            // As in analysis, a defect costs the record, not the run.
            Item::Case(case) => match catch_unwind(AssertUnwindSafe(|| self.preparer.prepare(&case))) {
                Ok(ctx) => Ok((case, ctx)),
                Err(_) => Err(RecordError {
                    id: Some(case.id.clone()),
                    source: case.source.clone(),
                    message: "internal error while preparing this record (please report it)".into(),
                }),
            },
            Item::Error(e) => Err(e),
        }
    }
}

impl Iterator for Chunks<'_> {
    type Item = Vec<Entry>;

    fn next(&mut self) -> Option<Vec<Entry>> {
        let mut chunk = Vec::with_capacity(self.max_records);
        let mut bytes = 0;
        while chunk.len() < self.max_records && bytes < self.max_bytes {
            let Some(item) = self.next_item() else { break };
            let entry = self.entry(item);
            bytes += entry.as_ref().map_or(0, |(case, _)| case.text.len());
            chunk.push(entry);
        }
        (!chunk.is_empty()).then_some(chunk)
    }
}

fn reader_defect(input: &str) -> Item {
    Item::Error(RecordError {
        id: None,
        source: input.to_string(),
        message: "internal error while reading this input (please report it); the rest of it is skipped".into(),
    })
}

/// A defect in a step (or in encoding its report) must cost one record, not the run: a panic
/// becomes that record's error.
fn analyze_guarded(analyzer: &Analyzer, case: &Case, ctx: &Context, redact: bool, encoder: Option<Encoder>) -> Slot {
    // Encoded where it was made, the report is never boxed or moved across threads.
    let analyze = || {
        let mut r = analyzer.analyze(case, ctx);
        if redact {
            r.redact();
        }
        let Some(encode) = encoder else {
            return Slot::Done(Box::new(r));
        };
        let mut bytes = Vec::new();
        match encode(&r, &mut bytes) {
            Ok(()) => Slot::Encoded(bytes),
            Err(e) => Slot::Failed(RecordError {
                id: Some(case.id.clone()),
                source: case.source.clone(),
                message: format!("cannot encode this record's report: {e}"),
            }),
        }
    };
    match catch_unwind(AssertUnwindSafe(analyze)) {
        Ok(slot) => slot,
        Err(_) => Slot::Failed(RecordError {
            id: Some(case.id.clone()),
            source: case.source.clone(),
            message: "internal error while analysing this record (please report it)".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicons;

    fn encode_ok(r: &Report, out: &mut Vec<u8>) -> std::io::Result<()> {
        out.extend_from_slice(r.id.as_bytes());
        Ok(())
    }

    fn encode_err(_: &Report, _: &mut Vec<u8>) -> std::io::Result<()> {
        Err(std::io::Error::other("no room"))
    }

    fn encode_panic(_: &Report, _: &mut Vec<u8>) -> std::io::Result<()> {
        panic!("a defect in the encoder")
    }

    /// A reader that panics costs the rest of its input, reported as one error record naming it;
    /// what it read before stays, and the next input is read.
    #[test]
    fn a_panicking_reader_costs_the_rest_of_its_input() {
        let dir = std::env::temp_dir().join(format!("grievance-run-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let next = dir.join("next.txt");
        std::fs::write(&next, "The parcel never came.").unwrap();
        let inputs = vec![next.to_string_lossy().into_owned()];
        let opts = RunOptions::default();
        let mut chunks = Chunks::new(&inputs, &opts, 1);
        let mut first = true;
        chunks.input = "broken.jsonl";
        chunks.items = Box::new(std::iter::from_fn(move || {
            assert!(std::mem::take(&mut first), "a defect in a reader");
            Some(Item::Case(Case::new("c1", "My order is late.")))
        }));
        let entries: Vec<Entry> = chunks.flatten().collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(entries.len(), 3, "{entries:?}");
        assert!(matches!(&entries[0], Ok((case, _)) if case.id == "c1"));
        match &entries[1] {
            Err(e) => {
                assert_eq!(e.source, "broken.jsonl");
                assert!(e.message.starts_with("internal error while reading"), "{}", e.message);
            }
            Ok(_) => panic!("expected the reader's defect"),
        }
        assert!(matches!(&entries[2], Ok((case, _)) if case.text == "The parcel never came."));
    }

    /// Chunks end at `CHUNK_PER_JOB` records per job and keep every record, in order; an empty
    /// text is an error record in its place.
    #[test]
    fn chunks_keep_every_record_in_order() {
        let opts = RunOptions::default();
        let mut chunks = Chunks::new(&[], &opts, 1);
        let n = CHUNK_PER_JOB * 2 + 5;
        let records = move || (0..n).map(|i| Item::Case(Case::new(i.to_string(), if i == 7 { " " } else { "Late." })));
        chunks.items = Box::new(records());
        let sizes: Vec<usize> = chunks.map(|chunk| chunk.len()).collect();
        assert_eq!(sizes, [CHUNK_PER_JOB, CHUNK_PER_JOB, 5]);
        let mut chunks = Chunks::new(&[], &opts, 1);
        chunks.items = Box::new(records());
        let ids: Vec<String> = chunks
            .flatten()
            .map(|e| match e {
                Ok((case, _)) => case.id,
                Err(e) => format!("error {}", e.id.unwrap_or_default()),
            })
            .collect();
        let want: Vec<String> = (0..n).map(|i| if i == 7 { "error 7".into() } else { i.to_string() }).collect();
        assert_eq!(ids, want);
    }

    /// The report is encoded on the worker, inside the guard: a failing or panicking encoder
    /// costs that record (an error record with its id and source), never the run.
    #[test]
    fn encoding_failures_cost_one_record() {
        let analyzer = Analyzer::new(Lexicons::builtin());
        let case = Case { source: "t.txt:1".into(), ..Case::new("c1", "My parcel never arrived.") };
        let ctx = Preparer::new(None).prepare(&case);
        let slot = |encoder: Encoder| analyze_guarded(&analyzer, &case, &ctx, false, Some(encoder));
        assert!(matches!(slot(encode_ok), Slot::Encoded(b) if b == b"c1"));
        let failed = |s: Slot| match s {
            Slot::Failed(e) => (e.id, e.source, e.message),
            _ => panic!("expected an error record"),
        };
        let (id, source, message) = failed(slot(encode_err));
        assert_eq!((id.as_deref(), source.as_str()), (Some("c1"), "t.txt:1"));
        assert!(message.starts_with("cannot encode this record's report"), "{message}");
        let (_, _, message) = failed(slot(encode_panic));
        assert!(message.starts_with("internal error"), "{message}");
        assert!(matches!(analyze_guarded(&analyzer, &case, &ctx, false, None), Slot::Done(r) if r.id == "c1"));
    }
}
