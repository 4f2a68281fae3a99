"""NER feature pieces: the training-set entity gazetteer and the distributional clusters from running text."""

from __future__ import annotations

from pathlib import Path

from standpunkt.corpora.tagging import NERSentence
from standpunkt.language.entities import _extras
from standpunkt.language.ner_features import SpanGazetteer, sentence_features
from standpunkt.language.wordclusters import DistClusters, build_distributional


def _gaz() -> SpanGazetteer:
    sents = [
        NERSentence(["Die", "Deutsche", "Bank", "wächst", "."], ["O", "B-ORG", "I-ORG", "O", "O"]),
        NERSentence(["Die", "Deutsche", "Bank", "in", "Frankfurt"], ["O", "B-ORG", "I-ORG", "O", "B-LOC"]),
        NERSentence(["Bank", "of", "America"], ["B-ORG", "I-ORG", "I-ORG"]),
        NERSentence(["Frankfurt", "spielt"], ["B-ORG", "O"]),
        NERSentence(["Frankfurt", "liegt"], ["B-LOC", "O"]),
        NERSentence(["Nach", "Frankfurt"], ["O", "B-LOC"]),
    ]
    return SpanGazetteer.from_sentences(sents)


def test_span_gazetteer_longest_match_and_majority_type():
    gaz = _gaz()
    # "Deutsche Bank" wins over a shorter match; "Frankfurt" takes its majority type (LOC 3 : ORG 1).
    assert gaz.match(["Bei", "der", "Deutsche", "Bank", "in", "Frankfurt", "."]) == [
        None, None, "B-ORG", "I-ORG", None, "B-LOC", None]
    # A span is matched as a whole only: "Bank of" alone is no entry; "Bank" alone is none either.
    assert gaz.match(["Bank", "of"]) == [None, None]
    assert gaz.match(["die", "Bank", "of", "America", "zahlt"]) == [None, "B-ORG", "I-ORG", "I-ORG", None]
    assert gaz.match([]) == []


def test_span_gazetteer_round_trip(tmp_path: Path):
    gaz = _gaz()
    gaz.save(tmp_path / "g.json.gz")
    again = SpanGazetteer.load(tmp_path / "g.json.gz")
    assert again.entries == gaz.entries


def test_seen_feature_reaches_the_crf_input():
    words = ["Die", "Deutsche", "Bank", "wächst"]
    feats = sentence_features(words, ["ART", "ADJA", "NN", "VVFIN"], seen=_gaz().match(words))
    assert "tg=B-ORG" in feats[1] and "tg=I-ORG" in feats[2]
    assert not any(f.startswith("tg=") for f in feats[0] + feats[3])


def test_distributional_clusters_group_words_by_context(tmp_path: Path):
    cities = ["Berlin", "Paris", "Rom", "Wien", "Prag", "Oslo"]
    people = ["Scholz", "Macron", "Meloni", "Nehammer", "Fiala", "Støre"]
    sents = []
    for i in range(40):
        c, p = cities[i % 6], people[(i * 5) % 6]
        sents.append(["Der", "Gipfel", "in", c, "beginnt", "heute", "."])
        sents.append(["Das", "Treffen", "fand", "in", c, "statt", "."])
        sents.append(["Kanzler", p, "sagte", ",", "es", "gehe", "voran", "."])
        sents.append(["Präsident", p, "erklärte", "am", "Abend", "."])
    dist = build_distributional(sents, tmp_path, sizes=(2,), dimensions=4)
    assert DistClusters(tmp_path).table == dist.table
    city_ids = {dist.table[c][0] for c in cities}
    person_ids = {dist.table[p][0] for p in people}
    assert len(city_ids) == 1 and len(person_ids) == 1 and city_ids != person_ids
    assert dist.lookup(["Berlin", "Unbekanntstadt"])[1] is None


def test_shipped_model_inputs_match_its_training_flags():
    """The run-time component uses the optional inputs exactly when the recipe trained the CRF with them."""
    import json

    from standpunkt.language.entities import model_dir

    info = json.loads((model_dir() / "training.json").read_text(encoding="utf-8"))
    dist, seen = _extras()
    assert (dist is not None) == bool(info.get("dist_clusters"))
    assert (seen is not None) == bool(info.get("seen_gazetteer"))
