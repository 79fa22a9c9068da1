//! The lexicon on small made-up sites: one kind of expansion each.

use super::*;
use crate::search::schema::{Kind as DocKind, SearchDoc};

fn site(texts: &[&str]) -> Vec<SearchDoc> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| SearchDoc {
            guide: "g".into(),
            guide_title: "手引き".into(),
            section: format!("s{}", i + 1),
            heading: String::new(),
            body: (*t).to_owned(),
            kind: DocKind::Body,
            url: format!("ja/g/#s{}", i + 1),
        })
        .collect()
}

fn targets(lex: &Lexicon, key: &str) -> Vec<(String, Kind)> {
    lex.get(key).map(<[_]>::to_vec).unwrap_or_default()
}

fn has(lex: &Lexicon, key: &str, target: &str, kind: Kind) -> bool {
    targets(lex, key).iter().any(|(t, k)| t == target && *k == kind)
}

/// The dictionary spellings in the site's runs found by trying every substring up to the
/// longest spelling: what [`site_spellings`] finds stopping where no spelling goes on.
fn every_spelling_in<'d>(d: &'d Dict<'_>, site: &SiteText) -> BTreeMap<&'d str, (Vec<u32>, usize)> {
    let mut found: BTreeMap<&str, (Vec<u32>, usize)> = BTreeMap::new();
    for run in site.runs() {
        let chars: Vec<char> = run.chars().collect();
        for i in 0..chars.len() {
            if i > 0 && is_katakana(chars[i]) && is_katakana(chars[i - 1]) {
                continue;
            }
            for j in i + 1..chars.len().min(i + d.max_chars) {
                let ids = d.lookup(&chars[i..=j].iter().collect::<String>()).to_vec();
                if ids.is_empty() || (is_katakana(chars[j]) && chars.get(j + 1).is_some_and(|c| is_katakana(*c))) {
                    continue;
                }
                found.entry(d.spelling(ids[0]).text).or_insert_with(|| (ids, 0)).1 += 1;
            }
        }
    }
    found
}

#[test]
fn stopping_where_no_spelling_goes_on_finds_every_spelling_of_the_bundled_guides() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/ja");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let docs = site(&texts.iter().map(String::as_str).collect::<Vec<_>>());
    let text = GuideText::of(&docs);
    let site = SiteText::new(std::iter::once(&text));
    let d = dict::dict().unwrap();
    let found = site_spellings(&d, &site);
    assert!(found.len() > 1000, "{}", found.len());
    assert!(found.keys().any(|t| t.chars().count() >= 4), "long spellings are found too");
    assert_eq!(found, every_spelling_in(&d, &site));
}

#[test]
fn a_homophone_of_a_site_word_is_a_key_for_it() {
    let lex = build("ja", &site(&["異常検知の仕組みを整える。"]), &[]).unwrap();
    assert!(has(&lex, "以上", "異常", Kind::Homophone), "{:?}", targets(&lex, "以上"));
}

#[test]
fn a_reading_missing_its_small_tsu_still_finds_the_word() {
    let lex = build("ja", &site(&["データの復旧手順。"]), &[]).unwrap();
    assert!(has(&lex, "普及", "復旧", Kind::Homophone), "{:?}", targets(&lex, "普及"));
}

#[test]
fn spelling_variants_lead_to_the_spelling_the_site_uses() {
    let lex = build("ja", &site(&["脆弱性を洗い出す。個人情報の取り扱い。サーバーの冗長化。"]), &[]).unwrap();
    assert!(has(&lex, "ぜい弱", "脆弱", Kind::Variant));
    assert!(has(&lex, "取扱い", "取り扱い", Kind::Variant));
    assert!(lex.get("サーバ").is_some_and(|t| t.iter().any(|(t, _)| t == "サーバー")));
    assert!(lex.get("脆弱").is_none(), "the site's own spelling is no key of itself");
}

