"""``AsyncStack``: a loaded project and the engine, with the verbs a test or a script needs.

The one core of the API: every method is a coroutine (anyio) over the same
observe -> plan -> apply machinery the CLI uses (compose.engine.observe,
compose.plan.*, compose.apply.executor). ``compose.api.sync.Stack`` runs these
same coroutines from synchronous code.

Guarantees of ``running()``: the stack is taken down (containers, networks, and
by default volumes) however the block ends (normally, an exception, a
cancellation, KeyboardInterrupt, a failed or timed-out ``up``); a failed ``up``
raises ``StackError`` whose ``diagnostics`` were read *before* the teardown.
"""

from __future__ import annotations

import math
import os
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio
import anyio.to_thread

from compose.api import _calls
from compose.api.diagnostics import Diagnostics, collect
from compose.api.owner import RunOwner
from compose.api.results import ContainerInfo, ExecResult, host_address, published_binding
from compose.api.up import label_project
from compose.apply.events import Event, EventSink, Status
from compose.errors import StackError
from compose.model.frozen import FrozenMap
from compose.model.project import Project

if TYPE_CHECKING:
    from compose.apply.executor import Outcome
    from compose.engine.port import Engine
    from compose.plan.observed import ObservedState
    from compose.plan.ops import Plan

__all__ = ["AsyncStack", "EventCallback", "label_project", "remove_project"]

EventCallback = Callable[[Event], None]
"""Receives each progress event (``compose.Event``) on the event loop's thread."""

TEARDOWN_PASSES = 6


class _Sink:
    """Forwards events to the user's callback and remembers which resources are still in progress."""

    def __init__(self, callback: EventCallback | None) -> None:
        self.callback = callback
        self.working: dict[str, Event] = {}

    def on(self, event: Event) -> None:
        if event.status is Status.WORKING:
            self.working[event.resource] = event
        else:
            self.working.pop(event.resource, None)
        if self.callback is not None:
            self.callback(event)


