"""The e5 encoder's layers as an onnxruntime graph, built in code from the weights in memory.

:class:`OnnxStack` turns a stack of encoder layers (dicts as :attr:`standpunkt.language.encoder.E5Encoder.layers`
holds them: the base weights, or copies with fine-tuned deltas applied) into an ONNX graph and runs it with
onnxruntime on one intra-op thread. The graph takes the embedded input (layer 0, looked up in numpy) and the token
mask and returns the states after chosen layers; it holds only the layers up to the highest one asked for.

Each layer is written with onnxruntime's fused CPU operators (domain ``com.microsoft``): ``Attention`` (QKV
projection, scaled dot product with the padding mask, softmax, context), ``MatMul`` + ``SkipLayerNormalization``
(bias, residual, post-LayerNorm in one op) and ``MatMul`` + ``BiasGelu`` (exact erf GELU), the same post-LN BERT
layer as :meth:`~standpunkt.language.encoder.E5Encoder.apply_layer`. ``precision="int8"`` quantises the matrices
dynamically (``onnxruntime.quantization.quantize_dynamic``: int8 weights per output channel, activations quantised
per call with one scale), which onnxruntime runs as ``QAttention`` / ``DynamicQuantizeMatMul``. The FFN's
down-projection is smoothed first (:func:`smoothing`, from GELU ranges measured in numpy on :data:`CALIBRATION`);
without those ranges it stays float32 (:data:`FLOAT_MATMULS`).

``precision="bf16"`` (:class:`OpenVinoStack`) compiles the same float32 graph with OpenVINO, which computes its
matrices in bfloat16 where the CPU does so natively (AMX or AVX-512 BF16; float32 elsewhere): the fine-tuned
layers at ~4x onnxruntime's float32 speed with far smaller errors than int8 activations (docs/speech.md).

fp32 and bf16 graphs are serialised in memory. An int8 graph is written under the user cache folder
(``platformdirs.user_cache_dir("standpunkt")/encoder-onnx/``, or ``STANDPUNKT_CACHE_DIR``), named by a hash of its
weights, settings and calibration, because the quantiser writes files; nothing is written inside the installed package and
nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

__all__ = ["available", "openvino_available", "import_openvino", "OnnxStack", "OpenVinoStack", "build_graph",
           "cache_dir", "PRECISIONS"]

#: fp32 and int8 run on onnxruntime (:class:`OnnxStack`), bf16 on OpenVINO (:class:`OpenVinoStack`).
PRECISIONS = ("fp32", "int8", "bf16")
#: Bumped when the graph layout changes, so that cached int8 files of an older layout are not reused.
GRAPH_VERSION = 3
OPSET = 17
#: SmoothQuant's migration strength for the FFN down-projection (0.5, 0.7, 0.85 tried: 0.7 kept the layer-6 states
#: closest to float32).
SMOOTH_ALPHA = 0.7
#: IR version written into the graph: onnx 1.23 writes 14 by default, which onnxruntime 1.31 does not read yet.
IR_VERSION = 9


#: Sentences whose GELU outputs set the int8 smoothing (:func:`smoothing`; written for this purpose: news and
#: parliament register, names, numbers, quotation marks, a little English).
CALIBRATION = (
    "Die Bundesregierung hat am Mittwoch einen Gesetzentwurf zur Reform des Asylrechts beschlossen.",
    "„Wir werden das so nicht hinnehmen“, sagte die Fraktionsvorsitzende der Grünen im Bundestag.",
    "Bundeskanzler Olaf Scholz (SPD) und Frankreichs Präsident Emmanuel Macron trafen sich in Paris.",
    "Der Haushaltsausschuss bewilligte 3,5 Milliarden Euro für den Ausbau der Bahnstrecken bis 2030.",
    "Laut einer Umfrage des Instituts Forsa liegt die Union bei 31 Prozent, die AfD bei 19 Prozent.",
    "Die Opposition warf dem Innenminister vor, er habe das Parlament nicht rechtzeitig informiert.",
    "In Köln, Düsseldorf und Mönchengladbach demonstrierten am Samstag mehrere tausend Menschen.",
    "Die Gewerkschaft Verdi fordert eine Lohnerhöhung von acht Prozent für die Beschäftigten.",
    "Nach Angaben der Polizei wurden bei dem Einsatz in Hamburg zwei Beamte leicht verletzt.",
    "Der litauische Verteidigungsminister erklärte, die NATO müsse ihre Ostflanke stärken.",
    "Die Europäische Zentralbank hat den Leitzins zum dritten Mal in Folge unverändert gelassen.",
    "Kritiker bemängeln, das Gesetz sei verfassungswidrig und verstoße gegen Artikel 16a GG.",
    "Ministerpräsident Markus Söder (CSU) lehnte eine Verlängerung der Laufzeiten ab.",
    "Die Kommission in Brüssel will bis Ende Juni einen Vorschlag zur Migrationspolitik vorlegen.",
    "Er sei „zutiefst enttäuscht“ über die Entscheidung des Bundesverfassungsgerichts, so der Sprecher.",
    "Die Zahl der Asylanträge ist im ersten Halbjahr um 12,4 Prozent auf 150.166 gestiegen.",
    "Hallo",
    "Warum schweigt die Regierung zu den Vorwürfen?",
    "Der Ausschuss tagt am 24.02.2024 um 10:30 Uhr im Paul-Löbe-Haus.",
    "Prime Minister Keir Starmer said the United Kingdom would stand by Ukraine.",
    "Die Linke kritisierte die Pläne als „sozial ungerecht“ und kündigte Widerstand an.",
    "Im Wahlkreis Berlin-Mitte gewann die Kandidatin mit knappem Vorsprung das Direktmandat.",
    "Umweltverbände wie der BUND und Greenpeace begrüßten den Kohleausstieg.",
    "Die FDP will die Schuldenbremse einhalten, SPD und Grüne wollen sie reformieren.",
)


def available() -> bool:
    """Whether onnxruntime and onnx import (the numpy forward pass is used otherwise)."""
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def openvino_available() -> bool:
    """Whether OpenVINO and onnx are installed (for ``precision="bf16"``; looked up without importing OpenVINO)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("openvino", "onnx"))


