#!/usr/bin/env python3
"""Relevance of `tebiki search` on the bundled site against judged sample queries.

Usage: bench/relevance.py QUERIES.json EVAL.py [--per-query]
  (the sample lives outside the repository: ../shared/search-dev/queries.json and eval.py)

Runs every query in its own language with `tebiki search --json --limit 10`, writes the
run file the evaluator reads (sections as {file, section_index}, subsections credited to
their section), and prints the evaluator's report for all, Japanese and English queries.
"""
import json
import os
import subprocess
import sys
import tempfile

SLUG_TO_SEED = {
    "p2p-trouble-disclosure": "000_ba3d85e5af6fb4df.txt",
    "incident-public-announcement": "001_9f3d582b3ee1b0a5.txt",
    "vm-failure-ransomware-response": "002_e577b12130cc87aa.txt",
    "data-breach-litigation": "003_7b22827062815c5f.txt",
    "service-platform-accountability": "004_4d4d86ae6ce03dce.txt",
}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
queries_path, eval_path = sys.argv[1], sys.argv[2]
extra = sys.argv[3:]
tebiki = os.environ.get("TEBIKI", os.path.join(root, "target", "release", "tebiki"))
queries = json.load(open(queries_path))

run = {}
for q in queries:
    out = subprocess.run(
        [tebiki, "search", "--root", root, "--lang", q["lang"], "--json", "--limit", "10", q["query"]],
        capture_output=True, text=True, check=True,
    )
    ranked, seen = [], set()
    for r in json.loads(out.stdout):
        section = int(r["section"].split("-")[0].lstrip("s"))
        key = (r["guide"], section)
        if key in seen:
            continue
        seen.add(key)
        ranked.append({"file": SLUG_TO_SEED.get(r["guide"], r["guide"]), "section_index": section})
    run[q["id"]] = ranked

for label, keep in [("all", None), ("ja", "ja"), ("en", "en")]:
    ids = {q["id"] for q in queries if keep is None or q["lang"] == keep}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({k: v for k, v in run.items() if k in ids}, f, ensure_ascii=False)
    sub_queries = [q for q in queries if q["id"] in ids]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as qf:
        json.dump(sub_queries, qf, ensure_ascii=False)
    print(f"== {label} ({len(ids)} queries)")
    res = subprocess.run([sys.executable, eval_path, f.name, "--queries", qf.name, *extra],
                         capture_output=True, text=True)
    print(res.stdout.strip() or res.stderr.strip())
