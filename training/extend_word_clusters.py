"""Add frequent German words to the NER word-cluster table: src/standpunkt/models/ner-de-crf/vocab.json.gz.

At run time a capitalised word missing from the shipped cluster table is embedded with the Universal Sentence Encoder
(~1 ms) and assigned to its nearest shipped centroids (:meth:`WordClusters.lookup`); that is about a sixth of the
language layer's cold time on news. This recipe runs exactly that lookup ahead of time for the Capitalised forms of the
N most frequent German words of the ``wordfreq`` package (data CC BY-SA 4.0, code Apache-2.0; training extra:
``pip install -e '.[training]'``) and writes the grown table. The centroids and the ids of words already in the table
are untouched, so NER results do not change (USE embeddings of a word do not depend on the batch it is encoded in).

Run it again after ``training/train_ner.py`` rebuilds the clusters. Usage (from the repository root, ~2 minutes):
    nice python training/extend_word_clusters.py --wordfreq 100000
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

from standpunkt.language.wordclusters import VOCAB_FILE, WordClusters, needs_cluster

REPO = Path(__file__).resolve().parents[1]
#: Words embedded per encoder call (the run-time lookup embeds a document's unseen words together, too).
BATCH = 256


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", type=Path, default=REPO / "src" / "standpunkt" / "models" / "ner-de-crf")
    ap.add_argument("--wordfreq", type=int, required=True, metavar="N", help="the N most frequent German words")
    args = ap.parse_args(argv)
    try:
        import wordfreq
    except ImportError as exc:  # a training-time extra, never needed by the product
        raise SystemExit("needs the training extra: pip install -e '.[training]'") from exc
    clusters = WordClusters(args.model_dir)
    before = len(clusters.table)
    forms = [w[:1].upper() + w[1:] for w in wordfreq.top_n_list("de", args.wordfreq) if w.replace("-", "").isalpha()]
    forms = list(dict.fromkeys(f for f in forms if needs_cluster(f) and f not in clusters.table))
    t0 = time.time()
    for i in range(0, len(forms), BATCH):
        clusters.lookup(forms[i:i + BATCH])
    print(f"embedded {len(forms)} words in {time.time() - t0:.0f}s", file=sys.stderr)
    out = args.model_dir / VOCAB_FILE
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump({w: list(ids) for w, ids in sorted(clusters.table.items())}, fh, ensure_ascii=False,
                  separators=(",", ":"))
    print(f"wrote {out}: {before} → {len(clusters.table)} words, {out.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
