"""Exports of the record, ready for an article or a reference manager; no UI imported here.

Markdown with footnote citations, CSV, JSON with the cited sources resolved, CSL-JSON and
BibTeX, and the user's notes. Every function takes plain inputs (meetings, the sources by
key, notes) and returns text, so the CLI and the browser export the same bytes.
"""

from cpec_tui.export.citations import bibtex, csl_item, csl_json
from cpec_tui.export.markdown import meeting_markdown, meetings_markdown
from cpec_tui.export.notes import NoteGroup, group_notes, notes_markdown, notes_records
from cpec_tui.export.records import meeting_record, meetings_csv, source_record
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
    "meeting_markdown",
    "meeting_record",
    "meetings_csv",
    "meetings_markdown",
    "notes_markdown",
    "notes_records",
    "source_record",
]
