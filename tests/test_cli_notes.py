"""``cpec-tui note …`` as a user runs it: every subcommand, exit codes, nothing written on error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.datasets import VALID, write
from tests.test_cli import run

pytestmark = pytest.mark.slow  # long end-to-end runs: see tests/conftest.py


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
    assert note(data, notes, "add", "jwg-icc-4", "   ").returncode == 2
    assert note(data, notes, "add", "jwg-icc-4", "-", stdin="\n\n").returncode == 2
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
    assert result.returncode == 2
    assert f"{notes}:4" in result.stderr and "Traceback" not in result.stderr
    assert notes.read_bytes() == before
    assert note(data, notes, "list").returncode == 2


def test_meeting_ids_may_be_typed_in_any_case(data: Path, notes: Path) -> None:
    assert note(data, notes, "add", "JWG-ICC-4", "shouted").returncode == 0
    [saved] = listed(data, notes, "Jwg-Icc-4")
    assert saved["meeting"] == "jwg-icc-4"


def test_edit_changes_only_the_tags_when_given_no_text(data: Path, notes: Path) -> None:
    note_id = note(data, notes, "add", "jwg-icc-4", "keep this text", "--tag", "old").stdout
    # Piped stdin is not read: only '-' reads it, so scripts may edit tags alone.
    result = note(data, notes, "edit", note_id.strip(), "--tag", "new", stdin="not the text")
    assert result.returncode == 0, result.stderr
    [edited] = listed(data, notes)
    assert edited["text"] == "keep this text" and edited["tags"] == ["new"]
    assert note(data, notes, "edit", note_id.strip(), "--tag", "").returncode == 0
    assert listed(data, notes)[0]["tags"] == []


@pytest.mark.parametrize(
    ("tag", "complaint"),
    [("a,b", "contains a comma"), ("a\x07b", "contains the control character")],
)
def test_a_bad_tag_is_refused_clearly(data: Path, notes: Path, tag: str, complaint: str) -> None:
    result = note(data, notes, "add", "jwg-icc-4", "text", "--tag", tag)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert complaint in result.stderr and "nothing was saved" in result.stderr
    assert not notes.exists()


def test_text_that_is_not_utf8_is_refused_clearly(data: Path, notes: Path) -> None:
    command = ["--data", str(data), "--notes", str(notes), "note", "add", "jwg-icc-4", "-"]
    piped = subprocess.run(
        [sys.executable, "-m", "cpec_tui", *command],
        input=b"caf\xe9 au lait",
        capture_output=True,
        check=False,
    )
    assert piped.returncode == 2
    assert b"stdin is not UTF-8 text (byte 0xe9 at offset 3)" in piped.stderr
    argument = run("--data", str(data), "--notes", str(notes), "note", "add", "jwg-icc-4", b"\xff")
    assert argument.returncode == 2 and "byte 0xff at offset 0" in argument.stderr
    assert not notes.exists()


def test_a_unique_beginning_of_a_note_id_names_it(data: Path, notes: Path) -> None:
    note_id = note(data, notes, "add", "jwg-icc-4", "first").stdout.strip()
    assert note(data, notes, "edit", note_id[:4].upper(), "edited").returncode == 0
    assert listed(data, notes)[0]["text"] == "edited"
    assert note(data, notes, "rm", note_id[:5]).returncode == 0
    assert listed(data, notes) == []


def test_an_ambiguous_beginning_lists_the_candidates(data: Path, notes: Path) -> None:
    notes.write_text(
        "version = 1\n"
        + "".join(
            f'\n[[notes]]\nid = "{note_id}"\nmeeting = "jwg-icc-{n}"\n'
            f"created = 2026-01-0{n}T10:00:00.000Z\nupdated = 2026-01-0{n}T10:00:00.000Z\n"
            f'text = "{text}"\ntags = []\n'
            for note_id, n, text in (("abcd0001", 4, "on four\\nmore"), ("abcd0002", 5, "on five"))
        ),
        encoding="utf-8",
    )
    before = notes.read_bytes()
    result = note(data, notes, "rm", "abcd")
    assert result.returncode == 2
    assert "2 notes have ids beginning 'abcd'" in result.stderr
    assert "abcd0001  jwg-icc-4" in result.stderr and "on four more" in result.stderr
    assert "abcd0002  jwg-icc-5" in result.stderr and "on five" in result.stderr
    assert notes.read_bytes() == before
    assert note(data, notes, "rm", "abcd0002").returncode == 0, "the full id always works"


def test_show_indents_every_line_of_a_note_alike(data: Path, notes: Path) -> None:
    note(data, notes, "add", "jwg-icc-4", "-", stdin="line one\nline two\n  line three")
    shown = run("--data", str(data), "--notes", str(notes), "show", "jwg-icc-4").stdout
    lines = shown.split("Your notes\n", 1)[1].splitlines()
    assert lines[1:4] == ["  line one", "  line two", "    line three"]
