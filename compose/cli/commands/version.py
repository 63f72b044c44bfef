"""``pycompose version``: the version, pretty (default), ``--short`` or ``--format json``."""

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
    from compose._version import __version__

    if o.short:
        sys.stdout.write(f"{__version__}\n")
    elif o.format == "json":
        sys.stdout.write(json.dumps({"version": __version__}, separators=(",", ":")) + "\n")
    else:
        sys.stdout.write(f"pycompose version {__version__}\n")
    return 0
