//! How a guidance-text file was read, line by line (`tebiki import --explain`): the role
//! each line was given, where it went, and for headings, repeats and lines that look like
//! headings but are not, the rule that decided it.
//!
//! The grammar records a [`LineRole`] for every non-blank line as it reads ([`Roles`]);
//! [`Explanation`] pairs them with the lines and the diagnostics. Its `Display` is the
//! text form, its `Serialize` the JSON form (`--format json`).

use std::fmt;

use serde::{Serialize, Serializer};

use super::shape::{NotHeading, RepeatMatch};
use crate::model::{Diagnostic, HeadingNumber};

/// What a line is in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// `解決できること`, a consensus or a perspective marker.
    Marker,
    Outcome,
    Title,
    /// A section's heading.
    Heading,
    /// A subsection's heading.
    Subsection,
    /// The section heading repeated before its closing block.
    Repeat,
    Paragraph,
    TableRow,
    /// A `|---|` or `——` rule line of a table.
    TableRule,
    /// The `比較表:` line that introduces a loose table.
    TableIntro,
    TableCaption,
    Bullet,
    /// An item of a numbered list.
    ListItem,
    /// A code fence or a line inside one.
    Code,
    /// Content before the first section: not part of the guide.
    LeftOut,
    /// A line drawn to separate parts (`――――`): no content, left out.
    Separator,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Marker => "marker",
            Role::Outcome => "outcome",
            Role::Title => "title",
            Role::Heading => "heading",
            Role::Subsection => "subsection",
            Role::Repeat => "repeat",
            Role::Paragraph => "paragraph",
            Role::TableRow => "table row",
            Role::TableRule => "table rule",
            Role::TableIntro => "table intro",
            Role::TableCaption => "table caption",
            Role::Bullet => "bullet",
            Role::ListItem => "list item",
            Role::Code => "code",
            Role::LeftOut => "left out",
            Role::Separator => "separator",
        }
    }
}

/// Where a line's content went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Outcomes,
    /// Section `sN` (its heading or its own blocks).
    Section(usize),
    /// Subsection `sN-M`.
    Subsection(usize, usize),
    Consensus(usize),
    Perspective(usize),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Outcomes => f.write_str("outcomes"),
            Place::Section(s) => write!(f, "s{s}"),
            Place::Subsection(s, n) => write!(f, "s{s}-{n}"),
            Place::Consensus(s) => write!(f, "s{s} consensus"),
            Place::Perspective(s) => write!(f, "s{s} perspective"),
        }
    }
}

impl Serialize for Place {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The rule that gave a line its role. Lines are physical line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The first text line after the outcomes.
    Title,
    /// A section heading named by the repeat on line `repeat`.
    NamedByRepeat { repeat: usize },
    /// The first line after a closing block, in a stretch that ends in the closing block on
    /// line `closing` without a repeat: it heads the whole stretch.
    OpensStretch { closing: usize },
    /// A heading-shaped line outside any section a closing block closes.
    CutShort,
    /// A heading-shaped line followed by content inside a closed section.
    FollowedByContent,
    /// The line before a closing block repeats the heading on line `heading`.
    Repeats { heading: usize, how: RepeatMatch },
    /// The line before a closing block is heading-shaped but repeats no heading above it.
    RepeatsNothing,
    /// Heading-shaped, but nothing follows it in its section.
    NothingFollows,
    /// The first line after a consensus or perspective marker is its content.
    FirstAfterMarker,
    /// Numbered or marked like a heading, but not heading-shaped.
    NotHeading(NotHeading),
    /// One of lines `first`–`last`, numbered in sequence from 1 with nothing between them.
    NumberedRun { first: usize, last: usize },
    /// One of lines `first`–`last`, all with the same mark and nothing between them.
    MarkedRun { first: usize, last: usize },
}

impl Rule {
    /// A stable name for tools (`--format json`).
    pub fn id(&self) -> &'static str {
        match self {
            Rule::Title => "title",
            Rule::NamedByRepeat { .. } => "named-by-repeat",
            Rule::OpensStretch { .. } => "opens-stretch",
            Rule::CutShort => "cut-short",
            Rule::FollowedByContent => "followed-by-content",
            Rule::Repeats { .. } => "repeats-heading",
            Rule::RepeatsNothing => "repeats-nothing",
            Rule::NothingFollows => "nothing-follows",
            Rule::FirstAfterMarker => "first-after-marker",
            Rule::NotHeading(_) => "not-heading-shaped",
            Rule::NumberedRun { .. } => "numbered-run",
            Rule::MarkedRun { .. } => "marked-run",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Title => f.write_str("the first line after the outcomes: the title, and the heading of s1"),
            Rule::NamedByRepeat { repeat } => {
                write!(f, "a section heading: line {repeat} repeats it before the section's closing block")
            }
            Rule::OpensStretch { closing } => write!(
                f,
                "a section heading: it opens the lines that the closing block on line {closing} closes, \
                 and no line repeats a heading before that block"
            ),
            Rule::CutShort => f.write_str(
                "heading-shaped, outside any section a closing block closes: a section cut short \
                 (heading and paragraphs only)",
            ),
            Rule::FollowedByContent => {
                f.write_str("heading-shaped and followed by content inside a section: a subsection")
            }
            Rule::Repeats { heading, how: RepeatMatch::Same } => {
                write!(f, "repeats the heading on line {heading} before a closing block: closes that section")
            }
            Rule::Repeats { heading, how: RepeatMatch::WithoutNumber } => write!(
                f,
                "repeats the heading on line {heading} (setting its number or mark aside) before a closing \
                 block: closes that section"
            ),
            Rule::RepeatsNothing => f.write_str(
                "heading-shaped, right before a closing block, but repeats no heading above it: taken as a repeat",
            ),
            Rule::NothingFollows => f.write_str("heading-shaped, but nothing follows it in its section: a paragraph"),
            Rule::FirstAfterMarker => {
                f.write_str("the first line after a consensus or perspective marker is that block's content")
            }
            Rule::NotHeading(why) => write!(f, "not heading-shaped: it {}; a paragraph", why.reason()),
            Rule::NumberedRun { first, last } => write!(
                f,
                "lines {first}–{last} count up from 1 in one numbering style with nothing between them: a list"
            ),
            Rule::MarkedRun { first, last } => {
                write!(f, "lines {first}–{last} carry the same mark with nothing between them: a list")
            }
        }
    }
}

