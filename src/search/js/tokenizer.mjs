// The tebiki tokenizer and query analysis, ported from src/search/tokenizer.rs and
// src/search/query.rs (read those for the rules). Both sides are held to the cases in
// tests/fixtures/search/tokenizer-vectors.json and query-vectors.json.
//
// The English stemmer (stemmer.mjs) is not imported: a Japanese query never runs it, so
// the site loads it only for queries that need it (`needsStemmer`) and hands it over
// with `setStemmer`.

export const MAX_WORD_CHARS = 64;
export const MAX_EXPANSIONS = 16;
export const PARTICLES = ["の", "に", "を", "は", "が", "で", "と", "へ", "も", "や", "か", "から", "まで", "より",
  "への", "での", "との", "には", "では", "とは", "など", "にも", "でも", "とも"];
export const STOP_WORDS = ["a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
  "how", "i", "in", "is", "it", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where",
  "which", "who", "why", "with"];

export const CJK = 1;
export const WORD = 2;

/** The class of a code point of normalized text: CJK, WORD or 0 (separator). */
export function charClass(u) {
  if ((u >= 0x30 && u <= 0x39) || (u >= 0x61 && u <= 0x7a)) return WORD;
  if (u === 0xd7 || u === 0xf7) return 0;
  if ((u >= 0xc0 && u <= 0x24f) || (u >= 0x370 && u <= 0x4ff) || (u >= 0xac00 && u <= 0xd7af)) return WORD;
  if ((u >= 0x3005 && u <= 0x3007) || (u >= 0x3041 && u <= 0x309f) || (u >= 0x30a1 && u <= 0x30fa) ||
      (u >= 0x30fc && u <= 0x30ff) || (u >= 0x31f0 && u <= 0x31ff)) return CJK;
  if ((u >= 0x3400 && u <= 0x4dbf) || (u >= 0x4e00 && u <= 0x9fff) || (u >= 0xf900 && u <= 0xfaff) ||
      (u >= 0x20000 && u <= 0x2ffff)) return CJK;
  return 0;
}

export function isHiragana(ch) {
  const u = ch.codePointAt(0);
  return u >= 0x3041 && u <= 0x309f;
}

/** NFKC, then lowercase. */
export function normalize(text) {
  return text.normalize("NFKC").toLowerCase();
}

/** Runs of normalized text: [{cls, text, offset}] (offset in UTF-16 units). */
export function runs(normalized) {
  const out = [];
  let start = 0, cls = 0, i = 0;
  for (const ch of normalized) {
    const k = charClass(ch.codePointAt(0));
    if (k !== cls) {
      if (cls !== 0) out.push({ cls, text: normalized.slice(start, i), offset: start });
      start = i;
      cls = k;
    }
    i += ch.length;
  }
  if (cls !== 0) out.push({ cls, text: normalized.slice(start), offset: start });
  return out;
}

/** Overlapping bigrams of a kana/kanji run; a one-character run gives itself. */
export function bigrams(run) {
  const chars = Array.from(run);
  if (chars.length <= 1) return chars.length ? [run] : [];
  const out = [];
  for (let k = 0; k + 1 < chars.length; k++) out.push(chars[k] + chars[k + 1]);
  return out;
}

function isAsciiLower(w) {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

let stemmer = null;

/** Sets the English stemmer (`stemEnglish` of stemmer.mjs). */
export function setStemmer(fn) {
  stemmer = fn;
}

/** Whether the English stemmer is set. */
export function hasStemmer() {
  return stemmer !== null;
}

/** Whether a word is one that gets an English stem. */
function stemmable(word) {
  return word.length >= 3 && isAsciiLower(word);
}

/** Whether tokenizing or analyzing `text` stems a word (so the stemmer must be set). */
export function needsStemmer(text) {
  return runs(normalize(text)).some((r) => r.cls === WORD && stemmable(r.text));
}

/** The English stem of a word when it is plain ASCII letters and the stem differs. */
export function stem(word) {
  if (!stemmable(word)) return null;
  if (!stemmer) throw new Error("tebiki search: the English stemmer is not loaded");
  const s = stemmer(word);
  return s === word ? null : s;
}

/** The terms of a text, in order, as the index sees them. */
export function tokenize(text) {
  const out = [];
  for (const run of runs(normalize(text))) {
    if (run.cls === CJK) {
      out.push(...bigrams(run.text));
    } else {
      if (Array.from(run.text).length > MAX_WORD_CHARS) continue;
      out.push(run.text);
      const s = stem(run.text);
      if (s !== null) out.push(s);
    }
  }
  return out;
}

function splitParticles(run) {
  const chars = Array.from(run);
  const parts = [];
  let cur = "", i = 0;
  while (i < chars.length) {
    if (isHiragana(chars[i])) {
      let hira = "";
      while (i < chars.length && isHiragana(chars[i])) hira += chars[i++];
      if (PARTICLES.includes(hira)) {
        if (cur) parts.push(cur);
        cur = "";
      } else {
        cur += hira;
      }
    } else {
      cur += chars[i++];
    }
  }
  if (cur) parts.push(cur);
  return parts;
}

/** The clauses of a query: [{terms: [...], prefix?: string}] (see query.rs). */
export function analyze(query) {
  const normalized = normalize(query);
  const all = runs(normalized);
  const clauses = [];
  const push = (c) => {
    const key = JSON.stringify(c);
    if (!clauses.some((x) => JSON.stringify(x) === key)) clauses.push(c);
  };
  all.forEach((run, i) => {
    const last = i + 1 === all.length && run.offset + run.text.length === normalized.length;
    if (run.cls === CJK) {
      for (const part of splitParticles(run.text)) {
        if (Array.from(part).length === 1) {
          if (!isHiragana(part)) push({ terms: [part], prefix: part });
        } else {
          for (const g of bigrams(part)) push({ terms: [g] });
        }
      }
    } else {
      const w = run.text, n = Array.from(w).length;
      if (n > MAX_WORD_CHARS || STOP_WORDS.includes(w)) return;
      const terms = [w];
      const s = stem(w);
      if (s !== null) terms.push(s);
      push(last && n >= 2 ? { terms, prefix: w } : { terms });
    }
  });
  return clauses;
}

/** Compares strings by code point (the order of Rust's `str`, and of the index). */
export function cmpCodePoints(a, b) {
  const x = Array.from(a), y = Array.from(b);
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The expansions of a prefix from candidates [[term, docCount]]: the MAX_EXPANSIONS
 * in most documents (ties by term order), leaving out `exclude`, in term order.
 */
export function expand(candidates, exclude) {
  const c = candidates.filter(([t]) => !exclude.includes(t));
  c.sort((a, b) => b[1] - a[1] || cmpCodePoints(a[0], b[0]));
  return c.slice(0, MAX_EXPANSIONS).map(([t]) => t).sort(cmpCodePoints);
}
