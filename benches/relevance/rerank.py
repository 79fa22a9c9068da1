#!/usr/bin/env python3
"""Measure a reordering of tebiki's search results before building it into the engines.

Reads the rankings `cargo bench --bench relevance -- --dump FILE` writes (every query's
first 60 results, as `tebiki search` ranks them) and the site's search documents
(`tebiki export`), reorders each ranking by the rules below, and prints nDCG@10 per half
and language, scored as the relevance bench scores (results credited to their top-level
section, the first of each kept):

- `as ranked`: the rankings unchanged (the bench's own numbers: a check of this script);
- `ideal order`: the sections found ordered by their judged grade, the most any
  reordering of what the search finds can reach;
- `ideal answering`: only the sections that answer (cover half of the query or more)
  ordered by grade, the others after them as ranked;
- `related K=.. b=..`: pseudo-relevance feedback. Each top-level section is a tf-idf
  vector (kana/kanji bigrams and Latin words of its headings and text, a section's
  documents together); the first three results are seeds, and each of the first 20
  results gains `b` × the mean over the seeds of (seed's score / first score) × cosine,
  counted only when it is among the seed's K most similar sections; the answering
  sections stay first;
- `related +new`: the same, where a seed's similar sections join the list even when the
  search did not find them;
- `per guide g=..`: each further result from a guide already listed weighs `g` times less;
- `guide prior b=..`: each result moves up by `b` × the number of results × its guide's
  share (the summed score of the guide's three best results over the best guide's).

Usage, from the repository root:

    cargo bench --bench relevance -- --dump target/rankings.json
    cargo run --release -- export --out target/docs.ndjson
    python3 benches/relevance/rerank.py target/rankings.json target/docs.ndjson
"""
import collections
import json
import math
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
STOP = set("the a an and or of to in for on with is are be by as at it this that from we our you your "
           "not can will should has have was were if when what how who which".split())


def top(section):
    return section.split("-")[0]


def sections(hits):
    """The ranked top-level sections of a ranking, each once."""
    out = []
    for h in hits:
        k = (h["guide"], top(h["section"]))
        if k not in out:
            out.append(k)
    return out


def ndcg(ranked, judged, k=10):
    rel = {(r["guide"], r["section"]): r["grade"] for r in judged["relevant"]}
    dcg = sum(rel.get(s, 0) / math.log2(i + 2) for i, s in enumerate(ranked[:k]))
    ideal = sorted(rel.values(), reverse=True)[:k]
    return dcg / sum(g / math.log2(i + 2) for i, g in enumerate(ideal))


def tokens(text):
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z0-9]+|[\u3005\u3040-\u30ff\u4e00-\u9fff]+", text):
        w = m.group(0)
        if w[0].isascii():
            if w.lower() not in STOP:
                out.append(w.lower())
        else:
            out += [w] if len(w) == 1 else [w[i:i + 2] for i in range(len(w) - 1)]
    return out


def vectors(ndjson):
    """Per (lang, guide, top-level section), its unit tf-idf vector."""
    text = collections.defaultdict(list)
    for line in open(ndjson, encoding="utf-8"):
        d = json.loads(line)
        text[(d["lang"], d["guide"], top(d["section"]))] += [d.get("heading", ""), d["text"]]
    vec = {}
    for lang in {k[0] for k in text}:
        keys = [k for k in text if k[0] == lang]
        tf = {k: collections.Counter(tokens(" ".join(text[k]))) for k in keys}
        df = collections.Counter(t for k in keys for t in tf[k])
        n = len(keys)
        for k in keys:
            v = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in tf[k].items() if df[t] < n}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vec[k] = {t: x / norm for t, x in v.items()}
    return vec


class Similar:
    def __init__(self, vec):
        self.vec, self.near = vec, {}

    def neighbours(self, lang, section, k):
        """The k sections most similar to `section` (guide, id): {section: cosine}."""
        key = (lang, section, k)
        if key not in self.near:
            a = self.vec[(lang,) + section]
            sims = []
            for other, b in self.vec.items():
                if other[0] == lang and other[1:] != section:
                    sims.append((sum(x * b.get(t, 0.0) for t, x in a.items()), other[1:]))
            sims.sort(key=lambda s: (-s[0], s[1]))
            self.near[key] = {s: c for c, s in sims[:k]}
        return self.near[key]


