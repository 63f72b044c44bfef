"""``pycompose reap``: remove the stacks of crashed test runs; ``pycompose ls --stale`` lists them.

A run stack carries its run's labels (``io.pycompose.run.*``: run id, start time, the
owning process; see compose/api/owner.py). It is stale when that process is gone (same
machine and PID namespace: checked by PID and process start time), and, with
``--any-host``, when the owner cannot be checked from here (another CI machine or
container sharing this engine). A stack whose owner is alive is never touched.
``--older-than`` spares stacks started more recently than that.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class ReapOptions:
    """``reap``'s flags."""

    older_than: str = "0s"
    any_host: bool = False
    quiet: bool = False


Options = ReapOptions


if TYPE_CHECKING:
    from compose.api.reap import RunStack


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--older-than", default="0s", metavar="DURATION",
        help="Only stacks started longer ago than this (e.g. 30m, 2h; default 0s)")
    add("--any-host", action="store_true",
        help="Also stacks whose owner runs on another host or PID namespace (cannot be checked from here)")
    add("-q", "--quiet", action="store_true", help="Only print the names of the removed stacks")


def older_than(text: str) -> float:
    from compose.load.durations import DurationError, parse_duration

    try:
        ns = parse_duration(text)
    except DurationError:
        raise UsageError(f"--older-than expects a duration such as 30m or 2h, not {text!r}") from None
    if ns < 0:
        raise UsageError(f"--older-than must not be negative: {text!r}")
    return ns / 1e9


def run(o: ReapOptions, g: GlobalOptions) -> int:
    import anyio

    from compose.api.reap import reap, stale_stacks
    from compose.cli.shared.plans import connect_engine

    engine = connect_engine(g)
    stale = stale_stacks(engine, older_than=older_than(o.older_than), any_host=o.any_host)
    if g.dry_run:
        for s in stale:
            sys.stdout.write(f"would remove {s.project} (run {s.owner.run_id}: {s.why})\n")
        return 0
    anyio.run(reap, engine, stale)
    for s in stale:
        line = s.project if o.quiet else f"removed {s.project} (run {s.owner.run_id}: {s.why})"
        sys.stdout.write(line + "\n")
    return 0


def list_stale(g: GlobalOptions, *, all: bool, quiet: bool, format: str) -> int:
    """``ls --stale``: the stale run stacks (``-q`` names, ``--format json``); ``-a`` adds live ones."""
    from compose.api.reap import run_stacks
    from compose.cli.shared.plans import connect_engine

    now = time.time()
    found = [s for s in run_stacks(connect_engine(g)) if all or s.stale(now=now)]
    out = sys.stdout
    if quiet:
        out.write("".join(s.project + "\n" for s in found))
    elif format == "json":
        rows = [{"Name": s.project, "RunID": s.owner.run_id, "Started": _stamp(s.owner.started),
                 "Owner": f"{s.owner.host}:{s.owner.pid}", "Liveness": s.liveness.value,
                 "Containers": len(s.containers), "Networks": len(s.networks), "Volumes": len(s.volumes)}
                for s in found]
        out.write(json.dumps(rows) + "\n")
    else:
        out.write(_table(found, now))
    return 0


def _stamp(started: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)) if started else ""


def _table(stacks: Sequence[RunStack], now: float) -> str:
    rows = [("NAME", "RUN", "AGE", "OWNER", "STATUS")]
    for s in stacks:
        age = s.age(now)
        rows.append((s.project, s.owner.run_id, _age(age), f"{s.owner.host}:{s.owner.pid}",
                     "stale" if s.stale(now=now) else s.liveness.value))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "".join("   ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n" for r in rows)


def _age(seconds: float) -> str:
    if seconds == float("inf"):
        return "?"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"
