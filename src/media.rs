//! Media: the files a site shows besides its pages, read once when the project loads.
//!
//! 1. **Images.** Each `![alt](path)` of each guide is resolved against the guide's source
//!    file ([`references::resolve_path`]); each file is read once however many guides
//!    show it. Its type comes from its first bytes (PNG, JPEG, GIF, WebP) or, for SVG,
//!    its name and root element; its width and height from its header (`imagesize`) or
//!    the SVG's `width` / `height` / `viewBox`. It is copied to the output under a
//!    content-addressed name, `assets/media/<stem>.<hash>.<ext>`, so that the same bytes
//!    give the same name on every build and a changed file a new one. A missing,
//!    unreadable or unknown file, or one outside the site, is an error at the image's
//!    file:line ([`GuideLinks::references`](crate::link::GuideLinks::references)); an
//!    image without alt text a warning. The page then shows the alt text.
//! 2. **Static files.** `ROOT/static/` is read whole, in sorted order; its files are
//!    copied to the output's root as they are ([`Media::add_statics`] refuses one that
//!    would replace a generated file).
//! 3. **Logo and favicon.** `logo` and `favicon` in `tebiki.toml` name files of
//!    `static/`; the logo's size is read like an image's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, ToDiagnostic};
use crate::fsx::{self, FsError};
use crate::link::Site;
use crate::model::Inline;
use crate::references;

/// The site's folder of files copied to the output's root as they are.
pub const STATIC_DIR: &str = "static";
/// Where images are copied in the output.
pub const MEDIA_DIR: &str = "assets/media";

/// A file of `static/`.
#[derive(Debug, Clone, PartialEq)]
pub struct StaticFile {
    /// Its path from the site's root (`static/…`), for messages.
    pub source: PathBuf,
    /// Where it is read from.
    pub file: PathBuf,
    /// The BLAKE3 hash of its bytes, in hex.
    pub hash: String,
}

/// The BLAKE3 hash of the file at `path`, read a buffer at a time.
fn hash_file(path: &Path) -> Result<String, FsError> {
    let hash = std::fs::File::open(path).and_then(|f| {
        let mut h = blake3::Hasher::new();
        h.update_reader(f)?;
        Ok(h.finalize().to_hex().to_string())
    });
    hash.map_err(|e| FsError::new("read", path, e))
}

/// The images and static files of a site.
#[derive(Debug, Clone, Default)]
pub struct Media {
    /// Every image some guide shows, by its path from the site's root.
    pub images: BTreeMap<PathBuf, Image>,
    /// Images some guide shows that could not be read (missing, not an image): a later
    /// build must look at them again, since they may be there by then.
    pub unread: std::collections::BTreeSet<PathBuf>,
    /// Files of `static/`, by output path: known by their hash, read only when written
    /// (a site's large downloads are never held in memory all at once).
    pub statics: BTreeMap<String, StaticFile>,
    /// The logo named in `tebiki.toml`, from `static/`.
    pub logo: Option<Logo>,
    /// The favicon named in `tebiki.toml`: its output path.
    pub favicon: Option<String>,
}

/// An image file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Its path in the output (`assets/media/chart.3f2a9c1b5d7e0a41.png`).
    pub output: String,
    /// In CSS pixels, when the file says (an SVG may not).
    pub size: Option<(u32, u32)>,
    pub bytes: Vec<u8>,
}

/// The site's logo: its path in the output and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub path: String,
    pub size: Option<(u32, u32)>,
}

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error(transparent)]
    Fs(#[from] FsError),
    #[error("{}: cannot list folder: {source}", path.display())]
    Walk { path: PathBuf, source: walkdir::Error },
    #[error("{}: `{file}` is not a usable file name in the output ({why})", path.display())]
    BadName { path: PathBuf, file: String, why: &'static str },
    #[error("{}: `{key} = \"{value}\"` names no file of static/", path.display())]
    NotInStatic { path: PathBuf, key: &'static str, value: String },
    #[error(
        "{} is a symbolic link that leads out of the site's folder (to {}); a site publishes only its own files: copy the file into static/ instead",
        path.display(), to.display()
    )]
    OutOfSite { path: PathBuf, to: PathBuf },
}

impl ToDiagnostic for MediaError {
    fn diagnostic(&self) -> Diagnostic {
        match self {
            MediaError::Fs(e) => e.diagnostic(),
            MediaError::Walk { path, .. } | MediaError::BadName { path, .. } | MediaError::OutOfSite { path, .. } => {
                Diagnostic::of_chain(Code::Content, self).in_file(path)
            }
            MediaError::NotInStatic { path, key, value } => {
                Diagnostic::error(Code::Config, format!("`{key} = \"{value}\"` names no file of static/")).in_file(path)
            }
        }
    }
}