def scored(hits):
    """The ranked sections, each one's score (its first result's), and those that answer."""
    score, answers = {}, set()
    for h in hits:
        s = (h["guide"], top(h["section"]))
        score.setdefault(s, h["score"])
        if not h["partial"]:
            answers.add(s)
    return sections(hits), score, answers


def related(hits, similar, k, b, new=False, depth=20, seeds=3):
    if not hits:
        return []
    lang = hits[0]["lang"]
    ranked, score, answers = scored(hits)
    head, tail = ranked[:depth], ranked[depth:]
    best = score[ranked[0]] or 1.0
    gain = collections.Counter()
    for seed in ranked[:seeds]:
        for s, cos in similar.neighbours(lang, seed, k).items():
            gain[s] += cos * score[seed] / best
    pool = set(head) | (set(gain) if new else set())
    tail = [s for s in tail if s not in pool]
    fused = lambda s: -(score.get(s, 0.0) / best + b * gain[s] / min(seeds, len(ranked)))
    first = sorted((s for s in pool if s in answers and s in head), key=fused)
    rest = sorted((s for s in pool if s not in first), key=fused)
    return first + rest + tail


def per_guide(hits, g, depth=20):
    ranked, score, answers = scored(hits)
    pool, out, seen = list(ranked[:depth]), [], collections.Counter()
    while pool:
        s = max(pool, key=lambda s: (s in answers, score[s] * g ** seen[s[0]]))
        pool.remove(s)
        out.append(s)
        seen[s[0]] += 1
    return out + ranked[depth:]


def guide_prior(hits, beta, best=3):
    """Each result `beta` × (results) × (its guide's summed score of its `best` first
    results ÷ the best guide's) places up; ties keep the order."""
    if not hits:
        return []
    summed = collections.defaultdict(list)
    for h in hits:
        summed[h["guide"]].append(h["score"])
    share = {g: sum(sorted(v, reverse=True)[:best]) for g, v in summed.items()}
    most = max(share.values()) or 1.0
    moved = sorted(range(len(hits)), key=lambda i: (i - beta * len(hits) * share[hits[i]["guide"]] / most, i))
    return sections([hits[i] for i in moved])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    queries = {q["id"]: q for q in json.load(open(ROOT / "benches" / "relevance" / "queries.json"))}
    rankings = {r["id"]: r["hits"] for r in json.load(open(sys.argv[1]))}
    similar = Similar(vectors(sys.argv[2]))

    def grade(q):
        rel = {(r["guide"], r["section"]): r["grade"] for r in q["relevant"]}
        return lambda s: -rel.get(s, 0)

    def ideal_answering(q, hits):
        answering = [s for s in sections([h for h in hits if not h["partial"]])]
        return sorted(answering, key=grade(q)) + [s for s in sections(hits) if s not in answering]

    rules = [
        ("as ranked", lambda q, h: sections(h)),
        ("ideal order", lambda q, h: sorted(sections(h), key=grade(q))),
        ("ideal answering", ideal_answering),
    ]
    for k in (10, 20):
        for b in (0.5, 1.0):
            rules.append((f"related K={k} b={b}", lambda q, h, k=k, b=b: related(h, similar, k, b)))
    rules.append(("related +new K=10 b=0.5", lambda q, h: related(h, similar, 10, 0.5, new=True)))
    for g in (0.9, 0.7):
        rules.append((f"per guide g={g}", lambda q, h, g=g: per_guide(h, g)))
    for beta in (0.02, 0.05, 0.1, 0.2):
        rules.append((f"guide prior b={beta}", lambda q, h, beta=beta: guide_prior(h, beta)))

    print(f"{'rule':<26} {'tune ja':>8} {'tune en':>8} {'held ja':>8} {'held en':>8}")
    for name, rule in rules:
        sums = collections.defaultdict(list)
        for qid, q in queries.items():
            if q["relevant"]:
                sums[(q["half"], q["lang"])].append(ndcg(rule(q, rankings[qid]), q))
        cells = [sum(v) / len(v) for v in (sums[(h, l)] for h in ("tune", "held") for l in ("ja", "en"))]
        print(f"{name:<26} " + " ".join(f"{c:8.3f}" for c in cells))


if __name__ == "__main__":
    main()
