"""Where each value of a compose document came from.

A ``KeyPath`` addresses a value in the plain tree: ``("services", "web",
"ports", 0)``. A ``SourceMap`` maps key paths to the ``Location`` of the key
(for mapping entries) or the item (for sequence items) in the file it was
read from. Lookups fall back to the nearest ancestor, so a value that was
rewritten (a short port string turned into a mapping) still points at the
line that defined it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from compose.errors import Location

KeyPath = tuple[str | int, ...]


def format_path(path: Iterable[str | int]) -> str:
    """``("services", "web", "ports", 0)`` -> ``services.web.ports[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class SourceMap(Mapping[KeyPath, Location]):
    """An immutable mapping from key paths to locations, with ancestor fallback in ``locate``."""

    __slots__ = ("_entries",)

    def __init__(self, entries: Mapping[KeyPath, Location] | None = None) -> None:
        self._entries: dict[KeyPath, Location] = dict(entries or {})

    def __getitem__(self, path: KeyPath) -> Location:
        return self._entries[path]

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def locate(self, path: Iterable[str | int]) -> Location | None:
        """The location of ``path``, or of its nearest ancestor that has one."""
        key = tuple(path)
        while True:
            loc = self._entries.get(key)
            if loc is not None or not key:
                return loc
            key = key[:-1]

    def overlay(self, other: Mapping[KeyPath, Location]) -> SourceMap:
        """A new map where ``other``'s entries win."""
        merged = dict(self._entries)
        merged.update(other)
        return SourceMap(merged)

    def rebase(self, old: KeyPath, new: KeyPath) -> SourceMap:
        """Entries under ``old`` copied under ``new`` (e.g. a service pulled in by ``extends``)."""
        n = len(old)
        moved = {new + k[n:]: v for k, v in self._entries.items() if k[:n] == old}
        return SourceMap(moved)
