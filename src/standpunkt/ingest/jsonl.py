"""JSON Lines: one document per line, field names configurable. Streams; a bad line is one error, not the file's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from standpunkt.errors import InputError
from standpunkt.ingest.base import IngestOptions, Item, check_strings
from standpunkt.ingest.dates import parse_datetime
from standpunkt.model import Document


def read(path: Path, options: IngestOptions) -> Iterator[Item]:
    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file")
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            key = f"{path}:{lineno}"
            if not raw.strip():
                continue
            try:
                yield Item(key=key, document=_document(raw, key, options))
            except InputError as exc:
                yield Item(key=key, error=exc)


def _document(raw: bytes, key: str, options: IngestOptions) -> Document:
    if len(raw) > options.max_bytes:
        raise InputError(key, f"line too large for one document ({len(raw) / 1e6:.1f} MB)")
    try:
        obj = json.loads(raw.decode(options.encoding))
    except UnicodeDecodeError as exc:
        raise InputError(key, f"cannot decode as {options.encoding} at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InputError(key, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise InputError(key, "invalid JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise InputError(key, f"expected a JSON object, got {type(obj).__name__}")
    check_strings(obj, key)  # before the Document exists: its id hashes the text
    text = obj.get(options.text_field)
    if not isinstance(text, str) or not text.strip():
        raise InputError(key, f"no text in field {options.text_field!r}")
    meta = {k: v for k, v in obj.items() if k not in {options.text_field, options.title_field, options.url_field,
                                                        options.outlet_field, options.date_field}}
    published = parse_datetime(obj.get(options.date_field))
    if obj.get(options.date_field) not in (None, "") and published is None:
        raise InputError(key, f"unreadable date {obj.get(options.date_field)!r} in field {options.date_field!r}")
    return Document(text=text, title=_str(obj.get(options.title_field)), url=_str(obj.get(options.url_field)),
                    outlet=_str(obj.get(options.outlet_field)) or options.outlet, published=published,
                    language=_str(obj.get("language")) or options.language, source=key, meta=meta)


def _str(value: object) -> str | None:
    return None if value is None else str(value)
