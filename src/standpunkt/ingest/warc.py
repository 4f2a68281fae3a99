"""WARC/WARC.gz archives: HTML responses become documents. Streams record by record; a truncated archive yields
what it holds and then one error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from standpunkt.errors import InputError
from standpunkt.ingest import IngestOptions, Item
from standpunkt.ingest.html import document_from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read(path: Path, options: IngestOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file")
    n = 0
    with path.open("rb") as fh:
        try:
            for n, record in enumerate(ArchiveIterator(fh), start=1):
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                status = record.http_headers.get_statuscode() if record.http_headers else ""
                if (record.rec_type != "response" or not any(t in ctype.lower() for t in HTML_TYPES)
                        or not str(status).startswith("2")):
                    record.raw_stream.read()
                    if getattr(record.raw_stream, "limit", 0):
                        raise EOFError(f"record {n} ends early")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                key = f"{path}#{n}"
                body = record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0):  # warcio returns a short body for a cut record
                    raise EOFError(f"record {n} ends early")
                if len(body) > options.max_bytes:
                    yield Item(key=key, error=InputError(key, f"response too large ({len(body) / 1e6:.1f} MB)"))
                    continue
                try:
                    doc = document_from_html(body, key, options, url=url,
                                             fallback_date=record.rec_headers.get_header("WARC-Date"))
                    yield Item(key=key, document=doc)
                except InputError as exc:
                    yield Item(key=key, error=exc)
        except ArchiveLoadFailed as exc:
            yield Item(key=f"{path}#{n + 1}", error=InputError(str(path), f"not a valid WARC file ({exc})"))
        except (EOFError, OSError, ValueError, AttributeError) as exc:  # AttributeError: warcio on a cut header
            yield Item(key=f"{path}#{n + 1}",
                       error=InputError(str(path), f"truncated or corrupt WARC after record {n} ({exc or 'EOF'})"))
