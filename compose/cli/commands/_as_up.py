"""``create`` and ``scale`` are ``up`` with some of its flags fixed: their arguments as ``up``'s."""

from __future__ import annotations

import argparse
from typing import Any


def up_args(args: argparse.Namespace, **fixed: Any) -> argparse.Namespace:
    """``up``'s defaults, overlaid with the flags ``args`` has in common with it, then ``fixed``."""
    from compose.cli.commands import up

    parser = argparse.ArgumentParser(add_help=False)
    up.configure(parser)
    namespace = parser.parse_args([])
    for key, value in vars(args).items():
        setattr(namespace, key, value)
    for key, value in fixed.items():
        setattr(namespace, key, value)
    return namespace


def run_up(namespace: argparse.Namespace) -> int:
    import os
    import sys

    from compose.cli.commands import _up_flow, up

    up.check(namespace)
    return _up_flow.up(namespace, up.scales(namespace), environ=os.environ, out=sys.stdout)
