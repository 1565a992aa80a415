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

use std::ops::Range;

/// Facts and feelings come out of their steps in sentence order. This index of where each
/// sentence's run begins lets the later steps take one sentence's findings without scanning the
/// whole case, which would make long records quadratic.
#[derive(Debug, Clone)]
pub struct BySentence {
    starts: Vec<usize>,
}

impl BySentence {
    /// `sentences` yields each item's sentence index, in item order (non-decreasing).
    pub fn new(n_sentences: usize, sentences: impl Iterator<Item = usize>) -> BySentence {
        let mut counts = vec![0usize; n_sentences + 1];
        let mut last = 0;
        for s in sentences {
            debug_assert!(s >= last, "items must come in sentence order");
            last = s;
            if s < n_sentences {
                counts[s + 1] += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        BySentence { starts: counts }
    }

    /// The items of sentence `si`, as a range into the slice the index was built from.
    pub fn range(&self, si: usize) -> Range<usize> {
        match (self.starts.get(si), self.starts.get(si + 1)) {
            (Some(&a), Some(&b)) => a..b,
            _ => 0..0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::BySentence;

    #[test]
    fn ranges_per_sentence() {
        let idx = BySentence::new(4, [0, 0, 2, 3, 3, 3].into_iter());
        assert_eq!(idx.range(0), 0..2);
        assert_eq!(idx.range(1), 2..2);
        assert_eq!(idx.range(2), 2..3);
        assert_eq!(idx.range(3), 3..6);
        assert_eq!(idx.range(9), 0..0);
    }
}
