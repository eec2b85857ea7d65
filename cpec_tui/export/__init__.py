"""Exports of the record, ready for an article or a reference manager; no UI imported here.

Every function takes plain inputs (meetings, the sources by key, notes) and returns text (or,
for many meetings, an iterator of its pieces), so the CLI and the browser export the same
bytes. The modules are imported one by one, as needed (the browser's first frame waits for
none of them):

- :mod:`~cpec_tui.export.markdown`: ``meeting_markdown`` (copy as Markdown), with a footnote
  per cited source; :mod:`~cpec_tui.export.records`: CSV and JSON;
  :mod:`~cpec_tui.export.formats`: those three by name (``export_chunks``);
- :mod:`~cpec_tui.export.sources`: ``citation`` (copy a ready citation), ``cited_sources``;
  :mod:`~cpec_tui.export.citations`: CSL-JSON and BibTeX;
- :mod:`~cpec_tui.export.notes`: the user's notes by meeting;
- :mod:`~cpec_tui.export.escape`: what makes text safe in each format.
"""
