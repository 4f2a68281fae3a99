"""STTS tags, UPOS and lemmas from HanTa (the Hanover Tagger), as a spaCy component.

HanTa tags a sentence with a Viterbi search over per-word tag distributions; computing a word's distribution
(``_tag_word``) and its lemma (``_analyze``) is the expensive part and depends only on the word (and the chosen tag),
so both are memoised per process. News vocabulary repeats, so most words after the first few documents are cache hits.
A few systematic HanTa slips on news text are corrected afterwards (typographic quotes, abbreviations, URLs,
hyphenated compounds' lemma casing).
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from importlib import resources
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from standpunkt.language.stts import hanta_to_stts, stts_to_upos

#: Memo size per cache (entries); ~100 bytes each, so the caches stay well under 100 MB.
MEMO_MAX_ENTRIES = 400_000
#: Precomputed analyses of frequent words, relative to the standpunkt package (training/build_hanta_memo.py).
MEMO_FILE = "models/hanta-memo/memo.json.gz"

#: Typographic quotes that HanTa does not know; it was trained on ASCII '"'.
_QUOTE_CHARS = frozenset("„“”‟»«‚‘’›‹\"'`´")
_PUNCT_RE = re.compile(r"^[\W_]+$")
_DIGITS_RE = re.compile(r"^[+-]?\d[\d.,:/]*$")
_ORDINAL_RE = re.compile(r"^\d{1,3}\.$")

#: Abbreviations HanTa mistags, with their STTS tag and expanded lemma (forms as spaCy's German tokenizer keeps them).
ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "u.a.": ("ADV", "unter anderem"), "z.B.": ("ADV", "zum Beispiel"), "d.h.": ("ADV", "das heißt"),
    "v.a.": ("ADV", "vor allem"), "u.U.": ("ADV", "unter Umständen"), "o.ä.": ("ADV", "oder ähnlich"),
    "usw.": ("ADV", "und so weiter"), "etc.": ("ADV", "et cetera"), "bzw.": ("KON", "beziehungsweise"),
    "ca.": ("ADV", "circa"), "evtl.": ("ADV", "eventuell"), "ggf.": ("ADV", "gegebenenfalls"),
    "inkl.": ("APPR", "inklusive"), "vgl.": ("VVIMP", "vergleichen"), "sog.": ("ADJA", "sogenannt"),
    "Dr.": ("NN", "Doktor"), "Prof.": ("NN", "Professor"), "Mio.": ("NN", "Million"), "Mrd.": ("NN", "Milliarde"),
    "Nr.": ("NN", "Nummer"), "St.": ("NE", "Sankt"), "Abs.": ("NN", "Absatz"), "Tsd.": ("NN", "Tausend"),
    "Jh.": ("NN", "Jahrhundert"), "Hr.": ("NN", "Herr"), "Fr.": ("NN", "Frau"),
    "Ca.": ("ADV", "circa"), "Abg.": ("NN", "Abgeordneter"), "Bzw.": ("KON", "beziehungsweise"),
    "Vgl.": ("VVIMP", "vergleichen"), "Evtl.": ("ADV", "eventuell"), "Ggf.": ("ADV", "gegebenenfalls"),
    "Stv.": ("ADJA", "stellvertretend"), "stv.": ("ADJA", "stellvertretend"), "Stellv.": ("ADJA", "stellvertretend"),
    "Präs.": ("NN", "Präsident"), "Vors.": ("NN", "Vorsitzender"), "Sog.": ("ADJA", "sogenannt"),
}


class MemoHanoverTagger:
    """HanTa's tagger with per-process memo tables for word analyses (thread-safe enough: dict ops are atomic)."""

    def __init__(self) -> None:
        from HanTa import HanoverTagger as ht

        class _Memo(ht.HanoverTagger):
            def __init__(self, filename: str) -> None:
                super().__init__(filename)
                self._tag_memo: dict = {}
                self._analyze_memo: dict = {}

            def _tag_word(self, word, cutoff=5, casesensitive=True, conditional=False):  # noqa: D401
                key = (word, cutoff, casesensitive, conditional)
                hit = self._tag_memo.get(key)
                if hit is None:
                    hit = super()._tag_word(word, cutoff, casesensitive, conditional)
                    if len(self._tag_memo) >= MEMO_MAX_ENTRIES:
                        self._tag_memo.clear()
                    self._tag_memo[key] = hit
                return hit

            def _analyze(self, word, pos, taglevel=1):
                key = (word.lower(), pos, taglevel)
                hit = self._analyze_memo.get(key)
                if hit is None:
                    hit = super()._analyze(word, pos, taglevel)
                    if len(self._analyze_memo) >= MEMO_MAX_ENTRIES:
                        self._analyze_memo.clear()
                    self._analyze_memo[key] = hit
                return hit

        self._tagger = _Memo("morphmodel_ger.pgz")
        self.load_memo()

    def clear_memo(self) -> None:
        """Forget all memoised analyses (the recipe that builds the shipped memo starts from empty)."""
        self._tagger._tag_memo.clear()
        self._tagger._analyze_memo.clear()

    def load_memo(self) -> int:
        """Seed the memo with the shipped precomputed analyses (training/build_hanta_memo.py); returns entries."""
        path = Path(str(resources.files("standpunkt").joinpath(MEMO_FILE)))
        if not path.is_file():
            return 0
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        tag_memo, analyze_memo = self._tagger._tag_memo, self._tagger._analyze_memo
        for word, cutoff, cs, cond, dist in data["tag_word"]:
            tag_memo[(word, cutoff, cs, cond)] = [(t, p) for t, p in dist]
        for word, pos, level, result in data["analyze"]:
            analyze_memo[(word, pos, level)] = tuple(result)
        return len(tag_memo) + len(analyze_memo)

    def dump_memo(self, path: Path, words: set[str]) -> int:
        """Write the memo entries of ``words`` as gzipped JSON; returns the number of entries written."""
        lower = {w.lower() for w in words}
        tag_word = [[w, c, cs, cond, [[t, round(p, 5)] for t, p in dist]]
                    for (w, c, cs, cond), dist in self._tagger._tag_memo.items() if w in words]
        analyze = [[w, pos, level, list(res)] for (w, pos, level), res in self._tagger._analyze_memo.items()
                   if w in lower and level == 1]
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump({"tag_word": tag_word, "analyze": analyze}, fh, ensure_ascii=False, separators=(",", ":"))
        return len(tag_word) + len(analyze)

    def tag(self, words: list[str]) -> list[tuple[str, str]]:
        """(lemma, STTS tag) for each word of one sentence."""
        if not words:
            return []
        normalised = ['"' if w and all(c in _QUOTE_CHARS for c in w) else w for w in words]
        return [(lemma, hanta_to_stts(tag)) for _, lemma, tag in self._tagger.tag_sent(normalised, taglevel=1)]


