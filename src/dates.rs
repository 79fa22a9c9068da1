//! When each guide last changed: the `updated` date of a Markdown guide's front matter,
//! or, for a site with `dates = "git"` in `tebiki.toml`, the date of the last commit that
//! touched the guide's source.
//!
//! 1. The parser reads `updated = 2026-11-30` ([`Date::from_toml`]); it wins over git.
//! 2. With `dates = "git"`, [`git_dates`] runs `git` twice in the site's folder — `ls-tree`
//!    for the files of `HEAD`, one `log` for the newest commit of each — and gives every
//!    committed guide its author date (`%as`: the day in the author's time zone, as
//!    recorded in the commit). The date depends only on the commit, so a build of a given
//!    commit is byte-identical wherever it runs.
//! 3. Fallbacks, each a warning naming what is missing: no `git`, or a site that is not
//!    in a git repository, gives no git dates at all; a guide not yet committed (new or
//!    untracked) gets none until it is; a shallow clone dates files by the oldest commit
//!    it holds, which is said once. A file with uncommitted edits keeps the date of its
//!    last commit: the page shows what was last committed, and the build stays the same
//!    until the next commit.
//!
//! Nothing here reads the clock.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Guide;

/// A calendar day, as written in ISO 8601 (`2026-11-30`); ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid day of the Gregorian calendar, years 1–9999.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<u16>().ok();
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
    }

    /// A TOML date (`updated = 2026-11-30`): a day only, no time, no offset.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match value {
            toml::value::Datetime { date: Some(d), time: None, offset: None } => Date::new(d.year, d.month, d.day),
            _ => None,
        }
    }

    /// The day in words, by a pattern of the theme's UI strings: `{year}`, `{month}`,
    /// `{day}` (numbers), `{month_name}` (the month's entry in the space-separated
    /// `month_names`).
    pub fn format(&self, pattern: &str, month_names: &str) -> String {
        let name = month_names.split_whitespace().nth(usize::from(self.month) - 1).unwrap_or("");
        pattern
            .replace("{year}", &self.year.to_string())
            .replace("{month_name}", name)
            .replace("{month}", &self.month.to_string())
            .replace("{day}", &self.day.to_string())
    }

    /// Midnight UTC of the day, as Atom and sitemaps write a time: `2026-11-30T00:00:00Z`.
    pub fn rfc3339(&self) -> String {
        format!("{self}T00:00:00Z")
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn days_in(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Gives each guide without a front-matter date the date of its last commit (step 2 of
/// the module doc), and returns the warnings of the fallbacks (step 3).
pub fn apply_git_dates(root: &Path, guides: &mut [Guide]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let dates = match git_dates(root) {
        Ok(GitDates { dates, shallow }) => {
            if shallow {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::Dates,
                        "`dates = \"git\"`: the repository is a shallow clone, so files are dated by the oldest \
                         commit it holds; fetch the whole history (e.g. `fetch-depth: 0` in CI)",
                    )
                    .in_file(crate::config::FILE_NAME),
                );
            }
            dates
        }
        Err(why) => {
            diagnostics.push(
                Diagnostic::warning(Code::Dates, format!("`dates = \"git\"`: {why}; guides have no git dates"))
                    .in_file(crate::config::FILE_NAME),
            );
            return diagnostics;
        }
    };
    for guide in guides.iter_mut().filter(|g| g.updated.is_none()) {
        let key = guide.source_path.to_string_lossy().replace('\\', "/");
        match dates.get(&key) {
            Some(date) => guide.updated = Some(*date),
            None => diagnostics.push(
                Diagnostic::warning(
                    Code::Dates,
                    "not committed yet, so it has no git date until it is (or give `updated` in its front matter)",
                )
                .in_file(&guide.source_path),
            ),
        }
    }
    diagnostics
}

/// The git dates of a site's files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GitDates {
    /// Path relative to the site root (`/`-separated) → author date of its last commit,
    /// for every file of `HEAD` below `content/`.
    pub dates: BTreeMap<String, Date>,
    /// The repository is a shallow clone.
    pub shallow: bool,
}

