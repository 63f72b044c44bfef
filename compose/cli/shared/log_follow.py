"""Following a project's logs (``logs -f``): every container's stream, and the containers that come later.

Each container's output is read in its own thread. The engine's event stream is
opened first (so nothing slips between the listing and the watch); a container
of interest that is created or started later (a recreate, a scale up, a restart)
gets a stream of its output from that moment on. Following ends when every
watched container has stopped for good (a ``die`` without a restart pending, or
its removal), as v2's ``logs -f`` does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from compose._record import record
from compose.engine.port import Engine, EngineEvent, LogLine, Stream
from compose.errors import EngineError
from compose.model.labels import CONTAINER_NUMBER, ONEOFF, PROJECT, SERVICE
from compose.plan.observed import ObservedContainer

OnLine = Callable[[str, LogLine], None]
"""(container's short name, line)."""


@record
class LogOptions:
    follow: bool = False
    tail: str = "all"
    since: int | None = None
    until: int | None = None
    timestamps: bool = False


@record
class Interest:
    """Which containers' output is wanted: services (empty: all) and a container number (0: any)."""

    project: str
    services: frozenset[str] = frozenset()
    index: int = 0

    def wants(self, labels: dict[str, str] | object) -> bool:
        get = getattr(labels, "get", None)
        if get is None:
            return False
        if get(PROJECT, "") != self.project or get(ONEOFF, "False") == "True":
            return False
        if self.services and get(SERVICE, "") not in self.services:
            return False
        return not self.index or get(CONTAINER_NUMBER, "") == str(self.index)


class LogFollower:
    """Reads logs of containers in threads, calling ``on_line`` (under a lock) for every line."""

    def __init__(self, engine: Engine, on_line: OnLine, options: LogOptions, name: Callable[[str], str]) -> None:
        self.engine = engine
        self.on_line = on_line
        self.options = options
        self.name = name
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []
        self.streams: list[Stream] = []
        self.reading: set[str] = set()

    def read(self, id: str, name: str, *, since: int | None = None, tail: str | None = None) -> None:
        with self.lock:
            if id in self.reading:
                return
            self.reading.add(id)
        thread = threading.Thread(target=self._pump, args=(id, name, since, tail), daemon=True)
        self.threads.append(thread)
        thread.start()

    def _pump(self, id: str, name: str, since: int | None, tail: str | None) -> None:
        o = self.options
        try:
            stream = self.engine.logs(id, follow=o.follow, since=since if since is not None else o.since,
                                      timestamps=o.timestamps, tail=tail or o.tail, until=o.until)
        except EngineError:
            return
        self.streams.append(stream)
        try:
            for line in stream:
                with self.lock:
                    self.on_line(name, line)
        except EngineError:
            pass
        finally:
            with self.lock:
                self.reading.discard(id)

    def join(self, timeout: float | None = None) -> None:
        for thread in list(self.threads):
            thread.join(timeout)

    def close(self) -> None:
        for stream in self.streams:
            stream.close()


def show(engine: Engine, containers: list[ObservedContainer], on_line: OnLine, options: LogOptions,
         name: Callable[[str], str], interest: Interest) -> None:
    """Print the containers' logs; with ``follow``, until every watched container has stopped for good."""
    events: Stream | None = None
    if options.follow:
        events = engine.events(filters={"type": ["container"], "label": [f"{PROJECT}={interest.project}"]})
    follower = LogFollower(engine, on_line, options, name)
    try:
        for c in containers:
            follower.read(c.id, name(c.name))
        if events is not None:
            watched = {c.id for c in containers if c.running}
            if watched:
                _watch(engine, events, follower, interest, watched)
        follower.join(None if events is None else 5.0)
    finally:
        if events is not None:
            events.close()
        follower.close()


def _watch(engine: Engine, events: Stream, follower: LogFollower, interest: Interest, watched: set[str]) -> None:
    for event in events:
        if not isinstance(event, EngineEvent) or not interest.wants(event.attributes):
            continue
        if event.action == "create":
            watched.add(event.id)
        elif event.action == "start":
            watched.add(event.id)
            name = follower.name(event.attributes.get("name", event.id[:12]))
            follower.read(event.id, name, since=event.time_nano // 1_000_000_000 if event.time_nano else None,
                          tail="all")
        elif (event.action == "die" and not _restarting(engine, event.id)) or event.action in ("destroy", "stop"):
            watched.discard(event.id)
        if not watched:
            return


def _restarting(engine: Engine, id: str) -> bool:
    try:
        return engine.inspect_container(id).status == "restarting"
    except EngineError:
        return False
