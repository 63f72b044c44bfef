"""Multiplexed container output for attached ``up``: ``web-1  | line``, aligned and coloured."""

from __future__ import annotations

from typing import TextIO

from compose.engine.port import LogLine
from compose.present.ansi import CLEAR_LINE, PALETTE, paint


class LogPrinter:
    """Writes lines of many containers to one stream; the prefix is padded to the longest name."""

    def __init__(self, stream: TextIO, *, color: bool, prefix: bool = True, timestamps: bool = False) -> None:
        self._stream = stream
        self._color = color
        self._prefix = prefix
        self._timestamps = timestamps
        self._colors: dict[str, str] = {}
        self._width = 0

    def register(self, names: list[str]) -> None:
        """Names that will write, so every prefix is aligned from the first line on."""
        for name in names:
            if name not in self._colors:
                self._colors[name] = PALETTE[len(self._colors) % len(PALETTE)]
            self._width = max(self._width, len(name))

    def prefix(self, name: str) -> str:
        if not self._prefix:
            return ""
        self.register([name])
        return paint(f"{name.ljust(self._width)}  | ", self._colors[name], self._color)

    def line(self, name: str, line: LogLine) -> None:
        stamp = f"{line.timestamp} " if self._timestamps and line.timestamp else ""
        self._write(f"{self.prefix(name)}{stamp}{line.text}\n")

    def exited(self, name: str, code: int) -> None:
        text = f"{name} exited with code {code}"
        self._write((CLEAR_LINE if self._color else "") + paint(text, self._colors.get(name, ""), self._color) + "\n")

    def message(self, text: str) -> None:
        self._write(text + "\n")

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()
