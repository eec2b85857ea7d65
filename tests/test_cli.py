"""The command line as a user runs it: outputs, exit codes, and no escape sequences leaking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cpec_tui.cli import main
from cpec_tui.cli.output import print_json, print_json_array
from tests.datasets import VALID, write

HOSTILE_TITLE = "Evil \x1b]52;c;aGVsbG8=\x07 [bold]x[/] \x1b[2J \u202eedoc\x9b1m"


def run(
    *args: str | bytes, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m cpec_tui`` as a separate process, the way a shell would."""
    return subprocess.run(
        [sys.executable, "-m", "cpec_tui", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path)


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("cpec-tui ")
    helped = run("--help")
    assert helped.returncode == 0
    for command in ("list", "show", "search", "validate", "note"):
        assert command in helped.stdout


def test_list_is_newest_first(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line[13:].split()[0] for line in lines] == ["jwg-icc-5", "jwg-icc-4"]
    assert lines[0].startswith("2025-01    ≈ jwg-icc-5"), "a month-only date is marked ≈"
    assert lines[1].startswith("2024-01-21⚠  jwg-icc-4"), "conflicting reports are marked ⚠"


def test_data_from_environment(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run("list", env={"CPEC_TUI_DATA": str(data)})
    assert result.returncode == 0 and "jwg-icc-5" in result.stdout


def test_global_options_after_the_command(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--data", str(data)]) == 0
    assert "jwg-icc-4" in capsys.readouterr().out


def test_list_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data), "list", "--json"]) == 0
    meetings = json.loads(capsys.readouterr().out)
    assert [m["id"] for m in meetings] == ["jwg-icc-5", "jwg-icc-4"]
    assert meetings[1]["date"]["value"] == "2024-01-21"
    assert meetings[1]["co_chairs"][1]["name"] == "Sun Weidong"


def test_show_in_full(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data), "show", "jwg-icc-4"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "4th meeting of the Joint Working Group",
        "Sun 21 Jan 2024 (2024-01-21) — confirmed by agreeing sources; ⚠ one report differs",
        "Islamabad, Pakistan · In person",
        "Sun Weidong — Vice Minister for Foreign Affairs · China [s1, s2]",
        "Rejected disinformation about the corridor. [s1]",
        "Sectors: Agriculture Industry",
        "https://example.org/jwg-icc-4",
        "Infostani says Monday",
        "jwg-icc-5  5th JWG-ICC",
    ):
        assert expected in out, expected


def test_show_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(data), "show", "jwg-icc-4", "--json"]) == 0
    meeting = json.loads(capsys.readouterr().out)
    assert meeting["id"] == "jwg-icc-4" and meeting["venue"]["country"] == "PK"


def test_unknown_id_suggests_close_ids(data: Path) -> None:
    result = run("--data", str(data), "show", "jwg-icc-6")
    assert result.returncode == 1
    assert "no meeting with id 'jwg-icc-6'" in result.stderr
    assert "Did you mean jwg-icc-5, jwg-icc-4?" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate(data: Path, tmp_path: Path) -> None:
    good = run("validate", str(data))
    assert good.returncode == 0 and "valid (2 meetings, 2 sources)" in good.stdout
    bad = write(tmp_path, VALID.replace('country = "CN"', 'country = "XX"'), name="bad.toml")
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert "co_chairs[1].country: 'XX' is not a known country" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_bundled_dataset() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", [["list"], ["show", "jwg-icc-4"], ["search", "x"]])
def test_bad_dataset_exits_2_without_traceback(tmp_path: Path, command: list[str]) -> None:
    broken = write(tmp_path, "version = 1\n[[meetings]\n", name="broken.toml")
    result = run("--data", str(broken), *command)
    assert result.returncode == 2
    assert f"{broken}:2:" in result.stderr and "malformed TOML" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_dataset_exits_2(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "missing.toml"), "list")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_no_terminal_means_guidance_not_a_hang(data: Path) -> None:
    result = run("--data", str(data))
    assert result.returncode == 2
    assert "needs an interactive terminal" in result.stderr
    assert "cpec-tui list" in result.stderr


