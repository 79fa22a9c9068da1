//! `tebiki search` from the command line: JSON output, ranking, languages, errors.

use crate::harness::{TempDir, TestSite, repo, tebiki};

use super::{bundled_root, node, node_answers};

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = tebiki(args);
    assert!(out.status.success(), "tebiki {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn search_json_lists_ranked_sections_with_deep_links() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "証拠保全"]);
    assert_eq!(hits.len(), 10);
    let first = &hits[0];
    for key in ["url", "guide", "section", "heading", "score"] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(
        first["url"],
        format!("ja/{}/#{}", first["guide"].as_str().unwrap(), first["section"].as_str().unwrap())
    );
    assert!(first["heading"].as_str().unwrap().contains("証拠保全"), "{first}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "not ranked: {scores:?}");
    assert!(root.path().join(".tebiki/cache/search/ja").is_dir(), "index kept in the cache folder");
    assert_eq!(json(&["search", "--root", r, "--json", "--limit", "3", "証拠保全"]).len(), 3);
}

#[test]
fn search_finds_width_variants_and_english_stems() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    assert_eq!(json(&["search", "--root", r, "--json", "ＢＣＰ"]), json(&["search", "--root", r, "--json", "bcp"]));
    let en = json(&["search", "--root", r, "--lang", "en", "--json", "restoring backup"]);
    assert!(!en.is_empty());
    assert!(en.iter().all(|h| h["url"].as_str().unwrap().starts_with("en/")));
}

#[test]
fn search_finds_a_related_term_of_the_thesaurus_and_says_so() {
    // `フォレンジック` is written nowhere in the bundled guides; its thesaurus group lists
    // `証拠保全` (and `証拠収集`) as related terms, which the guides use.
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "フォレンジック"]);
    assert!(!hits.is_empty(), "a related term answers");
    assert!(hits.iter().all(|h| h["via"].is_string()), "every result came through a rewriting: {hits:?}");
    assert!(hits[0]["heading"].as_str().unwrap().starts_with("証拠"), "{}", hits[0]);
    // One way: `証拠保全` does not search `フォレンジック`, and the query as typed answers.
    let typed = json(&["search", "--root", r, "--json", "証拠保全"]);
    assert!(typed.iter().take(3).all(|h| h.get("via").is_none()), "{typed:?}");
    // Worth less than the words as typed: the same section scores lower through it.
    let via = hits.iter().find(|h| h["via"] == "証拠保全").expect("a result through 証拠保全");
    let direct = typed.iter().find(|h| h["url"] == via["url"]).expect("the same section typed");
    assert!(via["score"].as_f64().unwrap() < direct["score"].as_f64().unwrap());
    let exact = json(&["search", "--root", r, "--json", "--exact", "フォレンジック"]);
    assert!(exact.is_empty(), "as typed, nothing: {exact:?}");
}

