"""The steps of ``up`` once its flags are checked: load, observe, pull, plan, apply, then attach.

Attached mode: after the plan ran, the attached containers' output is followed
(``follow``); the first Ctrl-C (or SIGTERM, or an ``--abort-on-*`` condition)
stops the stack gracefully through a stop plan while their last lines still
print; a second Ctrl-C cancels that and kills the containers.
"""

from __future__ import annotations

import argparse
import signal
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from compose._record import field, record
from compose.cli.commands._stack import (
    apply_plan,
    connect_engine,
    make_view,
    parallel_limit,
    print_plan_warnings,
    project_from_loaded,
    report,
    run_plan,
)

if TYPE_CHECKING:
    import anyio
    import anyio.abc

    from compose.apply.attach import Attached
    from compose.cli import upmemo
    from compose.engine.port import Engine
    from compose.model.project import Project
    from compose.plan.observed import ObservedState
    from compose.plan.ops import Plan
    from compose.plan.options import UpOptions
    from compose.present.logs import LogPrinter

EXIT_INTERRUPTED = 130


def options_from(args: argparse.Namespace) -> UpOptions:
    from compose.plan.options import PullPolicy, Recreate, UpOptions

    recreate = Recreate.FORCE if args.force_recreate else Recreate.NEVER if args.no_recreate else Recreate.DIVERGED
    deps = Recreate.FORCE if args.always_recreate_deps else Recreate.NEVER if args.no_recreate else Recreate.DIVERGED
    return UpOptions(
        services=tuple(args.services),
        recreate=recreate,
        recreate_dependencies=deps,
        renew_anon_volumes=args.renew_anon_volumes,
        remove_orphans=args.remove_orphans,
        ignore_orphans=_truthy(_env().get("COMPOSE_IGNORE_ORPHANS", "")),
        start=not args.no_start,
        wait=args.wait,
        wait_timeout=float(args.wait_timeout) if args.wait_timeout is not None else None,
        timeout=args.timeout,
        pull=PullPolicy(args.pull),
    )


def _env() -> Mapping[str, str]:
    import os

    return os.environ


def _truthy(text: str) -> bool:
    return text.lower() in ("1", "true", "yes", "y", "on")


def load(args: argparse.Namespace, scale: Mapping[str, int]) -> tuple[Project, tuple[str, ...]]:
    """The project, and the loader's warnings (printed already)."""
    from compose.cli.project import load_from_args

    loaded = load_from_args(args, select_services=False)
    project = project_from_loaded(loaded, args.services, with_deps=not args.no_deps)
    for name, replicas in scale.items():
        project = project.with_scale(name, replicas)
    return project, loaded.warnings


def up(args: argparse.Namespace, scale: Mapping[str, int], *, environ: Mapping[str, str], out: TextIO) -> int:
    from compose.cli.commands._images import prepare_images
    from compose.engine.observe import observe
    from compose.load.fs import recording
    from compose.plan.reconcile import plan_up

    with recording() as notes:
        project, warnings = load(args, scale)
    options = options_from(args)
    engine = connect_engine()
    limit = parallel_limit(args)
    first = observe(engine, project)
    # pull, then build, what the services need (issue 6); observed again after each step
    observed, code = prepare_images(args, project, engine, first, limit, out=out)
    if code is not None:
        return code
    if args.dry_run:
        out.write(plan_up(project, observed, options).render())
        return 0
    plan = plan_up(project, observed, options)
    memo_allowed = _memo_allowed(args, project, images_ran=observed is not first)
    if args.detach or args.no_start:
        if plan.empty:
            if memo_allowed:
                _remember(args, options, notes, warnings, project, observed.api_version)
            return _nothing_to_do(args, project, observed, plan)
        code = report(run_plan(plan, engine, project.name, make_view(args), limit))
        if memo_allowed and code == 0:  # the next up -d may well have nothing to do: it need not load
            _remember(args, options, notes, warnings, project, observed.api_version)
        return code
    return _attached_up(args, project, engine, plan, limit, environ=environ, out=out)


