"""Statements CSV import with a column mapping (YAML), e.g. hand-coded claims from other projects.

Mapping format (documented in docs/analysis.md; ``examples/dna-nuclear-mapping.yaml`` is a full example)::

    dataset: dna-nuclear            # label in the import keys (default: the file name)
    delimiter: ","                  # default ","
    encoding: utf-8
    columns:                        # standpunkt field: CSV column; actor, concept, agreement are required
      actor: speaker
      concept: concept
      date: date
      agreement: increment
    values:                         # optional value translation per field (CSV text → standpunkt value)
      agreement: {"1": support, "-1": oppose}
    date_format: "%Y-%m-%d"         # optional strptime format (default: ISO dates)
    meta: [default]                 # further columns kept in each statement's meta
    actors:                         # optional second table with actor attributes
      file: nodes.csv               # relative to the statements file (or --actors FILE)
      key: name                     # its column matching the statements' actor
      where: {type: "0"}            # keep only rows with these values
      columns: {organisation: org, party: party}
      values: {party: {"32": SPD}}
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from standpunkt.analysis.frame import AnalysisError, normalise_agreement
from standpunkt.errors import ConfigError, InputError
from standpunkt.export.keys import stable_key
from standpunkt.model import ACTOR_KINDS, Actor, Document

STATEMENT_FIELDS = ("actor", "concept", "agreement", "date", "confidence", "organisation", "party", "country",
                    "actor_kind", "role", "form", "document_id", "document_title", "outlet", "text", "condition",
                    "evidence_start", "evidence_end")
REQUIRED_FIELDS = ("actor", "concept", "agreement")
ACTOR_FIELDS = ("organisation", "party", "country", "actor_kind", "role")


@dataclass
class ActorTable:
    file: str
    key: str
    columns: dict[str, str]
    where: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class ColumnMapping:
    columns: dict[str, str]
    dataset: str | None = None
    delimiter: str = ","
    encoding: str = "utf-8"
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    date_format: str | None = None
    meta: list[str] = field(default_factory=list)
    actors: ActorTable | None = None
    source: str = "<mapping>"


MAX_YAML_ALIASES = 100  # a column mapping needs none; thousands of nested ones are a "billion laughs" bomb


class _TooManyAliases(yaml.YAMLError):
    pass


class _FewAliasesLoader(yaml.SafeLoader):
    """SafeLoader that refuses a document with more than MAX_YAML_ALIASES aliases (before they are expanded)."""

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201
        if self.check_event(yaml.AliasEvent):
            self._aliases = getattr(self, "_aliases", 0) + 1
            if self._aliases > MAX_YAML_ALIASES:
                raise _TooManyAliases(f"more than {MAX_YAML_ALIASES} YAML aliases (an alias bomb?)")
        return super().compose_node(parent, index)


def load_mapping(path: Path) -> ColumnMapping:
    """Read and validate a mapping file; every mistake is a one-line :class:`ConfigError`."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_FewAliasesLoader)  # noqa: S506 - a SafeLoader
    except FileNotFoundError:
        raise ConfigError(str(path), "no such mapping file") from None
    except _TooManyAliases as exc:
        raise ConfigError(str(path), str(exc)) from None
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), f"not valid YAML ({exc.__class__.__name__})") from None
    return mapping_from_dict(data, str(path))


def mapping_from_dict(data: Any, source: str = "<mapping>") -> ColumnMapping:
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise ConfigError(source, "a mapping needs a 'columns' table (standpunkt field: CSV column)")
    columns = {str(k): str(v) for k, v in data["columns"].items()}
    unknown = sorted(set(columns) - set(STATEMENT_FIELDS))
    if unknown:
        raise ConfigError(source, f"unknown fields {unknown} in 'columns' (known: {', '.join(STATEMENT_FIELDS)})")
    missing = [f for f in REQUIRED_FIELDS if f not in columns]
    if missing:
        raise ConfigError(source, f"'columns' must map {', '.join(missing)}")
    actors = None
    if data.get("actors") is not None:
        a = data["actors"]
        if not isinstance(a, dict) or "key" not in a or not isinstance(a.get("columns"), dict):
            raise ConfigError(source, "'actors' needs 'key' and a 'columns' table")
        bad = sorted(set(a["columns"]) - set(ACTOR_FIELDS))
        if bad:
            raise ConfigError(source, f"unknown actor fields {bad} (known: {', '.join(ACTOR_FIELDS)})")
        actors = ActorTable(file=str(a.get("file") or ""), key=str(a["key"]),
                            columns={str(k): str(v) for k, v in a["columns"].items()},
                            where={str(k): str(v) for k, v in (a.get("where") or {}).items()},
                            values=_values(a.get("values"), source))
    return ColumnMapping(columns=columns, dataset=data.get("dataset"), delimiter=str(data.get("delimiter", ",")),
                         encoding=str(data.get("encoding", "utf-8")), values=_values(data.get("values"), source),
                         date_format=data.get("date_format"), meta=[str(m) for m in data.get("meta") or []],
                         actors=actors, source=source)


