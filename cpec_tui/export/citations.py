"""Sources for reference managers: CSL-JSON and BibTeX that Zotero imports, keys kept.

Each entry is keyed by the source's own key (``w10``), so a citation in an article written
from a Markdown export (``[^w10]``) finds its entry. A source the record's compilers hold a
copy of says so in its note (:func:`~cpec_tui.export.sources.held_copy`) rather than naming
an unshipped file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cpec_tui.export.escape import (
    bibtex_key,
    bibtex_text,
    is_web_url,
    json_text,
    plain,
    safe_url,
)
from cpec_tui.export.sources import held_copy

if TYPE_CHECKING:
    from cpec_tui.models import Source


def _date_parts(published: str) -> list[int]:
    return [int(part) for part in published.split("-")]


def _note(source: Source) -> str | None:
    notes = [plain(source.note)] if source.note else []
    held = held_copy(source)
    if held:
        notes.append(held[0].upper() + held[1:] + ".")
    return " ".join(notes) or None


def _url(source: Source) -> str | None:
    return safe_url(source.url) if source.url and is_web_url(source.url) else None


def csl_item(source: Source) -> dict[str, Any]:
    """A source as a CSL-JSON item (a newspaper article), every string plain text."""
    item: dict[str, Any] = {
        "id": plain(source.key),
        "type": "article-newspaper",
        "container-title": plain(source.outlet),
        "publisher": plain(source.outlet),
    }
    if source.headline:
        item["title"] = plain(source.headline)
    if source.published:
        item["issued"] = {"date-parts": [_date_parts(source.published)]}
    url, note = _url(source), _note(source)
    if url:
        item["URL"] = url
    if note:
        item["note"] = note
    return item


def csl_json(sources: Iterable[Source]) -> str:
    """The sources as a CSL-JSON array (``cpec-tui sources --format csl-json``)."""
    return json_text([csl_item(source) for source in sources]) + "\n"


def bibtex(sources: Iterable[Source]) -> str:
    """The sources as BibTeX ``@misc`` entries, each keyed by its source key.

    A key BibTeX would not accept has its unsafe characters replaced, and a repeat (two keys
    that became the same, ignoring case as biber does) gets a suffix, so every entry can
    still be cited.
    """
    entries, seen = [], set[str]()
    for source in sources:
        key, n = bibtex_key(source.key), 1
        while key.casefold() in seen:
            n += 1
            key = f"{bibtex_key(source.key)}-{n}"
        seen.add(key.casefold())
        entries.append(_bibtex_entry(key, source))
    return "\n".join(entries)


def _bibtex_entry(key: str, source: Source) -> str:
    fields: list[tuple[str, str]] = []
    if source.headline:
        fields.append(("title", bibtex_text(source.headline)))
    fields.append(("howpublished", bibtex_text(source.outlet)))
    fields.append(("organization", bibtex_text(source.outlet)))
    if source.published:
        parts = _date_parts(source.published)
        fields.append(("date", source.published))
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
    url, note = _url(source), _note(source)
    if url:
        fields.append(("url", url))
    if note:
        fields.append(("note", bibtex_text(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"
