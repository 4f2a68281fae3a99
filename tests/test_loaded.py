"""The model registry (:mod:`standpunkt.loaded`): every loaded model lives in one ``Models``, none in a module.

Checked three ways: on the source (no module of ``src/standpunkt`` keeps process state that a function fills in,
except the listed non-models), in a fresh process (importing standpunkt and building Resources loads nothing;
using them loads each model once, and two pipelines or two Resources share it), and on the registry itself.
"""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from standpunkt.loaded import Models, process_models

SRC = Path(__file__).resolve().parents[1] / "src" / "standpunkt"

#: Process state in modules that is not a loaded model, and why it may stay there.
NOT_MODELS = {
    ("standpunkt.run.tasks", "_init_error"): "the message of a worker's failed start-up",
    ("standpunkt.web.queries", "_cache"): "a few seconds' cache of aggregate query results",
    ("standpunkt.web.queries", "_computing"): "one lock per aggregate being computed",
    ("standpunkt.web.queries", "_refreshing"): "the aggregates being refreshed now",
    ("standpunkt.web.pages", "BCRYPT"): "the limiter of concurrent password checks",
    ("standpunkt.language.gazetteer", "_gaz"): "the gazetteer's word lists (language/data), read once",
    ("standpunkt.language.gazetteer", "_STATES"): "the federal states' word list (language/data), read once",
    ("standpunkt.stance.agreement", "lexicon"): "the polarity word list (stance/data), read once",
    ("standpunkt.pipeline", "models_fingerprint"): "a hash of the shipped model files, computed once",
    ("standpunkt.pipeline", "code_fingerprint"): "a hash of the analysis code and word lists, computed once",
}

_MUTATORS = {"setdefault", "update", "append", "add", "extend", "insert", "__setitem__"}
_EMPTY_CALLS = {"dict", "list", "set", "OrderedDict", "defaultdict", "WeakValueDictionary"}


def _is_empty_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set)):
        return not getattr(value, "keys", None) and not getattr(value, "elts", None)
    return (isinstance(value, ast.Call) and not value.args
            and getattr(value.func, "id", getattr(value.func, "attr", None)) in _EMPTY_CALLS)


def process_state(source: str) -> set[str]:
    """Names of one module's process-wide state that functions fill in: a name rebound through ``global``, a
    module-level empty container a function adds to, a zero-argument ``lru_cache``/``cache`` function."""
    tree = ast.parse(source)
    containers = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        if _is_empty_container(getattr(node, "value", None)):
            containers.update(t.id for t in targets if isinstance(t, ast.Name))
    found = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not (fn.args.args or fn.args.posonlyargs or fn.args.vararg or fn.args.kwonlyargs or fn.args.kwarg) and any(
                "cache" in ast.unparse(d) for d in fn.decorator_list):
            found.add(fn.name)
        for node in ast.walk(fn):
            if isinstance(node, ast.Global):
                found.update(node.names)
            elif isinstance(node, (ast.Assign, ast.AugAssign)):
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(t, ast.Subscript) and getattr(t.value, "id", None) in containers:
                        found.add(t.value.id)
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr in _MUTATORS and getattr(node.func.value, "id", None) in containers):
                found.add(node.func.value.id)
    return found


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_module_holds_a_loaded_model() -> None:
    found = {(_module(p), name) for p in SRC.rglob("*.py") if "migrations" not in p.parts
             for name in process_state(p.read_text(encoding="utf-8"))}
    assert found - set(NOT_MODELS) == set(), "keep loaded models in standpunkt.loaded.Models"
    assert set(NOT_MODELS) - found == set(), "NOT_MODELS lists state that is gone: drop it"


def test_only_the_loaded_module_creates_a_registry_at_import() -> None:
    creators = {_module(p) for p in SRC.rglob("*.py") for node in ast.parse(p.read_text(encoding="utf-8")).body
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and "Models()" in ast.unparse(node)}
    assert creators == {"standpunkt.loaded"}


def test_the_scan_finds_the_singletons_it_replaced() -> None:
    """The patterns the registry replaced (speech/detector's ``_MODEL``, run/recode's ``_MODELS``, a cached
    zero-argument loader) are all found; per-word memos and plain constants are not."""
    source = textwrap.dedent('''
        import functools
        _MODEL = None
        _MODELS: dict = {}
        LABELS = {"a": 1}
        SIZES = []

        def load_model():
            global _MODEL
            if _MODEL is None:
                _MODEL = object()
            return _MODEL

        def classifier(path):
            if path not in _MODELS:
                _MODELS[path] = object()
            return _MODELS[path]

        def tagger(name):
            return _MODELS.setdefault(name, object())

        @functools.lru_cache(maxsize=1)
        def encoder():
            return object()

        @functools.lru_cache(maxsize=10_000)
        def lemma(word):
            return word.lower()

        def read():
            return LABELS["a"], SIZES
    ''')
    assert process_state(source) == {"_MODEL", "_MODELS", "encoder"}


