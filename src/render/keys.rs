//! What each render unit is made from, as a [`Key`]: two builds that give a unit the same
//! key render it to the same bytes, so a build may keep the unit's files from the last one.
//!
//! - every unit: the tool (its version and the fingerprint of its sources), the config,
//!   every file of the theme, and the site's logo, favicon and images (by their names in
//!   the output, which carry the hash of their bytes, and their sizes);
//! - a guide's pages: its source text (the source hash covers everything parsed from it),
//!   its date, its language and slug, what linking learned of it (other languages, its source,
//!   staleness), its neighbours in navigation (slug and title), where its links and
//!   images lead (the guide, section and place of each link to another guide, the file of
//!   each image), and its counterparts in other languages (their slugs and section ids);
//! - a guide's chapter (its part of a volume; [`chapter`]): the guide as above (its source,
//!   date, what linking learned of it), its number, its images, and where its links to
//!   other guides lead (their places in their language);
//! - a volume of the handbook and briefing: the chapters it holds, the number of volumes,
//!   and the site's languages (its page links to the others');
//! - a print view: its guide's chapter and the volume holding it (when there are several);
//! - the pages that gather guides ([`super::listing`]: homes, lists, feeds, the sitemap,
//!   the lists of volumes): their template contexts, byte for byte — what they show,
//!   whatever it is made from;
//! - the extras (images, redirects, static files): the images' and static files' bytes and
//!   every guide's language, slug, title and aliases.

use crate::fingerprint::Fingerprint;
use crate::link::Site;
use crate::model::Guide;
use crate::theme::Theme;

use super::Unit;
use super::listing::Listed;
use super::plan::LangPlan;

/// A unit's key: 128 bits of a SHA-256 over what it is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(pub [u8; 16]);

