"""Typed progress events and the sink they go to (v2's EventProcessor, without printing).

The executor, the waits and the log followers emit ``Event``s; only
compose/present turns them into text. ``resource`` is the project-level id
(``service:web:1``, ``network:front``); ``kind`` and ``name`` say how to
show it (``Container demo-web-1``).
"""

from __future__ import annotations

from enum import Enum

from compose._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol
else:
    Protocol = object  # the protocol is mypy's; at run time a plain base (typing costs ~6 ms to import here)

__all__ = ["Event", "EventSink", "NullSink", "RecordingSink", "Status"]


class Status(Enum):
    WORKING = "working"
    DONE = "done"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"

    @property
    def final(self) -> bool:
        return self is not Status.WORKING


@record
class Event:
    resource: str
    kind: str
    """Container, Network, Volume, Image or Project: the word views print before the name."""
    name: str
    status: Status
    text: str
    """Creating, Created, Started, Healthy, Error ..."""
    detail: str = ""
    """A longer explanation (the engine's error message), or a progress figure."""
    current: int = 0
    total: int = 0
    data: object = None
    """A payload for views that draw more than text (a build's BuildKit trace update)."""

    @property
    def display(self) -> str:
        return f"{self.kind} {self.name}".strip()


class EventSink(Protocol):
    """Receives events, always on the event loop's thread, in the order they happened."""

    def on(self, event: Event) -> None: ...


class NullSink:
    def on(self, event: Event) -> None:
        pass


class RecordingSink:
    """Keeps every event (tests, and the summary of a run)."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def on(self, event: Event) -> None:
        self.events.append(event)

    def texts(self, resource: str | None = None) -> list[str]:
        return [e.text for e in self.events if resource is None or e.resource == resource]
