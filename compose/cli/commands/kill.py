"""``pycompose kill``: send a signal (SIGKILL by default) to the running containers of services."""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class KillOptions:
    """``kill``'s flags."""

    services: tuple[str, ...] = ()
    signal: str = "SIGKILL"
    remove_orphans: bool = False


Options = KillOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to kill (default: all)")
    parser.add_argument("-s", "--signal", default="SIGKILL", metavar="SIGNAL",
                        help='SIGNAL to send to the container (default "SIGKILL")')
    parser.add_argument("--remove-orphans", action="store_true",
                        help="Also kill containers of services not defined in the compose file")


def run(o: KillOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import finish, resolve
    from compose.plan.teardown import plan_kill

    target = resolve(g, o.services)
    services: list[str] | None = list(o.services) or None
    if services is None and target.project is not None and not o.remove_orphans:
        services = sorted(target.services)  # orphans are left alone
    plan = plan_kill(target.observed, services, o.signal)
    if plan.empty:
        print("no container to kill", file=sys.stderr)
        return 0
    return finish(g, target, plan, title="Killing")
