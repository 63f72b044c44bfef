"""Choosing the progress view: ``--progress auto|tty|plain|json|quiet``, ``--ansi``, ``NO_COLOR``."""

from __future__ import annotations

from collections.abc import Mapping

from compose.apply.events import Event
from compose.present.ansi import use_color

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol, TextIO
else:
    Protocol = object  # the protocol is mypy's; at run time a plain base (typing costs ~6 ms to import here)


class View(Protocol):
    def on(self, event: Event) -> None: ...

    def close(self) -> None: ...


def make_view(mode: str | None, stream: TextIO, *, ansi: str | None, environ: Mapping[str, str],
              title: str = "Running") -> View:
    """``auto`` is the live view on a terminal (unless ``--ansi never``), plain lines otherwise."""
    mode = mode or environ.get("COMPOSE_PROGRESS") or "auto"
    if mode == "auto":
        mode = "tty" if stream.isatty() and ansi != "never" else "plain"
    if mode == "tty":
        from compose.present.tty import TtyView

        return TtyView(stream, title=title, color=use_color(stream, ansi=ansi or "always", environ=environ))
    if mode == "json":
        from compose.present.plain import JsonView

        return JsonView(stream)
    if mode == "quiet":
        from compose.present.plain import QuietView

        return QuietView()
    from compose.present.plain import PlainView

    return PlainView(stream)
