#!/usr/bin/env python3
"""Writes the development split's 33 `r_*` articles (Reuters-21578 wire stories of 1987)
from the Reuters-21578 collection as JSON Lines.

Input: reuters21578.jsonl (Reuters-21578, Distribution 1.0; one story per line with
`id`, `published`, `title`, `text`; default ../shared/corpora/reuters21578.jsonl) and the
list tools/corpus/reuters_selection.txt (Reuters NEWID and file stem per line).

Output: corpus/dev/articles/STEM.md, front matter (title, publication date, source,
corpus id as `url`) and the text with hard-wrapped wire lines joined into paragraphs,
no word changed.

    python3 tools/corpus/reuters_stories.py [path/to/reuters21578.jsonl]
"""
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SELECTION = REPO / "tools" / "corpus" / "reuters_selection.txt"
OUT = REPO / "corpus" / "dev" / "articles"

corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "corpora" / "reuters21578.jsonl"
recs = {}
with open(corpus, encoding="utf-8") as fh:
    for line in fh:
        d = json.loads(line)
        recs[d["id"]] = d
sel = [line.split() for line in SELECTION.read_text(encoding="utf-8").splitlines()
       if line.strip() and not line.startswith("#")]
for rid, stem in sel:
    r = recs["reuters-" + rid]
    paras = re.split(r"\n(?=[ \t]+\S)", r["text"].strip("\n"))
    out = []
    for p in paras:
        lines = [x.strip() for x in p.split("\n")]
        out.append(" ".join(x for x in lines if x))
    body = "\n\n".join(out) + "\n"
    md = f"---\ntitle: {r['title']}\npublished: {r['published']}\nsource: Reuters-21578\nurl: {r['id']}\n---\n{body}"
    (OUT / f"{stem}.md").write_text(md, encoding="utf-8")
    print(stem, r["published"])
