//! The benchmark corpus: N Japanese guides in the guidance-text format, made from the
//! bundled guides (`content/ja/*.txt`) by recombining their top-level sections, ~20–40 KB a
//! guide (31 KiB on average), deterministic for a given N. It needs nothing outside the
//! repository.
//!
//! Each bundled guide is split into its `解決できること` bullets and its top-level
//! sections — a heading line, then everything up to the heading that follows its
//! `Perspective` block — and each generated guide is the bullets of a few guides and
//! shuffled sections until the size is reached, the first section's heading numbered
//! (`…（No.00042）`) to make the title unique.
//!
//! Used by `benches/scale.rs` and `benches/serve_reload.rs` (included by path).

#![allow(dead_code)]

use std::path::Path;

const CONSENSUS: &str = "お客様社内でのご説明・コンセンサス";
const PERSPECTIVE: &str = "Perspective";

/// A small, fixed pseudo-random sequence (xorshift64*), so every run makes the same corpus.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

fn is_heading(line: &str) -> bool {
    let s = line.trim();
    !s.is_empty()
        && !s.contains('。')
        && !s.starts_with('|')
        && !s.starts_with("- ")
        && !s.starts_with('・')
        && !s.contains('|')
        && s.trim_matches(['—', '-', 'ー', ' ']).chars().count() > 1
}

fn marker(line: &str) -> Option<&str> {
    let s = line.trim().trim_matches(['【', '】']);
    (s == CONSENSUS || s == PERSPECTIVE).then_some(s)
}

/// A seed's outcome bullets and its top-level sections (lines, blank lines dropped).
fn split_seed(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
    let mut i = 1; // past 解決できること
    let mut bullets = Vec::new();
    while i < lines.len() && lines[i].starts_with("- ") {
        bullets.push(lines[i].to_owned());
        i += 1;
    }
    let (mut sections, mut current, mut after_perspective) = (Vec::new(), Vec::new(), false);
    for line in &lines[i..] {
        if after_perspective && is_heading(line) && marker(line).is_none() {
            sections.push(std::mem::take(&mut current));
            after_perspective = false;
        }
        current.push((*line).to_owned());
        if marker(line) == Some(PERSPECTIVE) {
            after_perspective = true;
        }
    }
    if !current.is_empty() {
        sections.push(current);
    }
    (bullets, sections)
}

