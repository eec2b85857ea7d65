"""The facets pane: how the current query's meetings fall by series, year, sector, theme,
country and outlet; choosing a value asks the browser to refine the query by it.

The browser owns whether the pane is shown and what it counts; the pane only draws the
counts it is given (each dimension's most common values) and says which one was chosen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cpec_tui.countries import country_name
from cpec_tui.text import one_line
from cpec_tui.vocabulary import SECTORS, SERIES, THEMES

if TYPE_CHECKING:  # (the views import the models, which import pydantic)
    from cpec_tui.views.facets import Dimension, Facets

SHOWN_PER_DIMENSION = 8
"""Values listed per dimension (the most common first; years newest first)."""
LABEL_WIDTH = 20
"""Columns of a value's name (longer ones end in …; the count comes first)."""
_SEP = "\x00"  # between a dimension and a value in an option's id (neither contains it)


def value_label(dimension: str, value: str) -> str:
    """A value as a reader knows it: ``JWG-ICC``, ``Agriculture``, ``Pakistan``, ``2024``."""
    if dimension == "series":
        return value.upper() if value in SERIES else value
    names = {"sector": SECTORS, "theme": THEMES}.get(dimension)
    if names is not None:
        return names.get(value, value)
    return country_name(value) if dimension == "country" else value


class FacetsPane(OptionList):
    """Counts per dimension for the meetings shown; enter on a value refines the search."""

    DEFAULT_CSS = """
    FacetsPane {
        width: 32;
        height: 1fr;
        border: none;
        border-right: vkey $panel;
        padding: 0;
        scrollbar-size-vertical: 1;
    }
    FacetsPane:focus {
        border: none;
        border-right: vkey $primary;
    }
    FacetsPane > .option-list--option-disabled {
        color: $text-accent;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape,left", "leave", "To the list", show=False),
    ]

    class Chosen(Message):
        """The user chose a value: the query should be narrowed to it."""

        def __init__(self, dimension: Dimension, value: str) -> None:
            self.dimension: Dimension = dimension
            self.value = value
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Facets | None = None

    def show(self, facets: Facets) -> None:
        """List these counts, keeping the cursor on the same value if it is still there."""
        if facets == self._shown:
            return
        self._shown = facets
        highlighted = self.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        options: list[Option] = []
        for dimension, counts in facets.dimensions.items():
            if not counts:
                continue
            options.append(Option(Content(dimension.capitalize()), disabled=True))
            for item in counts[:SHOWN_PER_DIMENSION]:
                label = one_line(value_label(dimension, item.value))
                if len(label) > LABEL_WIDTH:
                    label = label[: LABEL_WIDTH - 1] + "…"
                options.append(
                    Option(
                        Content(f"{item.count:>7,}  {label}"), id=f"{dimension}{_SEP}{item.value}"
                    )
                )
            hidden = len(counts) - SHOWN_PER_DIMENSION
            if hidden > 0:
                options.append(Option(Content(f"         … {hidden:,} more"), disabled=True))
        if not options:
            options.append(Option(Content("No meeting to count."), disabled=True))
        self.set_options(options)
        ids = [option.id for option in options]
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = next(
                (i for i, option in enumerate(options) if not option.disabled), None
            )

    def action_leave(self) -> None:
        self.screen.focus_previous()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is not None:
            dimension, value = option_id.split(_SEP, 1)
            self.post_message(self.Chosen(cast("Dimension", dimension), value))
