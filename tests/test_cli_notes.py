"""``cpec-tui note …`` as a user runs it: every subcommand, exit codes, nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.datasets import VALID, write
from tests.test_cli import run


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write(tmp_path)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return tmp_path / "my-notes.toml"


def note(data: Path, notes: Path, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return run("--data", str(data), "--notes", str(notes), "note", *args, stdin=stdin)


def listed(data: Path, notes: Path, *args: str) -> list[dict[str, object]]:
    result = note(data, notes, "list", "--json", *args)
    assert result.returncode == 0, result.stderr
    parsed: list[dict[str, object]] = json.loads(result.stdout)
    return parsed


def test_add_list_edit_remove(data: Path, notes: Path) -> None:
    added = note(
        data,
        notes,
        "add",
        "jwg-icc-4",
        "Check the weekday.",
        "--tag",
        "dates",
        "--tag",
        "follow up",
    )
    assert added.returncode == 0, added.stderr
    note_id = added.stdout.strip()
    [saved] = listed(data, notes)
    assert saved["id"] == note_id and saved["meeting"] == "jwg-icc-4"
    assert saved["text"] == "Check the weekday." and saved["tags"] == ["dates", "follow up"]
    assert str(saved["created"]).endswith("Z") and saved["created"] == saved["updated"]

    text_listing = note(data, notes, "list", "jwg-icc-4")
    assert note_id in text_listing.stdout and "#dates" in text_listing.stdout

    assert note(data, notes, "edit", note_id, "Weekday: Sunday.").returncode == 0
    [edited] = listed(data, notes)
    assert edited["text"] == "Weekday: Sunday." and edited["updated"] != edited["created"]

    assert note(data, notes, "rm", note_id).returncode == 0
    assert listed(data, notes) == []


def test_text_from_stdin_is_kept_exactly(data: Path, notes: Path) -> None:
    text = "line one\r\nline two\n\ttabbed \x1b[31mnot red\x1b[0m 😀\n"
    result = note(data, notes, "add", "jwg-icc-5", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    [saved] = listed(data, notes)
    assert saved["text"] == text
    plain = note(data, notes, "list")
    assert "\x1b" not in plain.stdout, "text output never carries escape sequences"


def test_global_notes_option_before_the_subcommand(data: Path, notes: Path) -> None:
    run("--data", str(data), "--notes", str(notes), "note", "add", "jwg-icc-4", "x")
    assert notes.exists()
    other = notes.with_name("other.toml")
    assert listed(data, other) == []


def test_unknown_meeting_writes_nothing(data: Path, notes: Path) -> None:
    result = note(data, notes, "add", "jwg-icc-9", "text")
    assert result.returncode == 1
    assert "no meeting with id 'jwg-icc-9'" in result.stderr and "Did you mean" in result.stderr
    assert not notes.exists()


def test_empty_text_is_refused(data: Path, notes: Path) -> None:
    assert note(data, notes, "add", "jwg-icc-4", "   ").returncode == 1
    assert note(data, notes, "add", "jwg-icc-4", "-", stdin="\n\n").returncode == 1
    assert not notes.exists()


def test_unknown_note_ids_exit_1(data: Path, notes: Path) -> None:
    note(data, notes, "add", "jwg-icc-4", "keep me")
    before = notes.read_bytes()
    for args in (["edit", "deadbeef", "x"], ["rm", "deadbeef"]):
        result = note(data, notes, *args)
        assert result.returncode == 1 and "no note with id 'deadbeef'" in result.stderr
    assert notes.read_bytes() == before


def test_orphans_are_kept_and_listed(data: Path, notes: Path, tmp_path: Path) -> None:
    note(data, notes, "add", "jwg-icc-5", "about the fifth")
    smaller = write(
        tmp_path,
        VALID.split('[[meetings]]\nid = "jwg-icc-5"')[0].replace('related = ["jwg-icc-5"]\n', ""),
        name="smaller.toml",
    )
    orphans = listed(smaller, notes, "--orphans")
    assert [n["meeting"] for n in orphans] == ["jwg-icc-5"]
    assert listed(data, notes, "--orphans") == []


def test_export_groups_by_meeting(data: Path, notes: Path) -> None:
    note(data, notes, "add", "jwg-icc-4", "first on four")
    note(data, notes, "add", "jwg-icc-5", "on five", "--tag", "t")
    note(data, notes, "add", "jwg-icc-4", "second on four")
    markdown = note(data, notes, "export").stdout
    assert markdown.index("## jwg-icc-5") < markdown.index("## jwg-icc-4")
    assert markdown.index("first on four") < markdown.index("second on four")
    groups = json.loads(note(data, notes, "export", "--format", "json").stdout)
    assert [g["meeting"] for g in groups] == ["jwg-icc-5", "jwg-icc-4"]
    assert [n["text"] for n in groups[1]["notes"]] == ["first on four", "second on four"]


def test_corrupt_notes_file_is_left_untouched(data: Path, notes: Path) -> None:
    notes.write_text('version = 1\n[[notes]]\nid = "a"\nmeeting = \n', encoding="utf-8")
    before = notes.read_bytes()
    result = note(data, notes, "add", "jwg-icc-4", "text")
    assert result.returncode == 1
    assert f"{notes}:4" in result.stderr and "Traceback" not in result.stderr
    assert notes.read_bytes() == before
    assert note(data, notes, "list").returncode == 1
