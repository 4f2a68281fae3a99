"""Run the hostile corpus: every case of :func:`hostile.cases.generate` as its own CLI process, forked from this one
once the CLI is imported (so a case costs its own work, not Python's start-up), with its wall time (killed past
its budget: a hang) and its peak memory (``ru_maxrss`` of the case's process from ``wait4``, which includes the
few hundred MB the process starts with).

    python tests/hostile/run.py [FOLDER]      # generate the corpus in FOLDER (default: a temporary one), run it

Prints one JSON object per case and a table; exits 1 when any case breaks a rule (see :func:`problems`).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile.cases import Case, generate  # noqa: E402

MAX_RSS_MB = 1024  # per case


def _child(case: Case, argv: list[str], out: Path) -> None:
    """In the forked process: the CLI as a user runs it, stdout and stderr into ``out``; never returns."""
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    code = 0
    try:
        import importlib

        for target, value in case.patch.items():
            module, name = target.split(":")
            setattr(importlib.import_module(module), name, value)
        from standpunkt.cli import app

        app(args=argv, prog_name="standpunkt", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 - what the user would see: a traceback
        traceback.print_exc()
        code = 99
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def run_case(case: Case, work: Path) -> dict:
    """Run one case; its measurements and what it left behind."""
    db = work / f"{case.name}.db"
    argv = [a.replace("{db}", f"sqlite:///{db}") for a in case.argv]
    out = work / f"{case.name}.out"
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(case, argv, out)
    hung = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > case.budget_s:
            hung = True
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            break
        time.sleep(0.02)
    seconds = time.monotonic() - start
    output = out.read_text(encoding="utf-8", errors="replace")
    result = {"case": case.name, "seconds": round(seconds, 2), "budget_s": case.budget_s, "hung": hung,
              "peak_rss_mb": round(usage.ru_maxrss / 1024), "exit_code": os.waitstatus_to_exitcode(status),
              "errors": [line[:300] for line in output.splitlines() if line.startswith("error:")],
              "traceback": "Traceback (most recent call last)" in output or "internal error" in output}
    if case.documents is not None:
        result["documents"] = _stored_titles(db)
    if case.statements is not None:
        result["statements"] = _stored_statements(db)
    if case.extracted is not None:
        result["extracted"] = sum(1 for line in output.splitlines() if line.startswith("{"))
    if result["traceback"]:
        result["output"] = output[-3000:]
    return result


def _stored_titles(db: Path) -> list[str]:
    if not db.exists():
        return []
    from standpunkt.store import open_store

    with open_store(f"sqlite:///{db}") as store:
        return sorted(store.get_document(r["id"]).title or "" for r in store.documents(limit=10_000))


def _stored_statements(db: Path) -> int:
    if not db.exists():
        return 0
    from standpunkt.store import open_store

    with open_store(f"sqlite:///{db}") as store:
        return store.count_statements()


def problems(case: Case, result: dict) -> list[str]:
    """The rules of issue 16 a case's result breaks (empty: it holds)."""
    out = []
    if result["traceback"]:
        out.append("traceback")
    if result["hung"]:
        out.append(f"hung: killed after its budget of {case.budget_s:g} s")
    if result["peak_rss_mb"] > MAX_RSS_MB:
        out.append(f"peak memory {result['peak_rss_mb']} MB > {MAX_RSS_MB} MB")
    if result["exit_code"] != case.exit_code:
        out.append(f"exit code {result['exit_code']}, expected {case.exit_code}")
    if len(result["errors"]) != case.errors:
        out.append(f"{len(result['errors'])} error lines, expected {case.errors}: {result['errors']}")
    elif case.errors and case.says not in result["errors"][0] and not any(case.says in e for e in result["errors"]):
        out.append(f"no error line says {case.says!r}: {result['errors']}")
    if any(len(e) >= 300 for e in result["errors"]):
        out.append("an error line is not capped")
    if isinstance(case.documents, list) and result.get("documents") != case.documents:
        out.append(f"stored documents {result.get('documents')}, expected {case.documents}")
    if isinstance(case.documents, int) and len(result.get("documents", [])) != case.documents:
        out.append(f"stored {len(result.get('documents', []))} documents, expected {case.documents}")
    if case.statements is not None and result.get("statements") != case.statements:
        out.append(f"stored {result.get('statements')} statements, expected {case.statements}")
    if case.extracted is not None and result.get("extracted") != case.extracted:
        out.append(f"extracted {result.get('extracted')} documents, expected {case.extracted}")
    return out


def run_all(root: Path) -> list[tuple[Case, dict, list[str]]]:
    import standpunkt.cli  # noqa: F401 - imported once here, inherited by every forked case

    cases = generate(root / "corpus")
    work = root / "work"
    work.mkdir()
    out = []
    for case in cases:
        result = run_case(case, work)
        out.append((case, result, problems(case, result)))
    return out


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="standpunkt-hostile-") as tmp:
        root = Path(argv[0]) if argv else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        results = run_all(root)
    for case, result, broken in results:
        print(json.dumps({**result, "problems": broken}, ensure_ascii=False))
    print(f"{'case':40s} {'s':>6s} {'budget':>6s} {'MB':>6s}  result", file=sys.stderr)
    for case, result, broken in results:
        print(f"{case.name:40s} {result['seconds']:6.1f} {case.budget_s:6.0f} {result['peak_rss_mb']:6d}  "
              f"{'; '.join(broken) or 'ok'}", file=sys.stderr)
    return 1 if any(broken for _, _, broken in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
