"""``pycompose unpause``: unpause the paused containers of services."""

from __future__ import annotations

import argparse

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class UnpauseOptions:
    """``unpause``'s flags."""

    services: tuple[str, ...] = ()


Options = UnpauseOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to unpause (default: all)")


def run(o: UnpauseOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import finish, resolve
    from compose.plan.lifecycle import plan_unpause

    target = resolve(g, o.services)
    target.check(o.services)
    return finish(g, target, plan_unpause(target.observed, o.services), title="Unpausing")
