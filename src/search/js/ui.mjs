// The search UI of the site's pages: the header box with results as you type, the
// search page (`<lang>/search/?q=`), and the marking of query terms on the page a result
// leads to. It is bundled with the engine into the classic script search-ui.js.
//
// Page contract (the renderer's templates): <meta name="tebiki-root" content="../../">,
// <meta name="tebiki-lang" content="ja">, a form.site-search holding
// input#site-search-input and div#site-search-results, and on the search page
// div#search-page-results.
//
// Everything shown is built with DOM APIs from text: no query or content string ever
// becomes HTML (mdBook's search had an XSS hole exactly there, CVE-2020-26297).

import { SiteSearch } from "./searcher.mjs";
import { optional } from "./score.mjs";
import { scriptLoader } from "./shards.mjs";
import { normalize, runs, bigrams, words, CJK, stem, hasStemmer, needsStemmer } from "./tokenizer.mjs";

/** Fallback strings, for a page without the theme's (the theme's i18n files are the
 *  source: base.html puts them on `#site-search-results` as data attributes). */
const STRINGS = {
  ja: { none: "見つかりませんでした", partial: "すべての語を含む箇所はありません。一部の語に一致した結果です。",
    match: "一部の語に一致", related: "関連する節", other: "日本語の手引きには見つかりませんでした。{lang}の手引きの結果です。",
    showing: "「{via}」の検索結果です。", instead: "「{query}」で検索する",
    langs: { ja: "日本語", en: "英語" },
    all: "すべての結果を見る", consensus: "社内説明のポイント", perspective: "Perspective", perspectiveEn: "Perspective",
    error: "検索できませんでした",
    count: "検索結果 {n} 件" },
  en: { none: "No results", partial: "No section contains every term; these match some of them.",
    match: "Partial match", related: "Related section", other: "Nothing found in the English guides; these results are in {lang}.",
    showing: "Showing results for “{via}”.", instead: "Search for “{query}” instead",
    langs: { ja: "Japanese", en: "English" },
    all: "See all results", consensus: "Consensus", perspective: "Perspective", perspectiveEn: "", error: "Search failed",
    count: "Results: {n}" },
};

/** The words of a query to mark in text (its search words but optional ones, tokenizer.mjs `words`), longest first. */
export function markWords(query) {
  return [...new Set(words(query).filter((w) => !optional(w)).map((w) => w.text))].sort((a, b) => b.length - a.length);
}

/**
 * What to mark for `query` in a text whose whole is `whole`: the query's words that occur
 * in it, and, for a kana/kanji word of three characters or more that does not occur whole,
 * those of its bigrams that do — as the search matched it (`証拠保全` in `証拠の保全`).
 */
