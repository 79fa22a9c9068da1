//! The posting encoding of the browser shards (format: `docs/search-format.md`): a
//! term's postings in document order as base-64 varints, and a large term's documents
//! [`layout`] in tiers by score, cut into blocks, with the head that lists them.
//! [`super::export`] writes them; `js/postings.mjs` reads them.

use super::bm25::FieldScoring;

/// The first tier holds a term's best documents; each next tier is [`TIER_GROWTH`] times
/// larger.
pub const FIRST_TIER: usize = 128;
pub const TIER_GROWTH: usize = 4;
/// A tier is cut into blocks of at least [`BLOCK_MIN`] postings, and into at most
/// [`BLOCKS_PER_TIER`] blocks.
pub const BLOCK_MIN: usize = 512;
pub const BLOCKS_PER_TIER: usize = 8;
/// The alphabet of the posting encoding: value `v` (0–63) is `ALPHABET[v]`.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// One posting of one field: document, term frequency, field-norm id.
pub type Posting = (u32, u32, u8);

/// Appends `n` as a little-endian base-32 varint: 5 bits a character, 32 added while
/// more characters follow.
pub fn push_varint(out: &mut String, n: u64) {
    let mut e = Encoder::with_capacity(13);
    e.varint(n);
    out.push_str(&e.finish());
}

/// Encoded postings being written: bytes of the ASCII alphabet (turned into a `String`
/// once, at the end).
struct Encoder(Vec<u8>);

impl Encoder {
    fn with_capacity(n: usize) -> Encoder {
        Encoder(Vec::with_capacity(n))
    }

    #[inline(always)]
    fn varint(&mut self, mut n: u64) {
        while n >= 32 {
            self.0.push(ALPHABET[(n & 31) as usize + 32]);
            n >>= 5;
        }
        self.0.push(ALPHABET[n as usize]);
    }

    fn finish(self) -> String {
        String::from_utf8(self.0).expect("postings are encoded in an ASCII alphabet")
    }
}

/// A term's occurrences in one document: per text field, (term frequency, field-norm
/// id), term frequency 0 where the field does not contain the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocPosting {
    pub doc: u32,
    /// Distance from the first document of the document's section.
    pub offset: u32,
    pub fields: [(u32, u8); 3],
}

impl DocPosting {
    fn mask(&self) -> u64 {
        mask(&self.fields)
    }
}

/// Bit `f` set when field `f` is present.
#[inline]
fn mask(fields: &[(u32, u8); 3]) -> u64 {
    u64::from(fields[0].0 > 0) | u64::from(fields[1].0 > 0) << 1 | u64::from(fields[2].0 > 0) << 2
}

/// Merges a term's three field lists (each in document order) into one posting per
/// document, in document order.
pub fn merge(lists: &[Vec<Posting>; 3], offsets: &[u32]) -> Vec<DocPosting> {
    let offset = |doc: u32| offsets.get(doc as usize).copied().unwrap_or(0);
    let [a, b, c] = lists;
    // Most terms of a large site are in body text alone.
    if a.is_empty() && b.is_empty() {
        return c
            .iter()
            .map(|&(doc, tf, norm)| DocPosting { doc, offset: offset(doc), fields: [(0, 0), (0, 0), (tf, norm)] })
            .collect();
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()).max(c.len()));
    let mut at = [0usize; 3];
    let head = |f: usize, at: &[usize; 3]| lists[f].get(at[f]).map_or(u64::MAX, |p| u64::from(p.0));
    loop {
        let next = head(0, &at).min(head(1, &at)).min(head(2, &at));
        if next == u64::MAX {
            break;
        }
        let doc = next as u32;
        let mut fields = [(0u32, 0u8); 3];
        for f in 0..3 {
            if head(f, &at) == next {
                let (_, tf, norm) = lists[f][at[f]];
                fields[f] = (tf, norm);
                at[f] += 1;
            }
        }
        out.push(DocPosting { doc, offset: offset(doc), fields });
    }
    out
}

