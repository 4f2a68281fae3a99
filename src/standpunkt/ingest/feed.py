"""RSS/Atom feed files: each entry is a document; its linked page is used when it lies beside the feed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

from standpunkt.errors import InputError
from standpunkt.ingest.base import IngestOptions, Item, read_bytes
from standpunkt.ingest.dates import parse_datetime
from standpunkt.ingest.html import document_from_html
from standpunkt.model import Document


def read(path: Path, options: IngestOptions) -> Iterator[Item]:
    import feedparser

    data = read_bytes(path, options)
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise InputError(str(path), f"malformed feed ({reason})" if reason else "feed has no entries")
    outlet = parsed.feed.get("title") or options.outlet
    broken = _syntax_error(parsed)
    for i, entry in enumerate(parsed.entries):
        key = f"{path}#{i}"
        try:
            yield Item(key=key, document=_entry_document(entry, path, key, outlet, options))
        except InputError as exc:
            if not broken:  # in a broken feed, empty entries are the broken part: reported once below
                yield Item(key=key, error=exc)
    if broken:
        yield Item(key=f"{path}#malformed", error=InputError(str(path), f"malformed feed ({broken}); "
                                                                        "entries before the error were read"))


def _syntax_error(parsed: dict) -> str | None:
    """feedparser reads what it can of broken XML; we still tell the user the file is broken."""
    exc = parsed.get("bozo_exception")
    if exc is None or not parsed.get("bozo"):
        return None
    import xml.sax

    return str(exc) if isinstance(exc, xml.sax.SAXException) else None


def _local_page(link: str | None, feed_path: Path) -> Path | None:
    """The entry's linked HTML if it is stored locally: a relative/file link, or a file named like the URL's last part.

    Only pages in the feed's folder or below it are read: a link to ``/etc/…`` or ``../../…`` names a file outside
    the inputs, and what is stored the web app serves."""
    if not link:
        return None
    parsed = urlparse(link)
    base = feed_path.parent.resolve()
    candidates = []
    if parsed.scheme in ("", "file") and not parsed.netloc:
        candidates.append(base / unquote(parsed.path))  # an absolute path stays absolute: checked below
    name = Path(unquote(parsed.path)).name
    if name:
        candidates += [base / name, base / f"{name}.html"]
    for candidate in candidates:
        try:
            inside = candidate.resolve().is_relative_to(base)
        except (OSError, RuntimeError, ValueError):  # symlink loop, NUL in the path...
            continue
        if inside and candidate.is_file():
            return candidate
    return None


def _entry_document(entry: dict, path: Path, key: str, outlet: str | None, options: IngestOptions) -> Document:
    link = entry.get("link")
    published = parse_datetime(entry.get("published_parsed") or entry.get("updated_parsed")) \
        or parse_datetime(entry.get("published") or entry.get("updated"))
    page = _local_page(link, path)
    if page is not None:
        doc = document_from_html(page.read_bytes(), str(page), options, url=link, fallback_date=published, key=key)
        doc.title = doc.title or entry.get("title")
        doc.outlet = outlet or doc.outlet
        doc.published = doc.published or published
        return doc
    body = ""
    if entry.get("content"):
        body = entry["content"][0].get("value", "")
    body = body or entry.get("summary", "")
    text = _html_to_text(body) if "<" in body else body.strip()
    if not text:
        raise InputError(key, "feed entry has no text and its linked page is not stored locally")
    return Document(text=text, title=entry.get("title"), url=link, outlet=outlet, published=published,
                    author=entry.get("author"), language=options.language, source=key)


def _html_to_text(fragment: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - broken markup in a summary: fall back to its raw text
        return fragment.strip()
    paragraphs = [" ".join(p.text_content().split()) for p in root.iter("p")]
    paragraphs = [p for p in paragraphs if p]
    return "\n\n".join(paragraphs) if paragraphs else " ".join(root.text_content().split())
