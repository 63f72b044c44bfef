"""``pycompose wait SERVICE...``: block until the services' containers stop; prints each exit code.

The exit code is the status of the last container to stop (as v2). ``--down-project``
takes the project down as soon as the first container stops (what v2's help says).
"""

from __future__ import annotations

import argparse
import sys
import threading


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="+", metavar="SERVICE", help="Services to wait for")
    parser.add_argument("--down-project", action="store_true", help="Drops project when the first container stops")


def run(args: argparse.Namespace) -> int:
    import queue

    from compose.cli.commands._target import CommandError, containers_of, resolve
    from compose.errors import EngineError

    target = resolve(args)
    target.check(args.services)
    containers = containers_of(target.observed, args.services, oneoff=True, running=True)
    if not containers:
        raise CommandError(f'no containers for project "{target.name}"')
    if args.dry_run:
        return 0
    exits: queue.Queue[tuple[str, int | None]] = queue.Queue()

    def wait(id: str) -> None:
        try:
            exits.put((id, target.engine.wait_container(id)))
        except EngineError:
            exits.put((id, None))

    for c in containers:
        threading.Thread(target=wait, args=(c.id,), daemon=True).start()
    code = 0
    for _ in containers:
        id, status = exits.get()
        if status is None:
            return 42  # v2's code when a wait fails
        print(f'container "{id}" exited with status code {status}')
        sys.stdout.flush()
        code = status
        if args.down_project:
            return _down(args, target) or code
    return code


def _down(args: argparse.Namespace, target: object) -> int:
    from compose.cli.commands._target import Target, finish
    from compose.plan.options import DownOptions
    from compose.plan.teardown import plan_down

    assert isinstance(target, Target)
    target.refresh()
    plan = plan_down(target.project, target.observed, DownOptions(remove_orphans=True))
    return finish(args, target, plan)
