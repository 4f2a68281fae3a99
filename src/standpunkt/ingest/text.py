"""Plain text: the document text is the decoded file content, unchanged, so offsets refer to the file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from standpunkt.ingest.base import IngestOptions, Item, decode, read_bytes, require_text
from standpunkt.model import Document


def read(path: Path, options: IngestOptions) -> Iterator[Item]:
    text = require_text(decode(read_bytes(path, options), str(path), options.encoding), str(path))
    if text.startswith("\ufeff"):
        text = text[1:]
    yield Item(key=str(path), document=Document(
        text=text, title=path.stem, outlet=options.outlet, language=options.language, source=str(path)))
