"""Wiring the terminal to an attached container or exec (run, exec, attach): the only place that does.

With a TTY the local terminal is put in raw mode (restored on the way out) and
every byte goes through; its size follows the window (SIGWINCH). Without one,
stdout and stderr are demultiplexed and stdin, when attached, is copied until
its end, which is passed on as a half-close so that ``cat`` and friends finish.
Signals (SIGINT, SIGTERM) can be forwarded to the container instead of ending us.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import BinaryIO

from compose.engine.port import Attachment

Resize = Callable[[int, int], None]
"""Set the remote terminal's size: (height, width)."""


def terminal_size() -> tuple[int, int] | None:
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError):
        return None
    return size.lines, size.columns


def stdin_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdin.fileno())
    except (OSError, ValueError):
        return False


def stdout_is_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno())
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def raw_terminal(enabled: bool) -> Iterator[None]:
    """The local terminal in raw mode (no echo, no line editing, no signals from keys) while inside."""
    if not enabled:
        yield
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setraw(fd)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def follow_window(resize: Resize | None) -> Iterator[None]:
    """Keep the remote terminal the size of ours (now, and on every SIGWINCH)."""
    if resize is None or terminal_size() is None:
        yield
        return

    def update(*_: object) -> None:
        size = terminal_size()
        if size is not None:
            with contextlib.suppress(Exception):
                resize(*size)

    update()
    previous = signal.signal(signal.SIGWINCH, update)
    try:
        yield
    finally:
        signal.signal(signal.SIGWINCH, previous)


@contextlib.contextmanager
def forward_signals(send: Callable[[str], None] | None) -> Iterator[None]:
    """SIGINT and SIGTERM go to the container (v2's --sig-proxy) instead of ending this process."""
    if send is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    names = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM"}

    def handler(number: int, _frame: FrameType | None) -> None:
        threading.Thread(target=_quietly, args=(send, names[signal.Signals(number)]), daemon=True).start()

    previous = {s: signal.signal(s, handler) for s in names}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _quietly(fn: Callable[[str], None], arg: str) -> None:
    with contextlib.suppress(Exception):
        fn(arg)


def _copy_stdin(attachment: Attachment, source: BinaryIO, *, half_close: bool) -> None:
    fd = source.fileno()
    try:
        while True:
            data = os.read(fd, 65536)
            if not data:
                break
            attachment.write(data)
    except OSError:
        return
    if half_close:
        attachment.close_input()


def stream(
    attachment: Attachment,
    *,
    tty: bool,
    stdin: bool,
    resize: Resize | None = None,
    signals: Callable[[str], None] | None = None,
    stdout: BinaryIO | None = None,
    stderr: BinaryIO | None = None,
    half_close: bool = True,
) -> None:
    """Copy the attachment's output to ours (and our stdin to it) until the remote side closes.

    ``half_close``: pass the end of our stdin on (exec, run); ``attach`` only stops sending, since
    the engine ends an attach whose input closed while the container keeps running.
    """
    out = stdout or sys.stdout.buffer
    err = stderr or sys.stderr.buffer
    raw = tty and stdin and stdin_is_terminal()
    if stdin:
        threading.Thread(target=_copy_stdin, args=(attachment, sys.stdin.buffer),
                         kwargs={"half_close": half_close and not raw}, daemon=True).start()
    with raw_terminal(raw), follow_window(resize if tty else None), \
            forward_signals(None if raw else signals):
        try:
            for name, data in attachment.output():
                target = err if name == "stderr" else out
                target.write(data)
                target.flush()
        finally:
            attachment.close()
