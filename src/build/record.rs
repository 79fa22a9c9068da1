//! The record of a build: what the output folder was last built from, so that a build
//! that would change nothing stops before it loads the site (`tebiki build` run twice).
//!
//! 1. [`Inputs::compute`] hashes, before anything is loaded, everything a build reads from
//!    the site: `tebiki.toml`, and every file below `content/`, `themes/` and `static/`
//!    (its path and the BLAKE3 hash of its bytes: a file rewritten with the same size and
//!    time is seen), with the tool's version and the fingerprint of its code. The hashes of
//!    the files below `content/` go on to the load ([`Inputs::take_sources`]), which then
//!    reads only the sources whose guides the last build did not keep.
//! 2. After a build, [`save`] records those inputs beside the output's manifest in
//!    `ROOT/.tebiki/build/` (`<id>.inputs`), with the images the guides showed (they may
//!    sit anywhere in the site) and the hash of each as it was read, the manifest the
//!    build left, its summary and its diagnostics.
//! 3. The next build asks [`up_to_date`] first, with the output's lock held: the record
//!    holds when the inputs are the same, every recorded image still has its bytes, and
//!    the output folder is what that build left (its marker names the recorded manifest,
//!    it holds no other file, nothing of a killed build lies beside it). Then the build is
//!    done: it prints the recorded diagnostics and summary again. Otherwise the record is
//!    removed before the build changes anything, and written again once it is done.
//!
//! The inputs are hashed before the site is read, so a file that changes while a build
//! runs makes the record stale, never wrong. A site dated by its git history
//! (`dates = "git"`) reads more than its files: its record never holds.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{BuildError, BuildEvents, BuildPlan, BuildReport, WriteRelay, state_file, write_plan};
use crate::config::DateSource;
use crate::fingerprint::{Fingerprint, hex};
use crate::fsx;
use crate::project::Project;
use crate::write::{self, WriteError};

/// The folders below the site root whose every file a build may read.
const INPUT_DIRS: &[&str] = &["content", "themes", crate::media::STATIC_DIR];

/// What a build reads from a site, hashed (see the module doc), and the hash of each
/// guide source's bytes, which the load that follows takes instead of reading the sources
/// whose guides it keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs(String, crate::load::Hashes);

impl Inputs {
    /// The inputs of the site at `root` as they are now. A file or folder that cannot be
    /// read goes in as its error, so it never matches inputs taken when it could.
    pub fn compute(root: &Path) -> Inputs {
        let mut h = Fingerprint::new();
        h.part(format!("tebiki {} inputs 2", crate::fingerprint::TOOL));
        let mut sources = crate::load::Hashes::new();
        let canonical_root = std::fs::canonicalize(root).ok();
        // Where a symbolic link leads is an input too: a link led out of the site (an
        // error) and one inside it read the same bytes, but are not the same site.
        // With it, whether it stays in the site.
        let lead = |e: &walkdir::DirEntry| -> Option<(String, bool)> {
            if !e.path_is_symlink() {
                return None;
            }
            let real = std::fs::canonicalize(e.path()).ok()?;
            Some(match canonical_root.as_ref().and_then(|r| real.strip_prefix(r).ok()) {
                Some(inside) => (inside.display().to_string(), true),
                None => (format!("out of the site: {}", real.display()), false),
            })
        };
        h.part(file_part(&root.join(crate::config::FILE_NAME)));
        for dir in INPUT_DIRS {
            let base = root.join(dir);
            h.part(dir);
            // Walked as the build reads it: links are not followed into folders but for a
            // language or theme folder (`fsx::walk_as_read`), so a link to `/` further down
            // is not walked; a link to a file is hashed as the file when it stays in the site.
            let entries: Vec<Result<Entry, String>> = fsx::walk_as_read(&base, *dir != crate::media::STATIC_DIR)
                .into_iter()
                .map(|e| {
                    e.map(|e| {
                        let (lead, read) = match lead(&e) {
                            Some((to, inside)) => (Some(to), inside && fsx::is_regular_file(e.path())),
                            None => (None, e.file_type().is_file()),
                        };
                        (e.path().to_owned(), read, lead)
                    })
                    .map_err(|e| {
                        // What went wrong and where below the folder, never how the root
                        // was spelled (`.` or `/abs/site`): the inputs are the same.
                        let at = e.path().map(|p| p.strip_prefix(&base).unwrap_or(p).to_string_lossy().into_owned());
                        let kind =
                            e.io_error().map_or_else(|| "a loop of links".to_owned(), |io| io.kind().to_string());
                        format!("{} {kind}", at.unwrap_or_default())
                    })
                })
                .collect();
            // Files are read and hashed on every core, then taken in walk order.
            let parts: Vec<(Vec<u8>, Option<[u8; 32]>)> = entries
                .par_iter()
                .map(|entry| match entry {
                    Ok((path, is_file, lead)) => {
                        let mut part = path.strip_prefix(&base).unwrap_or(path).as_os_str().as_encoded_bytes().to_vec();
                        part.push(0);
                        if let Some(lead) = lead {
                            part.extend(format!("-> {lead}").into_bytes());
                            part.push(0);
                        }
                        let mut hash = None;
                        if *is_file {
                            let read = file_hash(path);
                            part.extend(hash_part(&read));
                            hash = read.ok();
                        }
                        (part, hash)
                    }
                    Err(e) => (format!("walk: {e}").into_bytes(), None),
                })
                .collect();
            for (entry, (part, hash)) in entries.iter().zip(parts) {
                h.part(&part);
                // A guide source's hash is kept for the load.
                if *dir == "content" {
                    if let (Ok((path, ..)), Some(hash)) = (entry, hash) {
                        sources.insert(path.clone(), hash);
                    }
                }
            }
        }
        Inputs(h.hex(), sources)
    }