export function markTargets(query, whole) {
  const norm = normalize(whole);
  const out = [];
  for (const w of markWords(query)) {
    if (LATIN.test(w)) {
      if (latinSpans(norm, w).length > 0) out.push(w);
    } else if (norm.includes(w)) out.push(w);
    else if (Array.from(w).length >= 3 && runs(w).length === 1 && runs(w)[0].cls === CJK) {
      out.push(...bigrams(w).filter((b) => norm.includes(b)));
    }
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}

/** A Latin word of a query (normalized): marked as a word, never inside another. */
const LATIN = /^[a-z0-9]+$/;

/**
 * Where the Latin word `w` stands in the normalized text `norm`: [start, end) of each
 * word that is `w`, or has its English stem when the stemmer is loaded (`regulations`
 * for `regulator`, as the search matched it); a word of four letters or more also
 * marks the start of a longer word (`backu` typed, in `backup`). Never inside a word:
 * `pr` is not marked in `appropriate`, nor `act` in `impact`.
 */
function latinSpans(norm, w) {
  const out = [];
  const wanted = hasStemmer() ? stem(w) ?? w : null;
  for (const m of norm.matchAll(/[a-z0-9]+/g)) {
    const t = m[0], i = m.index;
    if (t === w || (wanted !== null && (stem(t) ?? t) === wanted)) out.push([i, i + t.length]);
    else if (w.length > 3 && t.startsWith(w)) out.push([i, i + w.length]);
  }
  return out;
}

// Combining marks and (half-width) voicing marks: they normalize with the character before.
const COMBINING = /[\u0300-\u036f\u3099\u309a\uff9e\uff9f]/u;

/** The text cut into a character plus its combining marks (so `ﾄﾞ` stays one unit). */
function clusters(text) {
  const out = [];
  for (const ch of text) {
    if (out.length && COMBINING.test(ch)) out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}

/**
 * Where the words of `query` occur in `text` (`markTargets` in `whole`, the text it is
 * part of): sorted, non-overlapping [start, end) ranges in UTF-16 units of `text`.
 * Matching is on normalized text (NFKC, lowercase), character by character, so `ＢＣＰ`
 * in a page is found by `bcp`.
 */
export function highlightRanges(text, query, whole = text) {
  const words = markTargets(query, whole);
  if (words.length === 0) return [];
  let norm = "";
  const origin = [];
  let at = 0;
  for (const ch of clusters(text)) {
    const n = normalize(ch);
    for (let k = 0; k < n.length; k++) origin.push(at);
    norm += n;
    at += ch.length;
  }
  origin.push(at);
  const hits = [];
  for (const w of words) {
    if (LATIN.test(w)) {
      for (const [a, b] of latinSpans(norm, w)) hits.push([origin[a], origin[b] ?? at]);
      continue;
    }
    let i = norm.indexOf(w);
    while (i >= 0) {
      hits.push([origin[i], origin[i + w.length] ?? at]);
      i = norm.indexOf(w, i + w.length);
    }
  }
  hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out = [];
  for (const h of hits) {
    if (out.length && h[0] < out[out.length - 1][1]) continue;
    if (h[1] > h[0]) out.push(h);
  }
  return out;
}

/** An excerpt of at most `max` characters around the first range: [text, ranges]. */
export function excerptAround(text, ranges, max = 90) {
  if (text.length <= max) return [text, ranges];
  const start = ranges.length ? Math.max(0, Math.min(ranges[0][0] - 20, text.length - max)) : 0;
  const end = start + max;
  const prefix = start > 0 ? "…" : "";
  const cut = prefix + text.slice(start, end) + (end < text.length ? "…" : "");
  const shift = prefix.length - start;
  const inside = ranges.filter(([a, b]) => a >= start && b <= end).map(([a, b]) => [a + shift, b + shift]);
  return [cut, inside];
}

/** The link of a result: `root` + url, with `index.html` on file:// and the query to mark. */
export function resultHref(root, url, query, isFile) {
  const hash = url.indexOf("#");
  let path = url.slice(0, hash), frag = url.slice(hash);
  if (isFile && path.endsWith("/")) path += "index.html";
  return root + path + "?hl=" + encodeURIComponent(query) + frag;
}

/** Appends `text` to `el` with the `ranges` wrapped in <mark> (DOM nodes only). */
export function appendMarked(doc, el, text, ranges, cls) {
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) el.appendChild(doc.createTextNode(text.slice(at, a)));
    const m = doc.createElement("mark");
    if (cls) m.className = cls;
    m.textContent = text.slice(a, b);
    el.appendChild(m);
    at = b;
  }
  if (at < text.length) el.appendChild(doc.createTextNode(text.slice(at)));
}

/** Marks the query's words in the text of `root` with <mark class="search-hit">. */
export function markPage(doc, root, query) {
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest("script, style, form, mark, #site-search-results, #search-page-results")) continue;
    nodes.push(n);
  }
  let count = 0;
  const whole = nodes.map((n) => n.data).join("\n");
  for (const n of nodes) {
    const ranges = highlightRanges(n.data, query, whole);
    if (ranges.length === 0) continue;
    const frag = doc.createDocumentFragment();
    appendMarked(doc, frag, n.data, ranges, "search-hit");
    n.parentNode.replaceChild(frag, n);
    count += ranges.length;
  }
  return count;
}

/** `text` as runs `[text, lang]`: the English words `en` in it (where it holds them)
 *  with `lang` "en", the rest with "" (the page's language). */
export function englishRuns(text, en) {
  if (!en || !text.includes(en)) return [[text, ""]];
  const runs = [];
  text.split(en).forEach((part, i) => {
    if (i > 0) runs.push([en, "en"]);
    if (part) runs.push([part, ""]);
  });
  return runs;
}

/** A small label on a result (kind, language, partial match); the English words `en` in
 *  its text marked as English. */