/// "Showing results for" is a did-you-mean: a result says it came through a rewriting
/// only when the words as typed cover less of it. `身代金` is in the guides, and its
/// thesaurus group's `ランサムウェア` scores higher on the same sections; `公報` (for 広報)
/// is not in them.
#[test]
fn search_says_which_rewriting_answered_only_when_the_typed_words_answer_less() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "身代金"]);
    let exact = json(&["search", "--root", r, "--json", "--exact", "身代金"]);
    assert!(!exact.is_empty(), "the typed word is in the guides");
    assert!(hits[0].get("via").is_none(), "the first result has the typed word: {hits:?}");
    let en = json(&["search", "--root", r, "--lang", "en", "--json", "jargon"]);
    assert!(en.iter().take(3).all(|h| h.get("via").is_none()), "{en:?}");
    let ime = json(&["search", "--root", r, "--json", "公報 連携"]);
    assert_eq!(ime[0]["via"], "広報 連携", "a homophone the guides do not use: {ime:?}");
    let out = tebiki(&["search", "--root", r, "公報 連携"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("showing results for"), "announced on the CLI");
    let out = tebiki(&["search", "--root", r, "身代金"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("showing results for"), "not announced");
}

/// A homophone put inside a compound must make a compound the site writes: `以上検知`
/// finds `異常検知`, but `確定申告` (nowhere in the site) is not read as `確定深刻` — a
/// query about what the site never mentions finds nothing — while `申告` alone is still
/// read as `深刻`. In both engines.
#[test]
fn a_homophone_inside_a_compound_must_join_it_as_the_site_writes_it() {
    let site = TestSite::new("search-joins");
    site.write(
        "content/ja/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n## 検知 {#s1}\n\n異常検知の仕組みを整えます。深刻な被害を防ぎます。\n\n## 確定 {#s2}\n\n対応方針を確定します。\n",
    );
    let r = site.root().to_str().unwrap();
    let via = |hits: &[serde_json::Value]| {
        hits.iter().map(|h| h["via"].as_str().unwrap_or("").to_owned()).collect::<Vec<_>>()
    };
    let ime = json(&["search", "--root", r, "--json", "以上検知"]);
    assert_eq!(via(&ime), ["異常検知"], "{ime:?}");
    assert_eq!(json(&["search", "--root", r, "--json", "確定申告"]), Vec::<serde_json::Value>::new());
    let alone = json(&["search", "--root", r, "--json", "申告"]);
    assert_eq!(via(&alone), ["深刻"], "a whole word is rewritten as before: {alone:?}");
    site.build_ok();
    let Some(node) = node("search in the browser engine") else { return };
    let answers =
        node_answers(node, &site.out(), "ja", &["以上検知", "確定申告", "申告"], &TempDir::new("search-joins-q"));
    let vias: Vec<Vec<String>> = answers.iter().map(|a| via(a["results"].as_array().unwrap())).collect();
    assert_eq!(vias, [vec!["異常検知".to_owned()], vec![], vec!["深刻".to_owned()]], "{answers:?}");
}

/// A guide's outcomes are searched with its first section: a word only they have finds
/// the guide there, in both engines.
#[test]
fn search_finds_a_word_that_only_the_outcomes_of_a_guide_have() {
    let site = TestSite::new("search-outcomes");
    site.write(
        "content/ja/a.md",
        "::: outcomes\n- ゼロデイ攻撃への備えが分かる\n:::\n\n## 備え {#s1}\n\n平時の準備を確かめます。\n\n## 手順 {#s2}\n\n担当者に連絡します。\n",
    );
    site.write("content/ja/b.md", "::: outcomes\n- 連絡の仕方が分かる\n:::\n\n## 連絡 {#s1}\n\n担当者に連絡します。\n");
    let r = site.root().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "ゼロデイ"]);
    // What follows the one section found are related sections, marked so.
    let urls: Vec<&str> = hits.iter().filter(|h| h["related"] != true).map(|h| h["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["ja/a/#s1"], "{hits:?}");
    site.build_ok();
    let Some(node) = node("search in the browser engine") else { return };
    let answers = node_answers(node, &site.out(), "ja", &["ゼロデイ"], &TempDir::new("search-outcomes-q"));
    let urls: Vec<&str> = (answers[0]["results"].as_array().unwrap().iter())
        .filter(|h| h["related"] != true)
        .map(|h| h["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, ["ja/a/#s1"], "{answers:?}");
}

/// The ranking's last step: sections like the first results follow them, marked related
/// (partial, score 0), in both engines; a section like none of them is not listed.
#[test]
fn sections_like_the_first_results_follow_them_marked_related() {
    let site = TestSite::new("search-related");
    site.write(
        "content/ja/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n## 初動 {#s1}\n\nぴよぴよ方式では脆弱性情報と侵入痕跡を確かめます。\n\n## 手順 {#s2}\n\n担当者に連絡します。\n",
    );
    site.write(
        "content/ja/b.md",
        "+++\ntitle = \"乙\"\n+++\n\n## 管理 {#s1}\n\n脆弱性情報を集め、侵入痕跡を調べます。\n\n## 連絡 {#s2}\n\n担当者に連絡します。\n",
    );
    site.write("content/ja/c.md", "+++\ntitle = \"丙\"\n+++\n\n## 献立 {#s1}\n\n肉じゃがの作り方です。\n");
    let r = site.root().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "ぴよぴよ"]);
    let urls: Vec<&str> = hits.iter().map(|h| h["url"].as_str().unwrap()).collect();
    assert_eq!(urls[..2], ["ja/a/#s1", "ja/b/#s1"], "the section that shares most of its words first: {hits:?}");
    assert!(hits[0].get("related").is_none() && hits[0].get("partial").is_none(), "{hits:?}");
    assert!(hits[1..].iter().all(|h| h["related"] == true && h["partial"] == true && h["score"] == 0.0), "{hits:?}");
    assert!(!urls.contains(&"ja/c/#s1"), "a section like none of them is not listed: {hits:?}");
    let text = tebiki(&["search", "--root", r, "ぴよぴよ"]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("-- related sections (none of the terms; like the results above) --"), "{out}");
    assert_eq!(out.matches("(related)").count(), hits.len() - 1, "{out}");
    assert_eq!(String::from_utf8_lossy(&text.stderr), "", "no partial matches to speak of");
    assert!(
        json(&["search", "--root", r, "--json", "大根 ぴよぴよ 白菜"]).is_empty(),
        "nothing found, nothing related"
    );
    site.build_ok();
    let Some(node) = node("search in the browser engine") else { return };
    let answers = node_answers(node, &site.out(), "ja", &["ぴよぴよ"], &TempDir::new("search-related-q"));
    let js: Vec<(&str, bool)> = (answers[0]["results"].as_array().unwrap().iter())
        .map(|h| (h["url"].as_str().unwrap(), h["related"] == true))
        .collect();
    let rust: Vec<(&str, bool)> = hits.iter().map(|h| (h["url"].as_str().unwrap(), h["related"] == true)).collect();
    assert_eq!(js, rust);
}

/// A query is echoed with its control characters escaped: an escape sequence typed or
/// pasted into a query must not recolour or retitle the terminal.
#[test]
fn search_echoes_a_query_without_its_control_characters() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let out = tebiki(&["search", "--root", r, "x\u{1}\u{1b}[31mred\u{1b}]0;title\u{7}"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text, "no results for \"x\\u{1}\\u{1b}[31mred\\u{1b}]0;title\\u{7}\"\n");
    assert!(!out.stdout.iter().chain(&out.stderr).any(|&b| b == 0x1b || b == 0x07), "{text}");
}

#[test]
fn search_returns_nothing_for_stop_characters_and_unrelated_queries() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    assert!(json(&["search", "--root", r, "--json", "の"]).is_empty());
    assert!(json(&["search", "--root", r, "--json", "肉じゃが 作り方"]).is_empty());
    let out = tebiki(&["search", "--root", r, "バックアプ 頻度"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("partial matches"), "partial matches are announced");
}

/// A verb the site never uses (`消えた`) reaches the noun the site writes through the
/// thesaurus (`消える` is in the data-loss group); a noun the site lacks still empties the
/// results.
#[test]
fn search_answers_a_question_whose_verb_the_site_does_not_use() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "データ 消えた どうする"]);
    assert!(!hits.is_empty(), "データ answers");
    // `消える` is a key of the data-loss group in every inflected spelling: the sections
    // about data loss answer it in full, through the noun the site writes.
    let via = hits[0]["via"].as_str().unwrap_or_default();
    assert!(hits[0]["partial"] != true && (via.contains("データ損失") || via.contains("データ喪失")), "{hits:?}");
    assert!(json(&["search", "--root", r, "--json", "テレワーク 規程"]).is_empty());
}