# ---------------------------------------------------------------- in a fresh process

_LAZY_AND_SHARED = r'''
import json, sys
import standpunkt, standpunkt.language, standpunkt.speech, standpunkt.stance
from standpunkt.language import build_nlp, load_nlp
from standpunkt.language.tagger import get_hanta
from standpunkt.loaded import Models, process_models
from standpunkt.pipeline import Settings, analyze, load_resources, resources_for
from standpunkt.model import Document
from standpunkt.speech.detector import detect, load_model

out = {}
models = process_models()
resources = resources_for(Settings())
out["after_resources"] = models.loaded()
out["crf_imported"] = "pycrfsuite" in sys.modules
text = "Die Ministerin sagte am Montag in Berlin: „Wir prüfen den Vorschlag.“ Die Opposition widersprach."
analysis = analyze(Document(text=text), resources)
out["quotations"] = len(analysis.quotations)
out["after_analysis"] = models.loaded()
other = load_resources(Settings())
out["resources_share_models"] = (other is not resources and other.quotes is resources.quotes
                                 and other.nlp is resources.nlp and resources_for(Settings()) is resources)
lean = build_nlp(entities=False)
lean(text)
out["pipelines_share_hanta"] = (lean.get_pipe("standpunkt_hanta").models is models
                                and load_nlp().get_pipe("standpunkt_hanta").models is models)
out["after_second_pipeline"] = models.loaded()
own = Models()
doc = build_nlp(own)(text)
out["own_quotations"] = len(detect(doc, load_model(models=own)))
out["own_loaded"] = own.loaded()
out["own_hanta_is_new"] = get_hanta(own) is not get_hanta()
out["after_own"] = models.loaded()
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def fresh_process() -> dict:
    done = subprocess.run([sys.executable, "-c", _LAZY_AND_SHARED], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaders(loaded: list[str]) -> list[str]:
    return [entry.split("(")[0].rsplit(".", 1)[-1] for entry in loaded]


def test_importing_and_building_resources_loads_no_model(fresh_process) -> None:
    assert _loaders(fresh_process["after_resources"]) == ["shared_resources"]
    assert fresh_process["crf_imported"] is False


def test_using_resources_loads_each_model_once(fresh_process) -> None:
    assert fresh_process["quotations"] == 1
    loaders = _loaders(fresh_process["after_analysis"])
    assert sorted(loaders) == sorted(["shared_resources", "shared_pipeline", "MemoHanoverTagger", "load_crf",
                                      "WordClusters", "load_extras", "read_model"])


def test_two_resources_and_two_pipelines_share_the_loaded_models(fresh_process) -> None:
    assert fresh_process["resources_share_models"] is True
    assert fresh_process["pipelines_share_hanta"] is True
    # the second pipeline is new, the models under it are not
    assert fresh_process["after_second_pipeline"] == fresh_process["after_analysis"]


def test_a_registry_of_its_own_loads_its_own_models(fresh_process) -> None:
    """Components take their models from the registry they are built with, not from anything module-wide."""
    assert fresh_process["own_quotations"] == 1
    assert fresh_process["own_hanta_is_new"] is True
    assert sorted(_loaders(fresh_process["own_loaded"])) == sorted(
        ["MemoHanoverTagger", "load_crf", "WordClusters", "load_extras", "read_model"])
    assert fresh_process["after_own"] == fresh_process["after_second_pipeline"]


# ---------------------------------------------------------------- the registry


def test_a_loader_runs_once_even_when_threads_ask_together() -> None:
    models, calls = Models(), []

    def slow(name: str) -> object:
        calls.append(name)
        time.sleep(0.05)
        return object()

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(models.get(slow, "x"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["x"] and len({id(g) for g in got}) == 1
    assert models.get(slow, "y") is not got[0] and calls == ["x", "y"]
    assert models.loaded() == [f"{__name__}.{slow.__qualname__}('x')", f"{__name__}.{slow.__qualname__}('y')"]


def test_a_failed_load_is_not_kept() -> None:
    models, attempts = Models(), []

    def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("model file missing")
        return "model"

    with pytest.raises(OSError):
        models.get(flaky)
    assert models.loaded() == []
    assert models.get(flaky) == "model" and len(attempts) == 2


def test_a_registry_is_not_shipped_to_workers() -> None:
    with pytest.raises(TypeError, match="resources_for"):
        pickle.dumps(Models())
    assert process_models() is process_models()
