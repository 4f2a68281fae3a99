"""A store for the learning tests, built from real DebateNet claims: articles whose statements a poor rule-based
coder put all under one concept, and a small codebook of three concepts (DebateNet major fields 100, 200, 500)."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from standpunkt.model import Actor, Analysis, Document, Span, Statement
from standpunkt.store import Store

CLAIMS = Path(__file__).resolve().parents[2] / "shared" / "data" / "debatenet-mig15" / "claims.jsonl"
MAJORS = {"100": "steuerung", "200": "aufenthalt", "500": "aussenpolitik"}
RULE_CONCEPT = "steuerung"  # the rule coder's answer for everything

CODEBOOK = """\
name: Migration (three fields)
issues:
  - id: migration
    label: Migration
    concepts:
      - id: steuerung
        code: "100"
        label: Steuerung von Migration
        description: Zuwanderung begrenzen, steuern, Obergrenzen, sichere Herkunftsländer
        examples: ["Wir brauchen eine Obergrenze für Flüchtlinge"]
      - id: aufenthalt
        code: "200"
        label: Aufenthalt
        description: Unterbringung, Bleiberecht und Versorgung von Flüchtlingen
        examples: ["Die Flüchtlinge sollen in Wohnungen statt in Turnhallen untergebracht werden"]
      - id: aussenpolitik
        code: "500"
        label: Außenpolitik und internationale Perspektive
        description: Europäische Verteilung, Fluchtursachen, Türkei, Grenzschutz der EU
        examples: ["Die Lasten müssen in Europa gerecht verteilt werden"]
"""


def claims_by_document(n_docs: int, per_doc: int = 4) -> list[list[dict]]:
    """``n_docs`` DebateNet articles with at least ``per_doc`` claims of the three fields (first ``per_doc`` each)."""
    docs: dict[str, list[dict]] = defaultdict(list)
    for line in CLAIMS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        codes = json.loads(row["claimvalues"]) if isinstance(row["claimvalues"], str) else row["claimvalues"]
        major = str(codes[0] // 100 * 100)
        quote = " ".join(str(row["quote"]).split())
        if major in MAJORS and row["cpos"] in (1, -1) and len(quote) > 20:
            docs[str(row["doc_id"])].append({**row, "quote": quote, "concept": MAJORS[major],
                                             "agreement": "support" if row["cpos"] == 1 else "oppose"})
    chosen = [claims[:per_doc] for _, claims in sorted(docs.items()) if len(claims) >= per_doc]
    return chosen[:n_docs]


def build_store(store: Store, codebook: str, n_docs: int = 30) -> dict[int, tuple[str, str]]:
    """Store the articles with rule-coded statements; returns the gold (concept, agreement) per statement id."""
    gold_by_key: dict[tuple[str, int], tuple[str, str]] = {}
    for k, claims in enumerate(claims_by_document(n_docs)):
        text, spans = "", []
        for c in claims:
            start = len(text)
            text += c["quote"] + ". "
            spans.append(Span(start, start + len(c["quote"])))
        doc = Document(text=text, title=f"Artikel {c['doc_id']}", outlet="debatenet",
                       published=datetime(2015, 1, 1 + k % 28, tzinfo=timezone.utc))
        statements = [Statement(actor=Actor(c["name"] or "unbekannt", party=None if c.get("parties") in (None, "NA")
                                            else c["parties"]),
                                concept=RULE_CONCEPT, agreement="support", evidence=[sp], confidence=0.6)
                      for c, sp in zip(claims, spans)]
        store.save_analysis(Analysis(document=doc, statements=statements, pipeline_version="test"),
                            codebook=codebook)
        for i, c in enumerate(claims):
            gold_by_key[(doc.id, spans[i].start)] = (c["concept"], c["agreement"])
    gold = {}
    for row in store.statements(include_rejected=True):
        gold[row["id"]] = gold_by_key[(row["document_id"], row["evidence"][0][0])]
    return gold


def review(store: Store, gold: dict[int, tuple[str, str]], document_ids: set[str], reviewer: str = "anna") -> int:
    """Review every statement of these documents as the gold says (accept when right, else edit)."""
    n = 0
    for row in store.statements():
        if row["document_id"] not in document_ids:
            continue
        concept, agreement = gold[row["id"]]
        if (row["concept"], row["agreement"]) == (concept, agreement):
            store.review_statement(row["id"], reviewer, "accept")
        else:
            store.review_statement(row["id"], reviewer, "edit", concept=concept, agreement=agreement,
                                   evidence=row["evidence"], condition=row["condition"])
        n += 1
    return n
