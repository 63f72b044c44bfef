"""``pycompose kill``: send a signal (SIGKILL by default) to the running containers of services."""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to kill (default: all)")
    parser.add_argument("-s", "--signal", default="SIGKILL", metavar="SIGNAL",
                        help='SIGNAL to send to the container (default "SIGKILL")')
    parser.add_argument("--remove-orphans", action="store_true",
                        help="Also kill containers of services not defined in the compose file")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import finish, resolve
    from compose.plan.teardown import plan_kill

    target = resolve(args)
    services: list[str] | None = list(args.services) or None
    if services is None and target.project is not None and not args.remove_orphans:
        services = sorted(target.services)  # orphans are left alone
    plan = plan_kill(target.observed, services, args.signal)
    if plan.empty:
        print("no container to kill", file=sys.stderr)
        return 0
    return finish(args, target, plan, title="Killing")
