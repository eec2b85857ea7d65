"""``python -m bench.run`` runs end to end and writes a well-formed results file.

A smoke run only: a tiny synthetic dataset and a few samples of everything. No timing is
ever asserted here (timings belong in docs/benchmarks.md, not in a pass/fail test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py

REPO = Path(__file__).resolve().parent.parent
KINDS = {"word", "prefix", "two_words", "field", "typo", "clear"}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _assert_stats(stats: Any) -> None:
    assert isinstance(stats, dict)
    assert stats["n"] >= 1
    for key in ("median", "p95", "min", "max"):
        assert _is_number(stats[key]), (key, stats)
    assert stats["min"] <= stats["median"] <= stats["max"]


def test_quick_run_writes_a_well_formed_results_file(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ)
    # Wherever the user's files would be, the benchmark must not need them.
    env["HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--sizes",
            "200",
            "--quick",
            "--out",
            str(out),
            "--data-dir",
            str(tmp_path / "data"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "### Goals" in proc.stdout
    # (named after the generator's source too: see Bench.dataset)
    assert len(list((tmp_path / "data").glob("meetings-200-seed0-*.toml"))) == 1

    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["schema"] == 1
    assert results["meta"]["sizes"] == [200]
    assert results["meta"]["quick"] is True

    startup = results["startup"]
    _assert_stats(startup["floor"]["first_paint"])
    _assert_stats(startup["bundled"]["usable"])
    assert _is_number(startup["bundled"]["ratio_usable"])
    for cache in ("cold", "warm"):
        entry = startup["sizes"]["200"][cache]
        assert entry["meetings"] == 200
        _assert_stats(entry["first_paint"])
        _assert_stats(entry["usable"])

    for section in ("keystrokes", "engine"):
        for label in ("bundled", "200"):
            entry = results[section][label]
            assert set(entry["kinds"]) == KINDS
            for kind in KINDS:
                _assert_stats(entry["kinds"][kind])
            _assert_stats(entry["all"])
    assert results["engine"]["200"]["meetings"] == 200
    _assert_stats(results["keystrokes"]["floor"]["all"])  # the bare Textual app, same method

    _assert_stats(results["notes"]["same_store_ms"])
    _assert_stats(results["notes"]["fresh_store_ms"])
    assert results["notes"]["existing_notes"] == 1000
    assert set(results["cli"]) == {"list", "search", "note add"}
    for row in results["cli"].values():
        _assert_stats(row)
    assert set(results["memory"]) == {"bundled", "200"}

    goals = results["goals"]
    assert len(goals) >= 7
    for goal in goals:
        assert set(goal) == {"goal", "target", "measured", "pass"}
        assert goal["pass"] in (True, False, None)