/// One generated guide: (slug, guidance text).
pub fn guides(seeds_dir: &Path, n: usize) -> Vec<(String, String)> {
    let mut seed_files: Vec<_> = std::fs::read_dir(seeds_dir)
        .expect("read the seeds' folder")
        .map(|e| e.expect("list the seeds' folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seed_files.sort();
    assert!(!seed_files.is_empty(), "no .txt guides in {}", seeds_dir.display());
    let seeds: Vec<_> =
        seed_files.iter().map(|p| split_seed(&std::fs::read_to_string(p).expect("read a seed"))).collect();
    let pool: Vec<&Vec<String>> = seeds.iter().flat_map(|(_, s)| s).collect();
    let all_bullets: Vec<&String> = seeds.iter().flat_map(|(b, _)| b).collect();
    let mut rng = Rng::new(42);
    (1..=n)
        .map(|i| {
            let target = rng.range(20_000, 40_000);
            let mut order: Vec<usize> = (0..pool.len()).collect();
            for k in (1..order.len()).rev() {
                order.swap(k, rng.range(0, k));
            }
            let mut sections: Vec<Vec<String>> = Vec::new();
            let mut size = 0;
            for &o in &order {
                if size >= target {
                    break;
                }
                size += pool[o].iter().map(|l| l.len() + 1).sum::<usize>();
                sections.push(pool[o].clone());
            }
            sections[0][0] = format!("{}（No.{i:05}）", sections[0][0]);
            let mut text = String::from("解決できること\n");
            for _ in 0..rng.range(2, 3) {
                text.push_str(all_bullets[rng.range(0, all_bullets.len() - 1)]);
                text.push('\n');
            }
            for line in sections.iter().flatten() {
                text.push_str(line);
                text.push('\n');
            }
            (format!("d{i:05}"), text)
        })
        .collect()
}

/// A generated guide's text with one sentence added at its end: sentence `i` of
/// [`SENTENCES`] (after the last, the first again with the run's number). Each is a
/// sentence an author might add, of everyday words the guides also use, so that an edit
/// changes the postings of common terms as a real one does: an edit that only changed a
/// number in the same sentence would change two terms, and every kept layout of the
/// others would be taken as it was.
pub fn with_sentence(text: &str, i: usize) -> String {
    let sentence = SENTENCES[i % SENTENCES.len()];
    let round = i / SENTENCES.len();
    let sentence = if round == 0 { sentence.to_owned() } else { format!("{sentence}（{round}）") };
    format!("{}\n{sentence}\n", text.trim_end())
}

/// The sentences [`with_sentence`] adds, each once before any comes again.
pub const SENTENCES: [&str; 16] = [
    "週明けの定例会議で、今回の対応の振り返りを行う予定です。",
    "委託先との契約書に、報告の期限が明記されているか確かめましょう。",
    "年度末には、手順書の改訂履歴を監査部門へ提出します。",
    "休日の連絡先一覧は、人事異動のたびに更新が必要です。",
    "昨日の訓練では、連絡網の不備がいくつか見つかりました。",
    "取引先への説明資料は、法務部門の確認を経てから送付します。",
    "障害の影響を受けた利用者の数を、部署ごとに集計してください。",
    "夜間に発生した障害では、当番の判断で初動を開始してかまいません。",
    "外部の専門家に調査を依頼する前に、社内の記録を整理しておきます。",
    "復旧作業の担当者は、作業の内容と時刻を必ず記録してください。",
    "本日の会議で、新しい連絡手順を全員で確認しました。",
    "問い合わせ窓口の担当者には、想定問答集を事前に配布します。",
    "バックアップからの復元手順は、四半期ごとに実際に試してください。",
    "経営層への報告では、判明している事実と推測を分けて伝えます。",
    "クラウド事業者の障害情報は、公式の状況ページで随時確認します。",
    "再発防止策の進み具合は、翌月の会議で改めて報告します。",
];

/// A generated guide's text with `count` sections added at its end (a heading-shaped line
/// and a line of text each): the edit the benchmarks make when they add a section, one
/// more each time, so that every edit changes the guide's number of sections.
pub fn with_sections(text: &str, count: usize) -> String {
    let added: String =
        (0..count).map(|k| format!("\n追加した節の見出し {k}\n追加した節 {k} の本文です。\n")).collect();
    format!("{}\n{added}", text.trim_end())
}

/// Writes `n` generated guides into `site/content/ja/` (the folder is made anew).
pub fn write_site(seeds_dir: &Path, n: usize, site: &Path) {
    let dir = site.join("content/ja");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the corpus folder");
    for (slug, text) in guides(seeds_dir, n) {
        std::fs::write(dir.join(format!("{slug}.txt")), text).expect("write a generated guide");
    }
}

/// Writes the same guides as a Hugo site (`hugo.toml`, minimal layouts, Markdown bodies
/// with TOML front matter), so that a benchmark can time Hugo on the same content.
pub fn write_hugo_site(seeds_dir: &Path, n: usize, site: &Path) {
    let _ = std::fs::remove_dir_all(site);
    let docs = site.join("content/docs");
    std::fs::create_dir_all(&docs).expect("create the Hugo site");
    for (k, (slug, text)) in guides(seeds_dir, n).into_iter().enumerate() {
        let title = text.lines().find(|l| !l.starts_with("- ") && *l != "解決できること").unwrap_or(&slug).to_owned();
        let mut md = format!("+++\ntitle = \"{}\"\nweight = {}\n+++\n\n", title.replace('"', "\\\""), k + 1);
        let mut prev_table = false;
        for line in text.lines() {
            let table = line.starts_with('|');
            if prev_table && !table {
                md.push('\n');
            }
            if table {
                md.push_str(line);
                md.push('\n');
            } else if let Some(m) = marker(line) {
                md.push_str(&format!("### {m}\n\n"));
            } else if is_heading(line) {
                md.push_str(&format!("## {line}\n\n"));
            } else {
                md.push_str(&format!("{line}\n\n"));
            }
            prev_table = table;
        }
        std::fs::write(docs.join(format!("{slug}.md")), md).expect("write a Hugo page");
    }
    let files = [
        (
            "hugo.toml",
            "baseURL = \"http://127.0.0.1/\"\nlanguageCode = \"ja\"\ndefaultContentLanguage = \"ja\"\ntitle = \"Bench\"\n\
             disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n",
        ),
        (
            "layouts/_default/baseof.html",
            "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\n\
             <body>{{ block \"main\" . }}{{ end }}</body></html>\n",
        ),
        (
            "layouts/_default/single.html",
            "{{ define \"main\" }}<nav><a href=\"/docs/\">目次</a>{{ with .NextInSection }} <a href=\"{{ .RelPermalink }}\">前へ</a>{{ end }}\
             {{ with .PrevInSection }} <a href=\"{{ .RelPermalink }}\">次へ</a>{{ end }}</nav>\n<main>{{ .Content }}</main>{{ end }}\n",
        ),
        (
            "layouts/_default/list.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
        ),
    ];
    for (rel, text) in files {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("create a Hugo folder");
        std::fs::write(path, text).expect("write a Hugo file");
    }
    let index = site.join("layouts/index.html");
    std::fs::copy(site.join("layouts/_default/list.html"), index).expect("write the Hugo index layout");
}
