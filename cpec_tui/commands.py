"""The command palette (``ctrl+p``): the app's own commands and "jump to a meeting".

Meeting titles are data, so hits are built as literal ``Content`` (the palette would parse a
plain string as markup) and help texts only ever hold our own words and validated ids.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from cpec_tui.text import format_date, one_line

if TYPE_CHECKING:  # (the models import pydantic: not before the first frame)
    from cpec_tui.meetings import MeetingSummary

# Yield to the event loop this often, so a 100,000-meeting search never freezes typing.
_YIELD_EVERY = 256
_MAX_MEETING_HITS = 50


class Reader(Protocol):
    """What the palette needs from the browser to export and copy what it shows."""

    def action_export(self) -> None: ...

    def action_copy_markdown(self) -> None: ...


class PaletteHost(Protocol):
    """What the palette needs from the app (kept small so commands stay decoupled)."""

    @property
    def browser(self) -> Reader: ...

    def palette_meetings(self) -> Sequence[MeetingSummary]: ...

    def jump_to_meeting(self, meeting_id: str) -> None: ...

    def action_new_note(self) -> None: ...

    def action_help(self) -> None: ...

    def action_clear_search(self) -> None: ...

    def action_first_meeting(self) -> None: ...

    def action_open_view(self, name: str) -> None: ...


def _app_commands(host: PaletteHost) -> list[tuple[str, Callable[[], object], str]]:
    from cpec_tui.screens import views

    opened = [
        (
            f"Open the {view.description.lower()}",
            partial(host.action_open_view, view.name),
            f"Full-screen view ({view.key})",
        )
        for view in views.VIEWS
    ]
    return [
        *opened,
        ("Add a note to this meeting", host.action_new_note, "Open the note editor (n)"),
        (
            "Export this meeting or the results",
            host.browser.action_export,
            "To a Markdown, CSV or JSON file (x)",
        ),
        (
            "Copy this meeting as Markdown",
            host.browser.action_copy_markdown,
            "With footnote citations, to the clipboard (y)",
        ),
        ("Keys", host.action_help, "Every key, and the search syntax (?)"),
        ("Clear the search", host.action_clear_search, "Show every meeting again"),
        ("Go to the newest meeting", host.action_first_meeting, "Select the first meeting"),
    ]


def _meeting_text(meeting: MeetingSummary) -> str:
    return one_line(f"{meeting.label} · {meeting.short_title} — {meeting.title} ({meeting.id})")


class CpecCommands(Provider):
    """App commands plus one "go to" command per meeting, matched on label, title and id."""

    @property
    def _host(self) -> PaletteHost:
        return cast(PaletteHost, self.app)

    async def discover(self) -> Hits:
        for name, command, help_text in _app_commands(self._host):
            yield DiscoveryHit(Content(name), command, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, command, help_text in _app_commands(self._host):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, text=name, help=help_text)
        wanted = query.strip().lower()
        needles = set(wanted.replace(" ", ""))
        style = self.match_style or Style(reverse=True)
        found = 0
        for count, meeting in enumerate(self._host.palette_meetings(), 1):
            if count % _YIELD_EVERY == 0:
                await asyncio.sleep(0)
            text = _meeting_text(meeting)
            if not needles <= set(text.lower()):
                continue
            score = matcher.match(text)
            if score <= 0:
                continue
            # Typing an id or a label exactly ("jcc-1", "jcc 1") picks that meeting first.
            exact = wanted in (meeting.id, meeting.label.lower())
            score = 1.0 if exact else min(score, 0.99)
            found += 1
            yield Hit(
                score,
                _highlight(matcher.fuzzy_search.match(query, text)[1], text, style),
                partial(self._host.jump_to_meeting, meeting.id),
                text=text,
                help=f"Go to meeting {meeting.id} of {format_date(meeting.date)}",
            )
            if found >= _MAX_MEETING_HITS:
                return


def _highlight(offsets: Sequence[int], text: str, style: Style) -> Content:
    content = Content(text, strip_control_codes=False)
    for offset in offsets:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content
