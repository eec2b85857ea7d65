"""Errors a user can act on: each carries a message that names the file, line and field."""

from __future__ import annotations


class StoreError(Exception):
    """A file cannot be used as asked; ``str(error)`` is ready to show a person."""


class DatasetError(StoreError):
    """The meetings dataset is missing, unreadable or invalid; lists every problem found."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        if len(problems) == 1:
            text = problems[0]
        else:
            text = f"{path}: {len(problems)} problems:\n" + "\n".join(
                f"  {problem}" for problem in problems
            )
        super().__init__(text)


class NotesError(StoreError):
    """The notes file cannot be read or written; notes already saved are left untouched."""


class InvalidNoteError(NotesError, ValueError):
    """A note cannot be saved as given (a bad tag, meeting id or text); nothing was written.

    A :class:`ValueError` too, as the store's callers have always caught.
    """