impl Key {
    pub fn hex(&self) -> String {
        crate::fingerprint::hex(&self.0)
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
pub(super) struct KeyHasher(Fingerprint);

impl KeyHasher {
    pub fn new(what: &str) -> KeyHasher {
        let mut h = KeyHasher(Fingerprint::new());
        h.part(what.as_bytes());
        h
    }

    pub fn part(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.part(bytes);
        self
    }

    pub fn finish(self) -> Key {
        let digest = self.0.bytes();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        Key(out)
    }
}

/// The part of every key: the tool, the config, the theme.
pub(super) fn global(site: &Site, theme: &Theme) -> Key {
    let mut h = KeyHasher::new("tebiki render");
    h.part(crate::fingerprint::TOOL.as_bytes());
    h.part(format!("{:?}", site.config).as_bytes());
    theme.fingerprint(&mut |path, bytes| {
        h.part(path.as_bytes()).part(bytes);
    });
    let media = &site.media;
    h.part(format!("{:?} {:?}", media.logo, media.favicon).as_bytes());
    for image in media.images.values() {
        h.part(image.output.as_bytes()).part(format!("{:?}", image.size).as_bytes());
    }
    h.finish()
}

/// Where a guide's links and images lead, as its pages show them: each link to another
/// guide as written with the guide, section and place it leads to (its `targets`, which
/// linking resolved against every guide's sections), and each image with its file. A
/// guide's pages depend on no other guide's sections but through these and its
/// [`counterparts`]; so an edit that adds a section to one guide renders no other guide's
/// pages again.
fn reach(h: &mut KeyHasher, site: &Site, guide: &Guide) {
    let links = site.links(guide);
    for (src, file) in &links.images {
        h.part(src.as_bytes()).part(file.to_string_lossy().as_bytes());
    }
    for (url, target) in &links.targets {
        let place = site.position(&target.lang, &target.slug).map_or(u64::MAX, |i| i as u64);
        h.part(url.as_bytes()).part(target.lang.as_bytes()).part(target.slug.as_bytes());
        h.part(target.section.as_deref().unwrap_or("").as_bytes()).part(&place.to_le_bytes());
    }
}

/// The same guide in the site's other languages: a guide's page marks each of its
/// sections that a counterpart has too, and links to the counterparts' pages.
fn counterparts(h: &mut KeyHasher, site: &Site, guide: &Guide) {
    for g in site.counterparts(guide) {
        h.part(g.lang.as_bytes()).part(g.slug.as_bytes());
        for s in &g.doc.sections {
            h.part(s.id.as_bytes());
        }
    }
}

/// What a guide's own pages are made from besides its neighbours. The source: its file
/// (whose extension says how it is read) and its text, white space at line ends
/// included (`source_hash_v1`): in Markdown two spaces there break the line.
fn guide_part(h: &mut KeyHasher, site: &Site, guide: &Guide) {
    h.part(guide.lang.as_bytes()).part(guide.slug.as_bytes()).part(guide.source_path.as_os_str().as_encoded_bytes());
    h.part(guide.source_hash_v1.as_bytes());
    // A date from git is not in the source.
    h.part(format!("{:?}", guide.updated).as_bytes());
    let links = site.links(guide);
    h.part(format!("{:?} {:?} {:?}", links.alternates, links.source, links.staleness).as_bytes());
}

/// The site's languages (a page links to its versions in the others).
fn languages(h: &mut KeyHasher, site: &Site) {
    for ls in &site.languages {
        h.part(ls.lang.as_bytes());
    }
}

/// Guide `i` of `site.languages[lang]` as a chapter of the handbook (see the module doc).
pub(super) fn chapter(global: Key, site: &Site, lang: usize, i: usize) -> Key {
    let guide = &site.languages[lang].guides[i];
    let mut h = KeyHasher::new("chapter");
    h.part(&global.0);
    guide_part(&mut h, site, guide);
    h.part(&(i as u64).to_le_bytes());
    // (Its checklist is derived from its source alone.)
    reach(&mut h, site, guide);
    h.finish()
}

/// The key of a unit made of `pages` ([`super::listing`]): its name and its pages'
/// templates and contexts.
pub(super) fn listed(global: Key, name: &str, pages: &[Listed]) -> Key {
    let mut h = KeyHasher::new("listed");
    h.part(&global.0).part(name.as_bytes());
    for page in pages {
        h.part(page.path.as_bytes()).part(page.template.as_bytes()).part(&page.context);
    }
    h.finish()
}

/// The key of `unit` (not a listing unit), given the global key and the volume plan of
/// each language.
pub(super) fn unit_key(global: Key, site: &Site, plans: &[LangPlan], unit: Unit) -> Key {
    let mut h = KeyHasher::new("unit");
    h.part(&global.0);
    match unit {
        Unit::Assets => {
            h.part(b"assets");
        }
        Unit::Extras => {
            h.part(b"extras");
            for image in site.media.images.values() {
                h.part(image.output.as_bytes()).part(&image.bytes);
            }
            for (path, file) in &site.media.statics {
                h.part(path.as_bytes()).part(file.source.to_string_lossy().as_bytes()).part(file.hash.as_bytes());
            }
            for g in site.languages.iter().flat_map(|ls| &ls.guides) {
                h.part(g.lang.as_bytes()).part(g.slug.as_bytes()).part(g.doc.title.as_bytes());
                h.part(format!("{:?}", g.aliases).as_bytes());
            }
        }
        Unit::Volume { lang, volume } => {
            let planned = &plans[lang];
            let range = planned.plan[volume - 1].clone();
            h.part(b"volume").part(site.languages[lang].lang.as_bytes());
            languages(&mut h, site);
            h.part(&(planned.plan.len() as u64).to_le_bytes()).part(&(volume as u64).to_le_bytes());
            h.part(&(range.start as u64).to_le_bytes()).part(&(range.end as u64).to_le_bytes());
            for key in &planned.keys[range] {
                h.part(&key.0);
            }
        }
        Unit::Print { lang, guide } => {
            let planned = &plans[lang];
            h.part(b"print").part(site.languages[lang].lang.as_bytes());
            languages(&mut h, site);
            h.part(&planned.keys[guide].0);
            // Which volume holds it, when there are several (the way to its running heads).
            let volume = if planned.plan.len() > 1 { planned.volume_of(guide) } else { 0 };
            h.part(&(volume as u64).to_le_bytes());
        }
        // Keyed by their pages ([`listed`]).
        Unit::Site | Unit::Lang { .. } | Unit::Contents { .. } => {
            unreachable!("a listing unit's key is made from its pages")
        }
        Unit::Guide { lang, guide } => {
            let guides = &site.languages[lang].guides;
            h.part(b"guide");
            guide_part(&mut h, site, &guides[guide]);
            reach(&mut h, site, &guides[guide]);
            counterparts(&mut h, site, &guides[guide]);
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
