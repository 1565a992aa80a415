//! Finds lexicon entries in a token stream: whole tokens only, multi-word entries as token
//! sequences, leftmost-longest within each file. One hash lookup per token for the entries that
//! start with it, and one walk down a byte trie for the prefix entries ("frustrat*"), which keeps
//! matching linear in the text and independent of lexicon size.

use super::file::LexFile;
use super::parse::Entry;
use crate::text::{Tokens, shorten_runs};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// One entry found in a sentence: tokens `start..end` of its `Tokens`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub entry: u32,
    pub file: LexFile,
    pub start: usize,
    pub end: usize,
}

/// The Fx hash (as in rustc): a multiply and a rotate per 8 bytes. The keys are lexicon words
/// and lookups never insert, so SipHash's resistance to chosen keys buys nothing here, and its
/// cost showed in profiles (7% of a run).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A word of at most 15 bytes packed into one integer (its bytes, then its length in the last
/// byte), so a lookup hashes and compares two machine words instead of chasing a pointer.
///
/// Every token is packed (for the vocabulary, and again for the fact triggers), so the bytes are
/// read with two overlapping loads of fixed size rather than a copy of variable length, which is
/// a call to memcpy.
#[inline]
pub(crate) fn pack_short(b: &[u8]) -> Option<u128> {
    let n = b.len();
    let load8 = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    let load4 = |at: usize| u64::from(u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")));
    let (lo, hi) = match n {
        16.. => return None,
        // The last eight bytes, moved down so that byte 8 lands at the bottom of `hi`.
        9.. => (load8(0), load8(n - 8) >> (8 * (16 - n))),
        8 => (load8(0), 0),
        4.. => (load4(0) | load4(n - 4) << (8 * (n - 4)), 0),
        1.. => (u64::from(b[0]) | u64::from(b[n / 2]) << (8 * (n / 2)) | u64::from(b[n - 1]) << (8 * (n - 1)), 0),
        0 => (0, 0),
    };
    Some(u128::from(lo) | u128::from(hi | (n as u64) << 56) << 64)
}

/// A byte trie of the prefix entries: node 0 is the root.
///
/// Every token is looked up here, and few start like any prefix entry. The length of the
/// shortest key, a table of the root's children (by byte, `NO_NODE` for none) and a bit per
/// first three bytes of a key (`heads`) turn most tokens away before the walk down the trie:
/// nearly every first letter starts some key, but few common words start like one ("the",
/// "and", "was" do not), and the walk compares bytes child by child.
#[derive(Debug)]
struct Trie<T> {
    nodes: Vec<TrieNode<T>>,
    shortest: usize,
    first: Box<[u32; 256]>,
    heads: EdgeBits,
}

impl<T> Default for Trie<T> {
    fn default() -> Self {
        Trie { nodes: Vec::new(), shortest: usize::MAX, first: Box::new([NO_NODE; 256]), heads: EdgeBits::default() }
    }
}

/// The first three bytes of a word of at least three, as a key of `Trie::heads`.
#[inline]
fn head(bytes: &[u8]) -> u64 {
    u64::from(bytes[0]) | u64::from(bytes[1]) << 8 | u64::from(bytes[2]) << 16
}

#[derive(Debug)]
struct TrieNode<T> {
    /// (byte, child node), sorted by byte.
    next: Vec<(u8, u32)>,
    /// Entries whose prefix ends here.
    ids: Vec<T>,
}

impl<T> Default for TrieNode<T> {
    fn default() -> Self {
        TrieNode { next: Vec::new(), ids: Vec::new() }
    }
}

impl<T> Trie<T> {
    fn insert(&mut self, key: &str, id: T) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut at = 0usize;
        for &b in key.as_bytes() {
            at = match self.nodes[at].next.binary_search_by_key(&b, |&(k, _)| k) {
                Ok(i) => self.nodes[at].next[i].1 as usize,
                Err(i) => {
                    let child = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[at].next.insert(i, (b, child as u32));
                    child
                }
            };
        }
        self.nodes[at].ids.push(id);
        self.shortest = self.shortest.min(key.len());
        if key.len() >= 3 {
            self.heads.insert(head(key.as_bytes()));
        }
        for &(b, child) in &self.nodes[0].next {
            self.first[usize::from(b)] = child;
        }
    }

    /// Whether some key may be a prefix of `word`: it is long enough and its first byte starts
    /// a key.
    #[inline]
    fn may_start(&self, word: &str) -> bool {
        let bytes = word.as_bytes();
        bytes.len() >= self.shortest
            && bytes.first().is_some_and(|&b| self.first[usize::from(b)] != NO_NODE)
            && (self.shortest < 3 || self.heads.may_hold(head(bytes)))
    }

    /// Calls `f` with the entries of every prefix of `word` that ends on a char boundary.
    #[inline]
    fn prefixes_of(&self, word: &str, mut f: impl FnMut(&[T])) {
        if !self.may_start(word) {
            return;
        }
        let bytes = word.as_bytes();
        let child = self.first[usize::from(bytes[0])];
        let mut node = &self.nodes[child as usize];
        for (i, &b) in bytes.iter().enumerate() {
            if i > 0 {
                let Some(&(_, child)) = node.next.iter().find(|&&(k, _)| k == b) else {
                    return;
                };
                node = &self.nodes[child as usize];
            }
            if !node.ids.is_empty() && word.is_char_boundary(i + 1) {
                f(&node.ids);
            }
        }
    }
}

