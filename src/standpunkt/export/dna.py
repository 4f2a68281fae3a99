"""Read and write the ``.dna`` file of the Discourse Network Analyzer (DNA 3.x): a plain SQLite database.

Written from the published description of the format (``docs/analysis.md`` lists what we write). A new file holds
DNA's default statement types, variables and the ``Admin`` coder, plus a statement type of our own,
``standpunkt Statement``, whose variables carry everything DNA has no field for::

    person (short text)        the actor
    organization (short text)  the actor's organisation (the actor itself for organisations)
    concept (short text)       the concept
    agreement (boolean)        1 = support or conditional, 0 = oppose (neutral: 0, see ``stance``)
    stance (short text)        support / oppose / conditional / neutral (the exact label)
    form (short text)          form of speech (Direct, Indirect, ...)
    condition (long text)      the text of the condition, if any
    confidence (integer)       0–100
    date (short text)          the statement's date (YYYY-MM-DD), when it differs from the document's

Statements are spans: ``Start``/``Stop`` cover the statement's evidence in the document text. Statements without a
document text (hand-coded claims) get one generated document per day listing them, so DNA can still show them.
Person entities carry the attributes ``Type`` (actor kind), ``Party`` and ``Country``.
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import shutil
import sqlite3
import time
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from standpunkt.errors import InputError, StandpunktError
from standpunkt.export.files import check_outputs
from standpunkt.export.keys import stable_key
from standpunkt.export.tables import coder_of
from standpunkt.model import ACTOR_KINDS, Actor, Document

DNA_FILE_VERSION = "3.0.7"
OUR_TYPE = "standpunkt Statement"
OUR_TYPE_COLOR = (255, 180, 60)
OUR_VARIABLES: tuple[tuple[str, str], ...] = (
    ("person", "short text"), ("organization", "short text"), ("concept", "short text"), ("agreement", "boolean"),
    ("stance", "short text"), ("form", "short text"), ("condition", "long text"), ("confidence", "integer"),
    ("date", "short text"),
)
DEFAULT_TYPES: tuple[tuple[str, tuple[int, int, int], tuple[tuple[str, str], ...]], ...] = (
    ("DNA Statement", (239, 208, 51), (("person", "short text"), ("organization", "short text"),
                                       ("concept", "short text"), ("agreement", "boolean"))),
    ("NPF Story Element", (255, 153, 0), tuple((v, "short text") for v in
                                               ("narrator", "victim", "villain", "plot", "hero", "policy solution"))),
    ("Annotation", (211, 211, 211), (("note", "long text"),)),
)
DEFAULT_ATTRIBUTES = ("Type", "Alias", "Notes")
PERSON_ATTRIBUTES = ("Party", "Country")
TITLE_MAX = 190  # DNA: titles and entity values < 191 characters
DEFAULT_PASSWORD = "admin"
GENERATED_TYPE = "standpunkt generated"  # DOCUMENTS.Type of the stand-in documents for statements without text
JASYPT_ITERATIONS = 100_000  # jasypt StrongPasswordEncryptor: SHA-256, 16-byte salt, 100,000 iterations
PERMISSIONS = ("AddDocuments", "EditDocuments", "DeleteDocuments", "ImportDocuments", "AddStatements",
               "EditStatements", "DeleteStatements", "EditAttributes", "EditRegex", "EditStatementTypes",
               "EditCoders", "EditCoderRelations", "ViewOthersDocuments", "EditOthersDocuments",
               "ViewOthersStatements", "EditOthersStatements")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS SETTINGS(Property TEXT PRIMARY KEY, Value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS CODERS(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, Name TEXT NOT NULL CHECK (LENGTH(Name) < 191),
    Red INTEGER NOT NULL DEFAULT 0, Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0,
    Refresh INTEGER NOT NULL DEFAULT 0, FontSize INTEGER NOT NULL DEFAULT 14, Password TEXT NOT NULL,
    PopupWidth INTEGER DEFAULT 300, ColorByCoder INTEGER NOT NULL DEFAULT 0,
    PopupDecoration INTEGER NOT NULL DEFAULT 0, PopupAutoComplete INTEGER NOT NULL DEFAULT 1,
    {", ".join(f"Permission{p} INTEGER NOT NULL DEFAULT 1" for p in PERMISSIONS)});
CREATE TABLE IF NOT EXISTS CODERRELATIONS(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, Coder INTEGER NOT NULL REFERENCES CODERS(ID) ON DELETE CASCADE,
    OtherCoder INTEGER NOT NULL REFERENCES CODERS(ID) ON DELETE CASCADE,
    viewStatements INTEGER NOT NULL DEFAULT 1, editStatements INTEGER NOT NULL DEFAULT 1,
    viewDocuments INTEGER NOT NULL DEFAULT 1, editDocuments INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS DOCUMENTS(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, Title TEXT NOT NULL CHECK (LENGTH(Title) < 191), Text TEXT NOT NULL,
    Coder INTEGER REFERENCES CODERS(ID) ON DELETE SET NULL, Author TEXT NOT NULL DEFAULT '',
    Source TEXT NOT NULL DEFAULT '', Section TEXT NOT NULL DEFAULT '', Notes TEXT NOT NULL DEFAULT '',
    Type TEXT NOT NULL DEFAULT '', Date INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS STATEMENTTYPES(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, Label TEXT NOT NULL, Red INTEGER NOT NULL DEFAULT 0,
    Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS VARIABLES(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, Variable TEXT NOT NULL, DataType TEXT NOT NULL DEFAULT 'short text'
    CHECK (DataType IN ('boolean', 'integer', 'short text', 'long text')),
    StatementTypeId INTEGER REFERENCES STATEMENTTYPES(ID) ON DELETE CASCADE, UNIQUE (Variable, StatementTypeId));
CREATE TABLE IF NOT EXISTS VARIABLELINKS(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, SourceVariableId INTEGER NOT NULL REFERENCES VARIABLES(ID)
    ON DELETE CASCADE, TargetVariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS REGEXES(Label TEXT PRIMARY KEY, Red INTEGER NOT NULL DEFAULT 0,
    Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS STATEMENTS(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, StatementTypeId INTEGER NOT NULL REFERENCES STATEMENTTYPES(ID)
    ON DELETE CASCADE, DocumentId INTEGER NOT NULL REFERENCES DOCUMENTS(ID) ON DELETE CASCADE,
    Start INTEGER NOT NULL CHECK (Start >= 0), Stop INTEGER NOT NULL CHECK (Stop > Start),
    Coder INTEGER REFERENCES CODERS(ID) ON DELETE SET NULL);
CREATE TABLE IF NOT EXISTS DATABOOLEAN(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, StatementId INTEGER NOT NULL REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
    VariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE,
    Value INTEGER NOT NULL CHECK (Value IN (0, 1)), UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS DATAINTEGER(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, StatementId INTEGER NOT NULL REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
    VariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE, Value INTEGER NOT NULL,
    UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS ENTITIES(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, VariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE,
    Value TEXT NOT NULL DEFAULT '' CHECK (LENGTH(Value) < 191), Red INTEGER NOT NULL DEFAULT 0,
    Green INTEGER NOT NULL DEFAULT 0, Blue INTEGER NOT NULL DEFAULT 0,
    ChildOf INTEGER REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE (VariableId, Value));
CREATE TABLE IF NOT EXISTS DATASHORTTEXT(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, StatementId INTEGER NOT NULL REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
    VariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE,
    Entity INTEGER NOT NULL REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS DATALONGTEXT(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, StatementId INTEGER NOT NULL REFERENCES STATEMENTS(ID) ON DELETE CASCADE,
    VariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE, Value TEXT,
    UNIQUE (StatementId, VariableId));
CREATE TABLE IF NOT EXISTS ATTRIBUTEVARIABLES(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, VariableId INTEGER NOT NULL REFERENCES VARIABLES(ID) ON DELETE CASCADE,
    AttributeVariable TEXT NOT NULL, UNIQUE (VariableId, AttributeVariable));
CREATE TABLE IF NOT EXISTS ATTRIBUTEVALUES(
    ID INTEGER PRIMARY KEY AUTOINCREMENT, EntityId INTEGER NOT NULL REFERENCES ENTITIES(ID) ON DELETE CASCADE,
    AttributeVariableId INTEGER NOT NULL REFERENCES ATTRIBUTEVARIABLES(ID) ON DELETE CASCADE,
    AttributeValue TEXT NOT NULL DEFAULT '', UNIQUE (EntityId, AttributeVariableId));
"""
REQUIRED_TABLES = ("SETTINGS", "DOCUMENTS", "STATEMENTTYPES", "VARIABLES", "STATEMENTS", "ENTITIES",
                   "DATASHORTTEXT", "DATABOOLEAN", "DATAINTEGER", "DATALONGTEXT")