#[test]
fn an_inflected_form_leads_to_the_form_the_site_has() {
    let lex = build("ja", &site(&["データが消えてしまった。"]), &[]).unwrap();
    assert!(has(&lex, "消える", "消え", Kind::Inflection), "{:?}", targets(&lex, "消える"));
}

#[test]
fn a_reading_typed_in_hiragana_leads_to_the_word() {
    let lex = build("ja", &site(&["冗長化を進める。"]), &[]).unwrap();
    assert!(has(&lex, "じょうちょう", "冗長", Kind::Reading), "{:?}", targets(&lex, "じょうちょう"));
}

#[test]
fn katakana_inside_a_longer_katakana_word_is_not_a_site_word() {
    let lex = build("ja", &site(&["バックアップを取る。"]), &[]).unwrap();
    assert!(lex.entries.values().flatten().all(|(t, _)| t != "アップ"));
}

#[test]
fn synonyms_expand_only_to_terms_the_site_contains() {
    let groups = vec![Group::of(vec!["テレワーク".to_owned(), "在宅勤務".to_owned(), "リモートワーク".to_owned()])];
    let lex = build("ja", &site(&["在宅勤務の規程。"]), &groups).unwrap();
    assert_eq!(targets(&lex, "テレワーク"), [("在宅勤務".to_owned(), Kind::Synonym)]);
    assert!(lex.get("在宅勤務").is_none(), "no target of 在宅勤務 is in the site");
    let groups = vec![Group::of(vec!["hacked".to_owned(), "data breach".to_owned()])];
    let lex = build("en", &site(&["After a data breach, notify."]), &groups).unwrap();
    assert_eq!(targets(&lex, "hack"), [("data breach".to_owned(), Kind::Synonym)]);
}

#[test]
fn a_synonym_the_site_has_as_two_parts_is_a_target_after_those_it_writes_whole() {
    let group = |terms: &[&str]| vec![Group::of(terms.iter().map(|t| (*t).to_owned()).collect())];
    // `障害報告書` is written nowhere, but `障害` and `報告書` are.
    let lex = build("ja", &site(&["障害の内容を報告書にまとめる。"]), &group(&["インシデントレポート", "障害報告書"]))
        .unwrap();
    assert_eq!(targets(&lex, "インシデントレポート"), [("障害報告書".to_owned(), Kind::Synonym)]);
    // Parts of one character are no words: `障` and `害報告書` do not make `障害報告書`.
    let lex = build("ja", &site(&["障りのある害報告書。"]), &group(&["インシデントレポート", "障害報告書"])).unwrap();
    assert!(lex.get("インシデントレポート").is_none(), "{:?}", lex.entries);
    // A term the site writes whole comes first, though it sorts after.
    let lex = build(
        "ja",
        &site(&["事故の報告書。障害報告書。"]),
        &group(&["インシデントレポート", "事故報告書", "障害報告書"]),
    )
    .unwrap();
    let found: Vec<String> = targets(&lex, "インシデントレポート").into_iter().map(|(t, _)| t).collect();
    assert_eq!(found, ["障害報告書", "事故報告書"]);
}

#[test]
fn a_hyphenated_synonym_is_a_key_written_as_one_word_too() {
    let groups = vec![Group::of(vec![
        "post-mortem".to_owned(),
        "post-incident review".to_owned(),
        "lessons learned".to_owned(),
    ])];
    let lex = build("en", &site(&["The lessons learned."]), &groups).unwrap();
    let learned = [("lessons learned".to_owned(), Kind::Synonym)];
    assert_eq!(targets(&lex, "post mortem"), learned);
    assert_eq!(targets(&lex, "postmortem"), learned, "{:?}", lex.entries);
    assert_eq!(targets(&lex, &format!("postincid {}", match_form("review"))), learned);
}

