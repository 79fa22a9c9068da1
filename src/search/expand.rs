//! Query expansion: a query's words, rewritten with the site's lexicon into *variants*.
//! The browser engine does the same (`js/tokenizer.mjs` `variants`), with the lexicon
//! shards it loads for the characters of the query.
//!
//! 1. *Spans*: in each kana/kanji word, from its start, the longest lexicon key that
//!    starts at each position (of 2 to `maxKeyChars` characters) is a span, and the search
//!    goes on after it; a span cuts a katakana stretch only where a word can end — not
//!    before `ー` or a small kana, and only for a key of 3 characters or more (`レポート`
//!    of `インシデントレポート`; not `イミ` of `タイミング`, nor `フォロ` of `フォローアプ`:
//!    katakana words are written without a break, so a short key inside one is a
//!    coincidence); Latin words are matched the same way, as sequences of up to
//!    `maxKeyWords` words compared by their stems (`match_form`).
//! 2. *Variants*: every span is kept as typed or replaced by one of its targets; a
//!    variant's weight is the product of the weights of the kinds it used (typed: 1).
//!    `maxVariants` are searched: the query as typed first, then each span replaced by its
//!    first target alone (so that a word with many synonyms cannot crowd out a correction
//!    of another word: `気密情報 公開` keeps `機密情報 公開` whatever `公開`'s synonyms), then
//!    the heaviest of the rest; ties in the order of their choices (span by span, typed
//!    first, then the targets in lexicon order).
//! 3. A variant's text is the words with the replacements put in (a replaced piece of a
//!    kana/kanji word stays joined to the rest of it, so `以上検知` becomes `異常検知`, one
//!    word), analyzed again as a query; prefixes stay only in the query as typed.
//! 4. A homophone put inside a longer kana/kanji word must join it as the site writes
//!    it: of the bigrams across its edges with the rest of the word, the index must have
//!    one ([`Variant::joins`], checked by [`super::rank::run`]). `以上検知` → `異常検知`
//!    stands (`常検` is the site's), but `確定申告` → `確定深刻` does not (`定深` is no
//!    word anywhere): an IME slip of a site word inside a compound gives a compound of
//!    the site, and a query about something the site never mentions finds nothing.

use super::lexicon::{Kind, Lookup, Targets, match_form};
use super::query::{Word, words};
use super::shared::shared;
use super::tokenizer::{CharClass, SMALL_KANA, char_class, is_katakana, normalize};

/// One way of reading the query.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Variant {
    pub words: Vec<Word>,
    /// 1 for the query as typed; the product of its expansions' weights otherwise.
    pub weight: f32,
    /// The variant's words, space-separated (what "showing results for" names).
    pub text: String,
    /// Per homophone put inside a kana/kanji word, the bigrams joining it to the rest of
    /// the word: the variant is searched only when the index has one of each (step 4).
    pub joins: Vec<Vec<String>>,
}

impl Variant {
    /// The query as typed.
    pub fn typed(words: Vec<Word>) -> Variant {
        let text = join(&words);
        Variant { words, weight: 1.0, text, joins: Vec::new() }
    }
}

fn join(ws: &[Word]) -> String {
    ws.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// A matched key: word `word`, characters (kana/kanji) or words (Latin) `from..to`.
#[derive(Debug, Clone)]
struct Span<'l> {
    word: usize,
    from: usize,
    to: usize,
    targets: &'l Targets,
}

/// Whether `chars[from..to]` may be a span (step 1): where it cuts a katakana stretch (its
/// edge falls between two katakana characters), it is 3 characters or more and the cut is
/// not before `ー` or a small kana.
fn cuts_katakana_well(chars: &[char], from: usize, to: usize) -> bool {
    let inside = |i: usize| i > 0 && i < chars.len() && is_katakana(chars[i - 1]) && is_katakana(chars[i]);
    let bad = |i: usize| inside(i) && (chars[i] == 'ー' || SMALL_KANA.contains(chars[i]));
    !bad(from) && !bad(to) && (to - from >= 3 || !(inside(from) || inside(to)))
}

