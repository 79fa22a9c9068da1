// The tebiki tokenizer, query analysis and query expansion, ported from
// src/search/tokenizer.rs, query.rs and expand.rs (read those for the rules). Both sides
// are held to the cases in tests/fixtures/search/tokenizer-vectors.json; the constants
// they share come from shared.mjs (generated from src/search/shared.json).
//
// The English stemmer (stemmer.mjs) is not imported: a Japanese query never runs it, so
// the site loads it only for queries that need it (`needsStemmer`) and hands it over
// with `setStemmer`.

import { MAX_WORD_CHARS, MAX_QUERY_CHARS, MAX_EXPANSIONS, PARTICLES, FUNCTION_WORDS, QUESTION_WORDS, OKURIGANA_BEFORE_AUXILIARY, STOP_WORDS, QUESTION_INTENTS, MAX_KEY_CHARS, MAX_KEY_WORDS, MAX_VARIANTS, KIND_WEIGHTS, KINDS } from "./shared.mjs";

export const CJK = 1;
const HOMOPHONE = KINDS.indexOf("homophone");
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

/** Katakana (U+30A1..U+30FF, with `ー`; tokenizer.rs `is_katakana`). */
export function isKatakana(ch) {
  const u = ch.codePointAt(0);
  return u >= 0x30a1 && u <= 0x30ff;
}

const SMALL_KANA = "ァィゥェォッャュョヮヵヶ";

/** Whether chars[from..to] may be a span: where it cuts a katakana stretch, it is 3
 *  characters or more and the cut is not before `ー` or a small kana (expand.rs
 *  `cuts_katakana_well`). */
