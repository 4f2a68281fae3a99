"""``standpunkt extract``: analyse sources without storing and yield one JSON object per document."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from standpunkt.errors import InputError


def extract_records(paths: Iterable[str | Path], options: Any = None,
                    settings: Any = None) -> Iterator[dict[str, Any] | InputError]:
    """For every readable document: ``{"source", "text", "quotations": [...]}``; unreadable sources as errors.

    Runs the same ``pipeline.analyze`` as ``analyze`` (language → speech), with no codebook, so nothing but the
    models shipped in the package is needed, and nothing is written.
    """
    from standpunkt.ingest import read_sources
    from standpunkt.language import load_nlp
    from standpunkt.pipeline import Resources, Settings, analyze

    resources: Resources | None = None
    for item in read_sources(paths, options):
        if item.error is not None or item.document is None:
            yield item.error or InputError(item.key, "could not be read")
            continue
        if resources is None:
            if settings is not None and settings.codebook:  # statements too: codebook and actor registry
                from standpunkt.pipeline import load_resources

                resources = load_resources(settings)
            else:
                settings = Settings()
                resources = Resources(settings=settings, nlp=load_nlp(), version=settings.version)
        analysis = analyze(item.document, resources)
        quotations = []
        for q in analysis.quotations:
            data = q.to_json()
            quotations.append({k: data[k] for k in ("form", "medium", "message", "cue", "speaker", "addressee",
                                                    "frame", "speaker_name", "confidence")})
        record = {"source": item.document.source or item.key, "text": item.document.text, "quotations": quotations}
        if resources.codebook is not None:
            record["statements"] = [s.to_json() for s in analysis.statements]
        yield record
