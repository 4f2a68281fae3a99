"""The faster morphological search (standpunkt.language.morphsearch) returns exactly what HanTa's own does."""

from __future__ import annotations

import random

import pytest
from HanTa import HanoverTagger as ht

from standpunkt.language.morphsearch import MorphSearch

#: Unseen-word shapes that dominate cold throughput: long compounds, foreign names, numbers, hyphenations, short forms.
HARD_WORDS = [
    "verteidigungsministerin", "steißbeinteratom", "bergeron-klassifizierung", "yas-marina-circuit-website",
    "un-umweltprogramms", "social-media-übergänge", "lahmlegten", "abgelehnt", "unersättliche", "landsbergis",
    "séjourné", "krasnojarsk", "addenbrooke's-krankenhaus", "19.999", "10:00", "328", "3.", "f1-ticket", "wlan",
    "ab", "a", "", "-", "sei", "könne", "würden", "trockengebieten", "meerengen", "österreichisch-preußische",
    "donaudampfschifffahrtsgesellschaftskapitänsmütze",
]


@pytest.fixture(scope="module")
def model() -> ht.HanoverTagger:
    return ht.HanoverTagger("morphmodel_ger.pgz")  # HanTa's own class: its methods are the reference


@pytest.fixture(scope="module")
def search(model: ht.HanoverTagger) -> MorphSearch:
    return MorphSearch(model)


def _random_words(n: int) -> list[str]:
    """Letter salad (plus German endings) that forces the unknown-morpheme guesses on every segment."""
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyzäöüß-"
    endings = ["", "en", "ung", "ungen", "ern", "isch", "ische", "te", "ten", "s", "er"]
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 16))) + rng.choice(endings) for _ in range(n)]


@pytest.mark.parametrize("word", HARD_WORDS)
def test_forward_equals_hanta(model: ht.HanoverTagger, search: MorphSearch, word: str) -> None:
    assert search.forward(word) == model.analyze_forward(word)


def test_forward_equals_hanta_on_letter_salad(model: ht.HanoverTagger, search: MorphSearch) -> None:
    words = _random_words(60)
    assert [search.forward(w) for w in words] == [model.analyze_forward(w) for w in words]


def test_viterbi_equals_hanta_for_every_plausible_tag(model: ht.HanoverTagger, search: MorphSearch) -> None:
    """Best segmentation for each of a word's top tags (the lemma is built from it), strict and guessing passes."""
    checked = 0
    for word in HARD_WORDS + _random_words(25):
        for tag, _ in model.analyze_forward(word)[:3]:
            assert search.viterbi(word, -tag) == model.analyze_viterbi(word, -tag), (word, tag)
            checked += 1
    assert checked > 60


def test_tagger_uses_the_fast_search_with_unchanged_lemmas() -> None:
    """The project's tagger routes unseen words through MorphSearch and still lemmatises like HanTa."""
    from standpunkt.language.tagger import get_hanta

    tagger = get_hanta()._tagger
    assert tagger.analyze_forward.__func__ is not ht.HanoverTagger.analyze_forward
    reference = ht.HanoverTagger("morphmodel_ger.pgz")
    for word in ("Verteidigungsministerin", "Trockengebieten", "lahmlegten"):
        tags = [t for t, _ in reference.analyze_forward(word.lower())[:2]]
        for tag in tags:
            assert ht.HanoverTagger._analyze(tagger, word, tag) == reference._analyze(word, tag)


SENTENCES = [
    "Die Regierung lehnt den Vorschlag der Opposition entschieden ab , sagte ein Sprecher .",
    "„ Wir sind nicht bereit , Bodentruppen zu schicken “ , erklärte Landsbergis am 3. Oktober in Riga .",
    "Der litauische Verteidigungsminister Anusauskas habe 19.999 Euro für die Steißbeinteratom-Studie gezahlt .",
    "Xqzvörtel blimpf Zarguneska .",  # unknown words: HanTa lets them take any tag
    "Ja",
]


@pytest.mark.parametrize("casesensitive", [True, False])
def test_sentence_search_equals_hanta(model: ht.HanoverTagger, search: MorphSearch, casesensitive: bool) -> None:
    sentences = [s.split() for s in SENTENCES] + [_random_words(12), _random_words(1)]
    for words in sentences:
        assert search.tag_sentence(words, casesensitive) == model.tag_sent_viterbi(words, casesensitive), words
