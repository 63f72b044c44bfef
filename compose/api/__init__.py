"""The Python API of pycompose: load a project, bring it up, look at it, take it down.

    import compose

    stack = compose.load_project("compose.yaml", project_name="it")
    with stack.running(wait=True):
        host, port = stack.port("web", 80)
        code, out = stack.exec("db", "pg_isready")

``Stack`` methods are synchronous; ``stack.aio`` is the ``AsyncStack`` with the same
methods as coroutines (anyio: asyncio or trio). Both run the machinery the CLI runs
(observe, plan, apply): no subprocess, no second implementation.
"""

from __future__ import annotations

from compose.api.diagnostics import ContainerReport, Diagnostics
from compose.api.loading import load_async, load_project
from compose.api.owner import RunOwner
from compose.api.results import ContainerInfo, ExecResult
from compose.api.stack import AsyncStack, EventCallback
from compose.api.sync import Stack
from compose.apply.events import Event, Status
from compose.errors import StackError

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
