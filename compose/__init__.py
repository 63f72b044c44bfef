"""pycompose: a multi-container orchestrator that does what Docker Compose does.

The import package is ``compose``; the distribution and the command are
``pycompose``. Heavy modules are imported lazily so that the CLI starts fast:
the Python API below (``compose.api``) is imported on first attribute access.

    import compose

    stack = compose.load_project("compose.yaml")
    with stack.running(wait=True):
        print(stack.url("web", 80))
"""

from __future__ import annotations

from compose._version import __version__

TYPE_CHECKING = False  # not typing's: importing typing costs ~15 ms, and mypy reads this name the same way
if TYPE_CHECKING:
    from typing import Any

    from compose.api import (
        AsyncStack,
        ContainerInfo,
        ContainerReport,
        Diagnostics,
        Event,
        EventCallback,
        ExecResult,
        RunOwner,
        Stack,
        StackError,
        Status,
        load_async,
        load_project,
    )

__all__ = [
    "AsyncStack",
    "ContainerInfo",
    "ContainerReport",
    "Diagnostics",
    "Event",
    "EventCallback",
    "ExecResult",
    "RunOwner",
    "Stack",
    "StackError",
    "Status",
    "__version__",
    "load_async",
    "load_project",
]

_LAZY = frozenset(__all__) - {"__version__"}


def __getattr__(name: str) -> Any:
    """The API's names, imported from ``compose.api`` on first use (``pycompose --version`` stays fast)."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module("compose.api"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'compose' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
