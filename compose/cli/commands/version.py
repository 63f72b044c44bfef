"""``pycompose version``: pretty (default: ours and the Docker Compose level we follow), ``--short`` (that
level, ``2.x.y``, what tools parse) or ``--format json`` (both)."""

from __future__ import annotations

import argparse
import json
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class VersionOptions:
    """``version``'s flags."""

    format: str = "pretty"
    short: bool = False


Options = VersionOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--format", default="pretty", choices=("pretty", "json"),
                        help="Format the output. Values: [pretty | json]. (Default: pretty)")
    parser.add_argument("--short", action="store_true", help="Shows only the version number")


def run(o: VersionOptions, g: GlobalOptions) -> int:
    from compose._version import COMPOSE_VERSION, __version__

    if o.short:
        sys.stdout.write(f"{COMPOSE_VERSION}\n")
    elif o.format == "json":
        body = {"version": f"v{COMPOSE_VERSION}", "pycompose": __version__}
        sys.stdout.write(json.dumps(body, separators=(",", ":")) + "\n")
    else:
        sys.stdout.write(f"pycompose version {__version__} (Docker Compose v{COMPOSE_VERSION} compatible)\n")
    return 0
