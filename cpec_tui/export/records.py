"""Meetings as JSON and CSV records: JSON as the models dump them, CSV a row per meeting.

Both are made a meeting at a time (an iterator of text), so exporting 100,000 meetings never
holds them all; ``"".join(...)`` gives the whole text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from cpec_tui.countries import country_name
from cpec_tui.export.escape import csv_cell, is_web_url, json_array_chunks, safe_url
from cpec_tui.export.sources import cited_sources
from cpec_tui.export.words import venue_text
from cpec_tui.vocabulary import SECTORS, SERIES, THEMES

if TYPE_CHECKING:
    from cpec_tui.models import Meeting, Person, Source

CSV_COLUMNS = (
    "id",
    "date",
    "series",
    "round",
    "title",
    "venue",
    "co_chairs",
    "sectors",
    "themes",
    "source_keys",
    "source_urls",
)


def source_record(source: Source) -> dict[str, Any]:
    """A source as the model dumps it, less the name of a file the package does not ship."""
    return source.model_dump(mode="json", exclude={"file"})


def meeting_record(meeting: Meeting, sources: Mapping[str, Source]) -> dict[str, Any]:
    """The meeting as the model dumps it, plus ``cited_sources``: each source it cites, whole.

    (``cpec-tui show --format json`` prints it; ``export --format json`` a list of them.)
    """
    record = meeting.model_dump(mode="json")
    record["cited_sources"] = [source_record(s) for s in cited_sources([meeting], sources)]
    return record


def meetings_json(meetings: Iterable[Meeting], sources: Mapping[str, Source]) -> Iterator[str]:
    """A JSON array of :func:`meeting_record` s, made a meeting at a time."""
    return json_array_chunks(meeting_record(meeting, sources) for meeting in meetings)


def meetings_csv(meetings: Iterable[Meeting], sources: Mapping[str, Source]) -> Iterator[str]:
    """A CSV table, a row per meeting, made a row at a time; lists are joined with ``; ``
    (URLs with spaces)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for meeting in meetings:
        writer.writerow([csv_cell(value) for value in _row(meeting, sources)])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _row(meeting: Meeting, sources: Mapping[str, Source]) -> list[str]:
    cited = cited_sources([meeting], sources)
    return [
        meeting.id,
        meeting.date.value,
        SERIES[meeting.series],
        str(meeting.sequence) if meeting.sequence is not None else "",
        meeting.title,
        venue_text(meeting.venue) if meeting.venue else "",
        "; ".join(_person(person) for person in meeting.co_chairs),
        "; ".join(SECTORS[sector] for sector in meeting.sectors),
        "; ".join(THEMES[theme] for theme in meeting.themes),
        "; ".join(source.key for source in cited),
        " ".join(safe_url(s.url) for s in cited if s.url and is_web_url(s.url)),
    ]


def _person(person: Person) -> str:
    detail = ", ".join(part for part in (person.title, country_name(person.country)) if part)
    return f"{person.name} ({detail})"
