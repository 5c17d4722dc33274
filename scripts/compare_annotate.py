#!/usr/bin/env python3
"""Times spaCy's bare tokenizer and rule-based sentencizer (`spacy.blank("en")`
with the `sentencizer` pipe: no trained model) over the clean texts
`bench-annotate --annotate-only --clean-text FILE` wrote, the text storyline's
annotate reads (scripts/compare-annotate.sh).

Timed on one thread: `nlp.pipe` over every text, walking each document's
sentences. Words are counted as storyline counts them (whitespace-separated),
so words/s compare directly.

Usage: compare_annotate.py CLEAN_TEXT_JSONL  -> prints one JSON object.
"""
import json
import resource
import sys
import time


def main():
    import spacy

    with open(sys.argv[1], encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    words = sum(len(t.split()) for t in texts)

    cpu = time.process_time()
    started = time.perf_counter()
    sentences = tokens = 0
    for doc in nlp.pipe(texts, batch_size=256):
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu

    print(json.dumps({
        "tool": "spacy",
        "version": spacy.__version__,
        "pipeline": "blank('en') + sentencizer",
        "articles": len(texts),
        "clean_bytes": sum(len(t.encode("utf-8")) for t in texts),
        "words": words,
        "tokens": tokens,
        "sentences": sentences,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "words_per_second": words / max(seconds, 1e-9),
        "words_per_cpu_second": words / max(cpu, 1e-9),
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }, indent=2))


if __name__ == "__main__":
    main()
