"""``list``, ``show``, ``search`` and ``validate``: reading the record from a script or a shell."""

from __future__ import annotations

import argparse
import difflib
import itertools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpec_tui.cli.output import (
    emphasise,
    fail,
    print_json,
    print_json_array,
    print_sections,
    styled,
    width,
)
from cpec_tui.library import Library
from cpec_tui.present import marks, meeting_sections
from cpec_tui.store.errors import DatasetError
from cpec_tui.text import one_line

if TYPE_CHECKING:  # (imported where needed: the browser must not wait for pydantic)
    from cpec_tui.meetings import MeetingSummary
    from cpec_tui.models import Meeting, Note
    from cpec_tui.search import QueryError, SearchEngine, SearchResult
    from cpec_tui.store.dataset import LoadedDataset


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    """Add this module's commands to the ``cpec-tui`` parser."""
    listing = commands.add_parser(
        "list", parents=[shared], help="one line per meeting, newest first"
    )
    listing.add_argument("--json", action="store_true", help="print the meetings as JSON")
    listing.set_defaults(run=run_list)

    show = commands.add_parser("show", parents=[shared], help="a meeting in full")
    show.add_argument("id", metavar="ID", type=meeting_id, help="meeting id, e.g. jwg-icc-4")
    show.add_argument(
        "--format",
        choices=["text", "md", "json"],
        default="text",
        help="md: Markdown with footnote citations; json: with the cited sources resolved",
    )
    show.add_argument(
        "--json", dest="format", action="store_const", const="json", help="--format json"
    )
    show.set_defaults(run=run_show)

    search = commands.add_parser(
        "search",
        parents=[shared],
        help="search the meetings (same engine as the browser)",
        description="Search the meetings. Words must all match (prefixes count); "
        '"quoted phrases", field:value filters, -exclusions and OR are understood. '
        "Words may start with '-' (an exclusion) without a '--' before them; the options "
        "below are recognised anywhere.",
        epilog=_search_examples(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,  # query_last must know every option by its full name
    )
    search.add_argument("query", metavar="QUERY", nargs="+", help="the query (quote it)")
    search.add_argument("--json", action="store_true", help="print ids, scores and fields")
    search.add_argument("--limit", type=_positive, default=None, metavar="N", help="at most N")
    search.add_argument(
        "--sort",
        choices=("relevance", "newest", "oldest"),
        default="relevance",
        help="order of the results (default: relevance; recency breaks its ties)",
    )
    search.set_defaults(run=run_search)

    validate = commands.add_parser(
        "validate", parents=[shared], help="check a dataset; exit 0 if valid, 2 if not"
    )
    validate.add_argument("path", metavar="PATH", nargs="?", help="dataset (default: --data)")
    validate.set_defaults(run=run_validate)


def _search_examples() -> str:
    """``search --help``'s examples, and every field from the query language's registry."""
    from cpec_tui.search import FIELDS

    examples = [
        ("weidong agri", "every word, as a prefix"),
        ("'\"third parties\"'", "an exact phrase"),
        ("'chair:\"sun weidong\"'", "a co-chair"),
        ("sector:agri -weidong", "a sector, without a word"),
        ("-weidong energy", "a query may start with '-'"),
        ("-- -weidong energy", "the same ('--' is optional)"),
        ("gwadar OR energy --limit 3", "either word; at most 3"),
        ("date:2022..2024 --json", "a range of dates, as JSON"),
    ]
    lines = ["examples:"]
    lines += [f"  cpec-tui search {query:<27} {what}" for query, what in examples]
    lines += ["", "fields:"]
    lines += [f"  {name + ':':<8} {what}" for name, what in FIELDS.items()]
    return "\n".join(lines)


# What ``search`` takes as options, and whether each takes a value: every other word after
# ``search`` is part of the query, even one that starts with '-' (an exclusion), but not one
# that starts with '--' (a mistyped option: no query word starts so).
_SEARCH_OPTIONS = {"-h": False, "--help": False, "--json": False, "--limit": True, "--sort": True}
"""The options of `search` and whether each takes a value (a test holds it to the parser)."""
_SHARED_OPTIONS = ("--data", "--notes")  # global options, also taken after the command


def query_last(argv: Sequence[str]) -> list[str]:
    """``argv`` with a ``search`` command's query words moved after a ``--``.

    So ``search -weidong`` searches for meetings without "weidong" instead of failing as an
    unknown option, and ``search -- -weidong --limit 3`` still takes ``--limit`` as the
    option (a ``--`` is dropped wherever it is); any other command's arguments are returned
    as they are.
    """
    argv = list(argv)
    at = _command_at(argv)
    if at is None or argv[at] != "search":
        return argv
    takes_value = {**_SEARCH_OPTIONS, **dict.fromkeys(_SHARED_OPTIONS, True)}
    options: list[str] = []
    words: list[str] = []
    rest = iter(argv[at + 1 :])
    for token in rest:
        name, equals, _ = token.partition("=")
        if token == "--":
            continue
        if name not in takes_value and not token.startswith("--"):
            words.append(token)
            continue
        options.append(token)  # an unknown --option too, for argparse to refuse
        value = next(rest, None) if takes_value.get(name) and not equals else None
        if value is not None:
            options.append(value)
    return [*argv[: at + 1], *options, *(["--", *words] if words else [])]


def _command_at(argv: Sequence[str]) -> int | None:
    """Where the command is in ``argv``: the first word that is neither option nor value."""
    at = 0
    while at < len(argv):
        token = argv[at]
        if token == "--":
            return None
        if not token.startswith("-"):
            return at
        # A global option that takes a value, given in full or (argparse allows it) shortened.
        long = token.startswith("--") and len(token) > 2 and "=" not in token
        at += 2 if long and any(name.startswith(token) for name in _SHARED_OPTIONS) else 1
    return None


def meeting_id(text: str) -> str:
    """A meeting id as typed: ids are lowercase (the dataset requires it), so any case works."""
    return text.lower()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def list_line(meeting: MeetingSummary) -> str:
    """``2024-01-21  jwg-icc-4  4th JWG-ICC: 4th meeting of …`` (one line, sanitised)."""
    mark = marks(meeting.conflicting, meeting.uncertain)
    return one_line(
        f"{meeting.date:<10}{mark} {meeting.id:<24} {meeting.short_title}: {meeting.title}"
    )


def _fit(line: str, columns: int | None) -> str:
    if columns is None or len(line) <= columns:
        return line
    return line[: max(columns - 1, 0)] + "…"


def run_list(args: argparse.Namespace, library: Library) -> int:
    dataset = load_or_report(library)
    if dataset is None:
        return 2
    if args.json:
        print_json_array(meeting.model_dump(mode="json") for meeting in dataset.meetings)
        return 0
    columns = width(sys.stdout)
    summaries = iter(dataset.meetings.summaries)
    # Written 1,024 lines at a time: at 100,000 meetings a write per line costs more than
    # making the lines.
    while chunk := list(itertools.islice(summaries, 1024)):
        sys.stdout.write("".join(_fit(list_line(summary), columns) + "\n" for summary in chunk))
    return 0


def run_show(args: argparse.Namespace, library: Library) -> int:
    dataset = load_or_report(library)
    if dataset is None:
        return 2
    meetings = dataset.meetings
    meeting = meetings.get(args.id)
    if meeting is None:
        return fail(unknown_meeting(args.id, meetings.ids), 1)
    if args.format != "text":
        return show_exported(meeting, dataset, args.format)
    meeting_notes, warning = notes_or_warning(library, meeting.id)
    sections = meeting_sections(meeting, dataset.sources, meeting_notes, library.title_of)
    print_sections(sections)
    if warning:
        fail(warning, 0)
    return 0


def show_exported(meeting: Meeting, dataset: LoadedDataset, form: str) -> int:
    """``show --format md|json``: the meeting as :mod:`cpec_tui.export` writes it."""
    from cpec_tui.export.markdown import meeting_markdown
    from cpec_tui.export.records import meeting_record

    if form == "json":
        print_json(meeting_record(meeting, dataset.sources))
    else:
        sys.stdout.write(meeting_markdown(meeting, dataset.sources, dataset.meetings.summary_of))
    return 0


def unknown_meeting(meeting_id: str, known: Sequence[str]) -> str:
    """The message for an id that is not in the dataset, suggesting close ones."""
    close = difflib.get_close_matches(meeting_id, known, n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else " 'cpec-tui list' shows every id."
    return f"cpec-tui: no meeting with id {meeting_id!r}.{hint}"


def bad_query(query: str, error: QueryError) -> str:
    """The message for a query that does not parse, pointing at the bad part."""
    pointer = " " * error.start + "^" * max(error.end - error.start, 1)
    # The whole message, never cut; the query on one line so the pointer lines up.
    return f"cpec-tui: bad query: {error.message}\n  {one_line(query)}\n  {pointer}"


def run_search(args: argparse.Namespace, library: Library) -> int:
    if load_or_report(library) is None:
        return 2
    _, warning = notes_or_warning(library)
    engine = library.engine  # (its index from the cache, when the dataset is large)
    if warning:
        fail(warning, 0)
    query = " ".join(args.query)
    result = engine.search(query).ordered(args.sort)
    if result.error is not None:
        return fail(bad_query(query, result.error), 2)
    count = len(result) if args.limit is None else min(len(result), args.limit)
    if args.json:
        print_json(
            {
                "query": query,
                "total": len(result),
                "corrections": result.corrections,
                "did_you_mean": result.did_you_mean,
                "results": [
                    {
                        "id": engine.meetings.ids[result.positions[k]],
                        "score": result.score(k),
                        "fields": result.matched_fields(k),
                    }
                    for k in range(count)
                ],
            }
        )
        return 0 if len(result) else 1
    if not len(result):
        hint = f" Did you mean: {result.did_you_mean}" if result.did_you_mean else ""
        return fail(f"No meeting matches {query!r}.{hint}", 1)
    _print_results(engine, result, count)
    return 0


def _print_results(engine: SearchEngine, result: SearchResult, count: int) -> None:
    """Ranked meetings, each with a snippet of its best-matching field, matches in bold."""
    from cpec_tui.search import registry, searchable_fields, snippet

    out = sys.stdout
    bold = styled(out)
    columns = width(out)
    if result.corrections:
        out.write(f"Showing results for {', '.join(result.corrections.values())}\n")
    for k in range(count):
        meeting = result.meeting(k)
        out.write(_fit(list_line(engine.meetings.summaries[result.positions[k]]), columns) + "\n")
        spans = result.spans(meeting)
        best = next((path for path in result.matched_fields(k) if spans.get(path)), None)
        if best is None or best in ("title", "short_title", "id", "label"):
            continue
        fields = searchable_fields(meeting, engine.sources, engine.notes_for(meeting.id))
        text = next(text for path, _, text in fields if path == best)
        label = f"{registry.label(best)}: "
        room = (columns or 100) - 4 - len(label)
        shown, shifted = snippet(one_line(text), spans[best], width=room)
        out.write(f"    {label}{emphasise(shown, shifted, bold)}\n")
    total = len(engine.meetings)
    if count < len(result):
        out.write(f"{count} of {len(result)} matching meetings\n")
    else:
        out.write(f"{len(result)} of {total} meetings\n")


def run_validate(args: argparse.Namespace, library: Library) -> int:
    path = Path(args.path) if args.path else library.data_path
    # The verdict is on the file itself, never on a cached state of it.
    dataset = load_or_report(Library(path, library.notes_path, use_cache=False))
    if dataset is None:
        return 2
    sys.stdout.write(
        f"{path}: valid ({len(dataset.meetings)} meetings, {len(dataset.sources)} sources)\n"
    )
    return 0


def load_or_report(library: Library) -> LoadedDataset | None:
    """The library's dataset, or None after printing its problems (the caller exits 2)."""
    try:
        return library.dataset
    except DatasetError as error:
        fail(str(error), 2)
        return None


def notes_or_warning(
    library: Library, meeting_id: str | None = None
) -> tuple[Sequence[Note], str | None]:
    """The notes (of one meeting, or all), or none and a warning: a bad notes file must not
    stop reading meetings."""
    notes = library.notes
    problem = notes.problem
    if problem is not None:
        return (), f"warning: notes not shown: {problem}"
    return (notes.all if meeting_id is None else notes.of(meeting_id)), None
