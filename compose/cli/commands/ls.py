"""``pycompose ls``: the compose projects on the engine (running ones; ``-a`` all), from container labels."""

from __future__ import annotations

import argparse
import re
import sys

from compose.errors import UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-a", "--all", action="store_true", help="Show all stopped Compose projects")
    parser.add_argument("--filter", action="append", default=[], metavar="name=VALUE",
                        help="Filter output based on conditions provided (name)")
    parser.add_argument("--format", default="table", choices=("table", "json"),
                        help="Format the output. Values: [table | json]")
    parser.add_argument("-q", "--quiet", action="store_true", help="Only display project names")
    parser.add_argument("--stale", action="store_true",
                        help="List the stacks of crashed test runs instead (removed by 'pycompose reap')")


def name_filters(items: list[str]) -> list[str]:
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


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._stack import connect_engine
    from compose.present.listing import stacks, stacks_json, stacks_table

    if args.stale:
        from compose.cli.commands.reap import list_stale

        return list_stale(args)
    patterns = name_filters(args.filter)
    found = stacks(connect_engine().list_compose_containers(all=args.all))
    if patterns:
        found = [s for s in found if any(re.search(p, s.name) for p in patterns)]
    if args.quiet:
        sys.stdout.write("".join(s.name + "\n" for s in found))
    elif args.format == "json":
        sys.stdout.write(stacks_json(found))
    else:
        sys.stdout.write(stacks_table(found))
    return 0