#[test]
fn the_default_thesaurus_parses_and_can_be_turned_off() {
    assert!(thesaurus("ja").unwrap().len() >= 100 && thesaurus("en").unwrap().len() >= 100);
    let own = vec![vec!["基幹システム".to_owned(), "SAP".to_owned()]];
    assert_eq!(groups("ja", false, &own).unwrap(), [Group::of(own[0].clone())]);
    assert!(groups("ja", true, &own).unwrap().len() > 100);
}

#[test]
fn british_spellings_and_split_compounds_lead_to_the_sites_english_words() {
    let lex = build("en", &site(&["Minimize the risk of a cyberattack; their behavior is an attack."]), &[]).unwrap();
    assert!(
        has(&lex, &match_form("minimise"), "minimize", Kind::Variant),
        "{:?}",
        lex.entries.keys().collect::<Vec<_>>()
    );
    assert!(has(&lex, &match_form("behaviour"), "behavior", Kind::Variant));
    assert!(has(&lex, "cyber attack", "cyberattack", Kind::Variant));
}

#[test]
fn american_spellings_and_set_apart_prefixes_lead_to_a_british_sites_words() {
    let lex = build("en", &site(&["Analysing the enquiry; our defence, a dialogue to coordinate."]), &[]).unwrap();
    assert!(has(&lex, &match_form("analyzing"), "analysing", Kind::Variant), "{:?}", lex.entries);
    assert!(has(&lex, &match_form("defense"), "defence", Kind::Variant));
    assert!(has(&lex, &match_form("inquiry"), "enquiry", Kind::Variant));
    assert!(has(&lex, &match_form("dialog"), "dialogue", Kind::Variant));
    assert!(has(&lex, "co ordin", "coordinate", Kind::Variant));
    assert!(lex.get(&match_form("coordinate")).is_none(), "no key is the site word's own form");
}

#[test]
fn an_e_set_apart_leads_to_the_sites_word() {
    let lex = build("en", &site(&["Notify customers by email and keep the e-commerce records."]), &[]).unwrap();
    assert!(has(&lex, "e mail", "email", Kind::Variant), "{:?}", lex.entries.keys().collect::<Vec<_>>());
}

#[test]
fn british_past_tenses_in_t_and_other_whole_words_find_the_american_spellings() {
    let lex = build("en", &site(&["Lessons learned; a counselor saw the gray caliber line."]), &[]).unwrap();
    assert!(has(&lex, &match_form("learnt"), "learned", Kind::Variant), "{:?}", lex.entries);
    assert!(has(&lex, &match_form("counsellor"), "counselor", Kind::Variant));
    assert!(has(&lex, &match_form("grey"), "gray", Kind::Variant));
    assert!(has(&lex, &match_form("calibre"), "caliber", Kind::Variant));
}

#[test]
fn a_compound_of_two_site_words_typed_apart_finds_the_compound() {
    let lex =
        build("en", &site(&["Take a backup and shut the door; go back up. The shutdown went down."]), &[]).unwrap();
    assert!(has(&lex, "back up", "backup", Kind::Variant), "{:?}", lex.entries);
    assert!(has(&lex, "shut down", "shutdown", Kind::Variant));
    assert!(lex.get("went down").is_none() && !lex.entries.keys().any(|k| k.ends_with(" the")), "{:?}", lex.entries);
}

#[test]
fn a_hyphenated_compound_typed_as_one_word_finds_its_two_words() {
    let text = "A follow-up call, non-technical staff, in-house counsel, easy-to-read notes and a setup.";
    let lex = build("en", &site(&[text, "The set-up."]), &[]).unwrap();
    assert!(has(&lex, "followup", "follow up", Kind::Variant), "{:?}", lex.entries);
    assert!(has(&lex, "nontechn", "non technical", Kind::Variant), "keyed by the stem: {:?}", lex.entries);
    assert!(lex.get("inhous").is_none() && lex.get("inhouse").is_none(), "`in` is a stop word: `house` alone");
    assert!(lex.get("easyto").is_none() && lex.get("toread").is_none(), "part of a longer chain");
    assert!(lex.get("setup").is_none(), "the site writes `setup` too");
}

