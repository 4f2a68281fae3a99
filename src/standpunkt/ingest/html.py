"""HTML pages: main text and metadata (title, date, author, site) via trafilatura (which dates pages with htmldate)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from standpunkt.errors import InputError
from standpunkt.ingest.base import IngestOptions, Item, read_bytes
from standpunkt.ingest.dates import parse_datetime
from standpunkt.model import Document

MIN_TEXT_CHARS = 20  # below this trafilatura found boilerplate, not an article
# trafilatura's xpath passes are superlinear in the number of elements (10k: 0.9 s, 30k: 3.4 s, 100k: 23 s and
# 200 MB; 1M <p>: 108 s and 1.5 GB). News pages have a few thousand; more is a dump or an attack, refused up front.
MAX_HTML_ELEMENTS = 40_000
_START_TAG = re.compile(rb"<[A-Za-z]")


def too_many_elements(html: str | bytes) -> bool:
    """Whether ``html`` has over :data:`MAX_HTML_ELEMENTS` start tags (a linear scan that stops at the cap)."""
    data = html.encode("utf-8", "surrogateescape") if isinstance(html, str) else html
    if data.count(b"<") <= MAX_HTML_ELEMENTS:
        return False
    return sum(1 for _ in itertools.islice(_START_TAG.finditer(data), MAX_HTML_ELEMENTS + 1)) > MAX_HTML_ELEMENTS


def document_from_html(html: str | bytes, where: str, options: IngestOptions, *, url: str | None = None,
                       fallback_date: object = None, key: str | None = None) -> Document:
    import trafilatura

    if too_many_elements(html):
        raise InputError(where, f"HTML with over {MAX_HTML_ELEMENTS:,} elements: too large to extract (a news "
                                "page has a few thousand)")
    try:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                             favor_precision=True)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(where, f"cannot parse HTML ({type(exc).__name__}: {exc})") from None
    if result is None:
        raise InputError(where, "no main text found in HTML")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if len(text) < MIN_TEXT_CHARS:
        raise InputError(where, "no main text found in HTML")
    published = parse_datetime(data.get("date")) or parse_datetime(fallback_date)
    return Document(
        text=text, title=data.get("title") or None, url=url or data.get("url") or None,
        outlet=data.get("sitename") or data.get("hostname") or options.outlet, author=data.get("author") or None,
        published=published, language=data.get("language") or options.language, source=key or where,
        meta={k: data[k] for k in ("description", "categories", "tags") if data.get(k)})


def read(path: Path, options: IngestOptions) -> Iterator[Item]:
    data = read_bytes(path, options)
    yield Item(key=str(path), document=document_from_html(data, str(path), options))
