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
from typing import Any, NamedTuple, overload

from cpec_tui.blobs import Blobs, BlobWriter
from cpec_tui.models import Meeting, date_sort_key, newest_first

PACK_FORMAT = 2
"""The version of :meth:`Meetings.state`: bump it when the packing or the summary changes."""

_KEPT_MODELS = 256  # packed meetings kept as models once read


class MeetingSummary(NamedTuple):
    """What a list row or a picker shows of a meeting, without the whole record."""

    id: str
    label: str
    short_title: str
    title: str
    date: str
    """The date as recorded: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    disputed: bool
    """Whether the sources disagree on the date (marked wherever the date is shown)."""


def summarize(meeting: Meeting) -> MeetingSummary:
    """A meeting's :class:`MeetingSummary`."""
    return MeetingSummary(
        meeting.id,
        meeting.label,
        meeting.short_title,
        meeting.title,
        meeting.date.value,
        meeting.date.disputed,
    )


class _Columns(Sequence[MeetingSummary]):
    """The summaries of all meetings, one list per field (a tuple per meeting costs more)."""

    def __init__(self, rows: Iterable[MeetingSummary] = ()) -> None:
        self.ids: list[str] = []
        self.labels: list[str] = []
        self.short_titles: list[str] = []
        self.titles: list[str] = []
        self.dates: list[str] = []
        self.disputed = bytearray()
        for row in rows:
            self.append(row)

    def append(self, row: MeetingSummary) -> None:
        self.ids.append(row.id)
        self.labels.append(row.label)
        self.short_titles.append(row.short_title)
        self.titles.append(row.title)
        self.dates.append(row.date)
        self.disputed.append(row.disputed)

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> MeetingSummary: ...

    @overload
    def __getitem__(self, i: slice) -> list[MeetingSummary]: ...

    def __getitem__(self, i: int | slice) -> MeetingSummary | list[MeetingSummary]:
        if isinstance(i, slice):
            return [self[k] for k in range(len(self))[i]]
        return MeetingSummary(
            self.ids[i],
            self.labels[i],
            self.short_titles[i],
            self.titles[i],
            self.dates[i],
            bool(self.disputed[i]),
        )

    def reordered(self, order: Sequence[int]) -> _Columns:
        columns = _Columns()
        columns.ids = [self.ids[i] for i in order]
        columns.labels = [self.labels[i] for i in order]
        columns.short_titles = [self.short_titles[i] for i in order]
        columns.titles = [self.titles[i] for i in order]
        columns.dates = [self.dates[i] for i in order]
        columns.disputed = bytearray(self.disputed[i] for i in order)
        return columns

    def state(self) -> list[Any]:
        return [
            self.ids,
            self.labels,
            self.short_titles,
            self.titles,
            self.dates,
            bytes(self.disputed),
        ]

    @classmethod
    def from_state(cls, state: object, size: int) -> _Columns:
        if not (isinstance(state, list) and len(state) == 6):
            raise ValueError("packed meetings: summaries are not six columns")
        *texts, disputed = state
        if not isinstance(disputed, bytes) or len(disputed) != size:
            raise ValueError("packed meetings: the disputed-date column does not fit")
        for column in texts:
            if not (
                isinstance(column, list) and len(column) == size and set(map(type, column)) <= {str}
            ):
                raise ValueError("packed meetings: a summary column does not fit")
        columns = cls()
        columns.ids, columns.labels, columns.short_titles, columns.titles, columns.dates = texts
        columns.disputed = bytearray(disputed)
        return columns


class Meetings(Sequence[Meeting]):
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
        return cls(_Columns(map(summarize, ordered)), ordered.__getitem__)

    @classmethod
    def packed(cls, meetings: Iterable[Meeting]) -> Meetings:
        """Meetings packed one by one as ``meetings`` yields them (in any order).

        Only the packed bytes and the summaries stay: a caller that validates each meeting
        as it is asked for never holds more than a few models at once.
        """
        packer = _Packer()
        for meeting in meetings:
            packer.add(meeting)
        return cls._of_packed(packer.finish())

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

    @overload
    def __getitem__(self, index: int) -> Meeting: ...

    @overload
    def __getitem__(self, index: slice) -> list[Meeting]: ...

    def __getitem__(self, index: int | slice) -> Meeting | list[Meeting]:
        if isinstance(index, slice):
            return [self._read(i) for i in range(len(self))[index]]
        if not -len(self) <= index < len(self):
            raise IndexError("meeting position out of range")
        return self._read(index % len(self))

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


class _Packer:
    """Packs meetings one at a time."""

    def __init__(self) -> None:
        self.blobs = BlobWriter()
        self.columns = _Columns()

    def add(self, meeting: Meeting) -> None:
        self.columns.append(summarize(meeting))
        self.blobs.add(marshal.dumps(meeting.model_dump(exclude_none=True)))

    def finish(self) -> _Packed:
        columns = self.columns
        order = sorted(range(len(columns)), key=lambda i: _order_key(columns[i]))
        return _Packed(self.blobs.finish(), array("I", order), columns.reordered(order))


class _Packed:
    """Meetings compressed in the order they were packed, and the order of their positions."""

    def __init__(self, blobs: Blobs, order: array[int], columns: _Columns) -> None:
        """``order[position]`` is where that meeting was packed; ``columns`` are by position."""
        self.blobs = blobs
        self.order = order
        self.columns = columns
        self._kept: OrderedDict[int, Meeting] = OrderedDict()
        self._lock = threading.Lock()  # the UI and a loading thread may read at once

    def read(self, position: int) -> Meeting:
        with self._lock:
            meeting = self._kept.get(position)
            if meeting is not None:
                self._kept.move_to_end(position)
                return meeting
        raw = marshal.loads(self.blobs[self.order[position]])
        meeting = Meeting.model_validate(raw)
        with self._lock:
            self._kept[position] = meeting
            if len(self._kept) > _KEPT_MODELS:
                self._kept.popitem(last=False)
        return meeting

    def state(self) -> dict[str, Any]:
        return {
            "format": PACK_FORMAT,
            "blobs": self.blobs.state(),
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
        return cls(blobs, order, _Columns.from_state(state.get("summaries"), size))
