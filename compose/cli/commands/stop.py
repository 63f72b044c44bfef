"""``pycompose stop``: stop the running containers of services (all by default), dependents first."""

from __future__ import annotations

import argparse

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class StopOptions:
    """``stop``'s flags."""

    services: tuple[str, ...] = ()
    timeout: int | None = None


Options = StopOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to stop (default: all)")
    parser.add_argument("-t", "--timeout", type=int, default=None, metavar="SECONDS",
                        help="Specify a shutdown timeout in seconds")


def run(o: StopOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import finish, resolve
    from compose.plan.options import StopOptions as Stopping
    from compose.plan.teardown import plan_stop

    target = resolve(g, o.services)
    plan = plan_stop(target.project, target.observed, Stopping(tuple(o.services), o.timeout))
    return finish(g, target, plan, title="Stopping")
