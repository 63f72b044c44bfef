"""Plain progress with build logs: BuildKit's steps as v2 prints them (``compose.present.buildtrace``),
and each line of a classic build's output, prefixed with its service::

    web  | Step 2/3 : RUN make
    web  | ---> Running in 3c1f0e2a9b7d

Every other event goes to the wrapped view (plain or TTY). A failed build's
event keeps only the first line of its message there: the whole message, with
the failing step's output, is printed once by the command's error report.
"""

from __future__ import annotations

from typing import TextIO

from compose._record import replace
from compose.apply.events import Event, Status
from compose.apply.images import BUILD_LOG
from compose.engine.build import BUILDKIT_NOTE
from compose.engine.buildtrace import StatusUpdate
from compose.present.buildtrace import TracePrinter
from compose.present.progress import View


class BuildLogView:
    def __init__(self, inner: View, stream: TextIO, *, log: bool = True) -> None:
        self._inner = inner
        self._stream = stream
        self._log = log
        self._trace: TracePrinter | None = None

    def on(self, event: Event) -> None:
        if event.status is Status.WORKING and event.text == BUILD_LOG and (event.detail or event.data):
            if self._log:
                self._print(event)
            if not event.detail:
                return
        elif event.status is Status.ERROR and "\n" in event.detail:
            event = replace(event, detail=event.detail.splitlines()[0])
        self._inner.on(event)

    def _print(self, event: Event) -> None:
        if event.data is not None or event.detail.startswith(BUILDKIT_NOTE):
            if self._trace is None:
                self._trace = TracePrinter(self._stream)
            if isinstance(event.data, StatusUpdate):
                self._trace.feed(event.name, event.data)
            else:
                self._trace.builder(event.name, event.detail)
            return
        self._stream.write(f"{event.name}  | {event.detail.strip()}\n")
        self._stream.flush()

    def close(self) -> None:
        self._inner.close()