class AsyncStack:
    """A compose project on the engine: ``up``, ``down``, ``running``, ``ps``, ``logs``, ``exec``, ``run``,
    ``port``, ``url``. Build one with ``compose.load_project(...).aio`` or ``AsyncStack(project)``."""

    def __init__(self, project: Project, *, environ: Mapping[str, str] | None = None,
                 on_event: EventCallback | None = None, parallel: int | None = None,
                 owner: RunOwner | None = None, engine: Engine | None = None) -> None:
        """``project``: the model (``compose.model``), every service included; ``environ``: where DOCKER_HOST
        and friends are read (default ``os.environ``); ``on_event``: progress callback; ``parallel``:
        at most that many engine calls at once; ``owner``: label the stack with this run
        (``compose.api.owner``), so that ``pycompose reap`` can tell a crashed run's stack."""
        self.project = project
        self.environ: Mapping[str, str] = dict(os.environ if environ is None else environ)
        self.on_event = on_event
        self.parallel = parallel
        self.owner = owner
        self._engine = engine

    @property
    def name(self) -> str:
        """The project name: every container is ``<name>-<service>-<n>``."""
        return self.project.name

    def __repr__(self) -> str:
        return f"<AsyncStack {self.name} services={list(self.project.services)}>"

    # -- engine and plans -------------------------------------------------------------------------

    async def engine(self) -> Engine:
        """The engine (connected on first use, from ``environ``'s DOCKER_HOST)."""
        if self._engine is None:
            from compose.engine.fast import engine_for

            self._engine = await anyio.to_thread.run_sync(engine_for, self.environ)
        return self._engine

    async def _apply(self, plan: Plan, sink: _Sink) -> Outcome:
        from compose.apply.executor import execute

        for warning in plan.warnings:
            sink.on(Event("project", "Project", self.name, Status.WARNING, "Warning", warning))
        limiter = anyio.CapacityLimiter(math.inf if not self.parallel else self.parallel)
        return await execute(plan, await self.engine(), sink, project=self.name, limiter=limiter)

    async def _observe(self) -> ObservedState:
        from compose.engine.observe import observe_project

        return await anyio.to_thread.run_sync(observe_project, await self.engine(), self.name)

    def desired(self, services: Iterable[str] = (), scale: Mapping[str, int] | None = None) -> Project:
        """The model ``up`` brings about: the selected services (and dependencies), scaled, labelled."""
        from compose.api.up import desired

        return desired(self.project, services, scale, labels=self.owner.labels() if self.owner is not None else None)

    # -- up / down ------------------------------------------------------------------------------

    async def up(self, services: Iterable[str] = (), *, wait: bool = True, timeout: float | None = None,
                 build: bool = False, pull: str = "policy", force_recreate: bool = False,
                 remove_orphans: bool = False, scale: Mapping[str, int] | None = None) -> None:
        """Create and start ``services`` (default: all) and what they depend on, in dependency order.

        ``wait``: return once every container is running, or healthy when it has a healthcheck;
        a one-shot container that exited 0 counts as done. ``timeout`` (seconds) bounds the
        whole start. On failure raises ``StackError`` with ``diagnostics``; the stack is left as
        it is (``running()`` tears it down). ``build``: build images even when present;
        ``pull``: ``policy`` (each service's pull_policy), ``always``, ``missing``, ``never``.
        """
        from compose.api.images import drive_steps
        from compose.api.up import RUNNING, UpRequest, up_steps
        from compose.plan.images import Build, BuildOptions
        from compose.plan.options import PullPolicy, Recreate, UpOptions

        names = tuple(services)
        project = self.desired(names, scale)
        engine = await self.engine()
        sink = _Sink(self.on_event)
        request = UpRequest(
            options=UpOptions(services=names, recreate=Recreate.FORCE if force_recreate else Recreate.DIVERGED,
                              remove_orphans=remove_orphans, wait=wait, wait_timeout=timeout),
            images=BuildOptions(build=Build.ALWAYS if build else Build.POLICY, pull=PullPolicy(pull),
                                env=self.environ))

        async def run(title: str, plan: Plan) -> Outcome:
            if title != RUNNING:  # the image steps: not bounded by ``timeout``
                return await self._apply(plan, sink)
            with anyio.move_on_after(math.inf if timeout is None else timeout) as scope:
                outcome = await self._apply(plan, sink)
            if scope.cancelled_caught:
                waiting = sorted(sink.working)
                reason = f"stack {self.name} was not up within {timeout:g}s"
                detail = [f"still {sink.working[r].text.lower()}: {sink.working[r].display}" for r in waiting]
                raise StackError(reason, diagnostics=await self.diagnose(detail, blamed=waiting))
            return outcome

        result = await drive_steps(up_steps(engine, project, request), run)
        if result.plan is None and result.outcome is not None:
            raise await self._failure(result.outcome, "could not get the images")
        if result.outcome is not None and result.outcome.failed:
            raise await self._failure(result.outcome, f"stack {self.name} did not come up")

    async def _failure(self, outcome: Outcome, headline: str) -> StackError:
        from compose.present.errors import failure_lines

        blamed = [node.op.resource for node, _ in outcome.errors]
        diagnostics = await self.diagnose(dict.fromkeys(failure_lines(outcome)), blamed=blamed)
        return StackError(headline, diagnostics=diagnostics)

    async def diagnose(self, reasons: Iterable[str] = (), *, blamed: Iterable[str] = (),
                       log_lines: int = 50) -> Diagnostics:
        """Every container's state; health output and last ``log_lines`` log lines of the failed ones
        (exited non-zero, unhealthy, restarting, or ``blamed``: resource ids like ``service:web:1``)."""
        observed = await self._observe()
        engine = await self.engine()
        return await anyio.to_thread.run_sync(
            lambda: collect(engine, self.name, observed.containers, reasons=tuple(reasons), blamed=tuple(blamed),
                            log_lines=log_lines))

    async def down(self, *, volumes: bool = True, timeout: int | None = None) -> None:
        """Stop and remove every container of the project (one-off ones too, and orphans), then its
        networks and, with ``volumes`` (the default here, unlike the CLI), its volumes. Dependents
        stop first. ``timeout``: seconds a container gets to stop (default: its stop_grace_period)."""
        await self._teardown(volumes=volumes, timeout=timeout, settle=False)

    async def _teardown(self, *, volumes: bool, timeout: int | None, settle: bool) -> None:
        limiter = anyio.CapacityLimiter(math.inf if not self.parallel else self.parallel)
        await remove_project(await self.engine(), self.name, self.project, volumes=volumes, timeout=timeout,
                             settle=settle, sink=_Sink(self.on_event), limiter=limiter)

    # -- the context manager ----------------------------------------------------------------------

    @asynccontextmanager
    async def running(self, services: Iterable[str] = (), *, wait: bool = True, timeout: float | None = None,
                      volumes: bool = True, stop_timeout: int | None = None,
                      diagnose: bool = True) -> AsyncIterator[AsyncStack]:
        """``async with stack.running():`` up (waiting, by default), then down whatever happens.

        A failed ``up`` raises ``StackError`` with diagnostics (read before the teardown). With
        ``diagnose``, an exception of the block gets the diagnostics as a note (``add_note``).
        """
        try:
            await self.up(services, wait=wait, timeout=timeout)
            try:
                yield self
            except Exception as exc:
                if diagnose:
                    await self._note(exc)
                raise
        except BaseException as exc:
            with anyio.CancelScope(shield=True):
                await self.teardown_after(exc, volumes=volumes, timeout=stop_timeout)
            raise
        else:
            with anyio.CancelScope(shield=True):
                await self._teardown(volumes=volumes, timeout=stop_timeout, settle=False)

    async def teardown_after(self, exc: BaseException, *, volumes: bool = True, timeout: int | None = None) -> None:
        """Tear down after ``exc`` ended a run; a failure of the teardown becomes a note on ``exc``
        (the original error is the one that matters)."""
        interrupted = not isinstance(exc, Exception)
        try:
            await self._teardown(volumes=volumes, timeout=timeout, settle=interrupted)
        except Exception as failure:
            exc.add_note(f"pycompose: the teardown of {self.name} failed too: {failure}")

    async def _note(self, exc: BaseException) -> None:
        if isinstance(exc, StackError):
            return
        try:
            diagnostics = await self.diagnose()
        except Exception as failure:
            exc.add_note(f"pycompose: no diagnostics of {self.name}: {failure}")
            return
        exc.add_note(f"pycompose: state of stack {self.name} when the error happened:\n{diagnostics.render()}")

    # -- looking at the stack ---------------------------------------------------------------------

    async def ps(self, services: Iterable[str] = (), *, all: bool = True) -> list[ContainerInfo]:
        """The stack's containers (one-off ones excluded), by service and number; ``all=False``:
        only the running ones."""
        wanted = set(services)
        observed = await self._observe()
        found = [ContainerInfo.of(c) for c in observed.containers
                 if not c.oneoff and (not wanted or c.service in wanted) and (all or c.running)]
        return sorted(found, key=lambda c: (c.service, c.number))

    async def logs(self, service: str | None = None, *, tail: int | None = None, index: int | None = None,
                   timestamps: bool = False) -> str:
        """What the containers of ``service`` (default: every service) wrote, stdout and stderr as
        written; ``tail``: only each container's last lines. Lines start with ``web-1 | `` when
        more than one container is shown."""
        observed = await self._observe()
        chosen = [c for c in observed.containers if not c.oneoff and (service is None or c.service == service)
                  and (index is None or c.number == index)]
        if service is not None and not chosen and service not in self.project.services:
            raise StackError(f"no such service: {service}")
        engine = await self.engine()
        return await anyio.to_thread.run_sync(lambda: _calls.logs_text(
            engine, self.name, chosen, tail=tail, timestamps=timestamps, prefix=len(chosen) > 1))

    async def port(self, service: str, private_port: int, *, index: int = 1,
                   protocol: str = "tcp") -> tuple[str, int]:
        """``(host, port)`` where container ``index`` of ``service`` publishes ``private_port``: the
        engine's choice for a dynamic port (``ports: ["80"]``), a wildcard address as loopback."""
        container = _calls.pick(await self._observe(), service, index)
        binding = published_binding(container.ports, private_port, protocol)
        if binding is None:
            raise StackError(f"{container.name} does not publish port {private_port}/{protocol}")
        return host_address(binding)

    async def url(self, service: str, private_port: int, *, scheme: str = "http", index: int = 1,
                  path: str = "") -> str:
        """``http://127.0.0.1:49153`` for a published port (``path`` appended)."""
        host, port = await self.port(service, private_port, index=index)
        host = f"[{host}]" if ":" in host else host
        return f"{scheme}://{host}:{port}{path}"

    # -- running commands -------------------------------------------------------------------------

    async def exec(self, service: str, cmd: str | Sequence[str], *, index: int = 1,
                   env: Mapping[str, str] | None = None, user: str = "", workdir: str = "",
                   privileged: bool = False) -> ExecResult:
        """Run ``cmd`` in the running container ``index`` of ``service``; ``(exit_code, output)``.
        A string ``cmd`` is split like a shell would, without a shell."""
        container = _calls.pick(await self._observe(), service, index)
        engine = await self.engine()
        return await anyio.to_thread.run_sync(lambda: _calls.exec_in(
            engine, container.id, _calls.argv(cmd), env=_calls.env_list(env), user=user, workdir=workdir,
            privileged=privileged))

    async def run(self, service: str, cmd: str | Sequence[str] | None = None, *, env: Mapping[str, str] | None = None,
                  deps: bool = True, remove: bool = True, user: str | None = None, workdir: str | None = None,
                  entrypoint: str | Sequence[str] | None = None) -> ExecResult:
        """A one-off container of ``service`` running ``cmd`` (default: the service's command), as
        ``pycompose run`` makes it; ``(exit_code, output)``. ``deps``: start what it depends on first."""
        import secrets

        from compose.engine.observe import observe
        from compose.plan.oneoff import OneOff, oneoff_service, plan_run
        from compose.plan.ops import OpKind

        if deps:
            await self._start_dependencies(service)
        options = OneOff(command=None if cmd is None else tuple(_calls.argv(cmd)),
                         entrypoint=None if entrypoint is None else tuple(_calls.argv(entrypoint)),
                         environment=FrozenMap(dict(env or {})), user=user, workdir=workdir, interactive=False)
        project = self.desired([service], None)
        one = oneoff_service(project.service(service), options)
        engine = await self.engine()
        observed = await anyio.to_thread.run_sync(
            observe, engine, project.with_service(one).with_services([service], with_deps=False))
        plan = plan_run(project, one, observed, options, slug=secrets.token_hex(32))
        outcome = await self._apply(plan, _Sink(self.on_event))
        if outcome.failed:
            raise await self._failure(outcome, f"could not create a one-off container of {service}")
        container = outcome.value(plan.of_kind(OpKind.CREATE_CONTAINER)[0].id)
        return await anyio.to_thread.run_sync(lambda: _calls.run_attached(engine, container, remove=remove))

    async def _start_dependencies(self, service: str) -> None:
        deps = tuple(d for d in self.project.with_services([service]).services if d != service)
        if deps:
            await self.up(deps, wait=False)


