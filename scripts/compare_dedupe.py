#!/usr/bin/env python3
"""Near-duplicate detection with datasketch on a `gen-corpus` folder, the same
job `bench-dedupe` does with storyline (crates/storyline-bench/src/bin/bench-dedupe.rs,
rule in crates/storyline-dedupe/src/lib.rs), with the same parameters:

* words are runs of alphanumeric characters, lower-cased; shingles are word
  5-grams (a text of 1-4 words is one shingle), as a set;
* 128-permutation MinHash (`MinHash.generator`, datasketch's bulk path sharing one set of permutations, default
  SHA-1 hashing and permutation scheme);
* `MinHashLSH(num_perm=128, params=(32, 4))`: 32 bands of 4 rows, as storyline;
* each candidate pair is confirmed as storyline does: estimated Jaccard
  (`MinHash.jaccard`) >= 0.5, or estimated containment of the smaller shingle set
  in the larger >= 0.8, with containment = J / (1 + J) * (|A| + |B|) / min(|A|, |B|);
* groups are the connected components of confirmed pairs.

Timed on one thread: signatures (tokenising, shingling, MinHash), then LSH
(index, query, confirmation, components). Scored as bench-dedupe scores:
recall of planted reprints grouped with their source, grouped pairs that are
not planted copies of one another, grouped articles with no planted copy in
their group.

Usage: compare_dedupe.py CORPUS_DIR [GROUPS_OUT]  -> prints one JSON object.
"""
import json
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

WORD = re.compile(r"[^\W_]+")
SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS, ROWS = 32, 4
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8


def shingles(text):
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return set()
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {
        " ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def rss_kib(field="VmRSS:"):
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def find(parent, x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def score(labels, groups):
    source = {l["id"]: l.get("duplicate_of") for l in labels}

    def family(i):
        for _ in range(16):
            original = source.get(i)
            if original is None:
                break
            i = original
        return i

    group_of = {}
    pairs = false_pairs = stray = grouped = 0
    for g, members in enumerate(groups):
        families = Counter(family(i) for i in members)
        for i in members:
            group_of[i] = g
        n = len(members)
        grouped += n
        pairs += n * (n - 1) // 2
        false_pairs += n * (n - 1) // 2 - sum(c * (c - 1) // 2 for c in families.values())
        stray += sum(1 for c in families.values() if c == 1)
    reprints = [(l["id"], l["duplicate_of"]) for l in labels if l.get("duplicate_of")]
    found = sum(1 for a, b in reprints if a in group_of and group_of.get(a) == group_of.get(b))
    return {
        "groups": len(groups),
        "grouped_articles": grouped,
        "reprints_planted": len(reprints),
        "reprints_grouped_with_source": found,
        "recall": found / max(1, len(reprints)),
        "grouped_pairs": pairs,
        "false_pairs": false_pairs,
        "stray_articles": stray,
    }


def main():
    import datasketch
    from datasketch import MinHash, MinHashLSH

    corpus = Path(sys.argv[1])
    started = time.perf_counter()
    texts = [r["text"] for r in read_jsonl(corpus / "corpus.jsonl")]
    labels = read_jsonl(corpus / "labels.jsonl")
    if len(texts) != len(labels):
        sys.exit(f"{len(texts)} records but {len(labels)} labels")
    ids = [l["id"] for l in labels]
    load_seconds = time.perf_counter() - started
    loaded = rss_kib()
    n = len(texts)
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)

    cpu = time.process_time()
    started = time.perf_counter()
    sizes = []

    def shingle_sets():
        # Sets are hashed one at a time and dropped; only their sizes are kept.
        for text in texts:
            s = shingles(text)
            sizes.append(len(s))
            yield s

    minhashes = list(MinHash.generator(shingle_sets(), num_perm=NUM_PERM))
    sign_seconds = time.perf_counter() - started

    started = time.perf_counter()
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    parent = list(range(n))
    candidates = 0
    for i, m in enumerate(minhashes):
        if not sizes[i]:
            continue
        for j in lsh.query(m):
            candidates += 1
            if find(parent, i) == find(parent, j):
                continue
            jaccard = m.jaccard(minhashes[j])
            a, b = sizes[i], sizes[j]
            containment = min(1.0, jaccard / (1.0 + jaccard) * (a + b) / max(1, min(a, b)))
            if jaccard >= JACCARD_THRESHOLD or containment >= CONTAINMENT_THRESHOLD:
                ri, rj = find(parent, i), find(parent, j)
                parent[max(ri, rj)] = min(ri, rj)
        lsh.insert(i, m)
    components = {}
    for i in range(n):
        components.setdefault(find(parent, i), []).append(ids[i])
    groups = [g for g in components.values() if len(g) > 1]
    lsh_seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu

    if len(sys.argv) > 2:
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            for g in groups:
                out.write(json.dumps(g) + "\n")
    total = sign_seconds + lsh_seconds
    figures = {
        "tool": "datasketch",
        "version": datasketch.__version__,
        "articles": n,
        "text_bytes": text_bytes,
        "load_seconds": load_seconds,
        "signature_seconds": sign_seconds,
        "lsh_seconds": lsh_seconds,
        "total_seconds": total,
        "cpu_seconds": cpu,
        "articles_per_second": n / max(total, 1e-9),
        "mb_per_second": text_bytes / 1e6 / max(total, 1e-9),
        "rss_after_load_mib": loaded / 1024,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "lsh_candidates": candidates,
    }
    figures.update(score(labels, groups))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
