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
    from compose.model.deps import closure
    from compose.plan.lifecycle import plan_start

    target = resolve(g, o.services)
    if not any(not c.oneoff for c in target.observed.containers):
        raise CommandError(f'no container found for project "{target.name}": not found')
    target.check(o.services)
    edges = target.edges()
    if o.services:
        selected = set(closure({s: [d.target for d in deps] for s, deps in edges.items()}, o.services))
    elif target.project is not None:
        selected = set(target.project.services)
    else:
        selected = set(edges)
    return finish(g, target, plan_start(edges, target.observed, selected), title="Starting")
