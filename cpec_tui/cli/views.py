"""``timeline``, ``compare``, ``facets`` and ``people``: the views across meetings, as text
or JSON, served by the same UI-free core (:mod:`cpec_tui.views`) as the browser's screens."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from cpec_tui.cli.meetings import bad_query, load_or_report, notes_or_warning, unknown_meeting
from cpec_tui.cli.output import fail, print_json, width
from cpec_tui.countries import country_name
from cpec_tui.present import CONFLICT_MARK, marks
from cpec_tui.text import one_line
from cpec_tui.vocabulary import SECTORS, SERIES, THEMES, series_label

DASH = "\u2013"  # an en dash, for ranges: 2015-2025 reads as a date otherwise
_LABEL = re.compile(r" *\S+(?: \S+)?  (?=\S)")  # "  only A  ", "    B  "
CELL = 5  # columns per year in the timeline's overview
OVERVIEW_WIDTH = 100  # the overview's width in a pipe

if TYPE_CHECKING:  # (imported where needed: `--help` must not wait for pydantic)
    from cpec_tui.library import Library
    from cpec_tui.models import Meeting, Person, SourcedText
    from cpec_tui.search import SearchEngine
    from cpec_tui.search.bitmaps import Bitmap
    from cpec_tui.views.compare import Comparison, Split
    from cpec_tui.views.facets import Facets
    from cpec_tui.views.people import PersonEntry
    from cpec_tui.views.timeline import Lane, Timeline


def register(commands: Any, shared: argparse.ArgumentParser) -> None:
    """Add this module's commands to the ``cpec-tui`` parser."""
    timeline = commands.add_parser(
        "timeline",
        parents=[shared],
        help="each series' meetings in date order, with the rounds the record lacks",
    )
    timeline.add_argument("query", metavar="QUERY", nargs="*", help="only meetings matching it")
    timeline.add_argument(
        "--series",
        action="append",
        default=[],
        choices=list(SERIES),
        metavar="S",
        help="only this series (repeatable), e.g. jwg-icc",
    )
    timeline.add_argument("--json", action="store_true", help="print the lanes as JSON")
    timeline.set_defaults(run=run_timeline)

    compare = commands.add_parser(
        "compare",
        parents=[shared],
        help="two meetings side by side (one id: it and the previous round of its series)",
    )
    compare.add_argument("id_a", metavar="ID_A", help="the first meeting, e.g. jwg-icc-4")
    compare.add_argument(
        "id_b",
        metavar="ID_B",
        nargs="?",
        help="the second (default: compare ID_A's previous round with ID_A)",
    )
    compare.add_argument("--json", action="store_true", help="print the comparison as JSON")
    compare.set_defaults(run=run_compare)

    facets = commands.add_parser(
        "facets",
        parents=[shared],
        help="how matching meetings fall by series, year, sector, theme, country and outlet",
    )
    facets.add_argument("query", metavar="QUERY", nargs="*", help="count these (default: all)")
    facets.add_argument("--json", action="store_true", help="print the counts as JSON")
    facets.set_defaults(run=run_facets)

    people = commands.add_parser(
        "people",
        parents=[shared],
        help="everyone named in the record, with their titles and meetings, newest first",
    )
    people.add_argument(
        "query",
        metavar="QUERY",
        nargs="*",
        help="only people whose name, title, "
        "organisation or country has words starting with each of these",
    )
    people.add_argument("--json", action="store_true", help="print the people as JSON")
    people.set_defaults(run=run_people)


def _search(library: Library, words: Sequence[str]) -> tuple[SearchEngine, Bitmap | None] | int:
    """The engine and the bitmap of the query's meetings (None: no query), or an exit code."""
    if load_or_report(library) is None:
        return 2
    _, warning = notes_or_warning(library)
    engine = library.engine  # (its index from the cache, when the dataset is large)
    if warning:
        fail(warning, 0)
    query = " ".join(words)
    if not query.strip():
        return engine, None
    result = engine.search(query)
    if result.error is not None:
        return fail(bad_query(query, result.error), 2)
    if result.corrections:  # (on stderr: what stdout holds stays the view alone)
        fail(f"Showing results for {', '.join(result.corrections.values())}", 0)
    return engine, result.bitmap


