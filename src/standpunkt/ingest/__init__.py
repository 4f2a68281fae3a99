"""Readers that turn sources into Documents: text, HTML, RSS/Atom feeds, JSONL, WARC.

:func:`read_sources` streams; it yields a :class:`~standpunkt.model.Document` or an
:class:`~standpunkt.errors.InputError` per item, so that one bad file (or line, or record) never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from standpunkt.errors import InputError, describe_exception, printable
from standpunkt.model import Document

MAX_DOCUMENT_BYTES = 10_000_000  # one news article is never this long; a bigger "document" is a mistake
SNIFF_BYTES = 8192
MAX_KEY_CHARS = 700  # an item key is a run_items primary key (varchar(700)); longer ones are shortened + hashed
MAX_OUTLET_CHARS = 200  # documents.outlet is varchar(200): a longer "outlet" is a wrong field mapping
MAX_LANGUAGE_CHARS = 16
MAX_META_DEPTH = 20  # nesting of JSONL metadata; deeper is an attack or a mistake, not an article

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

    def __post_init__(self) -> None:
        self.key = bounded_key(self.key)


def bounded_key(key: str) -> str:
    """``key`` if it fits the store, else a prefix and a hash of the whole (the same key on every run: resumable)."""
    if len(key) <= MAX_KEY_CHARS:
        return key
    import hashlib

    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{key[:MAX_KEY_CHARS - 20]}…#{digest}"


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


def check_strings(value: object, where: str) -> None:
    """Every string in ``value`` (nested dicts/lists, keys too) is storable text: no lone surrogate (JSON
    ``"\\ud800"``), no NUL byte; nesting at most MAX_META_DEPTH. Walks without recursion."""
    stack: list[tuple[str, object, int]] = [("", value, 0)]
    while stack:
        name, obj, depth = stack.pop()
        if depth > MAX_META_DEPTH:
            raise InputError(where, f"{name or 'value'} nested deeper than {MAX_META_DEPTH} levels")
        if isinstance(obj, str):
            if "\x00" in obj:
                raise InputError(where, f"{name} contains a NUL byte at character {obj.index(chr(0))} "
                                        "(binary data?)")
            try:
                obj.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InputError(where, f"{name} contains a lone surrogate {obj[exc.start]!r} at character "
                                        f"{exc.start} (invalid Unicode)") from None
        elif isinstance(obj, dict):
            for k, v in obj.items():
                stack.append((f"{name}.{k}" if name else str(k), k, depth + 1))
                stack.append((f"{name}.{k}" if name else str(k), v, depth + 1))
        elif isinstance(obj, (list, tuple)):
            stack.extend((f"{name}[{i}]", v, depth + 1) for i, v in enumerate(obj))


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
