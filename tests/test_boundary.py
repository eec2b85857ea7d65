"""The core is UI-free: nothing below the front ends imports Textual or Rich.

Checked in a fresh interpreter, so what an import pulls in indirectly counts too.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import cpec_tui

REPO = Path(__file__).resolve().parent.parent
FRONT_ENDS = (
    "cpec_tui.app",
    "cpec_tui.commands",
    "cpec_tui.screens",
    "cpec_tui.widgets",
    "cpec_tui.web",
)
"""Modules allowed to import Textual; ``cpec_tui.cli`` imports it only to start the browser."""


def _core_modules() -> list[str]:
    names = [
        module.name
        for module in pkgutil.walk_packages(cpec_tui.__path__, "cpec_tui.")
        if not module.name.startswith(FRONT_ENDS) and module.name != "cpec_tui.__main__"
    ]
    assert "cpec_tui.library" in names and "cpec_tui.search.engine" in names
    return sorted(names)


def test_no_core_module_imports_textual_or_rich() -> None:
    modules = _core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_check_sees_a_ui_import() -> None:
    """The same check flags a module that does import Textual (it can fail)."""
    code = "import sys, cpec_tui.widgets.search_bar\nprint('textual' in sys.modules)\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "True"


def test_every_package_is_installed() -> None:
    """pyproject lists the packages by hand (the dataset is mapped in): none may be missing."""
    import tomllib

    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        module.name
        for module in pkgutil.walk_packages(cpec_tui.__path__, "cpec_tui.")
        if module.ispkg
    }
    assert found | {"cpec_tui", "cpec_tui.data"} == listed