/// A kana/kanji noun the site lacks is what the query asks about: the sections that have
/// only its other words do not answer (`変更` and `手順` are half of `パスワード 変更 手順`).
#[test]
fn search_returns_nothing_when_the_subject_of_a_japanese_query_is_missing() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    assert!(json(&["search", "--root", r, "--json", "パスワード 変更 手順"]).is_empty());
    assert!(!json(&["search", "--root", r, "--json", "変更 手順"]).is_empty(), "its other words are in the site");
}

/// A compound typed unspaced whose joint the site never writes (`客離` of `顧客離れ`) is
/// covered by its parts: the sections about customers answer as typed.
#[test]
fn search_covers_an_unspaced_compound_by_its_parts() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let hits = json(&["search", "--root", r, "--json", "顧客離れ"]);
    let s6 = hits.iter().find(|h| {
        h["guide"] == "vm-failure-ransomware-response" && h["section"].as_str().unwrap().split('-').next() == Some("s6")
    });
    assert!(s6.is_some_and(|h| h.get("via").is_none()), "{hits:?}");
}

/// Results rank by how well they answer, so a section with some terms that matches them
/// well can rank above one with every term: partial matches are marked, not put last.
#[test]
fn search_marks_partial_matches_among_ranked_results_in_json_and_text() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let q = "ランサムウェア 初動";
    let hits = json(&["search", "--root", r, "--json", "--limit", "50", q]);
    let partial: Vec<bool> = hits.iter().map(|h| h.get("partial").is_some()).collect();
    let related: Vec<bool> = hits.iter().map(|h| h.get("related").is_some()).collect();
    let full = partial.iter().filter(|p| !**p).count();
    assert!(full > 0 && full < hits.len(), "full and partial matches: {partial:?}");
    assert!(!partial[0], "the best result has every term: {hits:?}");
    assert!(hits.iter().filter(|h| h.get("partial").is_some()).all(|h| h["partial"] == true), "{hits:?}");
    // Related sections (the last step of the ranking; here the query finds nearly every
    // section itself) are partial, score 0, and follow every full match.
    for (h, r) in hits.iter().zip(&related) {
        assert!(!r || (h["partial"] == true && h["score"] == 0.0), "{h:?}");
    }
    let first_related = related.iter().position(|r| *r).unwrap_or(hits.len());
    assert!(partial[first_related..].iter().all(|p| *p), "no full match after a related section: {partial:?}");
    let text = tebiki(&["search", "--root", r, "--limit", "50", q]);
    let out = String::from_utf8_lossy(&text.stdout);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().split_once(". ").is_some_and(|(n, _)| n.parse::<usize>().is_ok()))
        .collect();
    let marked: Vec<bool> = lines.iter().map(|l| l.ends_with("(partial)")).collect();
    let partial_only: Vec<bool> = partial.iter().zip(&related).map(|(p, r)| *p && !*r).collect();
    assert_eq!(marked, partial_only, "the text output marks the same results partial:\n{out}");
    let marked: Vec<bool> = lines.iter().map(|l| l.ends_with("(related)")).collect();
    assert_eq!(marked, related, "and the same related:\n{out}");
    assert!(out.contains("-- partial matches (some terms missing) --"), "{out}");
    let err = String::from_utf8_lossy(&text.stderr);
    let partial_count = partial_only.iter().filter(|p| **p).count();
    assert!(err.contains(&format!("{partial_count} of the results are partial matches")), "{err}");
    // Where they stand is said as it is: after the full ones, or among them.
    let after = partial.iter().skip_while(|p| !**p).all(|p| *p);
    let place = if after { "listed after the" } else { "ranked among the" };
    assert!(err.contains(&format!("{place} {full} full ones")), "{err}");
    let sections: std::collections::BTreeSet<(String, String)> = hits
        .iter()
        .map(|h| {
            let s = h["section"].as_str().unwrap();
            (h["guide"].as_str().unwrap().to_owned(), s.split('-').next().unwrap().to_owned())
        })
        .collect();
    assert_eq!(sections.len(), hits.len(), "one result per section");
}

