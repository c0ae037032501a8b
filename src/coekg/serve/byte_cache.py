"""A cache bounded by the bytes it holds, least recently used first out.

``coekg serve`` keeps what it made on request (a resource's documents, a query's answer)
so the next request for the same thing costs a look-up, and never holds more than it was
given: an entry larger than ``largest`` (by default an eighth of the bound) is not kept at
all, so one huge answer cannot push out everything else.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByteCache(Generic[V]):
    """Values of keys, at most ``limit`` bytes of them (``size`` tells a value's bytes), none
    over ``largest`` bytes."""

    def __init__(self, limit: int, size: Callable[[V], int], largest: int | None = None) -> None:
        self.limit = limit
        self.size = size
        self.largest = limit // 8 if largest is None else min(largest, limit)
        self.held = 0
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` for ``key`` unless it is too large, dropping the least recently
        used entries until the cache is within its bound."""
        size = self.size(value)
        if size > self.largest:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.held -= old[1]
            self._entries[key] = (value, size)
            self.held += size
            while self.held > self.limit:
                _key, (_value, dropped) = self._entries.popitem(last=False)
                self.held -= dropped

    def __len__(self) -> int:
        return len(self._entries)
