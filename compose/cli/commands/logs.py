"""``pycompose logs``: the output of the services' containers, prefixed ``web-1  | `` as ``up`` prints it.

``-f`` follows: it also picks up containers that appear later (a recreate, a scale up)
and ends once every followed container has stopped. One-off ``run`` containers are
left out, as in v2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class LogsOptions:
    """``logs``'s flags."""

    services: tuple[str, ...] = ()
    follow: bool = False
    index: int | None = None
    no_color: bool = False
    no_log_prefix: bool = False
    since: str | None = None
    tail: str = "all"
    timestamps: bool = False
    until: str | None = None


Options = LogsOptions


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.parsing import positive_index

    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE", help="Services to show (default: all)")
    add("-f", "--follow", action="store_true", help="Follow log output")
    add("--index", type=positive_index, default=None, metavar="N",
        help="index of the container if service has multiple replicas")
    add("--no-color", action="store_true", help="Produce monochrome output")
    add("--no-log-prefix", action="store_true", help="Don't print prefix in logs")
    add("--since", metavar="TIME", help="Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)")
    add("-n", "--tail", default="all", metavar="N",
        help='Number of lines to show from the end of the logs for each container (default "all")')
    add("-t", "--timestamps", action="store_true", help="Show timestamps")
    add("--until", metavar="TIME", help="Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)")


def tail_value(text: str) -> str:
    if text == "all" or (text.isdigit()):
        return text
    if text.startswith("-") and text[1:].isdigit():
        return "all"
    raise UsageError(f"invalid value for --tail: {text!r} (a number or \"all\")")


def run(o: LogsOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.log_follow import Interest, LogOptions, show
    from compose.cli.shared.target import containers_of, resolve, short_name
    from compose.cli.shared.times import timestamp
    from compose.present.ansi import use_color
    from compose.present.logs import LogPrinter

    now = time.time()
    options = LogOptions(
        follow=o.follow,
        tail=tail_value(o.tail),
        since=int(timestamp(o.since, now)) if o.since else None,
        until=int(timestamp(o.until, now)) if o.until else None,
        timestamps=o.timestamps,
    )
    target = resolve(g, o.services)
    containers = containers_of(target.observed, o.services)
    if o.index is not None:
        containers = [c for c in containers if c.number == o.index]
    out = sys.stdout
    printer = LogPrinter(out, color=use_color(out, ansi=g.ansi, environ=os.environ, no_color=o.no_color),
                         prefix=not o.no_log_prefix, timestamps=o.timestamps)
    printer.register([short_name(target.name, c) for c in containers])
    prefix = target.name + "-"

    def name(full: str) -> str:
        return full[len(prefix):] if full.startswith(prefix) else full

    interest = Interest(target.name, frozenset(o.services), o.index or 0)
    try:
        show(target.engine, containers, printer.line, options, name, interest)
    except KeyboardInterrupt:
        return 0
    return 0
