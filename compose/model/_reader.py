"""Typed reads from the canonical project dict, collecting every problem as an Issue.

The converter (compose/model/convert.py) reads through a ``Reader`` so that a
value of the wrong shape becomes one ``Issue`` with its key path (and its
file:line:col when a SourceMap is given) instead of a crash, and all of them
are reported together.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from compose.errors import Issue
from compose.load.durations import parse_duration
from compose.load.sourcemap import KeyPath, SourceMap, format_path
from compose.model.frozen import FrozenMap
from compose.model.units import parse_mode, parse_size

T = TypeVar("T")


class Issues:
    """The problems found so far, shared by every reader of one conversion."""

    def __init__(self, sources: SourceMap | None) -> None:
        self.items: list[Issue] = []
        self.sources = sources

    def add(self, path: KeyPath, message: str) -> None:
        location = self.sources.locate(path) if self.sources is not None else None
        self.items.append(Issue(location, format_path(path), message))


class Reader:
    """A view of one mapping of the canonical dict at ``path``."""

    __slots__ = ("data", "issues", "path")

    def __init__(self, data: Mapping[str, Any], path: KeyPath, issues: Issues) -> None:
        self.data = data
        self.path = path
        self.issues = issues

    # -- plumbing ---------------------------------------------------------

    def at(self, key: str | int) -> KeyPath:
        return (*self.path, key)

    def problem(self, key: str | int, message: str) -> None:
        self.issues.add(self.at(key), message)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def names(self) -> Iterator[str]:
        return iter(self.data)

    def extensions(self) -> FrozenMap[str, Any]:
        from compose.model.frozen import deep_freeze

        return FrozenMap((k, deep_freeze(v)) for k, v in self.data.items() if str(k).startswith("x-"))

    def check_keys(self, known: frozenset[str] | set[str], what: str) -> None:
        """An issue for every key that is neither ``known`` nor an ``x-`` extension."""
        for key in self.data:
            if key not in known and not str(key).startswith("x-"):
                self.problem(key, f"{what} has no attribute {key!r}")

    def child(self, key: str) -> Reader | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not _is_map(value):
            self.problem(key, f"must be a mapping, not {_kind(value)}")
            return None
        return Reader(value, self.at(key), self.issues)

    def nested(self, value: Any, path: KeyPath) -> Reader | None:
        """A reader for a nested value found at ``path`` (a list item, a map entry)."""
        if not _is_map(value):
            self.issues.add(path, f"must be a mapping, not {_kind(value)}")
            return None
        return Reader(value, path, self.issues)

    def entries(self, key: str) -> Iterator[tuple[str, Any, KeyPath]]:
        """``(name, value, path)`` of a mapping attribute."""
        value = self.data.get(key)
        if value is None:
            return
        if not _is_map(value):
            self.problem(key, f"must be a mapping, not {_kind(value)}")
            return
        for name, item in value.items():
            yield str(name), item, (*self.path, key, name)

    def items(self, key: str) -> Iterator[tuple[int, Any]]:
        """``(index, value)`` of a list attribute."""
        value = self.data.get(key)
        if value is None:
            return
        if not isinstance(value, list | tuple):
            self.problem(key, f"must be a list, not {_kind(value)}")
            return
        yield from enumerate(value)

    # -- scalars ----------------------------------------------------------

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        self.problem(key, f"must be a string, not {_kind(value)}")
        return None

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        self.problem(key, f"must be an integer, not {value!r}")
        return None

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        self.problem(key, f"must be a number, not {value!r}")
        return None

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
            return value.lower() in ("true", "yes", "1")
        self.problem(key, f"must be a boolean, not {value!r}")
        return default

    def opt_flag(self, key: str) -> bool | None:
        return None if self.data.get(key) is None else self.flag(key)

    def _unit(self, key: str, parse: Callable[[object], int]) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:  # UnitError, DurationError
            self.problem(key, str(exc))
            return None

    def duration(self, key: str) -> int | None:
        """Nanoseconds."""
        return self._unit(key, parse_duration)

    def size(self, key: str) -> int | None:
        """Bytes."""
        return self._unit(key, parse_size)

    def mode(self, key: str) -> int | None:
        return self._unit(key, parse_mode)

    # -- collections ------------------------------------------------------

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings; a single string counts as a one-item list."""
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list | tuple):
            self.problem(key, f"must be a list of strings, not {_kind(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, int | float) and not isinstance(item, bool):
                out.append(str(item))
            else:
                self.issues.add((*self.path, key, i), f"must be a string, not {_kind(item)}")
        return tuple(out)

    def command(self, key: str) -> tuple[str, ...] | None:
        """A command: ``None`` (not set), a list, or a string split like a shell would."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return tuple(shlex.split(value))
            except ValueError as exc:
                self.problem(key, f"cannot split command: {exc}")
                return None
        return self.texts(key)

    def str_map(self, key: str) -> FrozenMap[str, str]:
        """A mapping of strings; a list of ``KEY=VALUE`` is accepted; ``None`` values become ``""``."""
        return FrozenMap((k, "" if v is None else v) for k, v in self.env_map(key).items())

    def env_map(self, key: str) -> FrozenMap[str, str | None]:
        """A mapping whose values may be unset (``None``): environments, build args."""
        value = self.data.get(key)
        if value is None:
            return FrozenMap()
        pairs: list[tuple[str, str | None]] = []
        if _is_map(value):
            for k, v in value.items():
                pairs.append((str(k), _scalar_text(v)))
        elif isinstance(value, list | tuple):
            for item in value:
                name, sep, rest = str(item).partition("=")
                pairs.append((name, rest if sep else None))
        else:
            self.problem(key, f"must be a mapping or a list, not {_kind(value)}")
        return FrozenMap(pairs)

    def convert_list(self, key: str, convert: Callable[[Reader], T | None]) -> tuple[T, ...]:
        """A list of mappings, each converted by ``convert``."""
        out = []
        for i, item in self.items(key):
            if not _is_map(item):
                self.issues.add((*self.path, key, i), f"must be a mapping, not {_kind(item)}")
                continue
            converted = convert(Reader(item, (*self.path, key, i), self.issues))
            if converted is not None:
                out.append(converted)
        return tuple(out)


def _is_map(value: Any) -> bool:
    """``isinstance(value, Mapping)`` with a fast path for the plain dicts the loader produces."""
    return type(value) is dict or isinstance(value, Mapping)


def _scalar_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if _is_map(value):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__