def import_openvino():
    """``import openvino`` without its usage telemetry: the package's ``__init__`` sends an "import" event to Google
    Analytics through ``openvino_telemetry`` (seen here as a DNS lookup of www.google-analytics.com). With that
    module hidden during the import, OpenVINO falls back to its own no-op stub, so nothing leaves the machine."""
    import sys

    if "openvino" in sys.modules:
        return sys.modules["openvino"]
    hidden = {name: sys.modules.get(name) for name in ("openvino_telemetry", "openvino_telemetry.backend")}
    for name in hidden:
        sys.modules[name] = None               # type: ignore[assignment]  # makes ``import`` raise ImportError
    try:
        import openvino
    finally:
        for name, mod in hidden.items():
            if mod is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = mod
    return openvino


def cache_dir() -> Path:
    root = os.environ.get("STANDPUNKT_CACHE_DIR")
    if root:
        return Path(root) / "encoder-onnx"
    import platformdirs

    return Path(platformdirs.user_cache_dir("standpunkt")) / "encoder-onnx"


def smoothing(ffn_absmax: np.ndarray, fo_w: np.ndarray, alpha: float = SMOOTH_ALPHA) -> np.ndarray:
    """Per-channel divisors ``s`` of the GELU output (SmoothQuant, Xiao et al. 2023): ``(g / s) @ (s · W)`` is
    ``g @ W`` with the activation's outlier channels shrunk and the weight rows grown to match, so that one int8
    scale per call for the activation loses less. ``s_j = max|g_j|^α / max|W_j|^(1−α)``."""
    a = np.maximum(np.asarray(ffn_absmax, dtype=np.float64), 1e-5)
    w = np.maximum(np.abs(np.asarray(fo_w, dtype=np.float64)).max(axis=1), 1e-5)
    return (a ** alpha / w ** (1.0 - alpha)).astype(np.float32)


