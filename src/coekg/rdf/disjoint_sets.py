"""Disjoint sets (union-find): which blank nodes are linked, directly or through others."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    """Groups of items; :meth:`join` merges two groups, :meth:`find` names an item's group."""

    def __init__(self) -> None:
        self._parent: dict[T, T] = {}

    def find(self, item: T) -> T:
        """The representative of ``item``'s group (``item`` itself when it is alone)."""
        parent = self._parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving
            item = parent[item]
        return item

    def join(self, a: T, b: T) -> T:
        """Merge the groups of ``a`` and ``b``; the representative of the merged group."""
        first = self.find(a)
        self._parent[self.find(b)] = first
        return first
