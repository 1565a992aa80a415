//! Byte offsets are the one position unit inside grievance: they are what Rust string slicing
//! uses, so a span can always cut its text back out without recounting characters.

use serde::Serialize;

/// A half-open byte range `[start, end)` into a case's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Moves a span measured inside a slice to the coordinates of the text holding that slice.
    pub fn offset(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_and_offset() {
        let text = "café charged $10";
        let s = Span::new(6, 13);
        assert_eq!(s.slice(text), "charged");
        assert_eq!(Span::new(0, 2).offset(6), Span::new(6, 8));
        assert!(Span::new(0, 10).contains(Span::new(2, 5)));
        assert!(!Span::new(0, 3).overlaps(Span::new(3, 5)));
        assert!(Span::new(0, 4).overlaps(Span::new(3, 5)));
    }
}
