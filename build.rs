//! Build script: gives the crate `TEBIKI_SOURCE_ID`, a fingerprint of its sources (`src/`,
//! `themes/default/`), so that an incremental build made by one tebiki is never reused by
//! a tebiki whose code or built-in theme differs, even under the same version number; and
//! decompresses the Japanese dictionary (`src/search/dict/*.zst`, kept compressed in the
//! repository) into `OUT_DIR`, where `src/search/dict.rs` embeds it as it is, so that no
//! run of tebiki spends time decompressing it. Reads files only; fetches nothing.

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
    dictionary();
}

/// `src/search/dict/ja.tsv.zst` and `ja.order.zst`, decompressed into `OUT_DIR` as
/// `ja.tsv` and `ja.order`.
fn dictionary() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["ja.tsv", "ja.order"] {
        let from = Path::new("src/search/dict").join(format!("{name}.zst"));
        println!("cargo:rerun-if-changed={}", from.display());
        let packed = std::fs::read(&from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        let bytes = zstd::decode_all(&packed[..]).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        let to = out.join(name);
        // Written only when it differs, so that the crate is not compiled again for nothing.
        if std::fs::read(&to).ok().as_deref() != Some(&bytes[..]) {
            std::fs::write(&to, &bytes).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
        }
    }
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