def build_graph(layers: Sequence[dict], *, heads: int, eps: float, outputs: Sequence[int],
                smooth: Sequence[np.ndarray] | None = None):
    """The ``onnx.ModelProto`` of ``layers`` (in order) whose outputs ``s{k}`` are the states after layer ``k``
    (1-based) for each ``k`` in ``outputs``; inputs ``x`` (B, L, H) float32 and ``mask`` (B, L) int32.

    ``smooth``: per layer the divisors of :func:`smoothing` (a ``Mul`` after the GELU, the FFN down-projection's
    rows multiplied by them: the same function, arranged for int8)."""
    from onnx import TensorProto, helper, numpy_helper

    top = max(outputs)
    if not 1 <= min(outputs) or top > len(layers):
        raise ValueError(f"outputs must lie in 1..{len(layers)}, not {list(outputs)}")
    H = int(np.asarray(layers[0]["qkv_w"]).shape[0])
    inits, nodes = [], []

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value, dtype=np.float32), name))
        return name

    ms = "com.microsoft"

    def matmul(x: str, name: str, w: np.ndarray) -> str:
        nodes.append(helper.make_node("MatMul", [x, const(name + "_w", w)], [name], name=name))
        return name

    x = "x"
    for i, ly in enumerate(layers[:top]):
        p = f"l{i}."
        nodes.append(helper.make_node(
            "Attention", [x, const(p + "qkv_w", ly["qkv_w"]), const(p + "qkv_b", ly["qkv_b"]), "mask"],
            [p + "ctx"], domain=ms, num_heads=heads, name=p + "attention"))
        ao = matmul(p + "ctx", p + "ao", ly["ao_w"])
        nodes.append(helper.make_node(
            "SkipLayerNormalization",
            [ao, x, const(p + "aln_w", ly["aln"][0]), const(p + "aln_b", ly["aln"][1]),
             const(p + "ao_b", ly["ao_b"])], [p + "h"], domain=ms, epsilon=float(eps), name=p + "aln"))
        fi = matmul(p + "h", p + "fi", ly["fi_w"])
        nodes.append(helper.make_node("BiasGelu", [fi, const(p + "fi_b", ly["fi_b"])], [p + "gelu"], domain=ms,
                                      name=p + "gelu"))
        if smooth is not None:
            nodes.append(helper.make_node("Mul", [p + "gelu", const(p + "smooth", 1.0 / smooth[i])], [p + "gelu_s"],
                                          name=p + "smooth"))
            fo = matmul(p + "gelu_s", p + "fo", np.asarray(ly["fo_w"]) * smooth[i][:, None])
        else:
            fo = matmul(p + "gelu", p + "fo", ly["fo_w"])
        out = f"s{i + 1}"
        nodes.append(helper.make_node(
            "SkipLayerNormalization",
            [fo, p + "h", const(p + "oln_w", ly["oln"][0]), const(p + "oln_b", ly["oln"][1]),
             const(p + "fo_b", ly["fo_b"])], [out], domain=ms, epsilon=float(eps), name=p + "oln"))
        x = out
    graph = helper.make_graph(
        nodes, "e5_layers",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "length", H]),
         helper.make_tensor_value_info("mask", TensorProto.INT32, ["batch", "length"])],
        [helper.make_tensor_value_info(f"s{k}", TensorProto.FLOAT, ["batch", "length", H])
         for k in sorted(set(int(k) for k in outputs))],
        inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid(ms, 1)],
                             producer_name="standpunkt", ir_version=IR_VERSION)


def _digest(layers: Sequence[dict], outputs: Sequence[int], heads: int, eps: float, precision: str,
            extra: str) -> str:
    h = hashlib.sha256(f"{GRAPH_VERSION}|{precision}|{heads}|{eps!r}|{sorted(set(outputs))}|{extra}".encode())
    for ly in layers[:max(outputs)]:
        for key in ("qkv_w", "qkv_b", "ao_w", "ao_b", "aln", "fi_w", "fi_b", "fo_w", "fo_b", "oln"):
            for a in (ly[key] if isinstance(ly[key], tuple) else (ly[key],)):
                h.update(np.ascontiguousarray(a, dtype=np.float32).tobytes())
    return h.hexdigest()[:24]


#: Matrices left in float32 by ``precision="int8"`` when no activation ranges are given: the FFN's down-projection,
#: whose input (the GELU output) has a few channels many times larger than the rest, so that one int8 scale per call
#: for the whole activation loses the small ones (150 German sentences, layer-6 token cosine to numpy: mean 0.975
#: with it quantised plainly, 0.997 in float32, 0.994 quantised after :func:`smoothing`).
FLOAT_MATMULS = (".fo",)


def _quantized(build: Callable[[], object], key: str, per_channel: bool, exclude: Sequence[str] = ()) -> str:
    """Path of the int8 version of the graph that ``build`` makes (built and quantised once, then read from the
    cache under ``key``)."""
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder = cache_dir()
    path = folder / f"e5-{key}-int8.onnx"
    if path.is_file():
        return str(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".onnx.part")
    except OSError:                            # no writable cache: quantise into a temporary folder
        folder = Path(tempfile.mkdtemp(prefix="standpunkt-onnx-"))
        path = folder / f"e5-{key}-int8.onnx"
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".onnx.part")
    os.close(fd)
    try:
        model = build()
        quantize_dynamic(model, tmp, per_channel=per_channel, weight_type=QuantType.QInt8,
                         op_types_to_quantize=["MatMul", "Attention"],
                         nodes_to_exclude=[n.name for n in model.graph.node if exclude and n.name.endswith(tuple(exclude))],
                         extra_options={"DefaultTensorType": TensorProto.FLOAT})
        os.replace(tmp, path)                  # atomic: a concurrent worker sees the whole file or none
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return str(path)


