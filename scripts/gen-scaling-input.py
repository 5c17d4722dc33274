#!/usr/bin/env python3
"""One article of a pathological shape (issue 20), of about SIZE_MB megabytes.

    scripts/gen-scaling-input.py SHAPE SIZE_MB PATH

Shapes (SIZE_MB may be fractional):
  divs   nested <div>s around one paragraph (HTML extraction)
  line   one line of plain text, no sentence end, no date
  said   plain text, many sentences with "said" and names
  dates  a JSONL record with `published` whose text is one run of dates

Used by scripts/bench-scaling.sh and scripts/bench-instructions.sh. The text is
generated from a fixed seed, so a size always gives the same input.
"""
import json
import random
import sys

shape, mb, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
size = int(mb * 1_000_000)
random.seed(7)
words = ("the minister council budget river harbour bridge cars traffic engineers "
         "inspection cable report committee water police city mayor Smith Jones Paris").split()


def filler(n):
    out, total = [], 0
    while total < n:
        w = random.choice(words)
        out.append(w)
        total += len(w) + 1
    return " ".join(out)[:n]


if shape == "divs":
    para = "<p>The minister said on Monday that the budget would rise by ten percent.</p>"
    n = (size - len(para)) // 11
    body = "<div>" * n + para + "</div>" * n
    text = "<html><head><title>T</title></head><body>" + body + "</body></html>"
elif shape == "line":
    text = filler(size)
elif shape == "said":
    names = ["Anna Lind", "Teo Brandt", "Mira Kovan", "Sam Ortiz", "Priya Nair"]
    parts, total = [], 0
    while total < size:
        s = f"{random.choice(names)} said the {filler(60)} would change. "
        parts.append(s)
        total += len(s)
    text = "".join(parts)
elif shape == "dates":
    months = ["January", "March", "May", "July", "September", "November"]
    parts, total = [], 0
    while total < size:
        s = f"on {random.randint(1, 28)} {random.choice(months)} {random.randint(1990, 2024)} {filler(30)}, "
        parts.append(s)
        total += len(s)
    text = json.dumps({"title": "Dates", "published": "2024-01-02",
                       "text": "The council met " + "".join(parts) + "and adjourned."}) + "\n"
else:
    sys.exit(f"unknown shape {shape!r} (divs, line, said, dates)")
with open(path, "w") as f:
    f.write(text)
