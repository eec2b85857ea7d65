"""Everyone the record names, one entry per person however their name or title is written.

Two mentions are the same person when they share a country and any spelling of the name
(the name or one of the record's aliases) once case, accents, spaces and punctuation are
folded away: "Sun Weidong", "SUN Wei-dong" and an alias "Weidong Sun" listed once are one
person. Building the list reads every meeting (seconds at 100,000), so a screen builds it
in a worker; :func:`build_people` takes any iterable so the caller can report progress.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from cpec_tui.countries import country_name
from cpec_tui.models import Meeting, Person, date_sort_key
from cpec_tui.search.bitmaps import full, positions
from cpec_tui.search.index import Postings, TermIndex
from cpec_tui.search.normalize import compact, index_terms, query_words

Role = Literal["co-chair", "named"]


def name_keys(person: Person) -> frozenset[tuple[str, str]]:
    """What identifies a person: (country, folded spelling) for the name and each alias."""
    spellings = (person.name, *person.aliases)
    return frozenset((person.country, key) for key in map(compact, spellings) if key)


def same_person(a: Person, b: Person) -> bool:
    """Whether two mentions name the same person (see the module's rule)."""
    return not name_keys(a).isdisjoint(name_keys(b))


@dataclass(frozen=True, slots=True)
class Appearance:
    """A person at one meeting, with the title and organisation given there."""

    id: str
    date: str
    role: Role
    name: str
    """The name as written at this meeting."""
    title: str | None
    organisation: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Title:
    """A title someone held, and the first and last dates it is given."""

    title: str
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class PersonEntry:
    """One person: the name most often written, every other spelling, titles, meetings."""

    name: str
    country: str
    aliases: tuple[str, ...]
    titles: tuple[Title, ...]
    """Newest first (by the last date each was given)."""
    meetings: tuple[Appearance, ...]
    """Newest first; a person both co-chairing and named at a meeting appears once, as
    co-chair."""

    terms: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    """The words a search looks in (names, titles, organisations, country), normalized."""


class _Group:
    def __init__(self) -> None:
        self.keys: set[tuple[str, str]] = set()
        self.appearances: list[Appearance] = []
        self.spellings: Counter[str] = Counter()
        self.merged = False
        """Whether another group took this one's mentions over."""


def build_people(meetings: Iterable[Meeting]) -> list[PersonEntry]:
    """Every person named in ``meetings``, by name (folded), each with their meetings."""
    groups: list[_Group] = []
    owner: dict[tuple[str, str], _Group] = {}
    for meeting in meetings:
        seen: set[int] = set()
        mentions = [("co-chair", p) for p in meeting.co_chairs]
        mentions += [("named", p) for p in meeting.people]
        for role, person in mentions:
            group = _group_of(person, groups, owner)
            group.spellings.update([person.name, *person.aliases])
            if id(group) in seen:
                continue
            seen.add(id(group))
            group.appearances.append(
                Appearance(
                    meeting.id,
                    meeting.date.value,
                    "co-chair" if role == "co-chair" else "named",
                    person.name,
                    person.title,
                    person.organisation,
                    tuple(person.sources),
                )
            )
    terms_of = _TermCache()
    entries = [_entry(group, terms_of) for group in groups if not group.merged]
    entries.sort(key=lambda entry: (compact(entry.name), entry.name, entry.country))
    return entries


class PeopleIndex:
    """The people, and which of them each word occurs in (a :class:`TermIndex`, as the
    search engine's), so that a search as you type is a few bitmap operations however many
    people there are."""

    def __init__(self, entries: Sequence[PersonEntry]) -> None:
        self.entries = tuple(entries)
        postings = Postings()
        for i, entry in enumerate(self.entries):
            postings.add(entry.terms, i)
        self._terms = TermIndex(postings, len(self.entries))

    def search(self, query: str) -> list[PersonEntry]:
        """The people whose names, titles, organisations or country have a word starting
        with each word of ``query`` (every one of them for an empty query)."""
        found = full(len(self.entries))
        for word in query_words(query):
            found &= self._terms.prefix(word)
            if not found:
                return []
        return [self.entries[i] for i in positions(found)]


def _group_of(person: Person, groups: list[_Group], owner: dict[tuple[str, str], _Group]) -> _Group:
    """The group this mention belongs to, merging groups the mention shows are one person."""
    keys = name_keys(person)
    found: list[_Group] = []
    for key in keys:
        group = owner.get(key)
        if group is not None and all(group is not other for other in found):
            found.append(group)
    if not found:
        group = _Group()
        groups.append(group)
    else:
        group = found[0]
        for other in found[1:]:  # an alias bridged two people seen apart so far
            group.keys |= other.keys
            group.appearances += other.appearances
            group.spellings += other.spellings
            for key in other.keys:
                owner[key] = group
            other.merged = True
    group.keys |= keys
    for key in keys:
        owner[key] = group
    return group


class _TermCache(dict[str, frozenset[str]]):
    """Each text's search terms, worked out once: titles and countries recur."""

    def __missing__(self, text: str) -> frozenset[str]:
        found = self[text] = frozenset(index_terms(text))
        return found


def _entry(group: _Group, terms_of: _TermCache) -> PersonEntry:
    appearances = sorted(group.appearances, key=lambda a: a.id)
    appearances.sort(key=lambda a: date_sort_key(a.date), reverse=True)
    # The most written spelling; ties go to the one used at the newest meeting.
    newest = {a.name: i for i, a in reversed(list(enumerate(appearances)))}
    name = min(
        group.spellings,
        key=lambda spelling: (-group.spellings[spelling], newest.get(spelling, len(newest))),
    )
    aliases = sorted(set(group.spellings) - {name})
    country = next(iter(group.keys))[0]
    titles = _titles(appearances)
    texts = [
        *group.spellings,
        *(title.title for title in titles),
        *(a.organisation for a in appearances if a.organisation),
        country_name(country),
        country,
    ]
    terms: set[str] = set()
    for text in texts:
        terms |= terms_of[text]
    return PersonEntry(name, country, tuple(aliases), titles, tuple(appearances), frozenset(terms))


def _titles(newest_first: Sequence[Appearance]) -> tuple[Title, ...]:
    spans: dict[str, list[str]] = {}
    for appearance in reversed(newest_first):
        if appearance.title is not None:
            span = spans.setdefault(appearance.title, [appearance.date, appearance.date])
            span[1] = appearance.date
    titles = [Title(title, first, last) for title, (first, last) in spans.items()]
    titles.sort(key=lambda title: date_sort_key(title.last), reverse=True)
    return tuple(titles)
