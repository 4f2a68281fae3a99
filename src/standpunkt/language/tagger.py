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
from importlib import resources
from pathlib import Path
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from standpunkt.language.morphsearch import MorphSearch
from standpunkt.loaded import Models, process_models
from standpunkt.language.stts import FINITE_VERB_TAGS, hanta_to_stts, stts_to_upos

#: Memo size per cache (entries); ~100 bytes each, so the caches stay well under 100 MB.
MEMO_MAX_ENTRIES = 400_000
#: Precomputed analyses of frequent words, relative to the standpunkt package (training/build_hanta_memo.py).
MEMO_FILE = "models/hanta-memo/memo.json.gz"
#: Layout version of MEMO_FILE (3: one table per argument combination, keyed by word, packed string values).
MEMO_FORMAT = 3
#: Decimals kept of HanTa's log-probabilities in the shipped memo.
MEMO_DIGITS = 5

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


def _pack_dist(dist: list) -> str:
    """HanTa tag distribution [(tag id, log-probability), ...] as "tag:logprob;..." (rounded to MEMO_DIGITS)."""
    return ";".join(f"{t}:{float(round(float(p), MEMO_DIGITS))!r}" for t, p in dist)  # HanTa mixes in numpy floats


def _unpack_dist(packed: str) -> list[tuple[int, float]]:
    """Inverse of :func:`_pack_dist`."""
    if not packed:
        return []
    return [(int(t), float(p)) for t, p in (item.split(":") for item in packed.split(";"))]


#: Longest word HanTa analyses (the longest German words in news, law names included, stay below it; 800 characters
#: took 0.8 s, 3,000 characters 22 s).
MAX_TAG_CHARS = 80
LONG_WORD_STANDIN = "XXX"

class MemoHanoverTagger:
    """HanTa's tagger with per-process memo tables for word analyses (thread-safe enough: dict ops are atomic).

    Two layers: the shipped precomputed analyses (read-only, never evicted; one packed string per entry, unpacked on
    first use, so that loading half a million entries costs one ``json.load`` of strings rather than millions of
    small lists) and the per-process memo of everything unpacked or computed (capped at ``MEMO_MAX_ENTRIES``). ``_tag_word`` with ``casesensitive=False`` depends only on the lower-case word
    (HanTa lower-cases it and ignores the case of the first letter), so the shipped table keys it that way.
    """

    def __init__(self) -> None:
        from HanTa import HanoverTagger as ht

        class _Memo(ht.HanoverTagger):
            def __init__(self, filename: str) -> None:
                super().__init__(filename)
                self._search = MorphSearch(self)
                self._tag_memo: dict = {}
                self._analyze_memo: dict = {}
                #: (cutoff, casesensitive, conditional) -> {word: "tag:logprob;..."} (shipped, read-only).
                self._tag_shipped: dict[tuple, dict[str, str]] = {}
                #: taglevel-1 analyses: tag -> {lower-case word: "lemma\ttag string"} (shipped, read-only).
                self._analyze_shipped: dict[int, dict[str, str]] = {}

            def analyze_forward(self, word):
                return self._search.forward(word)  # same result, ~2x faster (morphsearch.py)

            def analyze_viterbi(self, word, targetpos):
                return self._search.viterbi(word, targetpos)

            def tag_sent_viterbi(self, sent, casesensitive=True):
                return self._search.tag_sentence(sent, casesensitive)  # same result, visits only possible tags

            def _tag_word(self, word, cutoff=5, casesensitive=True, conditional=False):  # noqa: D401
                key = (word, cutoff, casesensitive, conditional)
                hit = self._tag_memo.get(key)
                if hit is None:
                    shipped = self._tag_shipped.get(key[1:])
                    if shipped is not None:
                        packed = shipped.get(word if casesensitive else word.lower())
                        if packed is not None:
                            hit = _unpack_dist(packed)
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
                    if taglevel == 1:
                        shipped = self._analyze_shipped.get(pos)
                        if shipped is not None:
                            packed = shipped.get(key[0])
                            if packed is not None:
                                hit = tuple(packed.split("\t"))
                    if hit is None:
                        hit = super()._analyze(word, pos, taglevel)
                    if len(self._analyze_memo) >= MEMO_MAX_ENTRIES:
                        self._analyze_memo.clear()
                    self._analyze_memo[key] = hit
                return hit

        self._tagger = _Memo("morphmodel_ger.pgz")
        self.load_memo()

    def clear_memo(self) -> None:
        """Forget all memoised and shipped analyses (the recipe that builds the shipped memo starts from empty)."""
        self._tagger._tag_memo.clear()
        self._tagger._analyze_memo.clear()
        self._tagger._tag_shipped.clear()
        self._tagger._analyze_shipped.clear()

    def load_memo(self) -> int:
        """Install the shipped precomputed analyses (training/build_hanta_memo.py); returns their number."""
        path = Path(str(resources.files("standpunkt").joinpath(MEMO_FILE)))
        if not path.is_file():
            return 0
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("format") != MEMO_FORMAT:
            return 0  # an older layout: run without it rather than misread it
        tagger = self._tagger
        tagger._tag_shipped = {tuple(json.loads(k)): v for k, v in data["tag_word"].items()}
        tagger._analyze_shipped = {int(k): v for k, v in data["analyze"].items()}
        return sum(map(len, tagger._tag_shipped.values())) + sum(map(len, tagger._analyze_shipped.values()))

    def dump_memo(self, path: Path, words: set[str]) -> int:
        """Write the memo entries of ``words`` as gzipped JSON; returns the number of entries written.

        Log-probabilities are rounded to ``MEMO_DIGITS`` decimals (far below the gaps the Viterbi search decides on).
        """
        lower = {w.lower() for w in words}
        tag_word: dict[str, dict[str, list]] = {}
        for (w, cutoff, cs, cond), dist in self._tagger._tag_memo.items():
            if w not in words:
                continue
            table = tag_word.setdefault(json.dumps([cutoff, cs, cond]), {})
            table[w if cs else w.lower()] = _pack_dist(dist)
        analyze: dict[str, dict[str, list]] = {}
        for (w, pos, level), res in self._tagger._analyze_memo.items():
            if w in lower and level == 1:
                analyze.setdefault(str(pos), {})[w] = "\t".join(res)
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump({"format": MEMO_FORMAT, "tag_word": tag_word, "analyze": analyze}, fh, ensure_ascii=False,
                      separators=(",", ":"))
        return sum(map(len, tag_word.values())) + sum(map(len, analyze.values()))

    def tag(self, words: list[str]) -> list[tuple[str, str]]:
        """(lemma, STTS tag) for each word of one sentence. A word longer than MAX_TAG_CHARS is no word (a URL, a
        base64 blob): it is tagged XY with itself as lemma, and HanTa, whose search grows faster than the square of
        the word's length, sees a short stand-in so that its neighbours keep their context."""
        if not words:
            return []
        normalised = ['"' if w and all(c in _QUOTE_CHARS for c in w) else
                      (LONG_WORD_STANDIN if len(w) > MAX_TAG_CHARS else w) for w in words]
        return [(word, "XY") if len(word) > MAX_TAG_CHARS else (lemma, hanta_to_stts(tag))
                for word, (_, lemma, tag) in zip(words, self._tagger.tag_sent(normalised, taglevel=1))]