#[test]
fn a_term_that_starts_or_ends_with_a_stop_word_is_neither_key_nor_target() {
    assert_eq!(key_of("IT team"), None, "`team` alone is not an IT team");
    assert_eq!(key_of("IT部門"), None);
    assert_eq!(key_of("loss of trust").as_deref(), Some("loss trust"), "a stop word inside stays out of the key");
    let group: Vec<String> = ["IT team", "IT department", "systems department"].map(str::to_owned).into();
    let lex = build("en", &site(&["The IT department and the team."]), &[Group::of(group)]).unwrap();
    assert!(lex.get("team").is_none(), "{:?}", lex.entries);
    assert!(lex.get("system depart").is_none(), "its target would be `department` alone: {:?}", lex.entries);
}

#[test]
fn katakana_written_with_or_without_long_vowels_and_small_vowels_finds_the_sites_spelling() {
    // words the dictionary lacks: only the katakana rules make these keys
    let lex = build("ja", &site(&["ランサムウェアの被害とフローチャート、リスクマネジメント。"]), &[]).unwrap();
    assert!(has(&lex, "ランサムウエア", "ランサムウェア", Kind::Variant), "{:?}", targets(&lex, "ランサムウエア"));
    assert!(has(&lex, "フローチャト", "フローチャート", Kind::Variant), "{:?}", targets(&lex, "フローチャト"));
    assert!(has(&lex, "フロチャート", "フローチャート", Kind::Variant), "{:?}", targets(&lex, "フロチャート"));
    assert!(has(&lex, "リスクマネジメントー", "リスクマネジメント", Kind::Variant));
    assert_eq!(katakana_spellings("サーバー"), ["サーバ", "サバー"]);
    assert_eq!(katakana_spellings("ウイルス"), ["ウイルスー", "ウィルス"]);
}

#[test]
fn a_verb_in_a_synonym_group_is_a_key_in_its_inflected_spellings() {
    let groups = vec![Group::of(vec!["データ消失".to_owned(), "データ損失".to_owned(), "消える".to_owned()])];
    let lex = build("ja", &site(&["データ損失を防ぐ。"]), &groups).unwrap();
    for key in ["消え", "消える"] {
        assert!(has(&lex, key, "データ損失", Kind::Synonym), "{key}: {:?}", targets(&lex, key));
    }
    let groups = vec![Group::of(vec!["発生".to_owned(), "起きる".to_owned()])];
    let lex = build("ja", &site(&["障害が発生し、原因が起きた。"]), &groups).unwrap();
    assert!(has(&lex, "起き", "発生", Kind::Synonym), "{:?}", targets(&lex, "起き"));
    assert!(lex.entries.values().flatten().all(|(t, k)| *k != Kind::Synonym || t == "発生"), "a verb is no target");
}

#[test]
fn a_two_kana_homophone_of_a_two_kanji_word_is_a_key_for_it() {
    let lex = build("ja", &site(&["危機管理と事故の報告。"]), &[]).unwrap();
    assert!(has(&lex, "機器", "危機", Kind::Homophone), "{:?}", targets(&lex, "機器"));
    assert!(has(&lex, "自己", "事故", Kind::Homophone), "{:?}", targets(&lex, "自己"));
    assert!(targets(&lex, "機器").iter().all(|(t, _)| t.chars().count() == 2), "two kanji only");
}

#[test]
fn a_related_term_is_a_target_of_its_group_terms_one_way_and_after_their_synonyms() {
    let group = Group {
        terms: vec!["フォレンジック".to_owned(), "デジタル鑑識".to_owned(), "証拠解析".to_owned()],
        related: vec!["証拠保全".to_owned(), "ログ解析".to_owned()],
    };
    let lex = build("ja", &site(&["証拠保全の手順。証拠解析を依頼する。"]), &[group]).unwrap();
    assert_eq!(
        targets(&lex, "フォレンジック"),
        [("証拠解析".to_owned(), Kind::Synonym), ("証拠保全".to_owned(), Kind::Related)],
        "a related term the site lacks (ログ解析) is no target; synonyms come first"
    );
    let from_related = targets(&lex, "証拠保全");
    assert!(
        from_related.iter().all(|(t, _)| t != "証拠解析"),
        "a related term is no key of its group: {from_related:?}"
    );
    assert!(Kind::Related.weight() < Kind::Synonym.weight());
}

