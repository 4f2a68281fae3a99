"""The cue lexicon: how often a word (by lemma and by surface form) is the cue of a quotation.

It is learned from the quotes-de-news training split (and the SpkAtt Bundestag speeches, kept as a separate column
because that scheme annotates every speech event, not only quotations) by ``training/train_quotes.py`` and shipped as a
TSV next to the CRF model. The detector uses the cue *ratio* (cue count / occurrences) as a feature, so that
"sagte" (almost always a cue) and "nach" (a cue only in "nach Angaben") are told apart by data, not by a hand list.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

#: Minimum occurrences before a ratio is trusted.
MIN_OCCURRENCES = 2
#: Ratio thresholds for the feature buckets.
RATIO_HIGH = 0.5
RATIO_MID = 0.2
RATIO_LOW = 0.05


@dataclass
class CueEntry:
    cue: int = 0
    total: int = 0
    aux_cue: int = 0  # from the auxiliary corpus (SpkAtt)
    aux_total: int = 0

    def ratio(self) -> float:
        return self.cue / self.total if self.total >= MIN_OCCURRENCES else 0.0

    def aux_ratio(self) -> float:
        return self.aux_cue / self.aux_total if self.aux_total >= MIN_OCCURRENCES else 0.0


def bucket(ratio: float) -> str | None:
    if ratio >= RATIO_HIGH:
        return "hi"
    if ratio >= RATIO_MID:
        return "mid"
    if ratio >= RATIO_LOW:
        return "lo"
    return None


class CueLexicon:
    """Lemma and word-form cue statistics; keys are lowercased and prefixed ``l:`` (lemma), ``w:`` (word) or ``b:``
    (word and the next word, for prepositional cues: "b:nach angaben")."""

    def __init__(self, entries: dict[str, CueEntry] | None = None):
        self.entries: dict[str, CueEntry] = entries or {}

    def get(self, key: str) -> CueEntry | None:
        return self.entries.get(key)

    def ratio(self, word: str, lemma: str) -> float:
        """The stronger of the lemma and word-form cue ratios (lemmas generalise, forms catch tagger errors)."""
        best = 0.0
        for key in ("l:" + lemma.lower(), "w:" + word.lower()):
            e = self.entries.get(key)
            if e is not None:
                best = max(best, e.ratio())
        return best

    def attested(self, word: str, lemma: str) -> bool:
        """Whether the lemma or word form occurred often enough in either corpus for its ratio to mean something."""
        return any(e is not None and (e.total >= MIN_OCCURRENCES or e.aux_total >= MIN_OCCURRENCES)
                   for e in (self.entries.get("l:" + lemma.lower()), self.entries.get("w:" + word.lower())))

    def noun_entry(self, word: str, lemma: str = "", min_count: int = 1, min_head: int = 0) -> CueEntry | None:
        """The entry of a noun seen at least ``min_count`` times, else of its lemma ("Meldungen" → "Meldung"), else,
        with ``min_head``, of its longest attested compound head of at least that many letters (German compounds take
        their meaning from the last part: "Ärzteverband" → "Verband"), else None."""
        for key in ("w:" + word, "l:" + lemma):
            e = self.get(key)
            if e is not None and e.total >= min_count:
                return e
        for i in range(1, len(word) - min_head + 1) if min_head else ():
            head = word[i:].lstrip("-")
            if len(head) < min_head:
                continue
            e = self.get("w:" + head)
            if e is not None and e.total >= min_count:
                return e
        return None

    def bigram_ratio(self, word: str, next_word: str) -> float:
        """Cue ratio of ``word`` when followed by ``next_word`` ("nach" before "Angaben" is a cue, elsewhere not)."""
        e = self.entries.get("b:" + word.lower() + " " + next_word.lower())
        return e.ratio() if e is not None else 0.0

    def aux_ratio(self, word: str, lemma: str) -> float:
        best = 0.0
        for key in ("l:" + lemma.lower(), "w:" + word.lower()):
            e = self.entries.get(key)
            if e is not None:
                best = max(best, e.aux_ratio())
        return best

    def count(self, key: str, is_cue: bool, aux: bool = False) -> None:
        e = self.entries.setdefault(key, CueEntry())
        if aux:
            e.aux_total += 1
            e.aux_cue += is_cue
        else:
            e.total += 1
            e.cue += is_cue

    def pruned(self) -> "CueLexicon":
        """Only entries that were a cue at least once (the rest carry no information)."""
        return CueLexicon({k: e for k, e in self.entries.items() if e.cue > 0 or e.aux_cue > 0})

    def save(self, path: str | Path) -> None:
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["key", "cue", "total", "aux_cue", "aux_total"])
            for k in sorted(self.entries):
                e = self.entries[k]
                w.writerow([k, e.cue, e.total, e.aux_cue, e.aux_total])

    @classmethod
    def load(cls, path: str | Path) -> "CueLexicon":
        entries: dict[str, CueEntry] = {}
        with open(path, encoding="utf-8", newline="") as f:
            r = csv.reader(f, delimiter="\t")
            next(r, None)
            for row in r:
                if len(row) == 5:
                    entries[row[0]] = CueEntry(int(row[1]), int(row[2]), int(row[3]), int(row[4]))
        return cls(entries)