def get_hanta(models: Models | None = None) -> MemoHanoverTagger:
    """HanTa from ``models`` (default: the process's registry), loaded on first use (~0.2 s and ~100 MB)."""
    return (models or process_models()).get(MemoHanoverTagger)


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


def dump_memo(path: Path, words: set[str], tagger: MemoHanoverTagger | None = None) -> int:
    """Write the memo of ``tagger`` (default: the process's HanTa) for ``words`` (see
    :meth:`MemoHanoverTagger.dump_memo`)."""
    return (tagger or get_hanta()).dump_memo(path, words)


def tag_words(words: list[str], tagger: MemoHanoverTagger | None = None) -> list[tuple[str, str]]:
    """(lemma, STTS) for one sentence's words, HanTa (default: the process's) plus corrections."""
    tagged = [_fix(word, lemma, tag) for word, (lemma, tag) in zip(words, (tagger or get_hanta()).tag(words))]
    return _verb_read_as_adjective(words, tagged)


def _verb_read_as_adjective(words: list[str], tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A sentence with a subject and no finite verb whose past-tense verb HanTa read as the adjective before the
    object noun ("Die Partei X organisierte Proteste vor dem Parlament", also after a name HanTa read as an
    adjective): that word is the verb (lemma "-en")."""
    tags = [tag for _, tag in tagged]
    if not tags or tags[-1] != "$." or FINITE_VERB_TAGS & set(tags):
        return tagged
    for k in range(1, len(words) - 1):
        word, (_, tag) = words[k], tagged[k]
        if tag == "ADJA" and word[:1].islower() and word.endswith(("te", "ten")) \
                and (tags[k - 1] in ("NN", "NE") or tags[k - 1] == "ADJA" and words[k - 1][:1].isupper()) \
                and tags[k + 1] in ("NN", "ADJA", "ART", "PPOSAT", "CARD"):
            tagged = list(tagged)
            tagged[k] = (word[:-2 if word.endswith("te") else -3] + "en", "VVFIN")
            return tagged
    return tagged


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


class HantaComponent:
    """Sets ``tag_`` (STTS), ``pos_`` (UPOS), ``lemma_`` and ``_.verb_lemma`` on the tokens, sentence by sentence,
    with the HanTa of ``models`` (``build_nlp`` passes its registry; loaded on the first document)."""

    def __init__(self, models: Models) -> None:
        self.models = models

    def __call__(self, doc: Doc) -> Doc:
        tagger = get_hanta(self.models)
        for group in _sentence_token_groups(doc):
            words = [doc[i].text for i in group]
            for i, (lemma, tag) in zip(group, tag_words(words, tagger)):
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


@Language.factory("standpunkt_hanta")
def make_hanta_component(nlp: Language, name: str) -> HantaComponent:
    """spaCy factory for :class:`HantaComponent`, on the process's registry until ``build_nlp`` gives it one."""
    return HantaComponent(process_models())
