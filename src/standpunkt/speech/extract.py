"""``standpunkt extract``: analyse sources without storing and yield one JSON object per document."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from standpunkt.errors import InputError


def extract_records(paths: Iterable[str | Path], options: Any = None,
                    settings: Any = None) -> Iterator[dict[str, Any] | InputError]:
    """For every readable document: ``{"source", "text", "quotations": [...]}``; unreadable sources as errors.

    Runs the same pipeline as ``analyze`` (language → speech), with no codebook, so nothing but the
    models shipped in the package is needed, and nothing is written.
    """
    from standpunkt.ingest import read_sources
    from standpunkt.language import load_nlp
    from standpunkt.pipeline import Resources, Settings, analyze_many, batches

    resources: Resources | None = None
    # analysed in small batches (same results, faster language layer); records and errors keep the input order
    for group in batches(read_sources(paths, options), text=lambda i: i.document.text if i.document else ""):
        readable = [i for i in group if i.error is None and i.document is not None]
        if readable and resources is None:
            if settings is not None and settings.codebook:  # statements too: codebook and actor registry
                from standpunkt.pipeline import load_resources

                resources = load_resources(settings)
            else:
                settings = Settings()
                resources = Resources(settings=settings, nlp=load_nlp(), version=settings.version)
        analyses = iter(analyze_many([i.document for i in readable], resources) if readable else [])
        for item in group:
            if item.error is not None or item.document is None:
                yield item.error or InputError(item.key, "could not be read")
            else:
                yield _record(item, next(analyses), with_statements=resources.codebook is not None)


def _record(item: Any, analysis: Any, *, with_statements: bool) -> dict[str, Any]:
    quotations = []
    for q in analysis.quotations:
        data = q.to_json()
        quotations.append({k: data[k] for k in ("form", "medium", "message", "cue", "speaker", "addressee",
                                                "frame", "speaker_name", "confidence")})
    record = {"source": item.document.source or item.key, "text": item.document.text, "quotations": quotations}
    if with_statements:
        record["statements"] = [s.to_json() for s in analysis.statements]
    return record
