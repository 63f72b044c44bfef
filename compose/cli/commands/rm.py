"""``pycompose rm``: remove stopped service containers (one-off ``run`` containers are left alone).

Asks ``Going to remove NAMES`` / ``Are you sure? [yN]`` unless ``-f``; ``-s`` stops the
running containers first; ``-v`` removes their anonymous volumes too.
"""

from __future__ import annotations

import argparse
import sys


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


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._target import containers_of, finish, resolve, run_plan
    from compose.plan.lifecycle import plan_remove
    from compose.plan.options import StopOptions
    from compose.plan.teardown import plan_stop

    target = resolve(args)
    if args.stop and not args.dry_run:
        stopped = run_plan(args, target, plan_stop(target.project, target.observed,
                                                   StopOptions(tuple(args.services))), title="Stopping")
        if stopped.failed:
            from compose.cli.commands._target import report

            return report(stopped)
        target.refresh()
    containers = containers_of(target.observed, args.services)
    if target.project is not None:
        containers = [c for c in containers if c.service in target.services]
    removable = [c for c in containers if not c.running or (args.stop and args.dry_run)]
    if not removable:
        print("No stopped containers", file=sys.stderr)
        return 0
    message = "Going to remove " + ", ".join(c.name for c in removable)
    if args.force or args.dry_run:
        print(message)
    elif not confirm(message):
        return 0
    return finish(args, target, plan_remove(removable, volumes=args.volumes), title="Removing")
