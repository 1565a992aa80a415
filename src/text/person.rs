//! Personal pronouns by grammatical person, in their normalised token forms (contractions and
//! the apostrophe-less forms of chat included). Several steps ask who a sentence is about: the
//! writer ("my parcel"), the reader ("your driver") or third persons ("she escapes"); they ask
//! here, so the lists cannot drift apart.

// Each list is split by first letter: the functions are asked about nearly every word of a
// case, and most words start with a letter no pronoun starts with, which one byte then tells.

/// The writer: I, we and their forms.
pub fn is_first_person(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b'i') => matches!(w, "i" | "i'm" | "im" | "i've" | "ive" | "i'd" | "i'll"),
        Some(b'm') => matches!(w, "me" | "my" | "mine" | "myself"),
        Some(b'w') => matches!(w, "we" | "we're" | "we've" | "we'll" | "we'd"),
        Some(b'u') => w == "us",
        Some(b'o') => matches!(w, "our" | "ours" | "ourselves"),
        _ => false,
    }
}

/// The reader: you and its forms.
pub fn is_second_person(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b'y') => {
            matches!(w, "you" | "your" | "you're" | "yours" | "you've" | "you'll" | "you'd" | "yourself")
        }
        Some(b'u') => matches!(w, "u" | "ur"),
        _ => false,
    }
}

/// Third persons (not "it": things are not characters).
pub fn is_third_person(w: &str) -> bool {
    match w.as_bytes().first() {
        Some(b'h') => matches!(w, "he" | "he's" | "his" | "her" | "him" | "himself" | "herself"),
        Some(b's') => matches!(w, "she" | "she's"),
        Some(b't') => matches!(w, "they" | "they're" | "their" | "them" | "themselves"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pronoun_has_one_person() {
        for w in ["i", "im", "my", "we'll", "ourselves"] {
            assert!(is_first_person(w) && !is_second_person(w) && !is_third_person(w), "{w}");
        }
        for w in ["you", "ur", "yourself"] {
            assert!(is_second_person(w) && !is_first_person(w) && !is_third_person(w), "{w}");
        }
        for w in ["she", "their", "themselves"] {
            assert!(is_third_person(w) && !is_first_person(w) && !is_second_person(w), "{w}");
        }
        for w in ["it", "the", "mine's", "u2"] {
            assert!(!is_first_person(w) && !is_second_person(w) && !is_third_person(w), "{w}");
        }
    }
}
