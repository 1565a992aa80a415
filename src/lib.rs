//! grievance reads customer complaints and separates what the client states from what the
//! client feels, flags the facts to check before agreeing or disagreeing, and suggests how to
//! frame the problem and what to do next.
//!
//! Data flows one way: `input` (a reader per format) -> `Case` -> `text` (sentences, tokens) ->
//! `steps` in order -> `Report` -> `output` (a writer per format). The analysis never knows the
//! output format.

pub mod analyze;
pub mod case;
pub mod input;
pub mod lexicon;
pub mod output;
pub mod records;
pub mod redact;
pub mod report;
pub mod run;
pub mod steps;
pub mod text;

pub use analyze::Analyzer;
pub use case::{Case, Role, Turn};
pub use report::Report;
