//! tantivy's BM25, step by step in 32-bit floats, as the browser engine
//! (`js/score.mjs`) computes it. The export uses it to order each term's postings by
//! score and to give every block of postings its best score, which the engine then
//! recomputes from the same numbers and must find equal (`tests/search/format.rs`).
//!
//! The engine takes the logarithm of the idf in 64 bits and rounds to 32 (JavaScript
//! has no 32-bit `log`); tantivy takes it in 32 bits. Where the two differ for a document
//! frequency the export uses, `meta.js` carries tantivy's value ([`idf_fixes`]).

use std::collections::BTreeMap;

/// tantivy's term-frequency saturation.
pub const K1: f32 = 1.2;
/// tantivy's length normalization.
pub const B: f32 = 0.75;

/// tantivy's idf: `ln(1 + (n − df + 0.5) / (df + 0.5))` in f32.
pub fn idf(df: u64, docs: u64) -> f32 {
    (1.0 + idf_ratio(df, docs)).ln()
}

fn idf_ratio(df: u64, docs: u64) -> f32 {
    (docs.saturating_sub(df) as f32 + 0.5) / (df as f32 + 0.5)
}

/// The idf as the engine computes it before corrections: the logarithm in f64.
pub fn engine_idf(df: u64, docs: u64) -> f32 {
    f64::from(1.0 + idf_ratio(df, docs)).ln() as f32
}

/// The document frequencies among `dfs` whose idf the engine would get wrong, with
/// tantivy's value for each.
pub fn idf_fixes(dfs: impl IntoIterator<Item = u64>, docs: u64) -> BTreeMap<u64, f32> {
    dfs.into_iter()
        .filter(|df| idf(*df, docs).to_bits() != engine_idf(*df, docs).to_bits())
        .map(|df| (df, idf(df, docs)))
        .collect()
}

/// One text field's scoring constants.
#[derive(Debug, Clone)]
pub struct FieldScoring {
    /// Field-norm id → `K1 × (1 − B + B × norm / average)`.
    pub cache: [f32; 256],
    pub boost: f32,
}

impl FieldScoring {
    pub fn new(total_tokens: u64, docs: u32, boost: f32) -> FieldScoring {
        let avg = total_tokens as f32 / docs.max(1) as f32;
        let cache = std::array::from_fn(|id| {
            let norm = tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(id as u8) as f32;
            K1 * (1.0 - B + B * norm / avg)
        });
        FieldScoring { cache, boost }
    }

    /// `tf / (tf + cache[norm])`: the part of the score that varies by document.
    pub fn ratio(&self, tf: u32, norm: u8) -> f32 {
        tf as f32 / (tf as f32 + self.cache[norm as usize])
    }

    /// One term-in-field score, boosted.
    pub fn score(&self, weight: f32, tf: u32, norm: u8) -> f32 {
        (weight * self.ratio(tf, norm)) * self.boost
    }
}

/// A term's weight in a field with `df` documents: `idf × (1 + K1)`.
pub fn weight(df: u64, docs: u64) -> f32 {
    idf(df, docs) * (1.0 + K1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idf_is_tantivys() {
        assert_eq!(idf(1, 2), (1.0f32 + 1.5 / 1.5).ln());
        assert!(idf(10, 100) > idf(50, 100));
    }
}
