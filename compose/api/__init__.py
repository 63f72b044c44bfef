"""The Python API of pycompose: load a project, bring it up, look at it, take it down.

    import compose

    stack = compose.load_project("compose.yaml", project_name="it")
    with stack.running(wait=True):
        host, port = stack.port("web", 80)
        code, out = stack.exec("db", "pg_isready")

``Stack`` methods are synchronous; ``stack.aio`` is the ``AsyncStack`` with the same
methods as coroutines (anyio: asyncio or trio). Both run the machinery the CLI runs
(observe, plan, apply): no subprocess, no second implementation. The names below are
imported on first use, so that the CLI can import ``compose.api.images`` alone.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compose.api.diagnostics import ContainerReport, Diagnostics
    from compose.api.loading import load_async, load_project
    from compose.api.owner import RunOwner
    from compose.api.results import ContainerInfo, ExecResult
    from compose.api.stack import AsyncStack, EventCallback
    from compose.api.sync import Stack
    from compose.apply.events import Event, Status
    from compose.errors import StackError

_WHERE = {
    "AsyncStack": "compose.api.stack",
    "ContainerInfo": "compose.api.results",
    "ContainerReport": "compose.api.diagnostics",
    "Diagnostics": "compose.api.diagnostics",
    "Event": "compose.apply.events",
    "EventCallback": "compose.api.stack",
    "ExecResult": "compose.api.results",
    "RunOwner": "compose.api.owner",
    "Stack": "compose.api.sync",
    "StackError": "compose.errors",
    "Status": "compose.apply.events",
    "load_async": "compose.api.loading",
    "load_project": "compose.api.loading",
}

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
    "load_async",
    "load_project",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'compose.api' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
