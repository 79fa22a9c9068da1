//! The manifest of an output folder: which render units made it (with the key of what each
//! was made from) and every file in it with the hash of its bytes. A build reads the last
//! manifest to keep what did not change, and writes the new one when it is done.
//!
//! The manifest is kept in the site's `.tebiki/` folder, not in the output (which is
//! published); the output's marker file names the manifest's hash, so a folder that was
//! replaced, restored or copied since is never trusted to hold what the manifest says.
//!
//! Text, one record a line, sorted, so the same output gives the same manifest:
//!
//! ```text
//! tebiki-manifest 1
//! unit <name> <key>
//! file <hash> <length> <unit> <path>
//! ```

use std::collections::BTreeMap;

/// The first line of every manifest.
const HEADER: &str = "tebiki-manifest 1";

/// 128 bits of a hash, as hex: a file's bytes (BLAKE3), or a unit's inputs.
pub type Hash = String;

/// The hash of a file's bytes: 128 bits of their BLAKE3. Every output file is hashed (216
/// MB on 1,000 guides); on pages of 16–64 KiB BLAKE3 takes a half to a quarter of
/// SHA-256's time here.
pub fn hash_bytes(bytes: &[u8]) -> Hash {
    hash_of_blake3(blake3::hash(bytes).as_bytes())
}

/// The [`hash_bytes`] of bytes whose BLAKE3 is `sum`.
pub fn hash_of_blake3(sum: &[u8; 32]) -> Hash {
    crate::fingerprint::hex(&sum[..16])
}

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEntry {
    /// The unit that made it.
    pub unit: String,
    /// The hash of its bytes.
    pub hash: Hash,
    pub len: u64,
}

/// What an output folder holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Unit name → the key it was rendered with.
    pub units: BTreeMap<String, Hash>,
    /// Path below the output folder → the file.
    pub files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// The text form (see the module doc).
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(64 * (self.files.len() + self.units.len()) + 32);
        out.push_str(HEADER);
        out.push('\n');
        for (name, key) in &self.units {
            out.push_str(&format!("unit {name} {key}\n"));
        }
        for (path, f) in &self.files {
            out.push_str(&format!("file {} {} {} {path}\n", f.hash, f.len, f.unit));
        }
        out
    }

    /// Reads the text form; `None` for anything that is not a manifest of this version.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let mut m = Manifest::default();
        for line in lines {
            let mut parts = line.splitn(5, ' ');
            match parts.next()? {
                "unit" => {
                    let (name, key) = (parts.next()?, parts.next()?);
                    m.units.insert(name.to_owned(), key.to_owned());
                }
                "file" => {
                    let (hash, len, unit, path) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
                    let entry = FileEntry { unit: unit.to_owned(), hash: hash.to_owned(), len: len.parse().ok()? };
                    m.files.insert(path.to_owned(), entry);
                }
                _ => return None,
            }
        }
        Some(m)
    }

    /// The hash that names this manifest in the output's marker.
    pub fn id(&self) -> Hash {
        hash_bytes(self.to_text().as_bytes())
    }

    /// A short name for anything (an output folder's path, say).
    pub fn id_of(bytes: &[u8]) -> Hash {
        hash_bytes(bytes)
    }

    /// The files a unit made.
    pub fn files_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = (&'a String, &'a FileEntry)> + 'a {
        self.files.iter().filter(move |(_, f)| f.unit == unit)
    }

    /// The bytes of all its files.
    pub fn bytes(&self) -> u64 {
        self.files.values().map(|f| f.len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes() {
        let mut m = Manifest::default();
        m.units.insert("guide:ja/a".into(), "00ff".into());
        let entry = |unit: &str, bytes: &[u8]| FileEntry { unit: unit.into(), hash: hash_bytes(bytes), len: 1 };
        m.files.insert("ja/a/index.html".into(), entry("guide:ja/a", b"x"));
        m.files.insert("ja/a b/index.html".into(), entry("guide:ja/b", b"y"));
        assert_eq!(Manifest::parse(&m.to_text()), Some(m.clone()));
        assert_eq!(m.files_of("guide:ja/a").count(), 1);
        assert_eq!(Manifest::parse("something else\n"), None);
    }
}
