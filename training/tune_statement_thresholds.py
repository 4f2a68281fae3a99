"""Choose the concept thresholds of ``standpunkt.stance.statements`` on e2e-dev part A; report part B untouched.

The thresholds decide when a quotation without concept keywords still gets a concept: from the embedding alone
(``EMBEDDING_ONLY_MIN_SIMILARITY``, ``EMBEDDING_MARGIN``) or from the sentences before it
(``CONTEXT_MIN_SIMILARITY``). A grid is scored on part A (triples F1, ties by statement precision); the best setting
is then measured once on part B, which plays no part in the choice.

    python training/tune_statement_thresholds.py ../shared/data/e2e-dev/part-a ../shared/data/e2e-dev/part-b
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from standpunkt.corpora.e2e import read_gold
from standpunkt.evaluate.statements import predict, score
from standpunkt.stance import statements as S

GRID = {
    "EMBEDDING_ONLY_MIN_SIMILARITY": [0.55, 0.62, 0.70, 1.01],
    "EMBEDDING_MARGIN": [0.04, 0.08],
    "CONTEXT_MIN_SIMILARITY": [0.30, 0.40, 0.50],
}


def figures(directory: Path) -> tuple[float, float, float]:
    articles = read_gold(directory)
    predictions, _ = predict(directory, articles)
    s = score(articles, predictions)
    return s.f1, s.statement_precision, s.actor_concept_recall


def main(tune_dir: str, check_dir: str) -> None:
    tune, check = Path(tune_dir), Path(check_dir)
    results = []
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(GRID, values))
        for name, value in setting.items():
            setattr(S, name, value)
        f1, precision, recall = figures(tune)
        results.append(((f1, precision), setting))
        print(f"{setting}  part A: F1 {f1:.3f}  statement precision {precision:.3f}  pair recall {recall:.3f}",
              flush=True)
    (best_f1, best_p), best = max(results, key=lambda r: r[0])
    for name, value in best.items():
        setattr(S, name, value)
    f1, precision, recall = figures(check)
    print(f"best on part A: {best} (F1 {best_f1:.3f}); part B with it: F1 {f1:.3f}, statement precision "
          f"{precision:.3f}, pair recall {recall:.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
