"""The shipped HanTa memo (src/standpunkt/models/hanta-memo) is HanTa's own function computed ahead of time."""

from __future__ import annotations

import random

import pytest

from standpunkt.language.tagger import MEMO_DIGITS, MemoHanoverTagger, _pack_dist, _unpack_dist, get_hanta

#: Shipped entries re-computed from scratch per table (HanTa takes a few ms per word).
SAMPLE = 40


@pytest.fixture(scope="module")
def hanta() -> MemoHanoverTagger:
    return get_hanta()


def test_memo_is_shipped_and_large(hanta: MemoHanoverTagger) -> None:
    assert hanta.load_memo() > 300_000


def test_pack_round_trip() -> None:
    dist = [(3, -1.234567891), (17, -9.5)]
    assert _unpack_dist(_pack_dist(dist)) == [(3, round(-1.234567891, MEMO_DIGITS)), (17, -9.5)]
    assert _unpack_dist(_pack_dist([])) == []
    import numpy as np

    assert _pack_dist([(5, np.float64(-2.5))]) == "5:-2.5"  # HanTa returns numpy floats for some tags


def test_shipped_tag_distributions_match_hanta(hanta: MemoHanoverTagger) -> None:
    """Sampled shipped _tag_word entries equal a fresh computation, for both case-sensitivity settings."""
    from HanTa import HanoverTagger as ht

    tagger = hanta._tagger
    rng = random.Random(7)
    checked = 0
    for (cutoff, cs, cond), table in tagger._tag_shipped.items():
        for word in rng.sample(sorted(table), min(SAMPLE, len(table))):
            forms = [word] if cs else [word, word[:1].upper() + word[1:]]  # cs=False is keyed by the lower form
            for form in forms:
                fresh = ht.HanoverTagger._tag_word(tagger, form, cutoff, cs, cond)
                got = _unpack_dist(table[word])
                assert [t for t, _ in got] == [t for t, _ in fresh], (form, cs)
                assert all(abs(p - q) <= 10 ** -MEMO_DIGITS for (_, p), (_, q) in zip(got, fresh))
                checked += 1
    assert checked >= SAMPLE


def test_shipped_lemmas_match_hanta(hanta: MemoHanoverTagger) -> None:
    from HanTa import HanoverTagger as ht

    tagger = hanta._tagger
    rng = random.Random(11)
    tags = rng.sample(sorted(tagger._analyze_shipped), min(8, len(tagger._analyze_shipped)))
    for tag in tags:
        table = tagger._analyze_shipped[tag]
        for word in rng.sample(sorted(table), min(SAMPLE // 4, len(table))):
            assert tuple(table[word].split("\t")) == tuple(ht.HanoverTagger._analyze(tagger, word, tag, 1))


def test_tagging_with_and_without_memo_agrees(hanta: MemoHanoverTagger) -> None:
    """A sentence of frequent words tags the same from the shipped memo as from HanTa itself."""
    words = "Die Regierung lehnt den Vorschlag der Opposition entschieden ab , sagte ein Sprecher .".split()
    with_memo = hanta.tag(words)
    fresh = MemoHanoverTagger.__new__(MemoHanoverTagger)
    fresh._tagger = type(hanta._tagger)("morphmodel_ger.pgz")  # same class, empty memo, nothing shipped
    assert fresh._tagger._tag_shipped == {}
    assert with_memo == fresh.tag(words)