class DnaError(StandpunktError):
    """A ``.dna`` file cannot be read or written."""


def jasypt_hash(password: str, salt: bytes | None = None) -> str:
    """A password hash in the form of jasypt's StrongPasswordEncryptor (base64 of salt + iterated SHA-256),
    which is how we understand DNA 3 stores coder passwords. Not verified against DNA itself: if DNA refuses the
    password, write into a database created by DNA instead (``template``)."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.sha256(salt + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    for _ in range(JASYPT_ITERATIONS - 1):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


# ------------------------------------------------------------------------------------------------ writing
def _create(con: sqlite3.Connection) -> None:
    con.executescript(SCHEMA)
    now = datetime.now(timezone.utc)
    con.executemany("INSERT INTO SETTINGS(Property, Value) VALUES (?, ?)",
                    [("version", DNA_FILE_VERSION), ("date", now.strftime("%Y-%m-%d %H:%M:%S"))])
    con.execute("INSERT INTO CODERS(ID, Name, Red, Green, Blue, Password) VALUES (1, 'Admin', 239, 208, 51, ?)",
                (jasypt_hash(DEFAULT_PASSWORD),))
    for label, rgb, variables in DEFAULT_TYPES:
        _add_type(con, label, rgb, variables)


def _add_type(con: sqlite3.Connection, label: str, rgb: tuple[int, int, int],
              variables: tuple[tuple[str, str], ...]) -> int:
    cur = con.execute("INSERT INTO STATEMENTTYPES(Label, Red, Green, Blue) VALUES (?, ?, ?, ?)", (label, *rgb))
    type_id = int(cur.lastrowid)
    for name, dtype in variables:
        vid = con.execute("INSERT INTO VARIABLES(Variable, DataType, StatementTypeId) VALUES (?, ?, ?)",
                          (name, dtype, type_id)).lastrowid
        if dtype == "short text":
            attrs = DEFAULT_ATTRIBUTES + (PERSON_ATTRIBUTES if label == OUR_TYPE and name == "person" else ())
            con.executemany("INSERT INTO ATTRIBUTEVARIABLES(VariableId, AttributeVariable) VALUES (?, ?)",
                            [(vid, a) for a in attrs])
            eid = con.execute("INSERT INTO ENTITIES(VariableId, Value) VALUES (?, '')", (vid,)).lastrowid
            _blank_attributes(con, int(eid), int(vid))
    return type_id


def _our_type(con: sqlite3.Connection) -> tuple[int, dict[str, int]]:
    """Our statement type's id and variable ids, created if the file does not have it yet."""
    row = con.execute("SELECT ID FROM STATEMENTTYPES WHERE Label = ?", (OUR_TYPE,)).fetchone()
    type_id = int(row[0]) if row else _add_type(con, OUR_TYPE, OUR_TYPE_COLOR, OUR_VARIABLES)
    variables = {name: int(vid) for vid, name in
                 con.execute("SELECT ID, Variable FROM VARIABLES WHERE StatementTypeId = ?", (type_id,))}
    missing = [name for name, _ in OUR_VARIABLES if name not in variables]
    if missing:
        raise DnaError(f"the file's {OUR_TYPE!r} statement type lacks variables {missing}")
    return type_id, variables


