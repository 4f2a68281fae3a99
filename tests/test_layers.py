"""The layering contract of ../shared/DESIGN.md, checked on the import graph (``tools/imports.py``, with ``ast``).

Stage packages import only the base (``model``, ``errors``, ``loaded``, ``corpora``) and lower stages, never the edge
(``commands``, ``cli``, ``web``, ``run``, ``evaluate``); the base imports no stage; no two packages import each
other, directly or round a loop; and no module loop crosses a package. The one loop left inside a package is ``ingest``'s ``__init__`` with its readers (the package dispatches
to them and they use its helpers).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location("standpunkt_imports_tool", REPO / "tools" / "imports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return _tool()


@pytest.fixture(scope="module")
def edges(tool):
    return tool.graph()


def test_every_package_is_placed_in_a_layer(tool, edges) -> None:
    placed = set(tool.STAGES) | set(tool.BASE) | set(tool.EDGE)
    assert {tool.top(m) for m in edges} <= placed


def test_stages_never_import_upward(tool, edges) -> None:
    assert tool.upward(edges) == []


def test_no_import_loop_between_packages(tool, edges) -> None:
    assert tool.cycles(tool.package_graph(edges)) == []


def test_module_loops_stay_inside_ingest(tool, edges) -> None:
    loops = tool.cycles(edges)
    assert all({tool.top(m) for m in loop} == {"ingest"} for loop in loops), loops


def test_the_old_layout_breaks_the_contract(tool, tmp_path) -> None:
    """The check has teeth: the layout before the edge layer (stance/commands.py importing the store and
    evaluate, export/graphs ↔ analysis/commands, …) fails it."""
    old = tmp_path / "standpunkt"
    (old / "stance").mkdir(parents=True)
    (old / "analysis").mkdir()
    (old / "export").mkdir()
    (old / "store").mkdir()
    for package in ("stance", "analysis", "export", "store"):
        (old / package / "__init__.py").write_text("", encoding="utf-8")
    (old / "stance" / "commands.py").write_text("from standpunkt.store import open_store\n", encoding="utf-8")
    (old / "analysis" / "commands.py").write_text("def f():\n    from standpunkt.export import tables\n",
                                                  encoding="utf-8")
    (old / "export" / "tables.py").write_text("", encoding="utf-8")
    (old / "export" / "graphs.py").write_text("from standpunkt.analysis.network import x\n", encoding="utf-8")
    (old / "analysis" / "network.py").write_text("x = 1\n", encoding="utf-8")
    edges = tool.graph(old)
    assert ("standpunkt.stance.commands", "standpunkt.store") in tool.upward(edges)
    assert tool.cycles(tool.package_graph(edges)) == [["analysis", "export"]]


def test_the_base_may_not_import_a_stage(tool, tmp_path) -> None:
    """The model registry is in the base so that every stage may use it: it must not know the stages' loaders."""
    root = tmp_path / "standpunkt"
    (root / "language").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    (root / "language" / "__init__.py").write_text("from standpunkt.loaded import Models\n", encoding="utf-8")
    (root / "loaded.py").write_text("def f():\n    from standpunkt.speech import detector\n", encoding="utf-8")
    (root / "speech").mkdir()
    (root / "speech" / "__init__.py").write_text("", encoding="utf-8")
    (root / "speech" / "detector.py").write_text("", encoding="utf-8")
    assert tool.upward(tool.graph(root)) == [("standpunkt.loaded", "standpunkt.speech.detector")]


def test_the_tool_reports_the_graph() -> None:
    out = subprocess.run([sys.executable, str(REPO / "tools" / "imports.py")], capture_output=True, text=True,
                         check=True).stdout
    assert "upward imports: 0" in out and "package loops: 0" in out
