#!/usr/bin/env python3
"""Scores trafilatura on the article-extraction benchmark layout, the same way
storyline's `eval extract` scores itself (crates/storyline-eval/src/extraction.rs):

* the benchmark's metric: `\\w+` tokens, multisets of word 4-grams, page
  precision and recall averaged over pages (pages where one is undefined are
  left out of that average), F1 of the two averages;
* whitespace tokens as multisets, P, R and F1 averaged per page;
* throughput of the `trafilatura.extract` calls only (decompression excluded),
  fastest of PASSES passes over all pages, as storyline does.

Usage: compare_extract.py DATA_DIR  -> prints one JSON object.
"""
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+")
PASSES = 5


def shingles(text, n=4):
    tokens = WORD.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def compare(truth, pred):
    tp = sum(min(c, pred.get(k, 0)) for k, c in truth.items())
    fn = sum(max(0, c - pred.get(k, 0)) for k, c in truth.items())
    fp = sum(max(0, c - truth.get(k, 0)) for k, c in pred.items())
    return tp, fp, fn


def precision(tp, fp, fn):
    if tp + fp == 0:
        return 1.0 if fn == 0 else None
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp)


def recall(tp, fp, fn):
    if tp + fn == 0:
        return 1.0 if fp == 0 else None
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn)


def f1(p, r):
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def main():
    import trafilatura

    data = Path(sys.argv[1])
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for path in sorted((data / "html").glob("*.html.gz")):
        page_id = path.name[: -len(".html.gz")]
        if page_id in truth:
            pages.append((page_id, gzip.decompress(path.read_bytes()).decode("utf-8", "replace")))

    html_bytes = sum(len(html.encode("utf-8")) for _, html in pages)
    texts = {}
    elapsed = float("inf")
    for _ in range(PASSES):
        pass_time = 0.0
        for page_id, html in pages:
            start = time.perf_counter()
            text = trafilatura.extract(html) or ""
            pass_time += time.perf_counter() - start
            texts.setdefault(page_id, text)
        elapsed = min(elapsed, pass_time)

    results = []
    for page_id, _ in pages:
        text = texts[page_id]
        body = truth[page_id].get("articleBody", "")
        counts = compare(shingles(body), shingles(text))
        tokens = compare(Counter(body.split()), Counter(text.split()))
        tp_, tr_ = precision(*tokens) or 0.0, recall(*tokens) or 0.0
        results.append(
            {
                "id": page_id,
                "precision": precision(*counts),
                "recall": recall(*counts),
                "token_precision": tp_,
                "token_recall": tr_,
                "token_f1": f1(tp_, tr_),
            }
        )

    p = mean(r["precision"] for r in results if r["precision"] is not None)
    r = mean(r["recall"] for r in results if r["recall"] is not None)
    elapsed = max(elapsed, 1e-9)
    print(
        json.dumps(
            {
                "extractor": "trafilatura " + getattr(trafilatura, "__version__", "?"),
                "n_pages": len(results),
                "precision": p,
                "recall": r,
                "f1": f1(p, r),
                "token_precision": mean(x["token_precision"] for x in results),
                "token_recall": mean(x["token_recall"] for x in results),
                "token_f1": mean(x["token_f1"] for x in results),
                "pages_per_second": len(results) / elapsed,
                "mb_per_second": html_bytes / 1e6 / elapsed,
                "pages": results,
            }
        )
    )


if __name__ == "__main__":
    main()
