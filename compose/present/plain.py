"""Progress as plain lines (no TTY, ``--progress plain``), the way v2 prints them."""

from __future__ import annotations

import json

from compose.apply.events import Event, Status

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


class PlainView:
    """`` Container demo-web-1  Started``; errors with their detail; progress figures are not repeated."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._last: dict[str, str] = {}

    def on(self, event: Event) -> None:
        line = f" {event.display}  {event.text}"
        if event.status in (Status.ERROR, Status.WARNING, Status.SKIPPED) and event.detail:
            line += f": {event.detail}"
        if self._last.get(event.display) == line:
            return
        self._last[event.display] = line
        self._stream.write(line + "\n")
        self._stream.flush()

    def close(self) -> None:
        pass


class JsonView:
    """One JSON object per event (``--progress json``), shaped as v2's: ``{"id": "Container x",
    "status": "Created"}``, plus ``details``, ``current``/``total`` and ``outcome`` (error, warning,
    skipped) when there are any."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def on(self, event: Event) -> None:
        record: dict[str, object] = {"id": event.display, "status": event.text}
        if event.status.final and event.status.value != "done":
            record["outcome"] = event.status.value
        if event.detail:
            record["details"] = event.detail
        if event.total:
            record["current"], record["total"] = event.current, event.total
        self._stream.write(json.dumps(record) + "\n")
        self._stream.flush()

    def close(self) -> None:
        pass


class QuietView:
    """Nothing (``--progress quiet``); failures still reach the user through the CLI's error message."""

    def on(self, event: Event) -> None:
        pass

    def close(self) -> None:
        pass