def _blank_attributes(con: sqlite3.Connection, entity_id: int, variable_id: int) -> None:
    """Every entity gets a (possibly empty) value for each attribute variable of its variable, as DNA keeps them."""
    con.execute("INSERT OR IGNORE INTO ATTRIBUTEVALUES(EntityId, AttributeVariableId, AttributeValue) "
                "SELECT ?, ID, '' FROM ATTRIBUTEVARIABLES WHERE VariableId = ?", (entity_id, variable_id))


class _Coders:
    """DNA coder ids by name (:func:`~standpunkt.export.tables.coder_of`): a coder the file (or its template)
    already has is reused; a new one gets a colour of its own and the default password."""

    PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75),
               (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207))

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.ids = {str(name): int(cid) for cid, name in con.execute("SELECT ID, Name FROM CODERS")}
        self.password: str | None = None  # one hash for all new coders: each hash takes 100,000 rounds

    def id(self, row: Mapping[str, Any]) -> int:
        name = coder_of(row)[:TITLE_MAX]
        if name not in self.ids:
            self.password = self.password or jasypt_hash(DEFAULT_PASSWORD)
            rgb = self.PALETTE[len(self.ids) % len(self.PALETTE)]
            self.ids[name] = int(self.con.execute("INSERT INTO CODERS(Name, Red, Green, Blue, Password) "
                                                  "VALUES (?, ?, ?, ?, ?)", (name, *rgb, self.password)).lastrowid)
        return self.ids[name]


