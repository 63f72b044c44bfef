"""``pycompose rm``: remove stopped service containers (one-off ``run`` containers are left alone).

Asks ``Going to remove NAMES`` / ``Are you sure? [yN]`` unless ``-f``; ``-s`` stops the
running containers first; ``-v`` removes their anonymous volumes too.
"""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class RmOptions:
    """``rm``'s flags."""

    services: tuple[str, ...] = ()
    force: bool = False
    stop: bool = False
    volumes: bool = False


Options = RmOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="*", metavar="SERVICE", help="Services to remove (default: all)")
    parser.add_argument("-f", "--force", action="store_true", help="Don't ask to confirm removal")
    parser.add_argument("-s", "--stop", action="store_true", help="Stop the containers, if required, before removing")
    parser.add_argument("-v", "--volumes", action="store_true", help="Remove any anonymous volumes attached to containers")


def confirm(message: str) -> bool:
    """v2's prompt: ``y``/``yes`` accepts; anything else, or no input at all, declines."""
    sys.stdout.write(f"{message}\nAre you sure? [yN] ")
    sys.stdout.flush()
    answer = sys.stdin.readline()
    if not answer.endswith("\n"):
        sys.stdout.write("\n")
    return answer.strip().lower() in ("y", "yes")


def run(o: RmOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import containers_of, finish, resolve, run_plan
    from compose.plan.lifecycle import plan_remove
    from compose.plan.options import StopOptions
    from compose.plan.teardown import plan_stop

    target = resolve(g, o.services)
    if o.stop and not g.dry_run:
        stopped = run_plan(g, target, plan_stop(target.project, target.observed,
                                                   StopOptions(tuple(o.services))), title="Stopping")
        if stopped.failed:
            from compose.cli.shared.target import report

            return report(stopped)
        target.refresh()
    containers = containers_of(target.observed, o.services)
    if target.project is not None:
        containers = [c for c in containers if c.service in target.services]
    removable = [c for c in containers if not c.running or (o.stop and g.dry_run)]
    if not removable:
        print("No stopped containers", file=sys.stderr)
        return 0
    message = "Going to remove " + ", ".join(c.name for c in removable)
    if o.force or g.dry_run:
        print(message)
    elif not confirm(message):
        return 0
    return finish(g, target, plan_remove(removable, volumes=o.volumes), title="Removing")