function label(doc, cls, text, en = "") {
  const el = doc.createElement("span");
  el.className = cls;
  for (const [run, lang] of englishRuns(text, en)) {
    if (!lang) {
      el.appendChild(doc.createTextNode(run));
      continue;
    }
    const span = doc.createElement("span");
    span.lang = lang;
    span.textContent = run;
    el.appendChild(span);
  }
  return el;
}

function note(doc, box, text) {
  const p = doc.createElement("p");
  p.className = "search-note";
  p.textContent = text;
  box.appendChild(p);
}

/** The link that searches for the query as typed, without rewriting it. */
export function insteadHref(root, lang, query, isFile) {
  return root + lang + "/search/" + (isFile ? "index.html" : "") + "?q=" + encodeURIComponent(query) + "&exact=1";
}

function render(doc, box, state, query, list, strings, withAll) {
  box.replaceChildren();
  if (list.length && list[0].via !== undefined) {
    const p = doc.createElement("p");
    p.className = "search-note search-showing";
    p.appendChild(doc.createTextNode(strings.showing.replace("{via}", list[0].via) + " "));
    const a = doc.createElement("a");
    a.className = "search-instead";
    a.href = insteadHref(state.root, state.lang, query, state.isFile);
    a.textContent = strings.instead.replace("{query}", query);
    p.appendChild(a);
    box.appendChild(p);
  }
  const other = list.length > 0 && list[0].lang !== state.lang;
  if (other) note(doc, box, strings.other.replace("{lang}", strings.langs[list[0].lang] || list[0].lang));
  if (list.length && list.every((d) => d.partial)) note(doc, box, strings.partial);
  if (list.length === 0) {
    const p = doc.createElement("p");
    p.className = "search-empty";
    p.textContent = strings.none;
    box.appendChild(p);
  }
  // The header's results are the listbox of its combobox; the search page's are a list of
  // links (a screen reader lists them as links), the one arrows pick marked by a class.
  const listbox = withAll;
  const ul = doc.createElement("ul");
  ul.id = box.id + "-list";
  if (listbox) ul.setAttribute("role", "listbox");
  if (state.listLabel) ul.setAttribute("aria-label", state.listLabel);
  list.forEach((d, i) => {
    const li = doc.createElement("li");
    if (listbox) li.setAttribute("role", "none");
    const a = doc.createElement("a");
    a.className = d.related ? "search-result partial related" : d.partial ? "search-result partial" : "search-result";
    if (listbox) a.setAttribute("role", "option");
    a.id = box.id + "-" + i;
    a.href = resultHref(state.root, d.url, d.via === undefined ? query : d.via, state.isFile);
    select(a, i === 0);
    const guide = doc.createElement("span");
    guide.className = "guide";
    guide.textContent = d.guideTitle;
    const heading = doc.createElement("span");
    heading.className = "heading";
    const whole = d.heading + "\n" + d.excerpt;
    const marked = d.via === undefined ? query : query + " " + d.via;
    appendMarked(doc, heading, d.heading, highlightRanges(d.heading, marked, whole));
    a.append(guide, heading);
    if (d.lang !== state.lang) a.appendChild(label(doc, "lang-label", strings.langs[d.lang] || d.lang));
    if (d.kind === "consensus" || d.kind === "perspective") {
      a.appendChild(label(doc, "kind", strings[d.kind], strings[d.kind + "En"]));
    }
    // A related section matched no word of the query: it is said so, not "partial".
    if (d.related) a.appendChild(label(doc, "related", strings.related));
    else if (d.partial) a.appendChild(label(doc, "match", strings.match));
    const ex = doc.createElement("span");
    ex.className = "excerpt";
    if (d.lang !== state.lang) for (const el of [guide, heading, ex]) el.setAttribute("lang", d.lang);
    const [text, ranges] = excerptAround(d.excerpt, highlightRanges(d.excerpt, marked, whole));
    appendMarked(doc, ex, text, ranges);
    a.appendChild(ex);
    li.appendChild(a);
    ul.appendChild(li);
  });
  if (list.length) box.appendChild(ul);
  if (withAll && list.length) {
    const all = doc.createElement("a");
    all.className = "search-all";
    all.href = state.root + state.lang + "/search/" + (state.isFile ? "index.html" : "") + "?q=" + encodeURIComponent(query);
    all.textContent = strings.all;
    box.appendChild(all);
  }
}

