//! What each render unit is made from, as a [`Key`]: two builds that give a unit the same
//! key render it to the same bytes, so a build may keep the unit's files from the last one.
//!
//! - every unit: the tool (its version and the fingerprint of its sources), the config and
//!   every file of the theme;
//! - a guide's pages: its source text (the source hash covers everything parsed from it),
//!   its language and slug, what linking learned of it (other languages, its source,
//!   staleness), and its neighbours in navigation (slug and title);
//! - the pages that gather every guide: all of that for every guide.

use sha2::{Digest, Sha256};

use crate::link::Site;
use crate::model::Guide;
use crate::theme::Theme;

use super::Unit;

/// A unit's key: 128 bits of a SHA-256 over what it is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub [u8; 16]);

impl Key {
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex(hex: &str) -> Option<Key> {
        let mut out = [0u8; 16];
        if hex.len() != 32 {
            return None;
        }
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Key(out))
    }
}

/// A running hash of labelled parts (each part's length is hashed too, so `ab`+`c` and
/// `a`+`bc` differ).
pub(super) struct KeyHasher(Sha256);

impl KeyHasher {
    pub fn new(what: &str) -> KeyHasher {
        let mut h = KeyHasher(Sha256::new());
        h.part(what.as_bytes());
        h
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(self) -> Key {
        let digest = self.0.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Key(out)
    }
}

/// The part of every key: the tool, the config, the theme.
pub(super) fn global(site: &Site, theme: &Theme) -> Key {
    let mut h = KeyHasher::new("tebiki render");
    h.part(env!("CARGO_PKG_VERSION").as_bytes()).part(env!("TEBIKI_SOURCE_ID").as_bytes());
    h.part(format!("{:?}", site.config).as_bytes());
    theme.fingerprint(&mut |path, bytes| {
        h.part(path.as_bytes()).part(bytes);
    });
    h.finish()
}

/// What a guide's own pages are made from besides its neighbours.
fn guide_part(h: &mut KeyHasher, site: &Site, guide: &Guide) {
    h.part(guide.lang.as_bytes()).part(guide.slug.as_bytes()).part(guide.source_hash.as_bytes());
    let links = site.links(guide);
    h.part(format!("{:?} {:?} {:?}", links.alternates, links.source, links.staleness).as_bytes());
}

/// The key of `unit`, given the global key.
pub(super) fn unit_key(global: Key, site: &Site, unit: Unit) -> Key {
    let mut h = KeyHasher::new("unit");
    h.part(&global.0);
    match unit {
        Unit::Assets => {
            h.part(b"assets");
        }
        Unit::Site => {
            h.part(b"site");
            for ls in &site.languages {
                h.part(ls.lang.as_bytes()).part(&(ls.guides.len() as u64).to_le_bytes());
                for g in &ls.guides {
                    guide_part(&mut h, site, g);
                }
            }
        }
        Unit::Guide { lang, guide } => {
            let guides = &site.languages[lang].guides;
            h.part(b"guide");
            guide_part(&mut h, site, &guides[guide]);
            let neighbour = |h: &mut KeyHasher, g: Option<&Guide>| match g {
                Some(g) => {
                    h.part(g.slug.as_bytes()).part(g.doc.title.as_bytes());
                }
                None => {
                    h.part(b"-");
                }
            };
            neighbour(&mut h, guide.checked_sub(1).map(|i| &guides[i]));
            neighbour(&mut h, guides.get(guide + 1));
        }
    }
    h.finish()
}