def _memo_allowed(args: argparse.Namespace, project: Project, *, images_ran: bool) -> bool:
    """Whether an empty plan here would be empty again for the same inputs (compose/cli/upmemo.py):
    ``up -d`` itself, memos on, no waiting, no pulls or builds that ran or would run by the clock."""
    from compose.cli.upmemo import enabled
    from compose.plan.images import effective_policy
    from compose.plan.options import PullPolicy

    command_line = getattr(args, "command_line", None)
    if getattr(args, "command", None) != "up" or not command_line or not enabled(command_line, _env()):
        return False
    if not args.detach or args.wait or args.dry_run or args.build or images_ran:
        return False
    if "-" in project.config_files:  # read from stdin: not a question the filesystem can answer again
        return False
    pull = PullPolicy(args.pull)
    return all(effective_policy(s, pull).kind not in ("always", "refresh") for s in project.services.values())


def _remember(args: argparse.Namespace, options: UpOptions, notes: list[tuple[str, str, str]],
              warnings: tuple[str, ...], project: Project, api_version: str) -> None:
    """Observe once more, keeping the engine's answers; when the plan for that state is empty, write the
    memo a repeated ``up -d`` replays (compose/cli/upmemo.py)."""
    from compose.cli import upmemo
    from compose.engine.observe import query_for
    from compose.plan.reconcile import plan_up

    recorded = upmemo.record_observation(query_for(project), api_version)
    if recorded is None:
        return
    plan = plan_up(project, recorded.state, options)
    if plan.empty:
        outcome = _outcome(args, project, recorded.state, (*warnings, *plan.warnings))
        upmemo.remember(args.command_line, notes, recorded, outcome)


def _outcome(args: argparse.Namespace, project: Project, observed: ObservedState,
             warnings: tuple[str, ...]) -> upmemo.Outcome:
    from compose.cli import upmemo

    running = tuple((f"service:{service}:{c.number}", c.name)
                    for service in project.services for c in observed.service_containers(service))
    return upmemo.Outcome(args.progress, args.ansi, warnings, running)


def _nothing_to_do(args: argparse.Namespace, project: Project, observed: ObservedState, plan: Plan) -> int:
    """A no-op ``up -d``: say every container is running, without the executor (nor anyio, nor rich)."""
    from compose.cli import upmemo

    return upmemo.show(_outcome(args, project, observed, plan.warnings))


# -- attached mode --------------------------------------------------------------------------------

def attached_services(args: argparse.Namespace, project: Project) -> list[str]:
    """Which services' output ``up`` shows: --attach, else the named services (+ deps), else all."""
    if args.attach:
        return [s for s in project.services if s in args.attach]
    if args.services:
        wanted = set(project.dependencies(args.services) if args.attach_dependencies else args.services)
    else:
        wanted = set(project.services)
    return [s for s, svc in project.services.items()
            if s in wanted and svc.attach and s not in args.no_attach]


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

    def exit_code(self, args: argparse.Namespace) -> int:
        if args.exit_code_from:
            return self.codes.get(args.exit_code_from, 0)
        if self.interrupted:
            return EXIT_INTERRUPTED
        if args.abort_on_container_exit and self.first_exit:
            return self.first_exit[1]
        if args.abort_on_container_failure and self.first_failure:
            return self.first_failure[1]
        return 0


def _attached_up(args: argparse.Namespace, project: Project, engine: Engine, plan: Plan, limit: float, *,
                 environ: Mapping[str, str], out: TextIO) -> int:
    import anyio

    from compose.present.ansi import use_color
    from compose.present.logs import LogPrinter

    printer = LogPrinter(out, color=use_color(out, ansi=args.ansi, environ=environ, no_color=args.no_color),
                         prefix=not args.no_log_prefix, timestamps=args.timestamps)
    session = _Session()
    code = anyio.run(_attached_main, args, project, engine, plan, limit, printer, session)
    return code if code is not None else session.exit_code(args)


