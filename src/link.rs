//! Link: parsed guides → a [`Site`]. Pairs translations with their sources, orders the
//! navigation, and keeps per-language guide lists. (Checklist derivation and staleness
//! come here too as they are built.)

use crate::config::Config;
use crate::model::Guide;

/// Everything the renderers and the indexer need, in a stable order.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// One entry per configured language that has content, in config order.
    pub languages: Vec<LangSite>,
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
}

/// Groups guides by language (config order) and sorts each group by slug.
pub fn link(config: &Config, guides: Vec<Guide>) -> Site {
    let mut languages: Vec<LangSite> = config
        .languages
        .iter()
        .map(|lang| LangSite {
            lang: lang.clone(),
            guides: Vec::new(),
        })
        .collect();
    for guide in guides {
        if let Some(ls) = languages.iter_mut().find(|l| l.lang == guide.lang) {
            ls.guides.push(guide);
        }
    }
    for ls in &mut languages {
        ls.guides.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    languages.retain(|l| !l.guides.is_empty());
    Site {
        config: config.clone(),
        languages,
    }
}
