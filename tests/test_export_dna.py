"""The .dna writer against our reader (round trip), the file's structure, and imports into the store."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from standpunkt.analysis.frame import frame_from_store, statement_frame
from standpunkt.errors import ConfigError, InputError
from standpunkt.export.dna import OUR_TYPE, DnaError, jasypt_hash, read_dna, write_dna
from standpunkt.export.files import OutputExists
from standpunkt.export.records import frame_from_file, import_file, records_frame
from standpunkt.model import Document
from standpunkt.store import Store

TEXT = ("Bundeskanzlerin Angela Merkel sagte, der Ausstieg aus der Atomkraft müsse schnell kommen. "
        "Rainer Brüderle hält ein Moratorium nur für sinnvoll, wenn die Stromversorgung gesichert ist. "
        "Greenpeace äußerte sich nicht zur Brennelementesteuer.")


def span(part: str) -> list[int]:
    at = TEXT.index(part)
    return [at, at + len(part)]


@pytest.fixture
def doc():
    return Document(text=TEXT, title="Atomdebatte", outlet="tagesschau.de", author="dpa",
                    published=pd.Timestamp("2011-03-14 10:00", tz="UTC").to_pydatetime())


@pytest.fixture
def frame(doc):
    return statement_frame([
        {"id": 1, "document_id": doc.id, "actor": "Angela Merkel", "actor_kind": "person", "organisation": "CDU",
         "party": "CDU", "country": "Deutschland", "concept": "Ausstieg (schnell)", "agreement": "support",
         "date": "2011-03-14", "confidence": 0.91, "form": "Indirect",
         "evidence": [span("Angela Merkel sagte"), span("der Ausstieg aus der Atomkraft müsse schnell kommen")]},
        {"id": 2, "document_id": doc.id, "actor": "Rainer Brüderle", "organisation": "FDP", "party": "FDP",
         "concept": "Moratorium", "agreement": "conditional", "date": "2011-03-12", "confidence": 0.7,
         "form": "Reported", "evidence": [span("Rainer Brüderle hält ein Moratorium nur für sinnvoll")],
         "condition": [span("wenn die Stromversorgung gesichert ist")]},
        {"id": 3, "document_id": doc.id, "actor": "Greenpeace", "actor_kind": "organisation",
         "concept": "Brennelementesteuer", "agreement": "neutral", "date": "2011-03-14", "confidence": 0.55,
         "evidence": [span("Greenpeace äußerte sich nicht zur Brennelementesteuer")]},
        {"id": 4, "actor": "SPD", "actor_kind": "organisation", "concept": "Laufzeitverlängerung",
         "agreement": "oppose", "date": "2011-03-20"},  # hand-coded, no document text
    ])


def test_round_trip(frame, doc, tmp_path):
    path = tmp_path / "out.dna"
    counts = write_dna(frame, path, documents={doc.id: doc})
    assert counts == {"documents": 2, "statements": 4}
    data = read_dna(path)
    assert data.statement_type == OUR_TYPE
    back = records_frame(data.records)
    cols = ["actor", "concept", "agreement", "date", "organisation", "party", "form"]
    a = frame[cols].sort_values("actor").reset_index(drop=True)
    b = back[cols].sort_values("actor").reset_index(drop=True)
    a.loc[a["actor"] == "Greenpeace", "organisation"] = None  # an organisation is its own organisation
    pd.testing.assert_frame_equal(a.astype(object).where(a.notna(), None), b.astype(object).where(b.notna(), None),
                                  check_dtype=False)
    by_actor = {r["actor"].name: r for r in data.records}
    merkel = by_actor["Angela Merkel"]
    assert merkel["document"].id == doc.id and merkel["document"].text == TEXT  # same content id
    assert merkel["evidence"] == [[span("Angela Merkel sagte")[0], span("schnell kommen")[1]]]
    assert merkel["confidence"] == pytest.approx(0.91) and merkel["actor"].country == "Deutschland"
    assert by_actor["Greenpeace"]["actor"].kind == "organisation"
    assert by_actor["Rainer Brüderle"]["condition"] == [span("wenn die Stromversorgung gesichert ist")]
    assert by_actor["Rainer Brüderle"]["date"].isoformat() == "2011-03-12"  # claim date kept
    assert by_actor["SPD"]["document"] is None  # the generated stand-in document is not imported as a document


def test_file_structure_is_dna3(frame, doc, tmp_path):
    path = tmp_path / "out.dna"
    write_dna(frame, path, documents={doc.id: doc})
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.execute("PRAGMA foreign_keys = ON")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert dict(con.execute("SELECT Property, Value FROM SETTINGS"))["version"].startswith("3.")
    assert [r[0] for r in con.execute("SELECT Label FROM STATEMENTTYPES ORDER BY ID")] == [
        "DNA Statement", "NPF Story Element", "Annotation", OUR_TYPE]
    dna_vars = con.execute("SELECT Variable, DataType FROM VARIABLES WHERE StatementTypeId = 1 ORDER BY ID").fetchall()
    assert dna_vars == [("person", "short text"), ("organization", "short text"), ("concept", "short text"),
                        ("agreement", "boolean")]
    # Admin owns the documents; the machine's statements belong to the coder standpunkt
    assert con.execute("SELECT ID, Name FROM CODERS").fetchall() == [(1, "Admin"), (2, "standpunkt")]
    assert {c for (c,) in con.execute("SELECT DISTINCT Coder FROM STATEMENTS")} == {2}
    title, text, date, source = con.execute("SELECT Title, Text, Date, Source FROM DOCUMENTS WHERE ID = 1").fetchone()
    assert (title, text, source) == ("Atomdebatte", TEXT, "tagesschau.de")
    assert date == int(pd.Timestamp("2011-03-14 10:00", tz="UTC").timestamp())
    for start, stop, doc_text in con.execute("SELECT s.Start, s.Stop, d.Text FROM STATEMENTS s "
                                             "JOIN DOCUMENTS d ON d.ID = s.DocumentId"):
        assert 0 <= start < stop <= len(doc_text)
    agreement = dict(con.execute(
        "SELECT e.Value, b.Value FROM DATABOOLEAN b JOIN DATASHORTTEXT d ON d.StatementId = b.StatementId "
        "JOIN ENTITIES e ON e.ID = d.Entity JOIN VARIABLES v ON v.ID = d.VariableId WHERE v.Variable = 'person'"))
    assert agreement == {"Angela Merkel": 1, "Rainer Brüderle": 1, "Greenpeace": 0, "SPD": 0}
    # every short-text entity has a value row for each attribute variable of its variable (empty unless known)
    missing = con.execute("SELECT COUNT(*) FROM ENTITIES e JOIN ATTRIBUTEVARIABLES a ON a.VariableId = e.VariableId "
                          "LEFT JOIN ATTRIBUTEVALUES v ON v.EntityId = e.ID AND v.AttributeVariableId = a.ID "
                          "WHERE v.ID IS NULL").fetchone()[0]
    assert missing == 0
    party = con.execute("SELECT v.AttributeValue FROM ATTRIBUTEVALUES v JOIN ENTITIES e ON e.ID = v.EntityId "
                        "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId "
                        "WHERE e.Value = 'Angela Merkel' AND a.AttributeVariable = 'Party'").fetchone()[0]
    assert party == "CDU"
    condition = con.execute("SELECT Value FROM DATALONGTEXT WHERE Value != ''").fetchall()
    assert condition == [("wenn die Stromversorgung gesichert ist",)]


def test_template_keeps_existing_content(frame, doc, tmp_path):
    template = tmp_path / "made-by-dna.dna"
    write_dna(frame.iloc[:1], template, documents={doc.id: doc})
    con = sqlite3.connect(template)
    con.execute("UPDATE CODERS SET Name = 'Hanna', Password = 'kept' WHERE ID = 1")
    con.commit()
    con.close()
    out = tmp_path / "out.dna"
    write_dna(frame, out, documents={doc.id: doc}, template=template)
    con = sqlite3.connect(out)
    assert con.execute("SELECT Name, Password FROM CODERS").fetchall()[0] == ("Hanna", "kept")
    assert con.execute("SELECT COUNT(*) FROM STATEMENTS").fetchone()[0] == 5
    assert con.execute("SELECT COUNT(*) FROM STATEMENTTYPES WHERE Label = ?", (OUR_TYPE,)).fetchone()[0] == 1
    with pytest.raises(OutputExists, match="exists"):
        write_dna(frame, out, documents={doc.id: doc})


def test_reads_plain_dna_statement_type(tmp_path):
    """A file coded by hand in DNA uses 'DNA Statement' with the boolean agreement."""
    path = tmp_path / "hand.dna"
    f = statement_frame([{"id": 1, "actor": "A", "concept": "c", "agreement": "support", "date": "2011-01-01"}])
    write_dna(f, path)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO STATEMENTS(StatementTypeId, DocumentId, Start, Stop, Coder) VALUES (1, 1, 0, 3, 1)")
    sid = con.execute("SELECT MAX(ID) FROM STATEMENTS").fetchone()[0]
    for var, value in (("person", "Röttgen"), ("organization", "CDU"), ("concept", "Moratorium")):
        vid = con.execute("SELECT ID FROM VARIABLES WHERE StatementTypeId = 1 AND Variable = ?", (var,)).fetchone()[0]
        con.execute("INSERT OR IGNORE INTO ENTITIES(VariableId, Value) VALUES (?, ?)", (vid, value))
        eid = con.execute("SELECT ID FROM ENTITIES WHERE VariableId = ? AND Value = ?", (vid, value)).fetchone()[0]
        con.execute("INSERT INTO DATASHORTTEXT(StatementId, VariableId, Entity) VALUES (?, ?, ?)", (sid, vid, eid))
    vid = con.execute("SELECT ID FROM VARIABLES WHERE StatementTypeId = 1 AND Variable = 'agreement'").fetchone()[0]
    con.execute("INSERT INTO DATABOOLEAN(StatementId, VariableId, Value) VALUES (?, ?, 0)", (sid, vid))
    con.commit()
    con.close()
    data = read_dna(path, statement_type="DNA Statement")
    assert [(r["actor"].name, r["actor"].organisation, r["concept"], r["agreement"]) for r in data.records] == [
        ("Röttgen", "CDU", "Moratorium", "oppose")]
    with pytest.raises(InputError, match="no statement type"):
        read_dna(path, statement_type="Nonexistent")


def test_bad_files(tmp_path):
    bad = tmp_path / "x.dna"
    bad.write_text("not a database")
    with pytest.raises(InputError, match="not an SQLite"):
        read_dna(bad)
    other = tmp_path / "other.dna"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(InputError, match="not a DNA 3 database"):
        read_dna(other)


def test_password_hash_shape():
    h = jasypt_hash("admin", salt=bytes(16))
    raw = base64.b64decode(h)
    assert len(raw) == 48 and raw[:16] == bytes(16)
    assert h == jasypt_hash("admin", salt=bytes(16)) != jasypt_hash("other", salt=bytes(16))


# ------------------------------------------------------------------------------------------------ store import
def test_import_dna_into_store_is_idempotent(frame, doc, tmp_path, db_url):
    path = tmp_path / "out.dna"
    write_dna(frame, path, documents={doc.id: doc})
    store = Store(db_url)
    first = import_file(store, path)
    assert (first["new"], first["existing"], first["documents"]) == (4, 0, 1)
    second = import_file(store, path)
    assert (second["new"], second["existing"]) == (0, 4)
    stored = frame_from_store(store)
    assert len(stored) == 4
    merkel = stored[stored["actor"] == "Angela Merkel"].iloc[0]
    assert merkel["form"] == "Indirect" and merkel["outlet"] == "tagesschau.de" and merkel["origin"] == "import"
    assert store.get_document(doc.id).text == TEXT
    store.close()


MAPPING = """
dataset: test
columns: {actor: who, concept: what, agreement: pos, date: when}
values: {agreement: {"+": support, "-": oppose, "?": conditional}}
actors:
  file: actors.csv
  key: name
  columns: {party: party}