class _Entities:
    """Entity ids per (variable, value), created on first use (DNA shares short-text values as entities)."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.ids: dict[tuple[int, str], int] = {}

    def get(self, variable_id: int, value: str) -> int:
        value = (value or "")[:TITLE_MAX]
        key = (variable_id, value)
        if key not in self.ids:
            row = self.con.execute("SELECT ID FROM ENTITIES WHERE VariableId = ? AND Value = ?", key).fetchone()
            if row is None:
                row = (self.con.execute("INSERT INTO ENTITIES(VariableId, Value) VALUES (?, ?)", key).lastrowid,)
                _blank_attributes(self.con, int(row[0]), variable_id)
            self.ids[key] = int(row[0])
        return self.ids[key]

    def set_attribute(self, entity_id: int, variable_id: int, attribute: str, value: str | None) -> None:
        if not value:
            return
        row = self.con.execute("SELECT ID FROM ATTRIBUTEVARIABLES WHERE VariableId = ? AND AttributeVariable = ?",
                               (variable_id, attribute)).fetchone()
        if row is None:
            return
        self.con.execute("INSERT INTO ATTRIBUTEVALUES(EntityId, AttributeVariableId, AttributeValue) "
                         "VALUES (?, ?, ?) ON CONFLICT(EntityId, AttributeVariableId) "
                         "DO UPDATE SET AttributeValue = excluded.AttributeValue",
                         (entity_id, int(row[0]), str(value)))


def _unix(day: Any) -> int:
    if day is None or (isinstance(day, float) and math.isnan(day)) or pd.isna(day):
        return 0
    ts = pd.Timestamp(day)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return int(ts.timestamp())


def _span(row: Mapping[str, Any], text_length: int) -> tuple[int, int]:
    """The statement's span: from the first evidence start to the last evidence end (DNA has one span)."""
    spans = [s for s in (row.get("evidence") or []) if len(s) == 2 and 0 <= s[0] < s[1] <= text_length]
    if not spans:
        return 0, max(text_length, 1)
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _condition_text(row: Mapping[str, Any], text: str | None) -> str:
    if text:
        parts = [text[s[0]:s[1]] for s in (row.get("condition") or []) if len(s) == 2]
        if parts:
            return " … ".join(parts)
    meta = row.get("meta")
    return (meta or {}).get("condition_text", "") if isinstance(meta, dict) else ""


def write_dna(frame: pd.DataFrame, path: Path, *, documents: Mapping[str, Document] | None = None,
              template: Path | None = None, overwrite: bool = False) -> dict[str, int]:
    """Write the statements of a statement frame into a new ``.dna`` file (or a copy of ``template``, a file
    made by DNA, so that its coders and passwords are kept). Returns counts of documents and statements."""
    path = Path(path)
    documents = documents or {}
    check_outputs([path], overwrite)
    if path.exists():
        path.unlink()
    if template is not None:
        _check_dna(Path(template))
        shutil.copyfile(template, path)
    try:
        con = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise DnaError(f"cannot create {path}: {exc}") from None
    try:
        with con:
            con.execute("PRAGMA foreign_keys = ON")
            if template is None:
                _create(con)
            counts = _write_statements(con, frame, documents)
    except sqlite3.Error as exc:
        con.close()
        raise DnaError(f"cannot write {path}: {exc}") from None
    con.close()
    return counts


