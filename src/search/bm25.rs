//! tantivy's BM25, step by step in 32-bit floats, as the browser engine
//! (`js/score.mjs`) computes it. The export uses it, with the fields' [`layout_average`]s,
//! to order each term's postings by score and to give every block of postings its best
//! score, which the engine then recomputes from the same numbers and must find equal
//! (`tests/search/format.rs`).
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

/// Mantissa bits kept of a field's average length by [`layout_average`]: averages within
/// the same sixteenth lay postings out alike. (With six bits, the fifth edit of
/// `tests/search/update.rs`, a title of one guide of 40, already moved the title field's.)
const LAYOUT_AVERAGE_BITS: u32 = 4;

/// The average field length the export lays postings out with: the field's average
/// (`total_tokens / docs` in f32, as scoring takes it) with its mantissa rounded up to
/// [`LAYOUT_AVERAGE_BITS`] bits. It moves only when the average crosses a sixteenth of
/// its power of two (6.25 %), so that an edit of one guide nearly always leaves the
/// layout of the terms it does not contain as it was. Being at least the average, it
/// bounds every score from above: a document's `tf / (tf + cache)` only grows with the
/// average, in f32 steps too (each is monotonic).
pub fn layout_average(total_tokens: u64, docs: u32) -> f32 {
    let avg = average(total_tokens, docs);
    let low = (1u32 << (23 - LAYOUT_AVERAGE_BITS)) - 1;
    let bits = avg.to_bits();
    if !avg.is_finite() || bits & low == 0 { avg } else { f32::from_bits((bits | low) + 1) }
}

fn average(total_tokens: u64, docs: u32) -> f32 {
    total_tokens as f32 / docs.max(1) as f32
}

impl FieldScoring {
    pub fn new(total_tokens: u64, docs: u32, boost: f32) -> FieldScoring {
        FieldScoring::with_average(average(total_tokens, docs), boost)
    }

    /// The field's scoring with `avg` for its average length (see [`layout_average`]).
    pub fn with_average(avg: f32, boost: f32) -> FieldScoring {
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

    #[test]
    fn the_layout_average_is_the_average_rounded_up_to_four_bits() {
        // 9,000,000 / 1,000 = 9,000 = 1.0001|100101… × 2¹³: rounded up, 1.0010 × 2¹³.
        assert_eq!(layout_average(9_000_000, 1_000), 9_216.0);
        // Already four bits: kept.
        assert_eq!(layout_average(9_216_000, 1_000), 9_216.0);
        // A few tokens more or less do not move it.
        assert_eq!(layout_average(9_000_037, 1_000), 9_216.0);
        assert_eq!(layout_average(8_999_000, 1_000), 9_216.0);
        // Rounding up carries into the exponent.
        assert_eq!(layout_average(127_900, 1_000), 128.0);
        assert_eq!(layout_average(0, 0), 0.0);
    }

    proptest::proptest! {
        /// The layout average is at least the average and within 1/16 of it, and its
        /// ratios bound every document's from above.
        #[test]
        fn layout_average_bounds_the_score(total in 1u64..50_000_000, docs in 1u32..100_000, tf in 1u32..40, norm: u8) {
            let avg = average(total, docs);
            let lay = layout_average(total, docs);
            proptest::prop_assert!(lay >= avg && lay <= avg * (1.0 + 1.0 / 16.0), "{avg} → {lay}");
            let real = FieldScoring::new(total, docs, 1.0);
            let bound = FieldScoring::with_average(lay, 1.0);
            proptest::prop_assert!(bound.ratio(tf, norm) >= real.ratio(tf, norm));
        }
    }
}
