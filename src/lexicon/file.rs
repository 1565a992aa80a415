//! The lexicon files grievance knows, and what each requires. Adding a file kind is adding a row
//! here and a TSV file in lexicons/.

/// One lexicon file kind. The order is the order of `ALL`, used for stable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LexFile {
    Emotions,
    Evaluations,
    Intensifiers,
    Negators,
    Contrast,
    Hedges,
    Hearsay,
    Vague,
    Absolutes,
    Exaggeration,
    Unsupported,
    Events,
    Issues,
    Threats,
    Remedies,
    Courtesy,
    Stance,
    Evokes,
    AgentHarsh,
    AgentCues,
    AgentAsks,
    Repeats,
    RecordFields,
    Expectations,
}

/// How the weight column of a file is bounded; checked by `lexicon check`.
#[derive(Debug, Clone, Copy)]
pub struct Range(pub f32, pub f32);

pub struct FileSpec {
    pub kind: LexFile,
    pub name: &'static str,
    /// Columns after `term category weight` that every row must fill.
    pub extra: &'static [&'static str],
    /// Allowed categories; empty means any word.
    pub categories: &'static [&'static str],
    pub weight: Range,
}

pub const FAMILIES: &[&str] = &["anger", "disgust", "fear", "joy", "sadness", "surprise"];

pub const ISSUE_FAMILIES: &[&str] = &[
    "billing",
    "refund",
    "delivery",
    "delay",
    "cancellation",
    "lost_or_damaged",
    "product_quality",
    "staff_conduct",
    "support_access",
    "account_access",
    "booking",
    "credit_reporting",
    "debt_collection",
    "fraud",
    "privacy",
    "other",
];

const UNIT: Range = Range(0.0, 1.0);

/// Each kind's place in `SPECS`, built (and checked: every kind once) at compile time.
const SPEC_OF: [usize; SPECS.len()] = {
    let mut t = [usize::MAX; SPECS.len()];
    let mut i = 0;
    while i < SPECS.len() {
        let k = SPECS[i].kind as usize;
        assert!(k < SPECS.len() && t[k] == usize::MAX, "every kind has one spec");
        t[k] = i;
        i += 1;
    }
    t
};

