"""The one place loaded models live: a :class:`Models` registry, and :func:`process_models`, this process's.

Every trained artifact (the quotation CRF, HanTa, the NER CRF and its cluster tables, the e5 and USE encoders, a
learned statement classifier) and every spaCy pipeline built from them is loaded through a registry, on first use,
and then shared: ``models.get(loader, *args)`` calls ``loader(*args)`` once per registry and returns that object on
every later call. The stages own their loaders (``standpunkt.speech.detector.read_model``, …) and take a ``models``
argument wherever they need one; :class:`standpunkt.pipeline.Resources` carries the registry through an analysis,
and spaCy components get it from ``build_nlp(models)``. Where none is passed, the process's registry is used — the
one process-wide default, so a pool or Dask worker loads each model once however many documents it gets.

This module is in the base layer: it imports no stage, so every stage may use it (``tests/test_layers.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["Models", "process_models"]

T = TypeVar("T")


class Models:
    """Loaded models, keyed by loader and arguments; each is loaded once, on first use, and then shared.

    A loader is a module-level function (or class) whose arguments say what to load; a loader that builds on other
    models takes the registry as its first argument (a spaCy pipeline, say). Loading is serialised (re-entrant, so
    a loader may load what it needs); reading what is loaded takes no lock. A loader that raises caches nothing.
    """

    def __init__(self) -> None:
        self._loaded: dict[tuple[Callable[..., Any], tuple[Hashable, ...]], Any] = {}
        self._lock = threading.RLock()

    def get(self, loader: Callable[..., T], *args: Hashable) -> T:
        """``loader(*args)``, loaded on the first call and the same object on every later one."""
        key = (loader, args)
        try:
            return self._loaded[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._loaded:
                self._loaded[key] = loader(*args)
            return self._loaded[key]

    def loaded(self) -> list[str]:
        """What this registry has loaded so far, in order, as ``module.loader(arguments)`` (for tests and logs)."""
        return [f"{loader.__module__}.{loader.__qualname__}({', '.join(map(_describe, args))})"
                for loader, args in list(self._loaded)]

    def __reduce__(self) -> Any:
        raise TypeError("loaded models stay in their process: ship Settings to a worker and let it load its own "
                        "(standpunkt.pipeline.resources_for)")

    def __repr__(self) -> str:
        return f"<Models: {len(self._loaded)} loaded>"


def _describe(arg: Any) -> str:
    return "models" if isinstance(arg, Models) else repr(arg)


_PROCESS = Models()


def process_models() -> Models:
    """This process's registry: what every stage uses when it is given none (each worker process has its own)."""
    return _PROCESS
