"""Attached ``up``: apply the plan, then follow the attached containers' output until they stop.

After the plan ran, the attached containers' output is followed (``follow``); the first
Ctrl-C (or SIGTERM, or an ``--abort-on-*`` condition) stops the stack gracefully through a
stop plan while their last lines still print; a second Ctrl-C cancels that and kills the
containers. ``compose.api.up`` made the plan; this is what only the CLI does with it.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO

from compose._record import field, record
from compose.cli.options import GlobalOptions
from compose.cli.shared.plans import apply_plan, make_view, print_plan_warnings, report

if TYPE_CHECKING:
    import anyio
    import anyio.abc

    from compose.apply.attach import Attached
    from compose.engine.port import Engine
    from compose.model.project import Project
    from compose.plan.ops import Plan
    from compose.present.logs import LogPrinter

EXIT_INTERRUPTED = 130


@record
class Following:
    """What attached ``up`` follows (``--attach``, ``--no-attach``... resolved to services), how it
    prints it, and when it stops the stack (``--abort-on-container-exit``...)."""

    services: tuple[str, ...] = ()
    abort_on_exit: bool = False
    abort_on_failure: bool = False
    exit_code_from: str | None = None
    timeout: int | None = None
    """``-t``: seconds each container gets to stop when the stack is stopped."""
    no_color: bool = False
    no_log_prefix: bool = False
    timestamps: bool = False


@record
class _Run:
    """One attached up: what it follows, the command line's view options, the project, the engine."""

    f: Following
    g: GlobalOptions
    project: Project
    engine: Engine
    limit: float
    on_started: Callable[[], None] | None = None


@record(frozen=False)
class _Session:
    """What happened while attached."""

    first_exit: tuple[str, int] | None = None
    first_failure: tuple[str, int] | None = None
    codes: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False
    aborted: bool = False
    kill: bool = False
    apply_scope: anyio.CancelScope | None = None
    stop_scope: anyio.CancelScope | None = None

    def exit_code(self, f: Following) -> int:
        if f.exit_code_from:
            return self.codes.get(f.exit_code_from, 0)
        if self.interrupted:
            return EXIT_INTERRUPTED
        if f.abort_on_exit and self.first_exit:
            return self.first_exit[1]
        if f.abort_on_failure and self.first_failure:
            return self.first_failure[1]
        return 0


def attached_up(f: Following, g: GlobalOptions, project: Project, engine: Engine, plan: Plan, limit: float, *,
                environ: Mapping[str, str], out: TextIO, on_started: Callable[[], None] | None = None) -> int:
    """Apply ``plan`` (made with ``apply=False``), follow, stop when asked; up's exit code (docs/up.md).
    ``on_started`` runs once the plan applied without failure (``up --watch`` starts watching then)."""
    import anyio

    from compose.present.ansi import use_color
    from compose.present.logs import LogPrinter

    printer = LogPrinter(out, color=use_color(out, ansi=g.ansi, environ=environ, no_color=f.no_color),
                         prefix=not f.no_log_prefix, timestamps=f.timestamps)
    session = _Session()
    code = anyio.run(_attached_main, _Run(f, g, project, engine, limit, on_started), plan, printer, session)
    return code if code is not None else session.exit_code(f)


async def _attached_main(r: _Run, plan: Plan, printer: LogPrinter, session: _Session) -> int | None:
    import anyio

    wake = anyio.Event()
    async with anyio.create_task_group() as group:
        await group.start(_signals, session, printer, wake)
        code = await _attached_steps(r, plan, printer, session, wake)
        group.cancel_scope.cancel()
    return code


