//! Watching a site's sources for `serve`: `content/` (with the images there), `static/`,
//! `themes/` and `tebiki.toml`, through notify with a short debounce, so one save (or an
//! editor's write-and-rename) is one rebuild. Reading a file is not a change: access events (opens, closes after reading)
//! and metadata-only changes (access times) are dropped, or every build would read the
//! sources and start the next.
//!
//! The root is watched on its own (not recursively: it may hold `target/` or `public/`),
//! which sees `tebiki.toml` and the creation of `content/`, `static/` or `themes/`; those
//! are watched recursively once they exist, and again when one is removed and made anew
//! under its name (a watch follows the folder, not the name). The files a build read from elsewhere — an
//! image a guide shows from another folder of the site, the file a linked guide leads to
//! — are followed too ([`Watch::follow`]): their folders are watched, and a change of
//! one of them is a change of the site. Everything else — the output under `.tebiki/`,
//! hidden files, editor backups — is not.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::ServeError;

/// How long the sources must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(100);

/// What the builder thread is told.
#[derive(Debug)]
pub enum Message {
    /// Site sources changed (paths absolute).
    Changed(Vec<PathBuf>),
    /// The watcher reported a problem; watching goes on.
    Error(String),
    /// Stop building and end the thread.
    Stop,
}

/// The watches on one site.
pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Each watched path, with the identity of the folder it was when the watch was set.
    watched: BTreeMap<PathBuf, Option<FolderId>>,
    /// Files read from outside the watched folders (see [`Watch::follow`]).
    outside: std::sync::Arc<std::sync::Mutex<BTreeSet<PathBuf>>>,
}

const WATCHED_FOLDERS: [&str; 3] = ["content", "static", "themes"];

/// Which folder a path is (its device and inode): a folder removed and made again under
/// the same name (`rm -rf content && cp -r … content`) is another one, which the watch on
/// the first does not see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderId(u64, u64);

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().filter(|m| m.is_dir()).map(|m| FolderId(m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn folder_id(_path: &Path) -> Option<FolderId> {
    None
}

impl Watch {
    /// Starts watching `root` (an absolute path); changes are sent to `tx`.
    pub fn start(root: &Path, tx: mpsc::Sender<Message>) -> Result<Watch, ServeError> {
        let watch_root = root.to_owned();
        let outside: std::sync::Arc<std::sync::Mutex<BTreeSet<PathBuf>>> = Default::default();
        let followed = outside.clone();
        let handler = move |result: DebounceEventResult| {
            let message = match result {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .into_iter()
                        .filter(|e| is_change(&e.kind))
                        .flat_map(|e| e.event.paths)
                        .filter(|p| {
                            is_site_source(&watch_root, p)
                                || followed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(p)
                        })
                        .collect();
                    if paths.is_empty() {
                        return;
                    }
                    Message::Changed(paths)
                }
                Err(errors) => Message::Error(errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; ")),
            };
            // The builder has gone only when serve is stopping: nothing left to tell.
            let _ = tx.send(message);
        };
        let debouncer = new_debouncer(DEBOUNCE, None, handler)
            .map_err(|reason| ServeError::Watch { path: root.to_owned(), reason })?;
        let mut watch = Watch { debouncer, root: root.to_owned(), watched: BTreeMap::new(), outside };
        watch.add(root.to_owned(), RecursiveMode::NonRecursive)?;
        watch.refresh()?;
        Ok(watch)
    }

    /// Watches `content/`, `static/` and `themes/` if they have appeared, or been made
    /// again under their name, since the last call.
    pub fn refresh(&mut self) -> Result<(), ServeError> {
        for name in WATCHED_FOLDERS {
            let dir = self.root.join(name);
            if !dir.is_dir() {
                // Removed: notify drops its watch; watch it again if it comes back.
                if self.watched.remove(&dir).is_some() {
                    let _ = self.debouncer.unwatch(&dir);
                }
                continue;
            }
            match self.watched.get(&dir) {
                Some(id) if *id == folder_id(&dir) => {}
                Some(_) => {
                    // Another folder of the same name: the watch set on the old one is
                    // let go (it may be gone already) and the new one watched.
                    let _ = self.debouncer.unwatch(&dir);
                    self.watched.remove(&dir);
                    self.add(dir, RecursiveMode::Recursive)?;
                }
                None => self.add(dir, RecursiveMode::Recursive)?,
            }
        }
        Ok(())
    }

    /// Follows `files` (absolute, links resolved), which the last build read: each one
    /// outside the watched folders has its folder watched, and its changes count.
    pub fn follow(&mut self, files: &[PathBuf]) -> Result<(), ServeError> {
        let folders: Vec<PathBuf> =
            WATCHED_FOLDERS.iter().filter_map(|n| std::fs::canonicalize(self.root.join(n)).ok()).collect();
        let outside: BTreeSet<PathBuf> =
            files.iter().filter(|f| !folders.iter().any(|dir| f.starts_with(dir))).cloned().collect();
        for dir in outside.iter().filter_map(|f| f.parent()) {
            if !self.watched.contains_key(dir) {
                self.add(dir.to_owned(), RecursiveMode::NonRecursive)?;
            }
        }
        *self.outside.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = outside;
        Ok(())
    }

    fn add(&mut self, path: PathBuf, mode: RecursiveMode) -> Result<(), ServeError> {
        self.debouncer.watch(&path, mode).map_err(|reason| ServeError::Watch { path: path.clone(), reason })?;
        self.watched.insert(path.clone(), folder_id(&path));
        Ok(())
    }
}

/// Whether an event changed something: not a read, not a change of access time.
fn is_change(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)))
}

/// Whether a changed path is one of the site's sources.
pub fn is_site_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else { return false };
    if first == crate::config::FILE_NAME {
        return rel.components().count() == 1;
    }
    if !WATCHED_FOLDERS.contains(&first.as_ref()) {
        return false;
    }
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !(name.starts_with('.') || name.ends_with('~') || parts.any(|p| p.starts_with('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_site_sources_from_other_files() {
        let root = Path::new("/site");
        for yes in [
            "tebiki.toml",
            "content",
            "content/ja/a.txt",
            "content/ja/img/a.png",
            "static/logo.svg",
            "themes/default/templates/base.html",
        ] {
            assert!(is_site_source(root, &root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            ".tebiki/serve/site/index.html",
            "content/ja/.a.txt.swp",
            "content/ja/a.txt~",
            "content/.git/x",
            "README.md",
            "sub/tebiki.toml",
            "",
        ] {
            assert!(!is_site_source(root, &root.join(no)), "{no}");
        }
        assert!(!is_site_source(root, Path::new("/elsewhere/content/ja/a.txt")));
    }
}