/** Marks a result as the one Enter opens: `aria-selected` on an option of the header's
 *  listbox, the class `selected` on a link of the search page. */
function select(a, yes) {
  if (a.getAttribute("role") === "option") a.setAttribute("aria-selected", yes ? "true" : "false");
  a.classList.toggle("selected", yes);
}

/** The result Enter opens. */
function selected(box) {
  return box.querySelector(".search-result.selected");
}

/** Moves the selected result by `delta`; returns the id of the one selected now. */
function moveSelection(box, delta) {
  const items = Array.from(box.querySelectorAll(".search-result"));
  if (items.length === 0) return undefined;
  let i = items.findIndex((a) => a.classList.contains("selected"));
  i = (i + delta + items.length) % items.length;
  items.forEach((a, k) => select(a, k === i));
  items[i].scrollIntoView({ block: "nearest" });
  return items[i].id;
}

/** What a screen reader is told of a search's results: how many, or that there are none. */
export function statusText(strings, list) {
  if (list.length === 0) return strings.none;
  const count = strings.count.replace("{n}", String(list.length));
  return list.every((d) => d.partial) ? `${count} ${strings.partial}` : count;
}

/** The theme's UI strings from the results box's data attributes, over `fallback`. */
export function pageStrings(box, fallback) {
  const d = (box && box.dataset) || {};
  const pick = (key) => (d[key] ? d[key] : undefined);
  const langs = { ...fallback.langs };
  if (pick("langJa")) langs.ja = d.langJa;
  if (pick("langEn")) langs.en = d.langEn;
  const out = { ...fallback, langs };
  for (const key of ["none", "partial", "match", "related", "other", "all", "error", "consensus", "perspective", "perspectiveEn", "showing", "instead", "count"]) {
    if (pick(key)) out[key] = d[key];
  }
  return out;
}

/** Wires the UI into a page that follows the page contract. */
/** An address fragment with its %-escapes decoded, or as it is when they are malformed
 *  (`#%E0%A4%A`): a typed or pasted address must never stop the script. */
