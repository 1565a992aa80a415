//! A batch run: inputs are streamed in chunks, each chunk is prepared in order (step 1 needs the
//! batch order), analysed in parallel, and written in input order. Output is therefore the same
//! bytes whatever the number of threads, and memory is bounded by the chunk size.

use crate::analyze::Analyzer;
use crate::case::Case;
use crate::input::{InputOptions, Item, RecordError, read};
use crate::output::Sink;
use crate::report::Report;
use crate::steps::prepare::{Context, Preparer};
use rayon::prelude::*;

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
const CHUNK_PER_JOB: usize = 64;

enum Slot {
    Done(Box<Report>),
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
    let pool =
        rayon::ThreadPoolBuilder::new().num_threads(jobs).build().map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut preparer = Preparer::new(opts.date_field.clone()).with_records(opts.records.clone());
    let mut counts = Counts::default();
    let chunk_size = CHUNK_PER_JOB * jobs;
    let mut chunk: Vec<Result<(Case, Context), RecordError>> = Vec::with_capacity(chunk_size);
    let mut flush =
        |chunk: &mut Vec<Result<(Case, Context), RecordError>>, counts: &mut Counts| -> std::io::Result<()> {
            let slots: Vec<Slot> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|item| match item {
                        Ok((case, ctx)) => analyze_guarded(analyzer, case, ctx, opts.redact),
                        Err(e) => Slot::Failed(e.clone()),
                    })
                    .collect()
            });
            for slot in slots {
                match slot {
                    Slot::Done(report) => {
                        counts.analysed += 1;
                        sink.report(&report)?;
                    }
                    Slot::Failed(e) => {
                        counts.failed += 1;
                        sink.error(&e)?;
                    }
                }
            }
            chunk.clear();
            Ok(())
        };
    for input in inputs {
        for item in read(input, &opts.input) {
            counts.read += 1;
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
            chunk.push(entry);
            if chunk.len() >= chunk_size {
                flush(&mut chunk, &mut counts)?;
                progress(&counts);
            }
        }
    }
    flush(&mut chunk, &mut counts)?;
    progress(&counts);
    sink.finish(&counts)?;
    Ok(counts)
}

/// A defect in a step must cost one record, not the run: a panic becomes that record's error.
fn analyze_guarded(analyzer: &Analyzer, case: &Case, ctx: &Context, redact: bool) -> Slot {
    let analyze = || {
        let mut r = analyzer.analyze(case, ctx);
        if redact {
            r.redact();
        }
        r
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(analyze)) {
        Ok(r) => Slot::Done(Box::new(r)),
        Err(_) => Slot::Failed(RecordError {
            id: Some(case.id.clone()),
            source: case.source.clone(),
            message: "internal error while analysing this record (please report it)".into(),
        }),
    }
}
