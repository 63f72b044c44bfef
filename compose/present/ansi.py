"""When to use ANSI escapes, and the colours of log prefixes (no rich: this path must stay cheap)."""

from __future__ import annotations

from collections.abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

RESET = "\x1b[0m"
CLEAR_LINE = "\r\x1b[K"
# v2's rotation: normal then bright variants of cyan, yellow, green, magenta, blue, red... (no black/white)
PALETTE = tuple(f"\x1b[{code}m" for code in (36, 33, 32, 35, 34, 31, 96, 93, 92, 95, 94, 91))


def use_color(stream: TextIO, *, ansi: str | None, environ: Mapping[str, str], no_color: bool = False) -> bool:
    """``--ansi always|never|auto`` (default auto: a TTY), ``NO_COLOR`` set and ``--no-color`` turn it off."""
    if no_color or ansi == "never":
        return False
    if ansi == "always":
        return True
    if environ.get("NO_COLOR", "") != "":
        return False
    return stream.isatty()


def paint(text: str, color: str, enabled: bool) -> str:
    return f"{color}{text}{RESET}" if enabled and color else text
