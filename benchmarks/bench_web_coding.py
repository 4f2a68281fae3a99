"""Measures for issue 15: the time from ``standpunkt serve`` to a first hand-coded statement, and the network page
on the DNA-nuclear data (imported with examples/dna-nuclear-mapping.yaml).

Everything runs as a user would: the CLI in subprocesses (ingest, user add, import, serve), Chromium driven by
Playwright for the page. The coder's own think time is not in the figure (the script selects and types at once):
it is the time the software makes the coder wait.

    PYTHONPATH=src python benchmarks/bench_web_coding.py [--chromium /usr/bin/chromium] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "bodentruppen.txt"
CLAIMS = REPO.parent / "shared" / "data" / "dna-nuclear" / "claims.csv"
MAPPING = REPO / "examples" / "dna-nuclear-mapping.yaml"
PASSWORD = "geheim-genug"
READY = "window.standpunktNetwork && window.standpunktNetwork.nodes().length > 0"
sys.path.insert(0, str(REPO / "tests"))
from web_sample import select_text  # noqa: E402 (the browser tests' selection, from tests/)


def cli(*args: str, stdin: str | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    subprocess.run([sys.executable, "-m", "standpunkt.cli", *args], check=True, env=env, input=stdin, text=True,
                   capture_output=True)


def port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: str) -> tuple[subprocess.Popen, str, float]:
    """Start `standpunkt serve`; returns the process, its URL and the seconds until it answered."""
    p = port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "standpunkt.cli", "serve", "--db", db, "--port", str(p)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{p}"
    while True:
        try:
            if httpx.get(f"{url}/documents", timeout=2).status_code == 200:
                return proc, url, time.perf_counter() - t0
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.perf_counter() - t0 > 120:
            raise RuntimeError("standpunkt serve did not start")
        time.sleep(0.05)


def first_code(browser, tmp: Path) -> dict[str, float]:
    db = f"sqlite:///{tmp / 'coding.db'}"
    cli("ingest", str(EXAMPLE), "--db", db, "--date", "2024-02-28")
    cli("user", "add", "anna", "--password-stdin", "--db", db, stdin=PASSWORD + "\n")
    t0 = time.perf_counter()
    proc, url, up = serve(db)
    try:
        page = browser.new_page()
        page.goto(f"{url}/login?next=/documents")
        page.fill("input[name=name]", "anna")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button[type=submit]")
        page.click("table.list a >> nth=0")
        page.wait_for_selector("#code-form")
        select_text(page, "Als deutscher Bundeskanzler werde ich keine Soldaten unserer Bundeswehr in die "
                          "Ukraine entsenden.")
        page.fill("#code-actor", "Olaf Scholz")
        page.fill("#code-concept", "Bodentruppen in der Ukraine")
        page.select_option("#code-agreement", "oppose")
        page.click("#code-save")
        page.wait_for_url("**#statement-*")
        coded = time.perf_counter() - t0
        items = httpx.get(f"{url}/api/statements").json()["items"]
        assert items and items[0]["coder"] == "anna", items
        page.close()
        return {"serve_up_s": up, "serve_to_first_code_s": coded}
    finally:
        proc.terminate()
        proc.wait(10)


def nuclear_network(browser, tmp: Path, repeat: int) -> dict[str, float]:
    db = f"sqlite:///{tmp / 'nuclear.db'}"
    cli("import", str(CLAIMS), "--mapping", str(MAPPING), "--db", db)
    proc, url, _ = serve(db)
    out: dict[str, float] = {}
    try:
        with httpx.Client(base_url=url, timeout=300) as http:
            data = http.get("/api/network").json()
            out.update(nodes=len(data["nodes"]), edges=len(data["edges"]), communities=data["communities"])
            for name, params in (("api_network_s", {}), ("api_network_organisation_s", {"level": "organisation"}),
                                 ("api_network_two_mode_s", {"mode": "two-mode"})):
                times = []
                for _ in range(repeat):
                    t = time.perf_counter()
                    http.get("/api/network", params=params).raise_for_status()
                    times.append(time.perf_counter() - t)
                out[name] = statistics.median(times)
            t = time.perf_counter()
            html = http.get("/network").text
            out["page_html_s"] = time.perf_counter() - t
            out["page_html_mb"] = len(html.encode()) / 1e6
        times = []
        for _ in range(repeat):
            page = browser.new_page()
            t = time.perf_counter()
            page.goto(f"{url}/network")
            page.wait_for_function(READY, timeout=120_000)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            times.append(time.perf_counter() - t)
            page.close()
        out["browser_ready_s"] = statistics.median(times)
    finally:
        proc.terminate()
        proc.wait(10)
    return out


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chromium", default=os.environ.get("STANDPUNKT_CHROMIUM", "/usr/bin/chromium"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        for k, v in first_code(browser, Path(tmp)).items():
            print(f"{k:32s} {v:8.2f}")
        if CLAIMS.is_file():
            for k, v in nuclear_network(browser, Path(tmp), args.repeat).items():
                print(f"{k:32s} {v:8.2f}")
        browser.close()


if __name__ == "__main__":
    main()