# -- timeline -------------------------------------------------------------------------------


def run_timeline(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.views.timeline import TimelineIndex

    found = _search(library, args.query)
    if isinstance(found, int):
        return found
    engine, within = found
    timeline = TimelineIndex(engine.meetings, engine.index.series).timeline(within, args.series)
    if args.json:
        print_json({"query": " ".join(args.query), "series": _timeline_json(timeline)})
    else:
        _print_timeline(timeline)
    return 0 if timeline.lanes else fail("No meeting matches.", 1)


def _timeline_json(timeline: Timeline) -> list[dict[str, Any]]:
    return [
        {
            "series": lane.series,
            "name": lane.name,
            "meetings": [
                {"id": mark.id, "date": mark.date, "sequence": mark.sequence} for mark in lane.marks
            ],
            "missing": list(lane.missing),
        }
        for lane in timeline.lanes
    ]


def _print_timeline(timeline: Timeline) -> None:
    from cpec_tui.views.timeline import rounds_text

    out = sys.stdout
    overview = _overview(timeline, width(out) or OVERVIEW_WIDTH)
    out.write("".join(line + "\n" for line in overview))
    for number, lane in enumerate(timeline.lanes):
        first, last = lane.years
        years = str(first) if first == last else f"{first}{DASH}{last}"
        count = len(lane.marks)
        meetings = f"{count} meeting{'s' * (count != 1)}"
        head = f"{series_label(lane.series)} — {lane.name}: {meetings}, {years}"
        out.write(("\n" if number or overview else "") + head + "\n")
        for line in _lane_lines(lane):
            out.write(one_line(line) + "\n")
        if lane.missing:
            out.write(
                f"  not in the record: round{'s' * (len(lane.missing) > 1)} "
                f"{rounds_text(lane.missing)}\n"
            )


def _overview(timeline: Timeline, columns: int) -> list[str]:
    """A lane per series, years across: each year shows its rounds (``5``, ``6,7``), how
    many (``12`` and a times sign) when they do not fit, ``•`` for a meeting without a
    number, ``·`` for none. Left out when the years do not fit in ``columns``."""
    from cpec_tui.views.timeline import cell_text

    span = timeline.years
    if span is None:
        return []
    years = range(span[0], span[1] + 1)
    names = max(len(lane.series) for lane in timeline.lanes)
    if names + 2 + CELL * len(years) > columns:
        return []
    lines = [" " * (names + 2) + "".join(f"{year:>{CELL}}" for year in years)]
    for lane in timeline.lanes:
        by_year: dict[int, list[int | None]] = {}
        for mark in lane.marks:
            by_year.setdefault(mark.year, []).append(mark.sequence)
        cells = [cell_text(by_year.get(year, []), CELL)[0] for year in years]
        lines.append(
            f"{series_label(lane.series):<{names}}  " + "".join(f"{c:>{CELL}}" for c in cells)
        )
    return lines


def _lane_lines(lane: Lane) -> Iterable[str]:
    """A line per meeting, and a line where rounds between two of them are missing."""
    from cpec_tui.views.timeline import rounds_text

    missing = set(lane.missing)
    room = max(len(mark.id) for mark in lane.marks)
    previous: int | None = None
    for mark in lane.marks:
        if mark.sequence is not None and previous is not None and mark.sequence > previous + 1:
            gap = [n for n in range(previous + 1, mark.sequence) if n in missing]
            if gap:
                rounds = f"round{'s' * (len(gap) > 1)} {rounds_text(gap)}"
                yield f"  {'':<11} {'·' * 3:>4}  {rounds} missing"
        if mark.sequence is not None:
            previous = mark.sequence if previous is None else max(previous, mark.sequence)
        round_text = str(mark.sequence) if mark.sequence is not None else DASH
        flag = marks(mark.conflicting, mark.uncertain)
        yield f"  {mark.date:<10}{flag} {round_text:>4}  {mark.id:<{room}}  {mark.short_title}"


# -- compare --------------------------------------------------------------------------------


def run_compare(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.views.compare import compare, previous_round

    dataset = load_or_report(library)
    if dataset is None:
        return 2
    meetings = dataset.meetings
    ids = [args.id_a] if args.id_b is None else [args.id_a, args.id_b]
    for meeting_id in ids:
        if meetings.get(meeting_id) is None:
            return fail(unknown_meeting(meeting_id, meetings.ids), 1)
    if args.id_b is None:
        before = previous_round(meetings, args.id_a)
        if before is None:
            return fail(f"cpec-tui: {args.id_a!r} has no previous round in the record.", 1)
        ids = [before, args.id_a]
    a, b = (meetings.get(meeting_id) for meeting_id in ids)
    assert a is not None and b is not None
    comparison = compare(a, b)
    if args.json:
        print_json(_comparison_json(comparison))
    else:
        _print_comparison(comparison)
    return 0


def _split_json(split: Split[str]) -> dict[str, list[str]]:
    return {
        "shared": list(split.shared),
        "only_a": list(split.only_a),
        "only_b": list(split.only_b),
    }


def _sourced_json(item: SourcedText) -> dict[str, Any]:
    return {"text": item.text, "sources": list(item.sources)}


def _person_json(person: Person) -> dict[str, Any]:
    return person.model_dump(mode="json", exclude_none=True)


def _side_json(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "label": meeting.label,
        "title": meeting.title,
        "date": meeting.date.model_dump(mode="json", exclude_none=True),
        "venue": meeting.venue.model_dump(mode="json", exclude_none=True)
        if meeting.venue
        else None,
        "conflicts": [c.model_dump(mode="json") for c in meeting.conflicts],
    }


def _comparison_json(comparison: Comparison) -> dict[str, Any]:
    chairs, outcomes = comparison.co_chairs, comparison.outcomes
    return {
        "a": _side_json(comparison.a),
        "b": _side_json(comparison.b),
        "co_chairs": {
            "shared": [pair.b.name for pair in chairs.stayed],
            "only_a": [person.name for person in chairs.only_a],
            "only_b": [person.name for person in chairs.only_b],
            "stayed": [{"a": _person_json(p.a), "b": _person_json(p.b)} for p in chairs.stayed],
        },
        "sectors": _split_json(comparison.sectors),
        "themes": _split_json(comparison.themes),
        "outcomes": {
            "recurring": [
                {
                    "a": _sourced_json(pair.a),
                    "b": _sourced_json(pair.b),
                    "similarity": pair.similarity,
                }
                for pair in outcomes.recurring
            ],
            "only_a": [_sourced_json(item) for item in outcomes.only_a],
            "only_b": [_sourced_json(item) for item in outcomes.only_b],
        },
    }


def _print_comparison(comparison: Comparison) -> None:
    from cpec_tui.views.compare import cited, conflicts, date_text, person_text, venue_text

    a, b = comparison.a, comparison.b
    lines = [
        f"A  {a.id}  {a.short_title}",
        f"B  {b.id}  {b.short_title}",
        "",
        "Date",
        f"  A  {date_text(a)}",
        f"  B  {date_text(b)}",
        "Venue and mode" + (" (the same)" if comparison.same_venue else ""),
        f"  A  {venue_text(a)}",
        f"  B  {venue_text(b)}",
        "Co-chairs",
    ]
    chairs = comparison.co_chairs
    for pair in chairs.stayed:
        lines.append(f"  stayed  A {person_text(pair.a)}")
        lines.append(f"          B {person_text(pair.b)}")
    lines += [f"  only A  {person_text(person)}" for person in chairs.only_a]
    lines += [f"  only B  {person_text(person)}" for person in chairs.only_b]
    for heading, split, names in (
        ("Sectors", comparison.sectors, SECTORS),
        ("Themes", comparison.themes, THEMES),
    ):
        lines.append(heading)
        for what, values in (
            ("shared", split.shared),
            ("only A", split.only_a),
            ("only B", split.only_b),
        ):
            if values:
                lines.append(f"  {what:<6}  {', '.join(names.get(v, v) for v in values)}")
    outcomes = comparison.outcomes
    lines.append("Outcomes")
    for recurring in outcomes.recurring:
        lines.append(f"  recurring ({recurring.similarity:.2f})")
        lines.append(f"    A  {recurring.a.text}{cited(recurring.a.sources)}")
        lines.append(f"    B  {recurring.b.text}{cited(recurring.b.sources)}")
    for what, items in (("only A", outcomes.only_a), ("only B", outcomes.only_b)):
        for item in items:
            lines.append(f"  {what}  {item.text}{cited(item.sources)}")
    disputes = conflicts(comparison)
    if disputes:
        lines.append("Conflicts")
        for side, conflict in disputes:
            lines.append(
                f"  {side.upper()}  {CONFLICT_MARK} {conflict.id} ({', '.join(conflict.fields)}): "
                f"{conflict.summary} "
                f"{conflict.resolution}{cited(conflict.sources)}"
            )
    columns = width(sys.stdout)
    sys.stdout.write("".join(_wrapped(one_line(line), columns) + "\n" for line in lines))


def _wrapped(line: str, columns: int | None) -> str:
    """``line`` folded to a terminal's width, hanging under the text after its label
    (``  only A  ``); a pipe gets it whole."""
    if columns is None or len(line) <= columns:
        return line
    label = _LABEL.match(line)
    indent = " " * (label.end() if label else len(line) - len(line.lstrip(" ")) + 3)
    return textwrap.fill(line, columns, subsequent_indent=indent, break_on_hyphens=False)


# -- facets ---------------------------------------------------------------------------------


def run_facets(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.search.bitmaps import full
    from cpec_tui.views.facets import FacetIndex

    found = _search(library, args.query)
    if isinstance(found, int):
        return found
    engine, within = found
    facets = FacetIndex(engine.index).count(
        full(len(engine.meetings)) if within is None else within
    )
    if args.json:
        print_json(
            {
                "query": " ".join(args.query),
                "total": facets.total,
                **{
                    dimension: {item.value: item.count for item in counts}
                    for dimension, counts in facets.dimensions.items()
                },
            }
        )
    else:
        _print_facets(facets)
    return 0 if facets.total else fail("No meeting matches.", 1)


def _facet_label(dimension: str, value: str) -> str:
    names = {"series": SERIES, "sector": SECTORS, "theme": THEMES}.get(dimension)
    if names is not None:
        return names.get(value, "")
    return country_name(value) if dimension == "country" else ""


def _print_facets(facets: Facets) -> None:
    out = sys.stdout
    out.write(f"{facets.total} meeting{'s' * (facets.total != 1)}\n")
    for dimension, counts in facets.dimensions.items():
        out.write(f"\n{dimension}\n")
        room = max((len(item.value) for item in counts), default=0)
        for item in counts:
            label = _facet_label(dimension, item.value)
            line = f"  {item.count:>6}  {item.value:<{room}}  {label}".rstrip()
            out.write(one_line(line) + "\n")


# -- people ---------------------------------------------------------------------------------


def run_people(args: argparse.Namespace, library: Library) -> int:
    from cpec_tui.views.people import PeopleIndex, build_people

    dataset = load_or_report(library)
    if dataset is None:
        return 2
    people = PeopleIndex(build_people(dataset.meetings)).search(" ".join(args.query))
    if args.json:
        print_json([_entry_json(entry) for entry in people])
    else:
        _print_people(people)
    return 0 if people else fail("No person matches.", 1)


def _entry_json(entry: PersonEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "country": entry.country,
        "aliases": list(entry.aliases),
        "titles": [{"title": t.title, "first": t.first, "last": t.last} for t in entry.titles],
        "meetings": [
            {
                "id": a.id,
                "date": a.date,
                "role": a.role,
                "title": a.title,
                "name": a.name,
                "organisation": a.organisation,
                "sources": list(a.sources),
            }
            for a in entry.meetings
        ],
    }


def _print_people(people: Sequence[PersonEntry]) -> None:
    out = sys.stdout
    for number, entry in enumerate(people):
        lines = [f"{entry.name} · {country_name(entry.country)}"]
        if entry.aliases:
            lines.append(f"  also written: {'; '.join(entry.aliases)}")
        for title in entry.titles:
            when = (
                title.first if title.first == title.last else f"{title.first} {DASH} {title.last}"
            )
            lines.append(f"  title: {title.title} ({when})")
        for a in entry.meetings:
            given = f"  {a.title}" if a.title else ""
            lines.append(f"  {a.date:<10}  {a.id:<24} {a.role:<8}{given}")
        out.write(("\n" if number else "") + "".join(one_line(line) + "\n" for line in lines))
