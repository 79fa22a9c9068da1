//! The writer: a build's files into the output folder, only those that changed, and all of
//! them at once at the end.
//!
//! 1. [`Writer::begin`]: resolve the target and take its lock; refuse a folder that is not
//!    tebiki's; finish a build that was killed while moving its files into place (the
//!    journal below), drop what a build killed earlier left; read the last build's
//!    [`Manifest`] — trusted only when the target's marker names it.
//! 2. [`Writer::keep`] a unit whose key did not change (its files stay as they are), or
//!    [`Writer::put`] each file of a unit that was rendered again: a file whose bytes equal
//!    the last build's is left alone, any other is written into `.<name>.tebiki-new`
//!    beside the target (from several threads at once). Nothing in the target changes yet,
//!    so a build that fails or is killed here leaves the previous site as it was; one that
//!    fails removes its `.<name>.tebiki-new` as it ends (one that is killed leaves it to
//!    the next build).
//! 3. [`Writer::commit`]: write the journal — every file to move in, every file to delete,
//!    the new marker — then carry it out: rename each new file into place, delete the
//!    files no unit made any more, write the marker and the manifest, remove the journal.
//!    A build killed while doing this is finished by the next one (step 1), so the output
//!    is never left half old and half new for longer than the renames take.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::fsx::{self, FsError};

use super::guard::{self, Kind, Lock, SidePaths};
use super::manifest::{FileEntry, Manifest, hash_bytes};
use super::{MARKER, MARKER_TEXT, WriteError, WriteEvents, WritePlan};

const JOURNAL_HEADER: &str = "tebiki-journal 1";

/// A build's writer (see the module doc). `put` may be called from several threads.
pub struct Writer<'e> {
    target: PathBuf,
    side: SidePaths,
    state: Option<PathBuf>,
    events: &'e dyn WriteEvents,
    /// Before the lock: fields drop in order, so a build that fails clears its stage
    /// while it still holds the lock.
    _stage: StageCleanup,
    _lock: Lock,
    /// The last build's manifest, when the target is known to hold what it says.
    previous: Option<Manifest>,
    /// The paths of the last build's files, by unit.
    previous_by_unit: std::collections::HashMap<String, Vec<String>>,
    next: Mutex<Next>,
    staged: AtomicUsize,
    /// Whether `.<name>.tebiki-new` is made (with its marker); made by the first file.
    stage_ready: OnceLock<Result<(), String>>,
    /// The files the target holds, listed on a thread of their own while the build runs
    /// (see [`Writer::begin`]).
    listing: std::thread::JoinHandle<Result<Vec<String>, WriteError>>,
}

/// Removes `.<name>.tebiki-new` when the writer goes without a journal naming it: a
/// build that failed before its commit (a template error, a full disk) leaves no half
/// of a site beside the output — on a full disk, the stage can be as large as the site.
/// A commit that wrote its journal leaves the stage to the next build, which carries the
/// journal out; a build that is killed leaves it too, and the next build removes it.
struct StageCleanup {
    new: PathBuf,
    journal: PathBuf,
}

impl Drop for StageCleanup {
    fn drop(&mut self) {
        if !fsx::exists(&self.journal) && fsx::exists(&self.new) {
            // Best effort: what stays is removed by the next build's start.
            let _ = fsx::remove_dir_all(&self.new);
        }
    }
}

/// What the build has made so far.
#[derive(Default)]
struct Next {
    manifest: Manifest,
    /// Stage file number → path in the output.
    moves: Vec<(usize, String)>,
    error: Option<WriteError>,
}

impl Next {
    /// Notes that `unit` makes or keeps `path`: refused (kept as the write's error) when
    /// another unit of this build has it already, whichever of the two came first.
    fn claim(&mut self, path: &str, unit: &str) {
        if let Some(other) = self.manifest.files.get(path).filter(|f| f.unit != unit) {
            let mut units = [other.unit.clone(), unit.to_owned()];
            units.sort();
            let [first, second] = units;
            self.error.get_or_insert(WriteError::Twice { path: path.to_owned(), first, second });
        }
    }
}

/// What a finished write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files in the output (the marker left out).
    pub files: usize,
    /// Of them, pages (`.html`).
    pub pages: usize,
    /// Their bytes.
    pub bytes: u64,
    /// Files written (new or changed) and deleted by this build.
    pub written: usize,
    pub deleted: usize,
    /// The id of the output's manifest (what its marker names).
    pub manifest: String,
}

