"""Where a codebook's learned models live (:mod:`standpunkt.commands.learn` trains them; the pipeline and
:meth:`standpunkt.stance.codebook.Codebook.classifier` load the current one), the text a statement is coded from,
and self-training (:func:`fit_self_trained`), the way a learn run also learns from the statements nobody reviewed.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from standpunkt.stance.embed import DEFAULT_EMBEDDING

if TYPE_CHECKING:  # the codebook imports this module to find its learned model
    from standpunkt.stance.codebook import Codebook

#: The installed package: learned models are never written inside it.
PACKAGE_DIR = Path(__file__).resolve().parents[1]

#: Folder name suffix of a codebook's learned models, beside the codebook.
LEARNED_SUFFIX = ".learned"
#: The file in the artifact root naming the model in use.
CURRENT_FILE = "CURRENT"
_QUOTE_CHARS = '"„“”‚‘’»«\''
#: Self-training: an unreviewed statement joins the training data with the concept the model trained on the reviews
#: gives it when the model's confidence is at least this and the statement's first machine code has the same concept
#: (:func:`fit_self_trained`). 0.4 on DebateNet (benchmarks/bench_learning_curve.py, docs/stance.md).
SELF_TRAIN_CONFIDENCE = 0.4


# ------------------------------------------------------------------------------------------ artifacts
def artifact_root(codebook: Codebook) -> Path:
    """Where this codebook's learned models live: ``<codebook>.learned/`` beside it when that folder can be
    written, else ``<user data dir>/standpunkt/learned/<name>-<hash>/`` (``$STANDPUNKT_DATA_DIR`` overrides
    the user data directory). Never inside the installed package."""
    path = Path(codebook.path).resolve()
    beside = path.with_name(path.stem + LEARNED_SUFFIX)
    package = PACKAGE_DIR
    if package not in beside.parents and _writable(beside):
        return beside
    import hashlib

    base = os.environ.get("STANDPUNKT_DATA_DIR")
    if not base:
        from platformdirs import user_data_dir

        base = user_data_dir("standpunkt", appauthor=False)
    tag = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    return Path(base) / "learned" / f"{path.stem}-{tag}"


def _writable(folder: Path) -> bool:
    if folder.exists():
        return os.access(folder, os.W_OK)
    return os.access(folder.parent, os.W_OK)


def current_model(codebook: Codebook) -> Path | None:
    """The learned model in use for this codebook, or None when it has not learned yet."""
    root = artifact_root(codebook)
    try:
        name = (root / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = root / name
    return folder if (folder / "classifier.json").is_file() else None


def save_artifact(codebook: Codebook, classifier: Any, info: dict[str, Any]) -> tuple[str, Path]:
    """Save a trained classifier as the next version (``v0001``, ``v0002``, …) and make it current. Written to a
    temporary folder and renamed, so a reader never sees half a model; older versions are kept."""
    root = artifact_root(codebook)
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[1:]) for p in root.iterdir() if p.is_dir() and p.name[:1] == "v" and p.name[1:].isdigit()]
    version = f"v{max(numbers, default=0) + 1:04d}"
    tmp = root / f".{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    classifier.save(tmp)
    (tmp / "learn.json").write_text(json.dumps({"version": version, **info}, ensure_ascii=False, indent=2,
                                               default=str) + "\n", encoding="utf-8")
    tmp.rename(root / version)
    current = root / f".{CURRENT_FILE}.tmp"
    current.write_text(version + "\n", encoding="utf-8")
    current.replace(root / CURRENT_FILE)
    return version, root / version


# ------------------------------------------------------------------------------------------ training data
def statement_text(document_text: str, evidence: Sequence[Sequence[int]]) -> str:
    """The text a statement is coded from: its evidence spans, quotation marks trimmed (as the pipeline does)."""
    return " ".join(document_text[s:e].strip(_QUOTE_CHARS + " ") for s, e in evidence).strip()


# ------------------------------------------------------------------------------------------ self-training
@dataclass
class Unreviewed:
    """Statements nobody reviewed that self-training may label: their texts with the features the classifier reads
    (``analysed``, ``emb``), their documents (the context of :meth:`StatementClassifier.predict_concepts`), and the
    concept each had from its first machine coding (the codebook's rule-based coder, before any learn run; None for
    none)."""

    texts: list[str] = field(default_factory=list)
    analysed: list[Any] = field(default_factory=list)
    emb: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    groups: list[str] = field(default_factory=list)
    first: list[str | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


def fit_self_trained(statements: list[Any], analysed: list[Any], emb: np.ndarray, unreviewed: Unreviewed | None,
                     embedding: str = DEFAULT_EMBEDDING) -> tuple[Any, int]:
    """A classifier trained on ``statements`` (with their features) and then, once more, on them plus the
    unreviewed statements it codes confidently (:data:`SELF_TRAIN_CONFIDENCE`) *and* with the concept of their
    first machine code, each with that concept and no agreement. Returns (classifier, statements added).

    Why: a coder reviews a few hundred statements of a corpus of thousands; the confident codes of the rest carry the
    codebook's vocabulary into concepts the reviews touched only a few times (DebateNet, uncertainty-first queue,
    20 seeds: category macro-F1 after 50 reviews 0.458 → 0.500, after 200 0.525 → 0.547; docs/stance.md). Requiring the rule
    coder's agreement keeps out most statements the extraction got wrong (a span that is no claim rarely gets the
    same concept from the keywords and from the learned model), which DebateNet's gold claims cannot show but a
    real corpus has. The agreement model is trained on reviewed and labelled statements only."""
    from standpunkt.stance.classifier import LabelledStatement, StatementClassifier

    clf = StatementClassifier(embedding).fit(statements, analysed=analysed, emb=emb)
    if not unreviewed or clf.concept_model is None:
        return clf, 0
    picks = clf.predict_concepts(unreviewed.texts, analysed=unreviewed.analysed, emb=unreviewed.emb,
                                 groups=unreviewed.groups)
    keep = [i for i, (concept, confidence) in enumerate(picks)
            if concept and confidence >= SELF_TRAIN_CONFIDENCE and unreviewed.first[i] == concept]
    if not keep:
        return clf, 0
    added = [LabelledStatement(text=unreviewed.texts[i], concept=picks[i][0],
                               issue=clf.concept_issue.get(picks[i][0], picks[i][0])) for i in keep]
    clf = StatementClassifier(embedding).fit(
        list(statements) + added, analysed=list(analysed) + [unreviewed.analysed[i] for i in keep],
        emb=np.vstack([emb, unreviewed.emb[keep]]))
    return clf, len(keep)
