//! How each language's guides fall into volumes, without making every guide's handbook
//! chapter on every build.
//!
//! 1. Each guide's chapter — its handbook view ([`HandbookGuide`]), as a volume shows it —
//!    has a key ([`keys::chapter`]): the guide, its number, where its links to other guides
//!    lead. Its weight ([`HandbookGuide::weight`]) is taken from [`Weights`], the last
//!    builds' weights by that key, or measured by making the chapter.
//! 2. The weights give the plan ([`super::volumes::plan`]): which guides each volume holds.
//! 3. A chapter is made when a unit needs it ([`Chapters`]): the volume that holds the
//!    guide takes it, and a build that renders no volume of it never makes it. One made
//!    to be weighed is kept for its volume while the kept chapters weigh less than
//!    [`KEPT_WEIGHT`] (on a large site's first build the others are made again by their
//!    volumes, instead of every guide's chapter being held through the rendering).
//!
//! [`Weights`] are kept between builds in `ROOT/.tebiki/build/weights` (text, one line per
//! chapter: key and weight, then the BLAKE3 of those lines). A weight is a function of its
//! key, so a file left by any build of the site (or none at all) only decides what is
//! measured again, never what is written; a file that is not as it was written (cut
//! short, edited) is not read at all.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::fsx;
use crate::link::{LangSite, Site};
use crate::render::handbook::{HandbookGuide, handbook_guide};
use crate::render::keys::{self, Key};
use crate::render::view::ViewContext;

/// Chapter weights by chapter key (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Weights(BTreeMap<Key, usize>);

/// The first line of the weights file.
const HEADER: &str = "tebiki-weights 2";

/// What starts the weights file's last line: the BLAKE3 of every line before it.
const SUM: &str = "sum ";

impl Weights {
    /// The weights kept at `path`; none when the file is missing, not of this version, or
    /// not as it was written (its sum does not match: cut short, edited), since a wrong
    /// weight would put guides in the wrong volumes.
    pub fn load(path: &Path) -> Weights {
        let Ok(text) = std::fs::read_to_string(path) else { return Weights::default() };
        let Some(at) = text.trim_end_matches('\n').rfind('\n').map(|i| i + 1) else { return Weights::default() };
        let (body, sum) = text.split_at(at);
        if sum.trim_end().strip_prefix(SUM) != Some(blake3::hash(body.as_bytes()).to_hex().as_str()) {
            return Weights::default();
        }
        let mut lines = body.lines();
        if lines.next() != Some(HEADER) {
            return Weights::default();
        }
        let parse = |line: &str| {
            let (key, weight) = line.split_once(' ')?;
            Some((Key::from_hex(key)?, weight.parse().ok()?))
        };
        let weights: Option<BTreeMap<Key, usize>> = lines.map(parse).collect();
        Weights(weights.unwrap_or_default())
    }

