"""Where a codebook's learned models live (:mod:`standpunkt.commands.learn` trains them; the pipeline and
:meth:`standpunkt.stance.codebook.Codebook.classifier` load the current one), and the text a statement is coded from.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # the codebook imports this module to find its learned model
    from standpunkt.stance.codebook import Codebook

#: The installed package: learned models are never written inside it.
PACKAGE_DIR = Path(__file__).resolve().parents[1]

#: Folder name suffix of a codebook's learned models, beside the codebook.
LEARNED_SUFFIX = ".learned"
#: The file in the artifact root naming the model in use.
CURRENT_FILE = "CURRENT"
_QUOTE_CHARS = '"„“”‚‘’»«\''


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
