"""Precompute HanTa word analyses for frequent words: src/standpunkt/models/hanta-memo/memo.json.gz.

HanTa spends most of its time analysing a word it has not seen in this process (morphological Viterbi search); the
result depends only on the word (and, for lemmas, the chosen tag). The language layer memoises these per process;
this recipe seeds that memo with the analyses of the word types in permissively licensed German text, so a fresh
process starts warm for common vocabulary. It changes no result (the same function, computed ahead of time).

Text used (word types only; never the UD GSD/PUD test data or the held-out GermEval part, which are evaluation data):
- SpkAtt-2023 Bundestag speeches, train + dev (../shared/data/spkatt-parliament; CC BY-SA 4.0 / GePaDe CC0);
- GermEval 2014 training part (../shared/data/germeval2014 without the held-out sentences; CC BY 4.0).

Usage (from the repository root, a few minutes): nice python training/build_hanta_memo.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from standpunkt.language.corpora import germeval_split
from standpunkt.language.tagger import MEMO_FILE, dump_memo, get_hanta, tag_words

REPO = Path(__file__).resolve().parents[1]
#: Word types seen fewer times than this in the source text are not stored (keeps the file small).
MIN_COUNT = 1


def sentences(spkatt: Path, germeval: Path) -> list[list[str]]:
    out: list[list[str]] = []
    for path in sorted(spkatt.glob("*/task1/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out += [s["Tokens"] for s in data["Sentences"] if s.get("Tokens")]
    train, _ = germeval_split(germeval)
    out += [s.words for s in train]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spkatt-dir", type=Path, default=Path("../shared/data/spkatt-parliament"))
    ap.add_argument("--germeval-dir", type=Path, default=Path("../shared/data/germeval2014"))
    ap.add_argument("--out", type=Path, default=REPO / "src" / "standpunkt" / MEMO_FILE)
    args = ap.parse_args(argv)
    sents = sentences(args.spkatt_dir, args.germeval_dir)
    counts: dict[str, int] = {}
    for s in sents:
        for w in s:
            counts[w] = counts.get(w, 0) + 1
    keep = {w for w, c in counts.items() if c >= MIN_COUNT}
    t0 = time.time()
    get_hanta().clear_memo()
    for s in sents:
        tag_words(s)
    print(f"analysed {len(sents)} sentences in {time.time() - t0:.0f}s", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n = dump_memo(args.out, keep)
    print(f"wrote {args.out} ({n} entries, {args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
