//! The steps of the method, one module each, run in this order by `Analyzer::analyze`:
//! prepare (step 1) -> facts (2) -> feelings (3) -> kinds (fact/feeling per sentence) ->
//! dispute (5) -> check (5: claims against the client record and each other) -> issues (what
//! it is about, what is asked or threatened) -> triage (8) -> frame (4, 6, 7: acknowledge, problem, feelings, actions). Transcripts then get the
//! conversation view (the client turn by turn) and the agent scorecard (the eight steps as the
//! agent followed them).

pub mod agent;
pub mod check;
pub mod conversation;
pub mod dispute;
pub mod facts;
pub mod feelings;
pub mod frame;
pub mod issues;
pub mod kinds;
pub mod prepare;
pub mod triage;
