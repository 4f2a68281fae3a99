"""Precompute HanTa word analyses for frequent words: src/standpunkt/models/hanta-memo/memo.json.gz.

HanTa spends most of its time analysing a word it has not seen in this process (morphological Viterbi search); the
result depends only on the word (and, for lemmas, the chosen tag). The language layer memoises these per process;
this recipe seeds that memo with the analyses of the word types in permissively licensed German text, so a fresh
process starts warm for common vocabulary. It changes no result (the same function, computed ahead of time).

Text used (word types only; never the UD GSD/PUD test data or the held-out GermEval part, which are evaluation data):
- SpkAtt-2023 Bundestag speeches, train + dev (../shared/data/spkatt-parliament; CC BY-SA 4.0 / GePaDe CC0);
- GermEval 2014 training part (../shared/data/germeval2014 without the held-out sentences; CC BY 4.0);
- the N most frequent German words of the ``wordfreq`` package's word list (``--wordfreq N``; data CC BY-SA 4.0,
  code Apache-2.0; a training-time dependency only: ``pip install -e '.[training]'``). wordfreq lists lower-case
  forms; each word gets the exact memo entries the tagger asks for (``tag_sent`` calls
  ``_tag_word(w, cutoff=5, casesensitive=cs, conditional=True)`` with cs False for a sentence's first word and True
  otherwise), for the lower-case and the Capitalised form (nouns, sentence starts), plus the lemma analyses
  (``_analyze``) of the most probable tags of each form.

Usage (from the repository root, ~5 minutes on one core):
    nice python training/build_hanta_memo.py --wordfreq 200000
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import standpunkt.language.tagger as tagger_module
from standpunkt.corpora.tagging import germeval_split
from standpunkt.language.tagger import MEMO_FILE, dump_memo, get_hanta, tag_words

REPO = Path(__file__).resolve().parents[1]
#: Word types seen fewer times than this in the source text are not stored (keeps the file small).
MIN_COUNT = 1
#: Lemma analyses are precomputed for this many most probable tags of each tag distribution of a wordfreq word.
TOP_TAGS = 2
#: The tagger's arguments to HanTa's _tag_word inside tag_sent: (cutoff, conditional); casesensitive is both.
TAG_SENT_CUTOFF, TAG_SENT_CONDITIONAL = 5, True


def wordfreq_words(n: int) -> list[str]:
    """The ``n`` most frequent German words (wordfreq, lower-case), alphabetic ones only (others are rare)."""
    try:
        import wordfreq
    except ImportError as exc:  # a training-time extra, never needed by the product
        raise SystemExit("--wordfreq needs the training extra: pip install -e '.[training]'") from exc
    return [w for w in wordfreq.top_n_list("de", n) if w.replace("-", "").isalpha()]


def analyse_words(words: list[str]) -> set[str]:
    """Fill the memo with what tagging ``words`` in any sentence position asks for; returns the forms covered."""
    hanta = get_hanta()._tagger
    forms: set[str] = set()
    for word in words:
        for form in {word, word[:1].upper() + word[1:]}:
            forms.add(form)
            tags: list = []
            for cs in (True, False):
                dist = hanta._tag_word(form, TAG_SENT_CUTOFF, cs, TAG_SENT_CONDITIONAL)
                tags += [tag for tag, _ in sorted(dist, key=lambda tp: -tp[1])[:TOP_TAGS]]
            for tag in dict.fromkeys(tags):
                hanta._analyze(form, tag, 1)
    return forms


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
    ap.add_argument("--wordfreq", type=int, default=0, metavar="N",
                    help="also the N most frequent German words of the wordfreq package (0: none)")
    args = ap.parse_args(argv)
    tagger_module.MEMO_MAX_ENTRIES = 10**9  # the recipe keeps everything it analyses
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
    if args.wordfreq:
        t0 = time.time()
        words = wordfreq_words(args.wordfreq)
        keep |= analyse_words(words)
        print(f"analysed {len(words)} wordfreq words in {time.time() - t0:.0f}s", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n = dump_memo(args.out, keep)
    print(f"wrote {args.out} ({n} entries, {args.out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
