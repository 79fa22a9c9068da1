//! Build script: gives the crate `TEBIKI_SOURCE_ID`, a fingerprint of its sources (`src/`,
//! `themes/default/`), so that an incremental build made by one tebiki is never reused by
//! a tebiki whose code or built-in theme differs, even under the same version number.
//! Reads files only; fetches nothing.

use std::path::Path;

fn main() {
    let mut files = Vec::new();
    for dir in ["src", "themes/default"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(Path::new(dir), &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits, over each file's path and bytes.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &files {
        eat(file.to_string_lossy().as_bytes());
        eat(&std::fs::read(file).unwrap_or_default());
    }
    println!("cargo:rustc-env=TEBIKI_SOURCE_ID={h:016x}");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
