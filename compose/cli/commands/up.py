"""``pycompose up``: create and start the stack, then (without ``-d``) follow it.

Exit codes (docs/up.md): 0 when the stack is up (detached) or when every
attached container has stopped on its own; 1 when an operation of the plan
failed (a pull, a create, a dependency that never became healthy, ``--wait``
running out); 130 after Ctrl-C; with ``--abort-on-container-exit`` the code of
the container that stopped first, with ``--abort-on-container-failure`` the code
of the first container that failed (0 if none did), with ``--exit-code-from S``
the code of service S's container.
"""

from __future__ import annotations

import argparse
import os
import sys

from compose.errors import UsageError


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("-d", "--detach", action="store_true", help="Run containers in the background")
    add("--wait", action="store_true", help="Wait for services to be running|healthy (implies --detach)")
    add("--wait-timeout", type=int, default=None, metavar="SECONDS", help="Maximum time to wait with --wait")
    add("--no-deps", action="store_true", help="Don't start linked services")
    add("--force-recreate", action="store_true", help="Recreate containers even if unchanged")
    add("--no-recreate", action="store_true", help="If containers already exist, don't recreate them")
    add("--always-recreate-deps", action="store_true", help="Recreate dependent containers")
    add("-V", "--renew-anon-volumes", action="store_true",
        help="Recreate anonymous volumes instead of retrieving data from the previous containers")
    add("--remove-orphans", action="store_true", help="Remove containers for services not in the compose file")
    add("--scale", action="append", default=[], metavar="SERVICE=NUM", help="Scale SERVICE to NUM instances")
    add("--no-start", action="store_true", help="Don't start the services after creating them")
    add("--abort-on-container-exit", action="store_true", help="Stop all containers if any container stopped")
    add("--abort-on-container-failure", action="store_true",
        help="Stop all containers if any container exited with failure")
    add("--exit-code-from", metavar="SERVICE", help="Return the exit code of the selected service container")
    add("--attach", action="append", default=[], metavar="SERVICE", help="Attach only to these services")
    add("--attach-dependencies", action="store_true", help="Also attach to the services' dependencies")
    add("--no-attach", action="append", default=[], metavar="SERVICE", help="Don't attach to these services")
    add("-t", "--timeout", type=int, default=None, metavar="SECONDS", help="Shutdown timeout in seconds")
    add("--pull", choices=("always", "missing", "never", "policy", "build"), default="policy",
        help="Pull image before running")
    add("--quiet-pull", action="store_true", help="Pull without printing progress information")
    add("--timestamps", action="store_true", help="Show timestamps")
    add("--no-color", action="store_true", help="Produce monochrome output")
    add("--no-log-prefix", action="store_true", help="Don't print prefix in logs")
    add("--build", action="store_true", help="Build images before starting containers")
    add("--no-build", action="store_true", help="Don't build an image, even if it's policy")
    add("--menu", action="store_true", help=argparse.SUPPRESS)


def check(args: argparse.Namespace) -> None:
    """Flag combinations Docker Compose refuses."""
    if args.wait:
        args.detach = True
    abort = args.abort_on_container_exit or args.abort_on_container_failure or args.exit_code_from
    if args.detach and abort:
        raise UsageError("-d/--detach cannot be combined with --abort-on-container-exit, "
                         "--abort-on-container-failure or --exit-code-from")
    if args.abort_on_container_exit and args.abort_on_container_failure:
        raise UsageError("--abort-on-container-exit and --abort-on-container-failure are incompatible")
    if args.force_recreate and args.no_recreate:
        raise UsageError("--force-recreate and --no-recreate are incompatible")
    if args.always_recreate_deps and args.no_recreate:
        raise UsageError("--always-recreate-deps and --no-recreate are incompatible")
    if args.no_start and (args.wait or abort):
        raise UsageError("--no-start is incompatible with --wait and the --abort-on-* options")
    if args.wait_timeout is not None and not args.wait:
        raise UsageError("--wait-timeout needs --wait")
    if args.build and args.no_build:
        raise UsageError("--build and --no-build are incompatible")


def scales(args: argparse.Namespace) -> dict[str, int]:
    out = {}
    for item in args.scale:
        name, sep, number = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise UsageError(f"--scale expects SERVICE=NUM, not {item!r}")
        out[name] = int(number)
    return out


def run(args: argparse.Namespace) -> int:
    check(args)
    from compose.cli.commands import _up_flow

    return _up_flow.up(args, scales(args), environ=os.environ, out=sys.stdout)
