//! A list stored as a run of fixed-size blocks, so that it can be consumed
//! block by block and its memory given back while it is being converted.
//!
//! Raw relations are the bulk of a large dataset (~350 bytes a row). Held in
//! one `Vec`, their buffer stays allocated until the last row has been
//! converted, so raw and checked relations were all in memory at once: at
//! 300k relations that was ~100 MB of the peak (issue 16). Held in blocks,
//! each block is freed as soon as its rows are converted.

use std::ops::{Index, IndexMut};

/// Rows per block: large enough that the per-block overhead is nil, small
/// enough that one block (~20 MB of raw relations) is a small part of the
/// peak.
const BLOCK: usize = 1 << 16;

/// A list of `T` in blocks of [`BLOCK`] items (all full but the last, until
/// [`Chunked::retain`] thins them).
#[derive(Debug)]
pub struct Chunked<T> {
    blocks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            blocks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunked<T> {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True if there are no items.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `item`; a new block is reserved whole when the last is full.
    pub fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(last) if last.len() < last.capacity() => last.push(item),
            _ => {
                let mut block = Vec::with_capacity(BLOCK);
                block.push(item);
                self.blocks.push(block);
            }
        }
        self.len += 1;
    }

    /// Moves every item of `other` to the end of this list.
    pub fn append(&mut self, other: &mut Self) {
        for block in std::mem::take(&mut other.blocks) {
            self.blocks.push(block);
        }
        self.len += std::mem::take(&mut other.len);
    }

    /// The items in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }

    /// Keeps the items for which `keep` is true, in order; `keep` sees them
    /// in order, as with [`Vec::retain`].
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        for block in &mut self.blocks {
            block.retain(&mut keep);
        }
        self.blocks.retain(|b| !b.is_empty());
        self.len = self.blocks.iter().map(Vec::len).sum();
    }

    /// The blocks, to be consumed one at a time (each freed when dropped).
    pub fn into_blocks(self) -> impl Iterator<Item = Vec<T>> {
        self.blocks.into_iter()
    }

    /// Block and offset of item `i`, valid while every block but the last
    /// is full (that is, before [`Chunked::retain`]).
    fn locate(&self, i: usize) -> (usize, usize) {
        debug_assert!(self.blocks.iter().rev().skip(1).all(|b| b.len() == BLOCK));
        (i / BLOCK, i % BLOCK)
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        let (b, o) = self.locate(i);
        &self.blocks[b][o]
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        let (b, o) = self.locate(i);
        &mut self.blocks[b][o]
    }
}

impl<T> Extend<T> for Chunked<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        for item in items {
            self.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_keep_their_order_and_index_across_blocks() {
        let mut list = Chunked::new();
        list.extend(0..BLOCK * 2 + 5);
        assert_eq!(list.len(), BLOCK * 2 + 5);
        assert_eq!(list[BLOCK - 1], BLOCK - 1);
        assert_eq!(list[BLOCK], BLOCK);
        assert_eq!(list[2 * BLOCK + 4], 2 * BLOCK + 4);
        list[BLOCK + 1] = 7;
        assert_eq!(list.iter().nth(BLOCK + 1), Some(&7));
        assert_eq!(
            list.into_blocks().map(|b| b.len()).collect::<Vec<_>>(),
            [BLOCK, BLOCK, 5]
        );
    }

    #[test]
    fn retain_and_append_keep_order_and_count() {
        let mut list = Chunked::new();
        list.extend(0..BLOCK + 10);
        let mut seen = 0;
        list.retain(|&x| {
            assert_eq!(x, seen, "retain sees items in order");
            seen += 1;
            x % 2 == 0 || x >= BLOCK
        });
        assert_eq!(list.len(), BLOCK / 2 + 10);
        let mut more = Chunked::new();
        more.push(usize::MAX);
        list.append(&mut more);
        assert!(more.is_empty());
        let all: Vec<usize> = list.iter().copied().collect();
        assert_eq!(all.len(), BLOCK / 2 + 11);
        assert_eq!(all[..3], [0, 2, 4]);
        assert_eq!(all[BLOCK / 2..BLOCK / 2 + 2], [BLOCK, BLOCK + 1]);
        assert_eq!(all.last(), Some(&usize::MAX));
    }
}
