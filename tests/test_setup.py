"""The README's set-up instructions as a newcomer reads them, and CI running exactly those."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _fenced(section: str) -> list[str]:
    """The one-line shell commands of the README section headed ``section``."""
    body = README.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", body, re.DOTALL)]


def test_ci_runs_the_readme_test_command_exactly() -> None:
    commands = _fenced("Set up and run")
    test_command = next(command for command in commands if "pytest" in command)
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines, "the README's test command must be one line of .ci/run"


def test_the_readme_commands_need_no_system_wide_install() -> None:
    """An externally managed Python (PEP 668) refuses ``pip install`` outside a venv."""
    commands = _fenced("Set up and run")
    assert commands[0].startswith("git clone "), "the clone step comes first"
    for command in commands[1:]:
        assert command.startswith("python3 -m venv .venv && "), command
        assert command.count("pip install") == command.count(".venv/bin/pip install"), command
