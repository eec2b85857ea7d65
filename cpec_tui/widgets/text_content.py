"""Turn untrusted strings into Textual ``Content`` safely, with search matches highlighted.

Dataset and note strings are never parsed as markup: they are sanitized (control characters
become visible pictures, character for character) and wrapped in ``Content`` directly, so
``[bold]`` or ``[@click=app.quit]`` in a title is just text. Because sanitizing keeps every
character at its offset, the search engine's match spans still line up with the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from textual.content import Content, Span
from textual.style import Style

from cpec_tui.text import one_line, sanitize

Ranges = Sequence[tuple[int, int]]
Spans = Mapping[str, Ranges]


def safe_text(text: str, *, single_line: bool = False) -> Content:
    """``text`` as literal content: sanitized, never interpreted as markup."""
    clean = one_line(text) if single_line else sanitize(text)
    # Content's own control-code stripping would shift offsets; sanitize left none to strip.
    return Content(clean, strip_control_codes=False)


def highlighted(
    text: str,
    ranges: Iterable[tuple[int, int]],
    style: Style,
    *,
    base: Style | None = None,
    single_line: bool = False,
) -> Content:
    """Literal ``text`` with ``base`` over all of it and ``style`` over each match range."""
    content = safe_text(text, single_line=single_line)
    length = len(content.plain)
    spans: list[Span] = []
    if base is not None and length:
        spans.append(Span(0, length, base))
    for start, end in ranges:
        start, end = max(0, start), min(length, end)
        if start < end:
            spans.append(Span(start, end, style))
    return content.add_spans(spans) if spans else content


def safe_link(url: str | None) -> str | None:
    """``url`` if it may become a terminal hyperlink: http(s) and nothing that could escape.

    A hyperlink is written inside an OSC 8 escape sequence, so a control character in the
    URL could end the sequence early and smuggle its own; such URLs stay plain text.
    """
    if not url or not url.startswith(("http://", "https://")):
        return None
    if not url.isprintable() or any(char.isspace() for char in url):
        return None
    return url
