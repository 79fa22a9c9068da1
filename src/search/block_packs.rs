//! Cutting an export's blocks of postings into block packs (`b/<n>.js`): the blocks of
//! every term laid out in blocks, in block order, a pack closing before the block that
//! would take its JSON array past [`BLOCK_PACK_BYTES`] (a larger block is a pack of its
//! own), or after a block that [`ends_pack`] once it holds [`BLOCK_PACK_MIN`] bytes. Which
//! blocks end packs follows their terms, not their sizes: when an edit changes some blocks,
//! the packs after them are cut where they were — not each shifted by the bytes it
//! gained or lost, which changed most packs after a one-sentence edit. A block is made by this export, or is one of the last export's that an update
//! left as it was, at the same number ([`Block::Kept`]): only its length is known until it
//! is needed. [`super::term_layout`] keeps a pack of kept blocks only, which the last
//! export made the same, as it stands — its blocks are never read — and reads the kept
//! blocks of any other pack from the term store.

use super::packs::{BLOCK_PACK_BYTES, BLOCK_PACK_MIN};
use super::postings::push_varint;

/// A block of postings, as a JSON string.
pub enum Block {
    Made(String),
    /// Block `i` (after the first) of the last export's term `term` (its place in the last
    /// export's term list), `len` bytes long.
    Kept {
        len: u32,
        term: u32,
        i: u32,
    },
}

impl Block {
    fn len(&self) -> usize {
        match self {
            Block::Made(json) => json.len(),
            Block::Kept { len, .. } => *len as usize,
        }
    }
}

/// A pack just closed: its number, the number of its first block, and its blocks.
pub struct Closed {
    pub n: usize,
    pub first: u32,
    pub blocks: Vec<Block>,
}

impl Closed {
    /// Whether every block of the pack is a kept one.
    pub fn all_kept(&self) -> bool {
        self.blocks.iter().all(|b| matches!(b, Block::Kept { .. }))
    }
}

/// The packs being cut.
#[derive(Default)]
pub struct BlockPacker {
    blocks: Vec<Block>,
    bytes: usize,
    /// The number of the next block, and of the first block of the pack being filled.
    next: u32,
    first: u32,
    /// How many blocks each closed pack holds.
    pub counts: Vec<u32>,
    /// Whether the pack being filled closes before the next block.
    ended: bool,
}

/// Whether block `i` of the term `term` (its blocks after the head, from 0) ends a block
/// pack that holds [`BLOCK_PACK_MIN`] bytes: one block in [`ENDS_ONE_IN`], by a hash of
/// the term and `i` (FNV-1a, then MurmurHash3's 64-bit finalizer).
pub fn ends_pack(term: &str, i: usize) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.as_bytes().iter().chain(&(i as u64).to_le_bytes()) {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h % ENDS_ONE_IN == 0
}

/// One block in this many ends a pack past [`BLOCK_PACK_MIN`]: a block weighs about 1 KiB
/// deflated, so a pack holds about [`BLOCK_PACK_MIN`] and 12 KiB more.
const ENDS_ONE_IN: u64 = 12;

impl BlockPacker {
    /// The number the next block gets.
    pub fn next_block(&self) -> u32 {
        self.next
    }

    /// Adds a block, which [`ends_pack`] or not (`ends`); returns the pack it closed, if
    /// adding it did.
    pub fn add(&mut self, block: Block, ends: bool) -> Option<Closed> {
        let len = block.len();
        let full = self.bytes + len + 1 > BLOCK_PACK_BYTES;
        let closed = if !self.blocks.is_empty() && (self.ended || full) { self.close() } else { None };
        self.bytes += len + 1;
        self.blocks.push(block);
        self.next += 1;
        self.ended = ends && self.bytes + 1 >= BLOCK_PACK_MIN;
        closed
    }

    /// Closes the pack being filled (none when it is empty).
    pub fn close(&mut self) -> Option<Closed> {
        if self.blocks.is_empty() {
            return None;
        }
        let blocks = std::mem::take(&mut self.blocks);
        self.counts.push(blocks.len() as u32);
        let closed = Closed { n: self.counts.len() - 1, first: self.first, blocks };
        self.bytes = 0;
        self.ended = false;
        self.first = self.next;
        Some(closed)
    }

