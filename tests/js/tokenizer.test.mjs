// The JS tokenizer and query analysis against the vectors shared with the Rust side.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tokenize, analyze, bigrams, charClass, CJK, WORD, expand, MAX_EXPANSIONS, setStemmer, needsStemmer, stem }
  from "../../src/search/js/tokenizer.mjs";
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

test("analyzes every shared query like the Rust side", () => {
  for (const { query, clauses } of vectors.queries) assert.deepEqual(analyze(query), clauses, JSON.stringify(query));
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
  const got = expand(cands, ["ab39"]);
  assert.equal(got.length, MAX_EXPANSIONS);
  assert.equal(got[got.length - 1], "ab38");
  assert.ok(!got.includes("ab39"));
  assert.deepEqual(expand([["𠮷", 1], ["ｚ", 1]], []), ["ｚ", "𠮷"]);
});