    /// The hash of each file's bytes below `content/` (by its path as walked from the
    /// root), taken out: for the load (`Project::load_for_build_hashed`).
    pub fn take_sources(&mut self) -> crate::load::Hashes {
        std::mem::take(&mut self.1)
    }
}

/// An entry of an input folder: its path, whether its bytes are an input (a regular file,
/// or a link to one in the site), where it leads when it is a symbolic link.
type Entry = (PathBuf, bool, Option<String>);

/// A file as an input: the BLAKE3 hash of its bytes (read a buffer at a time: a large
/// download in `static/` is never held whole; on 64 KiB buffers BLAKE3 hashes several
/// lanes at once, in about a third of SHA-256's time here), or its error. Only a regular file is
/// opened: a pipe or a device (`tebiki.toml` linked to `/dev/zero`) goes in as its kind.
fn file_part(path: &Path) -> Vec<u8> {
    hash_part(&file_hash(path))
}

/// What [`file_hash`] gave, as the part of the inputs it is: the hash, or what stood in its way.
fn hash_part(read: &Result<[u8; 32], Vec<u8>>) -> Vec<u8> {
    read.as_ref().map_or_else(Clone::clone, |h| h.to_vec())
}

/// [`file_part`]: the hash of the file's bytes, or what stood in its way.
fn file_hash(path: &Path) -> Result<[u8; 32], Vec<u8>> {
    use std::io::Read;
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => return Err(format!("not a file: {:?}", m.file_type()).into_bytes()),
        Err(e) => return Err(format!("read: {}", e.kind()).into_bytes()),
        Ok(_) => {}
    }
    let hashed = std::fs::File::open(path).and_then(|mut f| {
        let mut h = blake3::Hasher::new();
        let mut buf = vec![0; 1 << 16];
        loop {
            match f.read(&mut buf)? {
                0 => return Ok(*h.finalize().as_bytes()),
                n => {
                    h.update(&buf[..n]);
                }
            }
        }
    });
    hashed.map_err(|e| format!("read: {}", e.kind()).into_bytes())
}

/// What the last build of an output folder was made from and what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    inputs: String,
    /// Images the guides showed: path from the site root, the hash of the bytes read (as
    /// [`file_part`] hashes a file: an image is checked by reading it again); and
    /// images they could not show, with what reading them gave ([`file_part`]).
    images: Vec<(PathBuf, String)>,
    git_dates: bool,
    /// The manifest the build left in the output.
    manifest: String,
    pub guides: usize,
    /// Guide files left out for their errors.
    pub left_out: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    /// The build's diagnostics, as it printed them.
    pub diagnostics: Vec<String>,
}

impl Record {
    /// The summary line of a build that found the output up to date.
    pub fn summary(&self, out: &Path, elapsed: std::time::Duration) -> String {
        format!(
            "{} is up to date: {}, {} pages, {} bytes, {} ms",
            out.display(),
            super::guides(self.guides, self.left_out),
            self.pages,
            self.bytes,
            elapsed.as_millis()
        )
    }
}

/// Where the record of the output folder `out` is kept: beside its manifest.
fn record_path(root: &Path, out: &Path) -> PathBuf {
    state_file(root, out).with_extension("inputs")
}

/// The record of the last build into `plan.out`, when it holds for `inputs` (see the
/// module doc); else `None`, and the record is gone. Waits for a build that holds the
/// output folder.
pub fn up_to_date(
    root: &Path,
    plan: &BuildPlan,
    inputs: &Inputs,
    events: &dyn BuildEvents,
) -> Result<Option<Record>, BuildError> {
    let settled = write::settled(&write_plan(root, plan), &WriteRelay(events))?;
    let path = record_path(root, &plan.out);
    // The cheap checks first: the output is walked, and the images read, only when the
    // inputs match.
    let record = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
        .filter(|r| r.inputs == inputs.0 && !r.git_dates)
        .filter(|r| settled.manifest().as_ref() == Some(&r.manifest))
        .filter(|r| r.images.iter().all(|(image, hash)| hex(&file_part(&root.join(image))) == *hash));
    if record.is_none() {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(WriteError::from(fsx::FsError::new("remove", &path, e)).into());
            }
            _ => {}
        }
    }
    Ok(record)
}

/// Records that the build `report` of `project` into `plan.out` was made from `inputs`.
pub fn save(project: &Project, plan: &BuildPlan, inputs: &Inputs, report: &BuildReport) -> Result<(), BuildError> {
    let media = &project.site.media;
    let record = Record {
        inputs: inputs.0.clone(),
        images: (media.images.iter().map(|(path, image)| (path.clone(), hex(blake3::hash(&image.bytes).as_bytes()))))
            // An image that could not be read is recorded as what reading it gave (its
            // error, or the bytes that are no image): once it is there, or fixed, the
            // output is no longer up to date.
            .chain(media.unread.iter().map(|path| (path.clone(), hex(&file_part(&project.root.join(path))))))
            .collect(),
        git_dates: project.config().dates == DateSource::Git,
        manifest: report.manifest.clone(),
        guides: report.guides,
        left_out: report.left_out,
        pages: report.pages,
        files: report.files,
        bytes: report.bytes,
        diagnostics: report.diagnostics.iter().map(ToString::to_string).collect(),
    };
    let path = record_path(&project.root, &plan.out);
    let json = serde_json::to_vec(&record).expect("a record serializes");
    let draft = path.with_extension("inputs-new");
    fsx::write(&draft, &json).map_err(WriteError::from)?;
    fsx::rename(&draft, &path).map_err(WriteError::from)?;
    Ok(())
}
