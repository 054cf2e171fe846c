#!/usr/bin/env python3
"""Writes Wikipedia "Current events" digest articles (2025-2026 day pages) for the
development split.

Input: the day pages of the portal as archived in the public repository
fordred/wikinews (`docs/_posts/YYYY-MM-DD-index.md`, Markdown with the portal's links).
The portal's text is CC BY-SA 4.0 (Wikipedia contributors).

One article per day and story: the entries of one section of that day's page that sit
under one top-level story, one paragraph each, links rendered as their text and source
links as their labels ("(AP)"), as the test split's digests of these pages are.

    python3 tools/corpus/wikinews_digests.py POSTS_DIR OUT_DIR DATE "SECTION" "STORY" NAME
    python3 tools/corpus/wikinews_digests.py POSTS_DIR - DATE            # list the stories

Only conflicts that are not in the test split are taken (the split is by conflict).
"""
import re
import sys
from datetime import date as Date
from pathlib import Path

LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")


def render(md):
    text = LINK.sub(lambda m: m.group(1), md)
    text = text.replace("*", "")
    return re.sub(r"\s+", " ", text).strip()


def parse(path):
    """Yields (section, story, [entry lines]) for each top-level story."""
    section, story, entries = None, None, []
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("####"):
            if story:
                out.append((section, story, entries))
            section, story, entries = line.lstrip("#").strip(), None, []
            continue
        m = re.match(r"^( *)\* (.*)$", line)
        if not m or section is None:
            continue
        depth = len(m.group(1)) // 2
        body = m.group(2)
        if depth == 0:
            if story:
                out.append((section, story, entries))
            story, entries = render(body), []
            # an entry written directly on the top level (no story heading)
            if re.search(r"\[\([^\]]*\)\]\(http", body):
                entries.append(render(body))
        elif re.search(r"\[\([^\]]*\)\]\(http", body):
            entries.append(render(body))
    if story:
        out.append((section, story, entries))
    return out


def main():
    posts, out_dir, day = sys.argv[1], sys.argv[2], sys.argv[3]
    stories = parse(Path(posts) / f"{day}-index.md")
    if out_dir == "-":
        for section, story, entries in stories:
            print(f"[{section}] {story}")
            for e in entries:
                print("    -", e)
        return
    section, story, name = sys.argv[4], sys.argv[5], sys.argv[6]
    picked = [s for s in stories if s[0] == section and s[1].startswith(story)]
    assert len(picked) == 1, picked
    _, story_title, entries = picked[0]
    d = Date.fromisoformat(day)
    page = f"{d.year}_{d.strftime('%B')}_{d.day}"
    head = (f"---\ntitle: Current events, {d.day} {d.strftime('%B')} {d.year} – {section}: {story_title}\n"
            f"published: {day}\nsource: Wikipedia, Portal:Current events\n"
            f"url: https://en.wikipedia.org/wiki/Portal:Current_events/{page}\n---\n")
    Path(out_dir, f"{name}.md").write_text(head + "\n\n".join(entries) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
