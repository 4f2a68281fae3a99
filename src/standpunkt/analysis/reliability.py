"""Inter-coder reliability: how far coders (people, and the machine) agree on the agreement value of a statement.

A *unit* is one actor's position on one concept in one document — ``(document, actor, concept)``, the key under
which standpunkt keeps one statement. Each coder gives a unit at most one value (support / oppose / conditional /
neutral; a coder with several statements on one unit gives its most frequent value, ties: the latest).

Coders:
``machine``
    the machine's original values of every machine statement (reviewed, rejected or not);
a person
    the statements they coded by hand (``meta.coder``), and the machine statements they reviewed: an accepted
    statement carries the machine's values, an edited one the person's (reviews saw the machine's proposal, so
    coder-vs-machine agreement that rests on reviews is an upper bound, not an independent test);
``import:DATASET``
    statements imported from a hand-coded dataset.

Measures: Krippendorff's alpha (nominal, with missing values: every coder need not code every unit) over all
coders, overall and per concept; and for each pair of coders Cohen's kappa and the share of identical values on the
units both coded, with how many units only one of them coded (unitizing: who found which statements).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import Any

MACHINE = "machine"

Unit = tuple[str, str, str]  # document, actor, concept


def coder_values(rows: Iterable[dict[str, Any]],
                 reviews: dict[int, list[dict[str, Any]]] | None = None) -> dict[str, dict[Unit, str]]:
    """Per coder, the value of each unit it coded, from :meth:`Store.statements` rows (``include_rejected``)
    and, optionally, each statement's reviews (``Store.reviews``) so that every reviewer counts, not only the
    latest."""
    votes: dict[str, dict[Unit, list[str]]] = {}

    def vote(coder: str, unit: Unit, value: str) -> None:
        votes.setdefault(coder, {}).setdefault(unit, []).append(value)

    for r in rows:
        doc = str(r.get("document_id") or "")
        if r["origin"] in ("machine", "superseded"):
            vote(MACHINE, (doc, r["machine_actor"], r["machine_concept"]), r["machine_agreement"])
            history = (reviews or {}).get(r["id"])
            if history is None and r.get("reviewer") and r.get("review_action") != "reject":
                vote(r["reviewer"], (doc, r["actor"], r["concept"]), r["agreement"])
            for person, final in _per_reviewer(history or [], r).items():
                if final is not None:
                    vote(person, final[0], final[1])
        elif r["origin"] == "manual":
            if r.get("review_action") != "reject":
                vote((r.get("meta") or {}).get("coder") or "manual", (doc, r["actor"], r["concept"]), r["agreement"])
        elif r["origin"] == "import":
            vote(f"import:{r.get('dataset') or 'import'}", (doc, r["actor"], r["concept"]), r["agreement"])
    out: dict[str, dict[Unit, str]] = {}
    for coder, units in votes.items():
        out[coder] = {}
        for unit, values in units.items():
            counts = Counter(values)
            top = max(counts.values())
            out[coder][unit] = next(v for v in reversed(values) if counts[v] == top)
    return out


def _per_reviewer(history: list[dict[str, Any]], row: dict[str, Any]) -> dict[str, tuple[Unit, str] | None]:
    """Each reviewer's last word on a machine statement: (unit, value), or None for a rejection."""
    doc = str(row.get("document_id") or "")
    out: dict[str, tuple[Unit, str] | None] = {}
    current = (row["machine_actor"], row["machine_concept"], row["machine_agreement"])
    for rv in history:
        if rv["action"] == "edit":
            current = (rv.get("actor") or current[0], rv.get("concept") or current[1],
                       rv.get("agreement") or current[2])
        if rv["action"] == "reject":
            out[rv["reviewer"]] = None
        else:
            out[rv["reviewer"]] = ((doc, current[0], current[1]), current[2])
    return out


def krippendorff_alpha(units: list[list[str]]) -> float | None:
    """Nominal alpha over units given as the list of values their coders gave (missing values left out). Units
    with fewer than two values are not pairable and do not count. None when undefined (fewer than two pairable
    values, or one value only in all the data)."""
    pairable = [u for u in units if len(u) >= 2]
    o: Counter[tuple[str, str]] = Counter()
    for values in pairable:
        m = len(values)
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    o[(a, b)] += 1.0 / (m - 1)
    n_c: Counter[str] = Counter()
    for (a, _b), w in o.items():
        n_c[a] += w
    n = sum(n_c.values())
    if n < 2:
        return None
    expected = sum(n_c[a] * n_c[b] for a in n_c for b in n_c if a != b)
    if expected == 0:
        return None
    observed = sum(w for (a, b), w in o.items() if a != b)
    return 1.0 - (n - 1) * observed / expected


def cohen_kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two coders' values on the same units; None when undefined (no units, or both coders used
    one and the same value throughout)."""
    n = len(a)
    if n == 0:
        return None
    p_o = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    p_e = sum(ca[v] * cb[v] for v in ca) / (n * n)
    if p_e >= 1.0:
        return None
    return (p_o - p_e) / (1.0 - p_e)


def reliability(values: dict[str, dict[Unit, str]], *, coders: list[str] | None = None) -> dict[str, Any]:
    """Alpha overall and per concept, and per pair of coders kappa, percent agreement and unit coverage."""
    coders = sorted(coders or values, key=lambda c: (c != MACHINE, c))
    coders = [c for c in coders if c in values]
    units = sorted({u for c in coders for u in values[c]})
    per_unit = {u: [values[c][u] for c in coders if u in values[c]] for u in units}
    concepts = sorted({u[2] for u in units})
    per_concept = []
    for concept in concepts:
        mine = [per_unit[u] for u in units if u[2] == concept]
        per_concept.append({"concept": concept, "units": len(mine),
                            "coded_twice": sum(1 for v in mine if len(v) >= 2),
                            "alpha": _round(krippendorff_alpha(mine))})
    pairs = []
    for a, b in combinations(coders, 2):
        both = [u for u in units if u in values[a] and u in values[b]]
        va, vb = [values[a][u] for u in both], [values[b][u] for u in both]
        pairs.append({"coder_a": a, "coder_b": b, "both": len(both),
                      "only_a": len(values[a]) - len(both), "only_b": len(values[b]) - len(both),
                      "agreement": _round(sum(x == y for x, y in zip(va, vb)) / len(both)) if both else None,
                      "kappa": _round(cohen_kappa(va, vb))})
    return {"coders": [{"coder": c, "units": len(values[c])} for c in coders], "units": len(units),
            "coded_twice": sum(1 for v in per_unit.values() if len(v) >= 2),
            "alpha": _round(krippendorff_alpha(list(per_unit.values()))), "per_concept": per_concept,
            "pairs": pairs}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def store_reliability(store: Any, *, document_id: str | None = None,
                      coders: list[str] | None = None) -> dict[str, Any]:
    """:func:`reliability` of the statements in a store (all, or one document's)."""
    import sqlalchemy as sa

    from standpunkt.store import schema as t

    rows = store.statements(document_id=document_id, include_rejected=True)
    reviews: dict[int, list[dict[str, Any]]] = {}
    r = t.statement_reviews
    q = (sa.select(r.c.statement_id, r.c.reviewer, r.c.action, r.c.concept, r.c.agreement,
                   t.actors.c.name.label("actor"))
         .outerjoin(t.actors, t.actors.c.id == r.c.actor_id).order_by(r.c.id))
    with store.engine.connect() as conn:
        for m in conn.execute(q).mappings():
            reviews.setdefault(m["statement_id"], []).append(dict(m))
    return reliability(coder_values(rows, reviews), coders=coders)
