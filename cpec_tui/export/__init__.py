"""Exports of the record, ready for an article or a reference manager; no UI imported here.

Markdown with footnote citations, CSV, JSON with the cited sources resolved, CSL-JSON and
BibTeX, and the user's notes. Every function takes plain inputs (meetings, the sources by
key, notes) and returns text (or, for many meetings, an iterator of its pieces), so the CLI
and the browser export the same bytes.
"""

from cpec_tui.export.citations import bibtex, csl_item, csl_json
from cpec_tui.export.markdown import markdown_chunks, meeting_markdown, meetings_markdown
from cpec_tui.export.notes import NoteGroup, group_notes, notes_markdown, notes_records
from cpec_tui.export.records import meeting_record, meetings_csv, meetings_json, source_record
from cpec_tui.export.sources import SEED, citation, cited_sources, held_copy

__all__ = [
    "SEED",
    "NoteGroup",
    "bibtex",
    "citation",
    "cited_sources",
    "csl_item",
    "csl_json",
    "group_notes",
    "held_copy",
    "markdown_chunks",
    "meeting_markdown",
    "meeting_record",
    "meetings_csv",
    "meetings_json",
    "meetings_markdown",
    "notes_markdown",
    "notes_records",
    "source_record",
]
