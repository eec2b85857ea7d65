"""Two meetings side by side: date, venue, co-chairs, sectors, themes, outcomes, conflicts.

A row per thing compared: a label, then meeting A's side and meeting B's side, each line
with the source keys it rests on. Outcomes are aligned: the ones recurring in both beside
each other, then those only one meeting has. Which two meetings: those given, or else the
browser's marked meeting and its current one, or the current one's previous round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from cpec_tui.export.words import field_words
from cpec_tui.present import CONFLICT_MARK
from cpec_tui.screens.across import AcrossScreen
from cpec_tui.text import one_line, sanitize
from cpec_tui.vocabulary import SECTORS, THEMES

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from cpec_tui.library import Library
    from cpec_tui.models import SourcedText
    from cpec_tui.views.compare import Comparison, Split


def pair_to_compare(
    library: Library, marked: str | None, current: str | None
) -> tuple[str, str] | str:
    """The two meetings to compare (older first when it is the previous round), or why none:
    the marked meeting with the current one, else the current one's previous round."""
    from cpec_tui.views.compare import previous_round

    if current is None:
        return "Select a meeting first."
    if marked is not None and marked != current:
        return marked, current
    engine = library.engine
    before = previous_round(library.meetings, current, engine.index.series)
    if before is None:
        return "Nothing to compare: mark a meeting with m, or pick one that has a previous round."
    return before, current


class CompareScreen(AcrossScreen):
    """Meeting A and meeting B side by side."""

    DEFAULT_CSS = """
    CompareScreen #compare-body {
        height: 1fr;
        padding: 0 1;
    }
    CompareScreen .compare-heading {
        margin-top: 1;
        text-style: bold;
        color: $text-accent;
    }
    CompareScreen .compare-row {
        height: auto;
    }
    CompareScreen .compare-label {
        width: 10;
        color: $text-muted;
    }
    CompareScreen .compare-side {
        width: 1fr;
        padding-right: 1;
    }
    CompareScreen .compare-title {
        text-style: bold;
    }
    CompareScreen .compare-conflict {
        color: $text-warning;
    }
    CompareScreen #compare-empty {
        padding: 1 2;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "open('a')", "Open A"),
        Binding("b", "open('b')", "Open B"),
        Binding("s", "swap", "Swap"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
    ]

    def __init__(self, library: Library, pair: tuple[str, str] | None = None) -> None:
        super().__init__(library)
        self._pair = pair
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="compare-body")
        yield Footer()

    def on_mount(self) -> None:
        pair = self._pair
        if pair is None:
            state = self.browser_state
            found = pair_to_compare(
                self.library,
                state.marked if state else None,
                state.current if state else None,
            )
            if isinstance(found, str):
                self._say(found)
                return
            pair = found
        self._show(pair)

    def _say(self, text: str) -> None:
        body = self.query_one("#compare-body", VerticalScroll)
        body.remove_children()
        body.mount(Static(Content(text), id="compare-empty"))

    def _show(self, pair: tuple[str, str]) -> None:
        from cpec_tui.views.compare import compare

        a, b = (self.library.meeting(meeting_id) for meeting_id in pair)
        if a is None or b is None:
            self._say("One of the meetings is no longer in the record.")
            return
        self._pair = pair
        self.comparison = compare(a, b)
        body = self.query_one("#compare-body", VerticalScroll)
        body.remove_children()
        body.mount_all(_rows(self.comparison))
        body.scroll_home(animate=False)

    def action_open(self, side: str) -> None:
        if self.comparison is not None:
            meeting = self.comparison.a if side == "a" else self.comparison.b
            self.open_in_browser(meeting.id)

    def action_swap(self) -> None:
        if self._pair is not None and self.comparison is not None:
            self._show((self._pair[1], self._pair[0]))

    def action_scroll(self, step: int) -> None:
        self.query_one("#compare-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#compare-body", VerticalScroll)
        if step > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def side_texts(self) -> list[tuple[str, str, str]]:
        """Every row as plain text (label, A, B), for tests and for reading aloud."""
        rows = []
        for row in self.query(".compare-row").results(Horizontal):
            label, a, b = (str(static.content) for static in row.query(Static).results(Static))
            rows.append((label, a, b))
        return rows


def _row(label: str, a: str, b: str, classes: str = "") -> Horizontal:
    """A label, then A's side and B's side (untrusted text: sanitized, never markup)."""
    return Horizontal(
        Static(Content(label), classes="compare-label"),
        Static(Content(sanitize(a)), classes=f"compare-side {classes}"),
        Static(Content(sanitize(b)), classes=f"compare-side {classes}"),
        classes="compare-row",
    )


def _heading(text: str) -> Static:
    return Static(Content(text), classes="compare-heading")


def _rows(comparison: Comparison) -> Iterator[Static | Horizontal]:
    from cpec_tui.views.compare import cited, conflicts, date_text, person_text, venue_text

    a, b = comparison.a, comparison.b
    yield _row(
        "",
        f"A  {a.label}\n{one_line(a.title)}",
        f"B  {b.label}\n{one_line(b.title)}",
        "compare-title",
    )
    yield _heading("Date")
    yield _row("", date_text(a), date_text(b))
    yield _heading("Venue and mode" + (" (the same)" if comparison.same_venue else ""))
    yield _row("", venue_text(a), venue_text(b))
    yield _heading("Co-chairs")
    chairs = comparison.co_chairs
    for pair in chairs.stayed:
        yield _row("stayed", person_text(pair.a), person_text(pair.b))
    for person in chairs.only_a:
        yield _row("changed", person_text(person), "")
    for person in chairs.only_b:
        yield _row("changed", "", person_text(person))
    if not (chairs.stayed or chairs.only_a or chairs.only_b):
        yield _row("", "none recorded", "none recorded")
    yield from _split("Sectors", comparison.sectors, SECTORS)
    yield from _split("Themes", comparison.themes, THEMES)
    yield _heading("Outcomes")
    outcomes = comparison.outcomes
    for recurring in outcomes.recurring:
        yield _row(
            f"recurs {recurring.similarity:.2f}", _sourced(recurring.a), _sourced(recurring.b)
        )
    for item in outcomes.only_a:
        yield _row("only A", _sourced(item), "")
    for item in outcomes.only_b:
        yield _row("only B", "", _sourced(item))
    if not (outcomes.recurring or outcomes.only_a or outcomes.only_b):
        yield _row("", "none recorded", "none recorded")
    disputes = conflicts(comparison)
    if disputes:
        yield _heading("Conflicts")
        for side, conflict in disputes:
            text = (
                f"{CONFLICT_MARK} {conflict.id} ({', '.join(map(field_words, conflict.fields))}): "
                f"{conflict.summary} {conflict.resolution}"
                f"{cited(conflict.sources)}"
            )
            yield _row(
                side.upper(),
                text if side == "a" else "",
                text if side == "b" else "",
                "compare-conflict",
            )


def _split(
    heading: str,
    split: Split[str],
    names: Mapping[str, str],
) -> Iterator[Static | Horizontal]:
    """Shared values, on both sides; then those only one meeting has, on its side."""
    yield _heading(heading)

    def named(values: Sequence[str]) -> str:
        return ", ".join(names.get(value, value) for value in values)

    if split.shared:
        yield _row("shared", named(split.shared), named(split.shared))
    if split.only_a or split.only_b:
        yield _row("only one", named(split.only_a), named(split.only_b))
    if not (split.shared or split.only_a or split.only_b):
        yield _row("", "none recorded", "none recorded")


def _sourced(item: SourcedText) -> str:
    from cpec_tui.views.compare import cited

    return item.text + cited(item.sources)
