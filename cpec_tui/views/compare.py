"""Two meetings side by side: what stayed, what changed, and which outcomes recur.

Outcomes are paraphrases, so a recurring one is rarely worded the same way twice. They are
matched by the overlap of their content words, each cut to its first letters so that
"industry" meets "industrialisation" (a Dice coefficient over those stems), pairs at or above
:data:`RECURRING_AT` taken best first, each outcome in at most one pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from cpec_tui.countries import country_name
from cpec_tui.meetings import Meetings
from cpec_tui.models import Conflict, Meeting, Person, SourcedText, date_sort_key
from cpec_tui.present import CONFLICT_MARK
from cpec_tui.search.bitmaps import Bitmap, positions
from cpec_tui.search.normalize import query_words
from cpec_tui.text import format_date
from cpec_tui.views.people import same_person
from cpec_tui.views.timeline import sequence_of
from cpec_tui.vocabulary import MODES, series_label

T = TypeVar("T")

RECURRING_AT = 0.2
"""The least similarity (0..1) at which two outcomes count as the same one recurring."""
_STEM = 6
_STOPWORDS = frozenset(
    """a about after also an and any are as at be been before between both but by can did
    do for from had has have in including into is it its more most new not of on or other
    our over own same should so such than that the their them these they this those through
    to under up upon very was were which while who will with would""".split()  # noqa: SIM905
)


@dataclass(frozen=True, slots=True)
class Split(Generic[T]):
    """What two meetings share and what only one of them has."""

    shared: tuple[T, ...]
    only_a: tuple[T, ...]
    only_b: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class Stayed:
    """A co-chair of both meetings, as each names them (titles may differ)."""

    a: Person
    b: Person


@dataclass(frozen=True, slots=True)
class Recurring:
    """An outcome of the first meeting and its counterpart in the second."""

    a: SourcedText
    b: SourcedText
    similarity: float


@dataclass(frozen=True, slots=True)
class Outcomes:
    """The outcomes aligned: recurring pairs (best match first), and the rest of each."""

    recurring: tuple[Recurring, ...]
    only_a: tuple[SourcedText, ...]
    only_b: tuple[SourcedText, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Everything the compare view shows; ``a`` and ``b`` carry the dates, venues and
    conflicts (and every source key) as the record has them."""

    a: Meeting
    b: Meeting
    co_chairs: CoChairs
    sectors: Split[str]
    themes: Split[str]
    outcomes: Outcomes

    @property
    def same_venue(self) -> bool:
        venue_a, venue_b = self.a.venue, self.b.venue
        where = [(v.city, v.country, v.mode) if v else None for v in (venue_a, venue_b)]
        return where[0] == where[1]


@dataclass(frozen=True, slots=True)
class CoChairs:
    """Who stayed (in both) and who changed (only in one)."""

    stayed: tuple[Stayed, ...]
    only_a: tuple[Person, ...]
    only_b: tuple[Person, ...]


def compare(a: Meeting, b: Meeting) -> Comparison:
    """The comparison of meeting ``a`` with meeting ``b``."""
    return Comparison(
        a,
        b,
        compare_co_chairs(a.co_chairs, b.co_chairs),
        split(a.sectors, b.sectors),
        split(a.themes, b.themes),
        align_outcomes(a.outcomes, b.outcomes),
    )


def split(a: Sequence[str], b: Sequence[str]) -> Split[str]:
    """Shared values (in ``a``'s order), then each side's own, without repeats."""
    in_a, in_b = dict.fromkeys(a), dict.fromkeys(b)
    return Split(
        tuple(value for value in in_a if value in in_b),
        tuple(value for value in in_a if value not in in_b),
        tuple(value for value in in_b if value not in in_a),
    )


def compare_co_chairs(a: Sequence[Person], b: Sequence[Person]) -> CoChairs:
    """Co-chairs of both (matched by name and aliases, however spelt), then the changes."""
    stayed: list[Stayed] = []
    taken: set[int] = set()
    only_a: list[Person] = []
    for person in a:
        match = next(
            (j for j, other in enumerate(b) if j not in taken and same_person(person, other)),
            None,
        )
        if match is None:
            only_a.append(person)
        else:
            taken.add(match)
            stayed.append(Stayed(person, b[match]))
    only_b = [person for j, person in enumerate(b) if j not in taken]
    return CoChairs(tuple(stayed), tuple(only_a), tuple(only_b))