#[test]
fn a_word_longer_than_anyone_types_has_no_spelling_variants() {
    // Every inner `ー` of a katakana word gives a key as long as the word, and every letter
    // of a Latin word a split in two: a run of thousands would cost its length squared.
    let long_katakana = "アー".repeat(2_000);
    let long_latin = "a".repeat(20_000);
    let text = format!("{long_katakana}の話。 The {long_latin} word, the cyberattack and an attack.");
    let lex = build("en", &site(&[&text]), &[]).unwrap();
    let about_long =
        lex.entries.iter().filter(|(k, ts)| k.chars().count() > 64 || ts.iter().any(|(t, _)| t.chars().count() > 64));
    assert_eq!(about_long.count(), 0, "no key or target of the long words");
    assert!(has(&lex, "cyber attack", "cyberattack", Kind::Variant), "short words keep theirs");
    let short = build("ja", &site(&["サーバーの設定。"]), &[]).unwrap();
    assert!(has(&short, "サーバ", "サーバー", Kind::Variant));
}

#[test]
fn outage_in_the_default_thesaurus_reaches_the_guides_system_failure() {
    // A key keeps eight targets; the outage group once held `crash` and its kin, which
    // sort first and cut `system failure`, the term the English guides use.
    let text = "A system failure, a crash, a system crash, a server crash, a system down, \
                downtime, a server down, a service disruption, a service outage, a system outage.";
    let lex = build("en", &site(&[text]), &groups("en", true, &[]).unwrap()).unwrap();
    let found: Vec<String> = targets(&lex, &match_form("outage")).into_iter().map(|(t, _)| t).collect();
    assert!(found.contains(&"system failure".to_owned()), "{found:?}");
    assert!(!found.contains(&"crash".to_owned()), "a crash is one way to fail, a related term: {found:?}");
}

#[test]
fn the_sites_distinct_items_make_the_lexicon_its_guides_texts_make() {
    // Two guides that share some words, as the pending lexicon of an update gives them:
    // the items of the cache's table that some guide has, each once, in no order.
    let a = GuideText::of(&site(&["異常検知の手順。手順。サーバの復旧。", "A follow-up review of the behaviour."]));
    let b = GuideText::of(&site(&["手順。復旧の手順と冗長化。", "A cyber attack on the e-mail server."]));
    let groups = groups("ja", true, &[]).unwrap();
    let whole = build_from("ja", &[&a, &b], &groups).unwrap();
    let [a_lists, b_lists] = [a.lists(), b.lists()];
    let items: [Vec<&str>; 3] = std::array::from_fn(|_| Vec::new());
    let mut items = items;
    for (i, (x, y)) in a_lists.into_iter().zip(b_lists).enumerate() {
        items[i].extend(y.chain(x));
    }
    assert!(items.iter().all(|list| !list.is_empty()), "runs, words and compounds: {items:?}");
    let shared = items[0].iter().filter(|r| **r == "手順").count();
    assert_eq!(shared, 2, "an item both guides have is given twice");
    let (united, distinct) = (SiteText::new([&a, &b].into_iter()), SiteText::of_distinct(items.clone()));
    assert_eq!(distinct.runs, united.runs, "each run once, in order");
    assert_eq!((distinct.written, distinct.compounds), (united.written, united.compounds));
    let of_items = build_from_items("ja", items, &groups).unwrap();
    assert!(!whole.entries.is_empty());
    assert_eq!(of_items, whole);
}
