"""The export formats by name, so every front end offers the same ones and writes them alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpec_tui.export.markdown import SummaryOf
    from cpec_tui.models import Meeting, Source

MEETING_FORMATS = {"md": "Markdown with footnotes", "csv": "CSV", "json": "JSON"}
"""What ``export`` (and the browser's export) can write, by name, with a name for people."""


def results_heading(query: str) -> str:
    """The title of a Markdown export of a search's results (or of every meeting)."""
    return f"CPEC meetings matching “{query}”" if query else "CPEC meetings"


def export_chunks(
    form: str,
    meetings: Iterable[Meeting],
    sources: Mapping[str, Source],
    summary_of: SummaryOf | None = None,
    heading: str | None = None,
) -> Iterator[str]:
    """``meetings`` in format ``form`` (a key of :data:`MEETING_FORMATS`), a piece at a time.

    ``heading`` titles a Markdown document; ``summary_of`` names its related meetings.
    """
    from cpec_tui.export.markdown import markdown_chunks
    from cpec_tui.export.records import meetings_csv, meetings_json

    if form == "csv":
        return meetings_csv(meetings, sources)
    if form == "json":
        return meetings_json(meetings, sources)
    if form == "md":
        return markdown_chunks(meetings, sources, summary_of or (lambda _: None), heading)
    raise ValueError(f"{form!r} is not an export format")