def _write_statements(con: sqlite3.Connection, frame: pd.DataFrame,
                      documents: Mapping[str, Document]) -> dict[str, int]:
    type_id, var = _our_type(con)
    coder = int(con.execute("SELECT MIN(ID) FROM CODERS").fetchone()[0] or 1)  # documents belong to the first coder
    coders = _Coders(con)
    entities = _Entities(con)
    doc_ids: dict[str, int] = {}
    generated: dict[Any, list[int]] = {}  # day → frame row positions without a document text
    rows = frame.to_dict("records")
    for pos, row in enumerate(rows):
        doc = documents.get(row.get("document_id")) if row.get("document_id") is not None else None
        if doc is None:
            generated.setdefault(row.get("date"), []).append(pos)
            continue
        if doc.id not in doc_ids:
            doc_ids[doc.id] = _insert_document(con, coder, doc.title or doc.id, doc.text, author=doc.author,
                                               source=doc.outlet or doc.source, when=doc.published or row.get("date"),
                                               notes=f"standpunkt document {doc.id}; {doc.url or ''}".strip("; "))
        start, stop = _span(row, len(doc.text))
        _insert_statement(con, type_id, var, entities, coders.id(row), doc_ids[doc.id], start, stop, row, doc.text)
    for day, positions in generated.items():
        lines, spans = [], []
        offset = 0
        for pos in positions:
            r = rows[pos]
            line = f"{r['actor']}: {r['concept']} ({r['agreement']})"
            lines.append(line)
            spans.append((offset, offset + len(line)))
            offset += len(line) + 1
        text = "\n".join(lines)
        label = pd.Timestamp(day).date().isoformat() if day is not None and not pd.isna(day) else "undated"
        did = _insert_document(con, coder, f"standpunkt: statements without source text, {label}", text,
                               author="", source="standpunkt", when=day, notes="generated: the statements of this day "
                               "had no document text; one line per statement", doc_type=GENERATED_TYPE)
        for pos, (start, stop) in zip(positions, spans):
            _insert_statement(con, type_id, var, entities, coders.id(rows[pos]), did, start, stop, rows[pos], None)
    return {"documents": len(doc_ids) + len(generated), "statements": len(rows)}


def _insert_document(con: sqlite3.Connection, coder: int, title: str, text: str, *, author: str | None,
                     source: str | None, when: Any, notes: str, doc_type: str = "news") -> int:
    cur = con.execute("INSERT INTO DOCUMENTS(Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
                      "VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)",
                      (title[:TITLE_MAX], text, coder, author or "", source or "", notes, doc_type, _unix(when)))
    return int(cur.lastrowid)


def _insert_statement(con: sqlite3.Connection, type_id: int, var: dict[str, int], entities: _Entities, coder: int,
                      doc_id: int, start: int, stop: int, row: Mapping[str, Any], text: str | None) -> None:
    sid = int(con.execute("INSERT INTO STATEMENTS(StatementTypeId, DocumentId, Start, Stop, Coder) "
                          "VALUES (?, ?, ?, ?, ?)", (type_id, doc_id, start, stop, coder)).lastrowid)
    kind = row.get("actor_kind") or "person"
    organisation = row.get("organisation") or (row["actor"] if kind != "person" else "")
    person = entities.get(var["person"], str(row["actor"]))
    entities.set_attribute(person, var["person"], "Type", kind)
    entities.set_attribute(person, var["person"], "Party", _text(row.get("party")))
    entities.set_attribute(person, var["person"], "Country", _text(row.get("country")))
    colour = _text(row.get("actor_colour"))
    if len(colour) == 7 and colour.startswith("#"):  # an analyst's colour (#rrggbb) is the entity's colour in DNA
        con.execute("UPDATE ENTITIES SET Red = ?, Green = ?, Blue = ? WHERE ID = ?",
                    (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16), person))
    short = {"person": person, "organization": entities.get(var["organization"], _text(organisation)),
             "concept": entities.get(var["concept"], str(row["concept"])),
             "stance": entities.get(var["stance"], str(row["agreement"])),
             "form": entities.get(var["form"], _text(row.get("form"))),
             "date": entities.get(var["date"], pd.Timestamp(row["date"]).date().isoformat()
                                  if row.get("date") is not None and not pd.isna(row.get("date")) else "")}
    con.executemany("INSERT INTO DATASHORTTEXT(StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                    [(sid, var[name], eid) for name, eid in short.items()])
    agree = 1 if row["agreement"] in ("support", "conditional") else 0
    con.execute("INSERT INTO DATABOOLEAN(StatementId, VariableId, Value) VALUES (?, ?, ?)",
                (sid, var["agreement"], agree))
    confidence = row.get("confidence")
    confidence = 100 if confidence is None or pd.isna(confidence) else int(round(float(confidence) * 100))
    con.execute("INSERT INTO DATAINTEGER(StatementId, VariableId, Value) VALUES (?, ?, ?)",
                (sid, var["confidence"], confidence))
    con.execute("INSERT INTO DATALONGTEXT(StatementId, VariableId, Value) VALUES (?, ?, ?)",
                (sid, var["condition"], _condition_text(row, text)))


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


# ------------------------------------------------------------------------------------------------ reading
DNA_READ_SECONDS = 60  # a real .dna file reads in well under a second per 10,000 statements


@dataclass
class DnaData:
    records: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)
    statement_type: str = ""


