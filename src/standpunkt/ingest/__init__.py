"""Readers that turn sources into Documents: text, HTML, RSS/Atom feeds, JSONL, WARC.

:func:`read_sources` streams; it yields a :class:`~standpunkt.model.Document` or an
:class:`~standpunkt.errors.InputError` per item, so that one bad file (or line, or record) never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from standpunkt.errors import InputError, describe_exception, printable
from standpunkt.ingest.base import (  # noqa: F401  (the readers' shared pieces, re-exported)
    MAX_DOCUMENT_BYTES,
    MAX_KEY_CHARS,
    MAX_LANGUAGE_CHARS,
    MAX_META_DEPTH,
    MAX_OUTLET_CHARS,
    SNIFF_BYTES,
    IngestOptions,
    Item,
    bounded_key,
    check_strings,
    decode,
    read_bytes,
    require_text,
)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonlines"}
WARC_SUFFIXES = {".warc", ".warc.gz", ".arc", ".arc.gz"}
SKIP_NAMES = {".DS_Store", "Thumbs.db"}


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
    """Expand directories recursively (sorted, hidden files skipped); missing paths become errors.

    Nothing outside the given inputs is read: a file under a directory that resolves outside it (a symlink out of
    the corpus) is an error, and so is a name that is not UTF-8 (it could not be stored or shown)."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield InputError(printable(str(path)), "no such file or directory")
        elif path.is_dir():
            root = path.resolve()
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(p.startswith(".") for p in rel.parts) or child.name in SKIP_NAMES:
                    continue
                if child.is_symlink() and child.is_dir() and not child.resolve().is_relative_to(root):
                    yield InputError(printable(str(child)), "links to a directory outside the corpus; not read")
                    continue
                if not child.is_file():
                    continue
                if not child.resolve().is_relative_to(root):
                    yield InputError(printable(str(child)), "links to a file outside the corpus; not read")
                else:
                    yield _named(child)
        elif path.is_file():
            yield _named(path)
        else:
            yield InputError(printable(str(path)), "not a regular file")


def _named(path: Path) -> Path | InputError:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return InputError(printable(str(path)), "file name is not valid UTF-8; rename it")
    return path


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
                yield _checked(item)
        except InputError as exc:
            yield Item(key=str(entry), error=exc)
        except OSError as exc:
            yield Item(key=str(entry), error=InputError(str(entry), exc.strerror or str(exc)))
        except (Exception, RecursionError) as exc:  # noqa: BLE001 - a reader bug must not stop the batch either
            yield Item(key=str(entry), error=InputError(str(entry), f"cannot read ({describe_exception(exc)})"))


def _checked(item: Item) -> Item:
    """A document every store can hold, or the error saying why not (PostgreSQL refuses what SQLite takes)."""
    doc = item.document
    if doc is None:
        return item
    try:
        check_strings({"text": doc.text, "title": doc.title, "url": doc.url, "outlet": doc.outlet,
                       "author": doc.author, "language": doc.language, "meta": doc.meta}, item.key)
        if doc.outlet and len(doc.outlet) > MAX_OUTLET_CHARS:
            raise InputError(item.key, f"outlet longer than {MAX_OUTLET_CHARS} characters ({doc.outlet[:40]!r}…)")
        if doc.language and len(doc.language) > MAX_LANGUAGE_CHARS:
            raise InputError(item.key, f"language longer than {MAX_LANGUAGE_CHARS} characters")
    except InputError as exc:
        return Item(key=item.key, error=exc)
    return item
