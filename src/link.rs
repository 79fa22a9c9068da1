//! Link: parsed guides → a [`Site`].
//!
//! 1. Group guides by language (config order), each group sorted by slug: the navigation
//!    order (previous / next).
//! 2. Pair each translation with its source (front matter `[translation]`, or the same
//!    slug in the default language) and record alternates both ways.
//! 3. For each translation: structural alignment with the source, and staleness.
//! 4. Derive each guide's checklist ([`crate::checklist`]).
//! 5. Resolve each guide's links to other guides by their source file
//!    ([`crate::references`]).
//!
//! The site's images and static files ([`Site::media`]) are read after linking, by
//! [`crate::media`]; a site made here has none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::checklist::{self, SectionChecklist};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::media::Media;
use crate::model::Guide;
use crate::references::{self, GuideTarget};
use crate::translation::{self, Staleness};

/// Everything the renderers and the indexer need, in a stable order.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// One entry per configured language that has content, in config order.
    pub languages: Vec<LangSite>,
    /// What linking learned about each guide, keyed by (lang, slug).
    pub links: BTreeMap<(String, String), GuideLinks>,
    /// The images the guides show and the site's static files, read once.
    pub media: Media,
}

/// Derived facts about one guide.
#[derive(Debug, Clone, Default)]
pub struct GuideLinks {
    pub checklist: Vec<SectionChecklist>,
    /// The same guide in other languages: lang → slug.
    pub alternates: BTreeMap<String, String>,
    /// For a translation: its source (lang, slug), if that source exists.
    pub source: Option<(String, String)>,
    /// For a translation whose front matter names a source the site lacks: that source
    /// (lang, slug), which `check` reports.
    pub missing_source: Option<(String, String)>,
    /// For a translation whose source exists: is it up to date?
    pub staleness: Option<Staleness>,
    /// For a translation whose source exists: structural differences from it, as errors
    /// about the translation's file (which `check` reports).
    pub misalignment: Vec<Diagnostic>,
    /// Links to other guides by their source file: the url as written → where it leads.
    pub targets: BTreeMap<String, GuideTarget>,
    /// The images the guide shows: the path as written → the file, from the site's root
    /// (only files that were read; see [`Media::images`]). With `targets`, this is what
    /// the guide's pages depend on besides its own source.
    pub images: BTreeMap<String, PathBuf>,
    /// Links within the guide to a section it does not have (`#s9`): shown as text.
    pub dead: std::collections::BTreeSet<String>,
    /// Links and images that lead nowhere (errors) and images without alt text
    /// (warnings), at file:line: `check` reports them, `build` warns of the errors.
    pub references: Vec<Diagnostic>,
}

#[derive(Debug, Clone)]
pub struct LangSite {
    pub lang: String,
    /// Guides ordered by slug: the navigation order (previous / next).
    pub guides: Vec<Guide>,
}

/// Up to how many guides (all languages together) a site is [small](Site::is_small).
pub const SMALL_SITE_GUIDES: usize = 100;

impl Site {
    pub fn lang(&self, lang: &str) -> Option<&LangSite> {
        self.languages.iter().find(|l| l.lang == lang)
    }

    pub fn guide_count(&self) -> usize {
        self.languages.iter().map(|l| l.guides.len()).sum()
    }

    /// Whether the site is small enough that a build runs its parts side by side — the
    /// search beside the pages, one language's index beside another's, a language's
    /// lexicon beside its index — instead of in turn: at most [`SMALL_SITE_GUIDES`] guides, where what that costs in memory is a
    /// few MiB.
    pub fn is_small(&self) -> bool {
        self.guide_count() <= SMALL_SITE_GUIDES
    }

    /// The derived facts of a guide (empty for a guide not in this site).
    pub fn links(&self, guide: &Guide) -> &GuideLinks {
        static EMPTY: std::sync::LazyLock<GuideLinks> = std::sync::LazyLock::new(GuideLinks::default);
        self.links.get(&(guide.lang.clone(), guide.slug.clone())).unwrap_or(&EMPTY)
    }

    pub fn guide(&self, lang: &str, slug: &str) -> Option<&Guide> {
        self.lang(lang)?.guides.iter().find(|g| g.slug == slug)
    }

    /// The place of a guide in its language's order (0-based): its number in the
    /// handbook is one more.
    pub fn position(&self, lang: &str, slug: &str) -> Option<usize> {
        self.lang(lang)?.guides.binary_search_by(|g| g.slug.as_str().cmp(slug)).ok()
    }

    /// Every guide's problems with its links and images, in guide order.
    pub fn reference_findings(&self) -> impl Iterator<Item = &Diagnostic> + '_ {
        self.links.values().flat_map(|l| l.references.iter())
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
    let mut links = link_guides(config, &languages);
    // 5. Links between guides.
    let by_source: BTreeMap<&Path, &Guide> =
        languages.iter().flat_map(|l| l.guides.iter()).map(|g| (g.source_path.as_path(), g)).collect();
    let resolved: Vec<(&Guide, references::ResolvedLinks)> =
        by_source.par_iter().map(|(_, guide)| (*guide, references::resolve_links(guide, &by_source))).collect();
    for (guide, resolved) in resolved {
        let l = links.get_mut(&(guide.lang.clone(), guide.slug.clone())).expect("every guide has links");
        l.targets = resolved.targets;
        l.references = resolved.problems;
        l.dead = resolved.dead;
    }
    Site { config: config.clone(), languages, links, media: Media::default() }
}

fn link_guides(config: &Config, languages: &[LangSite]) -> BTreeMap<(String, String), GuideLinks> {
    let key = |g: &Guide| (g.lang.clone(), g.slug.clone());
    let mut links: BTreeMap<(String, String), GuideLinks> = BTreeMap::new();
    let all: BTreeMap<(String, String), &Guide> =
        languages.iter().flat_map(|l| l.guides.iter()).map(|g| (key(g), g)).collect();
    // Each guide's checklist, on every core.
    let derived: Vec<((String, String), GuideLinks)> = all
        .par_iter()
        .map(|(k, guide)| (k.clone(), GuideLinks { checklist: checklist::derive(&guide.doc), ..GuideLinks::default() }))
        .collect();
    links.extend(derived);
    let default = config.default_language().to_owned();
    for guide in all.values().filter(|g| g.lang != default) {
        let (source_lang, source_slug) = match &guide.translation {
            Some(t) => (
                t.source_lang.clone().unwrap_or_else(|| default.clone()),
                t.source_slug.clone().unwrap_or_else(|| guide.slug.clone()),
            ),
            None => (default.clone(), guide.slug.clone()),
        };
        let Some(source) = all.get(&(source_lang.clone(), source_slug.clone())) else {
            if guide.translation.is_some() {
                links.get_mut(&key(guide)).expect("every guide has links").missing_source =
                    Some((source_lang, source_slug));
            }
            continue;
        };
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
