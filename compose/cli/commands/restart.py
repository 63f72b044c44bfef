"""``pycompose restart``: restart the containers of services in dependency order; services that depend
on a restarted one with ``restart: true`` are restarted after it (unless ``--no-deps``)."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to restart (default: all)")
    parser.add_argument("--no-deps", action="store_true", help="Don't restart dependent services")
    parser.add_argument("-t", "--timeout", type=int, default=None, metavar="SECONDS",
                        help="Specify a shutdown timeout in seconds")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import finish, resolve
    from compose.plan.lifecycle import plan_restart

    target = resolve(args)
    target.check(args.services)
    plan = plan_restart(target.edges(), target.observed, tuple(args.services), no_deps=args.no_deps,
                        timeout=args.timeout)
    return finish(args, target, plan, title="Restarting")