pub const SPECS: &[FileSpec] = &[
    FileSpec { kind: LexFile::Emotions, name: "emotions.tsv", extra: &["family"], categories: &[], weight: UNIT },
    FileSpec {
        kind: LexFile::Evaluations,
        name: "evaluations.tsv",
        extra: &[],
        categories: &["positive", "negative"],
        weight: Range(-1.0, 1.0),
    },
    FileSpec {
        kind: LexFile::Intensifiers,
        name: "intensifiers.tsv",
        extra: &[],
        categories: &["intensifier", "diminisher"],
        weight: Range(0.0, 3.0),
    },
    FileSpec {
        kind: LexFile::Negators,
        name: "negators.tsv",
        extra: &[],
        categories: &["negator", "not_negation"],
        weight: Range(0.0, 1.0),
    },
    FileSpec {
        kind: LexFile::Contrast,
        name: "contrast.tsv",
        extra: &[],
        categories: &["contrast", "concession"],
        weight: Range(0.0, 3.0),
    },
    FileSpec { kind: LexFile::Hedges, name: "hedges.tsv", extra: &["ask"], categories: &["hedge"], weight: UNIT },
    FileSpec { kind: LexFile::Hearsay, name: "hearsay.tsv", extra: &["ask"], categories: &["hearsay"], weight: UNIT },
    FileSpec { kind: LexFile::Vague, name: "vague.tsv", extra: &["ask"], categories: &["vague"], weight: UNIT },
    FileSpec {
        kind: LexFile::Absolutes,
        name: "absolutes.tsv",
        extra: &["ask"],
        categories: &["absolute"],
        weight: UNIT,
    },
    FileSpec {
        kind: LexFile::Exaggeration,
        name: "exaggeration.tsv",
        extra: &["ask"],
        categories: &["exaggeration"],
        weight: UNIT,
    },
    FileSpec {
        kind: LexFile::Unsupported,
        name: "unsupported.tsv",
        extra: &["ask"],
        categories: &["unsupported"],
        weight: UNIT,
    },
    FileSpec { kind: LexFile::Events, name: "events.tsv", extra: &[], categories: &[], weight: UNIT },
    FileSpec { kind: LexFile::Issues, name: "issues.tsv", extra: &["label"], categories: ISSUE_FAMILIES, weight: UNIT },
    FileSpec {
        kind: LexFile::Threats,
        name: "threats.tsv",
        extra: &["label"],
        categories: &["cancel", "switch", "legal", "regulator", "public", "chargeback", "escalate"],
        weight: UNIT,
    },
    FileSpec { kind: LexFile::Remedies, name: "remedies.tsv", extra: &[], categories: &[], weight: UNIT },
    FileSpec {
        kind: LexFile::Courtesy,
        name: "courtesy.tsv",
        extra: &[],
        categories: &["politeness", "gratitude", "greeting", "apology"],
        weight: UNIT,
    },
    FileSpec {
        kind: LexFile::Stance,
        name: "stance.tsv",
        extra: &[],
        categories: &["modal", "comparative", "emphasis", "address", "narrative", "work"],
        weight: Range(-1.0, 1.0),
    },
    FileSpec { kind: LexFile::Evokes, name: "evokes.tsv", extra: &["family"], categories: &[], weight: UNIT },
    FileSpec {
        kind: LexFile::AgentHarsh,
        name: "agent_harsh.tsv",
        extra: &[],
        categories: &["harsh", "blaming", "dismissive", "policy", "not_harsh"],
        weight: UNIT,
    },
    FileSpec {
        kind: LexFile::AgentCues,
        name: "agent_cues.tsv",
        extra: &[],
        categories: &[
            "acknowledge",
            "restate",
            "dispute",
            "assume",
            "unsure",
            "unsure_promise",
            "frame_positive",
            "frame_negative",
            "owner",
            "time",
            "soon",
            "deflect",
        ],
        weight: UNIT,
    },
    FileSpec {
        kind: LexFile::AgentAsks,
        name: "agent_asks.tsv",
        extra: &[],
        categories: &["request", "fact", "identifier", "email", "phone", "identity", "again"],
        weight: UNIT,
    },
    FileSpec { kind: LexFile::Repeats, name: "repeats.tsv", extra: &[], categories: &["repeat"], weight: UNIT },
    FileSpec {
        kind: LexFile::Expectations,
        name: "expectations.tsv",
        extra: &[],
        categories: &["question", "persist", "unmet", "demand", "irony", "own_doing", "not_expectation"],
        weight: UNIT,
    },
    FileSpec {
        kind: LexFile::RecordFields,
        name: "record_fields.tsv",
        extra: &["kind"],
        categories: &[],
        weight: UNIT,
    },
];

/// What a record column holds, as record_fields.tsv's `kind` column names it.
pub const RECORD_KINDS: &[&str] = &["date", "start_date", "money", "count", "identifier", "duration", "text"];

impl LexFile {
    /// Asked for every finding (an entry's extra columns go through it): an index, not a search.
    pub fn spec(self) -> &'static FileSpec {
        &SPECS[SPEC_OF[self as usize]]
    }

    pub fn from_name(name: &str) -> Option<LexFile> {
        SPECS.iter().find(|s| s.name == name).map(|s| s.kind)
    }

    /// The questionable reason a file's entries raise, if it is one of the dispute files.
    pub fn reason(self) -> Option<&'static str> {
        Some(match self {
            LexFile::Hedges => "hedge",
            LexFile::Hearsay => "hearsay",
            LexFile::Vague => "vague",
            LexFile::Absolutes => "absolute",
            LexFile::Exaggeration => "exaggeration",
            LexFile::Unsupported => "unsupported",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_spec_and_unique_names() {
        for s in SPECS {
            assert_eq!(s.kind.spec().name, s.name);
            assert_eq!(LexFile::from_name(s.name), Some(s.kind));
        }
        let mut names: Vec<_> = SPECS.iter().map(|s| s.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SPECS.len());
    }
}