/// The working lists of `Matcher::find`, kept per thread and reused sentence after sentence:
/// allocating them afresh was three allocations per sentence.
#[derive(Default)]
struct Scratch {
    /// The vocabulary word of each token.
    words: Vec<Option<Word>>,
    /// Per file, the first token not yet covered by a match of that file (few files: a list).
    covered: Vec<(LexFile, usize)>,
    /// The candidates at the current token.
    here: Vec<Match>,
    /// An elongated word with its runs shortened.
    collapsed: String,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// A node of the word trie: the entries whose words end here (a range of `Matcher::ends`), and
/// the multi-word entries whose last word is a prefix ("put on hold*") and whose other words end
/// here (a range of `Matcher::tails`). Ranges into two shared arrays keep a node in a few bytes
/// and the entries of neighbouring nodes together, where a Vec per node cost a cache miss each.
/// Entries carry their file beside their id: looking it up in the entry itself cost a cache
/// miss per candidate.
#[derive(Debug, Default, Clone, Copy)]
struct WordNode {
    ends: (u32, u32),
    tails: (u32, u32),
    has_children: bool,
}

/// A set of u64 keys that may answer "maybe" for a key not in it, never "no" for one in it: one
/// bit per key's hash, 64K bits (8 KB, so it stays in cache).
#[derive(Debug)]
struct EdgeBits(Box<[u64; 1024]>);

impl Default for EdgeBits {
    fn default() -> Self {
        EdgeBits(Box::new([0; 1024]))
    }
}

impl EdgeBits {
    #[inline]
    fn bit(key: u64) -> usize {
        // The top 16 bits of a Fibonacci hash.
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }

    fn insert(&mut self, key: u64) {
        let b = Self::bit(key);
        self.0[b >> 6] |= 1 << (b & 63);
    }

