"""BuildKit's steps as plain lines, the way Docker Compose v2 prints them (``--progress plain``)::

    #4 [web base 2/3] RUN make
    #4 0.294 compiling
    #4 DONE 0.3s

    #5 [web base 3/3] COPY --chmod=755 a.sh /a.sh
    #5 CACHED

Every step of every service's build gets its own number (``#0`` is the line saying
which builder runs); a step's name gets the service inside its brackets; a step's
lines are preceded by its name again when another step printed in between. A step's name
is printed with its first line (its output, a status, or its end), so a step that is
cached right after it starts shows as two lines, as in v2's output.
"""

from __future__ import annotations

from typing import TextIO

from compose.engine.build import step_name
from compose.engine.buildtrace import StatusUpdate, Vertex

__all__ = ["TracePrinter"]


class _Step:
    __slots__ = ("done", "number", "started", "statuses")

    def __init__(self, number: int) -> None:
        self.number = number
        self.started: float | None = None
        self.done = False
        self.statuses: set[str] = set()


class TracePrinter:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._steps: dict[tuple[str, str], _Step] = {}
        self._names: dict[tuple[str, str], str] = {}
        self._next = 1
        self._last: tuple[str, str] | None = None
        self._printed = False

    def builder(self, service: str, text: str) -> None:
        """The sentence saying which builder runs, as step ``#0``."""
        self._write(f"#0 {step_name(service, text)}\n")
        self._last = None

    def feed(self, service: str, update: StatusUpdate) -> None:
        out: list[str] = []
        for vertex in update.vertexes:
            self._vertex(service, vertex, out, finish=False)
        for status in update.statuses:
            key = (service, status.vertex)
            step = self._steps.get(key)
            if step is None or status.completed is None or status.id in step.statuses:
                continue
            step.statuses.add(status.id)
            figure = f" {_size(status.current)}" if status.current else ""
            figure += f" / {_size(status.total)}" if status.total else ""
            took = status.completed - status.started if status.started is not None else 0.0
            self._line(key, f"{status.id}{figure}{f' {took:.1f}s' if took >= 0.05 else ''} done", out)
        for log in update.logs:
            key = (service, log.vertex)
            step = self._steps.get(key)
            if step is None:
                continue
            stamp = ""
            if log.timestamp is not None and step.started is not None:
                stamp = f"{max(0.0, log.timestamp - step.started):.3f} "
            for line in log.data.decode("utf-8", "replace").splitlines():
                self._line(key, stamp + line, out)
        for warning in update.warnings:
            key = (service, warning.vertex)
            if key in self._steps:
                self._line(key, f"WARN: {warning.short}", out)
        for vertex in update.vertexes:  # a step ends after the lines that came with its end
            self._vertex(service, vertex, out, finish=True)
        if out:
            self._write("".join(out))

    def _vertex(self, service: str, vertex: Vertex, out: list[str], *, finish: bool) -> None:
        key = (service, vertex.digest)
        self._names[key] = step_name(service, vertex.name)
        step = self._steps.get(key)
        if step is None:
            if vertex.started is None and not vertex.cached and not vertex.error:
                return  # not started: BuildKit does not show it yet
            step = self._steps[key] = _Step(self._next)
            self._next += 1
        if vertex.started is not None and step.started is None:
            step.started = vertex.started
        if step.done:
            return
        if not finish:
            return  # a step's name is printed with its first line (output, a status, its end)
        if vertex.error:
            self._line(key, f"ERROR: {vertex.error}", out)
        elif vertex.cached:
            self._line(key, "CACHED", out)
        elif vertex.completed is not None:
            took = vertex.completed - (step.started if step.started is not None else vertex.completed)
            self._line(key, f"DONE {took:.1f}s", out)
        else:
            self._header(key, out)
            return
        step.done = True
        self._last = None  # the next step's lines start with its name again

    def _header(self, key: tuple[str, str], out: list[str]) -> None:
        if self._last == key:
            return
        step = self._steps[key]
        if self._printed or out:
            out.append("\n")
        out.append(f"#{step.number} {self._names[key]}\n")
        self._last = key

    def _line(self, key: tuple[str, str], text: str, out: list[str]) -> None:
        self._header(key, out)
        out.append(f"#{self._steps[key].number} {text}\n")

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()
        self._printed = True


def _size(value: int) -> str:
    """Bytes as BuildKit's plain output shows them: 38B, 2.05kB, 1.20MB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= scale:
            return f"{value / scale:.2f}{unit}"
    return f"{value}B"
