//! Tests of the writer: staging, the journal and its replay, paths refused, moves across
//! file systems.

use super::*;
use crate::write::{NoEvents, WritePlan};

/// A build that keeps unit `a`'s files after unit `b` made one of them, or the other
/// way round, is refused: the site would have that file twice.
#[test]
fn a_kept_file_another_unit_makes_too_is_refused_whichever_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let plan = WritePlan { target: dir.path().join("out"), force: false, state: Some(dir.path().join("state")) };
    let first = Writer::begin(&plan, &NoEvents).unwrap();
    first.unit("a", "1");
    first.put("a", "x.js".into(), b"a's");
    first.unit("b", "1");
    first.put("b", "y.js".into(), b"b's");
    first.commit().unwrap();
    for keep_first in [false, true] {
        let next = Writer::begin(&plan, &NoEvents).unwrap();
        let put = || {
            next.unit("b", "2");
            next.put("b", "x.js".into(), b"b's too");
        };
        if keep_first {
            next.keep("a", "1");
            put();
        } else {
            put();
            next.keep("a", "1");
        }
        match next.commit() {
            Err(WriteError::Twice { path, first, second }) => {
                assert_eq!((path.as_str(), first.as_str(), second.as_str()), ("x.js", "a", "b"));
            }
            other => panic!("keep first: {keep_first}: {other:?}"),
        }
    }
    assert_eq!(std::fs::read(dir.path().join("out/x.js")).unwrap(), b"a's", "the output is as it was");
}

/// A path that would leave the output, or hold a line break (the journal keeps a path
/// a line), is refused before anything is written; a journal that names such a path
/// is not carried out.
#[test]
fn no_path_leaves_the_output_neither_from_a_unit_nor_from_a_journal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.txt"), "the user's").unwrap();
    let plan = WritePlan { target: dir.path().join("out"), force: false, state: Some(dir.path().join("state")) };
    let first = Writer::begin(&plan, &NoEvents).unwrap();
    first.unit("a", "1");
    first.put("a", "ok.js".into(), b"ok");
    first.commit().unwrap();
    for bad in ["x\ndel ../mine.txt", "../mine.txt", "/etc/x", "a//b", "a/./b", "x\r"] {
        let next = Writer::begin(&plan, &NoEvents).unwrap();
        next.unit("a", "2");
        next.put("a", bad.into(), b"hi");
        match next.commit() {
            Err(WriteError::BadPath { path, .. }) => assert_eq!(path, bad),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    let side = SidePaths::of(&plan.target).unwrap();
    std::fs::write(&side.journal, format!("{JOURNAL_HEADER}\nmarker x\ndel ../mine.txt\nend\n")).unwrap();
    assert!(matches!(Writer::begin(&plan, &NoEvents), Err(WriteError::BadPath { .. })));
    assert_eq!(std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(), "the user's");
    assert_eq!(std::fs::read(dir.path().join("out/ok.js")).unwrap(), b"ok", "the output is as it was");
}

/// A first build killed while moving its files in leaves a folder without the marker
/// (written last); the next build finishes the move instead of refusing the folder as
/// not its own.
#[test]
fn a_first_build_killed_while_moving_in_is_finished_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out");
    let side = SidePaths::of(&target).unwrap();
    std::fs::create_dir_all(&side.new).unwrap();
    std::fs::write(side.new.join("1"), "b").unwrap();
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(target.join("a.js"), "a").unwrap();
    std::fs::write(&side.journal, format!("{JOURNAL_HEADER}\nmarker x\nput 0 a.js\nput 1 b.js\nend\n")).unwrap();
    let plan = WritePlan { target: target.clone(), force: false, state: None };
    Writer::begin(&plan, &NoEvents).expect("the move is finished, not refused");
    assert_eq!(std::fs::read_to_string(target.join("b.js")).unwrap(), "b");
    assert!(guard::has_marker(&target) && !side.journal.exists() && !side.new.exists());
}

/// A staged file moves onto another file system (an output folder that is a mount
/// point) by a copy: its place gets it whole, and the staged file goes.
#[cfg(target_os = "linux")]
#[test]
fn a_file_moves_in_across_file_systems() {
    use std::os::unix::fs::MetadataExt;
    let here = tempfile::tempdir().unwrap();
    let there = tempfile::tempdir_in("/dev/shm").unwrap();
    let dev = |p: &Path| std::fs::metadata(p).unwrap().dev();
    assert_ne!(dev(here.path()), dev(there.path()), "/dev/shm and the temporary folder are two file systems");
    let (from, to) = (here.path().join("1"), there.path().join("page.html"));
    std::fs::write(&from, "page").unwrap();
    let staged = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options().write(true).open(&from).unwrap().set_modified(staged).unwrap();
    assert_eq!(std::fs::rename(&from, &to).unwrap_err().kind(), std::io::ErrorKind::CrossesDevices);
    move_in(&from, &to).unwrap();
    assert_eq!(std::fs::read_to_string(&to).unwrap(), "page");
    let moved = std::fs::metadata(&to).unwrap().modified().unwrap();
    assert_eq!(moved, staged, "the copy keeps the staged file's time (a newer one reads as edited by hand)");
    assert!(!from.exists());
    let left: Vec<_> = std::fs::read_dir(there.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, [std::ffi::OsString::from("page.html")], "no copy is left beside it");
}

/// A file the output holds as the last build left it is taken without its bytes; one
/// whose bytes differ, that was changed by hand, or that the last build did not make is
/// not, and must be put.
#[test]
fn a_file_held_as_the_last_build_left_it_is_taken_without_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = WritePlan { target: dir.path().join("out"), force: false, state: Some(dir.path().join("state")) };
    let first = Writer::begin(&plan, &NoEvents).unwrap();
    first.unit("s", "1");
    for (path, bytes) in [("a.js", &b"one"[..]), ("b.js", b"two"), ("c.js", b"three")] {
        first.put("s", path.into(), bytes);
    }
    first.commit().unwrap();
    // Changed by hand after the build: the length differs from the manifest's.
    std::fs::write(dir.path().join("out/c.js"), b"three!").unwrap();
    let next = Writer::begin(&plan, &NoEvents).unwrap();
    next.unit("s", "2");
    assert!(next.put_held("s", "a.js", &hash_bytes(b"one"), 3));
    assert!(!next.put_held("s", "b.js", &hash_bytes(b"TWO"), 3), "other bytes");
    assert!(!next.put_held("s", "c.js", &hash_bytes(b"three"), 5), "changed by hand");
    assert!(!next.put_held("s", "d.js", &hash_bytes(b"four"), 4), "not the last build's");
    assert!(next.has("a.js") && !next.has("b.js"));
    next.put("s", "b.js".into(), b"TWO");
    next.put("s", "c.js".into(), b"three");
    let report = next.commit().unwrap();
    assert_eq!((report.files, report.written, report.deleted), (3, 2, 0));
    let read = |p: &str| std::fs::read(dir.path().join("out").join(p)).unwrap();
    assert_eq!((read("a.js"), read("b.js"), read("c.js")), (b"one".to_vec(), b"TWO".to_vec(), b"three".to_vec()));
}
