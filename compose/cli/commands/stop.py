"""``pycompose stop``: stop the running containers of services (all by default), dependents first."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to stop (default: all)")
    parser.add_argument("-t", "--timeout", type=int, default=None, metavar="SECONDS",
                        help="Specify a shutdown timeout in seconds")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import finish, resolve
    from compose.plan.options import StopOptions
    from compose.plan.teardown import plan_stop

    target = resolve(args)
    plan = plan_stop(target.project, target.observed, StopOptions(tuple(args.services), args.timeout))
    return finish(args, target, plan, title="Stopping")