/// The spans of the query's words (step 1).
fn spans<'l>(ws: &[Word], lookup: &Lookup<'l>) -> Vec<Span<'l>> {
    let s = shared();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if ws[i].cjk {
            let chars: Vec<char> = ws[i].text.chars().collect();
            let mut at = 0;
            while at < chars.len() {
                let longest = (2..=s.max_key_chars.min(chars.len() - at)).rev().find_map(|n| {
                    if !cuts_katakana_well(&chars, at, at + n) {
                        return None;
                    }
                    let key: String = chars[at..at + n].iter().collect();
                    lookup(&key).map(|t| (n, t))
                });
                match longest {
                    Some((n, targets)) => {
                        out.push(Span { word: i, from: at, to: at + n, targets });
                        at += n;
                    }
                    None => at += 1,
                }
            }
            i += 1;
            continue;
        }
        let run = ws[i..].iter().take_while(|w| !w.cjk).count().min(s.max_key_words);
        let longest = (1..=run).rev().find_map(|n| {
            let key = ws[i..i + n].iter().map(|w| match_form(&w.text)).collect::<Vec<_>>().join(" ");
            lookup(&key).map(|t| (n, t))
        });
        match longest {
            Some((n, targets)) => {
                out.push(Span { word: i, from: 0, to: n, targets });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// The text of a variant: the words with the chosen replacements (`choice[k]`: 0 typed,
/// `t + 1` the span's target `t`); and its joins (see [`Variant::joins`]).
fn rewrite(ws: &[Word], spans: &[Span<'_>], choice: &[usize]) -> (String, Vec<Vec<String>>) {
    let mut out: Vec<String> = Vec::new();
    let mut joins = Vec::new();
    let cjk = |c: char| char_class(c) == CharClass::Cjk;
    let mut k = 0;
    let mut i = 0;
    while i < ws.len() {
        if ws[i].cjk {
            let chars: Vec<char> = ws[i].text.chars().collect();
            let mut text = String::new();
            // The homophones put in: where they stand in `text`, in characters.
            let mut put: Vec<(usize, usize)> = Vec::new();
            let mut at = 0;
            while k < spans.len() && spans[k].word == i {
                let sp = &spans[k];
                text.extend(&chars[at..sp.from]);
                match choice[k] {
                    0 => text.extend(&chars[sp.from..sp.to]),
                    t => {
                        let (target, kind) = &sp.targets[t - 1];
                        // A Latin target cannot join the kana/kanji around it.
                        if target.chars().all(cjk) {
                            let start = text.chars().count();
                            text.push_str(target);
                            if *kind == Kind::Homophone {
                                put.push((start, text.chars().count()));
                            }
                        } else {
                            text.push(' ');
                            text.push_str(target);
                            text.push(' ');
                        }
                    }
                }
                at = sp.to;
                k += 1;
            }
            text.extend(&chars[at..]);
            let cs: Vec<char> = text.chars().collect();
            for (from, to) in put {
                let mut sides = Vec::new();
                if from > 0 && cjk(cs[from - 1]) {
                    sides.push(normalize(&cs[from - 1..from + 1].iter().collect::<String>()));
                }
                if to < cs.len() && cjk(cs[to]) {
                    sides.push(normalize(&cs[to - 1..to + 1].iter().collect::<String>()));
                }
                if !sides.is_empty() {
                    joins.push(sides);
                }
            }
            out.push(text);
            i += 1;
        } else if k < spans.len() && spans[k].word == i {
            let sp = &spans[k];
            match choice[k] {
                0 => out.extend(ws[i..i + sp.to].iter().map(|w| w.text.clone())),
                t => out.push(sp.targets[t - 1].0.clone()),
            }
            i += sp.to;
            k += 1;
        } else {
            out.push(ws[i].text.clone());
            i += 1;
        }
    }
    (out.join(" "), joins)
}

/// The order of choices of equal weight: the one whose deepest target is nearer its
/// span's first comes first, so that each span's first target is tried before any span's
/// second (`who signs off on the public statement` tries `approval` for `signs off` as
/// well as the targets of `public statement`), then in choice order.
fn by_choice(a: &[usize], b: &[usize]) -> std::cmp::Ordering {
    let deepest = |c: &[usize]| c.iter().copied().max().unwrap_or(0);
    deepest(a).cmp(&deepest(b)).then_with(|| a.cmp(b))
}

/// Whether a choice keeps every span as typed but at most one, replaced by its first
/// target: the variants searched before any other (see the module doc).
fn single(c: &[usize]) -> bool {
    c.iter().filter(|x| **x != 0).count() <= 1 && c.iter().all(|x| *x <= 1)
}

/// The variants of a query's words (see the module doc), the query as typed first.
pub fn variants<'l>(ws: &[Word], lookup: &Lookup<'l>) -> Vec<Variant> {
    let spans = spans(ws, lookup);
    let max = shared().max_variants;
    // Every choice of a target (or none) per span: the [`single`] ones first, then the
    // heaviest, ties by [`by_choice`]. (A choice made longer by a span never becomes
    // single again, nor heavier, so cutting the list after each span keeps the best.)
    let mut choices: Vec<(f32, Vec<usize>)> = vec![(1.0, Vec::new())];
    for sp in &spans {
        let mut next = Vec::with_capacity(choices.len() * (sp.targets.len() + 1));
        for (w, c) in &choices {
            for opt in 0..=sp.targets.len() {
                let weight = if opt == 0 { *w } else { *w * sp.targets[opt - 1].1.weight() };
                let mut c = c.clone();
                c.push(opt);
                next.push((weight, c));
            }
        }
        next.sort_by(|a, b| {
            single(&b.1).cmp(&single(&a.1)).then(b.0.total_cmp(&a.0)).then_with(|| by_choice(&a.1, &b.1))
        });
        next.truncate(max);
        choices = next;
    }
    let mut out: Vec<Variant> = Vec::new();
    for (weight, choice) in choices {
        if choice.iter().all(|c| *c == 0) {
            out.insert(0, Variant::typed(ws.to_vec()));
            continue;
        }
        let (text, joins) = rewrite(ws, &spans, &choice);
        let mut vws = words(&text);
        for w in &mut vws {
            w.prefix = w.cjk && w.text.chars().count() == 1;
        }
        if vws.is_empty() || out.iter().any(|v| v.words == vws) {
            continue;
        }
        let text = join(&vws);
        out.push(Variant { words: vws, weight, text, joins });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::lexicon::Kind;
    use std::collections::BTreeMap;

    fn lexicon(entries: &[(&str, &str, Kind)]) -> BTreeMap<String, Vec<(String, Kind)>> {
        let mut m: BTreeMap<String, Vec<(String, Kind)>> = BTreeMap::new();
        for (k, t, kind) in entries {
            m.entry((*k).to_owned()).or_default().push(((*t).to_owned(), *kind));
        }
        m
    }

    fn texts(q: &str, lex: &BTreeMap<String, Vec<(String, Kind)>>) -> Vec<(String, f32)> {
        variants(&words(q), &|k| lex.get(k).map(Vec::as_slice)).into_iter().map(|v| (v.text, v.weight)).collect()
    }

    #[test]
    fn a_homophone_inside_a_compound_rewrites_the_compound() {
        let lex = lexicon(&[("以上", "異常", Kind::Homophone)]);
        let w = Kind::Homophone.weight();
        assert_eq!(texts("以上検知", &lex), [("以上検知".to_owned(), 1.0), ("異常検知".to_owned(), w)]);
    }

    #[test]
    fn a_homophone_inside_a_word_records_the_bigrams_joining_it() {
        let joins = |q: &str, lex: &BTreeMap<String, Vec<(String, Kind)>>| {
            variants(&words(q), &|k| lex.get(k).map(Vec::as_slice)).into_iter().map(|v| v.joins).collect::<Vec<_>>()
        };
        let lex = lexicon(&[("以上", "異常", Kind::Homophone), ("申告", "深刻", Kind::Homophone)]);
        assert_eq!(joins("以上検知", &lex), [vec![], vec![vec!["常検".to_owned()]]]);
        assert_eq!(joins("確定申告", &lex), [vec![], vec![vec!["定深".to_owned()]]]);
        assert_eq!(joins("前以上後", &lex), [vec![], vec![vec!["前異".to_owned(), "常後".to_owned()]]], "either side");
        let whole = joins("申告 以上", &lex);
        assert!(whole.len() == 4 && whole.iter().all(Vec::is_empty), "whole words join nothing: {whole:?}");
        let other = lexicon(&[("申告", "深刻", Kind::Synonym)]);
        let synonym = joins("確定申告", &other);
        assert!(synonym.len() == 2 && synonym.iter().all(Vec::is_empty), "only a homophone must join: {synonym:?}");
    }

    #[test]
    fn the_longest_key_wins_and_latin_keys_match_stems() {
        let lex = lexicon(&[
            ("取扱", "取り扱い", Kind::Variant),
            ("取扱い", "取り扱い", Kind::Variant),
            ("hack", "breach", Kind::Synonym),
            ("remot work", "telework", Kind::Synonym),
        ]);
        assert_eq!(texts("取扱い", &lex)[1].0, "取り扱い");
        assert_eq!(texts("hacked", &lex)[1].0, "breach");
        assert_eq!(texts("remote working rules", &lex)[1].0, "telework rules");
    }

    #[test]
    fn a_short_key_does_not_cut_a_katakana_stretch() {
        let lex = lexicon(&[
            ("イミ", "意味", Kind::Reading),
            ("フォロ", "フォロー", Kind::Variant),
            ("レポート", "報告書", Kind::Synonym),
            ("検知", "探知", Kind::Synonym),
        ]);
        assert_eq!(texts("タイミング", &lex).len(), 1, "イミ inside タイミング: two characters");
        assert_eq!(texts("フォローアプ", &lex).len(), 1, "フォロ: a cut before ー");
        let v: Vec<String> = texts("インシデントレポート", &lex).into_iter().map(|v| v.0).collect();
        assert_eq!(v, ["インシデントレポート", "インシデント報告書"], "a katakana word inside a compound");
        let v: Vec<String> = texts("イミ検知", &lex).into_iter().map(|v| v.0).collect();
        assert_eq!(v, ["イミ検知", "意味検知", "イミ探知", "意味探知"], "a katakana stretch of its own");
    }

    #[test]
    fn variants_are_the_typed_query_then_each_first_target_alone_then_the_heaviest() {
        let lex = lexicon(&[
            ("公報", "広報", Kind::Homophone),
            ("連携", "協力", Kind::Synonym),
            ("連携", "提携", Kind::Synonym),
        ]);
        let v = texts("公報 連携", &lex);
        assert_eq!(v[0].0, "公報 連携");
        assert_eq!(v[1].0, "公報 協力", "the heavier single first");
        assert_eq!(v[2].0, "広報 連携");
        assert!(v.windows(2).skip(3).all(|p| p[0].1 >= p[1].1), "then the heaviest: {v:?}");
        assert_eq!(v.len(), 6);
    }

    #[test]
    fn a_word_with_many_synonyms_does_not_crowd_out_a_correction_of_another() {
        let mut entries = vec![("気密", "機密", Kind::Homophone)];
        let synonyms = ["情報開示", "開示", "発表", "公表", "告知", "周知", "掲示", "リリース"];
        entries.extend(synonyms.iter().map(|t| ("公開", *t, Kind::Synonym)));
        let lex = lexicon(&entries);
        let v: Vec<String> = texts("気密情報 公開", &lex).into_iter().map(|v| v.0).collect();
        assert_eq!(v.len(), shared().max_variants);
        assert!(v.contains(&"機密情報 公開".to_owned()), "{v:?}");
    }

    #[test]
    fn each_span_s_first_target_is_tried_before_any_span_s_second() {
        let lex = lexicon(&[
            ("sign off", "approval", Kind::Synonym),
            ("public statement", "announcement", Kind::Synonym),
            ("public statement", "disclosure", Kind::Synonym),
            ("public statement", "press release", Kind::Synonym),
            ("public statement", "notice", Kind::Synonym),
            ("public statement", "publication", Kind::Synonym),
            ("public statement", "release", Kind::Synonym),
            ("public statement", "bulletin", Kind::Synonym),
        ]);
        let v: Vec<String> = texts("who signs off on the public statement", &lex).into_iter().map(|v| v.0).collect();
        assert_eq!(v.len(), shared().max_variants);
        assert_eq!(v[1], "who signs off announcement");
        assert_eq!(v[2], "who approval public statement", "not crowded out by the second span's targets: {v:?}");
    }
}
