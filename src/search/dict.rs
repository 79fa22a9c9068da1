//! The Japanese dictionary tebiki reads at build time (never at query time, and never in
//! the browser): spellings of content words grouped by lemma, each with its reading.
//! [`super::lexicon`] uses it to learn the words of a site, their variant spellings,
//! inflected forms and homophones.
//!
//! The table `dict/ja.tsv.zst` is made by `tools/ja_dict.py` from UniDic 3.1.1 (Debian's
//! `unidic-mecab`; format in that script's doc) and kept compressed in the repository
//! (about 2 MiB); the build script decompresses it and the binary embeds its text as it is
//! (11.4 MiB, checked as UTF-8 by the compiler), so a run of tebiki only parses it, on
//! first use — again after a large site's search stage [`release`]d it. The parsed table
//! points into the embedded text (no string is copied). Spellings are found by text and by reading by binary search in two orders of
//! the spellings that the same script writes beside the table
//! (`dict/ja.order.zst`, 0.9 MiB): nothing is hashed or sorted when a build starts, which
//! took the hashing of the whole table (about 100 ms and 30 MiB) out of every build that
//! makes a lexicon. The text order also answers whether a longer spelling starts with a
//! text ([`Dict::extends`]), so that a search for the spellings in a text stops extending
//! a candidate where no spelling goes on: on the bundled guides, 61,222 lookups instead of
//! 472,718.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// The table's text: `dict/ja.tsv.zst` as the build script decompressed it.
static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/ja.tsv"));
/// The two orders of the spellings: `dict/ja.order.zst` decompressed.
static ORDERS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ja.order"));

/// The part of speech of a lemma, as far as tebiki needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Noun,
    Verb,
    Adjective,
    /// 形状詞 (な-adjectives).
    AdjectivalNoun,
    Adverb,
}

/// How a spelling is inflected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// Not an inflecting word.
    Plain,
    /// The base (dictionary) form: `消える`.
    Base,
    /// A stem-like form that inflections and auxiliaries attach to: `消え`, `止まっ`.
    Stem,
}

/// One spelling of a lemma.
#[derive(Debug, Clone)]
pub struct Spelling<'t> {
    pub text: &'t str,
    /// In hiragana.
    pub reading: &'t str,
    pub form: Form,
    /// UniDic's word cost / 500: lower is more usual.
    pub cost: u8,
    /// Index of its lemma in [`Dict::lemmas`].
    pub lemma: u32,
}

/// A lemma: the spellings that are one word.
#[derive(Debug, Clone)]
pub struct Lemma<'t> {
    pub text: &'t str,
    pub class: Class,
    /// Its spellings: a range of [`Dict::spellings`].
    pub spellings: std::ops::Range<u32>,
}

/// The parsed table, borrowing the table's text.
#[derive(Debug)]
pub struct Dict<'t> {
    pub lemmas: Vec<Lemma<'t>>,
    pub spellings: Vec<Spelling<'t>>,
    /// The spellings' numbers sorted by text (UTF-8 bytes; equal texts in table order).
    by_text: Vec<u32>,
    /// The same, sorted by reading.
    by_reading: Vec<u32>,
    /// The longest spelling, in characters.
    pub max_chars: usize,
}

/// The parsed table while it is in use (see [`release`]).
static DICT: Mutex<Option<Arc<Dict<'static>>>> = Mutex::new(None);

/// The embedded dictionary, parsed on first use (or the first use since [`release`]).
pub fn dict() -> Result<Arc<Dict<'static>>, String> {
    let mut held = DICT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = &*held {
        return Ok(Arc::clone(d));
    }
    let d = Arc::new(Dict::with_orders(TEXT, ORDERS)?);
    *held = Some(Arc::clone(&d));
    Ok(d)
}

/// Starts parsing the dictionary on a thread of its own, for a [`dict`] call to come: an
/// update of the Japanese index calls it before the index changes, so that the lexicon,
/// made beside the update, waits for it less. An error is not reported here: the call
/// to come meets it again.
pub fn prefetch() {
    if DICT.lock().unwrap_or_else(|e| e.into_inner()).is_some() {
        return;
    }
    std::thread::spawn(|| drop(dict()));
}

/// Lets the parsed table go once nothing uses it (about 35 MB of the heap; its text is
/// the binary's): a large site's search stage lets it go when done (`Plan::build`), so that
/// the rendering that follows has that memory. The next [`dict`] parses it again (30–45 ms here).
pub fn release() {
    DICT.lock().unwrap_or_else(|e| e.into_inner()).take();
}