/// A static file or image that would take the place of a file the build makes.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", file.display(), self.message())]
pub struct Collision {
    /// The file to rename: a static file, or the source that asked for the page.
    pub file: PathBuf,
    /// What it is (`static file`, `alias `old``).
    pub what: String,
    /// The output path both would have.
    pub path: String,
    pub why: Option<&'static str>,
    /// When another alias asks for the same page: it (`alias `old` of ja/a
    /// (content/ja/a.md)`), rather than a file the build makes.
    pub taken_by: Option<String>,
}

impl Collision {
    fn message(&self) -> String {
        match &self.taken_by {
            Some(other) => {
                format!("{} would take {}, which {other} takes too; rename one of them", self.what, self.path)
            }
            None => {
                let why = self.why.map(|w| format!(" ({w})")).unwrap_or_default();
                format!("{} would replace {}, which the build makes{why}; rename one of them", self.what, self.path)
            }
        }
    }
}

impl ToDiagnostic for Collision {
    fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(Code::Output, self.message()).in_file(&self.file)
    }
}

/// Reads the images the site's guides show, its static files, logo and favicon, into
/// [`Site::media`], and records each guide's images and their problems in its links.
pub fn load(root: &Path, site: &mut Site) -> Result<(), MediaError> {
    let canonical_root = std::fs::canonicalize(root).ok();
    let mut media = Media::default();
    // 1. Images, each file read once.
    let mut read: BTreeMap<PathBuf, Result<(), String>> = BTreeMap::new();
    for ls in &site.languages {
        for guide in &ls.guides {
            let mut found = BTreeMap::new();
            let mut problems = Vec::new();
            guide.doc.for_each_inline(&mut |inline| {
                let Inline::Image { src, alt, line } = inline else { return };
                let at = |d: Diagnostic| d.in_file(&guide.source_path).at_line(line.0.max(1));
                if alt.trim().is_empty() {
                    problems.push(at(Diagnostic::warning(
                        Code::Media,
                        format!("image `{src}` has no alt text; say in a few words what it shows"),
                    )));
                }
                let file = match references::resolve_path(&guide.source_path, src) {
                    Ok(file) => file,
                    Err(why) => {
                        problems.push(at(Diagnostic::error(Code::Media, format!("image `{src}` {why}"))));
                        return;
                    }
                };
                let result =
                    read.entry(file.clone()).or_insert_with(|| match read_image(root, &file, &canonical_root) {
                        Ok(image) => {
                            media.images.insert(file.clone(), image);
                            Ok(())
                        }
                        Err(why) => {
                            media.unread.insert(file.clone());
                            Err(why)
                        }
                    });
                match result {
                    Ok(()) => {
                        found.insert(src.clone(), file);
                    }
                    Err(why) => problems.push(at(Diagnostic::error(Code::Media, format!("image `{src}`: {why}")))),
                }
            });
            let links = site.links.get_mut(&(guide.lang.clone(), guide.slug.clone())).expect("every guide has links");
            links.images = found;
            links.references.extend(problems);
            links.references.sort();
        }
    }
    // 2. Static files.
    let dir = root.join(STATIC_DIR);
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|source| MediaError::Walk { path: dir.clone(), source })?;
            let rel = entry.path().strip_prefix(&dir).expect("walk stays below its folder");
            let source = Path::new(STATIC_DIR).join(rel);
            // A symbolic link (static/ itself, a folder or a file in it) may lead out of the
            // site: such a file would publish a file of the machine that builds the site.
            if entry.path_is_symlink() || entry.depth() == 0 {
                if let Some(real) = fsx::leads_out(canonical_root.as_deref(), entry.path()) {
                    return Err(MediaError::OutOfSite { path: source, to: real });
                }
            }
            if !entry.path().is_file() {
                continue;
            }
            let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
            let Some(parts) = parts else {
                let file = rel.to_string_lossy().into_owned();
                return Err(MediaError::BadName { path: source, file, why: "it is not UTF-8" });
            };
            if parts.iter().any(|p| p.chars().any(char::is_control)) {
                let file = rel.to_string_lossy().escape_debug().to_string();
                let why = "it holds a control character, such as a line break";
                return Err(MediaError::BadName {
                    path: source.to_string_lossy().escape_debug().to_string().into(),
                    file,
                    why,
                });
            }
            let hash = hash_file(entry.path())?;
            media.statics.insert(parts.join("/"), StaticFile { source, file: entry.path().to_path_buf(), hash });
        }
    }
    // 3. Logo and favicon.
    let config_file = root.join(crate::config::FILE_NAME);
    let in_static = |key: &'static str, value: &String| {
        if media.statics.contains_key(value) {
            Ok(value.clone())
        } else {
            Err(MediaError::NotInStatic { path: config_file.clone(), key, value: value.clone() })
        }
    };
    let logo = site.config.logo.as_ref().map(|v| in_static("logo", v)).transpose()?;
    let favicon = site.config.favicon.as_ref().map(|v| in_static("favicon", v)).transpose()?;
    media.logo = match logo {
        Some(path) => {
            let bytes = fsx::read(&media.statics[&path].file)?;
            let size = image_kind(&path, &bytes).ok().and_then(|kind| image_size(kind, &bytes));
            Some(Logo { path, size })
        }
        None => None,
    };
    media.favicon = favicon;
    site.media = media;
    Ok(())
}