/// Appends the present fields of `fields` as `norm × 4 + min(tf, 3)` and, when `tf ≥ 3`,
/// `tf − 3`.
#[inline(always)]
fn push_fields(out: &mut Encoder, fields: &[(u32, u8); 3]) {
    for &(tf, norm) in fields {
        if tf > 0 {
            out.varint(u64::from(norm) * 4 + u64::from(tf.min(3)));
            if tf >= 3 {
                out.varint(u64::from(tf - 3));
            }
        }
    }
}

/// Appends a field triple: its mask (bit `f` set when field `f` is present), then its
/// fields.
fn push_triple(out: &mut Encoder, fields: &[(u32, u8); 3]) {
    out.varint(mask(fields));
    push_fields(out, fields);
}

/// Encodes postings in document order: per posting, the gap from the previous document
/// (`doc − previous − 1`, the first from −1), `offset × 8 + mask`, then its fields.
pub fn encode_postings(postings: &[DocPosting]) -> String {
    let mut out = Encoder::with_capacity(postings.len() * 4);
    encode_into(&mut out, postings);
    out.finish()
}

/// [`encode_postings`] between double quotes: a JSON string (the alphabet needs no
/// escaping).
pub fn encode_postings_quoted(postings: &[DocPosting]) -> String {
    let mut out = Encoder::with_capacity(postings.len() * 4 + 2);
    out.0.push(b'"');
    encode_into(&mut out, postings);
    out.0.push(b'"');
    out.finish()
}

fn encode_into(out: &mut Encoder, postings: &[DocPosting]) {
    let mut next = 0u32;
    for p in postings {
        out.varint(u64::from(p.doc - next));
        out.varint(u64::from(p.offset) * 8 + p.mask());
        push_fields(out, &p.fields);
        next = p.doc + 1;
    }
}

/// One block of a term's postings.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The postings, in document order.
    pub postings: Vec<DocPosting>,
    /// The fields of the posting with the best score (its fields summed in order).
    pub top: [(u32, u8); 3],
    /// Per field, the best (term frequency, field norm) in the block.
    pub best: [(u32, u8); 3],
}

/// How one term scores: per field, its weight and scoring constants.
pub struct TermScoring<'a> {
    pub weights: [f32; 3],
    pub fields: &'a [FieldScoring; 3],
}

impl TermScoring<'_> {
    /// The term's score in a document: its field scores summed in field order.
    pub fn total(&self, p: &DocPosting) -> f32 {
        let mut s = 0.0f32;
        for (f, &(tf, norm)) in p.fields.iter().enumerate() {
            if tf > 0 {
                s += self.fields[f].score(self.weights[f], tf, norm);
            }
        }
        s
    }
}