    #[inline]
    fn may_hold(&self, key: u64) -> bool {
        let b = Self::bit(key);
        self.0[b >> 6] >> (b & 63) & 1 != 0
    }
}

/// A word of the vocabulary: its id, and the trie node it leads to from the root (`NO_NODE`
/// when no entry starts with it), kept here to spare a second lookup per token; and the tags
/// a step gave the word (`Matcher::tag`), which the same lookup reports.
#[derive(Debug, Clone, Copy)]
struct Word {
    id: u32,
    root: u32,
    tags: u32,
}

const NO_NODE: u32 = u32::MAX;

/// The vocabulary: word -> `Word`. Every token of every sentence is looked up here. Words of up
/// to 15 bytes (nearly all) are keyed by their bytes packed into a u128 with their length, so a
/// lookup hashes two words and compares two words; a `Box<str>` key cost a pointer chase and a
/// memcmp per lookup.
#[derive(Debug, Default)]
struct Vocab {
    short: FxMap<u128, Word>,
    long: FxMap<Box<str>, Word>,
}

impl Vocab {
    #[inline]
    fn get(&self, word: &str) -> Option<Word> {
        match pack_short(word.as_bytes()) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(word).copied(),
        }
    }

    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// The word's entry, made with `new` when missing.
    fn get_or_insert(&mut self, word: &str, new: Word) -> Word {
        match pack_short(word.as_bytes()) {
            Some(k) => *self.short.entry(k).or_insert(new),
            None => *self.long.entry(word.into()).or_insert(new),
        }
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut Word> {
        self.short.values_mut().chain(self.long.values_mut())
    }
}

#[derive(Debug, Default)]
pub struct Matcher {
    /// Every word that an entry spells out in full -> its id. A sentence's tokens are looked up
    /// once each; a token not here cannot continue any entry.
    vocab: Vocab,
    /// A trie over word ids (node 0 is the root): `(node << 32) | word` -> child. Walking it from
    /// each token costs one lookup per matched word, however many entries share a first word
    /// (128 entries start with "i"; checking each of them in turn was a fifth of a run).
    next: FxMap<u64, u32>,
    /// A bit per hash of each key of `next` (`EdgeBits`): most words do not continue the entry
    /// begun before them, and one load from this small table says so before a lookup in the
    /// large one, which is mostly a cache miss.
    edges: EdgeBits,
    nodes: Vec<WordNode>,
    ends: Vec<(u32, LexFile)>,
    tails: Vec<(Box<str>, u32, LexFile)>,
    /// Single-word prefix entries ("frustrat*").
    prefix: Trie<(u32, LexFile)>,
}

impl Matcher {
    pub fn new(entries: &[Entry]) -> Matcher {
        let mut m = Matcher { nodes: vec![WordNode::default()], ..Matcher::default() };
        let mut prefix: FxMap<&str, Vec<u32>> = FxMap::default();
        // Per node while building, in entry order; laid out in `ends` and `tails` at the end.
        let mut ends: Vec<Vec<(u32, LexFile)>> = Vec::new();
        let mut tails: Vec<Vec<(Box<str>, u32, LexFile)>> = Vec::new();
        for (id, e) in entries.iter().enumerate() {
            let id = id as u32;
            let Some((last, init)) = e.words.split_last() else {
                continue;
            };
            if e.prefix && init.is_empty() {
                prefix.entry(last.as_str()).or_default().push(id);
                continue;
            }
            let spelled = if e.prefix { init } else { &e.words[..] };
            let mut node = 0u32;
            for w in spelled {
                node = m.child(node, w);
            }
            let node = node as usize;
            ends.resize_with(ends.len().max(node + 1), Vec::new);
            tails.resize_with(tails.len().max(node + 1), Vec::new);
            if e.prefix {
                tails[node].push((last.as_str().into(), id, e.file));
            } else {
                ends[node].push((id, e.file));
            }
        }
        let span = |from: usize, to: usize| (from as u32, to as u32);
        for (node, (e, t)) in ends.into_iter().zip(tails).enumerate() {
            let n = &mut m.nodes[node];
            n.ends = span(m.ends.len(), m.ends.len() + e.len());
            m.ends.extend(e);
            n.tails = span(m.tails.len(), m.tails.len() + t.len());
            m.tails.extend(t);
        }
        // Longest first, then file order, then entry order: a stable preference.
        let order = |id: &u32| {
            let e = &entries[*id as usize];
            (std::cmp::Reverse(e.words.len()), e.file, *id)
        };
        let mut keys: Vec<(&str, Vec<u32>)> = prefix.into_iter().collect();
        keys.sort();
        for (key, mut ids) in keys {
            ids.sort_by_key(order);
            for id in ids {
                m.prefix.insert(key, (id, entries[id as usize].file));
            }
        }
        for w in m.vocab.values_mut() {
            w.root = m.next.get(&u64::from(w.id)).copied().unwrap_or(NO_NODE);
        }
        m
    }

    /// Gives `word` the tag bits `tags` (added to any it has), so that every token spelling it
    /// reports them: a word no entry has joins the vocabulary, leading nowhere in the trie.
    pub fn tag(&mut self, word: &str, tags: u32) {
        let next_id = self.vocab.len() as u32;
        let w = self.vocab.get_or_insert(word, Word { id: next_id, root: NO_NODE, tags: 0 });
        let merged = Word { tags: w.tags | tags, ..w };
        match pack_short(word.as_bytes()) {
            Some(k) => self.vocab.short.insert(k, merged),
            None => self.vocab.long.insert(word.into(), merged),
        };
    }

