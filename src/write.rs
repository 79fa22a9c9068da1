//! Write: the rendered output map → the output folder, atomically. The only writer.
//!
//! 1. Resolve the target ([`resolve`]): symbolic links on the way are followed, so the
//!    folder written is the one they lead to, and the links themselves stay. A link that
//!    leads nowhere is an error.
//! 2. Lock: an OS lock on `.<name>.tebiki-lock` beside the target ([`Lock`]), held until
//!    the swap is done, so two builds into one folder take turns: the second waits (and
//!    says so), then replaces the first one's site whole. The OS drops the lock with the
//!    process, however it ends; the lock file stays, empty.
//! 3. Check the target: an existing folder is replaced only if tebiki wrote it (it holds
//!    [`MARKER`] as a regular file) or is empty, or when forced; a folder of someone else's
//!    is never cleared by accident.
//! 4. Recover from a build killed mid-swap (see 6), and drop a temporary folder left by a
//!    killed build — each only when it holds the marker: a folder of that name that tebiki
//!    did not make is an error, never removed (unless forced).
//! 5. Write the marker, then every file, into `.<name>.tebiki-new` beside the target. A
//!    file whose bytes equal the same file of the site being replaced is hard-linked
//!    to it instead of written: creating a file costs far more than comparing one on a
//!    busy disk, and a rebuild changes few of the search shards. Where links cannot be
//!    made (a FAT stick, say), the file is written.
//! 6. Swap: the old site moves to `.<name>.tebiki-old`, the new one into place, and the
//!    old one is removed. A build that fails or is killed before the swap leaves the
//!    previous site untouched; one killed between the two renames is put right by step 4
//!    of the next build.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

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
    #[error(
        "{} is in the way: tebiki uses that name beside {} while it replaces it, and this one was not made \
         by tebiki (it has no {MARKER} file); move it away, or pass --force to remove it",
        path.display(), target.display()
    )]
    InTheWay { path: PathBuf, target: PathBuf },
    #[error(
        "{} is a symbolic link to {}, which does not exist; create that folder, or choose another --out",
        path.display(), to.display()
    )]
    DanglingLink { path: PathBuf, to: PathBuf },
    #[error(transparent)]
    Fs(#[from] FsError),
}

impl ToDiagnostic for WriteError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            WriteError::NotOurs { path }
            | WriteError::NotAFolder { path }
            | WriteError::BadTarget { path }
            | WriteError::InTheWay { path, .. }
            | WriteError::DanglingLink { path, .. } => Diagnostic::of_chain(Code::Output, self).in_file(path),
            WriteError::Fs(e) => e.diagnostic(),
        }
    }
}

/// How to write: where, and whether a folder without the marker may be replaced.
#[derive(Debug, Clone)]
pub struct WritePlan {
    pub target: PathBuf,
    pub force: bool,
}

/// What the writer tells its caller. Every method has a silent default.
pub trait WriteEvents {
    /// Another build holds `lock`; this one waits until it is done.
    fn waiting(&self, _lock: &Path) {}
    /// `n` files of the site are in the new folder.
    fn file_written(&self, _n: usize) {}
}

/// Events that go nowhere.
pub struct NoEvents;
impl WriteEvents for NoEvents {}

/// Writes `output` to the plan's target, replacing what was there.
pub fn write(output: &Output, plan: &WritePlan) -> Result<(), WriteError> {
    write_with(output, plan, &NoEvents)
}