/// Cuts a term's postings into tiers by score and the tiers into blocks (see the module
/// doc). Ties in score keep document order.
pub fn layout(postings: &[DocPosting], scoring: &TermScoring<'_>) -> Vec<Block> {
    let totals: Vec<f32> = postings.iter().map(|p| scoring.total(p)).collect();
    // Scores are never negative, so their bits order like them: best first, then by
    // document (postings are in document order).
    let mut keys: Vec<u64> =
        totals.iter().enumerate().map(|(i, t)| (u64::from(!t.to_bits()) << 32) | i as u64).collect();
    // The tiers' bounds in best-first order: the first tier ends at `FIRST_TIER`, each next
    // one is `TIER_GROWTH` times larger.
    let mut ends = Vec::new();
    let (mut end, mut size) = (0, FIRST_TIER);
    while end < keys.len() {
        end = (end + size).min(keys.len());
        ends.push(end);
        size *= TIER_GROWTH;
    }
    // A selection at each bound, the last bound first, each within what the one after it
    // left in front: keys are distinct, so every tier holds what a sort would put there,
    // and each selection looks only at the tiers before its bound.
    for i in (1..ends.len()).rev() {
        keys[..ends[i]].select_nth_unstable(ends[i - 1]);
    }
    let mut tier_of = vec![0u8; postings.len()];
    let mut start = 0;
    for (t, &end) in ends.iter().enumerate() {
        for k in &keys[start..end] {
            tier_of[(k & 0xFFFF_FFFF) as usize] = t as u8;
        }
        start = end;
    }
    let tiers = ends.len() as u8;
    // The postings' places grouped by tier, each tier in document order (a counting sort).
    let mut starts = vec![0usize; usize::from(tiers) + 1];
    for t in &tier_of {
        starts[usize::from(*t) + 1] += 1;
    }
    for t in 0..usize::from(tiers) {
        starts[t + 1] += starts[t];
    }
    let mut order = vec![0usize; postings.len()];
    let mut next = starts.clone();
    for (i, t) in tier_of.iter().enumerate() {
        order[next[usize::from(*t)]] = i;
        next[usize::from(*t)] += 1;
    }
    let mut blocks = Vec::new();
    for tier in starts.windows(2).map(|w| &order[w[0]..w[1]]) {
        let cap = BLOCK_MIN.max(tier.len().div_ceil(BLOCKS_PER_TIER));
        let per = tier.len().div_ceil(tier.len().div_ceil(cap));
        for chunk in tier.chunks(per) {
            let mut top = chunk[0];
            let mut best = [(f32::NEG_INFINITY, (0u32, 0u8)); 3];
            for &i in chunk {
                if totals[i] > totals[top] {
                    top = i;
                }
                for (f, &(tf, norm)) in postings[i].fields.iter().enumerate() {
                    if tf > 0 {
                        let r = scoring.fields[f].ratio(tf, norm);
                        if r > best[f].0 {
                            best[f] = (r, (tf, norm));
                        }
                    }
                }
            }
            blocks.push(Block {
                postings: chunk.iter().map(|i| postings[*i]).collect(),
                top: postings[top].fields,
                best: best.map(|b| b.1),
            });
        }
    }
    blocks
}

/// What a term's head says of one of its blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockHead {
    /// Its first and last document.
    pub first: u32,
    pub last: u32,
    /// Its number of postings.
    pub count: u32,
    /// As [`Block::top`] and [`Block::best`].
    pub top: [(u32, u8); 3],
    pub best: [(u32, u8); 3],
}

impl Block {
    pub fn head(&self) -> BlockHead {
        let (first, last) = (self.postings[0].doc, self.postings[self.postings.len() - 1].doc);
        BlockHead { first, last, count: self.postings.len() as u32, top: self.top, best: self.best }
    }
}

