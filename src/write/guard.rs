//! Where an output folder is and who may write it: the target with its links resolved
//! ([`resolve`]), the lock two builds take turns on ([`Lock`]), the files kept beside it
//! ([`SidePaths`]), and whether a folder is tebiki's ([`has_marker`]).

use std::path::{Component, Path, PathBuf};

use crate::fsx::{self, FsError};

use super::{MARKER, WriteError, WriteEvents};

/// An OS lock on a file, held until dropped (or until the process ends, however it
/// ends). Two builds into one folder take turns on the lock beside it.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File,
}

impl Lock {
    /// The lock beside `folder` (`.<name>.tebiki-lock` in its parent, created if
    /// missing), for a folder that is replaced or rebuilt whole.
    pub fn beside(folder: &Path, events: &dyn WriteEvents) -> Result<Lock, WriteError> {
        Lock::acquire(&SidePaths::of(folder)?.lock, events)
    }

    /// Takes the lock on `path`, creating the file (and its folder) if missing; when
    /// another process holds it, tells `events` and waits for it.
    pub fn acquire(path: &Path, events: &dyn WriteEvents) -> Result<Lock, WriteError> {
        use fs4::fs_std::FileExt;
        if let Some(parent) = path.parent() {
            fsx::create_dir_all(parent)?;
        }
        let file = fsx::open_or_create(path)?;
        let locked = FileExt::try_lock_exclusive(&file).map_err(|e| FsError::new("lock", path, e))?;
        if !locked {
            events.waiting(path);
            FileExt::lock_exclusive(&file).map_err(|e| FsError::new("lock", path, e))?;
        }
        Ok(Lock { _file: file })
    }
}

/// The folder a build into `out` replaces: `out` made absolute with every symbolic link
/// on its way resolved (the part that does not exist yet is taken as written). A link
/// that leads nowhere is an error rather than something to replace.
pub fn resolve(out: &Path) -> Result<PathBuf, WriteError> {
    let abs = std::path::absolute(out).map_err(|e| FsError::new("resolve", out, e))?;
    for existing in abs.ancestors() {
        let Ok(base) = std::fs::canonicalize(existing) else { continue };
        let rest = abs.strip_prefix(existing).unwrap_or(Path::new(""));
        let mut resolved = base;
        for (i, c) in rest.components().enumerate() {
            match c {
                Component::ParentDir => {
                    resolved.pop();
                }
                Component::Normal(name) => {
                    resolved.push(name);
                    // Only the first missing name can be a link (nothing exists below it).
                    if i == 0 && fsx::symlink_metadata(&resolved).is_ok_and(|m| m.file_type().is_symlink()) {
                        let to = std::fs::read_link(&resolved).unwrap_or_default();
                        return Err(WriteError::DanglingLink { path: resolved, to });
                    }
                }
                _ => {}
            }
        }
        return Ok(resolved);
    }
    // Not even the root exists (a path on a missing drive): take it as written.
    Ok(abs)
}

/// `path` made absolute with `.` and `..` removed by text alone, or `None` if the
/// current folder is unknown.
pub(super) fn absolute_lexical(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Some(out)
}

pub(super) enum Kind {
    Missing,
    Folder,
    /// A file, or a link (a side folder is never followed).
    Other,
}

pub(super) fn kind(path: &Path) -> Result<Kind, WriteError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Kind::Missing),
        Err(e) => Err(FsError::new("read the metadata of", path, e).into()),
        Ok(m) if m.is_dir() => Ok(Kind::Folder),
        Ok(_) => Ok(Kind::Other),
    }
}

/// Whether `folder` holds the marker as a regular file (not a link to one).
pub(super) fn has_marker(folder: &Path) -> bool {
    fsx::symlink_metadata(&folder.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// The files tebiki keeps beside an output folder `<name>` while it writes it.
pub(super) struct SidePaths {
    /// `.<name>.tebiki-new`: the changed files of a build, before they move into place.
    pub new: PathBuf,
    /// `.<name>.tebiki-old`: where the previous site waited while a whole new one was
    /// swapped in (the way tebiki wrote its output before it wrote only what changed).
    pub old: PathBuf,
    /// `.<name>.tebiki-lock`: the lock two builds take turns on.
    pub lock: PathBuf,
    /// `.<name>.tebiki-journal`: what a build is moving into place (see `writer`).
    pub journal: PathBuf,
}

impl SidePaths {
    pub fn of(target: &Path) -> Result<SidePaths, WriteError> {
        let name = target.file_name().ok_or_else(|| WriteError::BadTarget { path: target.to_owned() })?;
        let name = name.to_string_lossy();
        let parent = target.parent().unwrap_or(Path::new("."));
        let side = |what: &str| parent.join(format!(".{name}.tebiki-{what}"));
        Ok(SidePaths { new: side("new"), old: side("old"), lock: side("lock"), journal: side("journal") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_folders_sit_beside_the_target() {
        let side = SidePaths::of(Path::new("/x/public")).unwrap();
        assert_eq!(side.new, Path::new("/x/.public.tebiki-new"));
        assert_eq!(side.old, Path::new("/x/.public.tebiki-old"));
        assert_eq!(side.lock, Path::new("/x/.public.tebiki-lock"));
        assert_eq!(side.journal, Path::new("/x/.public.tebiki-journal"));
    }

    #[test]
    fn resolves_a_missing_path_below_an_existing_one() {
        let here = std::fs::canonicalize(std::env::temp_dir()).unwrap();
        let out = resolve(&std::env::temp_dir().join("no-such-tebiki-dir/x/../public")).unwrap();
        assert_eq!(out, here.join("no-such-tebiki-dir/public"));
    }
}
