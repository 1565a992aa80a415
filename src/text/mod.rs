//! The text layer: where the case's raw string becomes sentences, clauses and tokens, each a byte
//! span into the original text, so every later finding can point back at what the client wrote.

mod person;
mod segment;
mod span;
mod token;

pub use person::{is_first_person, is_second_person, is_third_person};
pub use segment::{MAX_SENTENCE_BYTES, sentences};
pub use span::Span;
pub use token::{Token, TokenKind, Tokens, normalize_word, shorten_runs, tokenize, tokenize_into};
