//! Cutting an export's blocks of postings into block packs (`b/<n>.js`): the blocks of
//! every term laid out in blocks, in block order, a pack closing before the block that
//! would take its JSON array past [`BLOCK_PACK_BYTES`] (a larger block is a pack of its
//! own). A block is made by this export, or is one of the last export's that an update
//! left as it was, at the same number ([`Block::Kept`]): only its length is known until it
//! is needed. [`super::term_layout`] keeps a pack of kept blocks only, which the last
//! export made the same, as it stands — its blocks are never read — and reads the kept
//! blocks of any other pack from the term store.

use super::packs::BLOCK_PACK_BYTES;
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
}

impl BlockPacker {
    /// The number the next block gets.
    pub fn next_block(&self) -> u32 {
        self.next
    }

    /// Adds a block; returns the pack it closed, if adding it did.
    pub fn add(&mut self, block: Block) -> Option<Closed> {
        let len = block.len();
        let closed =
            if !self.blocks.is_empty() && self.bytes + len + 1 > BLOCK_PACK_BYTES { self.close() } else { None };
        self.bytes += len + 1;
        self.blocks.push(block);
        self.next += 1;
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

    #[test]
    fn packs_stay_within_their_bound_and_are_cut_alike_whether_their_blocks_are_made_or_kept() {
        let mut sizes: Vec<usize> = (0..400).map(|i| 200 + (i * 7919) % 3000).collect();
        sizes[37] = BLOCK_PACK_BYTES + 10;
        let (mut made, mut kept) = (BlockPacker::default(), BlockPacker::default());
        let (mut m, mut k) = (Vec::new(), Vec::new());
        for (i, &size) in sizes.iter().enumerate() {
            m.extend(made.add(Block::Made("x".repeat(size))));
            k.extend(kept.add(Block::Kept { len: size as u32, term: 0, i: i as u32 }));
        }
        m.extend(made.close());
        k.extend(kept.close());
        assert_eq!(made.counts, kept.counts);
        assert!(m.len() > 5 && m.iter().all(|c| !c.all_kept()) && k.iter().all(Closed::all_kept));
        let mut next = 0;
        for (n, pack) in m.iter().enumerate() {
            assert_eq!((pack.n, pack.first), (n, next), "pack {n}");
            let here = &sizes[next as usize..next as usize + pack.blocks.len()];
            next += pack.blocks.len() as u32;
            // Within the bound (or one block alone), and the next block would not have fit.
            assert!(array(here) <= BLOCK_PACK_BYTES + 1 || here.len() == 1, "pack {n}: {} bytes", array(here));
            if let Some(&after) = sizes.get(next as usize) {
                assert!(array(here) + after + 1 > BLOCK_PACK_BYTES + 1, "pack {n} closed early");
            }
        }
        assert_eq!(next as usize, sizes.len());
        assert_eq!(made.next_block(), sizes.len() as u32);
    }

    #[test]
    fn two_blocks_that_do_not_fit_together_make_two_packs_of_one() {
        let mut p = BlockPacker::default();
        let half = BLOCK_PACK_BYTES / 2 + 1;
        assert!(p.add(Block::Made("x".repeat(half))).is_none());
        let closed = p.add(Block::Kept { len: half as u32, term: 3, i: 0 }).expect("the first pack closes");
        assert_eq!((closed.n, closed.first, closed.blocks.len(), closed.all_kept()), (0, 0, 1, false));
        let closed = p.close().expect("the second pack");
        assert_eq!((closed.n, closed.first, closed.blocks.len(), closed.all_kept()), (1, 1, 1, true));
        assert!(p.close().is_none());
        assert_eq!(p.counts, vec![1, 1]);
        assert_eq!(p.counts_varints(), "BB");
    }
}
