"""What every reader shares: the reading options, the item a reader yields, and the checks on bytes and strings.

Its own module so that the readers (``feed``, ``html``, ``jsonl``, ``text``, ``warc``) and the package facade
(:func:`standpunkt.ingest.read_sources`, which dispatches to them) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from standpunkt.errors import InputError
from standpunkt.model import Document

MAX_DOCUMENT_BYTES = 10_000_000  # one news article is never this long; a bigger "document" is a mistake
SNIFF_BYTES = 8192
MAX_KEY_CHARS = 700  # an item key is a run_items primary key (varchar(700)); longer ones are shortened + hashed
MAX_OUTLET_CHARS = 200  # documents.outlet is varchar(200): a longer "outlet" is a wrong field mapping
MAX_LANGUAGE_CHARS = 16
MAX_META_DEPTH = 20  # nesting of JSONL metadata; deeper is an attack or a mistake, not an article


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
