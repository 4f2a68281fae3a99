"""Benchmark: the stance matrix page over 10,000 statements in an SQLite store.

Prints the median wall time of the whole HTML page (request to rendered response, in process) and of its JSON
twin, with ratios against a baseline measured in the same run: the raw SQL query that fetches the same statements'
actor, concept and agreement with no review logic (the least any matrix must do). Target: page < 1 s. The CPU
time (all threads of the process) is printed too: on a shared, busy machine it moves less than the wall time.

    .venv/bin/python benchmarks/bench_web_matrix.py [--statements 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlalchemy as sa

from standpunkt.model import AGREEMENTS, Actor, Analysis, Document, Quotation, Span, Statement
from standpunkt.store import Store

STATEMENTS_PER_DOCUMENT = 20
N_ACTORS = 200
N_CONCEPTS = 30
TARGET_S = 1.0
SEED = 7


def build(store: Store, n_statements: int) -> None:
    """Synthetic but realistic shape: 200 actors (skewed activity), 30 concepts, 20 statements per article."""
    rng = random.Random(SEED)
    actors = [Actor(name=f"Politikerin {i:03d}", party=rng.choice(["SPD", "CDU", "Grüne", "FDP", "AfD"]))
              for i in range(N_ACTORS)]
    weights = [1.0 / (i + 1) ** 0.8 for i in range(N_ACTORS)]  # a few actors speak a lot, most rarely
    concepts = [f"Konzept {j:02d}" for j in range(N_CONCEPTS)]
    body = "Die Ministerin sagte, man werde das prüfen. " * 40
    analyses = []
    for d in range(n_statements // STATEMENTS_PER_DOCUMENT):
        doc = Document(text=f"Artikel {d}. {body}", title=f"Artikel {d}", outlet=rng.choice(["taz", "FAZ", "SZ"]),
                       published=datetime(2024, 1, 1, tzinfo=timezone.utc) + timedelta(days=d % 365))
        quote = Quotation("Indirect", message=[Span(30, 60)], cue=[Span(24, 29)], speaker=[Span(10, 23)])
        statements = [Statement(actor=rng.choices(actors, weights)[0], concept=rng.choice(concepts),
                                agreement=rng.choice(AGREEMENTS), quotation=0, evidence=[Span(30, 60)],
                                confidence=rng.random()) for _ in range(STATEMENTS_PER_DOCUMENT)]
        analyses.append(Analysis(document=doc, quotations=[quote], statements=statements, pipeline_version="bench"))
    store.save_analyses(analyses, codebook="bench")


def median_time(fn, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    """Median (wall, CPU) seconds of ``repeat`` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from standpunkt.store import schema as t
    from standpunkt.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        t0 = time.perf_counter()
        build(store, args.statements)
        print(f"built store: {store.count_statements()} statements in {time.perf_counter() - t0:.1f} s")
        client = TestClient(create_app(store=store))

        raw = sa.select(t.actors.c.name, t.statements.c.concept, t.statements.c.agreement).join(
            t.actors, t.actors.c.id == t.statements.c.actor_id)

        def raw_sql() -> None:
            with store.engine.connect() as conn:
                conn.execute(raw).fetchall()

        def page() -> None:
            response = client.get("/matrix")
            assert response.status_code == 200 and "Stance matrix" in response.text

        def api() -> None:
            response = client.get("/api/matrix")
            assert response.status_code == 200 and response.json()["n_statements"] == args.statements

        page()  # warm up: templates compiled, imports done
        base = median_time(raw_sql, args.repeat)
        t_store = median_time(store.statements, args.repeat)
        t_api = median_time(api, args.repeat)
        t_page = median_time(page, args.repeat)
        cells = len(client.get("/api/matrix").json()["cells"])
        size = len(client.get("/matrix").content)
        store.close()
    print(f"matrix: {N_ACTORS} actors x {N_CONCEPTS} concepts, {cells} non-empty cells, page {size / 1e6:.2f} MB")
    print(f"{'':28s} {'wall':>9s} {'ratio':>6s} {'CPU':>9s} {'ratio':>6s}")
    for label, (wall, cpu) in (("raw SQL (baseline)", base), ("Store.statements()", t_store),
                               ("GET /api/matrix", t_api), ("GET /matrix (HTML page)", t_page)):
        print(f"{label:28s} {wall * 1000:6.0f} ms {wall / base[0]:5.1f}x {cpu * 1000:6.0f} ms {cpu / base[1]:5.1f}x")
    ok = t_page[0] < TARGET_S
    print(f"{'PASS' if ok else 'FAIL'}: matrix page over {args.statements} statements in {t_page[0]:.2f} s wall, "
          f"{t_page[1]:.2f} s CPU (target < {TARGET_S:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
