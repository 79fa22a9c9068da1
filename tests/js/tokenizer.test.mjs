// The JS tokenizer and query analysis against the vectors shared with the Rust side.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tokenize, words, clauses, variants, bigrams, charClass, CJK, WORD, expandPrefix, setStemmer, needsStemmer, stem }
  from "../../src/search/js/tokenizer.mjs";
import { MAX_EXPANSIONS } from "../../src/search/js/shared.mjs";
import { stemEnglish } from "../../src/search/js/stemmer.mjs";

test("the stemmer is needed only for plain ASCII words of three letters or more, and must be set then", () => {
  assert.equal(needsStemmer("証拠保全 p2p it 2024 ｸﾗｳﾄﾞ"), false);
  assert.equal(needsStemmer("証拠 Backups"), true);
  assert.equal(needsStemmer("ＢＣＰ"), true);
  assert.equal(needsStemmer("ｂａｃｋｕｐ"), true);
  assert.equal(stem("it"), null);
  assert.throws(() => stem("backups"), /stemmer is not loaded/);
  setStemmer(stemEnglish);
  assert.equal(stem("backups"), "backup");
});

const vectors = JSON.parse(readFileSync(new URL("../fixtures/search/tokenizer-vectors.json", import.meta.url)));

test("tokenizes every shared text like the Rust tokenizer", () => {
  for (const { text, tokens } of vectors.texts) assert.deepEqual(tokenize(text), tokens, JSON.stringify(text));
});

test("analyzes every shared query into words and clauses like the Rust side", () => {
  setStemmer(stemEnglish);
  for (const q of vectors.queries) {
    const ws = words(q.query);
    assert.deepEqual(ws, q.words, JSON.stringify(q.query));
    assert.deepEqual(ws.map(clauses), q.clauses, JSON.stringify(q.query));
  }
});

test("rewrites every shared query with its lexicon into the Rust side's variants", () => {
  setStemmer(stemEnglish);
  for (const e of vectors.expansions) {
    const got = variants(words(e.query), (k) => (Object.prototype.hasOwnProperty.call(e.lexicon, k) ? e.lexicon[k] : null));
    const want = e.variants.map((v) => ({ ...v, weight: Math.fround(v.weight) }));
    assert.deepEqual(got, want, JSON.stringify(e.query));
  }
});

test("width variants meet", () => {
  assert.deepEqual(tokenize("ＢＣＰ"), tokenize("BCP"));
  assert.deepEqual(tokenize("ｸﾗｳﾄﾞ"), tokenize("クラウド"));
});

test("bigrams of astral characters stay whole", () => {
  assert.deepEqual(bigrams("𠮷野家"), ["𠮷野", "野家"]);
  assert.equal(charClass("𠮷".codePointAt(0)), CJK);
  assert.equal(charClass("é".codePointAt(0)), WORD);
  assert.equal(charClass("・".codePointAt(0)), 0);
});

test("prefix expansion keeps the most frequent terms, in code-point order", () => {
  const cands = Array.from({ length: 40 }, (_, i) => ["ab" + String(i).padStart(2, "0"), i]);
  const got = expandPrefix(cands, ["ab39"]);
  assert.equal(got.length, MAX_EXPANSIONS);
  assert.equal(got[got.length - 1], "ab38");
  assert.ok(!got.includes("ab39"));
  assert.deepEqual(expandPrefix([["𠮷", 1], ["ｚ", 1]], []), ["ｚ", "𠮷"]);
});