    /// The child of `node` for `word`, made when missing.
    fn child(&mut self, node: u32, word: &str) -> u32 {
        let next_id = self.vocab.len() as u32;
        let w = self.vocab.get_or_insert(word, Word { id: next_id, root: NO_NODE, tags: 0 }).id;
        let key = (u64::from(node) << 32) | u64::from(w);
        let fresh = self.nodes.len() as u32;
        let child = *self.next.entry(key).or_insert(fresh);
        self.edges.insert(key);
        if child == fresh {
            self.nodes.push(WordNode::default());
            self.nodes[node as usize].has_children = true;
        }
        child
    }

    /// All matches in `toks`, ordered by start token then file. Within one file matches never
    /// overlap: at each position the longest wins and the next search starts after it.
    pub fn find(&self, toks: &Tokens) -> Vec<Match> {
        let mut out = Vec::new();
        let _tags = self.find_into(toks, &mut out);
        out
    }

    /// `find` into `out` (cleared first), reusing its room. Returns the tags of the tokens'
    /// words (`tag`), all together.
    pub fn find_into(&self, toks: &Tokens, out: &mut Vec<Match>) -> u32 {
        out.clear();
        // Sized for a typical sentence (about one match per two tokens, a handful of files and
        // candidates at a token): growing them a push at a time showed in profiles.
        out.reserve(toks.len() / 2 + 4);
        SCRATCH.with_borrow_mut(|scratch| self.find_with(toks, scratch, out))
    }

    fn find_with(&self, toks: &Tokens, scratch: &mut Scratch, out: &mut Vec<Match>) -> u32 {
        let Scratch { words, covered, here, collapsed } = scratch;
        words.clear();
        let mut tags = 0;
        words.extend((0..toks.len()).map(|i| {
            let w = self.vocab.get(toks.norm(i));
            tags |= w.map_or(0, |w| w.tags);
            w
        }));
        covered.clear();
        for i in 0..toks.len() {
            let word = toks.norm(i);
            // Most tokens start no entry: neither a word that begins one nor a start of a
            // prefix entry, and no runs to shorten. They are passed over here, before any of
            // the work of collecting candidates.
            if !toks.list[i].elongated && words[i].is_none_or(|w| w.root == NO_NODE) && !self.prefix.may_start(word) {
                continue;
            }
            here.clear();
            self.candidates_at(toks, words, i, words[i], word, here);
            // "soooo": try the word with its runs shortened to two letters, then to one.
            for keep in [2, 1] {
                if !toks.list[i].elongated || !here.is_empty() {
                    break;
                }
                collapsed.clear();
                shorten_runs(word, keep, collapsed);
                let first = self.vocab.get(collapsed.as_str());
                self.candidates_at(toks, words, i, first, collapsed, here);
            }
            if here.is_empty() {
                continue;
            }
            // Keep the longest per file.
            here.sort_by_key(|m| (m.file, std::cmp::Reverse(m.end), m.entry));
            let mut last_file = None;
            for m in here.iter() {
                if last_file == Some(m.file) {
                    continue;
                }
                last_file = Some(m.file);
                let c = match covered.iter_mut().find(|(f, _)| *f == m.file) {
                    Some((_, c)) => c,
                    None => {
                        covered.push((m.file, 0));
                        &mut covered.last_mut().expect("just pushed").1
                    }
                };
                if *c > i {
                    continue;
                }
                *c = m.end;
                out.push(*m);
            }
        }
        tags
    }

