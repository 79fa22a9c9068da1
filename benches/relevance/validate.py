#!/usr/bin/env python3
"""Check benches/relevance/queries.json against the bundled guides and print its count table.

Run from the repository root: python3 benches/relevance/validate.py
Exits non-zero (listing every problem) if the set is malformed.
"""
import collections
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SET = ROOT / "benches" / "relevance" / "queries.json"
KINDS = {
    "keyword": "kw", "compound": "cp", "variant": "va", "ime": "im", "colloquial": "co",
    "synonym": "sy", "en-question": "qn", "cross-lang": "xl", "no-answer": "na",
}
LANGS = ("ja", "en")
HALVES = ("tune", "held")


def sections_of(slug):
    """Top-level section ids of a guide, from the English edition's `## … {#sN}` headings."""
    text = (ROOT / "content" / "en" / f"{slug}.md").read_text(encoding="utf-8")
    return re.findall(r"^## .*\{#(s\d+)\}\s*$", text, flags=re.M)


def main():
    problems = []
    slugs = sorted(p.stem for p in (ROOT / "content" / "ja").glob("*.txt"))
    guides = {}
    for slug in slugs:
        ids = sections_of(slug)
        if ids != [f"s{i}" for i in range(1, 12)]:
            problems.append(f"{slug}: expected sections s1..s11 in order, found {ids}")
        guides[slug] = set(ids)

    queries = json.loads(SET.read_text(encoding="utf-8"))
    seen_ids, seen_text = set(), set()
    table = collections.Counter()
    for i, q in enumerate(queries):
        where = f"entry {i} ({q.get('id', '?')})"
        for key in ("id", "lang", "kind", "half", "query", "intent", "relevant"):
            if key not in q:
                problems.append(f"{where}: missing {key}")
        if set(q) - {"id", "lang", "kind", "half", "query", "intent", "relevant"}:
            problems.append(f"{where}: unknown keys {sorted(set(q) - {'id', 'lang', 'kind', 'half', 'query', 'intent', 'relevant'})}")
        lang, kind, half = q.get("lang"), q.get("kind"), q.get("half")
        if lang not in LANGS:
            problems.append(f"{where}: lang {lang!r}")
        if kind not in KINDS:
            problems.append(f"{where}: kind {kind!r}")
        if half not in HALVES:
            problems.append(f"{where}: half {half!r}")
        if kind in KINDS and lang in LANGS and not re.fullmatch(rf"{lang}-{KINDS[kind]}-\d\d", q.get("id", "")):
            problems.append(f"{where}: id does not match <lang>-<kind>-<nn>")
        if q.get("id") in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(q.get("id"))
        if (lang, q.get("query")) in seen_text:
            problems.append(f"{where}: the same query text appears twice in {lang}")
        seen_text.add((lang, q.get("query")))
        if not str(q.get("query", "")).strip() or not str(q.get("intent", "")).strip():
            problems.append(f"{where}: empty query or intent")
        rel = q.get("relevant", [])
        if kind == "no-answer" and rel:
            problems.append(f"{where}: a no-answer query has relevant sections")
        if kind != "no-answer" and not rel:
            problems.append(f"{where}: no relevant sections (use kind no-answer)")
        pairs = set()
        for j in rel:
            g, s, grade = j.get("guide"), j.get("section"), j.get("grade")
            if g not in guides:
                problems.append(f"{where}: unknown guide {g!r}")
            elif s not in guides[g]:
                problems.append(f"{where}: {g} has no section {s!r}")
            if grade not in (1, 2):
                problems.append(f"{where}: grade {grade!r}")
            if (g, s) in pairs:
                problems.append(f"{where}: {g}#{s} judged twice")
            pairs.add((g, s))
        table[(lang, kind, half)] += 1

    # Halves must be balanced inside every (language, kind) group.
    for lang in LANGS:
        for kind in KINDS:
            t, h = table[(lang, kind, "tune")], table[(lang, kind, "held")]
            if abs(t - h) > 1:
                problems.append(f"{lang}/{kind}: halves unbalanced (tune {t}, held {h})")

    print(f"{'kind':<12} {'ja tune':>8} {'ja held':>8} {'en tune':>8} {'en held':>8} {'total':>6}")
    for kind in KINDS:
        row = [table[(lang, kind, half)] for lang in LANGS for half in HALVES]
        if sum(row):
            print(f"{kind:<12} " + " ".join(f"{n:>8}" for n in row) + f" {sum(row):>6}")
    cols = [sum(table[(lang, k, half)] for k in KINDS) for lang in LANGS for half in HALVES]
    print(f"{'total':<12} " + " ".join(f"{n:>8}" for n in cols) + f" {sum(cols):>6}")
    graded = [j["grade"] for q in queries for j in q.get("relevant", [])]
    print(f"judgments: {len(graded)} ({graded.count(2)} grade 2, {graded.count(1)} grade 1); "
          f"sections judged relevant at least once: "
          f"{len({(j['guide'], j['section']) for q in queries for j in q.get('relevant', [])})} of "
          f"{sum(len(v) for v in guides.values())}")

    if problems:
        print("\n".join(["", "problems:"] + problems), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
