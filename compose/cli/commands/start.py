"""``pycompose start``: start the existing containers of services, dependencies first, honouring their
depends_on conditions (``service_healthy`` waits for health) as ``up`` does."""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to start (default: all)")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import CommandError, finish, resolve
    from compose.model.deps import closure
    from compose.plan.lifecycle import plan_start

    target = resolve(args)
    if not any(not c.oneoff for c in target.observed.containers):
        raise CommandError(f'no container found for project "{target.name}": not found')
    target.check(args.services)
    edges = target.edges()
    if args.services:
        selected = set(closure({s: [d.target for d in deps] for s, deps in edges.items()}, args.services))
    elif target.project is not None:
        selected = set(target.project.services)
    else:
        selected = set(edges)
    return finish(args, target, plan_start(edges, target.observed, selected), title="Starting")
