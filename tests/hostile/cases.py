"""Hostile inputs, each beside good ones: the single definitions that ``tests/test_hostile.py`` (one behaviour per
test) and the corpus (:func:`generate`: every case as a CLI run of its own, see :mod:`hostile.run`) both use.

Every file is written here at the smallest size that shows the problem.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
GOOD = {"text": "Die Ministerin sagte am Montag in Berlin: „Wir prüfen den Vorschlag.“ Die Opposition widersprach.",
        "title": "gut"}

# (bad JSONL line, what its error line says)
BAD_JSONL = [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"text": "Hallo Welt \\ud800 und noch mehr Text.", "title": "t"}', "lone surrogate"),
    ('{"text": "Hallo Welt und noch mehr Text.", "title": "t\\udfff"}', "lone surrogate"),
    ('{"text": "Hallo Welt und noch mehr Text.", "meta": {"x": ["\\ud800"]}}', "lone surrogate"),
    ('{"text": "Hallo Welt und noch mehr Text.", "published": 1e20}', "unreadable date"),
    ('{"text": "Hallo Welt und noch mehr Text.", "published": -1e300}', "unreadable date"),
    ('{"text": "Hallo Welt und noch mehr Text.", "published": NaN}', "unreadable date"),
    ('{"text": "Hallo \\u0000 Welt und noch mehr Text."}', "NUL"),
    ('{"text": "Hallo Welt und noch mehr Text.", "outlet": "' + "x" * 300 + '"}', "outlet longer than"),
]

SECRET = "<html><body><article><p>Geheimes Dokument außerhalb des Korpus, mit genug Text für einen Artikel.</p>" \
         "</article></body></html>"

# (file name, SQL run on a copy of a good .dna file, bytes to truncate it to, what the error line says)
BAD_DNA = [
    ("truncated.dna", None, 2048, "cannot read the DNA database"),
    ("date.dna", "UPDATE DOCUMENTS SET Date = 'gestern'", None, "unreadable value"),
    ("textid.dna", "UPDATE STATEMENTS SET DocumentId = 'abc'", None, "unreadable value"),
    ("offsets.dna", "UPDATE STATEMENTS SET Stop = 100000", None, "outside its document"),
    ("confidence.dna", "UPDATE DATAINTEGER SET Value = -700 WHERE VariableId IN "
                       "(SELECT ID FROM VARIABLES WHERE Variable = 'confidence')", None, "confidence"),
    ("view.dna", "DROP TABLE DOCUMENTS; CREATE VIEW DOCUMENTS AS WITH RECURSIVE r(ID, Title, Text, Author, Source, "
                 "Section, Notes, Type, Date) AS (SELECT 1, 't', 'x', '', '', '', '', '', 0 UNION ALL SELECT ID + 1, "
                 "Title, Text, Author, Source, Section, Notes, Type, Date FROM r) SELECT * FROM r", None,
     "took over"),
]


def good_line(**changes) -> str:
    return json.dumps(GOOD | changes, ensure_ascii=False)


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_warc(path: Path, records: list[tuple[str, bytes]], *, gz: bool) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    return path


def warc_bomb(path: Path) -> Path:
    """30 MB of spaces in one gzip record (30 KB on disk), then a good record."""
    bomb = b"<html><body>" + b" " * 30_000_000 + b"</body></html>"
    return write_warc(path, [("https://a.example/1", bomb), ("https://a.example/2", (DATA / "article.html").read_bytes())],
                      gz=True)


def warc_endless_header(path: Path) -> Path:
    write_warc(path, [("https://a.example/1", (DATA / "article.html").read_bytes())], gz=False)
    with path.open("ab") as fh:
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"a" * 3_000_000)
    return path


def warc_unread_records(path: Path) -> Path:
    html = (DATA / "article.html").read_bytes()
    write_warc(path, [("javascript:alert(1)", html), ("https://a.example/1", html)], gz=False)
    with path.open("ab") as fh:
        fh.write(b"WARC/1.0\r\nthis is no header\r\n\r\ngarbage")
    return path


def feed_with_local_links(folder: Path) -> tuple[Path, int]:
    """A feed in ``folder/corpus`` whose links point at a file outside it; (corpus, number of entries)."""
    (folder / "secret.html").write_text(SECRET, encoding="utf-8")
    corpus = folder / "corpus"
    corpus.mkdir()
    secret = folder / "secret.html"
    links = [secret, "../secret.html", f"file://{secret}", "../../../../../../" + str(secret)]
    entries = "".join(f"<item><title>e{i}</title><link>{link}</link><description>Kurzer Anrisstext Nummer {i}."
                      f"</description></item>" for i, link in enumerate(links))
    (corpus / "feed.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}'
                                     "</channel></rss>", encoding="utf-8")
    return corpus, len(links)


def corpus_with_symlinks_out(folder: Path) -> Path:
    (folder / "secret.txt").write_text("Geheimer Text außerhalb des Korpus.", encoding="utf-8")
    (folder / "outside").mkdir()
    (folder / "outside" / "b.txt").write_text("Noch ein geheimer Text außerhalb.", encoding="utf-8")
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(GOOD["text"], encoding="utf-8")
    (corpus / "link.txt").symlink_to(folder / "secret.txt")
    (corpus / "dirlink").symlink_to(folder / "outside")
    return corpus


def corpus_with_non_utf8_name(folder: Path) -> Path:
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text(GOOD["text"], encoding="utf-8")
    with open(os.path.join(os.fsencode(corpus), b"kaputt\xff.txt"), "w", encoding="utf-8") as fh:
        fh.write("Ein anderer Text, lang genug für ein Dokument.")
    return corpus


def million_paragraphs(path: Path) -> Path:
    """1M ``<p>`` (16 MB): 108 s and 1.5 GB in trafilatura before the element cap."""
    path.write_text("<html><body><article>" + "<p>Ein Satz.</p>" * 1_000_000 + "</article></body></html>",
                    encoding="utf-8")
    return path


def good_dna(folder: Path) -> Path:
    """A DNA 3 file with one statement."""
    import pandas as pd

    from standpunkt.analysis.frame import statement_frame
    from standpunkt.export.dna import write_dna
    from standpunkt.model import Document

    doc = Document(text="Angela Merkel sagte, der Ausstieg müsse schnell kommen.", title="t",
                   published=pd.Timestamp("2011-03-14", tz="UTC").to_pydatetime())
    frame = statement_frame([{"id": 1, "document_id": doc.id, "actor": "Angela Merkel", "concept": "Ausstieg",
                              "agreement": "support", "date": "2011-03-14", "confidence": 0.9,
                              "evidence": [[0, 19]]}])
    path = folder / "good.dna"
    write_dna(frame, path, documents={doc.id: doc})
    return path


def bad_dna(good: Path, name: str, sql: str | None = None, truncate: int | None = None) -> Path:
    bad = good.with_name(name)
    shutil.copy(good, bad)
    if sql:
        con = sqlite3.connect(bad)
        con.executescript(sql)
        con.commit()
        con.close()
    if truncate:
        bad.write_bytes(bad.read_bytes()[:truncate])
    return bad


def yaml_alias_bomb(path: Path) -> Path:
    """10^20 list items from 20 lines of anchors and aliases."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 20)]
    path.write_text("\n".join(lines) + "\ncolumns: *a19\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------- the corpus: one CLI run per case
@dataclass
class Case:
    """One CLI run over bad inputs beside good ones; ``{db}`` in ``argv`` is the case's own store.

    What must hold: ``errors`` lines ``error: ...`` (the first naming ``says``), exit code ``exit_code``, the good
    items stored (``documents``: their titles, or how many where the page decides the title; ``statements``: how
    many were imported; ``extracted``: records on stdout), no traceback, done within ``budget_s``, peak memory under
    the runner's limit. ``patch``: module attributes set in the case's process (``module:NAME`` -> value), to
    shorten a deliberate timeout."""

    name: str
    argv: list[str]
    errors: int
    says: str
    documents: list[str] | int | None = None
    statements: int | None = None
    extracted: int | None = None
    exit_code: int = 1
    budget_s: float = 20.0
    patch: dict[str, object] = field(default_factory=dict)


def generate(root: Path) -> list[Case]:
    """Write every case's inputs under ``root`` (an empty folder) and return the cases."""
    cases: list[Case] = []

    def folder(name: str) -> Path:
        path = root / name
        path.mkdir(parents=True)
        return path

    def ingest(name: str, paths: list[Path], errors: int, says: str, documents: list[str] | int, *extra: str,
               exit_code: int = 1) -> None:
        cases.append(Case(name, ["ingest", *map(str, paths), "--db", "{db}", *extra], errors, says,
                          documents=sorted(documents) if isinstance(documents, list) else documents,
                          exit_code=exit_code))

    for i, (bad, says) in enumerate(BAD_JSONL):
        d = folder(f"jsonl-{i}")
        path = write_jsonl(d / "mixed.jsonl", good_line(title="eins"), bad, good_line(title="zwei", text="Noch ein Text."))
        ingest(f"jsonl-{i}-{says.replace(' ', '-')}", [path], 1, says, ["eins", "zwei"])
    d = folder("filename")
    ingest("non-utf8-file-name", [corpus_with_non_utf8_name(d)], 1, "not valid UTF-8", ["ok"])
    d = folder("feed")
    corpus, n = feed_with_local_links(d)
    ingest("feed-links-outside", [corpus], 0, "", [f"e{i}" for i in range(n)], exit_code=0)
    d = folder("symlinks")
    ingest("symlinks-out-of-corpus", [corpus_with_symlinks_out(d)], 2, "outside", ["ok"])
    d = folder("warc")
    ingest("warc-gzip-bomb", [warc_bomb(d / "bomb.warc.gz")], 1, "too large", 1, "--max-size", "1")
    ingest("warc-endless-header", [warc_endless_header(d / "long.warc")], 1, "header line", 1, "--max-size", "1")
    ingest("warc-javascript-and-garbage", [warc_unread_records(d / "js.warc")], 2, "WARC", 1)
    d = folder("html")
    shutil.copy(DATA / "article.html", d / "ok.html")
    ingest("html-million-paragraphs", [million_paragraphs(d / "million.html"), d / "ok.html"], 1, "elements", 1,
           "--max-size", "20")
    d = folder("dna")
    good = good_dna(d)
    for name, sql, truncate, says in BAD_DNA:
        bad = bad_dna(good, name, sql, truncate)
        cases.append(Case(f"dna-{name}", ["import", str(bad), str(good), "--db", "{db}"], 1, says, statements=1,
                          patch={"standpunkt.export.dna:DNA_READ_SECONDS": 1} if name == "view.dna" else {}))
    d = folder("yaml")
    csv = d / "s.csv"
    csv.write_text("actor,concept,agreement\nA,B,support\n", encoding="utf-8")
    cases.append(Case("yaml-alias-bomb", ["import", str(csv), "--mapping", str(yaml_alias_bomb(d / "bomb.yaml")),
                                          "--db", "{db}"], 1, "aliases", statements=0))

    d = folder("extract")
    (d / "a_good.txt").write_text(GOOD["text"], encoding="utf-8")
    (d / "b_huge.txt").write_text("Wort " * 210_000, encoding="utf-8")  # over spaCy's 1M characters
    (d / "c_token.txt").write_text("Die Ministerin sagte: " + "QUJD" * 5000 + " und ging.", encoding="utf-8")
    (d / "d_sentence.txt").write_text("Er sagte " + "und " * 5000, encoding="utf-8")
    cases.append(Case("extract-long-text-token-sentence", ["extract", str(d), "--time-budget", "30"], 1,
                      "text too long to analyse", extracted=3, budget_s=60.0))
    return cases