impl<'t> Dict<'t> {
    /// Parses a table in the format of `tools/ja_dict.py`, and sorts its orders.
    pub fn parse(text: &'t str) -> Result<Dict<'t>, String> {
        let (lemmas, spellings) = parse_table(text)?;
        let order = |key: fn(&Spelling<'t>) -> &'t str| {
            let mut ids: Vec<u32> = (0..spellings.len() as u32).collect();
            // Stable: equal keys stay in table order.
            ids.sort_by(|a, b| key(&spellings[*a as usize]).cmp(key(&spellings[*b as usize])));
            ids
        };
        let (by_text, by_reading) = (order(|s| s.text), order(|s| s.reading));
        Ok(Dict::new(lemmas, spellings, by_text, by_reading))
    }

    /// Parses a table with its orders as `tools/ja_dict.py` writes them: the spelling
    /// numbers by text, then by reading, each a little-endian u32.
    pub fn with_orders(text: &'t str, orders: &[u8]) -> Result<Dict<'t>, String> {
        let (lemmas, spellings) = parse_table(text)?;
        let n = spellings.len();
        if orders.len() != n * 8 {
            return Err(format!("the dictionary's orders hold {} bytes for {n} spellings", orders.len()));
        }
        let ids = |bytes: &[u8]| -> Vec<u32> {
            bytes.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
        };
        let (by_text, by_reading) = (ids(&orders[..n * 4]), ids(&orders[n * 4..]));
        if by_text.iter().chain(&by_reading).any(|&id| id as usize >= n) {
            return Err("the dictionary's orders name a spelling the table lacks".into());
        }
        Ok(Dict::new(lemmas, spellings, by_text, by_reading))
    }

    fn new(lemmas: Vec<Lemma<'t>>, spellings: Vec<Spelling<'t>>, by_text: Vec<u32>, by_reading: Vec<u32>) -> Self {
        let max_chars = spellings.iter().map(|s| s.text.chars().count()).max().unwrap_or(0);
        Dict { lemmas, spellings, by_text, by_reading, max_chars }
    }

    /// The spellings written `text` (one per lemma and form that has it), in table order.
    pub fn lookup(&self, text: &str) -> &[u32] {
        self.exactly(self.starting_with(self.all(), text), text)
    }

    /// Whether some spelling is longer than `text` and starts with it: the spellings that
    /// start with it are more than those written it.
    pub fn extends(&self, text: &str) -> bool {
        let run = self.starting_with(self.all(), text);
        run.len() > self.exactly(run, text).len()
    }

    /// Every position of the text order: where [`Dict::starting_with`] starts narrowing.
    pub fn all(&self) -> Range<usize> {
        0..self.by_text.len()
    }

    /// The positions in text order of the spellings that start with `text`, found within
    /// `within`: the positions of a shorter start of `text` (or [`Dict::all`]). A text
    /// read one character at a time so narrows a smaller and smaller run, instead of
    /// searching the whole table for each candidate.
    pub fn starting_with(&self, within: Range<usize>, text: &str) -> Range<usize> {
        let run = &self.by_text[within.clone()];
        let start = run.partition_point(|&id| self.spelling(id).text < text);
        let len = run[start..].partition_point(|&id| self.spelling(id).text.starts_with(text));
        within.start + start..within.start + start + len
    }

    /// Of the spellings that start with `text` (`run`, from [`Dict::starting_with`]), those
    /// written `text`, which sort first, in table order; the rest are longer.
    pub fn exactly(&self, run: Range<usize>, text: &str) -> &[u32] {
        let ids = &self.by_text[run];
        &ids[..ids.partition_point(|&id| self.spelling(id).text == text)]
    }

    /// The spellings at `positions` of the text order.
    pub fn positions(&self, positions: Range<usize>) -> &[u32] {
        &self.by_text[positions]
    }

    /// The spellings read `reading` (hiragana), in table order.
    pub fn read_as(&self, reading: &str) -> &[u32] {
        self.equal(&self.by_reading, |s| s.reading, reading)
    }

    /// The run of `order` whose `key` is `value`.
    fn equal<'o>(&self, order: &'o [u32], key: fn(&Spelling<'t>) -> &'t str, value: &str) -> &'o [u32] {
        let start = order.partition_point(|&id| key(self.spelling(id)).cmp(value) == Ordering::Less);
        let len = order[start..].partition_point(|&id| key(self.spelling(id)) == value);
        &order[start..start + len]
    }

    pub fn spelling(&self, id: u32) -> &Spelling<'t> {
        &self.spellings[id as usize]
    }

    pub fn lemma_of(&self, id: u32) -> &Lemma<'t> {
        &self.lemmas[self.spellings[id as usize].lemma as usize]
    }
}

