"""``pycompose top``: the processes running in the services' containers, in one table."""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class TopOptions:
    """``top``'s flags."""

    services: tuple[str, ...] = ()


Options = TopOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to show (default: all)")


def run(o: TopOptions, g: GlobalOptions) -> int:
    from functools import partial

    from compose.cli.shared.target import containers_of, resolve
    from compose.engine._parallel import run_all
    from compose.engine.port import ProcessList
    from compose.plan.observed import ObservedContainer
    from compose.present.listing import top_table

    target = resolve(g, o.services)
    containers = containers_of(target.observed, o.services, running=True)

    def top(c: ObservedContainer) -> ProcessList:
        return target.engine.top(c.id)

    entries = list(zip(containers, run_all([partial(top, c) for c in containers], workers=8), strict=True))
    sys.stdout.write(top_table(entries))
    return 0
