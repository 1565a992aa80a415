//! Personal pronouns by grammatical person, in their normalised token forms (contractions and
//! the apostrophe-less forms of chat included). Several steps ask who a sentence is about: the
//! writer ("my parcel"), the reader ("your driver") or third persons ("she escapes"); they ask
//! here, so the lists cannot drift apart.

/// The writer: I, we and their forms.
pub fn is_first_person(w: &str) -> bool {
    matches!(
        w,
        "i" | "i'm"
            | "im"
            | "i've"
            | "ive"
            | "i'd"
            | "i'll"
            | "me"
            | "my"
            | "mine"
            | "myself"
            | "we"
            | "we're"
            | "we've"
            | "we'll"
            | "we'd"
            | "us"
            | "our"
            | "ours"
            | "ourselves"
    )
}

/// The reader: you and its forms.
pub fn is_second_person(w: &str) -> bool {
    matches!(w, "you" | "your" | "you're" | "yours" | "you've" | "you'll" | "you'd" | "yourself" | "u" | "ur")
}

/// Third persons (not "it": things are not characters).
pub fn is_third_person(w: &str) -> bool {
    matches!(
        w,
        "he" | "she"
            | "he's"
            | "she's"
            | "his"
            | "her"
            | "him"
            | "himself"
            | "herself"
            | "they"
            | "they're"
            | "their"
            | "them"
            | "themselves"
    )
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