/// The role of one line, as the grammar recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRole {
    pub role: Role,
    pub place: Option<Place>,
    pub rule: Option<Rule>,
}

/// One [`LineRole`] per non-blank line, in the order of the lines.
#[derive(Debug, Clone)]
pub(super) struct Roles(pub Vec<LineRole>);

impl Roles {
    pub fn new(lines: usize) -> Self {
        Roles(vec![LineRole { role: Role::Paragraph, place: None, rule: None }; lines])
    }

    pub fn set(&mut self, at: usize, role: Role, rule: Option<Rule>) {
        if let Some(r) = self.0.get_mut(at) {
            r.role = role;
            r.rule = rule;
        }
    }

    pub fn set_all(&mut self, span: std::ops::Range<usize>, role: Role) {
        for at in span {
            self.set(at, role, None);
        }
    }

    /// A new role for lines whose rule stays (a numbered list that is the outcomes).
    pub fn relabel(&mut self, span: std::ops::Range<usize>, role: Role) {
        for r in self.0.get_mut(span).into_iter().flatten() {
            r.role = role;
        }
    }

    pub fn place(&mut self, span: std::ops::Range<usize>, place: Place) {
        for r in self.0.get_mut(span).into_iter().flatten() {
            r.place = Some(place);
        }
    }

    pub fn rule(&mut self, at: usize, rule: Rule) {
        if let Some(r) = self.0.get_mut(at) {
            r.rule = Some(rule);
        }
    }
}

/// One line as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedLine {
    /// 1-based physical line.
    pub line: usize,
    /// The line as written, trimmed.
    pub text: String,
    pub role: Role,
    pub place: Option<Place>,
    pub rule: Option<Rule>,
    /// The number the line starts with, if any.
    pub number: Option<HeadingNumber>,
}

impl Serialize for ExplainedLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("line", &self.line)?;
        m.serialize_entry("role", &self.role)?;
        m.serialize_entry("place", &self.place)?;
        m.serialize_entry("text", &self.text)?;
        if let Some(n) = &self.number {
            m.serialize_entry("number", n)?;
        }
        if let Some(rule) = &self.rule {
            m.serialize_entry("rule", rule.id())?;
            m.serialize_entry("why", &rule.to_string())?;
        }
        m.end()
    }
}

/// Every non-blank line of a guidance-text file with the role it was given, and the
/// parser's diagnostics (each names its line).
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub lines: Vec<ExplainedLine>,
    #[serde(serialize_with = "crate::model::serialize_parser_messages")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Explanation {
    /// The line with physical number `line`, if it is not blank.
    pub fn line(&self, line: usize) -> Option<&ExplainedLine> {
        self.lines.iter().find(|l| l.line == line)
    }
}

/// Text longer than this is cut in the text form (the JSON form has it whole).
const SHOWN_CHARS: usize = 36;

impl fmt::Display for Explanation {
    /// `LINE  ROLE  PLACE  TEXT`, the rule on the next line, diagnostics under their line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut diags = self.diagnostics.iter().peekable();
        let indent = " ".repeat(4 + 2 + 13 + 16);
        for l in &self.lines {
            while let Some(d) = diags.next_if(|d| line_of(d) < l.line) {
                writeln!(f, "{indent}{}: line {}: {}", severity(d), line_of(d), d.message)?;
            }
            let place = l.place.map(|p| p.to_string()).unwrap_or_default();
            let mut text: String = l.text.chars().take(SHOWN_CHARS).collect();
            if l.text.chars().count() > SHOWN_CHARS {
                text.push('…');
            }
            writeln!(f, "{:>4}  {:<13}{:<16}{text}", l.line, l.role.name(), place)?;
            if let Some(rule) = &l.rule {
                writeln!(f, "{indent}↳ {rule}")?;
            }
            while let Some(d) = diags.next_if(|d| line_of(d) == l.line) {
                writeln!(f, "{indent}{}: {}", severity(d), d.message)?;
            }
        }
        for d in diags {
            writeln!(f, "{indent}{}: line {}: {}", severity(d), line_of(d), d.message)?;
        }
        Ok(())
    }
}

/// A parser diagnostic always has a line; 1 if it did not.
fn line_of(d: &Diagnostic) -> usize {
    d.line.unwrap_or(1)
}

fn severity(d: &Diagnostic) -> &'static str {
    match d.severity {
        crate::model::Severity::Info => "info",
        crate::model::Severity::Warning => "warning",
        crate::model::Severity::Error => "error",
    }
}
