"""``pycompose start``: start the existing containers of services, dependencies first, honouring their
depends_on conditions (``service_healthy`` waits for health) as ``up`` does."""

from __future__ import annotations

import argparse

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class StartOptions:
    """``start``'s flags."""

    services: tuple[str, ...] = ()


Options = StartOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to start (default: all)")


def run(o: StartOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import CommandError, finish, resolve
    from compose.plan.lifecycle import plan_start

    target = resolve(g, o.services)
    if not any(not c.oneoff for c in target.observed.containers):
        raise CommandError(f'no container found for project "{target.name}": not found')
    target.check(o.services)
    graph = target.graph()
    if o.services:
        selected: tuple[str, ...] = graph.select(o.services)
    elif target.project is not None:
        selected = tuple(target.project.services)
    else:
        selected = graph.services
    return finish(g, target, plan_start(graph, target.observed, selected, project=target.project), title="Starting")