    /// The pack sizes as one string of varints (the meta's `blockPacks`).
    pub fn counts_varints(&self) -> String {
        let mut s = String::new();
        for &c in &self.counts {
            push_varint(&mut s, u64::from(c));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a pack of blocks of `sizes` weighs as a JSON array.
    fn array(sizes: &[usize]) -> usize {
        sizes.iter().sum::<usize>() + sizes.len() + 1
    }

    /// Whether block `i` of the test's blocks ends a pack.
    fn ends(i: usize) -> bool {
        ends_pack("t", i)
    }

    /// The packs `sizes` make (with [`ends`]), as the ranges of block numbers they hold.
    fn cut(sizes: &[usize]) -> Vec<std::ops::Range<usize>> {
        let mut p = BlockPacker::default();
        let mut closed: Vec<Closed> = Vec::new();
        for (i, &size) in sizes.iter().enumerate() {
            closed.extend(p.add(Block::Made("x".repeat(size)), ends(i)));
        }
        closed.extend(p.close());
        closed.iter().map(|c| c.first as usize..c.first as usize + c.blocks.len()).collect()
    }

    #[test]
    fn packs_stay_within_their_bound_and_are_cut_alike_whether_their_blocks_are_made_or_kept() {
        let mut sizes: Vec<usize> = (0..2_000).map(|i| 200 + (i * 7919) % 2_000).collect();
        sizes[37] = BLOCK_PACK_BYTES + 10;
        let (mut made, mut kept) = (BlockPacker::default(), BlockPacker::default());
        let (mut m, mut k) = (Vec::new(), Vec::new());
        for (i, &size) in sizes.iter().enumerate() {
            m.extend(made.add(Block::Made("x".repeat(size)), ends(i)));
            k.extend(kept.add(Block::Kept { len: size as u32, term: 0, i: i as u32 }, ends(i)));
        }
        m.extend(made.close());
        k.extend(kept.close());
        assert_eq!(made.counts, kept.counts);
        assert!(m.len() > 20 && m.iter().all(|c| !c.all_kept()) && k.iter().all(Closed::all_kept));
        let (mut next, mut by_mark) = (0, 0);
        for (n, pack) in m.iter().enumerate() {
            assert_eq!((pack.n, pack.first), (n, next), "pack {n}");
            let here = &sizes[next as usize..next as usize + pack.blocks.len()];
            let last = next as usize + pack.blocks.len() - 1;
            next += pack.blocks.len() as u32;
            // Within the bound (or one block alone); closed after a block that ends a pack
            // once past the least, else because the next block would not fit.
            assert!(array(here) <= BLOCK_PACK_BYTES + 1 || here.len() == 1, "pack {n}: {} bytes", array(here));
            for i in next as usize - here.len()..last {
                let so_far = array(&sizes[next as usize - here.len()..=i]);
                assert!(!(ends(i) && so_far >= BLOCK_PACK_MIN), "pack {n} goes on past block {i}, which ends it");
            }
            if let Some(&after) = sizes.get(next as usize) {
                let marked = ends(last) && array(here) >= BLOCK_PACK_MIN;
                by_mark += usize::from(marked);
                assert!(marked || array(here) + after + 1 > BLOCK_PACK_BYTES + 1, "pack {n} closed early");
            }
        }
        assert!(by_mark * 2 > m.len(), "most packs end at a block that ends them: {by_mark} of {}", m.len());
        assert_eq!(next as usize, sizes.len());
        assert_eq!(made.next_block(), sizes.len() as u32);
    }

    /// A block that grows or shrinks moves the cuts of the pack it is in and of a few after
    /// it, until a block that ends a pack ends one again: the others are cut where they
    /// were. (Cut by bytes alone, the first of these changes moved 87 of 112 packs.)
    #[test]
    fn a_block_of_another_size_moves_the_cuts_of_its_pack_alone() {
        let sizes: Vec<usize> = (0..3_000).map(|i| 300 + (i * 7919) % 1_800).collect();
        let before = cut(&sizes);
        let mut most = 0;
        for (k, delta) in [(100usize, 900isize), (777, -250), (1_500, 1_700), (2_222, -290), (2_900, 40)] {
            let mut changed = sizes.clone();
            changed[k] = (changed[k] as isize + delta) as usize;
            let after = cut(&changed);
            let moved = after.iter().filter(|r| !before.contains(r)).count();
            assert!(moved <= 4, "block {k} by {delta}: {moved} of {} packs cut elsewhere", after.len());
            most = most.max(moved);
        }
        assert!(most >= 1, "no change moved a cut: the test shows nothing");
    }

    #[test]
    fn two_blocks_that_do_not_fit_together_make_two_packs_of_one() {
        let mut p = BlockPacker::default();
        let half = BLOCK_PACK_BYTES / 2 + 1;
        assert!(p.add(Block::Made("x".repeat(half)), false).is_none());
        let closed = p.add(Block::Kept { len: half as u32, term: 3, i: 0 }, false).expect("the first pack closes");
        assert_eq!((closed.n, closed.first, closed.blocks.len(), closed.all_kept()), (0, 0, 1, false));
        let closed = p.close().expect("the second pack");
        assert_eq!((closed.n, closed.first, closed.blocks.len(), closed.all_kept()), (1, 1, 1, true));
        assert!(p.close().is_none());
        assert_eq!(p.counts, vec![1, 1]);
        assert_eq!(p.counts_varints(), "BB");
    }
}
