"""WARC/WARC.gz archives: HTML responses become documents. Streams record by record; a truncated archive yields
what it holds and then one error.

Hostile archives are read with bounded memory: a record is refused on its declared length before it is inflated,
a body is read at most ``max_bytes`` (+1) far whatever its encoding says, and a header line has a length cap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from standpunkt.errors import InputError
from standpunkt.ingest.base import IngestOptions, Item
from standpunkt.ingest.html import document_from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_HEADER_LINE = 65_536  # no WARC or HTTP header line is this long; without a cap one "line" fills the memory
DRAIN_CHUNK = 1 << 16


class _HeaderLineTooLong(ValueError):
    pass


def _capped_readline(readline):  # noqa: ANN001, ANN202
    """``readline`` that never returns more than MAX_HEADER_LINE bytes, and raises where a line is longer (warcio
    reads header lines without a limit, and its own limit stops short of it at buffer boundaries)."""
    def readline_capped(length=None):  # noqa: ANN001, ANN202
        limit = MAX_HEADER_LINE if length is None else min(length, MAX_HEADER_LINE)
        line = b""
        while len(line) < limit:
            chunk = readline(limit - len(line))
            line += chunk
            if not chunk or chunk.endswith(b"\n"):
                return line
        if length is None or length > MAX_HEADER_LINE:
            raise _HeaderLineTooLong(f"a header line is longer than {MAX_HEADER_LINE // 1024} KiB")
        return line
    return readline_capped


def _skip(record, n: int) -> None:  # noqa: ANN001
    """Read past a record not used (bounded memory) and notice if it is cut short."""
    _drain(record.raw_stream)
    if getattr(record.raw_stream, "limit", 0):  # warcio returns a short body for a cut record
        raise EOFError(f"record {n} ends early")


def _drain(stream) -> None:  # noqa: ANN001
    while stream.read(DRAIN_CHUNK):
        pass


def read(path: Path, options: IngestOptions) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    if path.stat().st_size == 0:
        raise InputError(str(path), "empty file")
    n = 0
    with path.open("rb") as fh:
        try:
            archive = ArchiveIterator(fh)
            archive.reader.readline = _capped_readline(archive.reader.readline)
            for n, record in enumerate(archive, start=1):
                key = f"{path}#{n}"
                if record.rec_type is None:
                    yield Item(key=key, error=InputError(key, "not a WARC record (no WARC-Type header); the rest "
                                                              "of the archive is not read"))
                    return
                if record.rec_type != "response":
                    _skip(record, n)
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                scheme = urlparse(url).scheme.lower()
                if scheme not in ("http", "https"):
                    yield Item(key=key, error=InputError(key, f"response for {url[:80]!r} is not http(s); "
                                                              "record not read"))
                    _skip(record, n)
                    continue
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                status = record.http_headers.get_statuscode() if record.http_headers else ""
                if not any(t in ctype.lower() for t in HTML_TYPES) or not str(status).startswith("2"):
                    _skip(record, n)
                    continue
                if (record.length or 0) > options.max_bytes:  # refused before it is inflated
                    yield Item(key=key, error=_too_large(key, record.length, options))
                    _skip(record, n)  # inflated in chunks, never held
                    continue
                body = record.content_stream().read(options.max_bytes + 1)
                too_large = len(body) > options.max_bytes  # e.g. an HTTP gzip body that inflates past the cap
                _skip(record, n)
                if too_large:
                    yield Item(key=key, error=_too_large(key, None, options))
                    continue
                try:
                    doc = document_from_html(body, key, options, url=url,
                                             fallback_date=record.rec_headers.get_header("WARC-Date"))
                    yield Item(key=key, document=doc)
                except InputError as exc:
                    yield Item(key=key, error=exc)
        except ArchiveLoadFailed as exc:
            yield Item(key=f"{path}#{n + 1}", error=InputError(str(path), f"not a valid WARC file ({exc})"))
        except _HeaderLineTooLong as exc:
            yield Item(key=f"{path}#{n + 1}", error=InputError(str(path), f"corrupt WARC after record {n} ({exc})"))
        except (EOFError, OSError, ValueError, AttributeError) as exc:  # AttributeError: warcio on a cut header
            yield Item(key=f"{path}#{n + 1}",
                       error=InputError(str(path), f"truncated or corrupt WARC after record {n} ({exc or 'EOF'})"))


def _too_large(key: str, length: int | None, options: IngestOptions) -> InputError:
    size = f"{length / 1e6:.1f} MB" if length is not None else "more"
    return InputError(key, f"response too large ({size} > {options.max_bytes / 1e6:.1f} MB); not read")
