"""Docker's ``table`` formats: headers from the field names, columns aligned as Go's text/tabwriter."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")


def header_of(field: str) -> str:
    """A column header from a field name: ``RunningFor`` -> ``RUNNING FOR``, ``ID`` -> ``ID``."""
    return " ".join(_WORDS.findall(field)).upper() or field.upper()


class AutoHeaders(Mapping[str, str]):
    """The header of any field name (``header_of``), for tables without a header map."""

    def __getitem__(self, key: str) -> str:
        return header_of(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def tabwrite(text: str, *, minwidth: int = 10, tabwidth: int = 1, padding: int = 3) -> str:
    """Go's text/tabwriter with padchar ' ' and no flags, as Docker's tables use it
    (``tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)``): a cell is text ended by a tab; the cells of a
    column in consecutive lines are padded to the widest (in runes) plus ``padding``, at least
    ``minwidth``; the last cell of a line is not aligned."""
    del tabwidth  # only used when the pad character is a tab
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    widths: list[int] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts = []
            for j, c in enumerate(cells):
                parts.append(c)
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(" " * (widths[j] - len(c)))
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    return "\n".join(out)
