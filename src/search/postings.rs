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
pub fn push_varint(out: &mut String, mut n: u64) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(ALPHABET[low] as char);
            return;
        }
        out.push(ALPHABET[low + 32] as char);
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
        (0..3).filter(|f| self.fields[*f].0 > 0).map(|f| 1 << f).sum()
    }
}

/// Merges a term's three field lists (each in document order) into one posting per
/// document, in document order.
pub fn merge(lists: &[Vec<Posting>; 3], offsets: &[u32]) -> Vec<DocPosting> {
    let mut out = Vec::with_capacity(lists.iter().map(Vec::len).max().unwrap_or(0));
    let mut at = [0usize; 3];
    loop {
        let next = (0..3).filter_map(|f| lists[f].get(at[f]).map(|p| p.0)).min();
        let Some(doc) = next else { break };
        let mut fields = [(0u32, 0u8); 3];
        for f in 0..3 {
            if let Some(&(d, tf, norm)) = lists[f].get(at[f])
                && d == doc
            {
                fields[f] = (tf, norm);
                at[f] += 1;
            }
        }
        out.push(DocPosting { doc, offset: offsets.get(doc as usize).copied().unwrap_or(0), fields });
    }
    out
}

/// Appends the present fields of `fields` as `norm × 4 + min(tf, 3)` and, when `tf ≥ 3`,
/// `tf − 3`.
fn push_fields(out: &mut String, fields: &[(u32, u8); 3]) {
    for &(tf, norm) in fields {
        if tf > 0 {
            push_varint(out, u64::from(norm) * 4 + u64::from(tf.min(3)));
            if tf >= 3 {
                push_varint(out, u64::from(tf - 3));
            }
        }
    }
}

/// Appends a field triple: its mask (bit `f` set when field `f` is present), then its
/// fields.
fn push_triple(out: &mut String, fields: &[(u32, u8); 3]) {
    let mask: u64 = (0..3).filter(|f| fields[*f].0 > 0).map(|f| 1 << f).sum();
    push_varint(out, mask);
    push_fields(out, fields);
}

/// Encodes postings in document order: per posting, the gap from the previous document
/// (`doc − previous − 1`, the first from −1), `offset × 8 + mask`, then its fields.
pub fn encode_postings(postings: &[DocPosting]) -> String {
    let mut out = String::new();
    let mut next = 0u32;
    for p in postings {
        push_varint(&mut out, u64::from(p.doc - next));
        push_varint(&mut out, u64::from(p.offset) * 8 + p.mask());
        push_fields(&mut out, &p.fields);
        next = p.doc + 1;
    }
    out
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
    // Each tier takes the best of what the tiers before it left: a selection, not a sort
    // (keys are distinct, so the tiers are those a sort would give). Then each tier's
    // postings in document order, in one pass.
    let mut tier_of = vec![0u8; postings.len()];
    let (mut at, mut size, mut tiers) = (0, FIRST_TIER, 0u8);
    while at < keys.len() {
        let end = (at + size).min(keys.len());
        if end < keys.len() {
            keys[at..].select_nth_unstable(end - at);
        }
        for k in &keys[at..end] {
            tier_of[(k & 0xFFFF_FFFF) as usize] = tiers;
        }
        tiers += 1;
        at = end;
        size *= TIER_GROWTH;
    }
    let mut in_tiers: Vec<Vec<usize>> = vec![Vec::new(); usize::from(tiers)];
    for (i, t) in tier_of.iter().enumerate() {
        in_tiers[usize::from(*t)].push(i);
    }
    let mut blocks = Vec::new();
    for tier in in_tiers {
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

/// The head file of a laid-out term: the number of blocks, the file number of the
/// second block (when there is one; the others follow it), per block its first
/// document, `last − first`, posting count, best posting's fields and best fields per
/// field (each as a triple), then the first block's postings (`first`, encoded).
pub fn encode_head(blocks: &[Block], first_file: u32, first: &str) -> String {
    let mut out = String::new();
    push_varint(&mut out, blocks.len() as u64);
    if blocks.len() > 1 {
        push_varint(&mut out, u64::from(first_file));
    }
    for b in blocks {
        let (first, last) = (b.postings[0].doc, b.postings[b.postings.len() - 1].doc);
        push_varint(&mut out, u64::from(first));
        push_varint(&mut out, u64::from(last - first));
        push_varint(&mut out, b.postings.len() as u64);
        push_triple(&mut out, &b.top);
        push_triple(&mut out, &b.best);
    }
    out.push_str(first);
    out
}
