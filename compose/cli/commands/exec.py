"""``pycompose exec SERVICE COMMAND...``: run a command in a running container; its exit code is ours.

A TTY is allocated when stdin is a terminal (``-T`` never); stdin is attached unless ``-d``.
Everything after the service's command is the command's own (``exec web ls -la``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class ExecOptions:
    """``exec``'s flags."""

    service: str
    command: tuple[str, ...] = ()
    detach: bool = False
    env: tuple[str, ...] = ()
    index: int | None = None
    no_tty: bool = False
    interactive: bool = True
    privileged: bool = False
    user: str = ""
    workdir: str = ""


Options = ExecOptions


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.parsing import positive_index

    add = parser.add_argument
    add("service", metavar="SERVICE", help="The service whose container runs the command")
    add("command", nargs=argparse.REMAINDER, metavar="COMMAND", help="The command and its arguments")
    add("-d", "--detach", action="store_true", help="Detached mode: Run command in the background")
    add("-e", "--env", action="append", default=[], metavar="KEY=VAL", help="Set environment variables")
    add("--index", type=positive_index, default=None, metavar="N",
        help="Index of the container if service has multiple replicas")
    add("-T", "--no-tty", "--no-TTY", dest="no_tty", action="store_true",
        help="Disable pseudo-TTY allocation (default: a TTY when stdin is a terminal)")
    add("-i", "--interactive", action="store_true", default=True, help=argparse.SUPPRESS)
    add("--privileged", action="store_true", help="Give extended privileges to the process")
    add("-u", "--user", default="", metavar="USER", help="Run the command as this user")
    add("-w", "--workdir", default="", metavar="DIR", help="Path to workdir directory for this command")


def environment(items: Iterable[str], environ: dict[str, str] | os._Environ[str]) -> list[str]:
    """``KEY=VAL`` as given; a bare ``KEY`` takes its value from our environment (dropped when unset)."""
    out = []
    for item in items:
        if "=" in item:
            out.append(item)
        elif item in environ:
            out.append(f"{item}={environ[item]}")
    return out


def run(o: ExecOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import container_at, resolve
    from compose.cli.shared.terminal import stdin_is_terminal, stream
    from compose.errors import UsageError

    if not o.command:
        raise UsageError("exec needs a SERVICE and a COMMAND")
    target = resolve(g)
    target.check([o.service])
    c = container_at(target.observed, o.service, o.index)
    tty = not o.no_tty and not o.detach and stdin_is_terminal()
    if g.dry_run:
        return 0
    engine = target.engine
    exec_id = engine.exec_create(c.id, o.command, env=environment(o.env, os.environ), user=o.user,
                                 workdir=o.workdir, tty=tty, stdin=not o.detach,
                                 privileged=o.privileged)
    if o.detach:
        engine.exec_start_detached(exec_id)
        return 0
    attachment = engine.exec_start(exec_id, tty=tty)
    stream(attachment, tty=tty, stdin=True,
           resize=lambda h, w: engine.exec_resize(exec_id, height=h, width=w))
    state = engine.exec_inspect(exec_id)
    return state.exit_code or 0
