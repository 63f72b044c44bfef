"""``pycompose pause``: pause the running containers of services."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to pause (default: all)")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import finish, resolve
    from compose.plan.lifecycle import plan_pause

    target = resolve(args)
    target.check(args.services)
    return finish(args, target, plan_pause(target.observed, args.services), title="Pausing")