async def remove_project(engine: Engine, name: str, project: Project | None, *, volumes: bool,
                         timeout: int | None, settle: bool, sink: EventSink,
                         limiter: anyio.CapacityLimiter | None = None) -> None:
    """Remove everything carrying project ``name``'s label, pass after pass until nothing is left.

    The first pass is ``down``'s plan (dependents stop first; ``project`` gives the order, None:
    no order), the next ones remove by force what is still there (one-off containers, a
    container an interrupted ``up`` created meanwhile). ``settle``: the run was interrupted,
    so engine calls it abandoned may still land (a create in flight): look once more a moment
    after the project seemed gone. ``StackError`` when something cannot be removed.
    """
    from compose.apply.executor import execute
    from compose.engine.observe import observe_project
    from compose.plan.options import DownOptions
    from compose.plan.teardown import plan_down

    confirmed = not settle
    for attempt in range(TEARDOWN_PASSES):
        observed = await anyio.to_thread.run_sync(observe_project, engine, name)
        if _gone(observed, volumes):
            if confirmed:
                return
            confirmed = True
            await anyio.sleep(1.0)
            continue
        if attempt == 0:
            plan = plan_down(project, observed, DownOptions(remove_orphans=True, volumes=volumes, timeout=timeout))
        else:
            plan = _force_plan(observed, volumes)
        await execute(plan, engine, sink, project=name, limiter=limiter)
        if attempt:
            await anyio.sleep(0.2 * attempt)
    observed = await anyio.to_thread.run_sync(observe_project, engine, name)
    if not _gone(observed, volumes):
        raise StackError(f"could not remove everything of project {name}: {_left(observed, volumes)}")


