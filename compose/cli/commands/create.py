"""``pycompose create``: create the services' containers (and networks, volumes, images) without
starting them: ``up --no-start``."""

from __future__ import annotations

import argparse
import os
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class CreateOptions:
    services: tuple[str, ...] = ()
    build: bool = False
    force_recreate: bool = False
    no_build: bool = False
    no_recreate: bool = False
    pull: str = "policy"
    quiet_pull: bool = False
    remove_orphans: bool = False
    scale: tuple[str, ...] = ()
    yes: bool = False


Options = CreateOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE", help="Services to create (default: all)")
    add("--build", action="store_true", help="Build images before starting containers")
    add("--force-recreate", action="store_true",
        help="Recreate containers even if their configuration and image haven't changed")
    add("--no-build", action="store_true", help="Don't build an image, even if it's policy")
    add("--no-recreate", action="store_true",
        help="If containers already exist, don't recreate them. Incompatible with --force-recreate.")
    add("--pull", choices=("always", "missing", "never", "build", "policy"), default="policy",
        help='Pull image before running ("always"|"missing"|"never"|"build") (default "policy")')
    add("--quiet-pull", action="store_true", help="Pull without printing progress information")
    add("--remove-orphans", action="store_true", help="Remove containers for services not defined in the Compose file")
    add("--scale", action="append", default=[], metavar="SERVICE=NUM",
        help="Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.")
    add("-y", "--yes", action="store_true", help='Assume "yes" as answer to all prompts and run non-interactively')


def run(o: CreateOptions, g: GlobalOptions) -> int:
    from compose.cli.commands import up

    flags = up.UpOptions(services=o.services, build=o.build, force_recreate=o.force_recreate, no_build=o.no_build,
                         no_recreate=o.no_recreate, pull=o.pull, quiet_pull=o.quiet_pull,
                         remove_orphans=o.remove_orphans, scale=o.scale, no_start=True, detach=True)
    return up.up(up.check(flags), g, environ=os.environ, out=sys.stdout)
