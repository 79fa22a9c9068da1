//! A deterministic generated corpus for the large search tests and the benchmark:
//! recombined sections of the parsed bundled guides, 20–40 KB a guide, titles numbered,
//! so it needs no files outside the repository. Shared by `tests/search/` and
//! `benches/search.rs` (included by path).

use std::path::Path;

use tebiki::config::Config;
use tebiki::model::{Guide, Section};

/// A small, fixed pseudo-random sequence (xorshift64*), so every run makes the same corpus.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

fn section_bytes(s: &Section) -> usize {
    let mut n = s.heading.len() + tebiki::search::schema::blocks_text(&s.blocks).len();
    for sub in &s.subsections {
        n += sub.heading.len() + tebiki::search::schema::blocks_text(&sub.blocks).len();
    }
    for b in s.consensus.iter().chain(&s.perspective) {
        n += tebiki::search::schema::blocks_text(b).len();
    }
    n
}

/// Renumbers a section and its subsections as section `k`.
fn renumber(mut s: Section, k: usize) -> Section {
    s.id = format!("s{k}");
    for (m, sub) in s.subsections.iter_mut().enumerate() {
        sub.id = format!("s{k}-{}", m + 1);
    }
    s
}

/// `n` generated Japanese guides (`d00001`…) from the guides under `root/content/ja`.
pub fn generate(root: &Path, n: usize) -> Vec<Guide> {
    let (seeds, _) = tebiki::project::load_guides(root, &Config::default()).expect("load bundled guides");
    let seeds: Vec<Guide> = seeds.into_iter().filter(|g| g.lang == "ja").collect();
    assert!(!seeds.is_empty(), "no bundled Japanese guides under {}", root.display());
    let pool: Vec<&Section> = seeds.iter().flat_map(|g| &g.doc.sections).collect();
    let outcomes: Vec<_> = seeds.iter().flat_map(|g| g.doc.outcomes.iter().cloned()).collect();
    let mut rng = Rng::new(42);
    (1..=n)
        .map(|i| {
            let target = rng.range(20_000, 40_000);
            let mut order: Vec<usize> = (0..pool.len()).collect();
            for k in (1..order.len()).rev() {
                order.swap(k, rng.range(0, k));
            }
            let mut sections = Vec::new();
            let mut size = 0;
            for &o in &order {
                if size >= target {
                    break;
                }
                size += section_bytes(pool[o]);
                sections.push(renumber(pool[o].clone(), sections.len() + 1));
            }
            let title = format!("{}（No.{i:05}）", sections[0].heading);
            sections[0].heading = title.clone();
            let mut doc = seeds[0].doc.clone();
            doc.title = title;
            doc.outcomes = (0..rng.range(2, 3)).map(|_| outcomes[rng.range(0, outcomes.len() - 1)].clone()).collect();
            doc.sections = sections;
            let mut g = seeds[0].clone();
            g.slug = format!("d{i:05}");
            g.doc = doc;
            g
        })
        .collect()
}
