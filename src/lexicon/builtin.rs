//! The built-in lexicons, embedded at build time so the binary runs with no set-up.

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        pub const FILES: &[(&str, &str)] = &[
            $(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lexicons/", $name))),)*
        ];
    };
}

builtin!(
    "emotions.tsv",
    "evaluations.tsv",
    "intensifiers.tsv",
    "negators.tsv",
    "contrast.tsv",
    "hedges.tsv",
    "hearsay.tsv",
    "vague.tsv",
    "absolutes.tsv",
    "exaggeration.tsv",
    "unsupported.tsv",
    "events.tsv",
    "issues.tsv",
    "threats.tsv",
    "remedies.tsv",
    "courtesy.tsv",
    "stance.tsv",
    "evokes.tsv",
    "agent_harsh.tsv",
    "agent_cues.tsv",
    "agent_asks.tsv",
    "repeats.tsv",
    "record_fields.tsv",
    "expectations.tsv",
);

#[cfg(test)]
mod tests {
    #[test]
    fn every_spec_is_embedded() {
        for spec in super::super::SPECS {
            assert!(super::FILES.iter().any(|(n, _)| *n == spec.name), "{} not embedded", spec.name);
        }
    }
}
