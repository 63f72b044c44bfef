"""``Stack``: the synchronous face of ``AsyncStack``, with the same method names.

Each call runs the ``AsyncStack`` coroutine of the same name in its own event loop
(``anyio.run``), so a ``Stack`` is for synchronous code (a pytest fixture, a script);
inside an event loop use ``stack.aio``. There is one implementation: this module holds
no logic of its own except how ``running()`` survives Ctrl-C.

Ctrl-C: during ``up``, the first Ctrl-C cancels it (engine calls in flight are
abandoned) and the teardown starts; during the teardown, the first Ctrl-C is
ignored (the teardown goes on, the interruption is re-raised after it) and a second
one gives up on it, as ``pycompose up`` does.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import anyio

from compose.api.diagnostics import Diagnostics
from compose.api.results import ContainerInfo, ExecResult
from compose.api.stack import AsyncStack, EventCallback
from compose.errors import StackError
from compose.model.project import Project

__all__ = ["Stack", "shielded"]

T = TypeVar("T")


def _call(fn: Callable[..., Coroutine[Any, Any, T]], *args: Any, **kwargs: Any) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return anyio.run(functools.partial(fn, *args, **kwargs))
    raise StackError("Stack's methods are synchronous: in async code, await the same methods of stack.aio")


class Stack:
    """A compose project on the engine, for synchronous code. ``stack.aio`` is the ``AsyncStack``
    behind it (same methods, awaitable); both share the project, the engine and the callback."""

    def __init__(self, stack: AsyncStack) -> None:
        self.aio = stack

    @property
    def name(self) -> str:
        """The project name."""
        return self.aio.name

    @property
    def project(self) -> Project:
        """The project's model (``compose.model.project.Project``)."""
        return self.aio.project

    @property
    def on_event(self) -> EventCallback | None:
        return self.aio.on_event

    @on_event.setter
    def on_event(self, callback: EventCallback | None) -> None:
        self.aio.on_event = callback

    def __repr__(self) -> str:
        return f"<Stack {self.name} services={list(self.project.services)}>"

    def up(self, services: Iterable[str] = (), *, wait: bool = True, timeout: float | None = None,
           build: bool = False, pull: str = "policy", force_recreate: bool = False,
           remove_orphans: bool = False, scale: Mapping[str, int] | None = None) -> None:
        """See ``AsyncStack.up``: create and start, waiting until ready; ``StackError`` on failure."""
        _call(self.aio.up, tuple(services), wait=wait, timeout=timeout, build=build, pull=pull,
              force_recreate=force_recreate, remove_orphans=remove_orphans, scale=scale)

    def down(self, *, volumes: bool = True, timeout: int | None = None) -> None:
        """See ``AsyncStack.down``: remove containers, networks and (by default) volumes."""
        _call(self.aio.down, volumes=volumes, timeout=timeout)

    def diagnose(self, reasons: Iterable[str] = (), *, blamed: Iterable[str] = (),
                 log_lines: int = 50) -> Diagnostics:
        """See ``AsyncStack.diagnose``."""
        return _call(self.aio.diagnose, tuple(reasons), blamed=tuple(blamed), log_lines=log_lines)

    @contextmanager
    def running(self, services: Iterable[str] = (), *, wait: bool = True, timeout: float | None = None,
                volumes: bool = True, stop_timeout: int | None = None, diagnose: bool = True) -> Iterator[Stack]:
        """``with stack.running():`` up, then down however the block ends (see ``AsyncStack.running``)."""
        try:
            self.up(services, wait=wait, timeout=timeout)
            try:
                yield self
            except Exception as exc:
                if diagnose:
                    _call(self.aio._note, exc)
                raise
        except BaseException as exc:
            shielded(functools.partial(_call, self.aio.teardown_after, exc, volumes=volumes, timeout=stop_timeout))
            raise
        else:
            shielded(functools.partial(_call, self.aio.down, volumes=volumes, timeout=stop_timeout))

    def teardown_after(self, exc: BaseException, *, volumes: bool = True, timeout: int | None = None) -> None:
        """Tear down after ``exc`` ended a run (see ``AsyncStack.teardown_after``); Ctrl-C proof like
        the teardown of ``running()``."""
        shielded(functools.partial(_call, self.aio.teardown_after, exc, volumes=volumes, timeout=timeout))

    def ps(self, services: Iterable[str] = (), *, all: bool = True) -> list[ContainerInfo]:
        """See ``AsyncStack.ps``."""
        return _call(self.aio.ps, tuple(services), all=all)

    def logs(self, service: str | None = None, *, tail: int | None = None, index: int | None = None,
             timestamps: bool = False) -> str:
        """See ``AsyncStack.logs``."""
        return _call(self.aio.logs, service, tail=tail, index=index, timestamps=timestamps)

    def port(self, service: str, private_port: int, *, index: int = 1, protocol: str = "tcp") -> tuple[str, int]:
        """See ``AsyncStack.port``: ``(host, port)`` of a published container port."""
        return _call(self.aio.port, service, private_port, index=index, protocol=protocol)

    def url(self, service: str, private_port: int, *, scheme: str = "http", index: int = 1, path: str = "") -> str:
        """See ``AsyncStack.url``."""
        return _call(self.aio.url, service, private_port, scheme=scheme, index=index, path=path)

    def exec(self, service: str, cmd: str | Sequence[str], *, index: int = 1, env: Mapping[str, str] | None = None,
             user: str = "", workdir: str = "", privileged: bool = False) -> ExecResult:
        """See ``AsyncStack.exec``: ``(exit_code, output)``."""
        return _call(self.aio.exec, service, cmd, index=index, env=env, user=user, workdir=workdir,
                     privileged=privileged)

    def run(self, service: str, cmd: str | Sequence[str] | None = None, *, env: Mapping[str, str] | None = None,
            deps: bool = True, remove: bool = True, user: str | None = None, workdir: str | None = None,
            entrypoint: str | Sequence[str] | None = None) -> ExecResult:
        """See ``AsyncStack.run``: a one-off container; ``(exit_code, output)``."""
        return _call(self.aio.run, service, cmd, env=env, deps=deps, remove=remove, user=user, workdir=workdir,
                     entrypoint=entrypoint)


def shielded(work: Callable[[], object]) -> None:
    """Run ``work`` in a thread the main thread waits for: a first Ctrl-C does not stop it (it is
    re-raised once ``work`` is done), a second one stops waiting."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, name="pycompose-teardown", daemon=True)
    thread.start()
    interrupted: KeyboardInterrupt | None = None
    while thread.is_alive():
        try:
            thread.join(0.2)
        except KeyboardInterrupt as exc:
            if interrupted is not None:
                raise
            interrupted = exc
    if failure:
        raise failure[0]
    if interrupted is not None:
        raise interrupted
