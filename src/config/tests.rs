//! Tests of the config: parsing, defaults, validation and the messages of its errors.

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("tebiki.toml"))
}

#[test]
fn an_alias_in_the_config_is_an_address_a_link_can_reach() {
    for bad in ["x?y", "a b", "CON", "old/nul", "50%", "../up", "a\nb"] {
        let toml = format!("[aliases]\n\"ja/g\" = [{bad:?}]\n");
        let e = parse(&toml).unwrap_err().to_string();
        assert!(e.contains("must be a page path like"), "{bad}: {e}");
    }
    let ok = parse("[aliases]\n\"ja/g\" = [\"old/name.html\", \"ja/older/\"]\n").unwrap();
    assert_eq!(ok.aliases["ja/g"], ["old/name.html", "ja/older/"]);
}

#[test]
fn empty_config_gives_defaults() {
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn errors_on_unknown_key_with_position() {
    let err = parse("theme = \"default\"\ntitel = \"x\"\n").unwrap_err().to_string();
    assert!(err.starts_with("tebiki.toml:2:1: unknown field `titel`"), "{err}");
    assert!(err.ends_with("did you mean `title`?"), "{err}");
    let err = parse("[markdown]\nraw_htm = true\n").unwrap_err().to_string();
    assert!(err.starts_with("tebiki.toml:2:1: unknown field `raw_htm`"), "{err}");
    assert!(err.ends_with("did you mean `raw_html`?"), "{err}");
}

#[test]
fn a_key_set_twice_is_named() {
    let err = parse("title = \"a\"\nbase_url = \"https://x.example/\"\ntitle = \"b\"\n").unwrap_err().to_string();
    assert_eq!(err, "tebiki.toml:3:1: duplicate key `title`: it is set twice");
}

#[test]
fn a_title_of_the_wrong_type_says_what_a_title_is() {
    let err = parse("title = 5\n").unwrap_err().to_string();
    assert_eq!(err, "tebiki.toml:1:9: `title` is a string, or a table of one string per language (`title.ja = \"…\"`)");
}

#[test]
fn errors_once_with_a_position_on_a_config_that_is_not_utf8() {
    let err = text_of(b"title = \"x\"\nversion = \"\xFF\xFE\"\n", Path::new("tebiki.toml")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "tebiki.toml:2:12: is not UTF-8 text (it may be binary, or in another encoding); save it as UTF-8"
    );
    assert!(std::error::Error::source(&err).is_none(), "the message is said once");
    let err = text_of(b"\xFF\xFEt\0", Path::new("tebiki.toml")).unwrap_err();
    assert_eq!(err.to_string(), "tebiki.toml:1:1: is UTF-16 or UTF-32 text; save it as UTF-8");
    assert_eq!(text_of(b"\xEF\xBB\xBFtitle = \"x\"", Path::new("t")).unwrap(), "title = \"x\"");
}

#[test]
fn limits_the_size_of_a_guide() {
    assert_eq!(parse("").unwrap().max_guide_bytes, 4096 * 1024);
    assert_eq!(parse("[limits]\nmax_guide_kib = 64\n").unwrap().max_guide_bytes, 64 * 1024);
    let err = parse("[limits]\nmax_guide_kib = 0\n").unwrap_err().to_string();
    assert_eq!(err, "tebiki.toml:2: `limits.max_guide_kib` must be from 1 to 1048576 (KiB), not 0");
}

#[test]
fn reads_dates_and_volume_bounds() {
    let c = parse("dates = \"git\"\n[print]\nvolume_bytes = 500000\n").unwrap();
    assert_eq!((c.dates, c.volume_bytes), (DateSource::Git, 500_000));
    assert_eq!(parse("").unwrap().volume_bytes, DEFAULT_VOLUME_BYTES);
    let err = parse("dates = \"mtime\"").unwrap_err().to_string();
    assert!(err.ends_with("not \"mtime\""), "{err}");
    assert!(parse("[print]\nvolume_bytes = 0").is_err());
}

#[test]
fn normalizes_base_url() {
    let c = parse("base_url = \"https://example.org/kb\"").unwrap();
    assert_eq!(c.base_url.as_deref(), Some("https://example.org/kb/"));
}

#[cfg(unix)]
#[test]
fn a_config_that_is_no_file_is_an_error_not_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(Config::load(dir.path()).unwrap(), Config::default(), "no config: the defaults");
    std::os::unix::fs::symlink("/nowhere.toml", dir.path().join(FILE_NAME)).unwrap();
    let err = Config::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("is a symbolic link to /nowhere.toml, which is not a file"), "{err}");
    std::fs::remove_file(dir.path().join(FILE_NAME)).unwrap();
    std::fs::create_dir(dir.path().join(FILE_NAME)).unwrap();
    let err = Config::load(dir.path()).unwrap_err().to_string();
    assert!(err.contains("tebiki.toml is a folder"), "{err}");
}

#[test]
fn an_invalid_value_is_named_at_its_line() {
    let at = |text: &str| match parse(text).unwrap_err() {
        ConfigError::Invalid { line, .. } => line,
        other => panic!("{other}"),
    };
    assert_eq!(at("title = \"t\"\nlanguages = [\"ja\", \"ja\"]\n"), Some(2));
    assert_eq!(at("\n\n[print]\nvolume_bytes = 0\n"), Some(4));
    assert_eq!(at("base_url = \"https://\"\n"), Some(1));
    assert_eq!(at("\ntitle = \" \"\n"), Some(2), "an empty title");
    assert_eq!(at("languages = [\"ja\"]\n[title]\nja = \"a\"\nen = \"b\"\n"), Some(4));
    let err = parse("\n[print]\nvolume_bytes = 0\n").unwrap_err().to_string();
    assert!(err.contains("tebiki.toml:3: `print.volume_bytes`"), "{err}");
}

#[test]
fn refuses_a_base_url_pages_cannot_be_added_to() {
    for (url, why) in [
        ("example.org/kb", "does not read as a URL"),
        ("ftp://example.org/", "https://"),
        ("https://", "does not read as a URL"),
        ("https://x.org/#frag", "fragment"),
        ("https://x.org/?a=1", "query"),
        ("https://example.org/kb  ", "space"),
    ] {
        let err = parse(&format!("base_url = \"{url}\"")).unwrap_err().to_string();
        assert!(err.contains("`base_url`") && err.contains(why), "{url}: {err}");
    }
    assert!(parse("base_url = \"http://localhost:8080/kb/\"").is_ok());
}