impl<'e> Writer<'e> {
    /// Step 1 of the module doc.
    pub fn begin(plan: &WritePlan, events: &'e dyn WriteEvents) -> Result<Writer<'e>, WriteError> {
        let target = guard::resolve(&plan.target)?;
        let shown = if guard::absolute_lexical(&plan.target).as_deref() == Some(target.as_path()) {
            plan.target.clone()
        } else {
            target.clone()
        };
        let side = SidePaths::of(&target)?;
        let lock = Lock::acquire(&side.lock, events)?;
        // A build killed while moving its files in: finish it, before the folder is judged
        // by its marker, which the journal writes last (a first build killed there left a
        // folder without one).
        if fsx::exists(&side.journal) {
            replay(&target, &side, plan.state.as_deref())?;
        }

        match guard::kind(&target)? {
            Kind::Missing => {}
            Kind::Folder => {
                if !plan.force && !guard::has_marker(&target) && !fsx::is_empty_dir(&target)? {
                    return Err(WriteError::NotOurs { path: shown });
                }
            }
            Kind::Other => return Err(WriteError::NotAFolder { path: shown }),
        }
        for leftover in [&side.old, &side.new] {
            match guard::kind(leftover)? {
                Kind::Missing => {}
                Kind::Folder if plan.force || guard::has_marker(leftover) => {}
                Kind::Folder | Kind::Other => {
                    return Err(WriteError::InTheWay { path: leftover.clone(), target: shown });
                }
            }
        }
        // An older writer's swap, killed half-way.
        if fsx::exists(&side.old) {
            if fsx::exists(&target) {
                fsx::remove_dir_all(&side.old)?;
            } else {
                fsx::rename(&side.old, &target)?;
            }
        }
        // A build killed before its journal: its new files are of no use.
        if fsx::exists(&side.new) {
            fsx::remove_dir_all(&side.new)?;
        }
        let previous = plan
            .state
            .as_deref()
            .and_then(|state| trusted_manifest(&target, state).map(|m| as_left(m, &target, state)));
        let mut previous_by_unit: std::collections::HashMap<String, Vec<String>> = Default::default();
        for (path, entry) in previous.iter().flat_map(|m| &m.files) {
            previous_by_unit.entry(entry.unit.clone()).or_default().push(path.clone());
        }
        // The commit deletes what the target holds that this build did not make. Nothing
        // changes the target before the commit (another build waits for the lock), so its
        // files are listed now, beside the build: a walk of 6,000 files took 30–40 ms of a
        // one-guide edit's write stage. (A file put there by hand meanwhile stays until the
        // next build.)
        let listing = {
            let target = target.clone();
            std::thread::spawn(move || files_below(&target))
        };
        Ok(Writer {
            _stage: StageCleanup { new: side.new.clone(), journal: side.journal.clone() },
            target,
            side,
            state: plan.state.clone(),
            events,
            _lock: lock,
            previous,
            previous_by_unit,
            next: Mutex::new(Next::default()),
            staged: AtomicUsize::new(0),
            stage_ready: OnceLock::new(),
            listing,
        })
    }

    /// Whether the output holds a last build's files (not a build from nothing).
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// The key `unit` had in the last build, when the output holds its files.
    pub fn previous_key(&self, unit: &str) -> Option<String> {
        self.previous.as_ref().and_then(|m| m.units.get(unit)).cloned()
    }

    /// Whether the last build rendered `unit` with this key (so its files can be kept).
    pub fn unchanged(&self, unit: &str, key: &str) -> bool {
        self.previous.as_ref().is_some_and(|m| m.units.get(unit).is_some_and(|k| k == key))
    }

    /// Keeps the files `unit` made in the last build, as they are (each [claimed](Next::claim)
    /// as [`Writer::put`] claims a file it makes).
    pub fn keep(&self, unit: &str, key: &str) {
        let mut next = self.lock_next();
        next.manifest.units.insert(unit.to_owned(), key.to_owned());
        if let (Some(previous), Some(paths)) = (&self.previous, self.previous_by_unit.get(unit)) {
            for path in paths {
                if let Some(entry) = previous.files.get(path) {
                    next.claim(path, unit);
                    next.manifest.files.insert(path.clone(), entry.clone());
                }
            }
        }
    }

    /// Records that `unit` is rendered with `key` (its files follow with [`Writer::put`]).
    pub fn unit(&self, unit: &str, key: &str) {
        self.lock_next().manifest.units.insert(unit.to_owned(), key.to_owned());
    }

    /// One file of `unit`: written beside the target unless the output holds these bytes
    /// already. A failure is kept and returned by [`Writer::commit`].
    pub fn put(&self, unit: &str, path: String, bytes: &[u8]) {
        if let Some(why) = super::unusable_path(&path) {
            self.lock_next().error.get_or_insert(WriteError::BadPath { path, why });
            return;
        }
        let hash = hash_bytes(bytes);
        if self.put_held(unit, &path, &hash, bytes.len() as u64) {
            return;
        }
        let staged = self.stage(bytes);
        let mut next = self.lock_next();
        next.claim(&path, unit);
        match staged {
            Ok(n) => next.moves.push((n, path.clone())),
            Err(e) => {
                next.error.get_or_insert(e);
            }
        }
        next.manifest.files.insert(path, FileEntry { unit: unit.to_owned(), hash, len: bytes.len() as u64 });
    }

    /// Takes `path` as a file of `unit` when the output holds it already as the last build
    /// left it, with the bytes of hash `hash` ([`hash_bytes`]), `len` of them: what
    /// [`Writer::put`] does with those bytes, without them. False otherwise (nothing
    /// done: the bytes are to be [put](Writer::put)).
    pub fn put_held(&self, unit: &str, path: &str, hash: &str, len: u64) -> bool {
        let held =
            (self.previous.as_ref()).and_then(|m| m.files.get(path)).is_some_and(|f| f.hash == hash && f.len == len);
        if held {
            let mut next = self.lock_next();
            next.claim(path, unit);
            next.manifest
                .files
                .insert(path.to_owned(), FileEntry { unit: unit.to_owned(), hash: hash.to_owned(), len });
        }
        held
    }

    /// Whether a unit kept or put `path` in this build so far.
    pub fn has(&self, path: &str) -> bool {
        self.lock_next().manifest.files.contains_key(path)
    }

    fn stage(&self, bytes: &[u8]) -> Result<usize, WriteError> {
        let ready = self.stage_ready.get_or_init(|| {
            // The marker first, so that a killed build's folder is known as tebiki's.
            fsx::create_dir_all(&self.side.new)
                .and_then(|()| fsx::write(&self.side.new.join(MARKER), MARKER_TEXT.as_bytes()))
                .map_err(|e| e.to_string())
        });
        if let Err(message) = ready {
            return Err(WriteError::Stage { path: self.side.new.clone(), message: message.clone() });
        }
        let n = self.staged.fetch_add(1, Ordering::SeqCst);
        fsx::write(&self.side.new.join(n.to_string()), bytes)?;
        self.events.file_written(n + 1);
        Ok(n)
    }

    fn lock_next(&self) -> std::sync::MutexGuard<'_, Next> {
        self.next.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Step 3 of the module doc.
    pub fn commit(self) -> Result<WriteReport, WriteError> {
        let next = self.next.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(e) = next.error {
            return Err(e);
        }
        // Such a site could never be moved in place: refused before anything is.
        let files = &next.manifest.files;
        if let Some((file, inside)) =
            super::file_and_folder(files.keys().map(String::as_str), |p| files.contains_key(p))
        {
            return Err(WriteError::FileAndFolder { file, inside });
        }
        // Everything in the target that this build did not make goes, whether the last build
        // made it or it was put there by hand: the output holds the site and nothing else,
        // the same after an incremental build as after a clean one.
        let listed = self.listing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let deletions: Vec<String> =
            listed.into_iter().filter(|p| p != MARKER && !next.manifest.files.contains_key(p)).collect();
        let report = WriteReport {
            files: next.manifest.files.len(),
            pages: next.manifest.files.keys().filter(|p| p.ends_with(".html")).count(),
            bytes: next.manifest.bytes(),
            written: next.moves.len(),
            deleted: deletions.len(),
            manifest: next.manifest.id(),
        };
        let unchanged = self.previous.as_ref() == Some(&next.manifest) && fsx::exists(&self.target);
        if unchanged && next.moves.is_empty() && deletions.is_empty() {
            return Ok(report);
        }
        let id = report.manifest.clone();
        if let Some(state) = &self.state {
            fsx::write(&pending(state), next.manifest.to_text().as_bytes())?;
        }
        // Deletions first: a file that goes may stand where a new folder comes.
        let mut journal = format!("{JOURNAL_HEADER}\nmarker {id}\n");
        for path in &deletions {
            journal.push_str(&format!("del {path}\n"));
        }
        for (n, path) in &next.moves {
            journal.push_str(&format!("put {n} {path}\n"));
        }
        journal.push_str("end\n");
        // Written whole, then given its name: a journal is there complete or not at all.
        let draft = self.side.journal.with_extension("draft");
        fsx::write(&draft, journal.as_bytes())?;
        fsx::rename(&draft, &self.side.journal)?;
        replay(&self.target, &self.side, self.state.as_deref())?;
        Ok(report)
    }
}

/// The output folder of a plan, looked at with its lock held (until this is dropped, no
/// build changes it). Changes nothing.
pub struct Settled {
    _lock: Lock,
    target: PathBuf,
    side: SidePaths,
    state: Option<PathBuf>,
}

/// Takes the lock of `plan`'s output, to look at it as the last build left it ([`Settled`]).
pub fn settled(plan: &WritePlan, events: &dyn WriteEvents) -> Result<Settled, WriteError> {
    let target = guard::resolve(&plan.target)?;
    let side = SidePaths::of(&target)?;
    let lock = Lock::acquire(&side.lock, events)?;
    Ok(Settled { _lock: lock, target, side, state: plan.state.clone() })
}

impl Settled {
    /// The id of the last build's manifest when the folder is what it says, nothing of a
    /// killed build is left beside it, and it holds no file the manifest does not name;
    /// `None` otherwise.
    pub fn manifest(&self) -> Option<String> {
        let side = &self.side;
        if [&side.journal, &side.new, &side.old].into_iter().any(|p| fsx::exists(p)) {
            return None;
        }
        let state = self.state.as_deref()?;
        let m = trusted_manifest(&self.target, state)?;
        if as_left(m.clone(), &self.target, state) != m {
            return None;
        }
        let files = files_below(&self.target).ok()?;
        let files: BTreeSet<&String> = files.iter().filter(|p| *p != MARKER).collect();
        (files.len() == m.files.len() && m.files.keys().all(|p| files.contains(p))).then(|| m.id())
    }
}

/// The state file a commit writes first and a replay moves into place.
fn pending(state: &Path) -> PathBuf {
    state.with_extension("pending")
}

/// The manifest at `state`, if the target's marker names it.
fn trusted_manifest(target: &Path, state: &Path) -> Option<Manifest> {
    let manifest = Manifest::parse(&std::fs::read_to_string(state).ok()?)?;
    let marker = std::fs::read_to_string(target.join(MARKER)).ok()?;
    let named = marker.lines().find_map(|l| l.strip_prefix("manifest "))?;
    (named == manifest.id()).then_some(manifest)
}

/// The last build's manifest `m` less what the output no longer holds as that build left
/// it: a file that is gone, is no longer a file, has another length, or changed after the
/// manifest was written (`state`'s time; an edit by hand) is left out, and so is its
/// unit's key, so that the unit is made again and the file written back.
fn as_left(mut m: Manifest, target: &Path, state: &Path) -> Manifest {
    use rayon::prelude::*;
    let Ok(written) = std::fs::metadata(state).and_then(|s| s.modified()) else { return Manifest::default() };
    // Looked at on every core: a site of 1,000 guides has some 6,000 files.
    let gone: Vec<(String, String)> = m
        .files
        .par_iter()
        .filter(|(path, f)| {
            !std::fs::symlink_metadata(target.join(path))
                .is_ok_and(|md| md.is_file() && md.len() == f.len && md.modified().is_ok_and(|t| t <= written))
        })
        .map(|(path, f)| (path.clone(), f.unit.clone()))
        .collect();
    let mut changed = BTreeSet::new();
    for (path, unit) in gone {
        m.files.remove(&path);
        changed.insert(unit);
    }
    for unit in &changed {
        m.units.remove(unit);
    }
    m
}

/// Moves a staged file to its place in the output. An output folder on another file
/// system than the folder beside it (a mount point) takes a copy instead: written under a
/// temporary name next to its place, renamed there, then the staged file removed — so a
/// kill at any step leaves the staged file for the next replay or the file in place.
fn move_in(from: &Path, to: &Path) -> Result<(), FsError> {
    match std::fs::rename(from, to) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {
            let draft = fsx::aside(to, "copy");
            std::fs::copy(from, &draft).map_err(|e| FsError::new("copy", from, e))?;
            // The copy keeps the staged file's time, which is before the output's record
            // was written: a newer file is one edited by hand (see `as_left`), and every
            // build would write every file again.
            let staged =
                std::fs::metadata(from).and_then(|m| m.modified()).map_err(|e| FsError::new("read", from, e))?;
            std::fs::File::options()
                .write(true)
                .open(&draft)
                .and_then(|f| f.set_modified(staged))
                .map_err(|e| FsError::new("copy", &draft, e))?;
            fsx::rename(&draft, to)?;
            std::fs::remove_file(from).map_err(|e| FsError::new("remove", from, e))
        }
        Err(e) => Err(FsError::new("move", from, e)),
    }
}