/// The lemmas and spellings of a table in the format of `tools/ja_dict.py`. Read a byte at
/// a time rather than with `str::lines` and `split`: the table has about 460,000 lines of
/// some 26 bytes, and the generic splitting took about half of this parse (70–74 ms
/// with it, 27–42 ms so, here).
#[allow(clippy::type_complexity)]
fn parse_table(text: &str) -> Result<(Vec<Lemma<'_>>, Vec<Spelling<'_>>), String> {
    let bytes = text.as_bytes();
    // Reserved at once (a line is a lemma or a spelling): a growing vector touches about
    // twice its memory.
    let lines = line_count(bytes);
    let mut lemmas: Vec<Lemma<'_>> = Vec::with_capacity(lines / 2);
    let mut spellings: Vec<Spelling<'_>> = Vec::with_capacity(lines);
    let mut start = 0;
    for (n, end) in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]).enumerate() {
        // Tabs and newlines are ASCII: every cut below is at a character boundary.
        let line = &text[start..end];
        start = end + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let bad = || format!("dictionary table line {}: malformed: {line:?}", n + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut tabs = [0usize; 4];
        let mut count = 0;
        for (i, &b) in line.as_bytes().iter().enumerate() {
            if b == b'\t' {
                if count == tabs.len() {
                    return Err(bad());
                }
                tabs[count] = i;
                count += 1;
            }
        }
        if line.starts_with('=') {
            if count != 1 {
                return Err(bad());
            }
            let class = match &line[tabs[0] + 1..] {
                "N" => Class::Noun,
                "V" => Class::Verb,
                "A" => Class::Adjective,
                "J" => Class::AdjectivalNoun,
                "D" => Class::Adverb,
                _ => return Err(bad()),
            };
            let at = spellings.len() as u32;
            lemmas.push(Lemma { text: &line[1..tabs[0]], class, spellings: at..at });
            continue;
        }
        if count != 3 {
            return Err(bad());
        }
        let form = match &line[tabs[1] + 1..tabs[2]] {
            "-" => Form::Plain,
            "B" => Form::Base,
            "S" => Form::Stem,
            _ => return Err(bad()),
        };
        let lemma = lemmas.len().checked_sub(1).ok_or_else(bad)?;
        spellings.push(Spelling {
            text: &line[..tabs[0]],
            reading: &line[tabs[0] + 1..tabs[1]],
            form,
            cost: line[tabs[2] + 1..].parse().map_err(|_| bad())?,
            lemma: lemma as u32,
        });
        lemmas[lemma].spellings.end = spellings.len() as u32;
    }
    Ok((lemmas, spellings))
}

