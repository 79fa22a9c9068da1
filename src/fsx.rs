//! Filesystem helpers that put the path into every error.
//!
//! Everything in tebiki that touches the disk goes through here (reading content and
//! themes in `load`, writing output in `write`), so no I/O error ever reaches the user
//! without the file it concerns.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};

/// An I/O error together with what was being done and to which path. The I/O error is
/// in the message and not the source chain, so that a command says it once.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}: {reason}", path.display())]
pub struct FsError {
    pub action: &'static str,
    pub path: PathBuf,
    pub reason: io::Error,
}

impl FsError {
    pub fn new(action: &'static str, path: &Path, reason: io::Error) -> Self {
        FsError { action, path: path.to_path_buf(), reason }
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
    fs::create_dir_all(path).map_err(|e| {
        // "File exists" says little: name the file that stands where a folder must go.
        let file = path.ancestors().find(|a| a.exists() && !a.is_dir());
        let e = match file {
            Some(f) => std::io::Error::other(format!("{} is a file, not a folder", f.display())),
            None => e,
        };
        FsError::new("create folder", path, e)
    })
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

/// Puts the file `new` in place of the file `path` (a large cache file written beside
/// it): `path` is moved aside to `aside`, `new` renamed to `path`, then the old file
/// removed. Renamed over the old file, the new one would be written out to the disk at
/// once: ext4 does so for a file that replaces another by a rename (`auto_da_alloc`),
/// which took 60–75 ms for a 43 MB cache file on this project's benchmark machine.
/// A file left at `aside` (by a process killed here) is replaced the next time; when
/// `new` cannot be moved, the old file is put back.
pub fn replace(new: &Path, path: &Path, aside: &Path) -> Result<()> {
    let moved = match fs::rename(path, aside) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(FsError::new("move", path, e)),
    };
    if let Err(e) = rename(new, path) {
        if moved {
            // The old file back where it was: the caller's error is the one returned.
            let _ = fs::rename(aside, path);
        }
        return Err(e);
    }
    if moved {
        remove_file(aside)?;
    }
    Ok(())
}

pub fn exists(path: &Path) -> bool {
    path.exists()
}

/// Whether the folder at `path` has no entries.
pub fn is_empty_dir(path: &Path) -> Result<bool> {
    let mut entries = fs::read_dir(path).map_err(|e| FsError::new("list folder", path, e))?;
    Ok(entries.next().is_none())
}

pub fn symlink_metadata(path: &Path) -> Result<fs::Metadata> {
    fs::symlink_metadata(path).map_err(|e| FsError::new("read the metadata of", path, e))
}

/// The path with every symbolic link and `.`/`..` resolved; the path must exist.
/// Where `path` really leads, when that is outside `root` (a resolved path): a symbolic
/// link out of the site. `None` when it stays inside, or when it cannot be resolved.
pub fn leads_out(root: Option<&Path>, path: &Path) -> Option<PathBuf> {
    let real = fs::canonicalize(path).ok()?;
    (!real.starts_with(root?)).then_some(real)
}

/// The entries below `base` in the order a build reads them: `base` itself followed when it
/// is a link, links below it not followed into folders, except, with `follow_top`, a link
/// to a folder right below `base` (a language folder of `content/` or a theme of
/// `themes/`, which the loaders walk wherever it leads), walked after its entry.
pub fn walk_as_read(base: &Path, follow_top: bool) -> Vec<walkdir::Result<walkdir::DirEntry>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(base).sort_by_file_name() {
        let linked_dir = match &entry {
            Ok(e) if follow_top && e.depth() == 1 && e.path_is_symlink() && e.path().is_dir() => {
                Some(e.path().to_owned())
            }
            _ => None,
        };
        out.push(entry);
        if let Some(dir) = linked_dir {
            out.extend(walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name());
        }
    }
    out
}

/// The hidden file beside `path` that tebiki writes before renaming it into place:
/// `.<name>.tebiki-<what>` (`draft`, `copy`).
pub fn aside(path: &Path, what: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tebiki-{what}"))
}

/// Whether `path` is a regular file (links followed), known without opening it: a pipe or
/// a device would block or never end when read.
pub fn is_regular_file(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file())
}

pub fn canonicalize(path: &Path) -> Result<PathBuf> {
    fs::canonicalize(path).map_err(|e| FsError::new("resolve", path, e))
}

pub fn read_dir(path: &Path) -> Result<fs::ReadDir> {
    fs::read_dir(path).map_err(|e| FsError::new("list folder", path, e))
}

pub fn hard_link(original: &Path, link: &Path) -> Result<()> {
    fs::hard_link(original, link).map_err(|e| FsError::new("link to", original, e))
}

/// Opens `path` for writing, creating it if it is missing (a lock file).
pub fn open_or_create(path: &Path) -> Result<fs::File> {
    fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| FsError::new("open", path, e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_the_file_in_the_way_of_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("afile"), "x").unwrap();
        let err = super::create_dir_all(&dir.path().join("afile/x/y")).unwrap_err().to_string();
        assert!(err.contains("afile is a file, not a folder"), "{err}");
    }

    #[test]
    fn replace_puts_the_new_file_in_place_and_leaves_nothing_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (new, path, aside) = (dir.path().join("a.new"), dir.path().join("a"), dir.path().join("a.old"));
        // No file yet.
        std::fs::write(&new, "one").unwrap();
        super::replace(&new, &path, &aside).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        // Over the last file, and over a file a killed process left aside.
        std::fs::write(&aside, "left").unwrap();
        std::fs::write(&new, "two").unwrap();
        super::replace(&new, &path, &aside).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let mut names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["a"]);
        // A new file that is not there: the old one stays where it was.
        let err = super::replace(&new, &path, &aside).unwrap_err().to_string();
        assert!(err.contains("a.new"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two", "put back");
        assert!(!aside.exists());
    }
}