class OnnxStack:
    """An onnxruntime session over ``layers``: ``stack(x, mask)`` → the states after each layer of ``outputs``.

    ``x`` (B, L, H) float32 is the embedding layer's output, ``mask`` (B, L) True on real tokens. ``threads`` is the
    intra-op thread count (1: workers are one process per core). ``precision="int8"``: with ``ffn_absmax`` (per
    layer the largest GELU output per channel, or a function that measures them on :data:`CALIBRATION`, called only
    when the cache lacks the graph) the FFN down-projection is smoothed and quantised too, without it it stays
    float32 (:data:`FLOAT_MATMULS`)."""

    def __init__(self, layers: Sequence[dict], *, heads: int, eps: float, outputs: Sequence[int],
                 precision: str = "fp32", threads: int = 1, per_channel: bool = True,
                 ffn_absmax: Sequence[np.ndarray] | Callable[[], Sequence[np.ndarray]] | None = None):
        import onnxruntime as ort

        if precision not in ("fp32", "int8"):
            raise ValueError(f"onnxruntime precision must be fp32 or int8, not {precision!r} (bf16: OpenVinoStack)")
        self.outputs = [int(k) for k in outputs]
        self.precision = precision
        top = max(self.outputs)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        if precision == "int8":
            extra = f"pc={per_channel}|ort={ort.__version__}"
            if callable(ffn_absmax):       # measured on CALIBRATION only when the cache does not hold the graph
                extra += f"|a={SMOOTH_ALPHA}|cal=" + hashlib.sha256("\n".join(CALIBRATION).encode()).hexdigest()
            elif ffn_absmax is not None:
                extra += f"|a={SMOOTH_ALPHA}|" + hashlib.sha256(
                    np.concatenate([np.asarray(a, np.float32) for a in ffn_absmax[:top]]).tobytes()).hexdigest()
            key = _digest(layers, self.outputs, heads, eps, precision, extra)

            def build():
                if ffn_absmax is None:
                    return build_graph(layers, heads=heads, eps=eps, outputs=self.outputs)
                ranges = ffn_absmax() if callable(ffn_absmax) else ffn_absmax
                smooth = [smoothing(a, ly["fo_w"]) for a, ly in zip(ranges, layers[:top])]
                return build_graph(layers, heads=heads, eps=eps, outputs=self.outputs, smooth=smooth)

            source = _quantized(build, key, per_channel, () if ffn_absmax is not None else FLOAT_MATMULS)
        else:
            source = build_graph(layers, heads=heads, eps=eps, outputs=self.outputs).SerializeToString()
        self.session = ort.InferenceSession(source, opts, providers=["CPUExecutionProvider"])
        self._names = [f"s{k}" for k in sorted(set(self.outputs))]

    def __call__(self, x: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        got = self.session.run(self._names, {"x": np.ascontiguousarray(x, dtype=np.float32),
                                             "mask": np.ascontiguousarray(mask, dtype=np.int32)})
        by_name = dict(zip(self._names, got))
        return [by_name[f"s{k}"] for k in self.outputs]


class OpenVinoStack:
    """The graph of :func:`build_graph` compiled by OpenVINO's CPU plugin on ``threads`` threads, its matrices in
    bfloat16 where the CPU computes them natively (``INFERENCE_PRECISION_HINT``; float32 on CPUs without): the same
    interface as :class:`OnnxStack`. Each thread gets its own infer request (a request is not thread-safe)."""

    def __init__(self, layers: Sequence[dict], *, heads: int, eps: float, outputs: Sequence[int],
                 threads: int = 1):
        import threading

        ov = import_openvino()
        self.outputs = [int(k) for k in outputs]
        self.precision = "bf16"
        core = ov.Core()
        model = core.read_model(build_graph(layers, heads=heads, eps=eps, outputs=self.outputs).SerializeToString())
        hint = "bf16" if "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES") else "f32"
        self.compiled = core.compile_model(model, "CPU", {
            "INFERENCE_NUM_THREADS": threads, "NUM_STREAMS": 1, "PERFORMANCE_HINT": "LATENCY",
            "INFERENCE_PRECISION_HINT": hint})
        self._names = [f"s{k}" for k in sorted(set(self.outputs))]
        self._local = threading.local()

    def __call__(self, x: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        req = getattr(self._local, "request", None)
        if req is None:
            req = self._local.request = self.compiled.create_infer_request()
        req.infer({"x": np.ascontiguousarray(x, dtype=np.float32),
                   "mask": np.ascontiguousarray(mask, dtype=np.int32)})
        by_name = {n: req.get_tensor(n).data.copy() for n in self._names}
        return [by_name[f"s{k}"] for k in self.outputs]
