"""``pycompose pause``: pause the running containers of services."""

from __future__ import annotations

import argparse

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class PauseOptions:
    """``pause``'s flags."""

    services: tuple[str, ...] = ()


Options = PauseOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to pause (default: all)")


def run(o: PauseOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import finish, resolve
    from compose.plan.lifecycle import plan_pause

    target = resolve(g, o.services)
    target.check(o.services)
    return finish(g, target, plan_pause(target.observed, o.services), title="Pausing")
