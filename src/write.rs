//! Write: the rendered output map → the output folder, atomically. The only writer.
//! (Being built: temp folder beside the target, marker file, swap.)

use std::collections::BTreeMap;

/// Every file of the site, keyed by its `/`-separated path below the output folder.
#[derive(Debug, Default, Clone)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}
