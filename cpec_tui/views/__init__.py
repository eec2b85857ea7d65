"""Views across meetings — timeline, compare, facets, people — as plain data, no UI.

Each view is a function of the dataset (and, where the current query narrows it, of a search
result's bitmap) returning frozen dataclasses that a Textual screen renders and the CLI prints
as text or JSON. Nothing here imports Textual or Rich or formats for a terminal; the costly
parts (reading every meeting, at 100,000 meetings seconds) are plain calls a worker can run.
"""
