//! Filesystem helpers that put the path into every error.
//!
//! Everything in tebiki that touches the disk goes through here (reading content and
//! themes in `load`, writing output in `write`), so no I/O error ever reaches the user
//! without the file it concerns.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};

/// An I/O error together with what was being done and to which path.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {source}", path.display())]
pub struct FsError {
    pub action: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

impl FsError {
    pub fn new(action: &'static str, path: &Path, source: io::Error) -> Self {
        FsError { action, path: path.to_path_buf(), source }
    }
}

impl ToDiagnostic for FsError {
    fn diagnostic(&self) -> Diagnostic {
        Diagnostic::of_chain(Code::Io, self).in_file(&self.path)
    }
}

pub type Result<T> = std::result::Result<T, FsError>;

pub fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| FsError::new("read", path, e))
}

pub fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| FsError::new("read", path, e))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    fs::write(path, bytes).map_err(|e| FsError::new("write", path, e))
}

/// Creates (or truncates) a file for writing.
pub fn create(path: &Path) -> Result<fs::File> {
    fs::File::create(path).map_err(|e| FsError::new("create", path, e))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| FsError::new("create folder", path, e))
}

pub fn remove_dir_all(path: &Path) -> Result<()> {
    fs::remove_dir_all(path).map_err(|e| FsError::new("remove folder", path, e))
}

pub fn remove_file(path: &Path) -> Result<()> {
    fs::remove_file(path).map_err(|e| FsError::new("remove", path, e))
}

pub fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| FsError::new("move", from, e))
}

pub fn exists(path: &Path) -> bool {
    path.exists()
}

/// Whether the folder at `path` has no entries.
pub fn is_empty_dir(path: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(path).map_err(|e| FsError::new("list folder", path, e))?;
    Ok(entries.next().is_none())
}
