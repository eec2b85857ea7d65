"""Meetings on a time axis, one lane per series, with the rounds the record lacks.

Built from the search index's series bitmaps and the meetings' summaries alone: no meeting
is read. Sorting each series by date is done once (:class:`TimelineIndex`); narrowing it to
a query's meetings is a pass over an array of positions.
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from cpec_tui.meetings import Meetings, MeetingSummary
from cpec_tui.models import date_sort_key
from cpec_tui.search.bitmaps import Bitmap, positions
from cpec_tui.sequences import Indexed
from cpec_tui.vocabulary import SERIES, series_label


@dataclass(frozen=True, slots=True)
class Mark:
    """A meeting on its lane: where it goes (``date``) and what it shows (its round)."""

    id: str
    date: str
    """As recorded: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    sequence: int | None
    label: str
    short_title: str
    conflicting: bool
    uncertain: bool

    @property
    def year(self) -> int:
        return int(self.date[:4])


class Marks(Indexed[Mark]):
    """A lane's marks, made as they are read: a lane of 100,000 meetings costs an array."""

    def __init__(
        self, summaries: Sequence[MeetingSummary], order: Sequence[int], series: str
    ) -> None:
        self._summaries = summaries
        self._order = order
        self._series = series

    def __len__(self) -> int:
        return len(self._order)

    def _item(self, i: int) -> Mark:
        summary = self._summaries[self._order[i]]
        return Mark(
            summary.id,
            summary.date,
            sequence_of(summary, self._series),
            summary.label,
            summary.short_title,
            summary.conflicting,
            summary.uncertain,
        )

    @property
    def positions(self) -> Sequence[int]:
        """Each mark's position in the meetings (to open it in the browser)."""
        return self._order


@dataclass(frozen=True, slots=True)
class Lane:
    """A series' meetings, oldest first, and the rounds missing from the record."""

    series: str
    """The series' vocabulary id (``jwg-icc``)."""
    name: str
    marks: Marks
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
    rest = summary.label.removeprefix(series_label(series)).strip()
    return int(rest) if rest.isdigit() else None


def missing_rounds(sequences: Collection[int]) -> tuple[int, ...]:
    """Round numbers absent between the lowest and highest of ``sequences``."""
    if not sequences:
        return ()
    known = set(sequences)
    return tuple(n for n in range(min(known), max(known) + 1) if n not in known)


DASH = "\u2013"  # an en dash, for ranges: 2-4 reads as a subtraction
TIMES = "\u00d7"


def rounds_text(numbers: Sequence[int]) -> str:
    """``[2, 3, 4, 7]`` -> ``2-4, 7`` (with an en dash)."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}{DASH}{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def cell_text(rounds: Sequence[int | None], width: int) -> tuple[str, bool]:
    """What a year (or month) of a lane shows in ``width`` columns, leaving one blank, and
    whether it names each meeting: the rounds (``6,7``; ``•`` for a meeting without a
    number), or else how many (``12`` and a times sign), or ``+``; ``·`` for no meeting."""
    if not rounds:
        return "·", False
    text = ",".join("•" if n is None else str(n) for n in rounds)
    if len(text) < width:
        return text, True
    count = f"{len(rounds)}{TIMES}"
    return (count if len(count) < width else "+"), False


class TimelineIndex:
    """Each series' meetings in date order and its missing rounds, worked out once (a
    second at 100,000 meetings: build it off the event loop); :meth:`timeline` then only
    filters, a few milliseconds at 100,000."""

    def __init__(self, meetings: Meetings, series_bitmaps: Mapping[str, Bitmap]) -> None:
        """``series_bitmaps`` is the search index's ``series`` table."""
        self._summaries = meetings.summaries
        self._size = len(meetings)
        self._lanes: list[tuple[str, array[int], tuple[int, ...]]] = []
        for slug in SERIES:
            found = positions(series_bitmaps.get(slug, 0))
            if not found:
                continue
            keyed = []
            rounds = []
            for position in found:
                summary = self._summaries[position]
                sequence = sequence_of(summary, slug)
                if sequence is not None:
                    rounds.append(sequence)
                keyed.append((date_sort_key(summary.date), sequence or 0, summary.id, position))
            keyed.sort()
            order = array("i", [key[-1] for key in keyed])
            self._lanes.append((slug, order, missing_rounds(rounds)))

    def timeline(self, within: Bitmap | None = None, series: Collection[str] = ()) -> Timeline:
        """The lanes; ``within`` (a search result's bitmap) narrows the marks, ``series``
        the lanes."""
        mask = within.to_bytes((self._size + 7) >> 3, "little") if within is not None else None
        lanes: list[Lane] = []
        for slug, order, missing in self._lanes:
            if series and slug not in series:
                continue
            shown: Sequence[int] = order
            if mask is not None:
                shown = array("i", [p for p in order if mask[p >> 3] >> (p & 7) & 1])
            if shown:
                lanes.append(Lane(slug, SERIES[slug], Marks(self._summaries, shown, slug), missing))
        return Timeline(tuple(lanes))
