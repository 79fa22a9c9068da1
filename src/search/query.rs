//! Query semantics, shared with the browser engine (`js/tokenizer.mjs` ports [`words`]
//! and [`clauses`], `js/searcher.mjs` the rest; `tests/fixtures/search/tokenizer-vectors.json`
//! holds cases both must agree on).
//!
//! 1. [`words`]: the query (its first `maxQueryChars` characters) is tokenized like the text, into *words*: kana/kanji parts and
//!    Latin words. Particles, auxiliaries, inflection tails and question words written in
//!    hiragana (`shared.json` `particles`, `functionWords`) separate the parts and are
//!    dropped (`経営層への報告` → `経営層`, `報告`; `データが消えたらどうする` → `データ`,
//!    `消え`), and so are single hiragana characters and English stop words — but not the
//!    question words of `questionIntents` (`いつ`, `誰`), which are kept
//!    ([`question_parts`]) unless `も` follows them (`いつも`, `誰も`). The last Latin
//!    word, when the query does not end in a space, is also a prefix (search as you type),
//!    and so is a lone kanji or katakana character.
//! 2. [`super::expand`]: the site's lexicon rewrites the words into *variants* (spelling
//!    variants, inflections, readings, homophones, synonyms), each weighing less than the
//!    query as typed.
//! 3. [`clauses`]: each word of a variant becomes clauses — a kana/kanji word its
//!    overlapping bigrams, so that a compound's adjacent words meet in the bigram that
//!    spans them; a Latin word one clause of itself and its stem, plus a prefix's
//!    expansions ([`expand_prefix`]). Question words and verbs that only put a question
//!    (`optionalWords`: `when`, `how`, `tell`) are kept, but are *optional* in the ranking
//!    ([`super::rank`]); a question word's clause also matches the words the guides answer
//!    it with (`questionIntents`: `when` → `timing`). A Japanese question word with intents
//!    (`いつ`, `誰`) is kept too, optional, and its clauses are its intents' bigrams only.
//! 4. [`super::rank`] scores each document by how well it answers the best variant:
//!    BM25 of what it matches, times the share of the query it covers, cubed (`coveragePower`).

use std::collections::BTreeMap;

use tantivy::Searcher;
use tantivy::schema::IndexRecordOption;

use super::SearchError;
use super::index::LangIndex;
use super::segments::each_live;
use super::shared::shared;
use super::tokenizer::{CharClass, bigrams, char_class, is_hiragana, is_katakana, normalize, runs, stem};

/// One word of a query: a kana/kanji part (`cjk`) or a Latin word, normalized.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Word {
    pub text: String,
    pub cjk: bool,
    /// Also matches the indexed terms it starts.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub prefix: bool,
}

/// One part of a query: any of its terms may match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Clause {
    /// Terms taken as they are (a bigram; a word and its stem).
    pub terms: Vec<String>,
    /// A prefix to expand against the index's terms.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefix: Option<String>,
}

/// Whether the whole of `h` is a sequence of particles and function words.
fn function_only(h: &[char]) -> bool {
    let s = shared();
    let n = h.len();
    let mut ok = vec![false; n + 1];
    ok[n] = true;
    for i in (0..n).rev() {
        ok[i] = s.particles.iter().chain(&s.function_words).any(|w| {
            let w: Vec<char> = w.chars().collect();
            i + w.len() <= n && h[i..i + w.len()] == w[..] && ok[i + w.len()]
        });
    }
    n > 0 && ok[0]
}

/// The question words with intents (`questionIntents`: `いつ`) that a stretch of particles
/// and function words is read with, in order: a key that stands between two sequences of
/// particles and function words (or the stretch's edges), so `はいつ` has `いつ` and
/// `いつか` has it too, as `いつ` + `か` — but not one right before `も`, which asks
/// nothing (`いつも`, always).
fn question_parts(h: &[char]) -> Vec<String> {
    let s = shared();
    let n = h.len();
    // Whether h[a..b] is empty or particles and function words.
    let seq = |a: usize, b: usize| a == b || function_only(&h[a..b]);
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let hit = s
            .question_intents
            .keys()
            .filter(|k| {
                let k: Vec<char> = k.chars().collect();
                k.iter().all(|c| is_hiragana(*c))
                    && i + k.len() <= n
                    && h[i..i + k.len()] == k[..]
                    && h.get(i + k.len()) != Some(&'も')
                    && seq(0, i)
                    && seq(i + k.len(), n)
            })
            .max_by_key(|k| k.chars().count());
        match hit {
            Some(k) => {
                out.push(k.clone());
                i += k.chars().count();
            }
            None => i += 1,
        }
    }
    out
}