impl Media {
    /// Adds the static files to the output, last: a file that would replace one the build
    /// made (or will make: the search index's folder when `search` is on, and the output
    /// folder's marker) is refused.
    pub fn add_statics(
        &self,
        taken: &dyn Fn(&str) -> bool,
        search: bool,
        out: &mut dyn FnMut(&str, &StaticFile),
    ) -> Result<(), Collision> {
        for (path, file) in &self.statics {
            let source = &file.source;
            // The reason that holds whatever this build made so far first: the search
            // files are made already when the index was kept from the last build.
            let why = if path == crate::write::MARKER {
                Some(Some("the mark of a folder tebiki writes"))
            } else if search && path.starts_with(&format!("{}/", crate::paths::SEARCH_DIR)) {
                Some(Some("the search index's folder"))
            } else if taken(path) {
                Some(None)
            } else {
                None
            };
            if let Some(why) = why {
                return Err(Collision {
                    file: source.clone(),
                    what: "this static file".into(),
                    path: path.clone(),
                    why,
                    taken_by: None,
                });
            }
            out(path, file);
        }
        Ok(())
    }
}

/// Whether a file's name says it is an image a page may show (by its extension, in any
/// letter case): such files sit beside the guides that show them.
pub fn is_image_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["png", "jpg", "jpeg", "gif", "webp", "svg"].iter().any(|known| e.eq_ignore_ascii_case(known)))
}

/// The kinds of image a page may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Gif,
    Webp,
    Svg,
}

impl ImageKind {
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
            ImageKind::Svg => "svg",
        }
    }
}

/// Reads one image: its kind, size and output name. `Err` says why it cannot be shown.
fn read_image(root: &Path, file: &Path, canonical_root: &Option<PathBuf>) -> Result<Image, String> {
    let path = root.join(file);
    let shown = file.display();
    // A symbolic link may lead out of the site although the path does not: never opened.
    if fsx::leads_out(canonical_root.as_deref(), &path).is_some() {
        return Err(format!("{shown} leads out of the site's folder"));
    }
    // Nor is a pipe or a device, which could block the build or never end.
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => return Err(format!("{shown} is a folder, not an image")),
        Ok(m) if !m.is_file() => return Err(format!("{shown} is not a regular file")),
        _ => {}
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(format!("no such file {shown}")),
        Err(e) => return Err(format!("cannot read {shown}: {e}")),
    };
    let kind = image_kind(&file.to_string_lossy(), &bytes).map_err(|e| format!("{shown} {e}"))?;
    let size = image_size(kind, &bytes);
    if size.is_none() && kind != ImageKind::Svg {
        return Err(format!("{shown} is damaged: its size cannot be read"));
    }
    Ok(Image { output: output_name(file, kind, &bytes), size, bytes })
}

/// The image's kind, from its first bytes, or for SVG from its name and content.
pub fn image_kind(name: &str, bytes: &[u8]) -> Result<ImageKind, &'static str> {
    if name.to_ascii_lowercase().ends_with(".svg") {
        return if svg_root(bytes).is_some() {
            Ok(ImageKind::Svg)
        } else {
            Err("is named .svg but holds no <svg> element")
        };
    }
    match imagesize::image_type(bytes) {
        Ok(imagesize::ImageType::Png) => Ok(ImageKind::Png),
        Ok(imagesize::ImageType::Jpeg) => Ok(ImageKind::Jpeg),
        Ok(imagesize::ImageType::Gif) => Ok(ImageKind::Gif),
        Ok(imagesize::ImageType::Webp) => Ok(ImageKind::Webp),
        _ => Err("is not a PNG, JPEG, GIF, WebP or SVG image"),
    }
}

