"""The detail pane: one meeting in full, laid out by :func:`cpec_tui.present.meeting_sections`.

Like the list, this is a line-API ``ScrollView``: the meeting is turned into styled lines,
wrapped to the pane's width (with hanging indents for bullets and notes), and only the lines
on screen are drawn. Moving the cursor through a long record therefore costs a wrap and a
screenful of lines, not a relayout of widgets; and the pane is not rebuilt at all when
neither the meeting, the query's matches in it, its notes nor the selected note changed.
When it is rebuilt at the same width and scroll position (typing usually changes the
highlights of a line or two), only the screen lines that differ are repainted.

A reader moves from fact to fact (every line that cites sources, and each related meeting)
with ``tab`` / ``shift+tab``; ``enter`` on a fact asks the screen to show its sources, or to
open the related meeting. URLs are never wrapped: a URL line is cut with an ellipsis, its
link target whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from cpec_tui.present import LINK, PLAIN, Line, Section, facts_of, meeting_sections
from cpec_tui.widgets.line_view import LineView
from cpec_tui.widgets.loading import ProgressIndicator
from cpec_tui.widgets.text_content import Spans, highlighted, safe_link

if TYPE_CHECKING:  # (the models import pydantic: not before the first frame)
    from cpec_tui.models import Meeting, Note, Source

_NOTE_TEXT_PATH = re.compile(r"^notes\[(?P<id>.+)\]\.text$")
SELECTED_NOTE_MARK = "▶ "
BULLET = "• "
INDENT = 2
MATCH_CONTEXT = 2  # lines shown above a search's first match when the pane jumps to it
EMPTY = "No meeting selected."
_OWN_BACKGROUND = frozenset({"tag", "match", "note-selected", "fact"})


def _no_title(_: str) -> str | None:
    return None


@dataclass(frozen=True)
class MeetingView:
    """Everything the pane needs to show one meeting; the app builds it, the pane draws it."""

    meeting: Meeting
    sources: Mapping[str, Source]
    notes: Sequence[Note] = ()
    spans_of: Callable[[Meeting], Spans] | None = None
    query_key: object = None
    selected_note: str | None = None
    title_of: Callable[[str], str | None] = field(default=_no_title)

    @property
    def key(self) -> tuple[object, ...]:
        """Equal keys and equal matches (``spans_of``) draw the same picture."""
        notes = tuple((note.id, note.updated, note.text, tuple(note.tags)) for note in self.notes)
        return (self.meeting.id, notes, self.selected_note)

    def spans(self) -> Spans:
        """Where the query matched in the meeting (nothing without a query)."""
        return self.spans_of(self.meeting) if self.spans_of is not None else {}


@dataclass(frozen=True)
class _Paragraph:
    """One logical line of the record before wrapping: its indent and hanging indent."""

    content: Content
    indent: int = 0
    hang: int = 0
    matched: bool = False
    selected_note: bool = False
    nowrap: bool = False
    """Cut to the width with an ellipsis instead of wrapped (a URL, copied whole)."""


@dataclass(frozen=True)
class Fact:
    """A line a reader can stop on: what it says, the sources it cites, the meeting it names."""

    text: str
    sources: tuple[str, ...]
    meeting: str | None
    entry_of: str | None
    """The source key whose entry (in the Sources section) this line is, if it is one."""
    paragraph: int


class MeetingDetail(LineView, can_focus=True):
    """A scrollable, read-only view of the highlighted meeting."""

    DEFAULT_CSS = """
    MeetingDetail {
        width: 1fr;
        height: 1fr;
        padding: 0 1 0 2;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    MeetingDetail:focus {
        background: $boost;
    }
    MeetingDetail > .meeting-detail--heading {
        color: $text-primary;
        text-style: bold;
    }
    MeetingDetail > .meeting-detail--empty {
        color: $text-muted;
        text-style: italic;
    }
    MeetingDetail > .meeting-detail--strong {
        text-style: bold;
    }
    MeetingDetail > .meeting-detail--muted {
        color: $text-muted;
    }
    MeetingDetail > .meeting-detail--cite {
        color: $text-muted;  /* not dim: citation keys must stay readable (WCAG AA) */
    }
    MeetingDetail > .meeting-detail--warning {
        color: $text-warning;
        text-style: bold;
    }
    MeetingDetail > .meeting-detail--tag {
        color: $text;  /* on the chip's tint: readable in every theme (WCAG AA) */
        background: $secondary-muted;
    }
    MeetingDetail > .meeting-detail--link {
        color: $text-accent;
        text-style: underline;
    }
    MeetingDetail > .meeting-detail--match {
        background: $accent-muted;
        text-style: bold;
    }
    MeetingDetail > .meeting-detail--note-selected {
        background: $primary-muted;
    }
    MeetingDetail > .meeting-detail--fact {
        background: $foreground 18%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G,shift+g", "scroll_end", "Bottom", show=False),
        Binding("tab", "next_fact", "Next fact"),
        Binding("shift+tab", "previous_fact", "Previous fact", show=False),
        Binding("enter", "open_fact", "Sources"),
        Binding("escape", "back", "Back to list"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "meeting-detail--heading",
        "meeting-detail--strong",
        "meeting-detail--muted",
        "meeting-detail--cite",
        "meeting-detail--warning",
        "meeting-detail--tag",
        "meeting-detail--link",
        "meeting-detail--match",
        "meeting-detail--note-selected",
        "meeting-detail--fact",
        "meeting-detail--empty",
    }

    class Closed(Message):
        """The user is done reading and wants the list back."""

    class SourcesWanted(Message):
        """``enter`` on a fact: show the sources it cites."""

        def __init__(self, fact: Fact) -> None:
            self.fact = fact
            super().__init__()

    class MeetingWanted(Message):
        """``enter`` on a related meeting: open it."""

        def __init__(self, meeting_id: str) -> None:
            self.meeting_id = meeting_id
            super().__init__()

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._view: MeetingView | None = None
        self._key: tuple[object, ...] | None = None
        self._spans: Spans = {}
        self._paragraphs: list[_Paragraph] = []
        self._lines: list[Content] = []
        self._first_match: int | None = None
        self._note_line: int | None = None
        self._facts: list[Fact] = []
        self._fact: int | None = None  # which of the facts the reader is on
        self._starts: list[int] = []  # the first screen line of each paragraph
        self._wrapped_width = -1
        self._styles: dict[str, Style | None] = {}
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(256)
        # Typing re-highlights one meeting: most paragraphs (and the layout) are unchanged.
        self._wrap_cache: LRUCache[tuple[object, ...], list[Content]] = LRUCache(1024)
        self._sections_cache: tuple[object, list[Section]] | None = None

    def get_loading_widget(self) -> Widget:
        return ProgressIndicator()  # (the list says what is being done)

    # -- what the pane shows --------------------------------------------------------------

    def show(self, view: MeetingView | None, *, keep_scroll: bool = False) -> bool:
        """Show ``view`` (``None``: nothing selected); returns whether the pane was rebuilt.

        A new meeting starts at its top, or at its first match when a search matched below
        the fold; a new query on the same meeting does the same; a note change keeps the
        scroll position.
        """
        spans = view.spans() if view is not None else {}
        key = view.key if view is not None else None
        old = self._view
        self._view = view
        if old is None or view is None or old.meeting.id != view.meeting.id:
            self._fact = None
        rebuild = (key, spans) != (self._key, self._spans) or not self._lines
        if rebuild:
            self._key, self._spans = key, spans
            self._build()
        same_reading = (
            old is not None
            and view is not None
            and old.meeting.id == view.meeting.id
            and old.query_key == view.query_key
        )
        if not (keep_scroll or same_reading):
            first = self._first_match
            self._scroll_to_line(0 if first is None else max(0, first - MATCH_CONTEXT))
        return rebuild

    @property
    def plain_text(self) -> str:
        """The pane's text without styles or wrapping (for tests)."""
        if self._view is None:
            return EMPTY
        return "\n".join(paragraph.content.plain for paragraph in self._paragraphs)

    @property
    def screen_lines(self) -> list[str]:
        """The wrapped lines as drawn (for tests): each fits the pane's width."""
        return [line.plain for line in self._lines]

    @property
    def line_count(self) -> int:
        """How many lines the meeting takes at the current width."""
        return len(self._lines)

    def scroll_to_selected_note(self) -> None:
        """Bring the selected note into view (its header near the top) unless it is on screen."""
        line = self._note_line
        if line is None:
            return
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if not top <= line < top + height - 1:  # (its header and the first line of its text)
            # From the top of the meeting if that shows it (under the title), else near it.
            self._scroll_to_line(0 if line < height - 1 else line - 1)

    @property
    def fact(self) -> Fact | None:
        """The fact the reader is on, if any."""
        return self._facts[self._fact] if self._fact is not None else None

    def action_back(self) -> None:
        if self._fact is not None:
            self._fact = None
            self._build()
        self.post_message(self.Closed())

    def action_next_fact(self) -> None:
        self._step_fact(+1)

    def action_previous_fact(self) -> None:
        self._step_fact(-1)

    def action_open_fact(self) -> None:
        """Show the current fact's sources (or open its meeting); without one, back."""
        fact = self.fact
        if fact is None:
            self.action_back()
        elif fact.meeting is not None:
            self.post_message(self.MeetingWanted(fact.meeting))
        elif fact.sources:
            self.post_message(self.SourcesWanted(fact))

    def go_to_source(self, key: str) -> bool:
        """Put the reader on source ``key``'s entry in the Sources section, near the top."""
        for number, fact in enumerate(self._facts):
            if fact.entry_of == key:
                self._set_fact(number)
                self._scroll_to_line(max(0, self._starts[fact.paragraph] - 1))
                return True
        return False

    def _step_fact(self, step: int) -> None:
        """The next (or previous) fact; from none, the first one on screen (or above it)."""
        if not self._facts:
            return
        if self._fact is None:
            top = self.scroll_offset.y
            below = [n for n, f in enumerate(self._facts) if self._starts[f.paragraph] >= top]
            if step > 0:
                number = below[0] if below else len(self._facts) - 1
            else:
                number = below[0] - 1 if below and below[0] else len(self._facts) - 1
        else:
            number = (self._fact + step) % len(self._facts)
        self._set_fact(number)
        self._show_fact()

    def _set_fact(self, number: int) -> None:
        self._fact = number
        self._build()

    def _show_fact(self) -> None:
        """Scroll just enough for the whole current fact to be on screen."""
        fact = self.fact
        if fact is None:
            return
        first = self._starts[fact.paragraph]
        end = (
            self._starts[fact.paragraph + 1]
            if fact.paragraph + 1 < len(self._starts)
            else len(self._lines)
        )
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if first < top:
            self._scroll_to_line(first)
        elif end > top + height:
            self._scroll_to_line(min(first, end - height))

    def on_click(self, event: events.Click) -> None:
        """A click on a source's URL opens it (only http/https URLs ever carry a link)."""
        link = safe_link(event.style.link)
        if link is not None:
            event.stop()
            self.app.open_url(link)

    # -- building and wrapping ------------------------------------------------------------

    def _build(self) -> None:
        view = self._view
        if view is None:
            empty = Content(EMPTY).stylize(self._style("empty") or Style())
            self._paragraphs = [_Paragraph(empty)]
        else:
            self._paragraphs = self._paragraphs_of(view)
        self._wrap(force=True)

    def _paragraphs_of(self, view: MeetingView) -> list[_Paragraph]:
        sections = self._sections(view)
        spans = self._spans
        paragraphs: list[_Paragraph] = []
        facts: list[Fact] = []
        heading_style = self._style("heading") or Style()
        for number, section in enumerate(sections):
            indent = 0
            if section.heading:
                if number:
                    paragraphs.append(_Paragraph(Content("")))
                paragraphs.append(_Paragraph(Content(section.heading).stylize(heading_style)))
                indent = INDENT
            start = len(paragraphs)
            paragraphs += self._section(section, spans, view.selected_note, indent)
            facts += _facts(section.lines, start)
        self._facts = facts
        if self._fact is not None and self._fact >= len(facts):
            self._fact = None
        current = self.fact
        if current is not None:
            paragraph = paragraphs[current.paragraph]
            fact_style = self._style("fact") or Style()
            paragraphs[current.paragraph] = replace(
                paragraph, content=paragraph.content.stylize_before(fact_style)
            )
        return paragraphs

    def _sections(self, view: MeetingView) -> list[Section]:
        """The meeting's layout, reused while only the query changes (typing)."""
        key = view.key[:2]  # the meeting and its notes
        if self._sections_cache is None or self._sections_cache[0] != key:
            sections = meeting_sections(view.meeting, view.sources, view.notes, view.title_of)
            self._sections_cache = (key, sections)
        return self._sections_cache[1]

    def _section(
        self, section: Section, spans: Spans, selected_note: str | None, indent: int
    ) -> list[_Paragraph]:
        """A section's lines; a note's lines carry a mark column that shows the selection."""
        paragraphs: list[_Paragraph] = []
        lines = section.lines
        selected_style = self._style("note-selected") or Style()
        for index, line in enumerate(lines):
            text_of = _note_of(line)
            header_of = _note_of(lines[index + 1]) if index + 1 < len(lines) else None
            owner = text_of or header_of
            content, matched = self._line(line, spans)
            hang = _hang(content.plain)
            selected = owner is not None and owner == selected_note
            if owner is not None:
                mark = SELECTED_NOTE_MARK if selected and header_of else " " * len(BULLET)
                content = Content(mark) + content
                hang = len(mark)
                if selected:
                    content = content.stylize_before(selected_style)
            paragraphs.append(
                _Paragraph(
                    content,
                    indent=indent,
                    hang=hang,
                    matched=matched,
                    selected_note=selected and header_of is not None,
                    nowrap=any(part.role == LINK for part in line),
                )
            )
        return paragraphs

    def _line(self, line: Line, spans: Spans) -> tuple[Content, bool]:
        match = self._style("match") or Style()
        parts: list[Content] = []
        matched = False
        for part in line:
            base = self._style(part.role) if part.role != PLAIN else None
            link = safe_link(part.link)
            if link is not None:
                base = (base or Style()) + Style(link=link)
            ranges = spans.get(part.path, ()) if part.path is not None else ()
            matched = matched or bool(ranges)
            parts.append(highlighted(part.text, ranges, match, base=base))
        return (parts[0] if len(parts) == 1 else Content("").join(parts)), matched

    def _wrap(self, *, force: bool = False) -> None:
        """Wrap the paragraphs to the pane's width (only when it or the content changed)."""
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet: on_resize wraps
            self._wrapped_width = -1
            return
        if not force and width == self._wrapped_width:
            return
        old_lines, old_width = self._lines, self._wrapped_width
        self._wrapped_width = width
        self._cache.clear()
        lines: list[Content] = []
        starts: list[int] = []
        self._first_match = self._note_line = None
        for paragraph in self._paragraphs:
            starts.append(len(lines))
            if paragraph.matched and self._first_match is None:
                self._first_match = len(lines)
            if paragraph.selected_note:
                self._note_line = len(lines)
            content = paragraph.content
            key = (
                content.plain,
                tuple(content.spans),
                paragraph.indent,
                paragraph.hang,
                paragraph.nowrap,
                width,
            )
            wrapped = self._wrap_cache.get(key)
            if wrapped is None:
                wrapped = self._wrap_cache[key] = _wrap(paragraph, width)
            lines += wrapped
        self._lines = lines
        self._starts = starts
        self.set_virtual_size(Size(width, len(lines)))
        if width == old_width:
            self._repaint_lines_unlike(old_lines)
        else:
            self.refresh()

    def _repaint_lines_unlike(self, old: list[Content]) -> None:
        """Repaint the screen lines that differ from ``old`` (the lines before a rebuild).

        A scroll that follows repaints everything anyway; without one, a new highlight in
        the same meeting repaints a line or two instead of the whole pane.
        """
        top = self.scroll_offset.y
        width, height = self.scrollable_content_region.size
        new = self._lines
        changed = [
            Region(0, y, width, 1) for y in range(height) if not _same_line(old, new, top + y)
        ]
        if changed:
            self.refresh(*changed)

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        key = (index, width)
        strip = self._cache.get(key)
        if strip is None:
            base = self.visual_style
            segments = self._lines[index].render_segments(base)
            strip = Strip(segments).crop_extend(0, width, base.rich_style)
            self._cache[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._cache.clear()
        self._wrap_cache.clear()
        if self._view is not None and self.is_mounted:
            self._build()
            self.refresh()  # (the base style is not in the lines: repaint them all)

    def on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def _style(self, role: str) -> Style | None:
        """The style of a role (cached until the styles change).

        Only the roles that have a background of their own keep one: the others show the
        pane's, or the highlight of the line they are in (the current fact, the selected note).
        """
        if role not in self._styles:
            name = f"meeting-detail--{role}"
            style = self.get_visual_style(name) if name in self.COMPONENT_CLASSES else None
            if style is not None and role not in _OWN_BACKGROUND:
                style = replace(style, background=None)
            self._styles[role] = style
        return self._styles[role]

    def _scroll_to_line(self, line: int) -> None:
        # force: right after a short record the scrollbar is not laid out yet, and an
        # unforced scroll would be ignored as "not scrollable".
        self.scroll_to(y=line, animate=False, force=True)


def _wrap(paragraph: _Paragraph, width: int) -> list[Content]:
    """A paragraph as screen lines: indented, continuation lines under its text."""
    content = paragraph.content
    if not content.plain:
        return [content]
    first_pad = " " * paragraph.indent
    rest_pad = " " * (paragraph.indent + paragraph.hang)
    if paragraph.nowrap:
        return [
            Content(first_pad) + content.truncate(max(4, width - paragraph.indent), ellipsis=True)
        ]
    room = max(4, width - paragraph.indent - paragraph.hang)
    lines: list[Content] = []
    for number, line in enumerate(content.wrap(room)):
        lines.append(Content(first_pad if number == 0 else rest_pad) + line)
    return lines


def _same_line(old: Sequence[Content], new: Sequence[Content], index: int) -> bool:
    """Whether line ``index`` (perhaps past the end, i.e. blank) is the same in both."""
    if index >= len(old) or index >= len(new):
        return index >= len(old) and index >= len(new)
    return old[index] is new[index] or old[index].is_same(new[index])


def _hang(text: str) -> int:
    """How far continuation lines sit in: under the text after leading spaces and a bullet."""
    body = text.lstrip(" ")
    lead = len(text) - len(body)
    return lead + (len(BULLET) if body.startswith(BULLET) else 0)


def _facts(lines: Sequence[Line], start: int) -> list[Fact]:
    """The facts among a section's lines (paragraphs numbered from ``start``)."""
    facts: list[Fact] = []
    for offset, line in enumerate(lines):
        sources, meeting = facts_of(line)
        if not sources and meeting is None:
            continue
        entry_of = next(
            (
                part.path[len("sources[") : -len("].outlet")]
                for part in line
                if part.path is not None and part.path.endswith("].outlet")
            ),
            None,
        )
        text = "".join(part.text for part in line if not part.sources).strip()
        facts.append(Fact(text, sources, meeting, entry_of, start + offset))
    return facts


def _note_of(line: Line) -> str | None:
    """The id of the note whose text this line shows, if it is a note's text line."""
    for part in line:
        if part.path is not None and (found := _NOTE_TEXT_PATH.match(part.path)):
            return found.group("id")
    return None