"""


def test_csv_import_with_mapping(tmp_path):
    (tmp_path / "c.csv").write_text("who,what,pos,when\nA,x,+,2011-01-02\nB,x,-,2011-01-03\nA,x,+,2011-01-02\n"
                                    "B,y,?,2011-02-01\n", encoding="utf-8")
    (tmp_path / "actors.csv").write_text("name,party\nA,SPD\nB,FDP\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(MAPPING, encoding="utf-8")
    f, _ = frame_from_file(tmp_path / "c.csv", mapping=tmp_path / "m.yaml")
    assert list(f["agreement"]) == ["support", "support", "oppose", "conditional"]
    assert list(f["party"]) == ["SPD", "SPD", "FDP", "FDP"]
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assert import_file(store, tmp_path / "c.csv", mapping=tmp_path / "m.yaml")["new"] == 4  # a repeated row is kept
    assert import_file(store, tmp_path / "c.csv", mapping=tmp_path / "m.yaml")["new"] == 0
    store.close()


@pytest.mark.parametrize("mapping, csv_text, error, match", [
    ("columns: {actor: who}", "who\nA\n", ConfigError, "must map concept, agreement"),
    ("columns: {actor: who, concept: what, agreement: pos, colour: c}", "who\n", ConfigError, "unknown fields"),
    ("columns: [1, 2]", "who\n", ConfigError, "columns"),
    ("columns: {actor: who, concept: what, agreement: pos}", "who,what\nA,x\n", InputError, "not in the file"),
    ("columns: {actor: who, concept: what, agreement: pos}", "who,what,pos\nA,x,perhaps\n", InputError, "line 2"),
    ("columns: {actor: who, concept: what, agreement: pos, date: d}", "who,what,pos,d\nA,x,1,14.3.2011\n",
     InputError, "not a date"),
])
def test_csv_mapping_errors(tmp_path, mapping, csv_text, error, match):
    (tmp_path / "c.csv").write_text(csv_text, encoding="utf-8")
    (tmp_path / "m.yaml").write_text(mapping, encoding="utf-8")
    with pytest.raises(error, match=match):
        frame_from_file(tmp_path / "c.csv", mapping=tmp_path / "m.yaml")


def test_frame_from_store_of_analysed_statements(tmp_path):
    """Statements saved by the pipeline (not imported) reach the frame with document and form."""
    from standpunkt.model import Actor, Analysis, Quotation, Span, Statement

    doc = Document(text=TEXT, title="t", outlet="taz", published=pd.Timestamp("2011-03-14", tz="UTC").to_pydatetime())
    q = Quotation(form="Indirect", message=[Span(*span("der Ausstieg aus der Atomkraft müsse schnell kommen"))])
    st = Statement(actor=Actor("Angela Merkel", party="CDU"), concept="Ausstieg", agreement="support", quotation=0,
                   evidence=[Span(*span("der Ausstieg aus der Atomkraft müsse schnell kommen"))], confidence=0.8)
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.save_analysis(Analysis(document=doc, quotations=[q], statements=[st], pipeline_version="t"))
    f = frame_from_store(store)
    assert (f.loc[0, "form"], f.loc[0, "party"], f.loc[0, "date"]) == ("Indirect", "CDU", pd.Timestamp("2011-03-14"))
    from standpunkt.store.filters import StatementFilter

    assert len(frame_from_store(store, StatementFilter(min_confidence=0.9))) == 0
    assert len(frame_from_store(store, StatementFilter(forms=["Direct"]))) == 0
    store.close()


def test_records_frame_path_type(tmp_path):
    with pytest.raises(InputError, match="unknown statement file type"):
        p = tmp_path / "x.xlsx"
        p.write_text("x")
        frame_from_file(Path(p))


def test_dna_export_names_each_coder(tmp_path):
    """Statements coded by different people carry their coder in DNA's CODERS table (issue 15): a hand-coded
    statement its coder, a reviewed one its reviewer, an unreviewed machine statement standpunkt."""
    from typer.testing import CliRunner

    from standpunkt.cli import app
    from standpunkt.store.coding import code_statement
    from web_sample import build_store

    db = f"sqlite:///{tmp_path / 'coders.db'}"
    store = build_store(db)
    rows = {r["actor"]: r for r in store.statements()}
    store.review_statement(rows["Olaf Scholz"]["id"], "anna", "accept")
    doc = store.get_document(rows["Lettland"]["document_id"])
    at = doc.text.index("Scholz")
    code_statement(store, doc.id, "ben", actor="Olaf Scholz", concept="Kriegspartei", agreement="oppose",
                   evidence=[[at, at + 6]])
    store.close()
    out = tmp_path / "coders.dna"
    r = CliRunner().invoke(app, ["export", "--db", db, "--format", "dna", "--out", str(out)])
    assert r.exit_code == 0, r.output
    con = sqlite3.connect(out)
    coders = dict(con.execute("SELECT ID, Name FROM CODERS"))
    assert set(coders.values()) == {"Admin", "standpunkt", "anna", "ben"}
    assert all(len(p) > 40 for (p,) in con.execute("SELECT Password FROM CODERS"))  # DNA needs a hash for each
    by_coder: dict[str, int] = {}
    for (cid,) in con.execute("SELECT Coder FROM STATEMENTS"):
        by_coder[coders[cid]] = by_coder.get(coders[cid], 0) + 1
    assert by_coder["ben"] == 1 and by_coder["anna"] >= 1 and by_coder["standpunkt"] >= 3 and "Admin" not in by_coder
    con.close()
