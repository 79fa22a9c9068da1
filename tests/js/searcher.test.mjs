// Pure functions of the engine: posting decoding, shard keys, BM25 in f32 steps, and a
// search over an in-memory export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readVarint, decodePostings, shardKey, idf, tfCache, bm25, Searcher, FORMAT } from "../../src/search/js/searcher.mjs";

test("varints are little-endian base-32 in the export alphabet", () => {
  assert.deepEqual(readVarint("A", 0), [0, 1]);
  assert.deepEqual(readVarint("f", 0), [31, 1]);
  assert.deepEqual(readVarint("gB", 0), [32, 2]);
  assert.throws(() => readVarint("!", 0), /bad postings/);
});

test("posting lists decode runs of equal documents", () => {
  // title: 0 postings; heading: doc 2 (tf 1, norm 5); body: docs 0..2 (tf 3+2, norm 7), one run
  const enc = "A" + "B" + "C" + "A" + "V" + "D" + "A" + "C" + "f" + "C";
  assert.deepEqual(decodePostings(enc), [[], [[2, 1, 5]], [[0, 5, 7], [1, 5, 7], [2, 5, 7]]]);
  assert.throws(() => decodePostings(enc + "A"), /trailing/);
});

test("shard keys are hex code points: first of kana/kanji, first two of words", () => {
  assert.equal(shardKey("情報"), "60c5");
  assert.equal(shardKey("backup"), "62-61");
  assert.equal(shardKey("x"), "78");
});

test("bm25 follows tantivy's f32 steps", () => {
  const w = Math.fround(idf(1, 10) * Math.fround(2.2));
  assert.equal(idf(1, 10), Math.fround(Math.log(Math.fround(1 + Math.fround(9.5 / 1.5)))));
  const norms = Array.from({ length: 256 }, (_, i) => i);
  const cache = tfCache(norms, 4);
  const s = bm25(w, cache, 4, 1, 1);
  assert.equal(s, Math.fround(Math.fround(w * Math.fround(1 / Math.fround(1 + cache[4])))));
  assert.equal(bm25(w, cache, 4, 1, 3), Math.fround(s * 3));
});

function memorySite() {
  const norms = Array.from({ length: 256 }, (_, i) => i);
  const shards = {
    "xx/meta": { format: FORMAT, lang: "xx", docs: 3, docsPerShard: 8, norms,
      fields: [{ name: "title", boost: 1.5, tokens: 3 }, { name: "heading", boost: 3, tokens: 3 }, { name: "body", boost: 1, tokens: 9 }],
      keys: { cjk: "情", word: "ba" } },
    // 情報: heading of doc 1, body of docs 0 and 1; backup: body of doc 2
    "xx/t/60c5": { "情報": [0, 1, 2, "ABBAJCABR"] },
    "xx/t/62-61": { "backup": [0, 0, 1, "AABCAO"] },
    "xx/d/0": { guides: [["g", "Guide"]], docs: [[0, "s1", "H1", "body", "e1"], [0, "s2", "H2", "body", "e2"], [0, "s3", "H3", "consensus", "e3"]] },
  };
  const loaded = [];
  return { loaded, load: async (name) => { loaded.push(name); if (!(name in shards)) throw new Error("missing " + name); return shards[name]; } };
}

test("a search loads only the shards it needs and ranks heading matches first", async () => {
  const site = memorySite();
  const s = new Searcher("xx", site.load);
  const { results, partial } = await s.search("情報", 10);
  assert.equal(partial, false);
  assert.deepEqual(results.map((r) => r.doc), [1, 0]);
  assert.deepEqual(site.loaded, ["xx/meta", "xx/t/60c5"]);
  const docs = await s.docs([1]);
  assert.equal(docs[0].url, "xx/g/#s2");
  assert.deepEqual((await s.search("の", 10)).results, []);
  assert.deepEqual((await s.search("zzz", 10)).results, []);
  assert.ok(!site.loaded.includes("xx/t/7a-7a"), "no request for a shard that does not exist");
});

test("when no document has every term, the best partial matches are returned and marked", async () => {
  const s = new Searcher("xx", memorySite().load);
  const { results, partial } = await s.search("情報 backup", 10);
  assert.equal(partial, true);
  assert.deepEqual(results.map((r) => r.doc).sort(), [0, 1, 2]);
  const prefix = await s.search("backu", 10);
  assert.deepEqual(prefix.results.map((r) => r.doc), [2]);
});