def similarity(a: str, b: str) -> float:
    """How alike two outcomes are, 0..1: the Dice coefficient of their content-word stems."""
    stems_a, stems_b = _stems(a), _stems(b)
    if not stems_a or not stems_b:
        return 0.0
    return 2 * len(stems_a & stems_b) / (len(stems_a) + len(stems_b))


def _stems(text: str) -> set[str]:
    return {word[:_STEM] for word in query_words(text) if word not in _STOPWORDS}


def align_outcomes(a: Sequence[SourcedText], b: Sequence[SourcedText]) -> Outcomes:
    """Recurring pairs, one to one and best first, then what only one meeting decided."""
    scored = sorted(
        (
            (score, i, j)
            for i, first in enumerate(a)
            for j, second in enumerate(b)
            if (score := similarity(first.text, second.text)) >= RECURRING_AT
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[Recurring] = []
    for score, i, j in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append(Recurring(a[i], b[j], round(score, 3)))
    return Outcomes(
        tuple(pairs),
        tuple(item for i, item in enumerate(a) if i not in used_a),
        tuple(item for j, item in enumerate(b) if j not in used_b),
    )


def previous_round(
    meetings: Meetings, meeting_id: str, series_bitmaps: Mapping[str, Bitmap] | None = None
) -> str | None:
    """The meeting before ``meeting_id`` in its series: the highest lower round number, or
    for a series without round numbers the one just before it by date. None if it is the
    first (or unknown).

    Given the search index's ``series`` table, only that series' meetings are looked at;
    without it every label is (~0.1 s at 100,000 meetings).
    """
    meeting = meetings.get(meeting_id)
    if meeting is None:
        return None
    label = series_label(meeting.series)
    if series_bitmaps is not None:
        candidates: Iterable[int] = positions(series_bitmaps.get(meeting.series, 0))
    else:
        labels = meetings.labels[:]
        candidates = (
            i for i, text in enumerate(labels) if text == label or text.startswith(label + " ")
        )
    best: tuple[tuple[int, int, int], str] | None = None
    for position in candidates:
        summary = meetings.summaries[position]
        if summary.id == meeting_id:
            continue
        sequence = sequence_of(summary, meeting.series)
        if meeting.sequence is not None:
            if sequence is None or sequence >= meeting.sequence:
                continue
            key = (sequence, 0, 0)
        else:
            key = date_sort_key(summary.date)
            if key >= date_sort_key(meeting.date.value):
                continue
        if best is None or (key, summary.id) > best:
            best = (key, summary.id)
    return best[1] if best is not None else None


def conflicts(comparison: Comparison) -> tuple[tuple[Literal["a", "b"], Conflict], ...]:
    """Every conflict of either meeting, with the side (``a`` or ``b``) it belongs to."""
    sides: tuple[tuple[Literal["a", "b"], Meeting], ...] = (
        ("a", comparison.a),
        ("b", comparison.b),
    )
    return tuple((side, conflict) for side, meeting in sides for conflict in meeting.conflicts)


# -- as text (the CLI and the compare screen say the same) --------------------------------


def cited(keys: Sequence[str]) -> str:
    """`` [k1, k2]``: the source keys a line rests on, after it."""
    return f" [{', '.join(keys)}]"


def date_text(meeting: Meeting) -> str:
    """The date as people read it, whether the sources disagree, and its sources."""
    date = meeting.date
    mark = f" {CONFLICT_MARK} sources disagree" if date.disputed else ""
    return format_date(date.value) + mark + cited(date.sources)


def venue_text(meeting: Meeting) -> str:
    """Place and mode, and their sources."""
    venue = meeting.venue
    if venue is None:
        return "not recorded"
    place = ", ".join(
        part
        for part in (venue.city, country_name(venue.country) if venue.country else None)
        if part
    )
    mode = MODES[venue.mode] if venue.mode else None
    return " · ".join(part for part in (place, mode) if part) + cited(venue.sources)


def person_text(person: Person) -> str:
    """Name, title, country, and the sources naming them."""
    title = f" — {person.title}" if person.title else ""
    return f"{person.name}{title} · {country_name(person.country)}{cited(person.sources)}"
