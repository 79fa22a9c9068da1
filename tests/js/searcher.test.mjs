// Pure functions of the engine: posting and head decoding, shard keys, BM25 in f32 steps,
// searches over an in-memory export, and the ranking of blocked postings against a
// brute-force ranking of every document.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rank, Searcher, SiteSearch } from "../../src/search/js/searcher.mjs";
import { idf, tfCache, bm25, variantScore, inflected, absentWeight, joint } from "../../src/search/js/score.mjs";
import { readVarint, decodePostings, decodeHead } from "../../src/search/js/postings.mjs";
import { shardKey, inflate, Shards } from "../../src/search/js/shards.mjs";
import { FORMAT, MIN_COVERAGE, COVERAGE_POWER, ABSENT_PART, ABSENT_WEIGHT, ABSENT_WEIGHT_CJK, OPTIONAL_WEIGHT }
  from "../../src/search/js/shared.mjs";
import { setStemmer } from "../../src/search/js/tokenizer.mjs";
import { stemEnglish } from "../../src/search/js/stemmer.mjs";

setStemmer(stemEnglish);

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** Varints as the writer makes them (export.rs `push_varint`), for hand-made fixtures. */
function v(...ns) {
  let out = "";
  for (let n of ns) {
    for (;;) {
      const low = n % 32;
      n = Math.floor(n / 32);
      if (n === 0) { out += ALPHABET[low]; break; }
      out += ALPHABET[low + 32];
    }
  }
  return out;
}

test("varints are little-endian base-32 in the export alphabet", () => {
  assert.deepEqual(readVarint("A", 0), [0, 1]);
  assert.deepEqual(readVarint("f", 0), [31, 1]);
  assert.deepEqual(readVarint("gB", 0), [32, 2]);
  assert.throws(() => readVarint("!", 0), /bad postings/);
  assert.equal(v(0, 31, 32, 1000), "AfgBof");
});

test("postings decode gaps, section offsets, field masks and large term frequencies", () => {
  // doc 2 (offset 1): heading tf 1 norm 5; doc 3 (offset 0): title tf 1 norm 0, body tf 7 norm 40
  const enc = v(2, 1 * 8 + 2, 5 * 4 + 1) + v(0, 0 * 8 + 5, 0 * 4 + 1, 40 * 4 + 3, 4);
  assert.deepEqual(decodePostings(enc), {
    docs: [2, 3], offsets: [1, 0], tf: [0, 1, 0, 1, 0, 7], norm: [0, 5, 0, 0, 0, 40],
  });
  assert.throws(() => decodePostings(v(0, 8)), /bad postings/, "a posting with no field");
  assert.throws(() => decodePostings(enc + "!"), /bad postings/);
});