async def _attached_main(args: argparse.Namespace, project: Project, engine: Engine, plan: Plan, limit: float,
                         printer: LogPrinter, session: _Session) -> int | None:
    import anyio

    wake = anyio.Event()
    async with anyio.create_task_group() as group:
        await group.start(_signals, session, printer, wake)
        code = await _attached_steps(args, project, engine, plan, limit, printer, session, wake)
        group.cancel_scope.cancel()
    return code


async def _attached_steps(args: argparse.Namespace, project: Project, engine: Engine, plan: Plan, limit: float,
                          printer: LogPrinter, session: _Session, wake: anyio.Event) -> int | None:
    """Apply the plan (a Ctrl-C cancels it and stops what started), follow, stop when asked."""
    import anyio

    from compose.apply.attach import follow
    from compose.engine.observe import observe_project

    print_plan_warnings(plan)
    began = int(time.time())
    view = make_view(args)
    try:
        with anyio.CancelScope() as session.apply_scope:
            outcome = await apply_plan(plan, engine, project.name, view, limit)
    finally:
        session.apply_scope = None
        view.close()
    if session.interrupted:
        await _stop_all(args, project, engine, limit, session)
        return None
    if outcome.failed:
        return report(outcome)
    observed = await anyio.to_thread.run_sync(observe_project, engine, project.name)
    containers = _to_attach(args, project, plan, observed, began)
    printer.register([c.name for c in containers])
    printer.message("Attaching to " + ", ".join(c.name for c in containers))

    def on_exit(c: Attached, code: int) -> None:
        printer.exited(c.name, code)
        session.codes[c.service] = code
        session.first_exit = session.first_exit or (c.service, code)
        if code != 0:
            session.first_failure = session.first_failure or (c.service, code)
        abort = args.abort_on_container_exit or args.exit_code_from or (args.abort_on_container_failure and code)
        if abort and not session.aborted and not session.interrupted:
            session.aborted = True
            printer.message("Aborting on container exit...")
            wake.set()

    followed = anyio.Event()

    async def run_follow() -> None:
        await follow(engine, containers, on_line=lambda c, line: printer.line(c.name, line), on_exit=on_exit,
                     timestamps=args.timestamps)
        followed.set()
        wake.set()

    async with anyio.create_task_group() as group:
        group.start_soon(run_follow)
        await wake.wait()
        if session.aborted or session.interrupted:
            await _stop_all(args, project, engine, limit, session)
            with anyio.move_on_after(5):  # the last lines and exit codes of the stopped containers
                await followed.wait()
        group.cancel_scope.cancel()
    return None


def _to_attach(args: argparse.Namespace, project: Project, plan: Plan, observed: object,
               began: int) -> list[Attached]:
    """The containers to follow: all output of the ones the plan created, the rest from ``began`` on."""
    from compose.apply.attach import Attached
    from compose.plan.observed import ObservedState
    from compose.plan.ops import OpKind

    assert isinstance(observed, ObservedState)
    created = {n.op.resource for n in plan.of_kind(OpKind.CREATE_CONTAINER)}
    out = []
    for service in attached_services(args, project):
        for c in observed.service_containers(service):
            resource = f"service:{service}:{c.number}"
            short = c.name[len(project.name) + 1:] if c.name.startswith(project.name + "-") else c.name
            out.append(Attached(c.id, short, service, since=None if resource in created else began))
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


async def _stop_all(args: argparse.Namespace, project: Project, engine: Engine, limit: float,
                    session: _Session) -> None:
    import anyio

    from compose.engine.observe import observe_project
    from compose.plan.options import StopOptions
    from compose.plan.teardown import plan_kill, plan_stop

    observed = await anyio.to_thread.run_sync(observe_project, engine, project.name)
    services = list(project.services)
    view = make_view(args, title="Stopping")
    try:
        with anyio.CancelScope() as scope:
            session.stop_scope = scope
            if not session.kill:
                await apply_plan(plan_stop(project, observed, StopOptions(tuple(services), args.timeout)),
                                 engine, project.name, view, limit)
        if session.kill:
            observed = await anyio.to_thread.run_sync(observe_project, engine, project.name)
            await apply_plan(plan_kill(observed, services), engine, project.name, view, limit)
    finally:
        view.close()