def test_output_never_carries_control_sequences(tmp_path: Path) -> None:
    hostile = write(
        tmp_path,
        VALID.replace(
            "4th meeting of the Joint",
            HOSTILE_TITLE.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\x1b", "\\u001b")
            .replace("\x07", "\\u0007")
            .replace("\x9b", "\\u009b"),
        ),
    )
    for command in (
        ["list"],
        ["show", "jwg-icc-4"],
        ["list", "--json"],
        ["show", "jwg-icc-4", "--json"],
    ):
        result = run("--data", str(hostile), *command)
        assert result.returncode == 0, result.stderr
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in result.stdout, (command, raw)
        assert "[bold]x[/]" in result.stdout, "markup-like text is printed literally"
    listed = json.loads(run("--data", str(hostile), "list", "--json").stdout)
    assert "\x1b]52;" in listed[1]["title"], "JSON keeps the exact text, escaped"


def test_list_survives_a_closed_pipe(data: Path) -> None:
    shell = f"{sys.executable} -m cpec_tui --data {data} list | head -n 1"
    result = subprocess.run(shell, shell=True, capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "items",
    [[], [1], [{"a": [1, {"b": "x\ny"}]}, "\x1b]52;c;e\x07", {}], [[], {"nested": {"deep": []}}]],
)
def test_a_json_array_written_item_by_item_is_the_same_json(
    items: list[object], capsys: pytest.CaptureFixture[str]
) -> None:
    print_json(items)
    whole = capsys.readouterr().out
    print_json_array(iter(items))
    assert capsys.readouterr().out == whole
    assert json.loads(whole) == items


def test_a_query_may_start_with_a_dash(data: Path) -> None:
    plain = run("--data", str(data), "search", "-weidong")
    assert plain.returncode == 0, plain.stderr
    assert "jwg-icc-5" in plain.stdout and "jwg-icc-4" not in plain.stdout
    guarded = run("--data", str(data), "search", "--", "-weidong")
    assert guarded.stdout == plain.stdout
    both = run("--data", str(data), "search", "--json", "--", "-agri", "--limit", "1", "-x")
    assert both.returncode == 0, both.stderr
    found = json.loads(both.stdout)
    assert found["query"] == "-agri -x", "--limit after -- is an option, not query words"
    assert [hit["id"] for hit in found["results"]] == ["jwg-icc-5"]


def test_a_mistyped_option_is_not_taken_for_query_words(data: Path) -> None:
    result = run("--data", str(data), "search", "--lim", "1", "agri")
    assert result.returncode == 2 and "unrecognized arguments: --lim" in result.stderr


def test_meeting_ids_may_be_typed_in_any_case(data: Path) -> None:
    shown = run("--data", str(data), "show", "JWG-ICC-4")
    assert shown.returncode == 0, shown.stderr
    assert "4th meeting of the Joint Working Group" in shown.stdout
    missing = run("--data", str(data), "show", "JWG-ICC-6")
    assert "no meeting with id 'jwg-icc-6'" in missing.stderr
    assert "Did you mean jwg-icc-5, jwg-icc-4?" in missing.stderr


def test_search_help_has_examples_and_every_field() -> None:
    from cpec_tui.search import FIELDS

    helped = run("search", "--help")
    assert helped.returncode == 0
    assert "examples:" in helped.stdout and "cpec-tui search -weidong" in helped.stdout
    for name, what in FIELDS.items():
        assert f"{name}:" in helped.stdout and what in helped.stdout, name


def test_a_query_error_is_printed_whole(data: Path) -> None:
    from cpec_tui.search import QueryError, parse

    query = "energy sector:zzzz"
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert len(caught.value.message) > 120, "long enough that a cut would show"
    result = run("--data", str(data), "search", query)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cpec-tui: bad query: {caught.value.message}",
        f"  {query}",
        "         " + "^" * len("sector:zzzz"),
    ]


def test_the_query_mover_knows_every_option_of_search() -> None:
    """``query_last`` must know each ``search`` option, or its value would become query words."""
    import argparse

    from cpec_tui.cli import build_parser
    from cpec_tui.cli.meetings import _SEARCH_OPTIONS

    parser = build_parser()
    commands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    search = commands.choices["search"]
    declared = {
        option: action.nargs != 0
        for action in search._actions
        for option in action.option_strings
        if option not in ("--data", "--notes")
    }
    assert declared == _SEARCH_OPTIONS
