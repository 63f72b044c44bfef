"""``pycompose wait SERVICE...``: block until the services' containers stop; prints each exit code.

The exit code is the status of the last container to stop (as v2). ``--down-project``
takes the project down as soon as the first container stops (what v2's help says).
"""

from __future__ import annotations

import argparse
import sys
import threading

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class WaitOptions:
    """``wait``'s flags."""

    services: tuple[str, ...] = ()
    down_project: bool = False


Options = WaitOptions


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("services", nargs="+", metavar="SERVICE", help="Services to wait for")
    parser.add_argument("--down-project", action="store_true", help="Drops project when the first container stops")


def run(o: WaitOptions, g: GlobalOptions) -> int:
    import queue

    from compose.cli.shared.target import CommandError, containers_of, resolve
    from compose.errors import EngineError

    target = resolve(g, o.services)
    target.check(o.services)
    containers = containers_of(target.observed, o.services, oneoff=True, running=True)
    if not containers:
        raise CommandError(f'no containers for project "{target.name}"')
    if g.dry_run:
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
        if o.down_project:
            return _down(g, target) or code
    return code


def _down(g: GlobalOptions, target: object) -> int:
    from compose.cli.shared.target import Target, finish
    from compose.plan.options import DownOptions
    from compose.plan.teardown import plan_down

    assert isinstance(target, Target)
    target.refresh()
    plan = plan_down(target.project, target.observed, DownOptions(remove_orphans=True))
    return finish(g, target, plan)
