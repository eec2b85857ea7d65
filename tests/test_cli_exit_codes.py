"""Every command's exit code for every kind of bad input, checked against the README's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.datasets import write
from tests.test_cli import run

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EXIT_CODES = {
    int(code): meaning for code, meaning in re.findall(r"^\| (\d+) \| (.+) \|$", README, re.M)
}

NOTES = """version = 1

[[notes]]
id = "abcd0001"
meeting = "jwg-icc-4"
created = 2026-01-01T10:00:00.000Z
updated = 2026-01-01T10:00:00.000Z
text = "first"
tags = []

[[notes]]
id = "abcd0002"
meeting = "jwg-icc-5"
created = 2026-01-02T10:00:00.000Z
updated = 2026-01-02T10:00:00.000Z
text = "second"
tags = []
"""

# (arguments, standard input, exit code, words of the README's row for that code)
CASES: list[tuple[list[str | bytes], str, int, str]] = [
    (["list"], "", 0, "done"),
    (["list", "--bogus"], "", 2, "a bad option or argument"),
    (["--data", "{broken}", "list"], "", 2, "invalid dataset"),
    (["--data", "{missing}", "list"], "", 2, "missing or invalid dataset"),
    (["show", "jwg-icc-9"], "", 1, "an unknown meeting id"),
    (["show"], "", 2, "a bad option or argument"),
    (["--data", "{broken}", "show", "jwg-icc-4"], "", 2, "invalid dataset"),
    (["search", "zzzzqqqq"], "", 1, "no search result"),
    (["search", "sector:zzzz"], "", 2, "a bad query"),
    (["search", "x", "--limit", "0"], "", 2, "a bad option or argument"),
    (["search", "--lim", "2", "x"], "", 2, "a bad option or argument"),
    (["validate", "{broken}"], "", 2, "invalid dataset"),
    (["validate", "{missing}"], "", 2, "missing or invalid dataset"),
    ([], "", 2, "no terminal for the browser"),
    (["note", "add", "jwg-icc-9", "text"], "", 1, "an unknown meeting id"),
    (["note", "add", "jwg-icc-4", ""], "", 2, "an empty note"),
    (["note", "add", "jwg-icc-4", "-"], " \n", 2, "an empty note"),
    (["note", "add", "jwg-icc-4"], "piped text", 2, "a bad option or argument"),
    (["note", "add", "jwg-icc-4", "x", "--tag", "a,b"], "", 2, "a tag with a comma"),
    (["note", "add", "jwg-icc-4", "x", "--tag", "a\x01b"], "", 2, "a control character"),
    (["note", "add", "jwg-icc-4", b"caf\xe9"], "", 2, "text that is not UTF-8"),
    (["note", "add", "jwg-icc-4", "x", "--tag", b"\xff"], "", 2, "not UTF-8"),
    (["note", "add", "jwg-icc-4", "x"], "", 2, "cannot be read or written"),
    (["note", "list", "jwg-icc-9"], "", 1, "an unknown meeting id"),
    (["note", "list", "--bogus"], "", 2, "a bad option or argument"),
    (["note", "edit", "ffff0000", "x"], "", 1, "note id"),
    (["note", "edit", "abcd0001", ""], "", 2, "an empty note"),
    (["note", "edit", "abcd0001"], "", 2, "a bad option or argument"),
    (["note", "edit", "abcd0001", "--tag", "a,b"], "", 2, "a tag with a comma"),
    (["note", "edit", "abc", "x"], "", 2, "a note id too short"),
    (["note", "edit", "abcd", "x"], "", 2, "ambiguous"),
    (["note", "rm", "ffff0000"], "", 1, "note id"),
    (["note", "rm", "abcd"], "", 2, "ambiguous"),
    (["note", "export", "--format", "pdf"], "", 2, "a bad option or argument"),
    (["--notes", "{corrupt}", "note", "list"], "", 2, "a notes file that is corrupt"),
    (["--notes", "{corrupt}", "note", "export"], "", 2, "a notes file that is corrupt"),
    (["--notes", "{corrupt}", "note", "rm", "abcd0001"], "", 2, "a notes file that is corrupt"),
]


@pytest.mark.parametrize(
    ("args", "stdin", "code", "meaning"),
    CASES,
    ids=[" ".join(map(repr, args)) or "browser" for args, *_ in CASES],
)
def test_exit_code_is_the_one_the_readme_gives(
    tmp_path: Path, args: list[str | bytes], stdin: str, code: int, meaning: str
) -> None:
    assert meaning in EXIT_CODES[code], f"README: exit {code} does not cover {meaning!r}"
    data = write(tmp_path)
    notes = tmp_path / "notes.toml"
    notes.write_text(NOTES, encoding="utf-8")
    if "cannot be read or written" in meaning:
        (tmp_path / "file").write_text("")
        notes = tmp_path / "file" / "notes.toml"  # its folder is a file
    before = notes.read_bytes() if notes.exists() else None
    paths = {
        "{broken}": str(write(tmp_path, "version = 1\n[[meetings]\n", name="broken.toml")),
        "{missing}": str(tmp_path / "missing.toml"),
        "{corrupt}": str(write(tmp_path, "version = 1\n[[notes]]\nid = \n", name="bad.toml")),
    }
    given = [paths.get(arg, arg) if isinstance(arg, str) else arg for arg in args]
    result = run("--data", str(data), "--notes", str(notes), *given, stdin=stdin)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    if code:
        assert result.stderr.strip(), "a failure says why"
        assert notes.exists() is (before is not None)
        assert before is None or notes.read_bytes() == before, "nothing is written on failure"


def test_every_exit_code_in_the_readme_is_checked() -> None:
    checked = {code for _, _, code, _ in CASES}
    # 130 (ctrl+c) is the shell's convention for SIGINT and cannot be provoked reliably here.
    assert set(EXIT_CODES) - checked == {130}
