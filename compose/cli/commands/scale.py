"""``pycompose scale SERVICE=REPLICAS...``: run that many containers of each service (``up -d --scale``)."""

from __future__ import annotations

import argparse
import os
import sys

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class ScaleOptions:
    pairs: tuple[str, ...] = ()
    no_deps: bool = False


Options = ScaleOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pairs", nargs="+", metavar="SERVICE=REPLICAS", help="Services and how many containers each")
    parser.add_argument("--no-deps", action="store_true", help="Don't start linked services")


def scales(pairs: tuple[str, ...]) -> tuple[str, ...]:
    """``web=3`` checked: a service name and a number of replicas (0 or more)."""
    for pair in pairs:
        name, sep, number = pair.partition("=")
        if not sep or not name or not number.isdigit():
            raise UsageError(f"invalid scale specifier: {pair!r} (expected SERVICE=REPLICAS)")
    return pairs


def run(o: ScaleOptions, g: GlobalOptions) -> int:
    from compose.cli.commands import up

    pairs = scales(o.pairs)
    services = tuple(p.partition("=")[0] for p in pairs)
    flags = up.UpOptions(services=services, scale=pairs, no_deps=o.no_deps, detach=True)
    return up.up(up.check(flags), g, environ=os.environ, out=sys.stdout)
