// Pure functions of the UI: what gets marked, excerpts, result links.
import { test } from "node:test";
import assert from "node:assert/strict";
import { markWords, markTargets, highlightRanges, excerptAround, resultHref, decodeFragment, englishRuns } from "../../src/search/js/ui.mjs";

test("marks query words split at particles, longest first", () => {
  assert.deepEqual(markWords("経営層への報告"), ["経営層", "報告"]);
  assert.deepEqual(markWords("how to book"), ["book"]);
  assert.deepEqual(markWords("の"), []);
});

test("a compound not written whole is marked by the bigrams the search matched", () => {
  assert.deepEqual(markTargets("証拠保全", "証拠の保全が大切"), ["証拠", "保全"]);
  assert.deepEqual(markTargets("証拠保全", "証拠保全と証拠の保全"), ["証拠保全"], "whole where it is whole");
  assert.deepEqual(markTargets("bcp 情報", "情 BCP"), ["bcp"], "words and two-character words stay whole");
  const text = "見出し", body = "まず証拠の保全を行う";
  assert.deepEqual(highlightRanges(text, "証拠保全", text + body), []);
  assert.deepEqual(highlightRanges(body, "証拠保全").map(([a, b]) => body.slice(a, b)), ["証拠", "保全"]);
});

test("finds width variants and keeps ranges in the original text", () => {
  const text = "事業継続計画（ＢＣＰ）と BCP の違い";
  const r = highlightRanges(text, "bcp");
  assert.deepEqual(r.map(([a, b]) => text.slice(a, b)), ["ＢＣＰ", "BCP"]);
  assert.deepEqual(highlightRanges("ｸﾗｳﾄﾞ環境", "クラウド").map(([a, b]) => "ｸﾗｳﾄﾞ環境".slice(a, b)), ["ｸﾗｳﾄﾞ"]);
});

test("a Latin word is marked as a word, never inside another, and in its other forms once the stemmer is loaded", async () => {
  const text = "Appropriate PR for the impact; contact the PR team. Print view.";
  const marked = (q, t = text) => highlightRanges(t, q).map(([a, b]) => t.slice(a, b));
  assert.deepEqual(marked("PR"), ["PR", "PR"]);
  assert.deepEqual(marked("act"), []);
  assert.deepEqual(marked("b", "a b c backup"), ["b"]);
  assert.deepEqual(marked("backu", "run a backup"), ["backu"], "a word being typed marks the start of the word");
  const { setStemmer } = await import("../../src/search/js/tokenizer.mjs");
  const { stemEnglish } = await import("../../src/search/js/stemmer.mjs");
  assert.deepEqual(marked("regulator", "Regulations and the regulator"), ["regulator"], "without the stemmer: as typed");
  setStemmer(stemEnglish);
  assert.deepEqual(marked("regulator", "Regulations and the regulator"), ["Regulations", "regulator"]);
  assert.deepEqual(marked("apologize", "A sincere apology"), ["apology"]);
  assert.deepEqual(markTargets("apologize", "A sincere apology"), ["apologize"], "kept to mark, though not written");
});

test("markup in a query is only text to find", () => {
  const text = "quote <img src=x onerror=alert(1)> here";
  const r = highlightRanges(text, "<img src=x onerror=alert(1)>");
  assert.ok(r.every(([a, b]) => b > a));
  assert.deepEqual(r.map(([a, b]) => text.slice(a, b)), ["img", "src", "x", "onerror", "alert", "1"]);
});

test("excerpts center on the first match", () => {
  const text = "あ".repeat(200) + "証拠保全" + "い".repeat(200);
  const [cut, ranges] = excerptAround(text, highlightRanges(text, "証拠保全"), 60);
  assert.ok(cut.startsWith("…") && cut.endsWith("…"));
  assert.equal(cut.slice(ranges[0][0], ranges[0][1]), "証拠保全");
});

test("result links add index.html on file:// and carry the query to mark", () => {
  assert.equal(resultHref("../../", "ja/g/#s3-2", "証拠 保全", true), "../../ja/g/index.html?hl=%E8%A8%BC%E6%8B%A0%20%E4%BF%9D%E5%85%A8#s3-2");
  assert.equal(resultHref("../", "en/g/#s1", "x", false), "../en/g/?hl=x#s1");
});

test("the UI takes its strings from the theme's data attributes over its fallbacks", async () => {
  const { pageStrings } = await import("../../src/search/js/ui.mjs");
  const fallback = { none: "x", partial: "p", langs: { ja: "J", en: "E" }, all: "a" };
  const box = { dataset: { none: "該当なし", langEn: "英語" } };
  const s = pageStrings(box, fallback);
  assert.equal(s.none, "該当なし");
  assert.equal(s.partial, "p");
  assert.deepEqual(s.langs, { ja: "J", en: "英語" });
  assert.deepEqual(pageStrings(null, fallback), { ...fallback, langs: { ja: "J", en: "E" } });
});

test("a label keeps the English words in it apart, to be marked as English", async () => {
  assert.deepEqual(englishRuns("Perspective（視点）", "Perspective"), [["Perspective", "en"], ["（視点）", ""]]);
  assert.deepEqual(englishRuns("社内説明のポイント", undefined), [["社内説明のポイント", ""]]);
  assert.deepEqual(englishRuns("Perspective", ""), [["Perspective", ""]], "an English page marks nothing");
  assert.deepEqual(englishRuns("視点", "Perspective"), [["視点", ""]], "a label without the words");
  const { pageStrings } = await import("../../src/search/js/ui.mjs");
  const box = { dataset: { perspective: "Perspective（視点）", perspectiveEn: "Perspective" } };
  const s = pageStrings(box, { perspective: "P", perspectiveEn: "", langs: {} });
  assert.deepEqual([s.perspective, s.perspectiveEn], ["Perspective（視点）", "Perspective"]);
});

test("a fragment with malformed %-escapes is taken as it is, not thrown on", () => {
  assert.equal(decodeFragment("s3-1"), "s3-1");
  assert.equal(decodeFragment("%E8%A6%8B"), "見");
  assert.equal(decodeFragment("%E0%A4%A"), "%E0%A4%A");
  assert.equal(decodeFragment("%"), "%");
});
