"""The escaping every export relies on, checked against real parsers on any text at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from cpec_tui.export.escape import (
    bibtex_key,
    bibtex_text,
    csv_cell,
    markdown_block,
    markdown_link,
    markdown_text,
    safe_url,
)
from cpec_tui.models import Meeting
from cpec_tui.text import one_line
from tests.test_cli_export import tex_decoded

MD = MarkdownIt("commonmark").use(footnote_plugin)

# Markdown's and TeX's punctuation, digits, spaces, newlines, controls and a few letters.
AWKWARD = st.text(
    alphabet=st.sampled_from(list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \n\t\x1b\x07\x9b1a.é")),
    max_size=40,
)


BLOCKS = {"paragraph", "bullet_list", "list_item", "heading"}


def rendered_text(markdown: str) -> str:
    """The text a reader sees before any footnotes, failing if any of it became markup."""
    texts = []
    for token in MD.parse(markdown):
        if token.type == "footnote_block_open":
            break
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "footnote_ref":
                    texts.append(f"[{child.meta['label']}]")
                    continue
                assert child.type in ("text", "softbreak", "hardbreak"), (markdown, child)
                texts.append(child.content if child.type == "text" else "\n")
        else:
            assert token.type.rsplit("_", 1)[0] in BLOCKS, (markdown, token)
    return "".join(texts)


@given(AWKWARD)
def test_markdown_text_renders_as_the_text_in_any_place(text: str) -> None:
    expected = one_line(text).strip()
    escaped = markdown_text(text)
    assert "\n" not in escaped
    if expected:
        assert rendered_text(escaped) == expected
        assert rendered_text(f"- {escaped}") == expected
        assert rendered_text(f"# {escaped}") == expected
        assert rendered_text(f"- {escaped}[^a]\n\n[^a]: x") == f"{expected}[a]"


@given(st.lists(AWKWARD, max_size=4))
def test_markdown_block_keeps_lines_and_nothing_becomes_markup(lines: list[str]) -> None:
    text = "\n".join(lines)
    shown = rendered_text(markdown_block(text)) if text.strip() else ""
    words = [one_line(line).strip() for line in text.splitlines()]
    assert re.sub(r"\s+", "", shown) == re.sub(r"\s+", "", "".join(words))


def test_only_web_urls_become_links() -> None:
    assert markdown_link("https://e.org/a b)c") == "<https://e.org/a%20b%29c>"
    assert markdown_link("javascript:alert(1)") == "javascript:alert(1)"
    html = MD.render(markdown_link("javascript:alert(1)"))
    assert "href" not in html


@given(st.text(max_size=40))
def test_safe_url_has_nothing_that_ends_a_link_or_field(tail: str) -> None:
    url = safe_url("https://e.org/" + tail)
    assert re.fullmatch(r"[A-Za-z0-9:/?#@!$&+,;=%~._-]+", url), url


@given(AWKWARD)
def test_csv_cells_are_never_formulas(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and "\n" not in cell
    assert cell.removeprefix("'") == one_line(text).strip() or cell == one_line(text).strip()


@given(AWKWARD)
def test_bibtex_text_balances_braces_and_decodes_back(text: str) -> None:
    escaped = bibtex_text(text)
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert tex_decoded(escaped) == one_line(text).strip()
    assert re.fullmatch(r"[A-Za-z0-9_:.+/-]+", bibtex_key(text or "k"))


def test_exports_read_one_meeting_at_a_time() -> None:
    """100,000 meetings are never all in memory: each piece needs only the meetings so far."""
    from cpec_tui.export.markdown import markdown_chunks
    from cpec_tui.export.records import meetings_csv, meetings_json
    from cpec_tui.models import Dataset
    from tests.test_cli_export import hostile_document

    dataset = Dataset.model_validate(hostile_document())
    sources = {source.key: source for source in dataset.sources}
    for export in (markdown_chunks, meetings_csv, meetings_json):
        read: list[str] = []
        chunks = export(_counted(dataset.meetings * 50, read), sources)
        for _ in range(3):
            next(chunks)
        assert len(read) <= 3, export
        assert len("".join(chunks)) > 0 and len(read) == 100


def _counted(meetings: list[Meeting], read: list[str]) -> Iterator[Meeting]:
    for meeting in meetings:
        read.append(meeting.id)
        yield meeting
