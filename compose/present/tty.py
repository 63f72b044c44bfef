"""The live TTY view (rich): one line per resource, a spinner while working, the time it took.

    [+] Running 4/5
     ✔ Network demo_back       Created   0.1s
     ⠹ Container demo-web-1    Waiting   2.3s
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

from compose._record import record
from compose.apply.events import Event, Status

if TYPE_CHECKING:
    from rich.console import RenderableType

_SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
_MARKS = {Status.DONE: ("✔", "green"), Status.ERROR: ("✘", "red"), Status.WARNING: ("!", "yellow"),
          Status.SKIPPED: ("-", "bright_black")}


@record(frozen=False)
class _Row:
    status: Status
    text: str
    detail: str
    began: float
    ended: float | None = None


class TtyView:
    def __init__(self, stream: TextIO, *, title: str = "Running", color: bool = True) -> None:
        from rich.console import Console
        from rich.live import Live

        self._title = title
        self._rows: dict[str, _Row] = {}
        self._console = Console(file=stream, force_terminal=True, no_color=not color, highlight=False,
                                soft_wrap=False)
        self._live = Live(console=self._console, refresh_per_second=10, transient=False,
                          get_renderable=self._render, redirect_stdout=False, redirect_stderr=False)
        self._live.start()

    def on(self, event: Event) -> None:
        now = time.monotonic()
        row = self._rows.get(event.display)
        if row is None or (row.ended is not None and event.status is Status.WORKING):
            row = self._rows[event.display] = _Row(event.status, event.text, event.detail, now)
        row.status, row.text = event.status, event.text
        row.detail = event.detail if event.status is not Status.DONE else ""
        row.ended = now if event.status.final else None

    def close(self) -> None:
        self._live.stop()

    def _render(self) -> RenderableType:
        from rich.text import Text

        rows = list(self._rows.items())
        done = sum(1 for _, r in rows if r.status.final)
        out = Text()
        out.append(f"[+] {self._title} {done}/{len(rows)}\n", style="bold" if done == len(rows) else "")
        width = max((len(name) for name, _ in rows), default=0)
        text_width = max((len(r.text) for _, r in rows), default=0)
        now = time.monotonic()
        for name, row in rows:
            mark, style = _MARKS.get(row.status, (_SPINNER[int(now * 10) % len(_SPINNER)], "blue"))
            seconds = (row.ended or now) - row.began
            out.append(f" {mark} ", style=style)
            out.append(f"{name.ljust(width)}  {row.text.ljust(text_width)}  ")
            out.append(f"{seconds:4.1f}s", style="bright_black")
            if row.detail:
                out.append(f"  {row.detail}", style="red" if row.status is Status.ERROR else "bright_black")
            out.append("\n")
        out.rstrip()
        return out
