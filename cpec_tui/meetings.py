"""The meetings of a dataset, newest first: held as models, or packed and rebuilt when read.

A validated :class:`~cpec_tui.models.Meeting` costs ~29 KB of memory, so 100,000 of them
would take 3 GB. Packed, each meeting is its validated fields in ``marshal`` format,
compressed against a dictionary shared by all of them (:mod:`cpec_tui.blobs`; ~0.7 KB a
meeting), and a model is rebuilt, and validated again, only when that meeting is read
(~60 µs; the last few hundred read are kept). What lists, pickers and filters show of
*every* meeting, its :class:`MeetingSummary`, is kept unpacked, column by column.

Small datasets keep their models (:meth:`Meetings.of`); large ones are packed
(:meth:`Meetings.packed`), and a packed collection exports its :meth:`~Meetings.state`
(plain values) so the store can cache it and :meth:`Meetings.from_state` can bring it back
without parsing or validating the dataset again. Pure: this module never touches files.
"""

from __future__ import annotations

import marshal
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from cpec_tui.blobs import Blobs, BlobWriter
from cpec_tui.models import Meeting, Source, date_sort_key, newest_first
from cpec_tui.sequences import Indexed

PACK_FORMAT = 3
"""The layout of :meth:`Meetings.state`, written into the state and checked on reading it
back. It needs no bumping: a cached state is filed under a digest of this module's source
and of every module that shapes it (:func:`cpec_tui.store.cache.shape_digest`)."""

_KEPT_MODELS = 256  # packed models kept once read
M = TypeVar("M", bound=BaseModel)


class MeetingSummary(NamedTuple):
    """What a list row or a picker shows of a meeting, without the whole record."""

    id: str
    label: str
    short_title: str
    title: str
    date: str
    """The date as recorded: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    conflicting: bool
    """Whether reports conflict on any fact of the meeting (it has a conflict entry; marked
    ⚠, and what ``has:conflicts`` finds)."""
    uncertain: bool
    """Whether the date is approximate or uncertain (marked ≈)."""


def summarize(meeting: Meeting) -> MeetingSummary:
    """A meeting's :class:`MeetingSummary`."""
    return MeetingSummary(
        meeting.id,
        meeting.label,
        meeting.short_title,
        meeting.title,
        meeting.date.value,
        bool(meeting.conflicts),
        meeting.date.uncertain,
    )


class _Texts(Indexed[str]):
    """Strings joined into one, with where each ends: 100,000 titles are two objects."""

    def __init__(self, text: str, ends: array[int]) -> None:
        self._text = text
        self._ends = ends

    @classmethod
    def of(cls, strings: Iterable[str]) -> _Texts:
        ends = array("I")
        end = 0
        parts = []
        for string in strings:
            parts.append(string)
            end += len(string)
            ends.append(end)
        return cls("".join(parts), ends)

    def __len__(self) -> int:
        return len(self._ends)

    def _item(self, i: int) -> str:
        return self._text[self._ends[i - 1] if i else 0 : self._ends[i]]

    def state(self) -> list[Any]:
        return [self._text, self._ends.tobytes()]

    @classmethod
    def from_state(cls, state: object, size: int) -> _Texts:
        if not (
            isinstance(state, list)
            and len(state) == 2
            and isinstance(state[0], str)
            and isinstance(state[1], bytes)
        ):
            raise ValueError("packed meetings: a summary column is not a text and its ends")
        ends = array("I")
        if len(state[1]) != size * ends.itemsize:
            raise ValueError("packed meetings: a summary column does not fit")
        ends.frombytes(state[1])
        if size and (ends[-1] != len(state[0]) or any(a > b for a, b in pairwise(ends))):
            raise ValueError("packed meetings: a summary column does not fit")
        return cls(state[0], ends)


