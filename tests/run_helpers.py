"""Analysis functions for the run tests: pure, importable by module name on every worker (local pool, Dask).

They stand in for the real pipeline so that executors, resumption and failure handling are tested on their own;
each produces a real :class:`Analysis` the store can save (quotations with spans into the document). Behaviour is
steered by directives in the document text (worker processes do not see the test's environment changes):

* ``[sleep 0.3]`` work that long;  ``[spin 0.3]`` busy Python work that long (as a runaway tagger search: what a
  time budget interrupts in any thread);  ``FAIL`` raise an exception;
* ``[die-once DIR]`` SIGKILL the worker the first time (leaves a marker in DIR);  ``[killme]`` SIGKILL every time;
* ``[pid DIR]`` write the worker's pid into DIR before working (so a test can kill it from outside).
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from standpunkt.model import Analysis, Document, Quotation, Span
from standpunkt.pipeline import Settings

QUOTE = re.compile(r"„([^“]+)“")
SLEEP = re.compile(r"\[sleep ([0-9.]+)\]")
SPIN = re.compile(r"\[spin ([0-9.]+)\]")
DIE_ONCE = re.compile(r"\[die-once ([^\]]+)\]")
PID = re.compile(r"\[pid ([^\]]+)\]")


def quote_analyze(document: Document, settings: Settings) -> Analysis:
    """Every „…“ becomes a Direct quotation; the directives above are obeyed first."""
    text = document.text
    if m := PID.search(text):
        (Path(m.group(1)) / f"pid-{os.getpid()}").write_text(document.id)
    if "[killme]" in text:
        os.kill(os.getpid(), signal.SIGKILL)
    if m := DIE_ONCE.search(text):
        marker = Path(m.group(1)) / f"died-{document.id}"
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
    if m := SLEEP.search(text):
        time.sleep(float(m.group(1)))
    if m := SPIN.search(text):
        end = time.monotonic() + float(m.group(1))
        while time.monotonic() < end:
            pass
    if "FAIL" in text:
        raise ValueError("document asks to fail")
    quotations = [Quotation(form="Direct", message=[Span(m.start(1), m.end(1))]) for m in QUOTE.finditer(text)]
    return Analysis(document=document, quotations=quotations, pipeline_version=settings.version,
                    n_tokens=len(text.split()))


def bad_version_analyze(document: Document, settings: Settings) -> Analysis:
    """A worker with another standpunkt installed: its analyses carry another pipeline version."""
    analysis = quote_analyze(document, settings)
    analysis.pipeline_version = "0.0.0+stale"
    return analysis


def make_corpus(directory: Path, n: int, *, extra: str = "") -> list[Path]:
    """``n`` small German news-like text files, each with one or two quotations."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = directory / f"doc{i:03d}.txt"
        second = f" Später fügte sie hinzu: „Das gilt auch für Artikel {i}.“" if i % 2 else ""
        path.write_text(f"Die Ministerin sagte am Montag: „Wir prüfen den Vorschlag Nummer {i}.“{second}{extra}\n",
                        encoding="utf-8")
        paths.append(path)
    return paths
