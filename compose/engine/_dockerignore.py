""".dockerignore: reading the file and matching context paths, as the docker CLI does.

Rules (moby/patternmatcher and its ignorefile reader):

- a line starting with ``#`` is a comment; blank lines are skipped; the rest is trimmed;
- ``!`` in front makes an exception (re-includes what earlier patterns excluded);
- a pattern is cleaned like a path (``./a//b/`` -> ``a/b``), a leading ``/`` is dropped;
- ``*`` matches within one path element, ``?`` one character but ``/``, ``[a-z]``/``[!a]``
  a character class, ``**`` any number of elements (``**/`` may match none), ``\\`` escapes;
- a pattern that matches a directory matches everything below it;
- the last pattern that matches a path decides.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable

from compose._record import record
from compose.errors import ComposeError

__all__ = ["IgnoreRules", "parse_dockerignore"]

_REGEX_SPECIAL = frozenset(".+()|{}^$")


@record
class _Pattern:
    text: str
    exception: bool
    regex: re.Pattern[str]


def parse_dockerignore(text: str) -> list[str]:
    """The patterns of a .dockerignore file's text, cleaned, exceptions keeping their ``!``."""
    patterns = []
    for number, raw in enumerate(text.splitlines()):
        line = raw.lstrip("\ufeff") if number == 0 else raw
        if line.startswith("#"):
            continue
        line = line.strip()
        if not line:
            continue
        exception = line.startswith("!")
        if exception:
            line = line[1:].strip()
        if line:
            line = _clean(line)
            if len(line) > 1 and line.startswith("/"):
                line = line[1:]
        patterns.append(("!" if exception else "") + line)
    return patterns


def _clean(path: str) -> str:
    cleaned = posixpath.normpath(path)
    return "/" + cleaned.lstrip("/") if cleaned.startswith("//") else cleaned


class IgnoreRules:
    """Compiled patterns; ``excluded(path)`` for a context-relative, ``/``-separated path."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self._patterns: list[_Pattern] = []
        for text in patterns:
            exception = text.startswith("!")
            body = text[1:] if exception else text
            if exception and not body:
                raise ComposeError('.dockerignore: illegal exception pattern "!"')
            body = _clean(body)
            self._patterns.append(_Pattern(text, exception, re.compile(_to_regex(body), re.DOTALL)))

    @property
    def empty(self) -> bool:
        return not self._patterns

    @property
    def has_exceptions(self) -> bool:
        return any(p.exception for p in self._patterns)

    def excluded(self, path: str) -> bool:
        path = _clean(path)
        parents = path.split("/")[:-1]
        prefixes = ["/".join(parents[: i + 1]) for i in range(len(parents))]
        matched = False
        for pattern in self._patterns:
            if pattern.exception != matched:
                continue  # an inclusion that already matched, or an exception with nothing to undo
            hit = pattern.regex.match(path) is not None or any(pattern.regex.match(p) for p in prefixes)
            if hit:
                matched = not pattern.exception
        return matched


def _to_regex(pattern: str) -> str:
    out = ["^"]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        i += 1
        if ch == "*":
            if i < n and pattern[i] == "*":
                i += 1
                if i < n and pattern[i] == "/":
                    i += 1
                out.append(".*" if i >= n else "(.*/)?")
            else:
                out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "\\":
            if i < n:
                out.append(re.escape(pattern[i]))
                i += 1
            else:
                out.append(r"\\")
        elif ch == "[":
            end, cls = _char_class(pattern, i)
            if end < 0:
                raise ComposeError(f".dockerignore: bad pattern {pattern!r}: unterminated character class")
            out.append(cls)
            i = end
        elif ch in _REGEX_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    out.append("$")
    return "".join(out)


def _char_class(pattern: str, start: int) -> tuple[int, str]:
    """``[...]`` from ``start`` (just after the ``[``): (index after ``]``, regex class), or (-1, "")."""
    i = start
    parts = ["["]
    if i < len(pattern) and pattern[i] in "!^":
        parts.append("^")
        i += 1
    first = True
    while i < len(pattern):
        ch = pattern[i]
        if ch == "]" and not first:
            parts.append("]")
            return i + 1, "".join(parts)
        if ch == "\\" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            parts.append("\\" + ch if ch in "[]^\\" else ch)
            i += 1
        first = False
    return -1, ""
