"""``pycompose stats``: resource usage of the project's containers (live, or once with ``--no-stream``).

The live view redraws the table once a second, as ``docker stats`` does; each container's
samples come from its own engine stream, read in a thread.
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions

if TYPE_CHECKING:
    from compose.engine.port import Engine, StatsSample, Stream
    from compose.plan.observed import ObservedContainer

CLEAR = "\x1b[2J\x1b[H"


@record
class StatsOptions:
    """``stats``'s flags."""

    services: tuple[str, ...] = ()
    all: bool = False
    format: str = "table"
    no_stream: bool = False
    no_trunc: bool = False


Options = StatsOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Only the containers of these services")
    parser.add_argument("-a", "--all", action="store_true", help="Show all containers (default shows just running)")
    parser.add_argument("--format", default="table", metavar="FORMAT",
                        help="table, json, 'table TEMPLATE' or a Go-style TEMPLATE of {{.Field}}s")
    parser.add_argument("--no-stream", action="store_true", help="Disable streaming stats and only pull the first result")
    parser.add_argument("--no-trunc", action="store_true", help="Do not truncate output")


class _Latest:
    """The last sample of every container, updated by one reader thread per container."""

    def __init__(self, engine: Engine, containers: list[ObservedContainer]) -> None:
        self.samples: dict[str, StatsSample | None] = {c.id: None for c in containers}
        self.streams: list[Stream] = []
        self.threads = [threading.Thread(target=self._read, args=(engine, c.id), daemon=True) for c in containers]
        for t in self.threads:
            t.start()

    def _read(self, engine: Engine, id: str) -> None:
        from compose.errors import EngineError

        try:
            stream = engine.stats(id, stream=True)
            self.streams.append(stream)
            for sample in stream:
                self.samples[id] = sample
        except EngineError:
            return

    def close(self) -> None:
        for stream in self.streams:
            stream.close()


def run(o: StatsOptions, g: GlobalOptions) -> int:
    from functools import partial

    from compose.cli.shared.target import containers_of, resolve
    from compose.engine._parallel import run_all
    from compose.present.listing import StatsRow, stats_render

    target = resolve(g, o.services)
    target.check(o.services)
    containers = containers_of(target.observed, o.services, oneoff=True, running=not o.all)
    truncate = not o.no_trunc
    if o.no_stream:
        def once(c: ObservedContainer) -> StatsSample | None:
            if c.state != "running":
                return None
            return next(iter(target.engine.stats(c.id, stream=False)), None)

        samples = run_all([partial(once, c) for c in containers], workers=8)
        rows = [StatsRow(c, s) for c, s in zip(containers, samples, strict=True)]
        sys.stdout.write(stats_render(rows, o.format, truncate=truncate))
        return 0
    latest = _Latest(target.engine, [c for c in containers if c.state == "running"])
    stop = threading.Event()
    try:
        while not stop.wait(1.0):
            rows = [StatsRow(c, latest.samples.get(c.id)) for c in containers]
            sys.stdout.write(CLEAR + stats_render(rows, o.format, truncate=truncate))
            sys.stdout.flush()
    finally:
        latest.close()
    return 0