/// Whether `c` is a kanji (a kana/kanji character that is no kana and no `ー`).
fn is_kanji(c: char) -> bool {
    char_class(c) == CharClass::Cjk && !is_hiragana(c) && !is_katakana(c) && c != 'ー'
}

/// Whether a hiragana stretch is a small `っ` and then a te-form's ending that no topic
/// `って` has: a function word of two characters or more starting with `て` or `ち`
/// (`てた`, `ている`, `ちゃった`), then function words or nothing. `間違ってた` is a verb's
/// stem (`間違っ`) whatever comes before it; `発表文って` and `発表文ってどう` are a topic.
fn te_form(h: &[char]) -> bool {
    h.len() > 2
        && h[0] == 'っ'
        && shared().function_words.iter().any(|w| {
            let w: Vec<char> = w.chars().collect();
            w.len() >= 2
                && matches!(w[0], 'て' | 'ち')
                && h[1..].starts_with(&w)
                && (h.len() == 1 + w.len() || function_only(&h[1 + w.len()..]))
        })
}

/// Splits a kana/kanji run of a query into its parts: a hiragana stretch made of function
/// words separates; one that follows a kanji or katakana and ends in function words keeps
/// its first one or two characters (the okurigana: `消えた` → `消え`; never cut before a
/// small `っ`, which belongs to the verb: `決まってない` → `決まっ`). Right after a
/// kanji, a stretch that starts with `okuriganaBeforeAuxiliary` (`れ`, `ら`) keeps that
/// character even when the whole stretch could be function words (`漏れた` → `漏れ`, not
/// `漏` + `れた`; `取られた` → `取ら`), and so does one whose second character is `れ`,
/// a passive after the verb's stem (`聞かれた` → `聞か`, not `聞` + `か` + `れた`); after
/// one kanji alone, a stretch of `し` and function words keeps its `し`, a verb's stem in
/// `す` (`消した` → `消し`; `連絡した` → `連絡`, as `する` follows a noun of two kanji),
/// and one of a small `っ` and function words its `っ` (`黙っておく` → `黙っ`), as does one
/// of a small `っ` and a te-form's ending after any kanji ([`te_form`]: `間違ってた` →
/// `間違っ`).
fn split_run(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_hiragana(chars[i]) {
            cur.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_hiragana(chars[i]) {
            i += 1;
        }
        let h = &chars[start..i];
        let after_kanji = start > 0 && is_kanji(chars[start - 1]);
        let okurigana = after_kanji
            && h.len() > 1
            && shared().okurigana_before_auxiliary.iter().any(|k| k.chars().eq(h[..1].iter().copied()));
        // A passive after a verb's stem that is also a particle (`聞かれた`: `か` + `れた`,
        // `選ばれた`: `ば` + `れた`): the stem's kana is okurigana, not a particle.
        // Not a conditional (`連絡すれば`: `れば`).
        let stem_before_passive = after_kanji && h.len() > 2 && h[1] == 'れ' && h[2] != 'ば' && function_only(&h[1..]);
        // After one kanji alone, `し` + function words is a verb's stem in `す` (`消した`,
        // `戻して`), not `する` after a noun, which takes two kanji or more (`連絡した`).
        let one_kanji = after_kanji && (start == 1 || !is_kanji(chars[start - 2]));
        let stem_in_su = one_kanji && h.len() > 1 && h[0] == 'し' && function_only(&h[1..]);
        // After one kanji alone, a small `っ` + function words ends a verb's stem (`黙って`,
        // `謝っておけば`): the `って` of a topic follows a noun of two kanji or more
        // (`発表文って`). After any kanji, so does a `っ` + a te-form's ending no topic has
        // (`間違ってた`).
        let stem_in_sokuon =
            (one_kanji && h.len() > 1 && h[0] == 'っ' && function_only(&h[1..])) || (after_kanji && te_form(h));
        let kept = if function_only(h) {
            Some(usize::from(okurigana || stem_before_passive || stem_in_su || stem_in_sokuon))
        } else if start > 0 {
            (1..=2).find(|p| *p < h.len() && h[*p] != 'っ' && function_only(&h[*p..]))
        } else {
            None
        };
        match kept {
            Some(p) => {
                cur.extend(&h[..p]);
                // A question word right before `も` asks nothing (`誰も`, nobody).
                if p == 0 && h[0] == 'も' && shared().question_intents.contains_key(&cur) {
                    cur.clear();
                }
                if !cur.is_empty() {
                    parts.push(std::mem::take(&mut cur));
                }
                parts.extend(question_parts(&h[p..]));
            }
            None => cur.extend(h),
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// The words of a query (see the module doc), each once.
pub fn words(query: &str) -> Vec<Word> {
    let s = shared();
    let mut normalized = normalize(query);
    if let Some((cut, _)) = normalized.char_indices().nth(s.max_query_chars) {
        normalized.truncate(cut);
    }
    let all = runs(&normalized);
    let mut out: Vec<Word> = Vec::new();
    let mut push = |w: Word| {
        if !out.iter().any(|o| o.text == w.text && o.cjk == w.cjk) {
            out.push(w);
        }
    };
    for (i, run) in all.iter().enumerate() {
        let last = i + 1 == all.len() && run.offset + run.text.len() == normalized.len();
        match run.class {
            CharClass::Cjk => {
                for part in split_run(run.text) {
                    if s.question_intents.contains_key(&part) {
                        push(Word { text: part, cjk: true, prefix: false });
                        continue;
                    }
                    if s.question_words.contains(&part) {
                        continue;
                    }
                    let one = part.chars().count() == 1;
                    if !(one && part.chars().all(is_hiragana)) {
                        push(Word { text: part, cjk: true, prefix: one });
                    }
                }
            }
            CharClass::Word => {
                let w = run.text;
                let n = w.chars().count();
                if n > s.max_word_chars || s.stop_words.iter().any(|x| x == w) {
                    continue;
                }
                push(Word { text: w.to_owned(), cjk: false, prefix: last && n >= 2 });
            }
            CharClass::Other => {}
        }
    }
    out
}

/// The clauses of one word: a kana/kanji word's bigrams (a one-character word: itself,
/// as a prefix too), a Latin word with its stem (and as a prefix, when it is one); a
/// question word with the words that answer it too (`questionIntents`: `when` matches
/// `timing` and its stem `time`).
pub fn clauses(w: &Word) -> Vec<Clause> {
    if w.cjk
        && let Some(intents) = shared().question_intents.get(&w.text)
    {
        // A Japanese question word: the bigrams of the words that answer it.
        let mut out: Vec<Clause> = Vec::new();
        for intent in intents {
            for g in bigrams(intent) {
                let c = Clause { terms: vec![g.to_owned()], prefix: None };
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        return out;
    }
    if w.cjk {
        if w.text.chars().count() == 1 {
            return vec![Clause { terms: vec![w.text.clone()], prefix: Some(w.text.clone()) }];
        }
        let mut out: Vec<Clause> = Vec::new();
        for g in bigrams(&w.text) {
            let c = Clause { terms: vec![g.to_owned()], prefix: None };
            if !out.contains(&c) {
                out.push(c);
            }
        }
        return out;
    }
    let mut terms = vec![w.text.clone()];
    terms.extend(stem(&w.text));
    for intent in shared().question_intents.get(&w.text).into_iter().flatten() {
        for t in std::iter::once(intent.clone()).chain(stem(intent)) {
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
    }
    vec![Clause { terms, prefix: w.prefix.then(|| w.text.clone()) }]
}

/// The terms of an index's term dictionary that start with `prefix`, with the number of
/// documents each occurs in (summed over the text fields).
pub fn prefix_candidates(
    searcher: &Searcher,
    index: &LangIndex,
    prefix: &str,
) -> Result<BTreeMap<String, u64>, SearchError> {
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for seg in searcher.segment_readers() {
        for field in index.fields.text {
            let inv = seg.inverted_index(field).map_err(|e| index_err(index, e))?;
            let mut stream =
                inv.terms().range().ge(prefix.as_bytes()).into_stream().map_err(|e| index_err(index, e.into()))?;
            while stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                let info = stream.value();
                // In a segment with deleted documents, only the others count.
                let df = if seg.num_deleted_docs() == 0 {
                    u64::from(info.doc_freq)
                } else {
                    let mut p = inv
                        .read_postings_from_terminfo(info, IndexRecordOption::Basic)
                        .map_err(|e| index_err(index, e.into()))?;
                    let mut live = 0u64;
                    each_live(seg, &mut p, |_, _| live += 1);
                    live
                };
                *out.entry(String::from_utf8_lossy(key).into_owned()).or_default() += df;
            }
        }
    }
    // A term only deleted documents had is not the index's any more.
    out.retain(|_, df| *df > 0);
    Ok(out)
}

/// The expansions of a prefix: the `maxExpansions` candidates in most documents,
/// leaving out terms the clause has already. Returned in term order.
pub fn expand_prefix(candidates: &BTreeMap<String, u64>, exclude: &[String]) -> Vec<String> {
    let mut c: Vec<(&String, u64)> =
        candidates.iter().filter(|(t, _)| !exclude.contains(t)).map(|(t, n)| (t, *n)).collect();
    c.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    c.truncate(shared().max_expansions);
    let mut terms: Vec<String> = c.into_iter().map(|(t, _)| t.clone()).collect();
    terms.sort();
    terms
}

/// The terms a clause stands for, its prefix expanded against the index.
pub fn resolve(index: &LangIndex, clause: &Clause) -> Result<Vec<String>, SearchError> {
    let mut terms = clause.terms.clone();
    if let Some(p) = &clause.prefix {
        let cands = prefix_candidates(&index.reader.searcher(), index, p)?;
        terms.extend(expand_prefix(&cands, &clause.terms));
    }
    Ok(terms)
}

pub(super) fn index_err(index: &LangIndex, source: tantivy::TantivyError) -> SearchError {
    SearchError::Query { lang: index.lang.clone(), source }
}

/// One result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The language of the index it comes from.
    pub lang: String,
    pub url: String,
    pub guide: String,
    pub section: String,
    pub heading: String,
    pub score: f32,
    /// True when the document covers only part of the query.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// The query as rewritten, when a rewritten variant answers rather than what was typed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// True when the query did not find the section: it is related to the first results
    /// (see [`super::related`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub related: bool,
    /// The document's number in the index (and in the browser export).
    #[serde(skip)]
    pub doc: u32,
}

/// The outcome of a query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// True when some of the hits are partial matches.
    pub partial: bool,
}

impl Outcome {
    pub fn empty() -> Outcome {
        Outcome { hits: Vec::new(), partial: false }
    }

    /// "Showing results for …": the rewritten query that answers first, when the first
    /// result answers a variant rather than the query as typed.
    pub fn showing(&self) -> Option<&str> {
        self.hits.first().and_then(|h| h.via.as_deref())
    }
}

/// How a query is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Rewrite the query with the lexicon (false: "search for what I typed instead").
    pub expand: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { expand: true }
    }
}

/// Runs a query with the default options: its top `limit` results, one per section.
pub fn search(index: &LangIndex, query: &str, limit: usize) -> Result<Outcome, SearchError> {
    search_with(index, query, limit, Options::default())
}

/// Runs a query: its top `limit` results, one per section (see the module doc).
pub fn search_with(index: &LangIndex, query: &str, limit: usize, opts: Options) -> Result<Outcome, SearchError> {
    let typed = words(query);
    if typed.is_empty() || limit == 0 {
        return Ok(Outcome::empty());
    }
    let variants = if opts.expand {
        super::expand::variants(&typed, &|key| index.lexicon.get(key))
    } else {
        vec![super::expand::Variant::typed(typed)]
    };
    super::rank::run(index, &variants, limit)
}

/// The outcome a site's pages show (`js/searcher.mjs` `SiteSearch`): `primary`, the
/// outcome in the page's language, when it has a full match; else the first outcome of
/// `others` (the other languages, in order, searched only now) with a full match; else
/// `primary` when it has partial matches, or the first of `others` that has some.
pub fn with_fallback(
    primary: Outcome,
    others: impl IntoIterator<Item = Result<Outcome, SearchError>>,
) -> Result<Outcome, SearchError> {
    let full = |o: &Outcome| o.hits.iter().any(|h| !h.partial);
    if full(&primary) {
        return Ok(primary);
    }
    let mut fallback = (!primary.hits.is_empty()).then_some(primary);
    for other in others {
        let other = other?;
        if full(&other) {
            return Ok(other);
        }
        if fallback.is_none() && !other.hits.is_empty() {
            fallback = Some(other);
        }
    }
    Ok(fallback.unwrap_or_else(Outcome::empty))
}

/// The top-level section of a section id: `s3` for `s3` and `s3-2`.
pub fn top_section(id: &str) -> &str {
    id.split_once('-').map_or(id, |(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(q: &str) -> Vec<String> {
        words(q).into_iter().map(|w| w.text).collect()
    }

    #[test]
    fn a_query_is_read_up_to_its_first_characters() {
        let max = shared().max_query_chars;
        let q = format!("{}𠮷野家報告 more words", "incident ".repeat((max - 4) / 9));
        assert_eq!(texts(&q), ["incident", "𠮷野家報"], "cut after {max} characters, within a word");
        let pasted: String = (0..10_000).map(|i| format!("word{i} ")).collect();
        assert!(words(&pasted).len() <= max / 2, "a pasted page is cut too");
    }

    #[test]
    fn putting_something_aside_and_knowing_are_how_a_question_is_put() {
        assert_eq!(texts("伝えておいた"), ["伝え"], "ておいた");
        assert_eq!(texts("隠しておこう"), ["隠し"], "ておこう");
        assert_eq!(texts("連絡しといて"), ["連絡"], "しといて");
        assert_eq!(texts("原因 わかった"), ["原因"], "わかった");
        assert_eq!(texts("黙っておく"), ["黙っ"], "a small っ after one kanji ends a verb's stem");
        assert_eq!(texts("謝っておけば"), ["謝っ"]);
        assert_eq!(texts("発表文って"), ["発表文"], "って after a noun of two kanji or more is a topic");
        assert_eq!(texts("発表文ってどう"), ["発表文"], "a topic, then a question word");
        assert_eq!(texts("内容 間違ってた"), ["内容", "間違っ"], "a te-form's ending after two kanji: a verb");
        assert_eq!(texts("手順 間違っちゃった"), ["手順", "間違っ"]);
        assert_eq!(texts("報告書 残っている"), ["報告書", "残っ"], "after one kanji, as before");
        assert_eq!(texts("お客さんに 訴えられそう"), ["お客", "訴え"], "そう of how something seems, after a passive");
        assert_eq!(texts("データ 消えそう"), ["データ", "消え"]);
        assert_eq!(texts("盗まれそう 情報"), ["盗ま", "情報"]);
        assert_eq!(texts("間に合わなさそう"), ["間", "合わ"]);
        assert_eq!(texts("ログ 消したっぽい"), ["ログ", "消し"], "っぽい of how it looks");
        assert_eq!(texts("手順書 作ったきり"), ["手順書", "作っ"], "きり: and nothing since");
        assert_eq!(texts("漏洩かな"), ["漏洩"], "かな of wondering");
        assert_eq!(texts("原因 何だっけ"), ["原因"], "っけ of trying to remember");
        assert_eq!(texts("バックアップ あるじゃん"), ["バックアップ"]);
        assert_eq!(texts("報告 したよね"), ["報告"]);
        assert_eq!(texts("説明 よくない"), ["説明"], "くない of an adjective's negation");
        assert_eq!(texts("これって 障害?"), ["障害"], "a demonstrative asks about nothing");
        assert_eq!(texts("その ログ 残ってる"), ["ログ", "残っ"]);
    }

    #[test]
    fn particles_and_function_words_separate_and_okurigana_stays() {
        assert_eq!(texts("経営層への報告"), ["経営層", "報告"]);
        assert_eq!(texts("データ 消えた どうする"), ["データ", "消え"]);
        assert_eq!(texts("感染したらどうすればいい"), ["感染"]);
        assert_eq!(texts("取り扱い"), ["取り扱い"]);
        assert_eq!(texts("ぜい弱性"), ["ぜい弱性"]);
        assert_eq!(texts("の"), Vec::<String>::new());
        assert_eq!(texts("how to tell the customers"), ["how", "tell", "customers"], "optional words stay");
        assert_eq!(texts("情報 漏れたかも"), ["情報", "漏れ"], "れ after a kanji is okurigana");
        assert_eq!(
            texts("顧客に聞かれた"),
            ["顧客", "聞か"],
            "a verb's stem before a passive is okurigana, not a particle"
        );
        assert_eq!(texts("委員に選ばれた"), ["委員", "選ば"]);
        // The stems of verbs of asking and telling, as `optionalWords` spells them.
        for (q, stem) in
            [("役員に言われた", "言わ"), ("手順を教えて", "教え"), ("原因を知りたい", "知り"), ("上司に聞いた", "聞い")]
        {
            assert_eq!(texts(q).last().map(String::as_str), Some(stem), "{q}");
            assert!(shared().optional_words.iter().any(|w| w == stem), "{stem} is optional");
        }
        assert_eq!(texts("担当が決まってない"), ["担当", "決まっ"], "a verb's small っ stays with its stem");
        assert_eq!(texts("データ 消した"), ["データ", "消し"], "a verb in す: its stem stays");
        assert_eq!(texts("顧客に連絡した"), ["顧客", "連絡"], "する after a noun goes");
        assert_eq!(texts("how many users were actually affected"), ["how", "users", "affected"], "stop words go");
        assert_eq!(texts("one message across every statement"), ["one", "message", "statement"], "as each and into do");
        assert_eq!(texts("the customer's own data"), ["customer", "data"], "a possessive's s goes, and own");
        assert_eq!(texts("we don't know if they're able to restore"), ["restore"], "so do contractions' pieces");
        assert_eq!(texts("パソコン 乗っ取られた"), ["パソコン", "乗っ取ら"]);
        assert_eq!(texts("感染しちゃったら"), ["感染"]);
        assert_eq!(texts("誰に連絡すればいいの"), ["誰", "連絡"], "a question word with intents stays");
        assert_eq!(texts("何に連絡すればいいの"), ["連絡"], "a kanji question word without intents is dropped");
        assert_eq!(texts("復旧はいつ終わるか"), ["復旧", "いつ", "終わる"], "so does one in hiragana");
        assert_eq!(texts("いつまでに公表"), ["いつ", "公表"]);
        assert_eq!(texts("いつも障害"), ["障害"], "いつも asks nothing");
        assert_eq!(texts("誰も知らない障害"), ["知ら", "障害"], "nor does 誰も");
        assert_eq!(texts("どうすればいい"), Vec::<String>::new(), "one without intents goes");
        assert_eq!(texts("何を公表しなければいけない"), ["公表"]);
        assert_eq!(texts("what to say when customers call"), ["what", "say", "when", "customers", "call"]);
    }

    #[test]
    fn a_lone_kanji_and_the_last_latin_word_are_prefixes() {
        let w = words("P2P ト");
        assert!(!w[0].prefix && w[1].prefix);
        assert!(words("backu")[0].prefix && !words("backu ")[0].prefix);
    }

    #[test]
    fn a_question_word_also_matches_the_words_that_answer_it() {
        let when = Word { text: "when".to_owned(), cjk: false, prefix: false };
        assert_eq!(
            clauses(&when),
            [Clause { terms: vec!["when".into(), "timing".into(), "time".into()], prefix: None }]
        );
        let how = Word { text: "how".to_owned(), cjk: false, prefix: false };
        assert_eq!(clauses(&how), [Clause { terms: vec!["how".into()], prefix: None }]);
        // A Japanese question word: the bigrams of its intents, and nothing of itself.
        let itsu = Word { text: "いつ".to_owned(), cjk: true, prefix: false };
        let terms: Vec<String> = clauses(&itsu).into_iter().flat_map(|c| c.terms).collect();
        assert_eq!(terms, ["タイ", "イミ", "ミン", "ング", "時期"]);
    }
}
