//! Parity: the browser engine (run by Node on the exported shards, as a page of one
//! language runs it, falling back to the other language) and `tebiki search` (tantivy)
//! return the same ranked top 10 — the same sections, in the same order, equally marked
//! partial and related, from the same language — with scores equal within 1e-4.

use tebiki::search::query::{Outcome, search, with_fallback};

use super::{BuiltSite, build_site, bundled_guides, corpus, node, node_answers};
use crate::harness::{TempDir, repo};

/// Japanese queries staff would type: compounds, particles, typos, width variants,
/// one-character queries, Latin words inside Japanese text, stop characters only.
pub const JA_QUERIES: &[&str] = &[
    "証拠保全",
    "ＢＣＰ",
    "経営層への報告",
    "バックアップ",
    "バックアプ 頻度",
    "役割分担",
    "初動対応 手順",
    "影響範囲 調査",
    "ｸﾗｳﾄﾞ 責任分界",
    "信頼回復",
    "肉じゃが 作り方",
    "情報漏洩",
    "初動対応",
    "経営層 説明",
    "ランサムウェア",
    "ランサム",
    "記者会見",
    "広報",
    "法的責任",
    "損害賠償",
    "個人情報",
    "暗号化",
    "ログ",
    "復旧",
    "冗長化",
    "クラウド",
    "仮想マシン",
    "障害",
    "報告書",
    "謝罪",
    "社外発表",
    "専門家",
    "弁護士",
    "通知",
    "事業継続",
    "訓練",
    "体制",
    "顧客への説明",
    "層",
    "鍵",
    "の",
    "、。",
    "VM障害",
    "P2P",
    "p2p ト",
    "再発防止策",
    "訴訟 リスク",
    "データ復旧",
    "原因究明",
    "コンセンサス",
    "vm",
    "it部門",
    "情報漏えい",
    "証拠の保全",
    "ランサムウェア 初動",
    "事業継続計画 訓練",
    "経営層 報告 記者会見",
    "ransomware first response",
    "backup and redundancy",
];

/// English queries on the English fixtures: stems, prefixes (search as you type),
/// stop words, markup typed as a query.
pub const EN_QUERIES: &[&str] = &[
    "ransomware first response",
    "BCP",
    "backup and redundancy",
    "incident response roles and responsibilities",
    "how to book a meeting room",
    "backups",
    "backu",
    "ransom",
    "restoring",
    "evidence",
    "report management",
    "roles",
    "isolate infected",
    "the",
    "executives",
    "tabletop exercise",
    "plan",
    "pl",
    "recovery time",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "customers apologize",
    "ｂａｃｋｕｐ",
    "outage",
    "press",
    "証拠保全",
    "情報漏洩 訴訟",
    "backup restore test frequency",
    "press release apology customers",
];

/// The site search as the pages run it, on the built site's indexes.
fn site_search(site: &BuiltSite, lang: &str, q: &str) -> Outcome {
    let primary = search(site.index(lang), q, 10).expect("search");
    let others = site.indexes.iter().filter(|i| i.lang != lang).map(|i| search(i, q, 10));
    with_fallback(primary, others).expect("search")
}

