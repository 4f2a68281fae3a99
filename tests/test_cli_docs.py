"""Every option of every CLI command is documented in README.md or docs/*.md (a new option needs a line there)."""

from __future__ import annotations

from pathlib import Path

import typer

from standpunkt.cli import app

REPO = Path(__file__).resolve().parents[1]
#: Options typer adds to every app, not ours to document.
BUILT_IN = {"--help", "--install-completion", "--show-completion"}


def _options(command, path=()):
    for name, sub in getattr(command, "commands", {}).items():
        yield from _options(sub, (*path, name))
    for param in command.params:
        for opt in (*param.opts, *param.secondary_opts):
            if opt.startswith("--") and opt not in BUILT_IN:
                yield " ".join(path), opt


def test_every_cli_option_is_documented() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    text += "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))
    missing = sorted({(cmd, opt) for cmd, opt in _options(typer.main.get_command(app)) if opt not in text})
    assert missing == [], f"undocumented options (command, option): {missing}"
