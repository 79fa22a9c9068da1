//! Bytes to text: UTF-8 (with or without BOM), Shift_JIS / CP932 with a warning, and a
//! clear error for anything else; then the control characters no guide means to hold.
//!
//! Japanese documents are often saved as Shift_JIS (Windows code page 932). Such a file is
//! decoded when it decodes cleanly *and* holds Japanese text, and the caller is told so,
//! so that it can tell the author to convert it. Other invalid UTF-8 is rejected with the
//! line and byte offset of the first bad sequence. UTF-16 and UTF-32 are named as such,
//! by their byte-order mark, or without one by the NUL bytes between their characters.
//!
//! [`strip_controls`] removes control characters (NUL, escape, …: everything below U+0020
//! but tab and line ends, DEL, and U+0080–U+009F) so that they never reach a page, and
//! says where the first one was.

use std::borrow::Cow;
use std::fmt;

/// The encoding a source file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    ShiftJis,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::ShiftJis => "Shift_JIS (CP932)",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error(
        "is not valid UTF-8 (first bad byte on line {line}, at byte offset {offset}) and is not Shift_JIS text \
         either; save it as UTF-8"
    )]
    InvalidUtf8 { offset: usize, line: usize },
    #[error("is UTF-16; save it as UTF-8")]
    Utf16,
    #[error("is UTF-32; save it as UTF-8")]
    Utf32,
    #[error(
        "has NUL bytes between its characters: UTF-16 or UTF-32 without a byte-order mark, or not text at all; \
         save it as UTF-8"
    )]
    Wide,
}