/// A question that one section answers (it covers at least half of it) lists, after that
/// section, the sections that cover less of it, marked partial; a query that no section
/// answers still finds nothing, though its words are found here and there.
#[test]
fn sections_that_cover_less_than_half_fill_the_list_after_those_that_answer() {
    // The bundled guides in both languages.
    let root = TempDir::new("fill");
    for lang in ["ja", "en"] {
        for f in std::fs::read_dir(repo().join("content").join(lang)).unwrap() {
            let f = f.unwrap().path();
            root.write(
                &format!("content/{lang}/{}", f.file_name().unwrap().to_string_lossy()),
                std::fs::read(&f).unwrap(),
            );
        }
    }
    let r = root.path().to_str().unwrap();
    let q = "how do we count how many users were affected";
    let hits = json(&["search", "--root", r, "--lang", "en", "--json", q]);
    assert_eq!(hits.len(), 10, "the list is filled: {hits:?}");
    assert_eq!(
        (hits[0]["guide"].as_str(), hits[0]["section"].as_str()),
        (Some("service-platform-accountability"), Some("s7-2"))
    );
    assert!(hits.iter().all(|h| h["partial"] == true), "none has every word: {hits:?}");
    // Filling sections score far below the one that answers.
    let first = hits[0]["score"].as_f64().unwrap();
    assert!(hits[1..].iter().all(|h| h["score"].as_f64().unwrap() < first / 4.0), "{hits:?}");
    for none in [&["パスワード", "変更", "手順"][..], &["earthquake", "evacuation", "drill"]] {
        let mut args = vec!["search", "--root", r, "--json"];
        args.extend(none);
        assert_eq!(json(&args), Vec::<serde_json::Value>::new(), "{none:?}");
    }
}

