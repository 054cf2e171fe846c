#!/usr/bin/env python3
"""Scores TIMEX3 annotations against a gold TimeML folder, the TempEval-3 way.

    score.py GOLD_DIR SYSTEM_DIR [--errors N]      score every GOLD_DIR/*.tml
    score.py --text FILE.tml                       print the document's text
    score.py --dct FILE.tml                        print its creation date (YYYY-MM-DD)

Measures (TempEval-3 task A, timex part):
  * extent, strict: a system timex counts when a gold timex has exactly its span;
    relaxed: when it overlaps one. P = matched system / all system, R = matched gold /
    all gold, F1 their harmonic mean.
  * type and value: over the relaxed matches, the share with the same attribute
    (accuracy), and the attribute F1 as the TempEval-3 scorer computes it: P = correct
    attribute / all system timexes, R = correct attribute / all gold timexes.

Spans are compared as character offsets in the text of the document's TEXT element
(the document creation time in DCT is given to the tagger, not scored), with leading
and trailing white space of a tag ignored. The system file may lay out white space
differently (line endings, a trimmed end); both texts are aligned on their
non-space characters, which must be the same.
"""

import argparse
import html
import os
import re
import sys

TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>", re.S)
ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')


def text_region(doc):
    """The TEXT element's inner markup, or the whole document when it has none."""
    m = re.search(r"<TEXT[^>]*>(.*)</TEXT>", doc, re.S)
    return m.group(1) if m else doc


def parse(markup):
    """Plain text and the TIMEX3 tags in it: (text, [(start, end, attrs)])."""
    out, timexes, open_ = [], [], []
    pos, length = 0, 0
    for m in TAG.finditer(markup):
        chunk = html.unescape(markup[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs, selfclosing = m.groups()
        if name != "TIMEX3" or selfclosing:
            continue
        if closing:
            if open_:
                start, a = open_.pop()
                timexes.append((start, length, a))
        else:
            open_.append((length, dict(ATTR.findall(attrs))))
    out.append(html.unescape(markup[pos:]))
    text = "".join(out)
    trimmed = []
    for start, end, a in timexes:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end, a))
    return text, sorted(trimmed, key=lambda t: (t[0], t[1]))


def dct(doc):
    m = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", doc, re.S)
    if m:
        return m.group(1)
    m = re.search(r"<DATETIME>\s*(\d{4})-?(\d{2})-?(\d{2})", doc)
    return "-".join(m.groups()) if m else ""


def nonspace_index(text):
    """For each character offset, how many non-space characters come before it."""
    idx, n = [], 0
    for c in text:
        idx.append(n)
        if not c.isspace():
            n += 1
    idx.append(n)
    return idx


def realign(sys_text, sys_timexes, gold_text):
    """Moves system offsets onto the gold text (same non-space characters)."""
    if sys_text == gold_text:
        return sys_timexes
    sys_ns = nonspace_index(sys_text)
    gold_pos = [i for i, c in enumerate(gold_text) if not c.isspace()]
    if len(gold_pos) != sys_ns[-1]:
        raise ValueError("system text differs from the gold text")
    out = []
    for start, end, a in sys_timexes:
        s, e = sys_ns[start], sys_ns[end]
        if s >= e:
            continue
        out.append((gold_pos[s], gold_pos[e - 1] + 1, a))
    return out


class Tally:
    def __init__(self):
        self.gold = self.system = 0
        self.strict = self.relaxed_sys = self.relaxed_gold = 0
        self.type_ok = self.value_ok = self.pairs = 0
        self.errors = []

    def add(self, name, text, gold, system):
        self.gold += len(gold)
        self.system += len(system)
        gold_spans = {(g[0], g[1]) for g in gold}
        self.strict += sum((s[0], s[1]) in gold_spans for s in system)
        used = set()
        for s in system:
            overlapping = [
                (i, g) for i, g in enumerate(gold) if g[0] < s[1] and s[0] < g[1]
            ]
            if not overlapping:
                self.errors.append(("spurious", name, text[s[0] : s[1]], s[2].get("value", ""), ""))
                continue
            self.relaxed_sys += 1
            # The best partner: the same span, else the first overlapping one not taken.
            exact = [x for x in overlapping if (x[1][0], x[1][1]) == (s[0], s[1])]
            free = [x for x in overlapping if x[0] not in used]
            i, g = (exact or free or overlapping)[0]
            if i in used:
                continue
            used.add(i)
            if s[2].get("type") == g[2].get("type"):
                self.type_ok += 1
            if s[2].get("value") == g[2].get("value"):
                self.value_ok += 1
            else:
                self.errors.append(
                    ("value", name, text[g[0] : g[1]], s[2].get("value", ""), g[2].get("value", ""))
                )
        self.pairs += len(used)
        for g in gold:
            if any(s[0] < g[1] and g[0] < s[1] for s in system):
                self.relaxed_gold += 1
            else:
                self.errors.append(("missed", name, text[g[0] : g[1]], "", g[2].get("value", "")))

    def report(self):
        def f1(p, r):
            return 2 * p * r / (p + r) if p + r else 0.0

        def div(a, b):
            return a / b if b else 0.0

        sp, sr = div(self.strict, self.system), div(self.strict, self.gold)
        rp, rr = div(self.relaxed_sys, self.system), div(self.relaxed_gold, self.gold)
        tf = f1(div(self.type_ok, self.system), div(self.type_ok, self.gold))
        vf = f1(div(self.value_ok, self.system), div(self.value_ok, self.gold))
        rows = [
            ("gold timexes", f"{self.gold}"),
            ("system timexes", f"{self.system}"),
            ("strict P / R / F1", f"{100*sp:.1f} / {100*sr:.1f} / {100*f1(sp, sr):.1f}"),
            ("relaxed P / R / F1", f"{100*rp:.1f} / {100*rr:.1f} / {100*f1(rp, rr):.1f}"),
            ("type accuracy / F1", f"{100*div(self.type_ok, self.pairs):.1f} / {100*tf:.1f}"),
            ("value accuracy / F1", f"{100*div(self.value_ok, self.pairs):.1f} / {100*vf:.1f}"),
        ]
        return "\n".join(f"{k:<22}{v}" for k, v in rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", nargs="?")
    ap.add_argument("system", nargs="?")
    ap.add_argument("--text", metavar="FILE")
    ap.add_argument("--dct", metavar="FILE")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list N errors of each kind")
    args = ap.parse_args()
    if args.text:
        with open(args.text, encoding="utf-8") as f:
            sys.stdout.write(parse(text_region(f.read()))[0])
        return
    if args.dct:
        with open(args.dct, encoding="utf-8") as f:
            print(dct(f.read()))
        return
    if not (args.gold and args.system):
        ap.error("give GOLD_DIR and SYSTEM_DIR")
    tally = Tally()
    for name in sorted(os.listdir(args.gold)):
        if not name.endswith(".tml"):
            continue
        with open(os.path.join(args.gold, name), encoding="utf-8") as f:
            gold_text, gold = parse(text_region(f.read()))
        path = os.path.join(args.system, name)
        system = []
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                sys_text, sys_timexes = parse(text_region(f.read()))
            system = realign(sys_text, sys_timexes, gold_text)
        tally.add(name, gold_text, gold, system)
    print(tally.report())
    if args.errors:
        for kind in ("missed", "spurious", "value"):
            errs = [e for e in tally.errors if e[0] == kind]
            print(f"\n{kind}: {len(errs)}")
            for _, name, text, got, want in errs[: args.errors]:
                print(f"  {name}: {text!r} got {got!r} want {want!r}")


if __name__ == "__main__":
    main()
