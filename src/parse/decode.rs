//! Bytes to text: UTF-8 (with or without BOM), Shift_JIS / CP932 with a warning, and a
//! clear error for anything else.
//!
//! Japanese documents are often saved as Shift_JIS (Windows code page 932). Such a file is
//! decoded when it decodes cleanly *and* holds Japanese text, and the caller is told so,
//! so that it can tell the author to convert it. Other invalid UTF-8 is rejected with the
//! byte offset of the first bad sequence.

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
        "is not valid UTF-8 (first bad byte at offset {offset}) and is not Shift_JIS text either; save it as UTF-8"
    )]
    InvalidUtf8 { offset: usize },
    #[error("is UTF-16; save it as UTF-8")]
    Utf16,
}

/// Text decoded from a source file, with the byte-order mark removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(Decoded { text: text.to_owned(), encoding: Encoding::Utf8 }),
        Err(e) => {
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            decode_shift_jis(body).ok_or(DecodeError::InvalidUtf8 { offset })
        }
    }
}

fn decode_shift_jis(bytes: &[u8]) -> Option<Decoded> {
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors || !text.chars().any(is_japanese) {
        return None;
    }
    Some(Decoded { text: text.into_owned(), encoding: Encoding::ShiftJis })
}

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF66}'..='\u{FF9F}')
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(decode(&bytes), Err(DecodeError::InvalidUtf8 { offset: 4 }));
    }
}
