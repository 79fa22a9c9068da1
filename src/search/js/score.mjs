// How the browser engine scores, in the same 32-bit float steps as tantivy and
// src/search/rank.rs: BM25 per term and field, and a variant's score from its words'
// clauses (coverage, absent and optional words, joints), each distinct word of a query's
// variants summed once per document. searcher.mjs ranks with it.

import { isHiragana } from "./tokenizer.mjs";
import { MIN_COVERAGE, COVERAGE_POWER, ABSENT_PART, ABSENT_WEIGHT, ABSENT_WEIGHT_CJK, OPTIONAL_WORDS, OPTIONAL_WEIGHT, QUESTION_INTENTS } from "./shared.mjs";

export const f32 = Math.fround;
export const K1 = f32(1.2);
const B = f32(0.75);
/** tantivy's idf, in f32 steps (the logarithm in f64, rounded). */
export function idf(df, n) {
  const x = f32(f32(f32(n - df) + 0.5) / f32(f32(df) + 0.5));
  return f32(Math.log(f32(1 + x)));
}

/** tantivy's idf of document frequency `df`, with the export's corrections (`idfFix`). */
export function fixedIdf(m, df) {
  const fix = m.idfFix[df];
  return fix === undefined ? idf(df, m.docs) : f32(fix);
}

/** tantivy's per-field-norm cache K1 * (1 - B + B * norm / avg), in f32 steps. */
export function tfCache(norms, avg) {
  const cache = new Float64Array(256);
  for (let id = 0; id < 256; id++) {
    cache[id] = f32(K1 * f32(f32(1 - B) + f32(f32(B * f32(norms[id])) / avg)));
  }
  return cache;
}

/** One term-in-field BM25 score, boosted, in tantivy's f32 steps. */
export function bm25(weight, cache, norm, tf, boost) {
  return f32(f32(weight * f32(tf / f32(tf + cache[norm]))) * boost);
}

/** Whether a query word is inflected: a kana/kanji word whose last character, and only
 *  that, is hiragana — one kana of okurigana (rank.rs `inflected`). */
export function inflected(w) {
  const c = Array.from(w.text);
  return w.cjk && c.length >= 2 && isHiragana(c[c.length - 1]) && !isHiragana(c[c.length - 2]);
}

/** Whether a word is optional: a Latin word of OPTIONAL_WORDS or a kana/kanji question word of
 *  QUESTION_INTENTS (rank.rs `optional`). */
export function optional(w) {
  return OPTIONAL_WORDS.includes(w.text) || (w.cjk && Object.hasOwn(QUESTION_INTENTS, w.text));
}

/** A word's weight in the coverage when it is absent: 0 when optional (it never counts), 1
 *  when inflected, ABSENT_WEIGHT_CJK for another kana/kanji word, ABSENT_WEIGHT for a Latin
 *  word (rank.rs `absent_weight`). */
export function absentWeight(w) {
  if (optional(w)) return 0;
  return inflected(w) ? 1 : f32(w.cjk ? ABSENT_WEIGHT_CJK : ABSENT_WEIGHT);
}

/** Whether clause `i` of word `w` (clause indexes) is a joint: not present, neither first
 *  nor last, between two present clauses (rank.rs `joint`). */
export function joint(w, i, present) {
  return !present[w[i]] && i > 0 && i + 1 < w.length && !!present[w[i - 1]] && !!present[w[i + 1]];
}

/**
 * The score of a variant from whether each clause has a term in the index (`present`, 0
 * or 1), the clauses' scores `acc` and whether each matched (or may match: an upper bound
 * then), or -1 below the minimum coverage (rank.rs `variant_score`). A word with at least
 * one in ABSENT_PART of its clauses not present, joints left out (`joint`), is absent: it
 * weighs its `absentWeights` entry (per word, see `absentWeight`; ABSENT_WEIGHT when not
 * given) and is never covered; a present word is covered by the share of its clauses
 * other than joints that match. A word weighing 0 is optional (`optional`): OPTIONAL_WEIGHT
 * of its score counts, its coverage does not; a variant of optional words only answers
 * nothing. Sets `out[0]` to the coverage.
 */
export function variantScore(words, weight, present, acc, matched, out, absentWeights = null) {
  const table = wordTable({ variants: [words], weights: [weight], present, absentWeights: absentWeights && [absentWeights] });
  sumWords(table, acc, matched);
  const sc = scoreWith(table.variants[0], table, out);
  return answers(out[0]) ? sc : -1;
}

/** Whether a document of coverage `cover` answers a variant (at least MIN_COVERAGE); one
 *  that covers less, but not nothing, only fills the list: it ranks after every document
 *  that answers, and only when one does (rank.rs `answers`). */
export function answers(cover) {
  return cover >= f32(MIN_COVERAGE);
}

/** Per variant's `words`, given `present` and its `absentWeights`, what its score needs of
 *  each word that does not depend on the document: whether it is optional, whether it is
 *  absent and then its weight, and else its clauses other than joints. Worked out once
 *  per query, by `wordTable`. */
