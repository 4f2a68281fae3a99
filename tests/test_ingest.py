"""Ingest at the user's level: the CLI on real files of every format, re-ingest, and every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from datetime import timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from standpunkt.cli import app
from standpunkt.ingest import IngestOptions, read_sources
from standpunkt.store import open_store

DATA = Path(__file__).parent / "data" / "ingest"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def make_warc(path: Path, pages: list[tuple[str, bytes]], *, gz: bool = True) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "standpunkt-tests"}))
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://x.example/a.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG...."), http_headers=img))


def test_plain_text_offsets_are_the_file_content(tmp_path):
    src = Path(__file__).parents[1] / "examples" / "bodentruppen.txt"
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("ingest", str(src), "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output
    with open_store(db) as store:
        [row] = store.documents()
        doc = store.get_document(row["id"])
    assert doc.text == src.read_text(encoding="utf-8")
    assert doc.title == "bodentruppen"


def test_every_format_and_idempotent_reingest(tmp_path, db_url):
    make_warc(tmp_path / "crawl.warc.gz", [
        ("https://beispielzeitung.example/a", (DATA / "article.html").read_bytes()),
        ("https://beispielzeitung.example/b", (DATA / "page2.html").read_bytes()),
    ])
    good = [DATA / n for n in ("article.html", "page2.html", "feed.xml", "atom.atom", "docs.jsonl")]
    result = run("ingest", *map(str, good), str(tmp_path / "crawl.warc.gz"), "--db", db_url)
    assert result.exit_code == 0, result.output
    # article.html, page2.html, 2 feed entries (one read from the local article.html: same text → same id),
    # 1 atom entry, 2 jsonl lines, 2 warc pages (same texts as the HTML files)
    with open_store(db_url) as store:
        docs = {d["title"]: d for d in store.documents(limit=100)}
        total = store.count_documents()
    assert total == 6
    assert "Scholz lehnt Taurus-Lieferung ab" in docs and "Baerbock reist nach Kiew" in docs
    html_doc = docs["Pistorius: Bundeswehr braucht mehr Personal"]
    assert html_doc["outlet"] == "Beispielzeitung Politik" or html_doc["outlet"] == "Beispielzeitung"
    assert html_doc["published"].astimezone(timezone.utc).isoformat().startswith("2024-03-05")
    with open_store(db_url) as store:
        text = store.get_document(html_doc["id"]).text
    assert "kriegstüchtig" in text and "Impressum" not in text and "Startseite" not in text

    again = run("ingest", *map(str, good), str(tmp_path / "crawl.warc.gz"), "--db", db_url)
    assert again.exit_code == 0
    assert "0 new" in again.output
    with open_store(db_url) as store:
        assert store.count_documents() == 6


def test_directory_recursion_and_metadata(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(DATA / "page2.html", corpus / "sub" / "page2.html")
    shutil.copy(DATA / "docs.jsonl", corpus / "docs.jsonl")
    (corpus / ".hidden.txt").write_text("versteckt, wird ignoriert", encoding="utf-8")
    items = list(read_sources([corpus]))
    assert [i.error for i in items] == [None, None, None]
    by_title = {i.document.title: i.document for i in items}
    assert by_title["Schulden"].published.utcoffset().total_seconds() == 7200
    assert by_title["Schulden"].outlet == "Landeszeitung"
    assert by_title["Schulden"].meta == {"id": "a1"}
    assert by_title["Haushalt"].published.tzinfo is timezone.utc
    assert by_title["Habeck will Industriestrompreis"].published.date().isoformat() == "2024-01-10"


def test_jsonl_field_mapping(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("ingest", str(DATA / "custom_fields.jsonl"), "--text-field", "body", "--title-field", "headline",
                 "--date-field", "date", "--outlet", "EU-Ticker", "--db", db)
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        [doc] = store.documents()
    assert doc["title"] == "KI-Regeln" and doc["outlet"] == "EU-Ticker"


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("blank.txt", "no text"),
    ("binary.txt", "binary file"),
    ("latin.txt", "cannot decode as utf-8 at byte 28"),
    ("broken.html", "no main text found in HTML"),
    ("broken_feed.xml", "malformed feed"),
    ("does-not-exist.txt", "no such file or directory"),
])
def test_bad_single_files_get_one_line_errors(tmp_path, name, reason):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("ingest", str(DATA / name), str(DATA / "page2.html"), "--db", db)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and name in lines[0] and reason in lines[0], result.output
    assert "1 new" in result.output  # the good file after the bad one was still stored


def test_malformed_jsonl_lines_are_reported_and_the_rest_stored(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("ingest", str(DATA / "bad_lines.jsonl"), "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 4
    assert "bad_lines.jsonl:2: invalid JSON" in errors[0]
    assert "bad_lines.jsonl:3: expected a JSON object" in errors[1]
    assert "bad_lines.jsonl:4: no text in field 'text'" in errors[2]
    assert "bad_lines.jsonl:5: unreadable date 'kein Datum'" in errors[3]
    assert "2 new" in result.output


def test_latin1_with_encoding_option(tmp_path):
    src = tmp_path / "alt.txt"
    src.write_bytes("Die Bürgermeisterin sagte, man prüfe das.".encode("latin-1"))
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("ingest", str(src), "--db", db).exit_code == 1
    result = run("ingest", str(src), "--encoding", "latin-1", "--db", db)
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert "Bürgermeisterin" in store.get_document(store.documents()[0]["id"]).text


def test_truncated_warc_keeps_what_it_holds(tmp_path):
    full = tmp_path / "full.warc.gz"
    make_warc(full, [("https://beispielzeitung.example/a", (DATA / "article.html").read_bytes()),
                     ("https://beispielzeitung.example/b", (DATA / "page2.html").read_bytes())])
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("ingest", str(cut), "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cut.warc.gz" in errors[0] and "truncated or corrupt WARC" in errors[0]
    assert "1 new" in result.output


def test_not_a_warc(tmp_path):
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b"this is not a warc file at all\n" * 10))
    result = run("ingest", str(fake), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 1
    assert "fake.warc.gz" in result.output and "Traceback" not in result.output


def test_huge_text_file_is_refused_quickly(tmp_path):
    big = tmp_path / "big.txt"
    line = "Der Minister sagte, die Lage sei ernst. " * 25 + "\n"
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(50_000_000 // len(line.encode()) + 1):
            fh.write(line)
    assert big.stat().st_size > 50_000_000
    result = run("ingest", str(big), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.exit_code == 1
    assert "big.txt: file too large for one document (50.0 MB > 10.0 MB limit" in result.output.replace("\n", " ") \
        or "big.txt: file too large for one document" in result.output.replace("\n", " ")


def test_failed_batch_does_not_touch_stored_data(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert run("ingest", str(DATA / "docs.jsonl"), "--db", db).exit_code == 0
    with open_store(db) as store:
        before = {d["id"]: store.get_document(d["id"]).text for d in store.documents()}
    result = run("ingest", str(DATA / "empty.txt"), str(DATA / "binary.txt"), "--db", db)
    assert result.exit_code == 1
    with open_store(db) as store:
        after = {d["id"]: store.get_document(d["id"]).text for d in store.documents()}
    assert before == after and len(after) == 2


def test_documents_and_show_commands(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    run("ingest", str(DATA / "docs.jsonl"), str(DATA / "page2.html"), "--db", db)
    listing = run("documents", "--db", db)
    assert listing.exit_code == 0 and "3 documents" in listing.output and "Schulden" in listing.output
    with open_store(db) as store:
        doc_id = [d["id"] for d in store.documents() if d["title"] == "Haushalt"][0]
    shown = run("show", doc_id[:10], "--db", db)
    assert shown.exit_code == 0
    assert "Der Oppositionsführer erklärte, er lehne den Haushalt ab." in shown.output
    missing = run("show", "ffffffffff", "--db", db)
    assert missing.exit_code == 1
    assert "no document with id 'ffffffffff'" in missing.output


def test_bad_database_url_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["documents", "--db", "nosuchdialect://x"])
    assert result.exit_code == 1
    assert "invalid database URL" in result.output or "cannot open database" in result.output
