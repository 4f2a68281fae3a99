"""Token features for the CRF named-entity tagger (shared by the training recipe and the runtime component).

The features are cheap string look-ups: word form and affixes, shape, the HanTa STTS tag (HanTa's ``NE`` is a strong
name signal), a window of neighbouring words and tags, gazetteer membership (country forms, places, organisations,
first names, role nouns before a name) and distributional word clusters (:mod:`standpunkt.language.wordclusters`). Changing anything here changes the
model's input: retrain with ``training/train_ner.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from standpunkt.language import gazetteer

#: Word endings that mark organisations ("Verteidigungsministerium", "Bundesbank", "Siemens AG").
ORG_SUFFIXES = ("ministerium", "ministeriums", "partei", "verband", "verbandes", "bank", "gruppe", "konzern",
                "institut", "instituts", "gericht", "gerichts", "amt", "amts", "amtes", "behörde", "rat", "rates",
                "kommission", "agentur", "universität", "stiftung", "gewerkschaft", "verein", "vereins", "werke",
                "zeitung", "fraktion", "regierung", "club", "klub")
ORG_TOKENS = frozenset({"AG", "GmbH", "e.V.", "SE", "Inc.", "Ltd.", "Co.", "KG", "FC", "SV", "VfB", "VfL", "TSV"})
_SHAPE_RES = [(re.compile(r"[A-ZÄÖÜ]"), "X"), (re.compile(r"[a-zäöüß]"), "x"), (re.compile(r"\d"), "d")]


@lru_cache(maxsize=200_000)
def _shape(word: str) -> str:
    out = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.isalpha():
            c = "x"
        elif ch.isdigit():
            c = "d"
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    """Features of the word alone (memoised: news vocabulary repeats)."""
    low = word.lower()
    feats = [
        "w=" + low, "s3=" + low[-3:], "s4=" + low[-4:], "p3=" + low[:3], "sh=" + _shape(word),
    ]
    if word[:1].isupper():
        feats.append("title")
    if word.isupper() and len(word) > 1:
        feats.append("upper")
    if any(c.isdigit() for c in word):
        feats.append("digit")
    if "-" in word:
        feats.append("hyphen")
        feats.append("hyphtail=" + low.rsplit("-", 1)[-1][-4:])
    if gazetteer.country_for(word) is not None:
        feats.append("gaz:country" + (":adj" if word[:1].islower() else ""))
    place = gazetteer.place_for(word)
    if place is not None:
        feats.append("gaz:place:" + place.kind)
    org = gazetteer.organisation_for(word)
    if org is not None:
        feats.append("gaz:org:" + org.kind)
    if gazetteer.is_first_name(word):
        feats.append("gaz:first")
    if word[:1].isupper() and gazetteer.is_role_noun(word):
        feats.append("gaz:role")
    if low.endswith(ORG_SUFFIXES) and word[:1].isupper():
        feats.append("orgsuf")
    if word in ORG_TOKENS:
        feats.append("orgtok")
    return tuple(feats)


@lru_cache(maxsize=200_000)
def _context_features(word: str) -> tuple[str, str, bool, bool, bool]:
    low = word.lower()
    return (low, _shape(word), gazetteer.is_first_name(word),
            word[:1].isupper() and gazetteer.is_role_noun(word), gazetteer.country_for(word) is not None)


_CLUSTER_NAMES = ("c64=", "c256=", "c1024=")
_OPENING = frozenset({"„", "»", "“", "‚"})
_CLOSING = frozenset({"“", "«", "”", "‘"})


def _inside_quotes(words: list[str]) -> list[bool]:
    """Whether each token stands between quotation marks (titles of works, slogans: often MISC)."""
    inside = [False] * len(words)
    state = False
    for i, w in enumerate(words):
        if w == '"':
            state = not state
        elif state and w in _CLOSING:
            state = False
        elif not state and w in _OPENING:
            state = True
        else:
            inside[i] = state
    return inside


#: Longest entity (in tokens) the training-set gazetteer matches.
SPAN_GAZETTEER_MAX_TOKENS = 6
SPAN_GAZETTEER_FILE = "train_entities.json.gz"


class SpanGazetteer:
    """Entity strings seen in the annotated training data, with their most frequent type, matched as longest spans.

    The recipe builds the features of each training sentence from a gazetteer of the *other* folds (jackknife), so
    the CRF learns how far to trust a match on unseen text instead of copying the label of a seen string.
    """

    def __init__(self, entries: dict[tuple[str, ...], str]) -> None:
        self.entries = entries
        self.first = {k[0] for k in entries}

    @classmethod
    def from_sentences(cls, sentences) -> "SpanGazetteer":
        """From NER sentences (``.words``, BIO ``.labels``): each string gets its most frequent type."""
        from collections import Counter

        from standpunkt.corpora.tagging import bio_spans

        counts: dict[tuple[str, ...], Counter] = {}
        for sent in sentences:
            for start, end, label in bio_spans(list(sent.labels)):
                key = tuple(sent.words[start:end])
                if len(key) <= SPAN_GAZETTEER_MAX_TOKENS:
                    counts.setdefault(key, Counter())[label] += 1
        return cls({k: c.most_common(1)[0][0] for k, c in counts.items()})

    @classmethod
    def load(cls, path: Path) -> "SpanGazetteer":
        """Read a table written by :meth:`save` (one "word word" → type entry per string)."""
        import gzip
        import json

        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return cls({tuple(k.split(" ")): v for k, v in json.load(fh).items()})

    def save(self, path: Path) -> None:
        """Write the table (gzip JSON) for the model folder."""
        import gzip
        import json

        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
            json.dump({" ".join(k): v for k, v in sorted(self.entries.items())}, fh, ensure_ascii=False,
                      separators=(",", ":"))

    def match(self, words: list[str]) -> list[str | None]:
        """BIO-style match per token ("B-PER", "I-ORG", None), longest span first, left to right."""
        out: list[str | None] = [None] * len(words)
        i = 0
        n = len(words)
        while i < n:
            if words[i] in self.first:
                for end in range(min(n, i + SPAN_GAZETTEER_MAX_TOKENS), i, -1):
                    label = self.entries.get(tuple(words[i:end]))
                    if label is not None:
                        out[i] = "B-" + label
                        for j in range(i + 1, end):
                            out[j] = "I-" + label
                        i = end
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


_DIST_NAMES = ("d32=", "d128=")


def sentence_features(words: list[str], tags: list[str],
                      clusters: list[tuple[int, ...] | None] | None = None,
                      dist: list[tuple[int, ...] | None] | None = None,
                      seen: list[str | None] | None = None) -> list[list[str]]:
    """CRF features for each token of one sentence.

    ``tags``: STTS tags from HanTa; ``clusters``: word-cluster ids per word (:mod:`standpunkt.language.wordclusters`)
    or None per word without clusters; ``dist``: distributional (running-text context) cluster ids per word
    (:class:`standpunkt.language.wordclusters.DistClusters`), or None per word not in that table; ``seen``:
    :meth:`SpanGazetteer.match` of the words. ``dist`` and ``seen`` are optional model inputs (recipe flags
    ``--dist-clusters`` / ``--seen-gazetteer``), off in the shipped model: they did not help on the tuning slices.
    """
    n = len(words)
    ctx = [_context_features(w) for w in words]
    if clusters is None:
        clusters = [None] * n
    quoted = _inside_quotes(words)
    out = []
    for i, word in enumerate(words):
        feats = list(word_features(word))
        if quoted[i]:
            feats.append("inquote")
        cl = clusters[i]
        if cl is not None:
            feats += [name + str(c) for name, c in zip(_CLUSTER_NAMES, cl)]
            feats.append("c256|t=" + str(cl[1]) + "|" + tags[i])
        if i > 1 and clusters[i - 2] is not None:
            feats.append("-2c256=" + str(clusters[i - 2][1]))
        if i < n - 2 and clusters[i + 2] is not None:
            feats.append("+2c256=" + str(clusters[i + 2][1]))
        if i > 0 and clusters[i - 1] is not None:
            feats += ["-1" + name + str(c) for name, c in zip(_CLUSTER_NAMES[:2], clusters[i - 1])]
        if i < n - 1 and clusters[i + 1] is not None:
            feats += ["+1" + name + str(c) for name, c in zip(_CLUSTER_NAMES[:2], clusters[i + 1])]
        if dist is not None and dist[i] is not None:
            feats += [name + str(c) for name, c in zip(_DIST_NAMES, dist[i])]
        if seen is not None and seen[i] is not None:
            feats.append("tg=" + seen[i])
        tag = tags[i]
        feats.append("t=" + tag)
        if i == 0:
            feats.append("BOS")
        else:
            low, shape, first, role, country = ctx[i - 1]
            feats += ["-1w=" + low, "-1t=" + tags[i - 1], "-1t|t=" + tags[i - 1] + "|" + tag, "-1sh=" + shape]
            if first:
                feats.append("-1first")
            if role:
                feats.append("-1role")
            if country:
                feats.append("-1country")
            if i > 1:
                feats += ["-2w=" + ctx[i - 2][0], "-2t=" + tags[i - 2]]
                if ctx[i - 2][3]:
                    feats.append("-2role")
        if i == n - 1:
            feats.append("EOS")
        else:
            low, shape, first, role, country = ctx[i + 1]
            feats += ["+1w=" + low, "+1t=" + tags[i + 1], "t|+1t=" + tag + "|" + tags[i + 1], "+1sh=" + shape]
            if i < n - 2:
                feats += ["+2w=" + ctx[i + 2][0], "+2t=" + tags[i + 2]]
        out.append(feats)
    return out