impl DecodeError {
    /// The line the error is on, when it is on one.
    pub fn line(&self) -> Option<usize> {
        match self {
            DecodeError::InvalidUtf8 { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Text decoded from a source file, with the byte-order mark removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    // UTF-32LE's mark begins with UTF-16LE's, so it is looked for first.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(DecodeError::Utf32);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if is_wide(bytes) {
        return Err(DecodeError::Wide);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded { text: text.to_owned(), encoding: Encoding::Utf8 }),
        Err(e) => {
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            let line = body[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
            if is_japanese_utf16(body) {
                return Err(DecodeError::Utf16);
            }
            decode_shift_jis(body).ok_or(DecodeError::InvalidUtf8 { offset, line })
        }
    }
}

/// Whether NUL bytes make up a quarter or more of the first 4 KiB: text in UTF-16 or
/// UTF-32 (or a binary file), never UTF-8 or Shift_JIS text with a stray NUL.
fn is_wide(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let nuls = head.iter().filter(|b| **b == 0).count();
    nuls > 0 && nuls * 4 >= head.len()
}

/// Control characters removed by [`strip_controls`]: how many, the first, and its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stripped {
    pub count: usize,
    pub first: char,
    pub line: usize,
}

/// A control character that no guide means to hold: C0 controls other than tab, line
/// feed and carriage return; DEL; the C1 controls.
pub fn is_stray_control(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0B' | '\x0C' | '\x0E'..='\x1F' | '\x7F'..='\u{9F}')
}

/// The text without [stray control characters](is_stray_control), and what was removed.
/// Line ends stay, so line numbers stay as they were.
pub fn strip_controls(text: &str) -> (Cow<'_, str>, Option<Stripped>) {
    let Some(at) = text.find(is_stray_control) else { return (Cow::Borrowed(text), None) };
    let first = text[at..].chars().next().unwrap_or('\0');
    let line = text[..at].matches('\n').count() + 1;
    let count = text[at..].chars().filter(|c| is_stray_control(*c)).count();
    let kept: String = text.chars().filter(|c| !is_stray_control(*c)).collect();
    (Cow::Owned(kept), Some(Stripped { count, first, line }))
}

fn decode_shift_jis(bytes: &[u8]) -> Option<Decoded> {
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors || !text.chars().any(is_japanese) {
        return None;
    }
    Some(Decoded { text: text.into_owned(), encoding: Encoding::ShiftJis })
}

/// Whether the bytes read, in one byte order, as Japanese text in UTF-16 without a
/// byte-order mark: whole code units, no lone surrogate, at least one kana or kanji and
/// nearly every character a letter, digit, punctuation or line end of Japanese or
/// ASCII text. (Japanese text in UTF-16 has few NUL bytes, so [`is_wide`] misses it.)
fn is_japanese_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return false;
    }
    let reads = |units: Vec<u16>| {
        let Ok(text) = char::decode_utf16(units).collect::<Result<String, _>>() else { return false };
        let plain = |c: char| {
            is_japanese(c)
                || c.is_ascii_graphic()
                || matches!(c, ' ' | '\n' | '\r' | '\t' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF5E}')
        };
        let (all, fit) = text.chars().fold((0, 0), |(a, f), c| (a + 1, f + usize::from(plain(c))));
        text.chars().any(is_japanese) && fit * 20 >= all * 19
    };
    let pairs = bytes.chunks_exact(2);
    reads(pairs.clone().map(|p| u16::from_be_bytes([p[0], p[1]])).collect())
        || reads(pairs.map(|p| u16::from_le_bytes([p[0], p[1]])).collect())
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_utf16_without_a_mark_is_named() {
        let text = "解決できること\n- 要点がわかる\n手引き\n本文です。\n";
        let units: Vec<u16> = text.encode_utf16().collect();
        let be: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
        let le: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(decode(&be), Err(DecodeError::Utf16));
        assert_eq!(decode(&le), Err(DecodeError::Utf16));
        // Shift_JIS stays Shift_JIS.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(decode(&sjis).map(|d| d.encoding), Ok(Encoding::ShiftJis));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("解決できること\n本文");
        assert_eq!(decode(&sjis).map(|d| d.encoding), Ok(Encoding::ShiftJis), "even length");
        for seed in [
            include_str!("../../content/ja/data-breach-litigation.txt"),
            include_str!("../../content/ja/incident-public-announcement.txt"),
            include_str!("../../content/ja/p2p-trouble-disclosure.txt"),
        ] {
            for text in [seed, &seed[..seed.len() - 1]] {
                let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
                assert_eq!(decode(&sjis).map(|d| d.encoding), Ok(Encoding::ShiftJis));
            }
        }
    }

    #[test]
    fn strips_bom() {
        let d = decode("\u{FEFF}見出し".as_bytes()).unwrap();
        assert_eq!(d.text, "見出し");
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn decodes_shift_jis() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("解決できること\n- 初動対応");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "解決できること\n- 初動対応");
        assert_eq!(d.encoding, Encoding::ShiftJis);
    }

    #[test]
    fn reports_offset_of_invalid_utf8() {
        let mut bytes = b"abc\n".to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF, 0x00]);
        assert_eq!(decode(&bytes), Err(DecodeError::InvalidUtf8 { offset: 4, line: 2 }));
    }

    #[test]
    fn names_utf32_and_utf16_with_and_without_a_mark() {
        let utf32le: Vec<u8> =
            [0xFF, 0xFE, 0, 0].into_iter().chain("ab".chars().flat_map(|c| (c as u32).to_le_bytes())).collect();
        assert_eq!(decode(&utf32le), Err(DecodeError::Utf32));
        let utf32be: Vec<u8> =
            [0, 0, 0xFE, 0xFF].into_iter().chain("ab".chars().flat_map(|c| (c as u32).to_be_bytes())).collect();
        assert_eq!(decode(&utf32be), Err(DecodeError::Utf32));
        assert_eq!(decode(&[0xFF, 0xFE, b'a', 0]), Err(DecodeError::Utf16));
        let no_mark: Vec<u8> = "Title\nText".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&no_mark), Err(DecodeError::Wide));
        // A stray NUL in UTF-8 text is text, for strip_controls to remove.
        assert_eq!(decode(b"Title\0\nText").unwrap().text, "Title\0\nText");
    }

    #[test]
    fn strips_control_characters_but_keeps_lines() {
        let (text, stripped) = strip_controls("a\tb\r\nc\0d\x1B[31m\ne\u{85}f\x7F");
        assert_eq!(text, "a\tb\r\ncd[31m\nef");
        assert_eq!(stripped, Some(Stripped { count: 4, first: '\0', line: 2 }));
        assert!(matches!(strip_controls("plain\ttext\n"), (Cow::Borrowed(_), None)));
    }
}