/// Carries out the journal beside `target` (see the module doc, step 3). Each step can be
/// done again: a replay after a kill finishes what the first one started.
fn replay(target: &Path, side: &SidePaths, state: Option<&Path>) -> Result<(), WriteError> {
    let text = fsx::read_to_string(&side.journal)?;
    let mut lines = text.lines();
    let complete = lines.next() == Some(JOURNAL_HEADER) && text.ends_with("end\n");
    if !complete {
        // Never finished writing, so never started: the previous site is whole.
        std::fs::remove_file(&side.journal).map_err(|e| FsError::new("remove", &side.journal, e))?;
        return Ok(());
    }
    fsx::create_dir_all(target)?;
    let mut marker = None;
    let (mut dels, mut puts) = (Vec::new(), Vec::new());
    for line in lines {
        match line.split_once(' ') {
            Some(("marker", id)) => marker = Some(id.to_owned()),
            Some(("del", path)) => dels.push(path),
            Some(("put", rest)) => puts.extend(rest.split_once(' ')),
            _ => {}
        }
    }
    // Every path stays inside the output: a journal that says otherwise was not written
    // by a build (which never makes such a path) and is not carried out.
    let bad = dels.iter().chain(puts.iter().map(|(_, p)| p)).find(|p| super::unusable_path(p).is_some());
    if let Some(path) = bad {
        let why = super::unusable_path(path).unwrap_or_default();
        return Err(WriteError::BadPath { path: (*path).to_owned(), why });
    }
    let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
    for rel in dels {
        let path = target.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(FsError::new("remove", &path, e).into()),
        }
        emptied.extend(path.parent().map(Path::to_owned));
    }
    // Folders that deleting left empty go too (deepest first), never the target itself.
    for dir in emptied.iter().rev() {
        let mut dir = dir.as_path();
        while dir != target && dir.starts_with(target) && std::fs::remove_dir(dir).is_ok() {
            dir = match dir.parent() {
                Some(p) => p,
                None => break,
            };
        }
    }
    // The folders first, then the files moved in on every core, each move a file of its
    // own: a cold build of 5,000 guides moves about 28,000, and its write stage took
    // 385–518 ms against 578–679 ms one at a time.
    let folders: BTreeSet<PathBuf> =
        puts.iter().filter_map(|(_, rel)| target.join(rel).parent().map(Path::to_owned)).collect();
    folders.par_iter().try_for_each(|dir| fsx::create_dir_all(dir))?;
    puts.par_iter().try_for_each(|(n, rel)| {
        let from = side.new.join(n);
        match move_in(&from, &target.join(rel)) {
            // Moved by the replay that was killed.
            Err(_) if !fsx::exists(&from) => Ok(()),
            done => done,
        }
    })?;
    let marker_text = match &marker {
        Some(id) => format!("{MARKER_TEXT}manifest {id}\n"),
        None => MARKER_TEXT.to_owned(),
    };
    let marker_path = target.join(MARKER);
    let draft = target.join(format!("{MARKER}.draft"));
    fsx::write(&draft, marker_text.as_bytes())?;
    fsx::rename(&draft, &marker_path)?;
    if let Some(state) = state {
        if fsx::exists(&pending(state)) {
            fsx::rename(&pending(state), state)?;
        }
    }
    std::fs::remove_file(&side.journal).map_err(|e| FsError::new("remove", &side.journal, e))?;
    if fsx::exists(&side.new) {
        fsx::remove_dir_all(&side.new)?;
    }
    Ok(())
}

/// Every file below `dir` (relative, `/`-separated).
fn files_below(dir: &Path) -> Result<Vec<String>, WriteError> {
    let mut out = Vec::new();
    if !fsx::exists(dir) {
        return Ok(out);
    }
    let mut stack: Vec<(PathBuf, String)> = vec![(dir.to_owned(), String::new())];
    while let Some((path, rel)) = stack.pop() {
        for entry in fsx::read_dir(&path)? {
            let entry = entry.map_err(|e| FsError::new("list folder", &path, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            let ty = entry.file_type().map_err(|e| FsError::new("read the metadata of", &entry.path(), e))?;
            if ty.is_dir() {
                stack.push((entry.path(), rel));
            } else {
                out.push(rel);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
