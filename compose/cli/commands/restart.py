"""``pycompose restart``: restart the containers of services in dependency order; services that depend
on a restarted one with ``restart: true`` are restarted after it (unless ``--no-deps``)."""

from __future__ import annotations

import argparse

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class RestartOptions:
    """``restart``'s flags."""

    services: tuple[str, ...] = ()
    no_deps: bool = False
    timeout: int | None = None


Options = RestartOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to restart (default: all)")
    parser.add_argument("--no-deps", action="store_true", help="Don't restart dependent services")
    parser.add_argument("-t", "--timeout", type=int, default=None, metavar="SECONDS",
                        help="Specify a shutdown timeout in seconds")


def run(o: RestartOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import finish, resolve
    from compose.plan.lifecycle import plan_restart

    target = resolve(g, o.services)
    target.check(o.services)
    plan = plan_restart(target.graph(), target.observed, tuple(o.services), no_deps=o.no_deps,
                        timeout=o.timeout, project=target.project)
    return finish(g, target, plan, title="Restarting")