export function cutsKatakanaWell(chars, from, to) {
  const inside = (i) => i > 0 && i < chars.length && isKatakana(chars[i - 1]) && isKatakana(chars[i]);
  const bad = (i) => inside(i) && (chars[i] === "ー" || SMALL_KANA.includes(chars[i]));
  return !bad(from) && !bad(to) && (to - from >= 3 || !(inside(from) || inside(to)));
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

const FUNCTION = PARTICLES.concat(FUNCTION_WORDS);

/** Whether a hiragana stretch (an array of characters) is a small `っ` and then a te-form's
 *  ending that no topic `って` has: a function word of two characters or more starting with
 *  `て` or `ち` (`てた`, `ちゃった`), then function words or nothing (query.rs `te_form`). */
function teForm(h) {
  if (h.length <= 2 || h[0] !== "っ") return false;
  return FUNCTION_WORDS.some((w) => {
    const c = Array.from(w);
    if (c.length < 2 || (c[0] !== "て" && c[0] !== "ち") || 1 + c.length > h.length) return false;
    for (let k = 0; k < c.length; k++) if (h[1 + k] !== c[k]) return false;
    return h.length === 1 + c.length || functionOnly(h.slice(1 + c.length));
  });
}

/** Whether the whole of `h` (an array of characters) is particles and function words. */
function functionOnly(h) {
  const n = h.length;
  const ok = new Array(n + 1).fill(false);
  ok[n] = true;
  for (let i = n - 1; i >= 0; i--) {
    ok[i] = FUNCTION.some((w) => {
      const c = Array.from(w);
      if (i + c.length > n) return false;
      for (let k = 0; k < c.length; k++) if (h[i + k] !== c[k]) return false;
      return ok[i + c.length];
    });
  }
  return n > 0 && ok[0];
}

/** The question words with intents (QUESTION_INTENTS: `いつ`) that a stretch of particles and
 *  function words is read with, in order (query.rs `question_parts`). */
function questionParts(h) {
  const n = h.length;
  const seq = (a, b) => a === b || functionOnly(h.slice(a, b));
  const keys = Object.keys(QUESTION_INTENTS).map((k) => Array.from(k)).filter((k) => k.every(isHiragana));
  const out = [];
  for (let i = 0; i < n;) {
    let hit = null;
    for (const k of keys) {
      if (i + k.length > n || (hit !== null && k.length <= hit.length)) continue;
      if (k.every((c, j) => h[i + j] === c) && h[i + k.length] !== "も" && seq(0, i) && seq(i + k.length, n)) hit = k;
    }
    if (hit === null) i++;
    else { out.push(hit.join("")); i += hit.length; }
  }
  return out;
}

/** Whether `ch` is a kanji: a kana/kanji character that is no kana and no `ー`. */
function isKanji(ch) {
  return charClass(ch.codePointAt(0)) === CJK && !isHiragana(ch) && !isKatakana(ch) && ch !== "ー";
}

/** The parts of a kana/kanji run of a query (query.rs `split_run`). */
function splitRun(run) {
  const chars = Array.from(run);
  const parts = [];
  let cur = "", i = 0;
  while (i < chars.length) {
    if (!isHiragana(chars[i])) { cur += chars[i++]; continue; }
    const start = i;
    while (i < chars.length && isHiragana(chars[i])) i++;
    const h = chars.slice(start, i);
    let kept = null;
    const afterKanji = start > 0 && isKanji(chars[start - 1]);
    const okurigana = afterKanji && h.length > 1 && OKURIGANA_BEFORE_AUXILIARY.includes(h[0]);
    // A passive after a verb's stem that is also a particle (`聞かれた`): the stem's kana stays.
    // Not a conditional (`連絡すれば`: `れば`).
    const stemBeforePassive = afterKanji && h.length > 2 && h[1] === "れ" && h[2] !== "ば" && functionOnly(h.slice(1));
    // After one kanji alone, `し` + function words is a verb's stem in `す` (`消した`), not
    // `する` after a noun of two kanji or more (`連絡した`).
    const oneKanji = afterKanji && (start === 1 || !isKanji(chars[start - 2]));
    const stemInSu = oneKanji && h.length > 1 && h[0] === "し" && functionOnly(h.slice(1));
    // After one kanji alone, a small `っ` + function words ends a verb's stem (`黙って`); the
    // `って` of a topic follows a noun of two kanji or more (`発表文って`). After any kanji, so
    // does a `っ` + a te-form's ending no topic has (`間違ってた`).
    const stemInSokuon = (oneKanji && h.length > 1 && h[0] === "っ" && functionOnly(h.slice(1))) || (afterKanji && teForm(h));
    if (functionOnly(h)) kept = okurigana || stemBeforePassive || stemInSu || stemInSokuon ? 1 : 0;
    else if (start > 0) for (const p of [1, 2]) if (p < h.length && h[p] !== "っ" && functionOnly(h.slice(p))) { kept = p; break; }
    if (kept === null) cur += h.join("");
    else {
      cur += h.slice(0, kept).join("");
      // A question word right before `も` asks nothing (`誰も`, nobody).
      if (kept === 0 && h[0] === "も" && Object.hasOwn(QUESTION_INTENTS, cur)) cur = "";
      if (cur) parts.push(cur);
      cur = "";
      parts.push(...questionParts(h.slice(kept)));
    }
  }
  if (cur) parts.push(cur);
  return parts;
}

/** The words of a query: [{text, cjk, prefix?}] (query.rs `words`). */
export function words(query) {
  // Read up to MAX_QUERY_CHARS characters (code points, as the Rust engine counts them).
  const normalized = Array.from(normalize(query)).slice(0, MAX_QUERY_CHARS).join('');
  const all = runs(normalized);
  const out = [];
  const push = (w) => { if (!out.some((o) => o.text === w.text && o.cjk === w.cjk)) out.push(w); };
  all.forEach((run, i) => {
    const last = i + 1 === all.length && run.offset + run.text.length === normalized.length;
    if (run.cls === CJK) {
      for (const part of splitRun(run.text)) {
        if (Object.hasOwn(QUESTION_INTENTS, part)) { push({ text: part, cjk: true }); continue; }
        if (QUESTION_WORDS.includes(part)) continue;
        const one = Array.from(part).length === 1;
        if (!(one && isHiragana(part))) push(one ? { text: part, cjk: true, prefix: true } : { text: part, cjk: true });
      }
    } else {
      const w = run.text, n = Array.from(w).length;
      if (n > MAX_WORD_CHARS || STOP_WORDS.includes(w)) return;
      push(last && n >= 2 ? { text: w, cjk: false, prefix: true } : { text: w, cjk: false });
    }
  });
  return out;
}

/** The clauses of one word: [{terms, prefix?}]; a question word also matches the words of
 *  QUESTION_INTENTS (query.rs `clauses`). */
export function clauses(w) {
  if (w.cjk && Object.hasOwn(QUESTION_INTENTS, w.text)) {
    // A Japanese question word: the bigrams of the words that answer it.
    const out = [];
    for (const intent of QUESTION_INTENTS[w.text]) {
      for (const g of bigrams(intent)) if (!out.some((c) => c.terms[0] === g)) out.push({ terms: [g] });
    }
    return out;
  }
  if (w.cjk) {
    if (Array.from(w.text).length === 1) return [{ terms: [w.text], prefix: w.text }];
    const out = [];
    for (const g of bigrams(w.text)) if (!out.some((c) => c.terms[0] === g)) out.push({ terms: [g] });
    return out;
  }
  const terms = [w.text];
  const s = stem(w.text);
  if (s !== null) terms.push(s);
  const intents = Object.hasOwn(QUESTION_INTENTS, w.text) ? QUESTION_INTENTS[w.text] : [];
  for (const intent of intents) {
    for (const t of [intent, stem(intent)]) if (t !== null && !terms.includes(t)) terms.push(t);
  }
  return [w.prefix ? { terms, prefix: w.text } : { terms }];
}

/** How a Latin word meets a lexicon key: its stem, or itself (lexicon.rs `match_form`). */
export function matchForm(word) {
  const s = stem(word);
  return s === null ? word : s;
}

/** The weight of an expansion of lexicon kind `k`. */
export function kindWeight(k) {
  return Math.fround(KIND_WEIGHTS[k]);
}

/** The lexicon keys a query's words can start (their shard keys are what to load). */
export function keyStarts(ws) {
  const out = [];
  for (const w of ws) {
    if (w.cjk) out.push(...Array.from(w.text));
    else out.push(matchForm(w.text));
  }
  return [...new Set(out)];
}

/** The spans of the words: [{word, from, to, targets}] (expand.rs `spans`). */
function spans(ws, lookup) {
  const out = [];
  for (let i = 0; i < ws.length;) {
    if (ws[i].cjk) {
      const chars = Array.from(ws[i].text);
      for (let at = 0; at < chars.length;) {
        let found = null;
        for (let n = Math.min(MAX_KEY_CHARS, chars.length - at); n >= 2 && !found; n--) {
          if (!cutsKatakanaWell(chars, at, at + n)) continue;
          const t = lookup(chars.slice(at, at + n).join(""));
          if (t) found = [n, t];
        }
        if (found) { out.push({ word: i, from: at, to: at + found[0], targets: found[1] }); at += found[0]; } else at++;
      }
      i++;
      continue;
    }
    let run = 0;
    while (i + run < ws.length && !ws[i + run].cjk) run++;
    run = Math.min(run, MAX_KEY_WORDS);
    let found = null;
    for (let n = run; n >= 1 && !found; n--) {
      const t = lookup(ws.slice(i, i + n).map((w) => matchForm(w.text)).join(" "));
      if (t) found = [n, t];
    }
    if (found) { out.push({ word: i, from: 0, to: found[0], targets: found[1] }); i += found[0]; } else i++;
  }
  return out;
}

function allCjk(text) {
  for (const ch of text) if (charClass(ch.codePointAt(0)) !== CJK) return false;
  return true;
}

/** The text of a variant: `choice[k]` 0 keeps span k as typed, t + 1 takes target t;
 *  and its joins: per homophone put inside a kana/kanji word, the bigrams across its edges
 *  with the rest of the word, of which the index must have one (expand.rs step 4). */
function rewrite(ws, sp, choice) {
  const out = [], joins = [];
  let k = 0;
  for (let i = 0; i < ws.length;) {
    if (ws[i].cjk) {
      const chars = Array.from(ws[i].text);
      const text = [], put = [];
      let at = 0;
      for (; k < sp.length && sp[k].word === i; k++) {
        text.push(...chars.slice(at, sp[k].from));
        if (choice[k] === 0) text.push(...chars.slice(sp[k].from, sp[k].to));
        else {
          const [target, kind] = sp[k].targets[choice[k] - 1];
          if (allCjk(target)) {
            const start = text.length;
            text.push(...Array.from(target));
            if (kind === HOMOPHONE) put.push([start, text.length]);
          } else text.push(" ", ...Array.from(target), " ");
        }
        at = sp[k].to;
      }
      text.push(...chars.slice(at));
      const cjk = (ch) => charClass(ch.codePointAt(0)) === CJK;
      for (const [from, to] of put) {
        const sides = [];
        if (from > 0 && cjk(text[from - 1])) sides.push(normalize(text[from - 1] + text[from]));
        if (to < text.length && cjk(text[to])) sides.push(normalize(text[to - 1] + text[to]));
        if (sides.length > 0) joins.push(sides);
      }
      out.push(text.join(""));
      i++;
    } else if (k < sp.length && sp[k].word === i) {
      if (choice[k] === 0) for (const w of ws.slice(i, i + sp[k].to)) out.push(w.text);
      else out.push(sp[k].targets[choice[k] - 1][0]);
      i += sp[k].to;
      k++;
    } else {
      out.push(ws[i++].text);
    }
  }
  return { text: out.join(" "), joins };
}

/** Choices of equal weight: the one whose deepest target is nearer its span's first
 * comes first (so each span's first target is tried before any span's second), then in
 * choice order (expand.rs `by_choice`). */
function cmpChoice(a, b) {
  const deepest = (c) => c.reduce((m, x) => Math.max(m, x), 0);
  const d = deepest(a) - deepest(b);
  if (d !== 0) return d;
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Whether a choice keeps every span as typed but at most one, replaced by its first
 *  target (expand.rs `single`): searched before any other. */
function single(c) {
  return c.filter((x) => x !== 0).length <= 1 && c.every((x) => x <= 1);
}

/**
 * The variants of a query's words: [{words, weight, text, joins}], the query as typed
 * first (expand.rs `variants`); a variant with joins is searched only when the index has
 * a bigram of each (`Searcher.variants`). `lookup(key)` gives a key's targets [[text, kind]] or null.
 */
export function variants(ws, lookup) {
  const sp = spans(ws, lookup);
  let choices = [[1, []]];
  for (const s of sp) {
    const next = [];
    for (const [w, c] of choices) {
      for (let opt = 0; opt <= s.targets.length; opt++) {
        next.push([opt === 0 ? w : Math.fround(w * kindWeight(s.targets[opt - 1][1])), c.concat([opt])]);
      }
    }
    next.sort((a, b) => single(b[1]) - single(a[1]) || b[0] - a[0] || cmpChoice(a[1], b[1]));
    choices = next.slice(0, MAX_VARIANTS);
  }
  const out = [];
  const join = (list) => list.map((w) => w.text).join(" ");
  for (const [weight, choice] of choices) {
    if (choice.every((c) => c === 0)) { out.unshift({ words: ws, weight: 1, text: join(ws), joins: [] }); continue; }
    const { text, joins } = rewrite(ws, sp, choice);
    const vws = words(text).map((w) =>
      (w.cjk && Array.from(w.text).length === 1 ? { text: w.text, cjk: true, prefix: true } : { text: w.text, cjk: w.cjk }));
    const same = (v) => v.words.length === vws.length && v.words.every((w, i) => w.text === vws[i].text && w.cjk === vws[i].cjk &&
      !!w.prefix === !!vws[i].prefix);
    if (vws.length === 0 || out.some(same)) continue;
    out.push({ words: vws, weight, text: join(vws), joins });
  }
  return out;
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
export function expandPrefix(candidates, exclude) {
  const c = candidates.filter(([t]) => !exclude.includes(t));
  c.sort((a, b) => b[1] - a[1] || cmpCodePoints(a[0], b[0]));
  return c.slice(0, MAX_EXPANSIONS).map(([t]) => t).sort(cmpCodePoints);
}
