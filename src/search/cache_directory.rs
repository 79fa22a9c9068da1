//! The directory the search cache's tantivy index is written through: tantivy's own
//! memory-mapped directory, without its calls that force each file to the disk.
//!
//! Tantivy makes every file it writes durable before it goes on (`fdatasync` on each
//! segment file, on each `meta.json` and `.managed.json` written aside, and on the
//! folder): an edit of one guide at 1,000 guides made 18 such calls, 33–37 ms of a
//! 300 ms build. The index is a cache: the build writes nothing else of the site that
//! way (its output is moved into place, not forced to the disk), a killed build leaves
//! the files as written (the page cache outlives the process), and an index the next
//! build cannot trust is made again — the cache's fingerprint is taken away before the
//! index changes and written back after, and a kept index is checked against its files'
//! checksums before it is used ([`super::index`]). Only losing the machine's power right
//! after a build could leave an index whose files did not all reach the disk; the build
//! state beside the output is in the same case, and so is the output itself.
//!
//! Reads, deletes, locks and watches are tantivy's; writes go through a writer whose
//! end is a flush, and an atomic write is a file written aside and renamed into place.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};

/// A folder of the search cache, as tantivy writes an index into it.
#[derive(Clone, Debug)]
pub struct CacheDirectory {
    mmap: MmapDirectory,
    root: PathBuf,
}

impl CacheDirectory {
    /// The existing folder `root`.
    pub fn open(root: &Path) -> Result<CacheDirectory, OpenDirectoryError> {
        Ok(CacheDirectory { mmap: MmapDirectory::open(root)?, root: root.to_owned() })
    }
}

/// A file being written: ended by a flush only.
struct CacheFile(File);

impl Write for CacheFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl TerminatingWrite for CacheFile {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()
    }
}

impl Directory for CacheDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.mmap.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.mmap.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.mmap.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new().write(true).create_new(true).open(self.root.join(path)).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                OpenWriteError::FileAlreadyExists(path.to_owned())
            } else {
                OpenWriteError::wrap_io_error(e, path.to_owned())
            }
        })?;
        Ok(BufWriter::new(Box::new(CacheFile(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.mmap.atomic_read(path)
    }

    /// One name aside per file: tantivy writes a file this way from one place at a time
    /// (`meta.json` from its segment updater, `.managed.json` under its own lock), and
    /// one build at a time writes the cache (its lock). A build killed before the rename
    /// leaves that one file, which the next write of the same file overwrites.
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let target = self.root.join(path);
        let aside = crate::fsx::aside(&target, "draft");
        let written = std::fs::write(&aside, data).and_then(|()| std::fs::rename(&aside, &target));
        if written.is_err() {
            let _ = std::fs::remove_file(&aside);
        }
        written
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.mmap.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.mmap.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_written_read_back_and_an_atomic_write_replaces_the_file_and_leaves_nothing_aside() {
        let dir = std::env::temp_dir().join(format!("tebiki-cache-directory-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let d = CacheDirectory::open(&dir).unwrap();
        let mut w = d.open_write(Path::new("a.idx")).unwrap();
        w.write_all(b"segment bytes").unwrap();
        w.terminate().unwrap();
        assert_eq!(d.open_read(Path::new("a.idx")).unwrap().read_bytes().unwrap().as_slice(), b"segment bytes");
        assert!(
            matches!(d.open_write(Path::new("a.idx")), Err(OpenWriteError::FileAlreadyExists(_))),
            "a file is written once"
        );
        d.atomic_write(Path::new("meta.json"), b"one").unwrap();
        d.atomic_write(Path::new("meta.json"), b"two").unwrap();
        assert_eq!(d.atomic_read(Path::new("meta.json")).unwrap(), b"two");
        let mut names: Vec<String> =
            std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["a.idx", "meta.json"]);
        d.delete(Path::new("a.idx")).unwrap();
        assert!(!d.exists(Path::new("a.idx")).unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
