"""The import graph of standpunkt: module and package edges, upward imports and loops.

Used by ``tests/test_layers.py`` (the layering contract) and runnable by hand::

    python tools/imports.py [src/standpunkt]   # prints packages, upward imports, loops and the size of cli.py
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "src" / "standpunkt"

#: Stage packages, lowest first: each may import only the base (``model``, ``errors``, ``loaded``) and the stages
#: before it (DESIGN.md, "Layers"). ``run``, ``web``, ``commands``, ``evaluate``, ``cli`` and ``workflow`` are the edge.
STAGES = ("language", "ingest", "speech", "actors", "stance", "pipeline", "store", "analysis", "export")
#: The base imports only itself. "": the package itself (``__version__``); "loaded": the registry of loaded models;
#: "corpora": the readers of the training and gold corpora.
BASE = ("", "model", "errors", "loaded", "corpora")
EDGE = ("commands", "cli", "web", "run", "evaluate", "workflow", "__main__")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (imports for type hints only, never run)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports(path: Path, root: Path = ROOT) -> set[str]:
    """The standpunkt modules one file imports at run time (at any depth, including inside functions).

    ``from standpunkt.web import api`` gives both ``standpunkt.web.api`` and ``standpunkt.web``; :func:`graph` keeps
    the submodule when it exists and the package otherwise.
    """
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "standpunkt")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "standpunkt":
                continue
            found.update(f"{target}.{a.name}" for a in node.names)
    return found


def top(module: str) -> str:
    """The first-level part of a standpunkt module name (``standpunkt.speech.rules`` → ``speech``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the standpunkt modules it imports (names resolved to existing modules where possible)."""
    files = {module_name(p, root): p for p in root.rglob("*.py") if "migrations" not in p.parts}
    edges: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = set()
        for target in imports(path, root):
            while target not in files and "." in target:
                target = target.rpartition(".")[0]  # a name in a module → the module
            if target in files and target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def package_graph(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = {}
    for source, targets in edges.items():
        packages.setdefault(top(source), set()).update(top(t) for t in targets if top(t) != top(source))
    packages.pop("", None)
    return packages


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(module, imported module) pairs where a stage imports the edge or a later stage, or the base a stage."""
    bad = []
    for source, targets in sorted(edges.items()):
        layer = top(source)
        if layer in BASE:
            allowed = set(BASE)
        elif layer in STAGES:
            allowed = set(BASE) | set(STAGES[: STAGES.index(layer) + 1])
        else:
            continue
        bad.extend((source, t) for t in sorted(targets) if top(t) not in allowed)
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    sys.setrecursionlimit(10000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    edges = graph(root)
    packages = package_graph(edges)
    print("packages:")
    for name in sorted(packages):
        print(f"  {name:10} → {', '.join(sorted(packages[name])) or '-'}")
    bad = upward(edges)
    print(f"upward imports: {len(bad)} in {len({s for s, _ in bad})} modules")
    for source, target in bad:
        print(f"  {source} → {target}")
    print("module loops:", len(cycles(edges)))
    for c in cycles(edges):
        print("  " + " ↔ ".join(c))
    print("package loops:", len(cycles(packages)))
    for c in cycles(packages):
        print("  " + " ↔ ".join(c))
    cli = root / "cli.py"
    print("cli.py lines:", len(cli.read_text(encoding="utf-8").splitlines()))


if __name__ == "__main__":
    main()