function shapeOf(words, present, absentWeights) {
  const n = words.length;
  const shape = { optional: new Uint8Array(n), absent: new Uint8Array(n), absentWeight: new Float64Array(n),
    counted: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const w = words[i];
    let absent = 0, joints = 0;
    for (let k = 0; k < w.length; k++) {
      if (joint(w, k, present)) joints++;
      else absent += 1 - present[w[k]];
    }
    shape.optional[i] = absentWeights && absentWeights[i] === 0 ? 1 : 0;
    shape.counted[i] = w.length - joints;
    shape.absent[i] = absent * ABSENT_PART >= shape.counted[i] ? 1 : 0;
    shape.absentWeight[i] = absentWeights ? absentWeights[i] : f32(ABSENT_WEIGHT);
  }
  return shape;
}

/**
 * The distinct words of a plan's variants (variants share words: `経営層 説明` and
 * `経営陣 説明` both have `説明`), so that a candidate sums each word's clauses once:
 * `words` (clause lists), `counted` (per word, its clauses other than joints), and per
 * variant its shape and, per word, the word's number in `words` and its part of the
 * variant's total (`part`: 1, or OPTIONAL_WEIGHT for an optional word).
 */
export function wordTable(plan) {
  const ids = new Map(), words = [], counted = [];
  const variants = plan.variants.map((ws, v) => {
    const shape = shapeOf(ws, plan.present, plan.absentWeights ? plan.absentWeights[v] : null);
    const of = ws.map((w, i) => {
      const key = w.join(",");
      let u = ids.get(key);
      if (u === undefined) {
        u = words.length;
        ids.set(key, u);
        words.push(w);
        counted.push(shape.counted[i]);
      }
      return u;
    });
    const part = Float64Array.from(shape.optional, (o) => (o ? OPTIONAL_WEIGHT : 1));
    return { shape, of, part, weight: plan.weights[v] };
  });
  return { words, counted, variants, avg: new Float64Array(words.length), frac: new Float64Array(words.length) };
}

/**
 * The most any variant of `table` can score with its clauses' scores (or bounds) `acc`:
 * its weight times its total, the coverage factor (at most 1) left out; in 64-bit floats.
 * Uses `table.avg` as scratch.
 */
export function totalBound(table, acc) {
  const { words, avg } = table;
  for (let u = 0; u < words.length; u++) {
    const w = words[u];
    let sum = 0;
    for (let k = 0; k < w.length; k++) sum += acc[w[k]];
    avg[u] = sum / w.length;
  }
  let best = 0;
  const variants = table.variants;
  for (let v = 0; v < variants.length; v++) {
    const { of, part, weight } = variants[v];
    let total = 0;
    for (let i = 0; i < of.length; i++) total += part[i] * avg[of[i]];
    if (weight * total > best) best = weight * total;
  }
  return best;
}

/** Per distinct word of `table`, the mean of its clauses' scores (`avg`) and the share of
 *  its clauses other than joints that match (`frac`), each clause added once. */
function sumWords(table, acc, matched) {
  const { words, counted, avg, frac } = table;
  for (let u = 0; u < words.length; u++) {
    const w = words[u];
    let sum = 0, m = 0;
    for (let k = 0; k < w.length; k++) {
      const c = w[k];
      sum = f32(sum + acc[c]);
      m += matched[c];
    }
    avg[u] = f32(sum / w.length);
    frac[u] = f32(m / counted[u]);
  }
}

/** The score of one variant of `table` (see `variantScore`) from its words' sums, or -1
 *  when it covers nothing (below MIN_COVERAGE it only fills: `answers`). */
function scoreWith(variant, table, out) {
  const { shape, of, weight } = variant, { avg, frac } = table;
  let total = 0, covered = 0, all = 0;
  for (let i = 0; i < of.length; i++) {
    const u = of[i];
    if (shape.optional[i]) {
      total = f32(total + f32(avg[u] * f32(OPTIONAL_WEIGHT)));
      continue;
    }
    total = f32(total + avg[u]);
    if (shape.absent[i]) all = f32(all + shape.absentWeight[i]);
    else { covered = f32(covered + frac[u]); all = f32(all + 1); }
  }
  if (all === 0) { out[0] = 0; return -1; }
  const cover = f32(covered / all);
  out[0] = cover;
  if (cover <= 0) return -1;
  let factor = 1;
  for (let p = 0; p < COVERAGE_POWER; p++) factor = f32(factor * cover);
  return f32(f32(weight * total) * factor);
}

/** The best variant of `table` for one document, the first of equal scores among the
 *  variants the document answers (among those it only fills, when it answers none): its
 *  score, or -1 when it covers none; sets `out` to [coverage, variant], the variant being
 *  the one the document answers: the best, unless the query as typed (variant 0) covers
 *  the document as fully (`rank.rs` `Words::best`). */
export function bestVariant(table, acc, matched, out) {
  sumWords(table, acc, matched);
  let best = -1, bestV = -1, bestC = 0, typedC = -1;
  for (let v = 0; v < table.variants.length; v++) {
    const sc = scoreWith(table.variants[v], table, out);
    if (v === 0 && sc >= 0) typedC = out[0];
    if (sc < 0) continue;
    const a = answers(out[0]), b = bestV >= 0 && answers(bestC);
    if (bestV < 0 || (a && !b) || (a === b && sc > best)) { best = sc; bestV = v; bestC = out[0]; }
  }
  out[0] = bestC;
  out[1] = bestV > 0 && typedC >= bestC ? 0 : bestV;
  return best;
}
