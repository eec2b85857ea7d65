"""``cpec-tui export`` and ``cpec-tui sources``: the record for an article or Zotero.

Thin wrappers: the formats are built by :mod:`cpec_tui.export`, the same functions the
browser calls, so a file exported from either is the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpec_tui.cli.meetings import bad_query, load_or_report, notes_or_warning, unknown_meeting
from cpec_tui.cli.output import fail
from cpec_tui.export.formats import MEETING_FORMATS

if TYPE_CHECKING:
    from cpec_tui.library import Library
    from cpec_tui.models import Meeting

SOURCE_FORMATS = ("text", "csl-json", "bibtex")


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    """Add ``export`` and ``sources`` to the ``cpec-tui`` parser."""
    export = commands.add_parser(
        "export",
        parents=[shared],
        help="meetings as Markdown with footnotes, CSV or JSON",
        description="Export the meetings matching QUERY (the query language of 'cpec-tui "
        "search'; without one, every meeting): Markdown with a footnote per cited source, "
        "CSV with a row per meeting, or JSON with the cited sources resolved.",
    )
    export.add_argument("query", metavar="QUERY", nargs="*", help="a search query (quote it)")
    export.add_argument("--format", choices=list(MEETING_FORMATS), default="md")
    _output_option(export)
    export.set_defaults(run=run_export)

    sources = commands.add_parser(
        "sources",
        parents=[shared],
        help="sources as citations, CSL-JSON or BibTeX",
        description="The sources the meetings ID... cite (without IDs, every source): one "
        "ready citation per line, or CSL-JSON or BibTeX for Zotero and other reference "
        "managers. Every entry is keyed by the source's key, as cited in the record.",
    )
    sources.add_argument("ids", metavar="ID", nargs="*", help="meeting ids")
    sources.add_argument("--format", choices=SOURCE_FORMATS, default="text")
    _output_option(sources)
    sources.set_defaults(run=run_sources)


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (replaced whole) instead of stdout"
    )


def emit(chunks: Iterable[str], output: str | None) -> int:
    """Write the text to stdout, or replace ``output`` with it atomically; the exit code."""
    if output is None:
        sys.stdout.writelines(chunks)
        return 0
    from cpec_tui.store.files import atomic_write_chunks

    try:
        atomic_write_chunks(Path(output), (chunk.encode("utf-8") for chunk in chunks))
    except OSError as error:
        return fail(f"cpec-tui: cannot write {output}: {error.strerror or error}", 1)
    return 0


def run_export(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.export.formats import export_chunks, results_heading

    dataset = load_or_report(library)
    if dataset is None:
        return 2
    query = " ".join(args.query).strip()
    found = _matching(library, query)
    if found is None:
        return 2
    count, meetings = found
    if not count:
        return fail(f"No meeting matches {query!r}; nothing was exported.", 1)
    chunks = export_chunks(
        args.format, meetings, dataset.sources, dataset.meetings.summary_of, results_heading(query)
    )
    return emit(chunks, args.output)


def _matching(library: Library, query: str) -> tuple[int, Iterable[Meeting]] | None:
    """How many meetings ``query`` finds and those, best first, read one at a time (without
    a query, all, newest first); None after reporting a query that does not parse."""
    if not query:
        return len(library.meetings), library.meetings
    _, warning = notes_or_warning(library)
    if warning:
        fail(warning, 0)
    result = library.search(query)
    if result.error is not None:
        fail(bad_query(query, result.error), 2)
        return None
    if result.corrections:
        fail(f"Exporting the results for {', '.join(result.corrections.values())}", 0)
    return len(result), (result.meeting(k) for k in range(len(result)))


def run_sources(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.export.citations import bibtex, csl_json
    from cpec_tui.export.escape import plain
    from cpec_tui.export.sources import citation, cited_sources

    dataset = load_or_report(library)
    if dataset is None:
        return 2
    meetings = dataset.meetings
    chosen = []
    for meeting_id in dict.fromkeys(args.ids):
        meeting = meetings.get(meeting_id)
        if meeting is None:
            return fail(unknown_meeting(meeting_id, meetings.ids), 1)
        chosen.append(meeting)
    sources = cited_sources(chosen, dataset.sources) if chosen else list(dataset.sources.values())
    if args.format == "bibtex":
        return emit([bibtex(sources)], args.output)
    if args.format == "csl-json":
        return emit([csl_json(sources)], args.output)
    return emit((f"[{plain(s.key)}] {citation(s)}\n" for s in sources), args.output)
