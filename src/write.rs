//! Write: the rendered output map → the output folder, atomically. The only writer.
//!
//! 1. Check the target: an existing folder is replaced only if tebiki wrote it (it holds
//!    [`MARKER`]) or is empty, or when forced; a folder of someone else's is never cleared
//!    by accident.
//! 2. Recover from a build killed mid-swap (see 4), and drop a temporary folder left by a
//!    killed build.
//! 3. Write every file, then the marker, into `.<name>.tebiki-new` beside the target. A
//!    file whose bytes equal the same file of the site being replaced is hard-linked
//!    to it instead of written: creating a file costs far more than comparing one on a
//!    busy disk, and a rebuild changes few of the search shards. Where links cannot be
//!    made (a FAT stick, say), the file is written.
//! 4. Swap: the old site moves to `.<name>.tebiki-old`, the new one into place, and the
//!    old one is removed. A build that fails or is killed before the swap leaves the
//!    previous site untouched; one killed between the two renames is put right by step 2
//!    of the next build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};

/// The file that marks an output folder as tebiki's own, safe to replace.
pub const MARKER: &str = ".tebiki-output";
const MARKER_TEXT: &str = "This folder is written by `tebiki build`, which replaces it whole on every build.\n";

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
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
    /// Adds every file of `other`; a path both have keeps `other`'s bytes.
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{} exists and was not written by tebiki (it has no {MARKER} file), so the build will not replace it; \
         choose another --out, empty that folder, or pass --force to replace it",
        path.display()
    )]
    NotOurs { path: PathBuf },
    #[error("{} exists and is not a folder; choose another --out", path.display())]
    NotAFolder { path: PathBuf },
    #[error("{} is not a usable output path (it has no folder name)", path.display())]
    BadTarget { path: PathBuf },
    #[error(transparent)]
    Fs(#[from] FsError),
}

impl ToDiagnostic for WriteError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            WriteError::NotOurs { path } | WriteError::NotAFolder { path } | WriteError::BadTarget { path } => {
                Diagnostic::of_chain(Code::Output, self).in_file(path)
            }
            WriteError::Fs(e) => e.diagnostic(),
        }
    }
}

/// How to write: where, and whether a folder without the marker may be replaced.
#[derive(Debug, Clone)]
pub struct WritePlan {
    pub target: PathBuf,
    pub force: bool,
    /// Test hook (`TEBIKI_TEST_STALL_WRITE=N`): after N files, wait to be killed, so a
    /// test can stop a build part-way through writing.
    pub stall_after: Option<usize>,
}

/// Writes `output` to the plan's target, replacing what was there.
pub fn write(output: &Output, plan: &WritePlan) -> Result<(), WriteError> {
    let target = &plan.target;
    let (new, old) = side_paths(target)?;

    // 1. Whose folder is it?
    if target.exists() {
        if !target.is_dir() {
            return Err(WriteError::NotAFolder { path: target.clone() });
        }
        if !plan.force && !target.join(MARKER).is_file() && !fsx::is_empty_dir(target)? {
            return Err(WriteError::NotOurs { path: target.clone() });
        }
    }

    // 2. Leftovers of a killed build.
    if old.exists() {
        if target.exists() {
            fsx::remove_dir_all(&old)?;
        } else {
            fsx::rename(&old, target)?;
        }
    }
    if new.exists() {
        fsx::remove_dir_all(&new)?;
    }

    // 3. The new site, beside the target.
    fsx::create_dir_all(&new)?;
    let previous = target.is_dir().then_some(target.as_path());
    for (i, (path, bytes)) in output.files.iter().enumerate() {
        if plan.stall_after == Some(i) {
            stall();
        }
        let dest = new.join(path);
        if previous.is_some_and(|prev| link_if_same(&prev.join(path), &dest, bytes)) {
            continue;
        }
        fsx::write(&dest, bytes)?;
    }
    fsx::write(&new.join(MARKER), MARKER_TEXT.as_bytes())?;

    // 4. Swap.
    if target.exists() {
        fsx::rename(target, &old)?;
        fsx::rename(&new, target)?;
        fsx::remove_dir_all(&old)?;
    } else {
        fsx::rename(&new, target)?;
    }
    Ok(())
}

/// Hard-links `dest` to `old` when `old` is a regular file holding exactly `bytes`.
/// `false` means "write it": any failure here (no such file, different bytes, a file
/// system without hard links) only costs the optimisation, never the file.
fn link_if_same(old: &Path, dest: &Path, bytes: &[u8]) -> bool {
    let same_size = std::fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if !same_size || std::fs::read(old).map_or(true, |b| b != bytes) {
        return false;
    }
    if let Some(parent) = dest.parent() {
        if std::fs::create_dir_all(parent).is_err() {
            return false;
        }
    }
    std::fs::hard_link(old, dest).is_ok()
}

/// `.<name>.tebiki-new` and `.<name>.tebiki-old` beside the target.
fn side_paths(target: &Path) -> Result<(PathBuf, PathBuf), WriteError> {
    let name = target.file_name().ok_or_else(|| WriteError::BadTarget { path: target.to_owned() })?;
    let name = name.to_string_lossy();
    let parent = target.parent().unwrap_or(Path::new("."));
    Ok((parent.join(format!(".{name}.tebiki-new")), parent.join(format!(".{name}.tebiki-old"))))
}

/// Waits (for a test to kill the process); gives up after a minute so that a test that
/// fails to kill it does not hang CI.
fn stall() {
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_folders_sit_beside_the_target() {
        let (new, old) = side_paths(Path::new("/x/public")).unwrap();
        assert_eq!(new, Path::new("/x/.public.tebiki-new"));
        assert_eq!(old, Path::new("/x/.public.tebiki-old"));
    }
}