#[test]
fn search_falls_back_to_the_other_language_when_nothing_matches_every_term() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    let en = json(&["search", "--root", r, "--lang", "en", "--json", "証拠保全"]);
    assert!(!en.is_empty());
    assert!(en.iter().all(|h| h["lang"] == "ja" && h["url"].as_str().unwrap().starts_with("ja/")), "{en:?}");
    let out = tebiki(&["search", "--root", r, "--lang", "en", "証拠保全"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("showing results in `ja`"));
    let bcp = json(&["search", "--root", r, "--json", "BCP"]);
    assert!(!bcp.is_empty() && bcp.iter().all(|h| h["lang"] == "ja"), "BCP is in the Japanese guides: {bcp:?}");
    let ja = json(&["search", "--root", r, "--json", "tabletop exercise"]);
    assert!(!ja.is_empty() && ja.iter().all(|h| h["lang"] == "en"), "{ja:?}");
}

#[test]
fn errors_on_unknown_search_language() {
    let root = bundled_root();
    let out = tebiki(&["search", "--root", root.path().to_str().unwrap(), "--lang", "fr", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no guides in language `fr` (languages with guides: ja, en)"), "{err}");
    // No results asked for is a mistake, not a search that found nothing.
    let out = tebiki(&["search", "--root", root.path().to_str().unwrap(), "--limit", "0", "情報"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value '0' for '--limit"));
}

/// `tebiki export --format ndjson` writes one record per search document, each keeping to
/// the documented JSON Schema (`docs/export-ndjson.schema.json`), in both languages.
#[test]
fn exports_search_documents_as_ndjson_that_keep_to_the_schema() {
    let out = tebiki(&["export", "--format", "ndjson", "--root", repo().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("docs/export-ndjson.schema.json")).unwrap()).unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // As many records as the site's index has documents.
    let project = tebiki::Project::load(repo()).unwrap();
    let expected: usize =
        project.site.languages.iter().map(|ls| tebiki::search::schema::documents(&ls.lang, &ls.guides).len()).sum();
    assert_eq!(lines.len(), expected);
    let mut langs = std::collections::BTreeSet::new();
    for (i, record) in lines.iter().enumerate() {
        let problems = schema_problems(&schema, record);
        assert!(problems.is_empty(), "line {}: {problems:?}\n{record}", i + 1);
        langs.insert(record["lang"].as_str().unwrap().to_owned());
    }
    assert_eq!(langs.into_iter().collect::<Vec<_>>(), ["en", "ja"]);
    let first = &lines[0];
    assert_eq!(first["guide"], "data-breach-litigation");
    assert_eq!(first["section"], "s1");
    assert_eq!(first["url"], "ja/data-breach-litigation/#s1");
    assert_eq!(first["lang"], "ja");
}

/// `tebiki export --out` never replaces the site's own files, replaces another existing
/// file only with `--force` (and then only once the export is whole), and a reader that
/// stops early on stdout (`tebiki export | head -1`) ends the export quietly.
#[test]
fn export_to_a_file_keeps_the_sites_files_and_asks_before_replacing() {
    let root = bundled_root();
    let r = root.path().to_str().unwrap();
    root.write("tebiki.toml", b"title = \"x\"\n");
    let guide = root.path().join("content/ja/data-breach-litigation.txt");
    let before = std::fs::read(&guide).unwrap();
    for target in ["tebiki.toml", "content/ja/data-breach-litigation.txt", "content/ja/new.ndjson", ".tebiki/x.ndjson"]
    {
        let out = tebiki(&["export", "--root", r, "--out", &root.path().join(target).to_string_lossy(), "--force"]);
        assert_eq!(out.status.code(), Some(2), "{target}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("a file tebiki writes may not replace the site's own files"), "{target}: {err}");
    }
    assert_eq!(std::fs::read(&guide).unwrap(), before);
    assert_eq!(std::fs::read(root.path().join("tebiki.toml")).unwrap(), b"title = \"x\"\n");
    assert!(!root.path().join("content/ja/new.ndjson").exists() && !root.path().join(".tebiki/x.ndjson").exists());

    let file = root.path().join("docs.ndjson");
    std::fs::write(&file, "mine\n").unwrap();
    let f = file.to_str().unwrap();
    let out = tebiki(&["export", "--root", r, "--out", f]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists; pass --force to replace it"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    let out = tebiki(&["export", "--root", r, "--out", f, "--force"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.lines().count() > 100 && written.lines().all(|l| l.starts_with("{\"v\":1,")), "{written:.200}");
    let names: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("draft")), "no draft left beside it: {names:?}");
    let folder = root.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let out = tebiki(&["export", "--root", r, "--out", folder.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exports is a folder; give the path of the file to write"));

    // A reader that takes one line and stops.
    let (first, out) = crate::harness::first_line_then_stop(&["export", "--root", r]);
    assert!(first.starts_with("{\"v\":1,"), "{first}");
    assert!(out.status.success(), "{:?}: {}", out.status, String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));

    // Standard output that cannot take it (a full disk): said as such.
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tebiki"))
            .args(["export", "--root", r])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with("error: cannot write the export to standard output"), "{stderr}");
    }
}

/// The JSON Schema subset the export's schema uses: an object with `required` fields, no
/// others, each a `const`, an `enum`, or a string with a `pattern` / `minLength`.
fn schema_problems(schema: &serde_json::Value, record: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    let props = schema["properties"].as_object().unwrap();
    let obj = record.as_object().unwrap();
    for key in schema["required"].as_array().unwrap() {
        if !obj.contains_key(key.as_str().unwrap()) {
            out.push(format!("missing `{key}`"));
        }
    }
    for (key, value) in obj {
        let Some(rule) = props.get(key) else {
            out.push(format!("field `{key}` is not in the schema"));
            continue;
        };
        if let Some(c) = rule.get("const") {
            if value != c {
                out.push(format!("`{key}` is {value}, not {c}"));
            }
        }
        if let Some(options) = rule.get("enum").and_then(|e| e.as_array()) {
            if !options.contains(value) {
                out.push(format!("`{key}` is {value}, not one of {options:?}"));
            }
        }
        if rule.get("type").and_then(|t| t.as_str()) == Some("string") {
            let Some(s) = value.as_str() else {
                out.push(format!("`{key}` is not a string"));
                continue;
            };
            if let Some(min) = rule.get("minLength").and_then(|m| m.as_u64()) {
                if (s.chars().count() as u64) < min {
                    out.push(format!("`{key}` is shorter than {min}"));
                }
            }
            if let Some(pattern) = rule.get("pattern").and_then(|p| p.as_str()) {
                if !regex::Regex::new(pattern).unwrap().is_match(s) {
                    out.push(format!("`{key}` = {s:?} does not match {pattern}"));
                }
            }
        }
    }
    out
}
