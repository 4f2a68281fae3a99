"""The web side of `standpunkt learn`: the latest learn run per codebook, and the Learn button.

A learn run started from the page is recorded in the request (so a second click while it runs is refused at once)
and runs in a background thread of the server, re-coding in-process; the page shows its state and, when finished,
its cross-validated accuracy and the number of statements whose code changed.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from standpunkt.store import Store
from standpunkt.web.queries import ParameterError, distinct_values

log = logging.getLogger(__name__)


def learn_status(store: Store) -> list[dict[str, Any]]:
    """Per stored codebook: whether its file can be read (learning needs it) and its newest learn run."""
    from standpunkt.store.learning import learn_runs

    out = []
    for value in distinct_values(store, "codebook"):
        runs = learn_runs(store, value, limit=1)
        out.append({"codebook": value, "name": os.path.basename(value), "readable": os.path.isfile(value),
                    "latest": _run_json(runs[0]) if runs else None})
    return out


def _run_json(row: dict[str, Any]) -> dict[str, Any]:
    stats = row.get("stats") or {}
    return {"id": row["id"], "status": row["status"], "version": row["model_version"], "model_dir": row["model_dir"],
            "run_id": row["run_id"], "started_by": row["started_by"], "error": row["error"],
            "started_at": row["started_at"].isoformat() if row["started_at"] else None,
            "finished_at": row["finished_at"].isoformat() if row["finished_at"] else None,
            "trained_on": stats.get("trained_on", {}), "cv": stats.get("cv", {}),
            "changed": stats.get("changed"), "recoded": stats.get("recoded"), "embedding": stats.get("embedding")}


def start_learn(store: Store, codebook: str, user: str) -> int:
    """Record a learn run for the stored ``codebook`` and run it in a background thread; returns its id."""
    from standpunkt.commands.learn import LearnOptions, learn
    from standpunkt.store.learning import begin_learn

    if codebook not in distinct_values(store, "codebook"):
        raise ParameterError(f"codebook: no statements were coded with {codebook!r}")
    if not os.path.isfile(codebook):
        raise ParameterError(f"codebook: {codebook} cannot be read on the server; learning needs the file")
    begun = begin_learn(store, codebook, started_by=user)

    def work() -> None:
        try:
            learn(store, codebook, LearnOptions(started_by=user), begun=begun)
        except Exception:  # noqa: BLE001 - recorded in learn_runs by learn(); the server goes on
            log.exception("learn run %s failed", begun[0])

    threading.Thread(target=work, name=f"standpunkt-learn-{begun[0]}", daemon=True).start()
    return begun[0]