fn compare(site: &BuiltSite, lang: &str, queries: &[&str], node: &str, tmp: &TempDir) {
    let answers = node_answers(node, &site.out(), lang, queries, tmp);
    let mut failures = Vec::new();
    for (q, js) in queries.iter().zip(&answers) {
        let rust = site_search(site, lang, q);
        let js_results = js["results"].as_array().expect("results");
        let mut lines = Vec::new();
        let mut same = rust.hits.len() == js_results.len() && rust.partial == js["partial"].as_bool().unwrap();
        for i in 0..rust.hits.len().max(js_results.len()) {
            let r = rust
                .hits
                .get(i)
                .map(|h| (h.url.clone(), f64::from(h.score), h.partial, h.lang.clone(), h.via.clone(), h.related));
            let j = js_results.get(i).map(|x| {
                let text = |k: &str| x[k].as_str().unwrap().to_owned();
                let via = x["via"].as_str().map(str::to_owned);
                let related = x["related"].as_bool().unwrap_or(false);
                (text("url"), x["score"].as_f64().unwrap(), x["partial"].as_bool().unwrap(), text("lang"), via, related)
            });
            let ok = match (&r, &j) {
                (Some(r), Some(j)) => {
                    r.0 == j.0 && (r.1 - j.1).abs() <= 1e-4 && r.2 == j.2 && r.3 == j.3 && r.4 == j.4 && r.5 == j.5
                }
                _ => false,
            };
            same &= ok;
            lines.push(format!("  {} {i:>2} tantivy {r:?}\n           js      {j:?}", if ok { " " } else { "✗" }));
        }
        if !same {
            failures.push(format!(
                "[{lang}] {q:?} (partial: tantivy {}, js {})\n{}",
                rust.partial,
                js["partial"],
                lines.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} queries differ:\n{}", failures.len(), queries.len(), failures.join("\n"));
}

#[test]
fn browser_engine_ranks_like_tantivy_on_bundled_site() {
    let Some(node) = node("search parity (bundled site)") else {
        return;
    };
    assert!(JA_QUERIES.len() + EN_QUERIES.len() >= 50);
    let site = build_site("parity-bundled", bundled_guides());
    let tmp = TempDir::new("parity-bundled-q");
    compare(&site, "ja", JA_QUERIES, node, &tmp);
    compare(&site, "en", EN_QUERIES, node, &tmp);
    let latin_in_ja: Vec<&str> = EN_QUERIES.to_vec();
    compare(&site, "ja", &latin_in_ja, node, &tmp);
    compare(&site, "en", JA_QUERIES, node, &tmp);
    let fell_back = |lang: &str, qs: &[&str]| {
        qs.iter().filter(|q| site_search(&site, lang, q).hits.iter().any(|h| h.lang != lang)).count()
    };
    assert!(fell_back("en", JA_QUERIES) >= 30 && fell_back("ja", EN_QUERIES) >= 5, "the fallback is exercised");
    let partial = |lang: &str, qs: &[&str]| {
        qs.iter().filter(|q| site_search(&site, lang, q).hits.iter().any(|h| h.partial)).count()
    };
    assert!(partial("ja", JA_QUERIES) >= 10 && partial("en", EN_QUERIES) >= 5, "partial matches are exercised");
}

/// Every query of the judged relevance set (`benches/relevance/queries.json`), on the
/// bundled site as it ships (`content/`, `tebiki.toml`: the default thesaurus on), each in
/// its own language as its pages search: expansions, variants and did-you-mean included.
#[test]
fn browser_engine_ranks_like_tantivy_on_the_judged_queries() {
    let Some(node) = node("search parity (judged queries)") else {
        return;
    };
    let judged: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(repo().join("benches/relevance/queries.json")).unwrap()).unwrap();
    assert!(judged.len() >= 110);
    let site = super::build_repo_site("parity-judged");
    let tmp = TempDir::new("parity-judged-q");
    for lang in ["ja", "en"] {
        let qs: Vec<&str> = judged.iter().filter(|q| q["lang"] == lang).map(|q| q["query"].as_str().unwrap()).collect();
        compare(&site, lang, &qs, node, &tmp);
    }
    let via = judged
        .iter()
        .filter(|q| {
            site_search(&site, q["lang"].as_str().unwrap(), q["query"].as_str().unwrap())
                .hits
                .iter()
                .any(|h| h.via.is_some())
        })
        .count();
    assert!(via >= 10, "only {via} judged queries are answered by an expansion: the expansions are not exercised");
    let related = judged
        .iter()
        .filter(|q| {
            site_search(&site, q["lang"].as_str().unwrap(), q["query"].as_str().unwrap()).hits.iter().any(|h| h.related)
        })
        .count();
    assert!(related >= 20, "only {related} judged queries list a related section: the last step is not exercised");
}

/// Slow (1,000 generated guides, ~55,000 search documents); runs in every `cargo test`.
#[test]
fn slow_browser_engine_ranks_like_tantivy_on_1000_generated_guides() {
    let Some(node) = node("search parity (1,000 guides)") else {
        return;
    };
    let guides = corpus::generate(repo(), 1000);
    assert_eq!(guides.len(), 1000);
    let site = build_site("parity-1000", guides);
    let tmp = TempDir::new("parity-1000-q");
    compare(&site, "ja", JA_QUERIES, node, &tmp);
    compare(&site, "ja", &["情報 ランサムウェア 訴訟 肉じゃが", "バックアプ 頻度 暗号"], node, &tmp);
}
