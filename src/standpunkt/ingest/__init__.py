"""Readers that turn sources into Documents: text, HTML, RSS/Atom feeds, JSONL, WARC.

:func:`read_sources` streams; it yields a :class:`~standpunkt.model.Document` or an
:class:`~standpunkt.errors.InputError` per item, so that one bad file (or line, or record) never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from standpunkt.errors import InputError
from standpunkt.model import Document

MAX_DOCUMENT_BYTES = 10_000_000  # one news article is never this long; a bigger "document" is a mistake
SNIFF_BYTES = 8192

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}
SKIP_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass
class IngestOptions:
    """How sources are read; built once at the edge (CLI) and handed to the readers."""

    encoding: str = "utf-8"
    max_bytes: int = MAX_DOCUMENT_BYTES
    text_field: str = "text"
    title_field: str = "title"
    url_field: str = "url"
    outlet_field: str = "outlet"
    date_field: str = "published"
    id_field: str | None = None  # kept in meta; the document id stays the content hash
    language: str = "de"
    outlet: str | None = None  # default outlet for sources that name none
    date: date | None = None  # default publication date (midnight UTC) for sources that name none
    extra_fields: list[str] = field(default_factory=list)


@dataclass
class Item:
    """One readable unit of a source: a document or the error that replaced it. ``key`` names it uniquely."""

    key: str
    document: Document | None = None
    error: InputError | None = None


def detect_format(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(WARC_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return "warc"
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "sniff"


def _sniff(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if head[:2] == b"\x1f\x8b" or head.startswith(b"WARC/"):
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"<"):
        if b"<rss" in stripped or b"<feed" in stripped or b"<rdf:rdf" in stripped:
            return "feed"
        return "html"
    return "text"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Expand directories recursively (sorted, hidden files skipped); missing paths become errors."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError(str(path), "no such file or directory")
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts) and child.name not in SKIP_NAMES:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), "not a regular file")


def read_sources(paths: Iterable[str | Path], options: IngestOptions | None = None) -> Iterator[Item]:
    """Stream Items from files and directories, whatever their format."""
    from standpunkt.ingest import feed, html, jsonl, text, warc

    options = options or IngestOptions()
    readers = {"text": text.read, "html": html.read, "feed": feed.read, "jsonl": jsonl.read, "warc": warc.read}
    for entry in iter_files(paths):
        if isinstance(entry, InputError):
            yield Item(key=entry.path, error=entry)
            continue
        try:
            fmt = detect_format(entry)
            if fmt == "sniff":
                fmt = _sniff(entry)
            for item in readers[fmt](entry, options):
                if options.date is not None and item.document is not None and item.document.published is None:
                    item.document.published = datetime.combine(options.date, datetime.min.time(), timezone.utc)
                yield item
        except InputError as exc:
            yield Item(key=str(entry), error=exc)
        except OSError as exc:
            yield Item(key=str(entry), error=InputError(str(entry), exc.strerror or str(exc)))


def read_bytes(path: Path, options: IngestOptions) -> bytes:
    """Whole-file read for single-document formats, with the checks every such format needs."""
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "empty file")
    if size > options.max_bytes:
        raise InputError(str(path), f"file too large for one document ({size / 1e6:.1f} MB > "
                                    f"{options.max_bytes / 1e6:.1f} MB); split it or raise --max-size")
    data = path.read_bytes()
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(str(path), "binary file (contains NUL bytes), not text")
    return data


def decode(data: bytes, where: str, encoding: str) -> str:
    """Decode exactly (no replacement characters: offsets must refer to what the file says)."""
    try:
        text = data.decode("utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        raise InputError(where, f"cannot decode as {encoding} at byte {exc.start} "
                                f"({data[exc.start:exc.start + 4]!r}); pass --encoding") from None
    except LookupError:
        raise InputError(where, f"unknown encoding {encoding!r}") from None
    return text


def require_text(text: str, where: str) -> str:
    if not text.strip():
        raise InputError(where, "no text (only whitespace)")
    return text
