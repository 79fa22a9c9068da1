//! Fingerprints: the SHA-256 of a sequence of parts, the one way tebiki records what
//! something was made from — a render unit's key, the inputs of a build, the search
//! index's whole fingerprint. Each part's length (8 bytes, little endian) goes in before
//! its bytes, so that `ab` + `c` and `a` + `bc` differ. Parts that add up to tens of KiB —
//! a guide's search documents, and what a guide's parse reads (the key of the parsed
//! guides' cache) — are [`Gathered`] and hashed at once with BLAKE3 instead.

use sha2::{Digest, Sha256};

/// The tool that made a cached or recorded file: its version and the fingerprint of its
/// sources (`TEBIKI_SOURCE_ID`, from `build.rs`). Every cache and record whose meaning
/// follows the code (render keys, the build's inputs, the search files' key, the pack
/// store, the lexicon's text) holds it, so that no other build of tebiki takes them for
/// its own.
pub const TOOL: &str = concat!(env!("CARGO_PKG_VERSION"), " ", env!("TEBIKI_SOURCE_ID"));

/// A fingerprint being taken.
#[derive(Clone, Default)]
pub struct Fingerprint(Sha256);

impl Fingerprint {
    pub fn new() -> Fingerprint {
        Fingerprint::default()
    }

    /// Adds one part.
    pub fn part(&mut self, bytes: impl AsRef<[u8]>) -> &mut Self {
        let bytes = bytes.as_ref();
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn bytes(self) -> [u8; 32] {
        self.0.finalize().into()
    }

    /// The digest in lowercase hexadecimal.
    pub fn hex(self) -> String {
        hex(&self.bytes())
    }
}

/// A fingerprint of parts gathered into one buffer (each after its length, as in
/// [`Fingerprint`]) and hashed at once with BLAKE3, which hashes a long input on several
/// lanes together. For parts adding up to tens of KiB: a guide's search documents, whose
/// fingerprints at 1,000 guides took 34–43 ms part by part with SHA-256 and 25–28 ms so
/// (documents made included), and what a guide's parse reads (its source's bytes).
#[derive(Default)]
pub struct Gathered(Vec<u8>);

impl Gathered {
    pub fn new() -> Gathered {
        Gathered::default()
    }

    /// Adds one part.
    pub fn part(&mut self, bytes: impl AsRef<[u8]>) -> &mut Self {
        let bytes = bytes.as_ref();
        self.0.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
        self
    }

    pub fn bytes(self) -> [u8; 32] {
        blake3::hash(&self.0).into()
    }

    /// The digest in lowercase hexadecimal.
    pub fn hex(self) -> String {
        hex(&self.bytes())
    }
}

/// Bytes (a digest, or the first bytes of one) in lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parts` fingerprinted both ways: (SHA-256 part by part, BLAKE3 gathered).
    fn prints(parts: &[&str]) -> (String, String) {
        let (mut f, mut g) = (Fingerprint::new(), Gathered::new());
        for p in parts {
            f.part(p);
            g.part(p);
        }
        (f.hex(), g.hex())
    }

    #[test]
    fn parts_are_told_apart_by_their_lengths_both_ways() {
        let (ab_c, a_bc) = (prints(&["ab", "c"]), prints(&["a", "bc"]));
        assert!(ab_c.0 != a_bc.0 && ab_c.1 != a_bc.1);
        assert_eq!(ab_c, prints(&["ab", "c"]));
        let mut h = Sha256::new();
        h.update(2u64.to_le_bytes());
        h.update(b"ab");
        assert_eq!(prints(&["ab"]).0, hex(&h.finalize()));
        let mut h = blake3::Hasher::new();
        h.update(&2u64.to_le_bytes());
        h.update(b"ab");
        h.update(&1u64.to_le_bytes());
        h.update(b"c");
        assert_eq!(ab_c.1, hex(h.finalize().as_bytes()));
    }
}