    /// Writes the weights to `path` whole: a temporary file, then renamed, so a reader
    /// sees the old file or the new one.
    pub fn save(&self, path: &Path) -> fsx::Result<()> {
        let mut text = String::with_capacity(48 * self.0.len() + 32);
        text.push_str(HEADER);
        text.push('\n');
        for (key, weight) in &self.0 {
            text.push_str(&format!("{} {weight}\n", key.hex()));
        }
        let sum = blake3::hash(text.as_bytes());
        text.push_str(&format!("{SUM}{}\n", sum.to_hex()));
        if let Some(dir) = path.parent() {
            fsx::create_dir_all(dir)?;
        }
        let draft = path.with_extension(format!("{}.draft", std::process::id()));
        fsx::write(&draft, text.as_bytes())?;
        fsx::rename(&draft, path)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How much the chapters made to be weighed may weigh together, kept for their volumes
/// (see the module doc): 48 MB, the chapters of ~700 generated guides. Past it, a
/// chapter is made again by its volume. At 5,000 guides, holding them all (~350 MB)
/// raised a first build's peak from 0.94 to 1.10 GB.
pub(super) const KEPT_WEIGHT: usize = 48_000_000;

/// The chapters of one language, made when needed by any thread.
pub(super) struct Chapters {
    /// From a volume's page (or a print view, as deep) to the site's root.
    root: String,
    made: Vec<Mutex<Option<HandbookGuide>>>,
    /// Whether a chapter taken is let go (a build: each chapter shows on one page), or
    /// kept, every chapter made, for pages rendered again and again (`tebiki pdf`).
    let_go: bool,
    /// The weight of the chapters kept, and the most it may be.
    kept: AtomicUsize,
    bound: usize,
}

impl Chapters {
    /// The chapters of a build: each taken once, at most [`KEPT_WEIGHT`] of them kept
    /// from their weighing.
    pub fn new(root: String, count: usize) -> Chapters {
        Chapters::with(root, count, true, KEPT_WEIGHT)
    }

    /// Chapters that are all kept once made, and taken as copies.
    pub fn keeping_all(root: String, count: usize) -> Chapters {
        Chapters::with(root, count, false, usize::MAX)
    }

    fn with(root: String, count: usize, let_go: bool, bound: usize) -> Chapters {
        let made = (0..count).map(|_| Mutex::new(None)).collect();
        Chapters { root, made, let_go, kept: AtomicUsize::new(0), bound }
    }

    fn make(&self, views: &ViewContext<'_>, ls: &LangSite, i: usize) -> HandbookGuide {
        handbook_guide(views, &ls.guides[i], i + 1, &self.root, None)
    }

    fn slot(&self, i: usize) -> std::sync::MutexGuard<'_, Option<HandbookGuide>> {
        self.made[i].lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Guide `i`'s weight (0-based): its chapter is made, and kept while the bound allows.
    pub fn weigh(&self, views: &ViewContext<'_>, ls: &LangSite, i: usize) -> usize {
        if let Some(made) = &*self.slot(i) {
            return made.weight();
        }
        let chapter = self.make(views, ls, i);
        let weight = chapter.weight();
        let fits = self
            .kept
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |k| k.checked_add(weight).filter(|&t| t <= self.bound))
            .is_ok();
        if fits {
            *self.slot(i) = Some(chapter);
        }
        weight
    }

    /// Guide `i`'s chapter (0-based): the one kept (let go now, in a build), or made.
    pub fn take(&self, views: &ViewContext<'_>, ls: &LangSite, i: usize) -> HandbookGuide {
        let mut slot = self.slot(i);
        match (self.let_go, slot.as_ref()) {
            (true, Some(_)) => slot.take().expect("a chapter in the slot"),
            (false, Some(made)) => made.clone(),
            (true, None) => {
                drop(slot);
                self.make(views, ls, i)
            }
            (false, None) => slot.insert(self.make(views, ls, i)).clone(),
        }
    }

    /// The ids of guide `i`'s entries in a volume's contents.
    pub fn toc_ids(&self, views: &ViewContext<'_>, ls: &LangSite, i: usize) -> Vec<String> {
        match &*self.slot(i) {
            Some(made) => made.toc_ids(),
            None => self.make(views, ls, i).toc_ids(),
        }
    }
}

/// One language's printable pages, planned: the volumes, and the chapters to make them of.
pub(super) struct LangPlan {
    pub plan: Vec<Range<usize>>,
    pub chapters: Chapters,
    /// Each guide's chapter key, in navigation order.
    pub keys: Vec<Key>,
}

impl LangPlan {
    /// Plans the volumes of `site.languages[lang]`, taking what weights it can from `known`
    /// and adding every weight it used (known or measured) to `used`.
    pub fn plan(
        views: &ViewContext<'_>,
        global: Key,
        lang: usize,
        known: &Weights,
        root: String,
    ) -> (LangPlan, BTreeMap<Key, usize>) {
        let site: &Site = views.site;
        let ls = &site.languages[lang];
        let chapters = Chapters::new(root, ls.guides.len());
        let keys: Vec<Key> =
            (0..ls.guides.len()).into_par_iter().map(|i| keys::chapter(global, site, lang, i)).collect();
        let weights: Vec<usize> = keys
            .par_iter()
            .enumerate()
            .map(|(i, key)| match known.0.get(key) {
                Some(&w) => w,
                None => chapters.weigh(views, ls, i),
            })
            .collect();
        let plan = super::volumes::plan(&weights, site.config.volume_bytes);
        let used = keys.iter().copied().zip(weights).collect();
        (LangPlan { plan, chapters, keys }, used)
    }

