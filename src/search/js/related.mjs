// The last step of the ranking, shared with src/search/related.rs: sections related to
// the first results gain a share of their scores, and related sections the query did not
// find join the list (docs/search-format.md, *Related sections*).

import { RELATED_SEEDS, RELATED_WEIGHT } from "./shared.mjs";

/**
 * The last step of the ranking (related.rs `rerank`): `hits` ([score, answers]) in their
 * order, with their sections' first documents `starts` and the related sections of the
 * first `RELATED_SEEDS` of them (`lists`: [doc, milli, …] each). A section gains, over the
 * seeds, cosine × seed's score / first score where it is a seed's related section; it
 * ranks by score / first score + RELATED_WEIGHT × gain / seeds, the hits that answer
 * first, then the others and the related sections the query did not find (score 0); ties
 * keep the search's order, new sections last by document. Cut to `limit`. Returns
 * [{hit: index in hits} or {doc: a new section's first document}].
 */
export function rerank(hits, starts, lists, limit) {
  if (hits.length === 0) return [];
  const best = hits[0][0];
  const seeds = Math.min(hits.length, RELATED_SEEDS);
  const gain = new Map();
  for (let i = 0; i < seeds; i++) {
    const share = hits[i][0] / best, list = lists[i] || [];
    for (let j = 0; j + 1 < list.length; j += 2) {
      const doc = list[j], cos = list[j + 1] / 1000;
      gain.set(doc, gain.has(doc) ? gain.get(doc) + cos * share : cos * share);
    }
  }
  const rankScore = (score, doc) => score / best + RELATED_WEIGHT * (gain.get(doc) || 0) / seeds;
  const all = hits.map(([score, answers], i) => ({ answers, s: rankScore(score, starts[i]), order: i, hit: i, doc: starts[i] }));
  const found = new Set(starts);
  const fresh = [...gain.keys()].filter((d) => !found.has(d)).sort((a, b) => a - b);
  for (const d of fresh) all.push({ answers: false, s: rankScore(0, d), order: Infinity, doc: d });
  all.sort((a, b) => (a.answers !== b.answers ? (a.answers ? -1 : 1) : b.s - a.s || a.order - b.order || a.doc - b.doc));
  return all.slice(0, limit).map((r) => (r.order === Infinity ? { doc: r.doc } : { hit: r.hit }));
}
