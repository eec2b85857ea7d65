"""Small meetings built in code for the tests of :mod:`cpec_tui.views`."""

from __future__ import annotations

from typing import Any

from cpec_tui.meetings import Meetings
from cpec_tui.models import Dataset, Meeting, Source
from cpec_tui.search import SearchEngine

SOURCES = [
    Source(key="s1", outlet="Dawn", url="https://example.org/1"),
    Source(key="s2", outlet="Business Recorder", url="https://example.org/2"),
    Source(key="s3", outlet="Dawn", url="https://example.org/3"),
]


def person(name: str, country: str = "PK", **fields: Any) -> dict[str, Any]:
    """A person as the dataset writes one."""
    return {"name": name, "country": country, "sources": ["s1"], **fields}


def meeting_record(
    meeting_id: str,
    date: str,
    series: str = "jcc",
    sequence: int | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A valid meeting as the dataset writes one, with only what a test cares about besides
    the required fields."""
    record: dict[str, Any] = {
        "id": meeting_id,
        "series": series,
        "kind": "meeting",
        "title": f"Meeting {meeting_id}",
        "short_title": meeting_id.upper(),
        "sourcing": "strong",
        "sources": ["s1"],
        "date": {"value": date, "status": "confirmed", "sources": ["s1"]},
        **fields,
    }
    if sequence is not None:
        record["sequence"] = sequence
    return record


def meeting(
    meeting_id: str,
    date: str,
    series: str = "jcc",
    sequence: int | None = None,
    **fields: Any,
) -> Meeting:
    """:func:`meeting_record`, validated into a model."""
    return Meeting.model_validate(meeting_record(meeting_id, date, series, sequence, **fields))


def engine_of(*meetings: Meeting) -> SearchEngine:
    """The search engine over these meetings and :data:`SOURCES`."""
    return SearchEngine(Dataset(version=1, sources=SOURCES, meetings=list(meetings)))


def meetings_of(*meetings: Meeting) -> Meetings:
    return Meetings.of(meetings)