/// How many lines `text` has (at most: its newlines, and one more).
fn line_count(text: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', text).count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_groups_variant_spellings_by_lemma() {
        let d = dict().unwrap();
        assert!(d.lemmas.len() > 100_000 && d.spellings.len() > 300_000);
        let lemmas = |t: &str| -> Vec<&str> { d.lookup(t).iter().map(|i| d.lemma_of(*i).text).collect() };
        assert!(lemmas("ぜい弱").contains(&"脆弱"));
        assert!(lemmas("取扱い").contains(&"取り扱い"));
        assert!(lemmas("サーバ").iter().any(|l| l.starts_with("サーバー")));
        let reading = |t: &str| d.lookup(t).iter().map(|i| d.spelling(*i).reading).next();
        assert_eq!(reading("異常"), Some("いじょう"));
        assert!(d.read_as("いじょう").iter().any(|i| d.spelling(*i).text == "以上"));
    }

    #[test]
    fn the_embedded_orders_are_the_tables_own() {
        let d = dict().unwrap();
        let sorted = Dict::parse(TEXT).unwrap();
        assert!(d.by_text == sorted.by_text, "dict/ja.order.zst is stale: python3 tools/ja_dict.py --orders");
        assert!(d.by_reading == sorted.by_reading, "dict/ja.order.zst is stale: python3 tools/ja_dict.py --orders");
    }

    #[test]
    fn finds_each_texts_spellings_in_table_order_and_what_longer_spellings_start_with() {
        let table = "=甲\tN\nab\tあ\t-\t1\n=乙\tN\nabc\tい\t-\t1\n=丙\tN\nab\tい\tB\t1\nabd\tう\t-\t1\n";
        let d = Dict::parse(table).unwrap();
        assert_eq!(d.lookup("ab"), [0, 2]);
        assert_eq!(d.lookup("abc"), [1]);
        assert!(d.lookup("a").is_empty() && d.lookup("abcd").is_empty());
        assert_eq!(d.read_as("い"), [1, 2]);
        assert!(d.extends("a") && d.extends("ab"), "abc and abd go on");
        assert!(!d.extends("abc") && !d.extends("abd") && !d.extends("b") && !d.extends("abe"));
        // Narrowed one character at a time.
        let a = d.starting_with(d.all(), "a");
        assert_eq!(a, 0..4);
        let ab = d.starting_with(a, "ab");
        assert_eq!((ab.clone(), d.exactly(ab.clone(), "ab")), (0..4, &[0, 2][..]));
        let abc = d.starting_with(ab.clone(), "abc");
        assert_eq!((abc.clone(), d.exactly(abc, "abc")), (2..3, &[1][..]));
        assert!(d.starting_with(ab, "abe").is_empty() && d.starting_with(d.all(), "b").is_empty());
        let orders: Vec<u8> = [0u32, 2, 1, 3, 0, 1, 2, 3].iter().flat_map(|i| i.to_le_bytes()).collect();
        let given = Dict::with_orders(table, &orders).unwrap();
        assert_eq!((given.by_text, given.by_reading), (d.by_text, d.by_reading));
        assert!(Dict::with_orders(table, &orders[..28]).is_err(), "orders of another table");
        let beyond: Vec<u8> = [0u32, 2, 1, 9, 0, 1, 2, 3].iter().flat_map(|i| i.to_le_bytes()).collect();
        assert!(Dict::with_orders(table, &beyond).is_err());
    }

    #[test]
    fn rejects_a_malformed_table_with_its_line() {
        let e = Dict::parse("=脆弱\tN\nぜい弱\tぜいじゃく\tX\t1\n").unwrap_err();
        assert!(e.contains("line 2"), "{e}");
        assert!(Dict::parse("ぜい弱\tぜいじゃく\t-\t1\n").is_err(), "a spelling needs a lemma");
        for bad in
            ["=脆弱\tN\tX\n", "=脆弱\n", "=脆弱\tN\nぜい弱\tぜいじゃく\t-\n", "=脆弱\tN\nぜい弱\tぜいじゃく\t-\t1\t2\n"]
        {
            let e = Dict::parse(bad).unwrap_err();
            assert!(e.contains("malformed"), "{bad:?}: {e}");
        }
        assert!(Dict::parse("=脆弱\tN\nぜい弱\tぜいじゃく\t-\t256\n").is_err(), "a cost is a byte");
    }

    #[test]
    fn reads_every_field_of_lemmas_and_spellings_whatever_the_line_ends() {
        // Comments and blank lines skipped, CRLF as LF, no newline after the last line.
        let table = "# a comment\n=脆弱\tN\r\n\nぜい弱\tぜいじゃく\t-\t12\r\n=消える\tV\n消え\tきえ\tS\t3\n消える\tきえる\tB\t0";
        let d = Dict::parse(table).unwrap();
        assert_eq!((d.lemmas.len(), d.spellings.len(), d.max_chars), (2, 3, 3));
        let l = &d.lemmas[0];
        assert_eq!((l.text, l.class, l.spellings.clone()), ("脆弱", Class::Noun, 0..1));
        let l = &d.lemmas[1];
        assert_eq!((l.text, l.class, l.spellings.clone()), ("消える", Class::Verb, 1..3));
        let fields = |i: u32| {
            let s = d.spelling(i);
            (s.text, s.reading, s.form, s.cost, s.lemma)
        };
        assert_eq!(fields(0), ("ぜい弱", "ぜいじゃく", Form::Plain, 12, 0));
        assert_eq!(fields(1), ("消え", "きえ", Form::Stem, 3, 1));
        assert_eq!(fields(2), ("消える", "きえる", Form::Base, 0, 1));
    }
}