def _values(raw: Any, source: str) -> dict[str, dict[str, str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise ConfigError(source, "'values' maps a field to a table of CSV value → standpunkt value")
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in raw.items()}


def _read_rows(path: Path, delimiter: str, encoding: str) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with open(path, newline="", encoding=encoding) as fh:
            reader = csv.DictReader(fh, delimiter=delimiter)
            rows = list(reader)
            return list(reader.fieldnames or []), rows
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), f"not {encoding} text (set 'encoding' in the mapping)") from None
    except csv.Error as exc:
        raise InputError(str(path), f"malformed CSV ({exc})") from None


def _actor_table(table: ActorTable, path: Path, encoding: str, delimiter: str) -> dict[str, dict[str, str]]:
    header, rows = _read_rows(path, delimiter, encoding)
    needed = [table.key, *table.columns.values(), *table.where]
    missing = [c for c in needed if c not in header]
    if missing:
        raise InputError(str(path), f"actor table lacks columns {missing}")
    out: dict[str, dict[str, str]] = {}
    for row in rows:
        if any(row.get(k, "") != v for k, v in table.where.items()):
            continue
        attrs = {}
        for fld, col in table.columns.items():
            value = (row.get(col) or "").strip()
            value = table.values.get(fld, {}).get(value, value)
            if value:
                attrs[fld] = value
        out[row[table.key].strip()] = attrs
    return out


def _parse_date(value: str, fmt: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.strptime(value, fmt).date() if fmt else date.fromisoformat(value[:10])
    except ValueError:
        raise AnalysisError(f"not a date: {value!r}" + (f" (format {fmt})" if fmt else " (ISO YYYY-MM-DD)")) from None


def read_statements_csv(path: Path, mapping: ColumnMapping, *, actors_file: Path | None = None) -> list[dict[str, Any]]:
    """Records (see :mod:`standpunkt.export.records`) of a statements CSV under a column mapping."""
    path = Path(path)
    header, rows = _read_rows(path, mapping.delimiter, mapping.encoding)
    missing = [c for c in [*mapping.columns.values(), *mapping.meta] if c not in header]
    if missing:
        raise InputError(str(path), f"columns {missing} named in {mapping.source} are not in the file "
                                    f"(it has {', '.join(header)})")
    actor_attrs: dict[str, dict[str, str]] = {}
    if mapping.actors is not None:
        table_path = actors_file or (path.parent / mapping.actors.file if mapping.actors.file else None)
        if table_path is None:
            raise ConfigError(mapping.source, "'actors' names no file; pass --actors FILE")
        actor_attrs = _actor_table(mapping.actors, Path(table_path), mapping.encoding, mapping.delimiter)
    dataset = mapping.dataset or path.name
    seen: Counter = Counter()
    docs: dict[str, Document] = {}
    records = []
    for line, row in enumerate(rows, start=2):
        def get(fld: str) -> str | None:
            col = mapping.columns.get(fld)
            if col is None:
                return None
            raw = (row.get(col) or "").strip()
            return mapping.values.get(fld, {}).get(raw, raw) or None

        try:
            actor_name, concept = get("actor"), get("concept")
            if not actor_name or not concept:
                raise AnalysisError("empty actor or concept")
            agreement = normalise_agreement(get("agreement"))
            day = _parse_date(get("date") or "", mapping.date_format)
            confidence = float(get("confidence") or 1.0)
        except (AnalysisError, ValueError) as exc:
            raise InputError(str(path), f"line {line}: {exc}") from None
        attrs = {f: get(f) for f in ACTOR_FIELDS if get(f)}
        attrs = {**actor_attrs.get(actor_name, {}), **attrs}
        # an actor that is its own organisation (nodes.csv: name == org) is that organisation, not a person
        kind = attrs.pop("actor_kind", None) or ("organisation" if attrs.get("organisation") == actor_name
                                                 else "person")
        if kind not in ACTOR_KINDS:
            raise InputError(str(path), f"line {line}: actor kind {kind!r} is not one of {', '.join(ACTOR_KINDS)}")
        actor = Actor(name=actor_name, kind=kind, **attrs)
        doc = None
        text = get("text")
        if text:
            doc = docs.get(text) or Document(text=text, title=get("document_title"), outlet=get("outlet"),
                                             source=f"{path.name}:{line}")
            docs[text] = doc
        evidence = []
        if doc is not None:
            start, end = get("evidence_start"), get("evidence_end")
            evidence = [[int(start), int(end)]] if start and end else [[0, len(doc.text)]]
        meta = {m: row.get(m) for m in mapping.meta}
        meta.update({"dataset": dataset, "line": line})
        if get("document_id"):
            meta["source_document"] = get("document_id")
        condition = get("condition")
        if condition:
            meta["condition_text"] = condition
        records.append({
            "key": stable_key(f"csv:{dataset}", actor_name, concept, agreement, day, get("document_id"), text,
                              seen=seen),
            "actor": actor, "concept": concept, "agreement": agreement, "date": day, "confidence": confidence,
            "document": doc, "evidence": evidence, "form": get("form"), "meta": meta,
        })
    if not records:
        raise InputError(str(path), "no statements in the file")
    return records
