"""``pycompose ls``: the compose projects on the engine (running ones; ``-a`` all), from container labels."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class LsOptions:
    """``ls``'s flags."""

    all: bool = False
    filter: tuple[str, ...] = ()
    format: str = "table"
    quiet: bool = False
    stale: bool = False


Options = LsOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-a", "--all", action="store_true", help="Show all stopped Compose projects")
    parser.add_argument("--filter", action="append", default=[], metavar="name=VALUE",
                        help="Filter output based on conditions provided (name)")
    parser.add_argument("--format", default="table", choices=("table", "json"),
                        help="Format the output. Values: [table | json]")
    parser.add_argument("-q", "--quiet", action="store_true", help="Only display project names")
    parser.add_argument("--stale", action="store_true",
                        help="List the stacks of crashed test runs instead (removed by 'pycompose reap')")


def name_filters(items: Iterable[str]) -> list[str]:
    """``--filter name=PATTERN`` (a regular expression, as the docker CLI matches it); nothing else."""
    patterns = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"bad format of filter (expected name=value): {item}")
        if key != "name":
            raise UsageError(f"invalid filter '{key}'")
        patterns.append(value)
    return patterns


def run(o: LsOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.plans import connect_engine
    from compose.present.listing import stacks, stacks_json, stacks_table

    if o.stale:
        from compose.cli.commands.reap import list_stale

        return list_stale(g, all=o.all, quiet=o.quiet, format=o.format)
    patterns = name_filters(o.filter)
    found = stacks(connect_engine(g).list_compose_containers(all=o.all))
    if patterns:
        found = [s for s in found if any(re.search(p, s.name) for p in patterns)]
    if o.quiet:
        sys.stdout.write("".join(s.name + "\n" for s in found))
    elif o.format == "json":
        sys.stdout.write(stacks_json(found))
    else:
        sys.stdout.write(stacks_table(found))
    return 0