    /// The entries that match at token `i`, whose first word is `first` (its id) / `word` (its
    /// text, for the prefix entries); later words are the sentence's own `words`.
    fn candidates_at(
        &self,
        toks: &Tokens,
        words: &[Option<Word>],
        i: usize,
        first: Option<Word>,
        word: &str,
        out: &mut Vec<Match>,
    ) {
        let mut push = |id: u32, file: LexFile, end: usize| out.push(Match { entry: id, file, start: i, end });
        let mut at = first.map(|w| w.root).filter(|&n| n != NO_NODE);
        let mut k = i + 1;
        while let Some(node) = at {
            let n = self.nodes[node as usize];
            for &(id, file) in &self.ends[n.ends.0 as usize..n.ends.1 as usize] {
                push(id, file, k);
            }
            if k < toks.len() && n.tails.0 < n.tails.1 {
                let t = toks.norm(k);
                for (tail, id, file) in &self.tails[n.tails.0 as usize..n.tails.1 as usize] {
                    if t.starts_with(&**tail) {
                        push(*id, *file, k + 1);
                    }
                }
            }
            if !n.has_children || k >= toks.len() {
                break;
            }
            at = words[k].and_then(|w| {
                let key = (u64::from(node) << 32) | u64::from(w.id);
                if self.edges.may_hold(key) { self.next.get(&key).copied() } else { None }
            });
            k += 1;
        }
        self.prefix.prefixes_of(word, |ids| {
            for &(id, file) in ids {
                push(id, file, i + 1);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;
    use crate::text::tokenize;

    fn entries() -> Vec<Entry> {
        let mut v = parse(
            "e.tsv",
            "term\tcategory\tweight\tfamily\nlet down\tdisappointment\t0.6\tsadness\nlet\tx\t0.1\tjoy\nfrustrat*\tfrustration\t0.6\tanger\nso\tx\t0.2\tjoy\nok\tx\t0.2\tjoy\n",
            LexFile::Emotions.spec(),
        )
        .entries;
        v.extend(
            parse(
                "n.tsv",
                "term\tcategory\tweight\nnot\tnegator\t1\nnot only\tnot_negation\t1\n",
                LexFile::Negators.spec(),
            )
            .entries,
        );
        v
    }

    fn found(text: &str) -> Vec<String> {
        let es = entries();
        let m = Matcher::new(&es);
        let t = tokenize(text, 0);
        m.find(&t).iter().map(|m| es[m.entry as usize].term.clone()).collect()
    }

    proptest::proptest! {
        /// The packed key is the word's bytes, zeros, and its length in the last byte.
        #[test]
        fn pack_short_lays_out_bytes_then_length(b in proptest::collection::vec(proptest::num::u8::ANY, 0..20)) {
            let want = (b.len() < 16).then(|| {
                let mut k = [0u8; 16];
                k[..b.len()].copy_from_slice(&b);
                k[15] = b.len() as u8;
                u128::from_le_bytes(k)
            });
            proptest::prop_assert_eq!(pack_short(&b), want);
        }
    }

    /// The edge filter never turns away a word that continues an entry, and on the built-in
    /// lexicons it turns away most that do not (it is worth its load).
    #[test]
    fn edge_filter_keeps_every_edge_and_is_sparse() {
        let lex = crate::lexicon::Lexicons::builtin();
        let m = Matcher::new(lex.entries());
        assert!(m.next.keys().all(|&k| m.edges.may_hold(k)));
        let set: u32 = m.edges.0.iter().map(|w| w.count_ones()).sum();
        assert!(set < 65536 / 3, "{set} of 65536 bits set for {} edges", m.next.len());
    }

    /// Every single-word prefix entry passes the trie's first tests, and the commonest words
    /// do not (that is what the tests are for).
    #[test]
    fn prefix_heads_keep_every_key_and_turn_common_words_away() {
        let lex = crate::lexicon::Lexicons::builtin();
        let m = Matcher::new(lex.entries());
        let keys: Vec<&str> =
            lex.entries().iter().filter(|e| e.prefix && e.words.len() == 1).map(|e| e.words[0].as_str()).collect();
        assert!(keys.len() > 20, "{} prefix entries", keys.len());
        for key in &keys {
            assert!(m.prefix.may_start(key), "{key}");
            assert!(m.prefix.may_start(&[key, "ing"].concat()), "{key}ing");
        }
        assert!(m.prefix.shortest >= 3, "a key of {} bytes turns the heads filter off", m.prefix.shortest);
        for word in ["the", "and", "was", "they", "that", "with", "have"] {
            assert!(!m.prefix.may_start(word), "{word}");
        }
    }

    #[test]
    fn longest_wins_and_whole_tokens_only() {
        assert_eq!(found("they let me down, I feel let down"), vec!["let", "let down"]);
        assert_eq!(found("booking okay"), Vec::<String>::new());
    }

    #[test]
    fn prefixes_and_elongation() {
        assert_eq!(found("FRUSTRATING and sooooo frustrated"), vec!["frustrat", "so", "frustrat"]);
        assert_eq!(found("BBB"), Vec::<String>::new(), "no entry for bbb here, and none for bb either");
    }

    #[test]
    fn prefixes_of_every_length_and_on_char_boundaries() {
        let mut t = Trie::default();
        t.insert("fr", 1);
        t.insert("frustrat", 2);
        t.insert("fru", 3);
        t.insert("caf\u{e9}", 4);
        let mut seen = Vec::new();
        t.prefixes_of("frustrating", |ids| seen.extend_from_slice(ids));
        assert_eq!(seen, [1, 3, 2]);
        seen.clear();
        t.prefixes_of("f", |ids| seen.extend_from_slice(ids));
        assert!(seen.is_empty());
        t.prefixes_of("caf\u{e9}s", |ids| seen.extend_from_slice(ids));
        assert_eq!(seen, [4]);
        Trie::<u32>::default().prefixes_of("anything", |_| panic!("an empty trie has no prefixes"));
        // A one-byte key ends at a child of the root; a word starting elsewhere has no prefix.
        t.insert("x", 5);
        seen.clear();
        t.prefixes_of("xyz", |ids| seen.extend_from_slice(ids));
        t.prefixes_of("zzz", |ids| seen.extend_from_slice(ids));
        assert_eq!(seen, [5]);
    }

    #[test]
    fn fx_hash_tells_keys_apart() {
        use std::hash::BuildHasher;
        let b = BuildHasherDefault::<FxHasher>::default();
        let words = ["a", "b", "ab", "ba", "abcdefgh", "abcdefghi", "abcdefgi", "", "\0", "\0\0"];
        let hashes: std::collections::HashSet<u64> = words.iter().map(|w| b.hash_one(w)).collect();
        assert_eq!(hashes.len(), words.len());
    }

    #[test]
    fn short_and_long_words_are_both_found() {
        // Words under 16 bytes are keyed packed, longer ones by their text: 15, 16 and 17 bytes.
        let es = parse(
            "e.tsv",
            "term\tcategory\tweight\tfamily\nunacceptability\tx\t0.1\tjoy\nunprofessionally\tx\t0.1\tjoy\nunprofessionalism is\tx\t0.1\tjoy\n",
            LexFile::Emotions.spec(),
        )
        .entries;
        let m = Matcher::new(&es);
        let terms = |text: &str| -> Vec<String> {
            m.find(&tokenize(text, 0)).iter().map(|m| es[m.entry as usize].term.clone()).collect()
        };
        assert_eq!(
            terms("Unacceptability, unprofessionally; UNPROFESSIONALISM is rife"),
            vec!["unacceptability", "unprofessionally", "unprofessionalism is"]
        );
        assert_eq!(terms("unacceptabilit unprofessionalis is"), Vec::<String>::new());
        assert_eq!(pack_short(b"ab"), pack_short(b"ab"));
        assert_ne!(pack_short(b"ab"), pack_short(b"ab\0"), "the length is part of the key");
        assert_eq!(pack_short(b"sixteen bytes ok"), None);
    }

    #[test]
    fn entries_sharing_first_words_and_prefix_tails() {
        let es = parse(
            "e.tsv",
            "term\tcategory\tweight\tfamily\ni\tx\t0.1\tjoy\ni was\tx\t0.1\tjoy\ni was told\tx\t0.1\tjoy\ni was told to wait\tx\t0.1\tjoy\nput on hold*\tx\t0.1\tjoy\nput on\tx\t0.1\tjoy\n",
            LexFile::Emotions.spec(),
        )
        .entries;
        let m = Matcher::new(&es);
        let terms = |text: &str| -> Vec<String> {
            m.find(&tokenize(text, 0)).iter().map(|m| es[m.entry as usize].term.clone()).collect()
        };
        // The longest path wins, also when a longer entry with the same start fails further on.
        assert_eq!(terms("i was told to leave"), vec!["i was told"]);
        assert_eq!(terms("i was told to wait"), vec!["i was told to wait"]);
        assert_eq!(terms("i was"), vec!["i was"]);
        assert_eq!(terms("i i"), vec!["i", "i"]);
        assert_eq!(terms("they put on holding music"), vec!["put on hold"]);
        assert_eq!(terms("put on"), vec!["put on"]);
        assert_eq!(terms("put on the list"), vec!["put on"]);
    }

    #[test]
    fn files_match_independently() {
        assert_eq!(found("not only that"), vec!["not only"]);
        assert_eq!(found("not ok"), vec!["not", "ok"]);
    }
}
