"""A read-only sequence defined by its length and how to get one item."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class Indexed(Sequence[T]):
    """Negative indices, bounds and slices handled once; subclasses say what item ``i`` is."""

    @abstractmethod
    def _item(self, i: int) -> T:
        """The item at ``0 <= i < len(self)``."""

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        size = len(self)
        if isinstance(index, slice):
            return [self._item(i) for i in range(size)[index]]
        if not -size <= index < size:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(index % size)