export function decodeFragment(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function start(doc = document, win = window) {
  const meta = (name) => doc.querySelector(`meta[name="${name}"]`)?.getAttribute("content");
  const root = meta("tebiki-root") ?? "";
  const lang = meta("tebiki-lang") ?? "ja";
  const strings = pageStrings(doc.getElementById("site-search-results"), STRINGS[lang] || STRINGS.en);
  const base = new URL(root + "assets/search/", doc.baseURI).href;
  const input = doc.getElementById("site-search-input");
  const label = input && input.id ? doc.querySelector(`label[for="${input.id}"]`)?.textContent?.trim() : undefined;
  const state = { root, lang, isFile: win.location.protocol === "file:", listLabel: label };
  const search = new SiteSearch(lang, scriptLoader(base, doc));
  const box = doc.getElementById("site-search-results");
  const page = doc.getElementById("search-page-results");
  const params = new URLSearchParams(win.location.search);

  let seq = 0;
  let exact = params.get("exact") === "1";
  // The header's box is a combobox whose list of results is the listbox (ARIA's pattern):
  // it says whether the list is open and which result Enter opens. On the search page the
  // results are links of the page, and the box a plain search field.
  const listed = page ? null : box;
  if (input && listed) {
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listed.id + "-list");
    input.setAttribute("aria-expanded", "false");
  }
  // Read out: how many results a search found (the lists themselves are not live).
  const status = doc.getElementById("site-search-status");
  const expand = (target, open) => {
    if (target === box) box.hidden = !open;
    const chosen = open ? selected(target) : null;
    if (!input || target !== listed) return;
    input.setAttribute("aria-expanded", chosen ? "true" : "false");
    if (chosen) input.setAttribute("aria-activedescendant", chosen.id);
    else input.removeAttribute("aria-activedescendant");
  };
  const run = async (target, query, limit, withAll) => {
    const mine = ++seq;
    if (!query.trim()) { target.replaceChildren(); delete target.dataset.query; expand(target, false); return; }
    try {
      const found = await search.results(query, limit, { exact });
      if (mine !== seq) return;
      render(doc, target, state, query, found, strings, withAll);
      // Which query the results shown answer: Enter opens one only while it is the field's.
      target.dataset.query = query;
      expand(target, true);
      if (status) status.textContent = statusText(strings, found);
    } catch (e) {
      if (mine !== seq) return;
      target.replaceChildren(Object.assign(doc.createElement("p"), { className: "search-empty", textContent: strings.error }));
      expand(target, true);
      if (status) status.textContent = strings.error;
      win.console?.error(e);
    }
  };

  if (input) {
    const target = page || box;
    let timer = 0;
    // Closes the list of results, and drops a search still to come or under way, whose
    // results would open it again.
    const close = () => {
      win.clearTimeout(timer);
      seq++;
      if (box) expand(box, false);
    };
    input.addEventListener("input", () => {
      win.clearTimeout(timer);
      timer = win.setTimeout(() => {
        exact = false;
        if (page) {
          const url = new URL(win.location.href);
          url.searchParams.set("q", input.value);
          url.searchParams.delete("exact");
          win.history.replaceState(null, "", url.href);
        }
        if (target) run(target, input.value, page ? 50 : 10, !page);
      }, 60);
    });
    input.addEventListener("keydown", (e) => {
      const list = target;
      // Keys pressed while an input method composes (Enter to confirm a conversion,
      // arrows to pick a candidate) belong to it.
      if (!list || e.isComposing || e.keyCode === 229) return;
      // The header's list, closed (Escape, a click elsewhere), shows nothing to pick.
      const closed = list === box && box.hidden;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (closed) {
          // Arrows open the list again, as they open a closed combobox.
          if (input.value.trim() && box.childElementCount > 0) expand(box, true);
          return;
        }
        const id = moveSelection(list, e.key === "ArrowDown" ? 1 : -1);
        if (id && list === listed) input.setAttribute("aria-activedescendant", id);
      } else if (e.key === "Enter") {
        // Results of a query since changed (a paste, then Enter before the search ran)
        // answer another question: the form goes to the search page with the new one.
        const current = list.dataset.query === input.value;
        const sel = closed || !current ? null : selected(list);
        if (sel) { e.preventDefault(); win.location.href = sel.href; }
      } else if (e.key === "Escape" && box && !page && !closed) {
        // Closes the list and keeps what was typed (the browser would clear the field).
        e.preventDefault();
        close();
      }
    });
    if (box && !page) {
      // The list of results closes as a menu does: Escape from a result (focus back in
      // the box), a click or a focus outside the search box; it opens again when the box
      // is focused, or with an arrow key.
      box.addEventListener("keydown", (e) => {
        if (e.key === "Escape") { input.focus(); close(); }
      });
      // The field, its button and the list are one control: Tab goes from the field to
      // the button and on into the results without closing them.
      const whole = box.closest(".site-search-box") || box.parentElement;
      const outside = (e) => {
        if (!box.hidden && e.target instanceof win.Node && !whole.contains(e.target) && e.target !== input) close();
      };
      doc.addEventListener("pointerdown", outside);
      doc.addEventListener("focusin", outside);
      input.addEventListener("focus", () => {
        if (box.hidden && input.value.trim() && box.childElementCount > 0) expand(box, true);
      });
    }
    doc.addEventListener("keydown", (e) => {
      const t = e.target;
      const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if ((e.key === "/" && !typing) || (e.key.toLowerCase() === "k" && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        input.focus();
        input.select();
      }
    });
    if (page && params.get("q")) {
      input.value = params.get("q");
      run(page, input.value, 50, false);
    }
  }
  const hl = params.get("hl");
  if (hl) {
    const main = doc.querySelector("main") || doc.body;
    const mark = () => {
      if (markPage(doc, main, hl) > 0 && win.location.hash) {
        doc.getElementById(decodeFragment(win.location.hash.slice(1)))?.scrollIntoView();
      }
    };
    // An English word is marked in its other forms too, as the search found them: with
    // the stemmer (loaded as the search loads it; without it, the words as typed).
    if (needsStemmer(hl) && !hasStemmer()) search.searcher(lang).stemmerFor(hl).then(mark, mark);
    else mark();
  }
}

if (typeof document !== "undefined" && typeof window !== "undefined") {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => start());
  else start();
}
