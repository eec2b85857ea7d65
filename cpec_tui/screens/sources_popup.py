"""The sources of one fact, over the meeting: read them, follow one, open it, cite it.

``enter`` on a fact in the detail pane opens this dialog. Each source is a card (outlet,
date, headline, URL, and what the record's own copy of it is); with a card focused, ``enter``
goes to the source's full entry in the Sources section, ``o`` opens its URL in the system
browser and ``c`` copies a ready citation (:func:`cpec_tui.export.sources.citation`). A URL
stays on one line, cut with an ellipsis if it must be; its link target and the copied
citation keep it whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style
from textual.widgets import Static

from cpec_tui.export.sources import citation, held_copy, published
from cpec_tui.text import one_line
from cpec_tui.widgets.text_content import safe_link, safe_text

if TYPE_CHECKING:
    from cpec_tui.models import Source

FACT_PREVIEW = 160
"""How much of the fact the dialog's title quotes."""


class SourceCard(Vertical, can_focus=True):
    """One source of the fact; focused, it is the one the keys act on."""

    DEFAULT_CSS = """
    SourceCard {
        height: auto;
        padding: 0 1;
        margin-top: 1;
        border-left: outer $panel-lighten-2;
    }
    SourceCard:focus {
        border-left: outer $accent;
        background: $boost;
    }
    SourceCard .source-head {
        text-style: bold;
    }
    SourceCard .source-url {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text-accent;
        text-style: underline;
    }
    SourceCard .source-muted {
        color: $text-muted;
    }
    """

    def __init__(self, key: str, source: Source | None) -> None:
        super().__init__()
        self.key = key
        self.source = source

    def compose(self) -> ComposeResult:
        source = self.source
        key = one_line(self.key)
        if source is None:
            yield Static(Content(f"[{key}] is not in the record's sources."), classes="source-head")
            return
        yield Static(
            Content(f"[{key}] {one_line(source.outlet)} · {published(source)}"),
            classes="source-head",
        )
        if source.headline:
            yield Static(safe_text(f"“{source.headline}”"))
        if source.url:
            url = safe_text(source.url, single_line=True)
            link = safe_link(source.url)
            if link is not None:
                url = url.stylize(Style(link=link))
            yield Static(url, classes="source-url")
        held = held_copy(source)
        if held:
            yield Static(Content(held[0].upper() + held[1:] + "."), classes="source-muted")
        if source.note:
            yield Static(safe_text(source.note), classes="source-muted")


class SourcesPopup(ModalScreen[str | None]):
    """The sources ``keys`` of a fact; dismisses with the key whose entry to go to, or None."""

    DEFAULT_CSS = """
    SourcesPopup {
        align: center middle;
    }
    #sources-dialog {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $surface;
    }
    #sources-title {
        color: $text-primary;
        text-style: bold;
    }
    #sources-list {
        height: auto;
        max-height: 1fr;
    }
    #sources-keys {
        margin-top: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close"),
        Binding("enter", "entry", "Go to its entry"),
        Binding("o", "open_url", "Open in browser"),
        Binding("c", "copy_citation", "Copy citation"),
        Binding("down,j,tab", "step(1)", "Next source", show=False),
        Binding("up,k,shift+tab", "step(-1)", "Previous source", show=False),
    ]

    def __init__(self, fact: str, sources: Sequence[tuple[str, Source | None]]) -> None:
        super().__init__()
        self._fact = fact
        self._sources = sources

    def compose(self) -> ComposeResult:
        fact = one_line(self._fact)
        if len(fact) > FACT_PREVIEW:
            fact = fact[: FACT_PREVIEW - 1] + "…"
        count = len(self._sources)
        with Vertical(id="sources-dialog"):
            title = f"{'One source' if count == 1 else f'{count} sources'} for: {fact}"
            yield Static(Content(title), id="sources-title")
            with VerticalScroll(id="sources-list"):
                for key, source in self._sources:
                    yield SourceCard(key, source)
            yield Static(
                Content(
                    "enter: its entry · o: open in the browser · c: copy a citation · "
                    "↑/↓: another · esc: close"
                ),
                id="sources-keys",
            )

    def on_mount(self) -> None:
        cards = self.query(SourceCard)
        if cards:
            cards.first().focus()

    @property
    def card(self) -> SourceCard | None:
        """The source the keys act on."""
        focused = self.focused
        return focused if isinstance(focused, SourceCard) else None

    def action_step(self, step: int) -> None:
        cards = list(self.query(SourceCard))
        card = self.card
        if cards:
            index = cards.index(card) + step if card is not None else 0
            cards[index % len(cards)].focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_entry(self) -> None:
        card = self.card
        if card is not None:
            self.dismiss(card.key)

    def action_open_url(self) -> None:
        card = self.card
        source = card.source if card is not None else None
        if source is None:
            return
        link = safe_link(source.url)
        if link is None:
            self.notify("This source has no web address to open.", severity="warning", markup=False)
            return
        self.app.open_url(link)
        self.notify(f"Opening {one_line(link)}", markup=False)

    def action_copy_citation(self) -> None:
        card = self.card
        source = card.source if card is not None else None
        if source is None:
            return
        self.app.copy_to_clipboard(citation(source))
        # (not the citation itself: a toast would wrap its URL, and it must be copied whole)
        about = f"[{card.key}] {source.outlet}, {published(source)}" if card else ""
        self.notify(one_line(about), title="Citation copied", markup=False)
