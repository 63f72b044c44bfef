"""``pycompose attach SERVICE``: connect the terminal to a service container's main process.

stdin is attached unless ``--no-stdin``; with a TTY the terminal goes raw and the engine
detaches on the ``--detach-keys`` sequence (ctrl-p,ctrl-q by default). Without one,
Ctrl-C is forwarded to the container (``--sig-proxy``, the default). The exit code is
the container's once it stops, 0 after a detach.
"""

from __future__ import annotations

import argparse
import contextlib
from typing import TYPE_CHECKING

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import EngineError


@record
class AttachOptions:
    """``attach``'s flags."""

    service: str
    detach_keys: str = ""
    index: int | None = None
    no_stdin: bool = False
    sig_proxy: str = "true"


Options = AttachOptions


if TYPE_CHECKING:
    from compose.engine.port import Engine


def configure(parser: argparse.ArgumentParser) -> None:
    from compose.cli.parsing import positive_index

    add = parser.add_argument
    add("service", metavar="SERVICE", help="The service whose container to attach to")
    add("--detach-keys", default="", metavar="KEYS", help="Override the key sequence for detaching from a container")
    add("--index", type=positive_index, default=None, metavar="N",
        help="index of the container if service has multiple replicas")
    add("--no-stdin", action="store_true", help="Do not attach STDIN")
    add("--sig-proxy", default="true", choices=("true", "false"),
        help="Proxy all received signals to the process (default true)")


def run(o: AttachOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.target import container_at, resolve
    from compose.cli.shared.terminal import stream

    target = resolve(g)
    target.check([o.service])
    c = container_at(target.observed, o.service, o.index)
    if g.dry_run:
        return 0
    engine = target.engine
    attachment = engine.attach_container(c.id, stdin=not o.no_stdin, detach_keys=o.detach_keys)
    signals = (lambda name: engine.kill_container(c.id, signal=name)) if o.sig_proxy == "true" else None
    stream(attachment, tty=attachment.tty, stdin=not o.no_stdin, half_close=False,
           resize=lambda h, w: engine.resize_container(c.id, height=h, width=w), signals=signals)
    return exit_code(engine, c.id)


def exit_code(engine: Engine, container: str, *, grace: float = 2.0) -> int:
    """The container's exit code when it stopped (its output ends just before), 0 when we detached."""
    import threading

    codes: list[int] = []

    def wait() -> None:
        with contextlib.suppress(EngineError):
            codes.append(engine.wait_container(container))

    waiter = threading.Thread(target=wait, daemon=True)
    waiter.start()
    waiter.join(grace)
    return codes[0] if codes else 0