def _gone(observed: ObservedState, volumes: bool) -> bool:
    return not observed.containers and not observed.networks and not (volumes and observed.volumes)


def _left(observed: ObservedState, volumes: bool) -> str:
    names = [c.name for c in observed.containers] + [n.name for n in observed.networks]
    names += [v.name for v in observed.volumes] if volumes else []
    return ", ".join(names)


def _force_plan(observed: ObservedState, volumes: bool) -> Plan:
    """What is still there after a down: containers removed by force, then networks and volumes."""
    from compose.plan.ops import Operation, OpKind, PlanBuilder

    b = PlanBuilder()
    removed = [b.add(Operation(OpKind.REMOVE_CONTAINER, f"service:{c.service}:{c.number}", target=c.id,
                               display=c.name, args={"force": True, "volumes": True, "missing_ok": True}),
                       group=c.service)
               for c in sorted(observed.containers, key=lambda c: c.name)]
    for n in sorted(observed.networks, key=lambda n: n.name):
        b.add(Operation(OpKind.REMOVE_NETWORK, f"network:{n.key or n.name}", target=n.name,
                        args={"missing_ok": True}), removed, group="networks")
    for v in sorted(observed.volumes, key=lambda v: v.name) if volumes else ():
        b.add(Operation(OpKind.REMOVE_VOLUME, f"volume:{v.key or v.name}", target=v.name,
                        args={"missing_ok": True}), removed, group="volumes")
    return b.build()