/// Why a site has no git dates.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git ({0})")]
    NotInstalled(std::io::Error),
    #[error("the site is not in a git repository with a commit ({0})")]
    NotARepository(String),
    #[error("git failed: {0}")]
    Failed(String),
}

/// The last commit date of every committed file below `root/content/`.
pub fn git_dates(root: &Path) -> Result<GitDates, GitError> {
    let shallow = git(root, &["rev-parse", "--is-shallow-repository"])
        .map_err(|e| match e {
            GitError::Failed(m) => GitError::NotARepository(m),
            other => other,
        })?
        .trim()
        == "true";
    // The files of HEAD: only these have a date (a new file, even staged, has none).
    let tracked = git(root, &["ls-tree", "-r", "-z", "--name-only", "HEAD", "--", "content"]).map_err(|e| match e {
        GitError::Failed(m) => GitError::NotARepository(m),
        other => other,
    })?;
    let tracked: std::collections::BTreeSet<&str> = tracked.split('\0').filter(|p| !p.is_empty()).collect();
    // Newest first: the first date seen for a file is its last commit's.
    let log = git(
        root,
        &["log", "--no-renames", "--relative", "-z", "--name-only", "--format=%x01%as", "HEAD", "--", "content"],
    )?;
    let mut dates = BTreeMap::new();
    for commit in log.split('\u{1}').filter(|c| !c.is_empty()) {
        let (date, files) = commit.split_at(commit.len().min(10));
        let Some(date) = Date::parse(date) else {
            return Err(GitError::Failed(format!("unexpected `git log` output `{}`", commit.escape_debug())));
        };
        for file in files.split('\0').map(|f| f.trim_matches('\n')).filter(|f| !f.is_empty()) {
            if tracked.contains(file) {
                dates.entry(file.to_owned()).or_insert(date);
            }
        }
    }
    Ok(GitDates { dates, shallow })
}

/// Runs `git -C root ARGS` with settings that make its output independent of the user's
/// configuration, and returns its standard output.
fn git(root: &Path, args: &[&str]) -> Result<String, GitError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "log.showSignature=false", "-c", "core.quotePath=false"])
        .args(args)
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .map_err(GitError::NotInstalled)?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(GitError::Failed(stderr.lines().next().unwrap_or("no message").trim().to_owned()));
    }
    String::from_utf8(out.stdout).map_err(|_| GitError::Failed("output is not UTF-8".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_real_days() {
        assert_eq!(Date::parse("2026-11-30"), Some(Date { year: 2026, month: 11, day: 30 }));
        assert_eq!(Date::parse("2028-02-29").map(|d| d.to_string()).as_deref(), Some("2028-02-29"));
        for bad in ["2026-02-29", "2026-13-01", "2026-11-31", "2026-1-30", "20261130", "2026-11-30T00", ""] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_by_the_theme_pattern() {
        let d = Date::new(2026, 3, 9).unwrap();
        assert_eq!(d.format("{year}年{month}月{day}日", ""), "2026年3月9日");
        assert_eq!(d.format("{day} {month_name} {year}", "January February March April"), "9 March 2026");
        assert_eq!(d.rfc3339(), "2026-03-09T00:00:00Z");
        assert!(Date::new(2026, 3, 9) < Date::new(2026, 3, 10) && Date::new(2025, 12, 31) < Date::new(2026, 1, 1));
    }

    #[test]
    fn takes_a_toml_day_and_nothing_else() {
        let v: toml::Table = toml::from_str("a = 2026-11-30\nb = 2026-11-30T10:00:00\nc = 10:00:00").unwrap();
        let get = |k: &str| v[k].as_datetime().and_then(Date::from_toml);
        assert_eq!(get("a"), Date::new(2026, 11, 30));
        assert_eq!(get("b"), None);
        assert_eq!(get("c"), None);
    }
}