test("putting something aside and knowing are how a question is put (query.rs)", () => {
  const texts = (q) => words(q).map((w) => w.text);
  assert.deepEqual(texts("伝えておいた"), ["伝え"], "ておいた");
  assert.deepEqual(texts("隠しておこう"), ["隠し"], "ておこう");
  assert.deepEqual(texts("連絡しといて"), ["連絡"], "しといて");
  assert.deepEqual(texts("原因 わかった"), ["原因"], "わかった");
  assert.deepEqual(texts("黙っておく"), ["黙っ"], "a small っ after one kanji ends a verb's stem");
  assert.deepEqual(texts("謝っておけば"), ["謝っ"]);
  assert.deepEqual(texts("発表文って"), ["発表文"], "って after a noun of two kanji or more is a topic");
  assert.deepEqual(texts("発表文ってどう"), ["発表文"], "a topic, then a question word");
  assert.deepEqual(texts("内容 間違ってた"), ["内容", "間違っ"], "a te-form's ending after two kanji: a verb");
  assert.deepEqual(texts("手順 間違っちゃった"), ["手順", "間違っ"]);
  assert.deepEqual(texts("報告書 残っている"), ["報告書", "残っ"], "after one kanji, as before");
  assert.deepEqual(texts("お客さんに 訴えられそう"), ["お客", "訴え"], "そう of how something seems, after a passive");
  assert.deepEqual(texts("データ 消えそう"), ["データ", "消え"]);
  assert.deepEqual(texts("盗まれそう 情報"), ["盗ま", "情報"]);
  assert.deepEqual(texts("間に合わなさそう"), ["間", "合わ"]);
  assert.deepEqual(texts("ログ 消したっぽい"), ["ログ", "消し"], "っぽい of how it looks");
  assert.deepEqual(texts("手順書 作ったきり"), ["手順書", "作っ"], "きり: and nothing since");
  assert.deepEqual(texts("漏洩かな"), ["漏洩"], "かな of wondering");
  assert.deepEqual(texts("原因 何だっけ"), ["原因"], "っけ of trying to remember");
  assert.deepEqual(texts("バックアップ あるじゃん"), ["バックアップ"]);
  assert.deepEqual(texts("報告 したよね"), ["報告"]);
  assert.deepEqual(texts("説明 よくない"), ["説明"], "くない of an adjective's negation");
  assert.deepEqual(texts("これって 障害?"), ["障害"], "a demonstrative asks about nothing");
  assert.deepEqual(texts("その ログ 残ってる"), ["ログ", "残っ"]);
  assert.deepEqual(texts("the customer's own data"), ["customer", "data"], "a possessive's s goes, and own");
  assert.deepEqual(texts("we don't know if they're able to restore"), ["restore"], "so do contractions' pieces");
});

test("okurigana before an auxiliary stays, and kanji question words and colloquial endings go", () => {
  const texts = (q) => words(q).map((w) => w.text);
  assert.deepEqual(texts("情報 漏れたかも"), ["情報", "漏れ"]);
  assert.deepEqual(texts("顧客に聞かれた"), ["顧客", "聞か"], "a verb's stem before a passive stays");
  assert.deepEqual(texts("委員に選ばれた"), ["委員", "選ば"]);
  assert.deepEqual(texts("担当が決まってない"), ["担当", "決まっ"], "a verb's small っ stays with its stem");
  assert.deepEqual(texts("データ 消した"), ["データ", "消し"], "a verb in す: its stem stays");
  assert.deepEqual(texts("顧客に連絡した"), ["顧客", "連絡"]);
  assert.deepEqual(texts("パソコン 乗っ取られた"), ["パソコン", "乗っ取ら"]);
  assert.deepEqual(texts("感染しちゃったら"), ["感染"]);
  assert.deepEqual(texts("誰に連絡すればいいの"), ["誰", "連絡"], "a question word with intents stays");
  assert.deepEqual(texts("何に連絡すればいいの"), ["連絡"]);
  assert.deepEqual(texts("復旧はいつ終わるか"), ["復旧", "いつ", "終わる"]);
  assert.deepEqual(texts("いつまでに公表"), ["いつ", "公表"]);
  assert.deepEqual(texts("どうすればいい"), []);
  assert.deepEqual(texts("何を公表しなければいけない"), ["公表"]);
  assert.deepEqual(texts("経営層への報告"), ["経営層", "報告"]);
});

test("question words and verbs that only put a question stay, and `when` also matches `timing`", () => {
  setStemmer(stemEnglish);
  assert.deepEqual(words("how to tell the customers").map((w) => w.text), ["how", "tell", "customers"]);
  assert.deepEqual(words("one message across every statement").map((w) => w.text), ["one", "message", "statement"]);
  assert.deepEqual(clauses({ text: "when", cjk: false }), [{ terms: ["when", "timing", "time"] }]);
  assert.deepEqual(clauses({ text: "how", cjk: false }), [{ terms: ["how"] }]);
  assert.deepEqual(clauses({ text: "いつ", cjk: true }).flatMap((c) => c.terms), ["タイ", "イミ", "ミン", "ング", "時期"]);
});
