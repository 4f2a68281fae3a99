"""The hostile corpus of issue 16 (``tests/hostile/``), each case a CLI run of its own: no traceback, no hang (each
case within its time budget), peak memory under 1 GB per case, every good item beside the bad ones stored.

The corpus is generated into a temporary folder; ``python tests/hostile/run.py [FOLDER]`` runs the same by hand.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def test_hostile_corpus_holds(tmp_path):
    proc = subprocess.run([sys.executable, str(HERE / "hostile" / "run.py"), str(tmp_path / "hostile")],
                          capture_output=True, text=True, timeout=300)
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(results) >= 20, proc.stderr[-3000:]
    broken = {r["case"]: r["problems"] for r in results if r["problems"]}
    assert not broken, proc.stderr[-4000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert all(r["peak_rss_mb"] < 1024 and not r["hung"] and not r["traceback"] for r in results)
    assert sum(r["seconds"] for r in results) < 120, proc.stderr  # ~25 s on an idle 2-core machine