/// Width and height in CSS pixels, read from the header (or the SVG's root element).
pub fn image_size(kind: ImageKind, bytes: &[u8]) -> Option<(u32, u32)> {
    if kind == ImageKind::Svg {
        return svg_root(bytes).and_then(|svg| svg.size());
    }
    let size = imagesize::blob_size(bytes).ok()?;
    Some((u32::try_from(size.width).ok()?, u32::try_from(size.height).ok()?))
}

/// `assets/media/<stem>.<first 16 hex digits of the SHA-256>.<ext>`: the stem keeps the
/// name readable, the hash makes it change with the bytes and only then.
fn output_name(file: &Path, kind: ImageKind, bytes: &[u8]) -> String {
    let stem = file.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let mut clean = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            clean.push(c.to_ascii_lowercase());
        } else if !clean.ends_with('-') && !clean.is_empty() {
            clean.push('-');
        }
        if clean.len() >= 40 {
            break;
        }
    }
    let clean = clean.trim_end_matches('-');
    let stem = if clean.is_empty() { "image" } else { clean };
    let hash: String = Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{MEDIA_DIR}/{stem}.{hash}.{}", kind.extension())
}

/// The attributes of an SVG's root element that give its size.
struct SvgRoot {
    width: Option<String>,
    height: Option<String>,
    view_box: Option<String>,
}

fn svg_root(bytes: &[u8]) -> Option<SvgRoot> {
    for token in html5gum::Tokenizer::new(bytes).flatten() {
        if let html5gum::Token::StartTag(tag) = token {
            if !tag.name.eq_ignore_ascii_case(b"svg") {
                continue;
            }
            let attr = |name: &[u8]| {
                tag.attributes
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
            };
            return Some(SvgRoot { width: attr(b"width"), height: attr(b"height"), view_box: attr(b"viewbox") });
        }
    }
    None
}

impl SvgRoot {
    /// `width` and `height` when both are plain or `px` lengths, else the `viewBox`'s.
    fn size(&self) -> Option<(u32, u32)> {
        let px = |v: &Option<String>| {
            let v = v.as_deref()?.trim();
            let n: f64 = v.strip_suffix("px").unwrap_or(v).trim().parse().ok()?;
            (n.is_finite() && n > 0.0 && n < 1e6).then(|| n.round().max(1.0) as u32)
        };
        if let (Some(w), Some(h)) = (px(&self.width), px(&self.height)) {
            return Some((w, h));
        }
        let numbers: Vec<f64> = self
            .view_box
            .as_deref()?
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect::<Result<_, _>>()
            .ok()?;
        match numbers[..] {
            [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 && w < 1e6 && h < 1e6 => {
                Some((w.round().max(1.0) as u32, h.round().max(1.0) as u32))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3 × 2 PNG (signature, IHDR; the rest is not read for the size).
    fn png() -> Vec<u8> {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend_from_slice(&3u32.to_be_bytes());
        b.extend_from_slice(&2u32.to_be_bytes());
        b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    }

    #[test]
    fn reads_kind_and_size_from_the_bytes() {
        assert_eq!(image_kind("chart.png", &png()), Ok(ImageKind::Png));
        // The bytes decide, not the name.
        assert_eq!(image_kind("chart.jpg", &png()), Ok(ImageKind::Png));
        assert_eq!(image_size(ImageKind::Png, &png()), Some((3, 2)));
        assert!(image_kind("notes.txt", b"hello").is_err());
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80"></svg>"#;
        assert_eq!(image_kind("a.SVG", svg), Ok(ImageKind::Svg));
        assert_eq!(image_size(ImageKind::Svg, svg), Some((120, 80)));
        let svg = br#"<svg viewBox="0 0 640.4 480" width="100%"></svg>"#;
        assert_eq!(image_size(ImageKind::Svg, svg), Some((640, 480)));
        assert_eq!(image_size(ImageKind::Svg, b"<svg></svg>"), None);
        assert!(image_kind("a.svg", b"not svg").is_err());
    }

    #[test]
    fn names_copies_by_content() {
        let a = output_name(Path::new("content/ja/img/Escalation Chart.png"), ImageKind::Png, b"x");
        assert_eq!(a, "assets/media/escalation-chart.2d711642b726b044.png");
        let b = output_name(Path::new("content/ja/img/図.png"), ImageKind::Png, b"y");
        assert!(b.starts_with("assets/media/image.") && b.ends_with(".png"), "{b}");
        assert_ne!(
            output_name(Path::new("a.png"), ImageKind::Png, b"1"),
            output_name(Path::new("a.png"), ImageKind::Png, b"2")
        );
    }
}
