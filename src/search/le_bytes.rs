//! Reading the search cache's binary files (the term store's layouts, the lexicon's kept
//! text, the kept canonical order): little-endian numbers and length-prefixed UTF-8, each
//! read `None` when the bytes run out or are not what they should be.

/// Bytes being read from the start.
pub struct Reader<'b>(pub &'b [u8]);

impl<'b> Reader<'b> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let (part, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(part)
    }

    /// A 4-byte little-endian number.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// A text: its length ([`Reader::u32`]), then its UTF-8 bytes.
    pub fn text(&mut self) -> Option<&'b str> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// Whether every byte was read.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
