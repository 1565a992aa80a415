//! A batch run, as a pipeline of three stages that overlap:
//!
//! 1. a reader thread streams the inputs, prepares each case in input order (step 1 needs the
//!    batch order) and hands over chunks through a bounded channel;
//! 2. the worker pool analyses a chunk in parallel, keeping its order;
//! 3. the calling thread writes the previous chunk's results to the sink while the pool
//!    analyses the next one.
//!
//! Output is therefore the same bytes whatever the number of threads, and memory is bounded: a
//! chunk holds at most `CHUNK_PER_JOB` records or `CHUNK_BYTES_PER_JOB` bytes of text per job,
//! and at most four chunks are alive at once (being read, waiting, analysed, written).
//!
//! With one job the three stages take turns on the calling thread instead (`run_inline`), with
//! the same chunks, steps and writer.

use crate::analyze::Analyzer;
use crate::case::Case;
use crate::input::{InputOptions, Item, RecordError, read};
use crate::output::{Encoder, Sink};
use crate::report::Report;
use crate::steps::prepare::{Context, Preparer};
use rayon::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::sync_channel;

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
    if jobs == 1 {
        return run_inline(inputs, opts, analyzer, sink, progress);
    }
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(|e| std::io::Error::other(e.to_string()))?;
    // One chunk waits in the channel while the reader fills the next: reading never waits for
    // analysis unless it is two chunks ahead.
    let (tx, rx) = sync_channel::<Vec<Entry>>(1);
    let reader = {
        let (inputs, opts) = (inputs.to_vec(), opts.clone());
        // Not scoped: when the output fails, the run returns at once instead of waiting for a
        // reader that may be blocked on stdin; the reader ends at its next send.
        std::thread::Builder::new()
            .name("grievance-reader".into())
            .spawn(move || read_chunks(&inputs, &opts, jobs, &mut |chunk| tx.send(chunk).is_ok()))
            .map_err(|e| std::io::Error::other(format!("cannot start the reader thread: {e}")))?
    };
    let mut counts = Counts::default();
    let mut ready: Option<Vec<Slot>> = None;
    loop {
        let next = rx.recv().ok();
        if next.is_none() && ready.is_none() {
            break;
        }
        let mut analysed: Option<Vec<Slot>> = None;
        let mut written = Ok(());
        let encoder = sink.encoder();
        pool.in_place_scope(|scope| {
            if let Some(chunk) = next {
                let out = &mut analysed;
                let redact = opts.redact;
                scope.spawn(move |_| *out = Some(analyze_chunk(analyzer, chunk, redact, encoder)));
            }
            if let Some(slots) = ready.take() {
                written = write_slots(slots, sink, &mut counts);
            }
        });
        written?;
        if counts.read > 0 {
            progress(&counts);
        }
        ready = analysed;
    }
    drop(rx);
    if reader.join().is_err() {
        // read_chunks catches panics of the readers; this is a defect of the runner itself.
        return Err(std::io::Error::other("internal error in the input reader (please report it)"));
    }
    if counts.read == 0 {
        progress(&counts);
    }
    sink.finish(&counts)?;
    Ok(counts)
}

/// `run` with one job: each chunk is read, analysed and written in turn on this thread. On one
/// core, three threads handing chunks to each other cost 5-7% of a run (about 6,900 context
/// switches a second on short complaints, and cross-thread frees) and overlapped nothing.
fn run_inline(
    inputs: &[String],
    opts: &RunOptions,
    analyzer: &Analyzer,
    sink: &mut dyn Sink,
    mut progress: impl FnMut(&Counts),
) -> std::io::Result<Counts> {
    let mut counts = Counts::default();
    let mut written = Ok(());
    let encoder = sink.encoder();
    read_chunks(inputs, opts, 1, &mut |chunk| {
        let slots = chunk.into_iter().map(|entry| analyze_entry(analyzer, entry, opts.redact, encoder)).collect();
        written = write_slots(slots, sink, &mut counts);
        if written.is_ok() && counts.read > 0 {
            progress(&counts);
        }
        written.is_ok()
    });
    written?;
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

fn write_slots(slots: Vec<Slot>, sink: &mut dyn Sink, counts: &mut Counts) -> std::io::Result<()> {
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

/// Stage 1: streams the inputs into chunks, preparing each case in input order, and hands each
/// to `emit`. Stops when `emit` says false (the output failed).
fn read_chunks(inputs: &[String], opts: &RunOptions, jobs: usize, emit: &mut dyn FnMut(Vec<Entry>) -> bool) {
    let mut preparer = Preparer::new(opts.date_field.clone()).with_records(opts.records.clone());
    let (max_records, max_bytes) = (CHUNK_PER_JOB * jobs, CHUNK_BYTES_PER_JOB * jobs);
    let mut chunk: Vec<Entry> = Vec::with_capacity(max_records);
    let mut bytes = 0;
    for input in inputs {
        let mut items = match catch_unwind(AssertUnwindSafe(|| read(input, &opts.input))) {
            Ok(items) => items,
            Err(_) => Box::new(std::iter::once(reader_defect(input))),
        };
        loop {
            let item = match catch_unwind(AssertUnwindSafe(|| items.next())) {
                Ok(Some(item)) => item,
                Ok(None) => break,
                // A reader that panicked is in an unknown state: report it and skip the rest
                // of that input, so the run still accounts for what it read.
                Err(_) => {
                    items = Box::new(std::iter::empty());
                    reader_defect(input)
                }
            };
            let entry = match item {
                Item::Case(case) if case.text.trim().is_empty() => Err(RecordError {
                    id: Some(case.id.clone()),
                    source: case.source.clone(),
                    message: "the record's text is empty; nothing to analyse".into(),
                }),
                Item::Case(case) => {
                    let ctx = preparer.prepare(&case);
                    Ok((case, ctx))
                }
                Item::Error(e) => Err(e),
            };
            bytes += entry.as_ref().map_or(0, |(case, _)| case.text.len());
            chunk.push(entry);
            if chunk.len() >= max_records || bytes >= max_bytes {
                bytes = 0;
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(max_records));
                if !emit(full) {
                    return;
                }
            }
        }
    }
    if !chunk.is_empty() {
        emit(chunk);
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