def _check_dna(path: Path) -> None:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InputError(str(path), "not a .dna file (not an SQLite database)")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0].upper() for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.Error as exc:  # corrupt or truncated
        raise InputError(str(path), f"cannot read the DNA database ({exc})") from None
    finally:
        con.close()
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise InputError(str(path), f"not a DNA 3 database (missing tables {', '.join(missing)})")


def read_dna(path: Path, *, statement_type: str | None = None, actor_variable: str | None = None,
             concept_variable: str = "concept", qualifier_variable: str = "agreement") -> DnaData:
    """Statements of one statement type of a ``.dna`` file as records (see :mod:`standpunkt.export.records`).

    Default type: ours (``standpunkt Statement``) if the file has it, else ``DNA Statement``. The actor is
    ``actor_variable`` (default ``person``, else ``organization``); the qualifier is boolean (1 support,
    0 oppose) or integer (> 0 support, < 0 oppose, 0 neutral); our ``stance`` variable, when present, wins.
    """
    path = Path(path)
    _check_dna(path)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    deadline = time.monotonic() + DNA_READ_SECONDS
    con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)  # a view that recurses forever
    try:
        return _read(con, path, statement_type, actor_variable, concept_variable, qualifier_variable)
    except sqlite3.OperationalError as exc:
        if "interrupt" in str(exc):
            raise InputError(str(path), f"reading the DNA database took over {DNA_READ_SECONDS} s (a view that "
                                        "never ends?)") from None
        raise InputError(str(path), f"cannot read the DNA database ({exc})") from None
    except sqlite3.Error as exc:
        raise InputError(str(path), f"cannot read the DNA database ({exc})") from None
    except (ValueError, TypeError, OverflowError, AttributeError) as exc:  # a bad Date, a text id, a NULL label
        raise InputError(str(path), f"unreadable value in the DNA database ({type(exc).__name__}: {exc})") from None
    finally:
        con.close()


