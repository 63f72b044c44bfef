"""A read-only, hashable mapping for the model's Mapping fields.

The model is made of frozen dataclasses; their mapping fields hold a
``FrozenMap`` so that nothing downstream can change a project by accident
and so that model objects stay hashable (sets of services, cache keys).
Insertion order is kept (the loader's order); equality ignores order, like
``dict``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """An immutable mapping; build it from a mapping or from ``(key, value)`` pairs."""

    __slots__ = ("_data", "_hash")

    @overload
    def __init__(self) -> None: ...
    @overload
    def __init__(self, data: Mapping[K, V]) -> None: ...
    @overload
    def __init__(self, data: Iterable[tuple[K, V]]) -> None: ...
    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data) if data else {}
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def set(self, key: K, value: V) -> FrozenMap[K, V]:
        """A copy with ``key`` set to ``value``."""
        data = dict(self._data)
        data[key] = value
        return FrozenMap(data)

    def without(self, *keys: K) -> FrozenMap[K, V]:
        """A copy without ``keys`` (missing keys are ignored)."""
        return FrozenMap((k, v) for k, v in self._data.items() if k not in keys)

    def to_dict(self) -> dict[K, V]:
        """A plain, mutable copy."""
        return dict(self._data)


EMPTY: FrozenMap[Any, Any] = FrozenMap()
"""The shared empty map, the default of every mapping field."""


def deep_freeze(value: Any) -> Any:
    """A hashable, read-only copy of plain data: mappings become ``FrozenMap``, lists tuples."""
    if isinstance(value, Mapping):
        return FrozenMap((k, deep_freeze(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(deep_freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """Plain data back from ``deep_freeze`` output (FrozenMap -> dict, tuple -> list)."""
    if isinstance(value, Mapping):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return value
