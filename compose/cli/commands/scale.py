"""``pycompose scale SERVICE=REPLICAS...``: run that many containers of each service (``up -d --scale``)."""

from __future__ import annotations

import argparse

from compose.errors import UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pairs", nargs="+", metavar="SERVICE=REPLICAS", help="Services and how many containers each")
    parser.add_argument("--no-deps", action="store_true", help="Don't start linked services")


def scales(pairs: list[str]) -> list[str]:
    """``web=3`` checked: a service name and a number of replicas (0 or more)."""
    for pair in pairs:
        name, sep, number = pair.partition("=")
        if not sep or not name or not number.isdigit():
            raise UsageError(f"invalid scale specifier: {pair!r} (expected SERVICE=REPLICAS)")
    return pairs


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._as_up import run_up, up_args

    pairs = scales(args.pairs)
    services = [p.partition("=")[0] for p in pairs]
    return run_up(up_args(args, services=services, scale=pairs, detach=True))
