//! Write: the rendered site → the output folder. The only writer.
//!
//! A build hands the writer its files unit by unit ([`Writer`], `writer.rs`): the files of
//! units that did not change stay as they are, the others are written beside the output
//! and moved into place together at the end, and the files no unit makes any more are
//! deleted. What the output holds is recorded in a [`Manifest`] (`manifest.rs`), kept in
//! the site's `.tebiki/` folder and named by the output's marker file. Around that,
//! `guard.rs`: the output's path with its links resolved, the lock two builds take turns
//! on, and the rule that only a folder tebiki wrote (it holds [`MARKER`]), an empty one,
//! or one given with `--force` is ever written into.
//!
//! [`write`] writes a whole site held in memory ([`Output`]) the same way (`tebiki pdf`
//! and tests use it).

mod guard;
mod manifest;
mod writer;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::FsError;

pub use guard::{Lock, resolve};
pub use manifest::{Manifest, hash_of_blake3};
pub use writer::{Settled, WriteReport, Writer, settled};

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
    #[error("cannot prepare {}: {message}", path.display())]
    Stage { path: PathBuf, message: String },
    #[error(
        "the site would have a file {file} and, in a folder of the same name, {inside}: a static file, theme file, \
         image or alias is named like a folder of the site (or the other way round); rename one of them"
    )]
    FileAndFolder { file: String, inside: String },
    #[error(
        "the site would have {path} twice, from `{first}` and from `{second}`: a theme or static file is named like \
         a file the build makes; rename it"
    )]
    Twice { path: String, first: String, second: String },
    #[error(
        "the site would have a file {path:?}, which is not a usable path in the output ({why}); rename the file it comes from"
    )]
    BadPath { path: String, why: &'static str },
    #[error(transparent)]
    Fs(#[from] FsError),
}

/// Why `path` cannot be a file of the output, if it cannot: a path relative to the output
/// folder, of names that are neither empty, `.` nor `..`, without a control character
/// (the journal and the manifest keep a path a line, and a line break would be read as
/// another entry of them).
pub fn unusable_path(path: &str) -> Option<&'static str> {
    if path.chars().any(char::is_control) {
        Some("it holds a control character, such as a line break")
    } else if !crate::config::stays_inside(path) {
        Some("it leaves the output folder: it is absolute, or has an empty, `.` or `..` name in it")
    } else {
        None
    }
}

impl ToDiagnostic for WriteError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            WriteError::NotOurs { path }
            | WriteError::NotAFolder { path }
            | WriteError::BadTarget { path }
            | WriteError::InTheWay { path, .. }
            | WriteError::DanglingLink { path, .. }
            | WriteError::Stage { path, .. } => Diagnostic::of_chain(Code::Output, self).in_file(path),
            WriteError::FileAndFolder { .. } | WriteError::Twice { .. } | WriteError::BadPath { .. } => {
                Diagnostic::of_chain(Code::Output, self)
            }
            WriteError::Fs(e) => e.diagnostic(),
        }
    }
}

/// A file of `paths` that stands where another needs a folder: `(file, inside)`, where
/// `inside` is below `file/`. `is_file` tells whether a path is one of `paths`.
pub fn file_and_folder<'p>(
    paths: impl Iterator<Item = &'p str>,
    is_file: impl Fn(&str) -> bool,
) -> Option<(String, String)> {
    paths.into_iter().find_map(|path| {
        path.match_indices('/')
            .map(|(i, _)| &path[..i])
            .find(|folder| is_file(folder))
            .map(|f| (f.to_owned(), path.to_owned()))
    })
}

/// How to write: where, whether a folder without the marker may be replaced, and where
/// the output's manifest is kept between builds (`None`: nothing is kept, every build
/// writes every file).
#[derive(Debug, Clone)]
pub struct WritePlan {
    pub target: PathBuf,
    pub force: bool,
    pub state: Option<PathBuf>,
}

/// What the writer tells its caller. Every method has a silent default.
pub trait WriteEvents: Sync {
    /// Another build holds `lock`; this one waits until it is done.
    fn waiting(&self, _lock: &Path) {}
    /// `n` files of the site are written (beside the output, until they move in).
    fn file_written(&self, _n: usize) {}
}

/// Events that go nowhere.
pub struct NoEvents;
impl WriteEvents for NoEvents {}

/// Writes `output` to the plan's target, replacing what was there.
pub fn write(output: &Output, plan: &WritePlan) -> Result<WriteReport, WriteError> {
    write_with(output, plan, &NoEvents)
}

/// [`write`], telling `events` about waiting for the lock and about each file written.
pub fn write_with(output: &Output, plan: &WritePlan, events: &dyn WriteEvents) -> Result<WriteReport, WriteError> {
    let writer = Writer::begin(plan, events)?;
    writer.unit(WHOLE, "");
    for (path, bytes) in &output.files {
        writer.put(WHOLE, path.clone(), bytes);
    }
    writer.commit()
}

/// The one unit of a site written whole from memory.
const WHOLE: &str = "site";
