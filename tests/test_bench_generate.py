"""The synthetic dataset generator writes valid, varied and reproducible data."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from bench.generate import generate_dataset, generate_notes
from cpec_tui.models import Dataset, NotesFile, cross_record_problems
from cpec_tui.vocabulary import SERIES

REPO = Path(__file__).resolve().parents[1]
MEETINGS = 300
NOTES = 50


def run_generator(directory: Path, seed: int | None = None) -> tuple[Path, Path]:
    meetings, notes = directory / "meetings.toml", directory / "notes.toml"
    command = [
        sys.executable,
        "-m",
        "bench.generate",
        "--meetings",
        str(MEETINGS),
        "--out",
        str(meetings),
        "--notes",
        str(NOTES),
        "--notes-out",
        str(notes),
    ]
    if seed is not None:
        command += ["--seed", str(seed)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert f"meetings={MEETINGS}" in result.stderr
    return meetings, notes


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return run_generator(tmp_path_factory.mktemp("seed0"))


@pytest.fixture(scope="module")
def document(generated: tuple[Path, Path]) -> dict[str, Any]:
    return tomllib.loads(generated[0].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def notes_document(generated: tuple[Path, Path]) -> dict[str, Any]:
    return tomllib.loads(generated[1].read_text(encoding="utf-8"))


def test_dataset_validates(document: dict[str, Any]) -> None:
    dataset = Dataset.model_validate(document)
    assert dataset.version == 1
    assert len(dataset.meetings) == MEETINGS
    assert len(dataset.sources) == MEETINGS // 3
    assert cross_record_problems(document) == []


def test_notes_validate(notes_document: dict[str, Any], document: dict[str, Any]) -> None:
    notes = NotesFile.model_validate(notes_document)
    assert notes.version == 1
    assert len(notes.notes) == NOTES
    meeting_ids = {meeting["id"] for meeting in document["meetings"]}
    for note in notes.notes:
        assert note.meeting in meeting_ids
        assert len(note.id) == 8 and int(note.id, 16) >= 0
        assert note.updated >= note.created
        assert note.text.strip()


def test_ids_and_keys_are_unique(document: dict[str, Any], notes_document: dict[str, Any]) -> None:
    for values in (
        [meeting["id"] for meeting in document["meetings"]],
        [source["key"] for source in document["sources"]],
        [note["id"] for note in notes_document["notes"]],
    ):
        assert len(values) == len(set(values))


def test_dataset_is_varied(document: dict[str, Any]) -> None:
    dataset = Dataset.model_validate(document)
    meetings = dataset.meetings
    assert {meeting.series for meeting in meetings} == set(SERIES)
    by_series: dict[str, list[int]] = {}
    for meeting in meetings:
        if meeting.sequence is not None:
            by_series.setdefault(meeting.series, []).append(meeting.sequence)
    for sequences in by_series.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))
    assert {meeting.date.precision for meeting in meetings} == {"year", "month", "day"}
    statuses = Counter(meeting.date.status for meeting in meetings)
    assert set(statuses) == {"confirmed", "reported", "conflicting", "uncertain"}
    for meeting in meetings:
        assert 1 <= len(meeting.sources) <= 5
        assert set(meeting.all_source_keys()) <= set(meeting.sources)
        if meeting.date.status == "conflicting":
            assert meeting.date.alternatives
            assert any(conflict.fields == ["date"] for conflict in meeting.conflicts)
        if meeting.co_chairs:
            assert len(meeting.co_chairs) == 2
            assert meeting.co_chairs[0].country != meeting.co_chairs[1].country
    years = {int(meeting.date.value[:4]) for meeting in meetings}
    assert min(years) < 2000 and max(years) > 2020
    countries = {meeting.venue.country for meeting in meetings if meeting.venue}
    assert len(countries) > 10
    names = [person.name for meeting in meetings for person in meeting.co_chairs + meeting.people]
    assert any(not name.isascii() for name in names)
    assert any("-" in name for name in names)
    assert any(person.aliases for meeting in meetings for person in meeting.co_chairs)
    assert any(meeting.related for meeting in meetings)


def test_same_seed_is_byte_identical(generated: tuple[Path, Path], tmp_path: Path) -> None:
    again = run_generator(tmp_path, seed=0)
    assert again[0].read_bytes() == generated[0].read_bytes()
    assert again[1].read_bytes() == generated[1].read_bytes()


def test_different_seed_differs(generated: tuple[Path, Path], tmp_path: Path) -> None:
    other = run_generator(tmp_path, seed=1)
    assert other[0].read_bytes() != generated[0].read_bytes()
    assert other[1].read_bytes() != generated[1].read_bytes()
    Dataset.model_validate(tomllib.loads(other[0].read_text(encoding="utf-8")))


def test_python_api_matches_cli(generated: tuple[Path, Path]) -> None:
    dataset = generate_dataset(MEETINGS, seed=0)
    assert tomli_w.dumps(dataset).encode() == generated[0].read_bytes()
    notes = generate_notes(dataset, NOTES, seed=0)
    assert tomli_w.dumps(notes).encode() == generated[1].read_bytes()
