//! Link: parsed guides → a [`Site`].
//!
//! 1. Group guides by language (config order), each group sorted by slug: the navigation
//!    order (previous / next).
//! 2. Pair each translation with its source (front matter `[translation]`, or the same
//!    slug in the default language) and record alternates both ways.
//! 3. For each translation: structural alignment with the source, and staleness.
//! 4. Derive each guide's checklist ([`crate::checklist`]).

use std::collections::BTreeMap;

use crate::checklist::{self, SectionChecklist};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use crate::translation::{self, Staleness};

/// Everything the renderers and the indexer need, in a stable order.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// One entry per configured language that has content, in config order.
    pub languages: Vec<LangSite>,
    /// What linking learned about each guide, keyed by (lang, slug).
    pub links: BTreeMap<(String, String), GuideLinks>,
}

/// Derived facts about one guide.
#[derive(Debug, Clone, Default)]
pub struct GuideLinks {
    pub checklist: Vec<SectionChecklist>,
    /// The same guide in other languages: lang → slug.
    pub alternates: BTreeMap<String, String>,
    /// For a translation: its source (lang, slug), if that source exists.
    pub source: Option<(String, String)>,
    /// For a translation whose source exists: is it up to date?
    pub staleness: Option<Staleness>,
    /// For a translation whose source exists: structural differences from it, as errors
    /// about the translation's file (which `check` reports).
    pub misalignment: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct LangSite {
    pub lang: String,
    /// Guides ordered by slug: the navigation order (previous / next).
    pub guides: Vec<Guide>,
}

impl Site {
    pub fn lang(&self, lang: &str) -> Option<&LangSite> {
        self.languages.iter().find(|l| l.lang == lang)
    }

    pub fn guide_count(&self) -> usize {
        self.languages.iter().map(|l| l.guides.len()).sum()
    }

    /// The derived facts of a guide (empty for a guide not in this site).
    pub fn links(&self, guide: &Guide) -> &GuideLinks {
        static EMPTY: std::sync::LazyLock<GuideLinks> = std::sync::LazyLock::new(GuideLinks::default);
        self.links.get(&(guide.lang.clone(), guide.slug.clone())).unwrap_or(&EMPTY)
    }

    pub fn guide(&self, lang: &str, slug: &str) -> Option<&Guide> {
        self.lang(lang)?.guides.iter().find(|g| g.slug == slug)
    }

    /// The same guide in the site's other languages, in config order.
    pub fn counterparts<'a>(&'a self, guide: &Guide) -> Vec<&'a Guide> {
        let alternates = &self.links(guide).alternates;
        self.languages
            .iter()
            .filter(|ls| ls.lang != guide.lang)
            .filter_map(|ls| alternates.get(&ls.lang).and_then(|slug| self.guide(&ls.lang, slug)))
            .collect()
    }

    /// Guides of the default language that have no translation into `lang`: the other
    /// language's home lists them with a marker and links to the original.
    pub fn untranslated(&self, lang: &str) -> Vec<&Guide> {
        let default = self.config.default_language();
        if lang == default {
            return Vec::new();
        }
        let Some(source) = self.lang(default) else { return Vec::new() };
        source.guides.iter().filter(|g| !self.links(g).alternates.contains_key(lang)).collect()
    }
}

/// Groups guides by language (config order) and sorts each group by slug.
pub fn link(config: &Config, guides: Vec<Guide>) -> Site {
    let mut languages: Vec<LangSite> =
        config.languages.iter().map(|lang| LangSite { lang: lang.clone(), guides: Vec::new() }).collect();
    for guide in guides {
        if let Some(ls) = languages.iter_mut().find(|l| l.lang == guide.lang) {
            ls.guides.push(guide);
        }
    }
    for ls in &mut languages {
        ls.guides.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    languages.retain(|l| !l.guides.is_empty());
    let links = link_guides(config, &languages);
    Site { config: config.clone(), languages, links }
}

fn link_guides(config: &Config, languages: &[LangSite]) -> BTreeMap<(String, String), GuideLinks> {
    let key = |g: &Guide| (g.lang.clone(), g.slug.clone());
    let mut links: BTreeMap<(String, String), GuideLinks> = BTreeMap::new();
    let all: BTreeMap<(String, String), &Guide> =
        languages.iter().flat_map(|l| l.guides.iter()).map(|g| (key(g), g)).collect();
    for guide in all.values() {
        links.insert(key(guide), GuideLinks { checklist: checklist::derive(&guide.doc), ..GuideLinks::default() });
    }
    let default = config.default_language().to_owned();
    for guide in all.values().filter(|g| g.lang != default) {
        let (source_lang, source_slug) = match &guide.translation {
            Some(t) => (
                t.source_lang.clone().unwrap_or_else(|| default.clone()),
                t.source_slug.clone().unwrap_or_else(|| guide.slug.clone()),
            ),
            None => (default.clone(), guide.slug.clone()),
        };
        let Some(source) = all.get(&(source_lang.clone(), source_slug.clone())) else { continue };
        let l = links.get_mut(&key(guide)).expect("every guide has links");
        l.source = Some((source_lang.clone(), source_slug.clone()));
        l.staleness = Some(translation::staleness(guide, source));
        let source_file = source.source_path.display();
        l.misalignment = translation::alignment(&source.doc, &guide.doc)
            .into_iter()
            .map(|d| {
                Diagnostic { message: format!("{} (source {source_file})", d.message), ..d }.in_file(&guide.source_path)
            })
            .collect();
        l.alternates.insert(source_lang.clone(), source_slug.clone());
        let s = links.get_mut(&(source_lang, source_slug)).expect("source has links");
        s.alternates.insert(guide.lang.clone(), guide.slug.clone());
    }
    // Translations of one source are alternates of each other too.
    let pairs: Vec<((String, String), BTreeMap<String, String>)> =
        links.iter().filter(|(k, _)| k.0 == default).map(|(k, l)| (k.clone(), l.alternates.clone())).collect();
    for ((src_lang, src_slug), alternates) in pairs {
        for (lang, slug) in &alternates {
            if let Some(l) = links.get_mut(&(lang.clone(), slug.clone())) {
                for (other_lang, other_slug) in &alternates {
                    if other_lang != lang {
                        l.alternates.insert(other_lang.clone(), other_slug.clone());
                    }
                }
                l.alternates.insert(src_lang.clone(), src_slug.clone());
            }
        }
    }
    links
}
