"""``standpunkt extract``: analyse sources without storing and yield one JSON object per document."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from standpunkt.errors import InputError, StandpunktError, describe_exception


def extract_records(paths: Iterable[str | Path], options: Any = None,
                    settings: Any = None) -> Iterator[dict[str, Any] | InputError]:
    """For every readable document: ``{"source", "text", "quotations": [...]}``; unreadable sources as errors, and so
    is a document whose analysis fails or overruns ``settings.time_budget_s`` (the others are still extracted).

    Runs the same pipeline as ``analyze`` (language → speech → actors; stance only with a codebook), so nothing
    but the models and starter registry shipped in the package is needed, and nothing is written.
    """
    from standpunkt.ingest import read_sources
    from standpunkt.pipeline import Resources, Settings, batches, load_resources

    settings = settings or Settings()
    resources: Resources | None = None
    # analysed in small batches (same results, faster language layer); records and errors keep the input order
    for group in batches(read_sources(paths, options), text=lambda i: i.document.text if i.document else ""):
        readable = [i for i in group if i.error is None and i.document is not None]
        if readable and resources is None:  # the actor registry (quotations' actors), and a codebook if given
            resources = load_resources(settings)
        analyses = iter(_analyse(readable, resources, settings.time_budget_s) if readable else [])
        for item in group:
            if item.error is not None or item.document is None:
                yield item.error or InputError(item.key, "could not be read")
                continue
            analysis = next(analyses)
            if isinstance(analysis, str):
                yield InputError(item.key, analysis)
            else:
                yield _record(item, analysis, with_statements=resources.codebook is not None)


def _analyse(items: list[Any], resources: Any, budget: float | None) -> list[Any]:
    """Analyses of the items' documents, a batch at once; if that fails, one by one, each within ``budget`` —
    a failure is the reason (str) in the document's place."""
    from standpunkt.pipeline import analyze, analyze_many
    from standpunkt.run.tasks import time_budget

    try:
        with time_budget(budget, "batch"):
            return analyze_many([i.document for i in items], resources)
    except (Exception, RecursionError):  # noqa: BLE001 - pinned on the document below
        pass
    results: list[Any] = []
    for item in items:
        try:
            with time_budget(budget):
                results.append(analyze(item.document, resources))
        except StandpunktError as exc:
            results.append(str(exc))
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - one bad document must not stop the others
            results.append(f"analysis failed ({describe_exception(exc)})")
    return results


def _record(item: Any, analysis: Any, *, with_statements: bool) -> dict[str, Any]:
    quotations = []
    for q in analysis.quotations:
        data = q.to_json()
        quotations.append({k: data[k] for k in ("form", "medium", "message", "cue", "speaker", "addressee",
                                                "frame", "speaker_name", "confidence", "actor")})
    record = {"source": item.document.source or item.key, "text": item.document.text, "quotations": quotations}
    if with_statements:
        record["statements"] = [s.to_json() for s in analysis.statements]
    return record