async def _attached_steps(r: _Run, plan: Plan, printer: LogPrinter, session: _Session,
                          wake: anyio.Event) -> int | None:
    """Apply the plan (a Ctrl-C cancels it and stops what started), follow, stop when asked."""
    import anyio

    from compose.apply.attach import follow
    from compose.engine.observe import observe_project
    from compose.engine.port import LogLine

    project, engine, limit = r.project, r.engine, r.limit
    print_plan_warnings(plan)
    began = int(time.time())
    view = make_view(r.g)
    try:
        with anyio.CancelScope() as session.apply_scope:
            outcome = await apply_plan(plan, engine, project.name, view, limit,
                                       on_output=lambda source, text: printer.line(source, LogLine("stdout", text)))
    finally:
        session.apply_scope = None
        view.close()
    if session.interrupted:
        await _stop_all(r, session)
        return None
    if outcome.failed:
        return report(outcome)
    if r.on_started is not None:
        r.on_started()
    observed = await anyio.to_thread.run_sync(observe_project, engine, project.name)
    containers = _to_attach(r.f, project, plan, observed, began)
    printer.register([c.name for c in containers])
    printer.message("Attaching to " + ", ".join(c.name for c in containers))

    def on_exit(c: Attached, code: int) -> None:
        printer.exited(c.name, code)
        session.codes[c.service] = code
        session.first_exit = session.first_exit or (c.service, code)
        if code != 0:
            session.first_failure = session.first_failure or (c.service, code)
        abort = r.f.abort_on_exit or r.f.exit_code_from or (r.f.abort_on_failure and code)
        if abort and not session.aborted and not session.interrupted:
            session.aborted = True
            printer.message("Aborting on container exit...")
            wake.set()

    followed = anyio.Event()

    async def run_follow() -> None:
        await follow(engine, containers, on_line=lambda c, line: printer.line(c.name, line), on_exit=on_exit,
                     timestamps=r.f.timestamps)
        followed.set()
        wake.set()

    async with anyio.create_task_group() as group:
        group.start_soon(run_follow)
        await wake.wait()
        if session.aborted or session.interrupted:
            await _stop_all(r, session)
            with anyio.move_on_after(5):  # the last lines and exit codes of the stopped containers
                await followed.wait()
        group.cancel_scope.cancel()
    return None


def _to_attach(f: Following, project: Project, plan: Plan, observed: object, began: int) -> list[Attached]:
    """The containers to follow: all output of the ones the plan created, the rest from ``began`` on."""
    from compose.apply.attach import Attached
    from compose.plan.observed import ObservedState, name_in_project
    from compose.plan.ops import OpKind

    assert isinstance(observed, ObservedState)
    created = {n.op.resource for n in plan.of_kind(OpKind.CREATE_CONTAINER)}
    out = []
    for service in f.services:
        for c in observed.service_containers(service):
            resource = f"service:{service}:{c.number}"
            out.append(Attached(c.id, name_in_project(project.name, c.name), service, since=None if resource in created else began))
    return out


async def _signals(session: _Session, printer: LogPrinter, wake: anyio.Event, *,
                   task_status: anyio.abc.TaskStatus[None]) -> None:
    import anyio

    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as received:
        task_status.started()
        async for _ in received:
            if not session.interrupted and not session.aborted:
                session.interrupted = True
                printer.message("Gracefully stopping... (press Ctrl+C again to force)")
                if session.apply_scope is not None:
                    session.apply_scope.cancel()
                wake.set()
            elif not session.kill:
                session.interrupted = True
                session.kill = True
                if session.stop_scope is not None:
                    session.stop_scope.cancel()


async def _stop_all(r: _Run, session: _Session) -> None:
    import anyio

    from compose.engine.observe import observe_project
    from compose.plan.options import StopOptions
    from compose.plan.teardown import plan_kill, plan_stop

    project, engine, limit = r.project, r.engine, r.limit
    observed = await anyio.to_thread.run_sync(observe_project, engine, project.name)
    services = list(project.services)
    view = make_view(r.g, title="Stopping")
    try:
        with anyio.CancelScope() as scope:
            session.stop_scope = scope
            if not session.kill:
                await apply_plan(plan_stop(project, observed, StopOptions(tuple(services), r.f.timeout)),
                                 engine, project.name, view, limit)
        if session.kill:
            observed = await anyio.to_thread.run_sync(observe_project, engine, project.name)
            await apply_plan(plan_kill(observed, services), engine, project.name, view, limit)
    finally:
        view.close()