def _read(con: sqlite3.Connection, path: Path, statement_type: str | None, actor_variable: str | None,
          concept_variable: str, qualifier_variable: str) -> DnaData:
    types = {label: int(tid) for tid, label in con.execute("SELECT ID, Label FROM STATEMENTTYPES")}
    label = statement_type or (OUR_TYPE if OUR_TYPE in types else "DNA Statement")
    if label not in types and label.isdigit() and int(label) in types.values():
        label = next(k for k, v in types.items() if v == int(label))
    if label not in types:
        raise InputError(str(path), f"no statement type {label!r} (the file has: {', '.join(types)})")
    type_id = types[label]
    variables = {name: (int(vid), dtype) for vid, name, dtype in
                 con.execute("SELECT ID, Variable, DataType FROM VARIABLES WHERE StatementTypeId = ?", (type_id,))}
    actor_var = actor_variable or ("person" if "person" in variables else "organization")
    for needed in (actor_var, concept_variable):
        if needed not in variables:
            raise InputError(str(path), f"statement type {label!r} has no variable {needed!r} "
                                        f"(it has: {', '.join(variables)})")
    values: dict[int, dict[str, Any]] = {}

    def collect(sql: str) -> None:
        for sid, name, value in con.execute(sql, (type_id,)):
            values.setdefault(int(sid), {})[name] = value

    collect("SELECT d.StatementId, v.Variable, e.Value FROM DATASHORTTEXT d JOIN VARIABLES v ON v.ID = d.VariableId "
            "JOIN ENTITIES e ON e.ID = d.Entity WHERE v.StatementTypeId = ?")
    for table in ("DATABOOLEAN", "DATAINTEGER", "DATALONGTEXT"):
        collect(f"SELECT d.StatementId, v.Variable, d.Value FROM {table} d JOIN VARIABLES v ON v.ID = d.VariableId "
                "WHERE v.StatementTypeId = ?")
    attributes = _person_attributes(con, variables.get(actor_var, (None,))[0])
    docs_by_dna: dict[int, Document] = {}
    for did, title, text, author, source, section, notes, dtype, when in con.execute(
            "SELECT ID, Title, Text, Author, Source, Section, Notes, Type, Date FROM DOCUMENTS"):
        published = datetime.fromtimestamp(int(when or 0), tz=timezone.utc) if when else None
        docs_by_dna[int(did)] = Document(
            text=text or "", title=title or None, author=author or None, outlet=source or None,
            published=published, source=f"{path.name}#document{did}",
            meta={"dna": {"id": int(did), "section": section or "", "notes": notes or "", "type": dtype or ""}})
    qual_type = variables.get(qualifier_variable, (None, None))[1]
    data = DnaData(statement_type=label)
    seen: Counter = Counter()
    for sid, did, start, stop in con.execute("SELECT ID, DocumentId, Start, Stop FROM STATEMENTS "
                                             "WHERE StatementTypeId = ? ORDER BY ID", (type_id,)):
        v = values.get(int(sid), {})
        actor_name, concept = (v.get(actor_var) or "").strip(), (v.get(concept_variable) or "").strip()
        if not actor_name or not concept:
            continue  # a statement coded without actor or concept carries no network information
        doc = docs_by_dna.get(int(did))
        generated = doc is not None and doc.meta["dna"]["type"] == GENERATED_TYPE
        day = _statement_day(v.get("date"), doc)
        if generated:
            doc = None  # our stand-in for statements without text: no real document to import
        agreement = _agreement(v.get("stance"), v.get(qualifier_variable), qual_type)
        attrs = attributes.get(actor_name, {})
        organisation = (v.get("organization") or "").strip() or None
        # without a Type attribute: an actor coded by the organization variable, or named as its own
        # organisation, is an organisation
        kind = attrs.get("Type") if attrs.get("Type") in ACTOR_KINDS else \
            "organisation" if actor_var == "organization" or organisation == actor_name else "person"
        actor = Actor(name=actor_name, kind=kind, organisation=organisation if organisation != actor_name else None,
                      party=attrs.get("Party") or None, country=attrs.get("Country") or None)
        if doc is not None:
            data.documents[doc.id] = doc
        confidence = v.get("confidence")
        condition_text = (v.get("condition") or "").strip()
        meta = {"dna_statement": int(sid), "dna_file": path.name}
        if condition_text:
            meta["condition_text"] = condition_text
        data.records.append({
            "key": stable_key("dna", doc.id if doc else did, start, stop, label, actor_name, concept, agreement,
                              seen=seen),
            "actor": actor, "concept": concept, "agreement": agreement, "date": day,
            "confidence": (float(confidence) / 100.0) if confidence is not None and "stance" in v else 1.0,
            "document": doc, "evidence": [[int(start), int(stop)]] if doc else [],
            "condition": _find(doc, condition_text),
            "form": (v.get("form") or None), "meta": meta,
        })
    return data


def _person_attributes(con: sqlite3.Connection, variable_id: int | None) -> dict[str, dict[str, str]]:
    if variable_id is None:
        return {}
    out: dict[str, dict[str, str]] = {}
    for value, attr, attr_value in con.execute(
            "SELECT e.Value, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
            "JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId JOIN ENTITIES e ON e.ID = v.EntityId "
            "WHERE e.VariableId = ?", (variable_id,)):
        out.setdefault(value, {})[attr] = attr_value
    return out


def _agreement(stance: Any, qualifier: Any, qual_type: str | None) -> str:
    if stance in ("support", "oppose", "conditional", "neutral"):
        return str(stance)
    if qualifier is None:
        return "neutral"
    q = int(qualifier)
    if qual_type == "boolean":
        return "support" if q == 1 else "oppose"
    return "support" if q > 0 else "oppose" if q < 0 else "neutral"


def _statement_day(value: Any, doc: Document | None) -> date | None:
    if value:
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            pass
    if doc is not None and doc.published is not None:
        return doc.published.date()
    return None


def _find(doc: Document | None, snippet: str) -> list[list[int]]:
    """Condition spans: where the condition text occurs in the document (first occurrence of each part)."""
    if doc is None or not snippet:
        return []
    spans = []
    for part in snippet.split(" … "):
        at = doc.text.find(part)
        if part and at >= 0:
            spans.append([at, at + len(part)])
    return spans