/// The head file of a laid-out term: the number of blocks, the file number of the
/// second block (when there is one; the others follow it), per block its first
/// document, `last − first`, posting count, best posting's fields and best fields per
/// field (each as a triple), then the first block's postings (`first`, encoded).
pub fn encode_head(blocks: &[BlockHead], first_file: u32, first: &str) -> String {
    let mut out = Encoder::with_capacity(blocks.len() * 16 + first.len());
    out.varint(blocks.len() as u64);
    if blocks.len() > 1 {
        out.varint(u64::from(first_file));
    }
    for b in blocks {
        out.varint(u64::from(b.first));
        out.varint(u64::from(b.last - b.first));
        out.varint(u64::from(b.count));
        push_triple(&mut out, &b.top);
        push_triple(&mut out, &b.best);
    }
    out.0.extend_from_slice(first.as_bytes());
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The merge as a map from document to fields, filled field by field.
    fn merged_naively(lists: &[Vec<Posting>; 3], offsets: &[u32]) -> Vec<DocPosting> {
        let mut by_doc: std::collections::BTreeMap<u32, [(u32, u8); 3]> = std::collections::BTreeMap::new();
        for (f, list) in lists.iter().enumerate() {
            for &(doc, tf, norm) in list {
                by_doc.entry(doc).or_default()[f] = (tf, norm);
            }
        }
        by_doc.into_iter().map(|(doc, fields)| DocPosting { doc, offset: offsets[doc as usize], fields }).collect()
    }

    /// A field's postings: a subset of documents 0..400, each with a term frequency and
    /// a norm.
    fn field_list() -> impl Strategy<Value = Vec<Posting>> {
        proptest::collection::btree_map(0u32..400, (1u32..6, 0u8..40), 0..120)
            .prop_map(|m| m.into_iter().map(|(d, (tf, n))| (d, tf, n)).collect())
    }

    proptest! {
        #[test]
        fn merge_gives_each_document_its_fields(
            title in field_list(), heading in field_list(), body in field_list(), present in 0u8..8,
        ) {
            // Which fields have postings at all (body text alone is the common case).
            let keep = |f: u8, list: Vec<Posting>| if present & (1 << f) != 0 { list } else { Vec::new() };
            let lists = [keep(0, title), keep(1, heading), keep(2, body)];
            let offsets: Vec<u32> = (0..400).map(|d| d % 7).collect();
            prop_assert_eq!(merge(&lists, &offsets), merged_naively(&lists, &offsets));
        }
    }

    /// Tiers hold what a full sort by score (best first, then by document) puts there,
    /// whatever the number of postings: at and around each tier's bound.
    #[test]
    fn tiers_are_those_of_a_full_sort() {
        let fields: [FieldScoring; 3] = std::array::from_fn(|_| FieldScoring::new(50_000, 10_000, 1.0));
        let scoring = TermScoring { weights: [1.0, 2.0, 1.5], fields: &fields };
        for n in [1, 2, 127, 128, 129, 639, 640, 641, 2_688, 2_689, 5_000, 11_000] {
            let postings: Vec<DocPosting> = (0..n as u32)
                .map(|d| {
                    let tf = 1 + (d * 7_919) % 5;
                    let title = if d % 11 == 0 { (1, 3) } else { (0, 0) };
                    DocPosting { doc: d, offset: 0, fields: [title, (0, 0), (tf, ((d * 104_729) % 200) as u8)] }
                })
                .collect();
            let mut sorted: Vec<usize> = (0..n).collect();
            let totals: Vec<f32> = postings.iter().map(|p| scoring.total(p)).collect();
            sorted.sort_by(|a, b| totals[*b].total_cmp(&totals[*a]).then(a.cmp(b)));
            let blocks = layout(&postings, &scoring);
            let (mut at, mut size, mut b) = (0, FIRST_TIER, 0);
            while at < n {
                let end = (at + size).min(n);
                let mut expect: Vec<u32> = sorted[at..end].iter().map(|i| *i as u32).collect();
                expect.sort_unstable();
                let mut got = Vec::new();
                while got.len() < expect.len() {
                    got.extend(blocks[b].postings.iter().map(|p| p.doc));
                    b += 1;
                }
                assert_eq!(got, expect, "{n} postings, the tier from {at}");
                (at, size) = (end, size * TIER_GROWTH);
            }
            assert_eq!(b, blocks.len(), "{n} postings: no blocks past the last tier");
        }
    }

    #[test]
    fn varints_take_five_bits_a_character() {
        let mut s = String::new();
        for n in [0, 31, 32, 1_023, 1_024, u64::from(u32::MAX)] {
            push_varint(&mut s, n);
            s.push('|');
        }
        assert_eq!(s, "A|f|gB|_f|ggB|______D|");
        let mut e = Encoder::with_capacity(0);
        for n in [0, 31, 32, 1_023, 1_024, u64::from(u32::MAX)] {
            e.varint(n);
        }
        assert_eq!(e.finish(), s.replace('|', ""));
    }
}