/// [`write`], telling `events` about waiting for the lock and about each file written.
pub fn write_with(output: &Output, plan: &WritePlan, events: &dyn WriteEvents) -> Result<(), WriteError> {
    // 1. Where the site goes.
    let target = resolve(&plan.target)?;
    let shown = if absolute_lexical(&plan.target).as_deref() == Some(target.as_path()) {
        plan.target.clone()
    } else {
        target.clone()
    };
    let side = SidePaths::of(&target)?;

    // 2. One build at a time.
    let _lock = Lock::acquire(&side.lock, events)?;

    // 3. Whose folder is it?
    match kind(&target)? {
        Kind::Missing => {}
        Kind::Folder => {
            if !plan.force && !has_marker(&target) && !fsx::is_empty_dir(&target)? {
                return Err(WriteError::NotOurs { path: shown });
            }
        }
        Kind::Other => return Err(WriteError::NotAFolder { path: shown }),
    }

    // 4. Leftovers of a killed build, when they are tebiki's.
    for leftover in [&side.old, &side.new] {
        match kind(leftover)? {
            Kind::Missing => {}
            Kind::Folder if plan.force || has_marker(leftover) => {}
            Kind::Folder | Kind::Other => {
                return Err(WriteError::InTheWay { path: leftover.clone(), target: shown });
            }
        }
    }
    if fsx::exists(&side.old) {
        if fsx::exists(&target) {
            fsx::remove_dir_all(&side.old)?;
        } else {
            fsx::rename(&side.old, &target)?;
        }
    }
    if fsx::exists(&side.new) {
        fsx::remove_dir_all(&side.new)?;
    }

    // 5. The new site, beside the target; the marker first, so that a killed build's
    //    folder is known as tebiki's.
    fsx::create_dir_all(&side.new)?;
    fsx::write(&side.new.join(MARKER), MARKER_TEXT.as_bytes())?;
    let previous = target.is_dir().then_some(target.as_path());
    for (i, (path, bytes)) in output.files.iter().enumerate() {
        let dest = side.new.join(path);
        if !previous.is_some_and(|prev| link_if_same(&prev.join(path), &dest, bytes)) {
            fsx::write(&dest, bytes)?;
        }
        events.file_written(i + 1);
    }

    // 6. Swap.
    if fsx::exists(&target) {
        fsx::rename(&target, &side.old)?;
        fsx::rename(&side.new, &target)?;
        fsx::remove_dir_all(&side.old)?;
    } else {
        fsx::rename(&side.new, &target)?;
    }
    Ok(())
}

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
fn absolute_lexical(path: &Path) -> Option<PathBuf> {
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

enum Kind {
    Missing,
    Folder,
    /// A file, or a link (a side folder is never followed).
    Other,
}

fn kind(path: &Path) -> Result<Kind, WriteError> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Kind::Missing),
        Err(e) => Err(FsError::new("read the metadata of", path, e).into()),
        Ok(m) if m.is_dir() => Ok(Kind::Folder),
        Ok(_) => Ok(Kind::Other),
    }
}

/// Whether `folder` holds the marker as a regular file (not a link to one).
fn has_marker(folder: &Path) -> bool {
    fsx::symlink_metadata(&folder.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Hard-links `dest` to `old` when `old` is a regular file holding exactly `bytes`.
/// `false` means "write it": any failure here (no such file, different bytes, a file
/// system without hard links) only costs the optimisation, never the file.
fn link_if_same(old: &Path, dest: &Path, bytes: &[u8]) -> bool {
    let same_size = fsx::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    if !same_size || fsx::read(old).map_or(true, |b| b != bytes) {
        return false;
    }
    if let Some(parent) = dest.parent() {
        if fsx::create_dir_all(parent).is_err() {
            return false;
        }
    }
    fsx::hard_link(old, dest).is_ok()
}

/// `.<name>.tebiki-new`, `.<name>.tebiki-old` and `.<name>.tebiki-lock` beside a folder.
struct SidePaths {
    new: PathBuf,
    old: PathBuf,
    lock: PathBuf,
}

impl SidePaths {
    fn of(target: &Path) -> Result<SidePaths, WriteError> {
        let name = target.file_name().ok_or_else(|| WriteError::BadTarget { path: target.to_owned() })?;
        let name = name.to_string_lossy();
        let parent = target.parent().unwrap_or(Path::new("."));
        let side = |what: &str| parent.join(format!(".{name}.tebiki-{what}"));
        Ok(SidePaths { new: side("new"), old: side("old"), lock: side("lock") })
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
    }

    #[test]
    fn resolves_a_missing_path_below_an_existing_one() {
        let here = std::fs::canonicalize(std::env::temp_dir()).unwrap();
        let out = resolve(&std::env::temp_dir().join("no-such-tebiki-dir/x/../public")).unwrap();
        assert_eq!(out, here.join("no-such-tebiki-dir/public"));
    }
}
