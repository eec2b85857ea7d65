"""Meetings on a time axis, one lane per series, with the rounds the record lacks.

Built from the search index's series bitmaps and the meetings' summaries alone: no meeting
is read, so a timeline of 100,000 meetings costs what sorting their summaries does.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cpec_tui.meetings import Meetings, MeetingSummary
from cpec_tui.models import date_sort_key
from cpec_tui.search.bitmaps import Bitmap, positions
from cpec_tui.vocabulary import SERIES


@dataclass(frozen=True, slots=True)
class Mark:
    """A meeting on its lane: where it goes (``date``) and what it shows (its round)."""

    id: str
    date: str
    """As recorded: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    sequence: int | None
    label: str
    short_title: str
    disputed: bool

    @property
    def year(self) -> int:
        return int(self.date[:4])


@dataclass(frozen=True, slots=True)
class Lane:
    """A series' meetings, oldest first, and the rounds missing from the record."""

    series: str
    """The series' vocabulary id (``jwg-icc``)."""
    name: str
    marks: tuple[Mark, ...]
    missing: tuple[int, ...]
    """Round numbers between the first and last known round of the series that no meeting
    in the record has (computed over the whole record, not only the marks shown)."""

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year of the marks shown."""
        return self.marks[0].year, self.marks[-1].year


@dataclass(frozen=True, slots=True)
class Timeline:
    """Every lane with a mark to show, in the order of the series vocabulary."""

    lanes: tuple[Lane, ...]

    @property
    def years(self) -> tuple[int, int] | None:
        """The span of years across all lanes (None when nothing is shown)."""
        if not self.lanes:
            return None
        spans = [lane.years for lane in self.lanes]
        return min(first for first, _ in spans), max(last for _, last in spans)


def sequence_of(summary: MeetingSummary, series: str) -> int | None:
    """A meeting's round number, read back from its label (``JWG-ICC 4``, see
    :attr:`~cpec_tui.models.Meeting.label`), so that no meeting needs to be read."""
    rest = summary.label.removeprefix(series.upper()).strip()
    return int(rest) if rest.isdigit() else None


def missing_rounds(sequences: Collection[int]) -> tuple[int, ...]:
    """Round numbers absent between the lowest and highest of ``sequences``."""
    if not sequences:
        return ()
    known = set(sequences)
    return tuple(n for n in range(min(known), max(known) + 1) if n not in known)


def build_timeline(
    meetings: Meetings,
    series_bitmaps: Mapping[str, Bitmap],
    within: Bitmap | None = None,
    series: Collection[str] = (),
) -> Timeline:
    """The lanes of ``meetings``; ``within`` (a search result's bitmap) narrows the marks,
    ``series`` the lanes. ``series_bitmaps`` is the index's ``series`` table."""
    summaries = meetings.summaries
    lanes: list[Lane] = []
    for slug in SERIES:
        everyone = series_bitmaps.get(slug, 0)
        if not everyone or (series and slug not in series):
            continue
        shown = everyone if within is None else everyone & within
        if not shown:
            continue
        all_rounds = [
            n
            for position in positions(everyone)
            if (n := sequence_of(summaries[position], slug)) is not None
        ]
        marks = [_mark(summaries[position], slug) for position in positions(shown)]
        marks.sort(key=lambda mark: (date_sort_key(mark.date), mark.sequence or 0, mark.id))
        lanes.append(Lane(slug, SERIES[slug], tuple(marks), missing_rounds(all_rounds)))
    return Timeline(tuple(lanes))


def _mark(summary: MeetingSummary, series: str) -> Mark:
    return Mark(
        summary.id,
        summary.date,
        sequence_of(summary, series),
        summary.label,
        summary.short_title,
        summary.disputed,
    )
