"""Conflicts at the fact: every fact a conflict concerns is marked where it is shown, and the
list's two marks mean one thing each."""

from __future__ import annotations

import pytest

from cpec_tui import paths
from cpec_tui.export.words import concerns, date_standing, field_words
from cpec_tui.library import Library
from cpec_tui.meetings import summarize
from cpec_tui.present import CONFLICT_MARK, UNCERTAIN_MARK, marks, meeting_sections
from cpec_tui.store.dataset import LoadedDataset, load_dataset


@pytest.fixture(scope="module")
def bundled() -> LoadedDataset:
    return load_dataset(paths.bundled_dataset())


def test_has_conflicts_finds_exactly_the_meetings_marked_conflicting(
    bundled: LoadedDataset, tmp_path_factory: pytest.TempPathFactory
) -> None:
    library = Library(paths.bundled_dataset(), tmp_path_factory.mktemp("n") / "notes.toml")
    found = {library.meetings.ids[p] for p in library.search("has:conflicts").positions}
    marked = {summary.id for summary in bundled.meetings.summaries if summary.conflicting}
    assert found == marked
    assert marked == {meeting.id for meeting in bundled.meetings if meeting.conflicts}


def test_every_fact_a_conflict_concerns_carries_its_id(bundled: LoadedDataset) -> None:
    checked = 0
    for meeting in bundled.meetings:
        sections = meeting_sections(meeting, bundled.sources)
        for conflict in meeting.conflicts:
            if all(field.startswith("date") for field in conflict.fields):
                when = next(section for section in sections if section.heading == "When")
                said = "".join(part.text for part in when.lines[0])
                assert f"see Conflicts ({conflict.id}" in said or conflict.id in said, meeting.id
                continue
            for field in conflict.fields:
                shown = [
                    "".join(part.text for part in line)
                    for section in sections
                    if section.heading != "Conflicts between reports"
                    for line in section.lines
                    if any(part.path and concerns(conflict, part.path) for part in line)
                ]
                assert shown, (meeting.id, conflict.id, field)  # the fact is on screen
                assert all(f"{CONFLICT_MARK} " in text and conflict.id in text for text in shown)
                checked += 1
    assert checked >= 5


def test_a_meeting_without_conflicts_has_no_marks(bundled: LoadedDataset) -> None:
    calm = next(meeting for meeting in bundled.meetings if not meeting.conflicts)
    text = "".join(
        part.text
        for section in meeting_sections(calm, bundled.sources)
        for line in section.lines
        for part in line
    )
    assert f"{CONFLICT_MARK} C-" not in text and f"{CONFLICT_MARK} U-" not in text


def test_the_two_list_marks() -> None:
    assert marks(True, False) == f"{CONFLICT_MARK} "
    assert marks(False, True) == f" {UNCERTAIN_MARK}"
    assert marks(True, True) == f"{CONFLICT_MARK}{UNCERTAIN_MARK}"
    assert marks(False, False) == "  "


def test_an_uncertain_date_is_marked_but_is_not_a_conflict(bundled: LoadedDataset) -> None:
    month_only = next(m for m in bundled.meetings if len(m.date.value) == 7 and not m.conflicts)
    summary = summarize(month_only)
    assert summary.uncertain and not summary.conflicting


def test_the_date_line_says_one_thing(bundled: LoadedDataset) -> None:
    for meeting in bundled.meetings:
        settled, doubt = date_standing(meeting)
        assert not (settled == "sources disagree" and doubt)
        assert "sources disagree" not in settled
        if meeting.date.status == "confirmed" and not meeting.date.alternatives:
            assert (settled, doubt) == ("confirmed by agreeing sources", "")


def test_fields_are_named_in_words() -> None:
    assert field_words("co_chairs") == "co-chairs"
    assert field_words("co_chairs[1]") == "co-chair 2"
    assert field_words("venue.mode") == "venue: mode"
    assert field_words("outcomes[0]") == "outcome 1"