_TAGGER: MemoHanoverTagger | None = None
_TAGGER_LOCK = threading.Lock()


def get_hanta() -> MemoHanoverTagger:
    """The process-wide HanTa instance (its model takes ~0.2 s to load and ~100 MB)."""
    global _TAGGER
    with _TAGGER_LOCK:
        if _TAGGER is None:
            _TAGGER = MemoHanoverTagger()
        return _TAGGER


def _fix(word: str, lemma: str, tag: str) -> tuple[str, str]:
    """Correct systematic HanTa slips on news text; returns (lemma, tag)."""
    if word in ABBREVIATIONS:
        tag, lemma = ABBREVIATIONS[word]
        return lemma, tag
    if _PUNCT_RE.match(word):
        if word in {".", "!", "?", "...", "…", "?!", "!?", ";", ":"}:
            return word, "$."
        if word == ",":
            return word, "$,"
        return word, "$("
    if _ORDINAL_RE.match(word):
        return word, "ADJA"
    if _DIGITS_RE.match(word):
        return word, "CARD"
    if "://" in word or word.startswith("www.") or ("@" in word and "." in word):
        return word, "XY"
    if tag in ("NN", "NE") and "-" in word and "-" in lemma and not word.endswith("-"):
        # HanTa lower-cases compound parts ("NATO-Staaten" → "Nato-staat"); keep the written first parts.
        head = lemma.rsplit("-", 1)[1]
        lemma = word.rsplit("-", 1)[0] + "-" + (head[:1].upper() + head[1:])
    return lemma, tag


def dump_memo(path: Path, words: set[str]) -> int:
    """Write the process memo for ``words`` (see :meth:`MemoHanoverTagger.dump_memo`)."""
    return get_hanta().dump_memo(path, words)


def tag_words(words: list[str]) -> list[tuple[str, str]]:
    """(lemma, STTS) for one sentence's words, HanTa plus corrections."""
    return [_fix(word, lemma, tag) for word, (lemma, tag) in zip(words, get_hanta().tag(words))]


def _sentence_token_groups(doc: Doc) -> Iterable[list[int]]:
    """Indices of the non-space tokens of each sentence (the whole doc if no boundaries are set)."""
    group: list[int] = []
    has_bounds = doc.has_annotation("SENT_START")
    for tok in doc:
        if has_bounds and tok.is_sent_start and group:
            yield group
            group = []
        if not tok.is_space:
            group.append(tok.i)
    if group:
        yield group


if not Token.has_extension("verb_lemma"):
    Token.set_extension("verb_lemma", default=None)

#: Tokens that end the search for a finite verb's separated particle.
_PARTICLE_BARRIERS = frozenset({",", ";", ":", "„", "“", '"', "»", "«", "(", ")", "–"})


def _set_verb_lemmas(doc: Doc, group: list[int]) -> None:
    """``token._.verb_lemma`` on verbs: the lemma with its separated particle ("lehne … ab" → "ablehnen")."""
    for pos, i in enumerate(group):
        tok = doc[i]
        if not tok.tag_.startswith("V"):
            continue
        tok._.verb_lemma = tok.lemma_
        if tok.tag_ not in ("VVFIN", "VVIMP"):
            continue
        for j in group[pos + 1:]:
            other = doc[j]
            if other.text in _PARTICLE_BARRIERS or other.tag_ in ("VVFIN", "VAFIN", "VMFIN", "KOUS", "PRELS"):
                break
            if other.tag_ == "PTKVZ":
                tok._.verb_lemma = other.text.lower() + tok.lemma_
                break


@Language.component("standpunkt_hanta")
def hanta_component(doc: Doc) -> Doc:
    """Set ``tag_`` (STTS), ``pos_`` (UPOS), ``lemma_`` and ``_.verb_lemma`` on the tokens, sentence by sentence."""
    for group in _sentence_token_groups(doc):
        words = [doc[i].text for i in group]
        for i, (lemma, tag) in zip(group, tag_words(words)):
            tok = doc[i]
            tok.tag_ = tag
            tok.pos_ = stts_to_upos(tag)
            tok.lemma_ = lemma
        _set_verb_lemmas(doc, group)
    for tok in doc:
        if tok.is_space:
            tok.tag_ = "_SP"
            tok.pos_ = "SPACE"
            tok.lemma_ = tok.text
    return doc