class _Columns(Indexed[MeetingSummary]):
    """The summaries of all meetings by field: a tuple and five strings per meeting would
    cost ~0.4 KB each; columns cost what their text does."""

    def __init__(
        self,
        ids: list[str],
        texts: tuple[_Texts, _Texts, _Texts, _Texts],
        flags: bytes,
    ) -> None:
        self.ids = ids
        self.labels, self.short_titles, self.titles, self.dates = texts
        self.flags = flags
        """Per meeting: bit 1 conflicting, bit 2 uncertain."""

    @classmethod
    def of(cls, rows: Sequence[MeetingSummary]) -> _Columns:
        return cls(
            [row.id for row in rows],
            (
                _Texts.of(row.label for row in rows),
                _Texts.of(row.short_title for row in rows),
                _Texts.of(row.title for row in rows),
                _Texts.of(row.date for row in rows),
            ),
            bytes(row.conflicting | row.uncertain << 1 for row in rows),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def _item(self, i: int) -> MeetingSummary:
        return MeetingSummary(
            self.ids[i],
            self.labels[i],
            self.short_titles[i],
            self.titles[i],
            self.dates[i],
            bool(self.flags[i] & 1),
            bool(self.flags[i] & 2),
        )

    def state(self) -> list[Any]:
        texts = (self.labels, self.short_titles, self.titles, self.dates)
        return [self.ids, *(column.state() for column in texts), self.flags]

    @classmethod
    def from_state(cls, state: object, size: int) -> _Columns:
        if not (isinstance(state, list) and len(state) == 6):
            raise ValueError("packed meetings: summaries are not six columns")
        ids, labels, short_titles, titles, dates, flags = state
        if not (isinstance(ids, list) and len(ids) == size and set(map(type, ids)) <= {str}):
            raise ValueError("packed meetings: the ids do not fit")
        if not isinstance(flags, bytes) or len(flags) != size:
            raise ValueError("packed meetings: the marks column does not fit")
        texts = (
            _Texts.from_state(labels, size),
            _Texts.from_state(short_titles, size),
            _Texts.from_state(titles, size),
            _Texts.from_state(dates, size),
        )
        return cls(ids, texts, flags)


class Meetings(Indexed[Meeting]):
    """A dataset's meetings, newest first (ties by id); ``meetings[i]`` is a model.

    Build one with :meth:`of`, :meth:`packed` or :meth:`from_state`.
    """

    def __init__(self, columns: _Columns, read: Callable[[int], Meeting]) -> None:
        self._columns = columns
        self._read = read
        self._position = {meeting_id: i for i, meeting_id in enumerate(columns.ids)}
        self._packed: _Packed | None = None

    @classmethod
    def of(cls, meetings: Iterable[Meeting]) -> Meetings:
        """Meetings kept as the models given (in any order)."""
        ordered = newest_first(list(meetings))
        return cls(_Columns.of([summarize(meeting) for meeting in ordered]), ordered.__getitem__)

    @classmethod
    def packed(cls, meetings: Iterable[Meeting]) -> Meetings:
        """Meetings packed one by one as ``meetings`` yields them (in any order).

        Only the packed bytes and the summaries stay: a caller that validates each meeting
        as it is asked for never holds more than a few models at once.
        """
        return cls._of_packed(_Packer().pack(meetings))

    @classmethod
    def from_state(cls, state: object) -> Meetings:
        """Packed meetings from :meth:`state`; raises ValueError if ``state`` is not one."""
        return cls._of_packed(_Packed.from_state(state))

    @classmethod
    def _of_packed(cls, packed: _Packed) -> Meetings:
        meetings = cls(packed.columns, packed.read)
        meetings._packed = packed
        return meetings

    def state(self) -> dict[str, Any] | None:
        """Plain values :meth:`from_state` rebuilds packed meetings from (None if unpacked)."""
        return self._packed.state() if self._packed is not None else None

    def __len__(self) -> int:
        return len(self._columns.ids)

    def _item(self, i: int) -> Meeting:
        return self._read(i)

    def __iter__(self) -> Iterator[Meeting]:
        return map(self._read, range(len(self)))

    @property
    def ids(self) -> Sequence[str]:
        """Every meeting's id, in position order."""
        return self._columns.ids

    @property
    def labels(self) -> Sequence[str]:
        """Every meeting's label, in position order."""
        return self._columns.labels

    @property
    def summaries(self) -> Sequence[MeetingSummary]:
        """What lists show of each meeting, by position, without reading the meetings."""
        return self._columns

    @property
    def positions_by_id(self) -> Mapping[str, int]:
        """Each meeting's position, by id."""
        return self._position

    def position(self, meeting_id: str) -> int | None:
        """Where the meeting with this id is, or None."""
        return self._position.get(meeting_id)

    def summary_of(self, meeting_id: str) -> MeetingSummary | None:
        """The summary of the meeting with this id, or None."""
        position = self._position.get(meeting_id)
        return self._columns[position] if position is not None else None

    def get(self, meeting_id: str) -> Meeting | None:
        """The meeting with this id, or None."""
        position = self._position.get(meeting_id)
        return self._read(position) if position is not None else None


def _order_key(summary: MeetingSummary) -> tuple[int, int, int, str]:
    """Newest first, ties by id: the order of :func:`~cpec_tui.models.newest_first`."""
    year, month, day = date_sort_key(summary.date)
    return -year, -month, -day, summary.id


class _Models(Generic[M]):
    """Models packed as blobs, rebuilt (and validated again) when read; the last few kept."""

    def __init__(self, model: type[M], blobs: Blobs) -> None:
        self.model = model
        self.blobs = blobs
        self._kept: OrderedDict[int, M] = OrderedDict()
        self._lock = threading.Lock()  # the UI and a loading thread may read at once

    @classmethod
    def pack(cls, model: type[M], models: Iterable[M]) -> _Models[M]:
        writer = BlobWriter()
        for each in models:
            writer.add(marshal.dumps(each.model_dump(exclude_none=True)))
        return cls(model, writer.finish())

    def read(self, i: int) -> M:
        """The i-th model packed; ValueError if its bytes are damaged or no longer valid."""
        with self._lock:
            found = self._kept.get(i)
            if found is not None:
                self._kept.move_to_end(i)
                return found
        found = self.model.model_validate(marshal.loads(self.blobs[i]))
        with self._lock:
            self._kept[i] = found
            if len(self._kept) > _KEPT_MODELS:
                self._kept.popitem(last=False)
        return found


class _Packer:
    """Packs meetings one at a time (each model can be dropped once it is packed)."""

    def __init__(self) -> None:
        self.summaries: list[MeetingSummary] = []

    def summarized(self, meetings: Iterable[Meeting]) -> Iterator[Meeting]:
        for meeting in meetings:
            self.summaries.append(summarize(meeting))
            yield meeting

    def pack(self, meetings: Iterable[Meeting]) -> _Packed:
        models = _Models.pack(Meeting, self.summarized(meetings))
        summaries = self.summaries
        order = sorted(range(len(summaries)), key=lambda i: _order_key(summaries[i]))
        return _Packed(models, array("I", order), _Columns.of([summaries[i] for i in order]))


class _Packed:
    """Meetings packed in the order they came, and which one is at each position."""

    def __init__(self, models: _Models[Meeting], order: array[int], columns: _Columns) -> None:
        """``order[position]`` is where that meeting was packed; ``columns`` are by position."""
        self.models = models
        self.order = order
        self.columns = columns

    def read(self, position: int) -> Meeting:
        return self.models.read(self.order[position])

    def state(self) -> dict[str, Any]:
        return {
            "format": PACK_FORMAT,
            "blobs": self.models.blobs.state(),
            "order": self.order.tobytes(),
            "summaries": self.columns.state(),
        }

    @classmethod
    def from_state(cls, state: object) -> _Packed:
        if not isinstance(state, dict) or state.get("format") != PACK_FORMAT:
            raise ValueError("packed meetings: not of this format")
        blobs = Blobs.from_state(state.get("blobs"))
        order_bytes = state.get("order")
        order = array("I")
        if not isinstance(order_bytes, bytes) or len(order_bytes) % order.itemsize:
            raise ValueError("packed meetings: no order")
        order.frombytes(order_bytes)
        size = len(order)
        if len(blobs) != size or sorted(order) != list(range(size)):
            raise ValueError("packed meetings: the order does not fit")
        columns = _Columns.from_state(state.get("summaries"), size)
        return cls(_Models(Meeting, blobs), order, columns)


class Sources(Mapping[str, Source]):
    """A dataset's sources by key, held as models or packed (33,000 models take 50 MB).

    Build one with :meth:`of`, :meth:`packed` or :meth:`from_state`.
    """

    def __init__(self, keys: list[str], read: Callable[[int], Source]) -> None:
        self._keys = keys
        self._index = {key: i for i, key in enumerate(keys)}
        self._read = read
        self._packed: _Models[Source] | None = None

    @classmethod
    def of(cls, sources: Iterable[Source]) -> Sources:
        """Sources kept as the models given."""
        held = list(sources)
        return cls([source.key for source in held], held.__getitem__)

    @classmethod
    def packed(cls, sources: Iterable[Source]) -> Sources:
        """Sources packed."""
        held = list(sources)  # (a few thousand: they need not be dropped as they are packed)
        return cls._of_packed([source.key for source in held], _Models.pack(Source, held))

    @classmethod
    def from_state(cls, state: object) -> Sources:
        """Packed sources from :meth:`state`; raises ValueError if ``state`` is not one."""
        if not (isinstance(state, dict) and state.get("format") == PACK_FORMAT):
            raise ValueError("packed sources: not of this format")
        keys, blobs = state.get("keys"), Blobs.from_state(state.get("blobs"))
        if not (isinstance(keys, list) and set(map(type, keys)) <= {str}):
            raise ValueError("packed sources: no keys")
        if len(keys) != len(blobs) or len(set(keys)) != len(keys):
            raise ValueError("packed sources: the keys do not fit")
        return cls._of_packed(keys, _Models(Source, blobs))

    @classmethod
    def _of_packed(cls, keys: list[str], models: _Models[Source]) -> Sources:
        sources = cls(keys, models.read)
        sources._packed = models
        return sources

    def state(self) -> dict[str, Any] | None:
        """Plain values :meth:`from_state` rebuilds packed sources from (None if unpacked)."""
        if self._packed is None:
            return None
        return {"format": PACK_FORMAT, "keys": self._keys, "blobs": self._packed.blobs.state()}

    def __getitem__(self, key: str) -> Source:
        return self._read(self._index[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._index