    /// The volume that holds guide `i` (1-based).
    pub fn volume_of(&self, i: usize) -> usize {
        volume_of(&self.plan, i)
    }
}

/// The volume of `plan` that holds guide `i` (1-based).
pub(super) fn volume_of(plan: &[Range<usize>], i: usize) -> usize {
    plan.iter().position(|r| r.contains(&i)).map_or(1, |v| v + 1)
}

/// Every weight in `used`, as [`Weights`].
pub(super) fn weights_of(used: BTreeMap<Key, usize>) -> Weights {
    Weights(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chapter as the page shows it, to compare two.
    fn json(chapter: &HandbookGuide) -> String {
        serde_json::to_string(chapter).unwrap()
    }

    #[test]
    fn chapters_are_kept_within_the_bound_and_let_go_when_taken() {
        let project = crate::Project::load(env!("CARGO_MANIFEST_DIR")).unwrap();
        let site = &project.site;
        let prepared = super::super::Prepared::new(site, &project.theme).unwrap();
        let views = prepared.views(site);
        let ls = &site.languages[0];
        let n = ls.guides.len();
        assert!(n >= 3, "the bundled site has guides");
        let root = || "../../../".to_owned();
        let (all, none) = (Chapters::with(root(), n, true, usize::MAX), Chapters::with(root(), n, true, 0));
        let weights: Vec<usize> = (0..n).map(|i| all.weigh(&views, ls, i)).collect();
        for (i, &weight) in weights.iter().enumerate() {
            assert_eq!(none.weigh(&views, ls, i), weight, "guide {i}: the same weight, kept or not");
            assert!(all.slot(i).is_some() && none.slot(i).is_none(), "guide {i}");
        }
        // Room for the first two: the others are weighed and let go.
        let two = Chapters::with(root(), n, true, weights[0] + weights[1]);
        for i in 0..n {
            two.weigh(&views, ls, i);
        }
        assert_eq!((0..n).filter(|&i| two.slot(i).is_some()).count(), 2);
        assert!(two.kept.load(Ordering::Relaxed) <= weights[0] + weights[1]);
        // Taken, a kept chapter is let go; one made again is the same.
        for i in 0..n {
            let (kept, made) = (all.take(&views, ls, i), none.take(&views, ls, i));
            assert_eq!(json(&kept), json(&made), "guide {i}");
            assert!(all.slot(i).is_none(), "guide {i}: let go");
            assert_eq!(all.toc_ids(&views, ls, i), kept.toc_ids());
        }
        // For `tebiki pdf`, every chapter stays: taking copies it.
        let pdf = Chapters::keeping_all(root(), n);
        let first = pdf.take(&views, ls, 0);
        assert!(pdf.slot(0).is_some());
        assert_eq!(json(&pdf.take(&views, ls, 0)), json(&first));
        assert_eq!(pdf.weigh(&views, ls, 0), weights[0]);
    }

    #[test]
    fn weights_round_trip_and_a_bad_file_is_none() {
        let dir = std::env::temp_dir().join(format!("tebiki-weights-{}", std::process::id()));
        let path = dir.join("weights");
        let w = Weights([(Key([1; 16]), 12), (Key([2; 16]), 70_000)].into_iter().collect());
        w.save(&path).unwrap();
        assert_eq!(Weights::load(&path), w);
        std::fs::write(&path, "tebiki-weights 0\n").unwrap();
        assert!(Weights::load(&path).is_empty(), "another version is not read");
        assert!(Weights::load(&dir.join("missing")).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
