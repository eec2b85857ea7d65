"""Sources as a reader cites them: which a set of meetings rests on, and a ready citation.

The record was first built from a few articles its compilers hold a copy of (the "seed"
sources; the dataset names each copy's file, which the package does not ship). A reader can
neither follow nor use such a file name, so exports say in words what it is
(:func:`held_copy`) and leave the name out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cpec_tui.export.escape import is_web_url, plain, safe_url
from cpec_tui.text import format_date

if TYPE_CHECKING:
    from cpec_tui.models import Meeting, Source

SEED = "a “seed” article: one the record was built from, of which its compilers keep a copy"
"""What a source the dataset names a file of is (the file is not shipped), in words."""

NOT_ONLINE = f"not online; {SEED}"


def held_copy(source: Source) -> str | None:
    """What the record's own copy of ``source`` is to a reader, if it has one."""
    if source.url is None:
        return NOT_ONLINE
    if source.file is not None:
        return SEED
    return None


def cited_sources(meetings: Iterable[Meeting], sources: Mapping[str, Source]) -> list[Source]:
    """The distinct sources ``meetings`` cite, in first-cited order (unknown keys skipped)."""
    keys: dict[str, None] = {}
    for meeting in meetings:
        keys.update(dict.fromkeys(meeting.all_source_keys()))
    return [sources[key] for key in keys if key in sources]


def published(source: Source) -> str:
    """When ``source`` came out, as people write it (``22 Jan 2024``), or ``undated``."""
    return format_date(source.published) if source.published else "undated"


def citation(source: Source) -> str:
    """A ready citation to paste into an article: ``Outlet, 22 Jan 2024, “Headline”, URL``.

    Plain text on one line; a source that is not online says so instead of a URL.
    """
    parts = [plain(source.outlet), published(source)]
    if source.headline:
        parts.append(f"“{plain(source.headline)}”")
    if source.url is None:
        parts.append(NOT_ONLINE)
    else:
        parts.append(safe_url(source.url) if is_web_url(source.url) else plain(source.url))
    return ", ".join(parts)
