"""What the `codebook`, `statements` and `actors` commands do, as plain functions the CLI and tests call."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any, Iterable

from rich.markup import escape
from rich.table import Table

from standpunkt.actors.registry import AGGREGATION_LEVELS
from standpunkt.errors import ConfigError, InputError, StandpunktError, shorten
from standpunkt.export.files import CSV_SEP
from standpunkt.model import AGREEMENTS
from standpunkt.stance.embed import DEFAULT_EMBEDDING
from standpunkt.stance.codebook import Codebook, in_package, load_codebook
from standpunkt.store.filters import StatementFilter
from standpunkt.store.codebooks import store_codebook_view

STATEMENT_FORMATS = ("table", "jsonl", "csv")
_STATEMENT_COLUMNS = ("id", "date", "actor", "actor_kind", "role", "organisation", "party", "country",
                      "actor_candidate", "concept", "agreement", "confidence", "reviewed", "coded_by", "dataset",
                      "condition_text", "evidence_text", "document_id", "document_title", "pipeline_version")


# ------------------------------------------------------------------------------------------------- codebooks
def validate_codebook(path: str | Path) -> str:
    """One line saying the codebook is valid and what it holds (errors are raised as ConfigError)."""
    cb = load_codebook(path)
    clf = cb.classifier()
    n_kw = sum(len(c.keywords) for c in cb.concepts)
    n_ex = sum(len(c.examples) for c in cb.concepts)
    model = f"trained model {cb.model_dir()}" if clf is not None else "no trained model"
    scoped = sum(i.scope is not None for i in cb.issues)
    scope = (f", scope of {cb.scope.min_sentences}+ sentences" if cb.scope else "") + \
        (f", {scoped} issue scope(s)" if scoped else "")
    return (f"{path}: valid codebook {cb.name!r}: {len(cb.issues)} issues, {len(cb.concepts)} concepts, "
            f"{n_kw} keyword patterns, {n_ex} examples, {model}{scope}")


def _scope_text(scope: Any) -> str:
    return f"{scope.min_sentences}+ sentences with " + "; ".join(k.source for k in scope.keywords)


KEYWORD_LINES = 4  # keyword patterns shown per concept; more are marked with "…"


def codebook_table(path: str | Path) -> Table:
    """Issues as section rows, then their concepts: id and label, one keyword pattern a line (a pattern too wide
    for the column is cut with "…", never folded mid-word), and the number of examples."""
    cb = load_codebook(path)
    table = Table(title=f"codebook {cb.name} ({cb.path})", caption=f"scope: {_scope_text(cb.scope)}" if cb.scope
                  else None, expand=True)
    table.add_column("concept", ratio=2, overflow="ellipsis")
    table.add_column("label", ratio=3)
    table.add_column("keywords", ratio=4, no_wrap=True, overflow="ellipsis")
    table.add_column("ex.", justify="right", no_wrap=True)
    for issue in cb.issues:
        table.add_section()
        table.add_row(f"[bold]{issue.id}[/]", f"[bold]{issue.label}[/]",
                      f"[dim]scope: {_scope_text(issue.scope)}[/]" if issue.scope is not None else "", "")
        for c in issue.concepts:
            lines = [k.source for k in c.keywords[:KEYWORD_LINES]]
            if len(c.keywords) > KEYWORD_LINES:
                lines.append(f"… {len(c.keywords) - KEYWORD_LINES} more")
            table.add_row(c.id, c.label, "\n".join(lines), str(len(c.examples)))
    return table


def codebook_statements(codebook: Codebook, data: Iterable[str | Path] = ()) -> list[Any]:
    """The codebook's examples, its ``labelled`` files and ``data`` as labelled statements (`codebook train` and
    `learn` train on them). Examples are often taken from the labelled data: those count once."""
    from standpunkt.stance.classifier import LabelledStatement

    labelled: list[Any] = []
    for f in [Path(codebook.path).parent / f for f in codebook.labelled] + [Path(d) for d in data]:
        labelled += read_labelled(f, codebook)
    known = {(" ".join(s.text.split()), s.concept) for s in labelled}
    examples = [LabelledStatement(text=e.text, concept=c.id, issue=c.issue, agreement=e.agreement)
                for c in codebook.concepts for e in c.examples if (" ".join(e.text.split()), c.id) not in known]
    return examples + labelled


def read_labelled(path: str | Path, codebook: Codebook) -> list[Any]:
    """Labelled statements from JSONL: standpunkt's ``{"text", "concept", "agreement", "actor", "parties"}`` or
    DebateNet claims (``quote``, ``claimvalues``, ``cpos``), whose codes are mapped through the concepts' ``code``."""
    from standpunkt.corpora.claims import Claim
    from standpunkt.stance.classifier import LabelledStatement

    p = Path(path)
    if not p.is_file():
        raise InputError(str(p), "file not found")
    by_code = {c.code: c for c in codebook.concepts if c.code}
    ids = set(codebook.concept_ids())
    out = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(str(p), f"line {n}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise InputError(str(p), f"line {n}: expected a JSON object")
        if "claimvalues" in row:
            try:
                codes = row["claimvalues"]
                codes = json.loads(codes) if isinstance(codes, str) else codes
                claim = Claim(" ".join(str(row.get("quote", "")).split()), [int(c) for c in codes],
                              int(row["cpos"]), str(row.get("doc_id")), row.get("name"),
                              [x for x in str(row.get("parties") or "").split(",") if x and x != "NA"])
            except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
                raise InputError(str(p), f"line {n}: not a DebateNet claim ({exc})") from None
            if not claim.codes:
                continue
            concept = by_code.get(claim.concept) or by_code.get(claim.major)
            if concept is None or not claim.text:
                continue
            out.append(LabelledStatement(text=claim.text, concept=concept.id, issue=concept.issue,
                                         agreement="support" if claim.polarity > 0 else "oppose",
                                         actor=claim.actor, parties=claim.parties))
            continue
        text, concept, agreement = row.get("text"), row.get("concept"), row.get("agreement")
        if not isinstance(text, str) or not text.strip():
            raise InputError(str(p), f"line {n}: needs a non-empty \"text\"")
        if concept is not None and concept not in ids:
            raise InputError(str(p), f"line {n}: concept {concept!r} is not in the codebook")
        if agreement is not None and agreement not in AGREEMENTS:
            raise InputError(str(p), f"line {n}: agreement {agreement!r} is not one of {', '.join(AGREEMENTS)}")
        parties = row.get("parties") or []
        out.append(LabelledStatement(text=text, concept=concept, agreement=agreement, actor=row.get("actor"),
                                     parties=[parties] if isinstance(parties, str) else list(parties),
                                     issue=codebook.concept(concept).issue if concept else None))
    return out


def train_codebook(path: str | Path, data: Iterable[str | Path] = (), out: str | Path | None = None,
                   embedding: str = DEFAULT_EMBEDDING, progress: Any = None) -> str:
    """Train the codebook's classifier from its examples, its ``labelled`` files and ``data``; save it.
    ``embedding``: the sentence encoder of the classifier's embedding block ("use" or "e5"); ``progress(what,
    done, total)`` follows analysing, embedding and fitting."""
    from standpunkt.evaluate.stance import prepare_texts
    from standpunkt.stance.classifier import StatementClassifier

    cb = load_codebook(path)
    statements = codebook_statements(cb, data)
    target = Path(out) if out else cb.training_dir()
    if in_package(target):
        raise ConfigError("--out", f"{target} is inside the installed standpunkt package, which is never written; "
                                   "choose a folder of your own")
    analysed, emb = prepare_texts([" ".join(s.text.split()) for s in statements], embedding, progress)
    if progress:
        progress("fitting", 0, 1)
    clf = StatementClassifier(embedding).fit(statements, analysed=analysed, emb=emb)
    if progress:
        progress("fitting", 1, 1)
    clf.save(target)
    hint = "" if target == cb.model_dir() else \
        f" (to use it, set the codebook's 'model:' to {_relative(target, Path(cb.path).resolve().parent)})"
    return (f"trained on {len(statements)} labelled statements ({clf.meta['concepts']} concepts, agreements: "
            f"{', '.join(clf.meta['agreements']) or 'none'}); saved to {target}{hint}")


def _relative(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when it lies below it (what a codebook's ``model:`` would say), else whole."""
    path = path.resolve()
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


# ------------------------------------------------------------------------------------------------ statements
def _aggregate(row: dict[str, Any], level: str) -> str:
    if level == "person":
        return row["actor"]
    value = row.get(level) or (row.get("party") if level == "organisation" else None)
    return value or row["actor"]


def _spans_text(text: str | None, spans: Any) -> str:
    if not text or not spans:
        return ""
    return " … ".join(text[s[0]:s[1]] for s in spans)


def statement_rows(db: str | None = None, where: StatementFilter | None = None, *, level: str = "person",
                   candidates_only: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Effective statements (after human review) from the store, with evidence and condition text resolved."""
    from standpunkt.store import open_store

    where = where or StatementFilter()
    if level not in AGGREGATION_LEVELS:
        raise ConfigError("--level", f"unknown level {level!r}; choose one of {', '.join(AGGREGATION_LEVELS)}")
    for a in where.agreements:
        if a not in AGREEMENTS:
            raise ConfigError("--agreement", f"{a!r} is not one of {', '.join(AGREEMENTS)}")
    with open_store(db) as store:
        view = store_codebook_view(store)
        rows = store.statements(where, limit=None)
        texts: dict[str, str] = {}
        out = []
        for r in rows:
            if candidates_only and not r.get("actor_candidate"):
                continue
            doc_id = r["document_id"]
            if doc_id is None:  # imported without its text (a statements CSV, a DNA statement without document)
                texts[doc_id] = ""
            elif doc_id not in texts:
                try:
                    texts[doc_id] = store.get_document(doc_id).text
                except StandpunktError:
                    texts[doc_id] = ""
            r = dict(r)
            r["speaker"] = r["actor"]
            r["actor"] = _aggregate(r, level)
            r["concept_label"] = view.label(r["concept"])
            r["condition_text"] = _spans_text(texts[doc_id], r.get("condition"))
            r["evidence_text"] = _spans_text(texts[doc_id], r.get("evidence"))
            out.append(r)
            if limit is not None and len(out) >= limit:
                break
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return value


def format_statements(rows: list[dict[str, Any]], fmt: str = "table", sep: str = CSV_SEP) -> Any:
    """A rich Table, or JSON lines / CSV text (separated by ``sep``)."""
    if fmt not in STATEMENT_FORMATS:
        raise ConfigError("--format", f"unknown format {fmt!r}; choose one of {', '.join(STATEMENT_FORMATS)}")
    if fmt == "jsonl":
        return "".join(json.dumps({k: _jsonable(r.get(k)) for k in _STATEMENT_COLUMNS + ("speaker", "condition",
                                                                                    "evidence")},
                                  ensure_ascii=False) + "\n" for r in rows)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(_STATEMENT_COLUMNS), extrasaction="ignore", delimiter=sep)
        writer.writeheader()
        from standpunkt.export.tables import csv_safe

        for r in rows:
            writer.writerow({k: csv_safe(_jsonable(r.get(k))) for k in _STATEMENT_COLUMNS})
        return buf.getvalue()
    # readable at 100 columns: short columns never wrap, text columns wrap between words, and a word too long for
    # its column is cut with "…"; concepts by their codebook label; a condition under its evidence
    table = Table(title=f"{len(rows)} statements", caption="✎ reviewed or coded by a person", expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("actor", ratio=3, overflow="ellipsis")
    table.add_column("concept", ratio=3, overflow="ellipsis")
    table.add_column("agreement", no_wrap=True)
    table.add_column("conf.", no_wrap=True)
    table.add_column("evidence (condition)", ratio=5, overflow="ellipsis")
    marks = {"support": "[green]support[/]", "oppose": "[red]oppose[/]", "conditional": "[yellow]conditional[/]",
             "neutral": "neutral"}
    for r in rows:
        actor = escape(r["actor"]) + (" [dim](candidate)[/]" if r.get("actor_candidate") and r["actor"] == r["speaker"]
                                      else "")
        evidence = escape(shorten(r["evidence_text"], 120))
        if r["condition_text"]:
            evidence += f"\n[yellow]if:[/] {escape(shorten(r['condition_text'], 80))}"
        table.add_row(str(r["id"]), str(r["date"] or ""), actor,
                      escape(r.get("concept_label") or r["concept"]),
                      marks.get(r["agreement"], r["agreement"]) + (" ✎" if r.get("reviewed") else ""),
                      f"{r['confidence']:.2f}" if r.get("confidence") is not None else "", evidence)
    return table


def actor_rows(db: str | None = None, *, candidates: bool | None = None) -> list[dict[str, Any]]:
    """Actors in the store with their numbers of statements and quotations (candidates: inferred from text,
    awaiting review)."""
    from standpunkt.store import open_store

    with open_store(db) as store:
        return [{k: _jsonable(v) for k, v in r.items()} for r in store.actors(candidates=candidates)]


def actors_table(db: str | None = None, *, candidates: bool | None = None) -> Table:
    """Actors in the store as a table."""
    rows = actor_rows(db, candidates=candidates)
    title = "candidate actors (inferred from text; add them to your registry or merge them in review)" \
        if candidates else "actors"
    # one line per actor at any width: a value too long for its column is cut with "…"
    table = Table(title=f"{title}: {len(rows)}", caption="? candidate: inferred from text" if any(
        r.get("candidate") for r in rows) else None, expand=True)  # expand: the ratios share out the width
    for col, ratio in (("name", 6), ("kind", 0), ("role", 3), ("organisation", 3), ("party", 2), ("country", 2)):
        table.add_column(col, no_wrap=True, overflow="ellipsis", ratio=ratio or None)
    table.add_column("stmts", justify="right", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)  # quotations they speak (with or without a codebook)
    for r in rows:
        table.add_row(r["name"] + (" ?" if r.get("candidate") else ""), r.get("kind") or "", r.get("role") or "",
                      r.get("organisation") or "", r.get("party") or "", r.get("country") or "",
                      str(r.get("statements", 0)), str(r.get("quotations", 0)))
    return table
