#!/usr/bin/env python3
"""Copies the TimeML (TIMEX3) version of WikiWars into a folder run.sh can score.

    prepare_wikiwars.py SOURCE_DIR DEST_DIR

The TIMEX3 conversion of WikiWars keeps the ACE header of each document (its id, its
type and the download time, tagged as a TIMEX3 "t0") as the first lines of TEXT.
That header is metadata, not article text: it is dropped here, so neither the gold
nor the tagger counts it; the creation date stays in DCT, where run.sh reads it.
Everything after the header is copied unchanged. "17_AlgerianWar.key.tml" is
renamed like the others.
"""

import os
import re
import sys

HEADER = re.compile(
    r"(<TEXT>)\s*\S+\s*\n\s*HISTORY ARTICLE\s*\n\s*<TIMEX3 tid=\"t0\"[^>]*>[^<]*</TIMEX3>\s*\n",
    re.S,
)


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".tml"):
            continue
        with open(os.path.join(src, name), encoding="utf-8") as f:
            doc = f.read()
        doc = HEADER.sub(r"\1\n", doc, count=1)
        with open(os.path.join(dst, name.replace(".key.tml", ".tml")), "w", encoding="utf-8") as f:
            f.write(doc)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