test("a head file lists blocks with ranges and best fields, then holds the first block", () => {
  const block0 = v(4, 4, 9);
  const head = v(2, 7) + v(4, 0, 1, 4, 9, 4, 9) + v(1, 8, 2, 1, 4 * 4 + 2, 1, 4 * 4 + 2) + block0;
  const { blocks, first } = decodeHead(head);
  assert.deepEqual(blocks.map((b) => [b.first, b.last, b.count, b.file]), [[4, 4, 1, null], [1, 9, 2, 7]]);
  assert.deepEqual(blocks[1].top, { tf: [2, 0, 0], norm: [4, 0, 0] });
  assert.deepEqual(first.docs, [4]);
  assert.throws(() => decodeHead(v(1) + v(4, 0, 2, 4, 9, 4, 9) + block0), /bad postings/, "count disagrees");
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

function memorySite(lang = "xx", others = []) {
  const norms = Array.from({ length: 256 }, (_, i) => i);
  const shards = {
    [`${lang}/meta`]: { format: FORMAT, lang, docs: 4, docsPerShard: 4, norms, idfFix: {}, others,
      fields: [{ name: "title", boost: 1.5, tokens: 4, layout: 1 }, { name: "heading", boost: 3, tokens: 4, layout: 1 },
        { name: "body", boost: 1, tokens: 12, layout: 3 }],
      keys: [["情", ""], ["報", ""], ["", "ba"]], blockPacks: "" },
    // 情報: body of doc 0; heading and body of doc 1 (doc 1 is the first subsection of
    // doc 0's section)
    [`${lang}/k/0`]: { t: { "情報": [0, 1, 2, v(0, 4, 3 * 4 + 1) + v(0, 8 + 6, 1 * 4 + 1, 3 * 4 + 1)] }, x: {} },
    // the lexicon: 報道 is a homophone-like key for 情報 (made up for the test)
    [`${lang}/k/1`]: { t: {}, x: { "報道": [["情報", 3]] } },
    // backup: body of doc 2 and doc 3 (doc 3 in doc 2's section)
    [`${lang}/k/2`]: { t: { "backup": [0, 0, 2, v(2, 4, 3 * 4 + 1) + v(0, 8 + 4, 3 * 4 + 2)] }, x: {} },
    [`${lang}/d/0`]: { guides: [["g", "Guide"]], docs: [[0, "s1", "H1", "body", "e1"], [0, "s1-1", "H2", "body", "e2"],
      [0, "s2", "H3", "body", "e3"], [0, "s2", "H3", "consensus", "e4"]] },
  };
  const loaded = [];
  return { loaded, load: async (name) => { loaded.push(name); if (!(name in shards)) throw new Error("missing " + name); return shards[name]; } };
}

test("a search loads only the shards it needs, ranks heading matches first, one result per section", async () => {
  const site = memorySite();
  const s = new Searcher("xx", site.load);
  const { results, partial } = await s.search("情報", 10);
  assert.equal(partial, false);
  assert.deepEqual(results.map((r) => r.doc), [1], "doc 0 is in doc 1's section, which ranks higher");
  assert.deepEqual(site.loaded.slice().sort(), ["xx/k/0", "xx/k/1", "xx/meta"],
    "the key packs of 情 (its terms) and 報 (its lexicon keys)");
  const docs = await s.docs([1]);
  assert.equal(docs[0].url, "xx/g/#s1-1");
  assert.deepEqual((await s.search("の", 10)).results, []);
  assert.deepEqual((await s.search("zzz", 10)).results, []);
  assert.deepEqual(site.loaded.filter((f) => f.includes("/k/")).sort(), ["xx/k/0", "xx/k/1"],
    "no request for a pack of a key the index does not have (zz)");
});

test("a lexicon key rewrites the query, and the results say which variant answered", async () => {
  const site = memorySite();
  const s = new Searcher("xx", site.load);
  const { results } = await s.search("報道", 10);
  assert.deepEqual(results.map((r) => [r.doc, r.via]), [[1, "情報"]]);
  assert.ok(site.loaded.includes("xx/k/1"), "the key pack of the query's first character is loaded");
  assert.deepEqual((await s.search("報道", 10, { exact: true })).results, [], "exact: the query as typed only");
});

test("documents covering part of the query are marked partial", async () => {
  setStemmer(stemEnglish);
  const s = new Searcher("xx", memorySite().load);
  const { results, partial } = await s.search("情報 backup", 10);
  assert.equal(partial, true);
  assert.deepEqual(results.map((r) => [r.doc, r.partial]), [[1, true], [3, true]]);
  const prefix = await s.search("backu", 10);
  assert.deepEqual(prefix.results.map((r) => r.doc), [3]);
});

test("the stemmer loads only for a query with a word to stem", async () => {
  setStemmer(null);
  const site = memorySite();
  const loads = [];
  const load = (name) => (loads.push(name), name === "stemmer" ? Promise.resolve(stemEnglish) : site.load(name));
  const s = new Searcher("xx", load);
  await s.search("情報", 10);
  assert.ok(!loads.includes("stemmer"));
  await s.search("backups", 10);
  assert.ok(loads.includes("stemmer"));
});

test("a site search answers from another language only when its own has no full match", async () => {
  setStemmer(stemEnglish);
  const ja = memorySite("ja", ["en"]), en = memorySite("en", ["ja"]);
  const load = (name) => (name.startsWith("ja/") ? ja : en).load(name);
  const site = new SiteSearch("en", load);
  const own = await site.results("情報", 10);
  assert.deepEqual(own.map((r) => r.lang), ["en"]);
  assert.ok(!ja.loaded.length, "nothing of the other language is loaded when the page's language has a match");
  assert.deepEqual(await site.results("zzz", 10), []);
  assert.ok(ja.loaded.includes("ja/meta"), "no match: the other language is searched");
});

/** A small deterministic random generator (xorshift). */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

/** A term laid out as export.rs lays it out: tiers by score, blocks by document. */
function layoutTerm(postings, tierSize, blockSize) {
  const f32 = Math.fround;
  const total = (p) => f32(f32(f32(0 + p.vals[0]) + p.vals[1]) + p.vals[2]);
  const sorted = postings.slice().sort((a, b) => total(b) - total(a) || a.doc - b.doc);
  const blocks = [];
  for (let at = 0, size = tierSize; at < sorted.length; at += size, size *= 2) {
    const tier = sorted.slice(at, at + size).sort((a, b) => a.doc - b.doc);
    for (let i = 0; i < tier.length; i += blockSize) {
      const ps = tier.slice(i, i + blockSize);
      const M = [0, 1, 2].map((f) => Math.max(...ps.map((p) => p.vals[f])));
      const data = { docs: ps.map((p) => p.doc), offsets: ps.map((p) => p.off),
        vals: Float64Array.from(ps.flatMap((p) => p.vals)) };
      blocks.push({ first: ps[0].doc, last: ps[ps.length - 1].doc, count: ps.length, T: Math.max(...ps.map(total)), M,
        stored: data, data: null });
    }
  }
  blocks[0].data = blocks[0].stored;
  return { cost: postings.length, blocks };
}

/** Every document's score, computed from all postings (what `rank` must agree with). */
function bruteForce(plan, docs, starts, limit) {
  const f32 = Math.fround;
  const rows = [];
  for (let d = 0; d < docs; d++) {
    const acc = [], hit = [];
    for (const c of plan.clauses) {
      let s = 0, h = 0;
      for (const t of c) {
        const p = t.all.get(d);
        if (p) { h = 1; s = f32(f32(f32(s + p.vals[0]) + p.vals[1]) + p.vals[2]); }
      }
      acc.push(s); hit.push(h);
    }
    let best = -1, bestV = -1, bestC = 0, typedC = -1, bestT = 0;
    for (let v = 0; v < plan.variants.length; v++) {
      // the formula of rank.rs, written out again
      let total = 0, covered = 0, all = 0;
      for (const [wi, w] of plan.variants[v].entries()) {
        let sum = 0, m = 0, absent = 0, joints = 0;
        for (const [k, c] of w.entries()) {
          sum = f32(sum + acc[c]);
          m += hit[c];
          // a joint: missing, inside the word, between two present clauses
          const isJoint = !plan.present[c] && k > 0 && k + 1 < w.length && plan.present[w[k - 1]] && plan.present[w[k + 1]];
          if (isJoint) joints++;
          else absent += plan.present[c] ? 0 : 1;
        }
        total = f32(total + f32(sum / w.length));
        if (absent * ABSENT_PART >= w.length - joints) {
          all = f32(all + plan.absentWeights[v][wi]);
        } else {
          covered = f32(covered + f32(m / (w.length - joints)));
          all = f32(all + 1);
        }
      }
      const cover = f32(covered / all);
      // covering nothing, a variant does not count; below MIN_COVERAGE it only fills
      if (!(cover > 0)) continue;
      let factor = 1;
      for (let p = 0; p < COVERAGE_POWER; p++) factor = f32(factor * cover);
      const sc = f32(f32(plan.weights[v] * total) * factor);
      if (v === 0) typedC = cover;
      const tier = cover >= MIN_COVERAGE ? 1 : 0;
      if (bestV < 0 || tier > bestT || (tier === bestT && sc > best)) { best = sc; bestV = v; bestC = cover; bestT = tier; }
    }
    // the variant a document answers: the query as typed when it covers the document as
    // fully as the best variant does
    const answered = bestV > 0 && typedC >= bestC ? 0 : bestV;
    if (bestV >= 0) rows.push({ doc: d, score: best, partial: bestC < 1, variant: answered, tier: bestT });
  }
  // the documents that answer first, then those that fill; nothing when none answers
  rows.sort((a, b) => b.tier - a.tier || b.score - a.score || a.doc - b.doc);
  if (rows.length === 0 || rows[0].tier === 0) return [];
  const seen = new Set(), out = [];
  for (const r of rows) {
    if (out.length === limit) break;
    if (seen.has(starts[r.doc])) continue;
    seen.add(starts[r.doc]);
    out.push({ doc: r.doc, score: r.score, partial: r.partial, variant: r.variant, start: starts[r.doc] });
  }
  return out;
}

test("ranking blocked postings loads blocks lazily and equals the brute-force ranking, ties included", async () => {
  const rand = rng(7);
  let lazy = 0;
  for (let round = 0; round < 60; round++) {
    const docs = 300 + rand(400);
    // sections of 1 to 6 documents
    const starts = [];
    for (let d = 0; d < docs;) { const len = 1 + rand(6); for (let k = 0; k < len && d < docs; k++, d++) starts.push(d - k); }
    // few distinct scores, so that ties are everywhere
    const values = [0, 0.5, 1.25, 2, 3.5];
    const makeTerm = (density) => {
      const postings = [];
      for (let d = 0; d < docs; d++) {
        if (rand(100) >= density) continue;
        const vals = [values[rand(5)], values[rand(5)], values[1 + rand(4)]];
        postings.push({ doc: d, off: d - starts[d], vals });
      }
      if (postings.length === 0) postings.push({ doc: 0, off: 0, vals: [0, 0, 1] });
      const t = layoutTerm(postings, 4 + rand(12), 8 + rand(24));
      t.all = new Map(postings.map((p) => [p.doc, p]));
      return t;
    };
    const pool = Array.from({ length: 5 }, () => makeTerm([3, 10, 40, 80][rand(4)]));
    const n = 1 + rand(5);
    const clauses = Array.from({ length: n }, () => {
      const c = [pool[rand(5)]];
      if (rand(3) === 0) { const t = pool[rand(5)]; if (!c.includes(t)) c.push(t); }
      return c;
    });
    // one to three variants of one to three words of one to three clauses
    const nv = 1 + rand(3);
    const variants = Array.from({ length: nv }, () =>
      Array.from({ length: 1 + rand(3) }, () => Array.from({ length: 1 + rand(3) }, () => rand(n))));
    const weights = variants.map((_, v) => (v === 0 ? 1 : Math.fround([0.9, 0.6, 0.7][rand(3)])));
    // a clause in six has no term in the index
    const present = clauses.map(() => (rand(6) === 0 ? 0 : 1));
    // absent, a word weighs 1 (inflected), 2 (Latin) or 3 (kana/kanji)
    const absentWeights = variants.map((ws) => ws.map(() => [1, ABSENT_WEIGHT, ABSENT_WEIGHT_CJK][rand(3)]));
    const plan = { clauses, variants, weights, absentWeights, present };
    const limit = [1, 3, 10, 50][rand(4)];
    for (const t of pool) t.blocks.forEach((b, i) => { b.data = i === 0 ? b.stored : null; });
    let fetched = 0;
    const got = await rank(plan, limit, async (t, b) => { fetched++; b.data = b.stored; });
    const want = bruteForce(plan, docs, starts, limit);
    assert.deepEqual(got, want, `round ${round}: ${n} clauses, ${nv} variants, limit ${limit}`);
    const total = pool.filter((t) => clauses.flat().includes(t)).reduce((a, t) => a + t.blocks.length - 1, 0);
    if (fetched < total) lazy++;
  }
  assert.ok(lazy >= 20, `blocks were loaded lazily in only ${lazy} of 60 rounds`);
});

test("a document that covers less than half only fills the list: after every one that answers, and never alone", async () => {
  // Three one-clause words. X (doc 0) has only the first, with a high score: it covers a
  // third and only fills. Y (doc 9) has the second and third: two thirds, it answers, with
  // a low score; its posting of the second term sits in a block not loaded at first.
  const term = (postings) => {
    const t = layoutTerm(postings.map(([doc, body]) => ({ doc, off: 0, vals: [0, 0, body] })), 4, 4);
    t.all = new Map(postings.map(([doc, body]) => [doc, { vals: [0, 0, body] }]));
    return t;
  };
  const run = async (terms, limit) => {
    for (const t of terms) t.blocks.forEach((b, i) => { b.data = i === 0 ? b.stored : null; });
    const plan = { clauses: terms.map((t) => [t]), variants: [terms.map((_, i) => [i])], weights: [1],
      absentWeights: [terms.map(() => 1)], present: terms.map(() => 1) };
    const got = await rank(plan, limit, async (t, b) => { b.data = b.stored; });
    assert.deepEqual(got, bruteForce(plan, 10, Array.from({ length: 10 }, (_, d) => d), limit), `limit ${limit}`);
    return got.map((r) => [r.doc, r.partial]);
  };
  const x = () => term([[0, 300]]);
  const y1 = () => term([[1, 2], [2, 2], [3, 2], [4, 2], [5, 2], [6, 2], [7, 2], [8, 2], [9, 0.5]]);
  const y2 = () => term([[9, 1]]);
  assert.deepEqual(await run([x(), y1(), y2()], 1), [[9, true]], "the one that answers, though X scores higher");
  assert.deepEqual(await run([x(), y1(), y2()], 2), [[9, true], [0, true]], "then X, which fills");
  assert.deepEqual((await run([x(), y1(), y2()], 10)).map((r) => r[0]), [9, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
  // Nobody covers half: nothing, though every document matches a word.
  const none = [x(), term([[1, 2], [2, 2]]), term([[5, 1]])];
  assert.deepEqual(await run(none, 10), [], "each document covers a third: no answer");
});

test("a variant's score is its weight times its words' scores times a power of its coverage", () => {
  const out = [0];
  // two present words: the first of two clauses (one matched), the second of one (matched)
  const s = variantScore([[0, 1], [2]], 1, [1, 1, 1], [2, 0, 3], [1, 0, 1], out);
  assert.equal(out[0], 0.75);
  assert.equal(COVERAGE_POWER, 3);
  assert.equal(s, Math.fround((1 + 3) * 0.75 * 0.75 * 0.75));
  assert.equal(variantScore([[0, 1], [2]], 1, [1, 1, 1], [2, 0, 0], [1, 0, 0], out), -1, "a quarter covered: no result");
  // a word that the index lacks (one of its clauses in three or more) weighs two and is never covered
  assert.equal(variantScore([[0], [1, 2, 3]], 1, [1, 0, 1, 1], [2, 0, 1, 1], [1, 0, 1, 1], out), -1);
  assert.equal(out[0], Math.fround(1 / 3), "only the present word covered: a third");
  // one clause in four missing from the index at the word's end leaves the word present
  variantScore([[0], [1, 2, 3, 4]], 1, [1, 1, 1, 1, 0], [2, 1, 1, 1, 0], [1, 1, 1, 1, 0], out);
  assert.equal(out[0], Math.fround((1 + 0.75) / 2));
});

test("a compound's joint (a missing clause between two present ones) is neither absent nor uncovered", () => {
  const out = [0];
  // `顧客離れ`: 顧客 and 離れ indexed, the joint 客離 not
  assert.ok(joint([0, 1, 2], 1, [1, 0, 1]) && !joint([0, 1, 2], 0, [0, 1, 1]) && !joint([0, 1, 2], 2, [1, 1, 0]));
  assert.equal(variantScore([[0, 1, 2]], 1, [1, 0, 1], [2, 0, 1], [1, 0, 1], out, [3]), 1);
  assert.equal(out[0], 1, "covered by its parts; the score still divides by three clauses");
  // the joint of a longer word: present, and covered without it
  variantScore([[0], [1, 2, 3, 4]], 1, [1, 1, 0, 1, 1], [2, 1, 0, 1, 1], [1, 1, 0, 1, 1], out);
  assert.equal(out[0], 1);
  // a missing first clause is no joint: one in three, the word is absent
  assert.equal(variantScore([[0, 1, 2]], 1, [0, 1, 1], [0, 2, 1], [0, 1, 1], out, [3]), -1);
  // two missing clauses side by side are no joints
  variantScore([[0, 1, 2, 3, 4, 5, 6]], 1, [1, 1, 0, 0, 1, 1, 1], [1, 1, 0, 0, 1, 1, 1], [1, 1, 0, 0, 1, 1, 1], out, [3]);
  assert.equal(out[0], Math.fround(5 / 7));
});

test("an absent kana/kanji word weighs three: a query whose subject the site lacks finds nothing", () => {
  assert.equal(absentWeight({ text: "パスワード", cjk: true }), ABSENT_WEIGHT_CJK);
  assert.equal(absentWeight({ text: "unknown", cjk: false }), ABSENT_WEIGHT);
  assert.equal(absentWeight({ text: "消え", cjk: true }), 1);
  const out = [0];
  // `パスワード 変更 手順`: パス スワ not indexed, ワー ード found elsewhere; 変更 手順 matched
  const words = [[0, 1, 2, 3], [4], [5]], present = [0, 0, 1, 1, 1, 1], hit = [0, 0, 1, 1, 1, 1];
  assert.equal(variantScore(words, 1, present, [0, 0, 1, 1, 3, 2], hit, out, [3, 1, 1]), -1);
  assert.equal(out[0], Math.fround(2 / 5));
  // the same shape in English (`describe cause unknown`) is half covered: an answer
  assert.notEqual(variantScore(words, 1, present, [0, 0, 1, 1, 3, 2], hit, out, [2, 1, 1]), -1);
  assert.equal(out[0], 0.5);
});

test("an absent inflected word weighs one: how a question is put, not what it is about", () => {
  assert.ok(inflected({ text: "消え", cjk: true }) && inflected({ text: "届け", cjk: true }));
  assert.ok(!inflected({ text: "データ", cjk: true }) && !inflected({ text: "いじょう", cjk: true }));
  assert.ok(!inflected({ text: "call", cjk: false }));
  assert.ok(!inflected({ text: "肉じゃ", cjk: true }), "two kana: a noun cut before its particle (肉じゃが)");
  const out = [0];
  // `データ 消え`: データ present and matched, 消え not in the index
  assert.equal(variantScore([[0], [1]], 1, [1, 0], [2, 0], [1, 0], out), -1, "weighing two: a third covered");
  assert.equal(out[0], Math.fround(1 / 3));
  assert.notEqual(variantScore([[0], [1]], 1, [1, 0], [2, 0], [1, 0], out, [1, absentWeight({ text: "消え", cjk: true })]), -1);
  assert.equal(out[0], 0.5, "weighing one: half covered");
});

test("a pack is inflated from base64 zlib, and blocks are found across block packs", async () => {
  const { deflateSync } = await import("node:zlib");
  const packed = (data) => deflateSync(Buffer.from(JSON.stringify(data))).toString("base64");
  assert.deepEqual(await inflate(packed({ t: { "情報": [1, 2, 3, "A"] } })), { t: { "情報": [1, 2, 3, "A"] } });
  const norms = Array.from({ length: 256 }, (_, i) => i);
  const files = {
    "xx/meta": { format: FORMAT, lang: "xx", docs: 0, docsPerShard: 4, norms, idfFix: {}, others: [], fields: [],
      keys: [], blockPacks: v(2, 3) },
    "xx/b/0": packed(["b0", "b1"]),
    "xx/b/1": packed(["b2", "b3", "b4"]),
  };
  const loaded = [];
  const shards = new Shards("xx", async (name) => { loaded.push(name); return files[name]; });
  assert.deepEqual(await Promise.all([0, 1, 2, 4].map((n) => shards.block(n))), ["b0", "b1", "b2", "b4"]);
  assert.deepEqual(loaded, ["xx/meta", "xx/b/0", "xx/b/1"], "each pack loaded once");
  await assert.rejects(shards.block(5), /no postings block 5/);
});

test("an optional word adds part of its score and never counts in the coverage", () => {
  const out = [0];
  assert.equal(absentWeight({ text: "when", cjk: false }), 0);
  assert.equal(absentWeight({ text: "tell", cjk: false }), 0);
  assert.equal(absentWeight({ text: "誰", cjk: true }), 0, "a Japanese question word");
  assert.equal(absentWeight({ text: "いつ", cjk: true }), 0);
  // `when disclose`: the document has `disclose` only, then both
  const weights = [absentWeight({ text: "when", cjk: false }), absentWeight({ text: "disclose", cjk: false })];
  assert.equal(variantScore([[0], [1]], 1, [1, 1], [0, 2], [0, 1], out, weights), 2);
  assert.equal(out[0], 1, "a document without the optional word covers the query");
  assert.equal(variantScore([[0], [1]], 1, [1, 1], [4, 2], [1, 1], out, weights), Math.fround(2 + 4 * OPTIONAL_WEIGHT));
  assert.equal(variantScore([[0]], 1, [1], [4], [1], out, [0]), -1, "optional words alone answer nothing");
});
