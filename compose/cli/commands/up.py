"""``pycompose up``: create and start the stack, then (without ``-d``) follow it.

Exit codes (docs/up.md): 0 when the stack is up (detached) or when every
attached container has stopped on its own; 1 when an operation of the plan
failed (a pull, a create, a dependency that never became healthy, ``--wait``
running out); 130 after Ctrl-C; with ``--abort-on-container-exit`` the code of
the container that stopped first, with ``--abort-on-container-failure`` the code
of the first container that failed (0 if none did), with ``--exit-code-from S``
the code of service S's container.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from compose._record import record, replace
from compose.cli.options import GlobalOptions
from compose.errors import UsageError

if TYPE_CHECKING:
    from compose.api.up import UpRequest
    from compose.apply.executor import Outcome
    from compose.cli import upmemo
    from compose.cli.shared.attached import Following
    from compose.load.fs import Note
    from compose.model.project import Project
    from compose.plan.observed import ObservedState
    from compose.plan.ops import Plan


@record
class UpOptions:
    """``up``'s flags (defaults as its parser's)."""

    services: tuple[str, ...] = ()
    detach: bool = False
    wait: bool = False
    wait_timeout: int | None = None
    no_deps: bool = False
    force_recreate: bool = False
    no_recreate: bool = False
    always_recreate_deps: bool = False
    renew_anon_volumes: bool = False
    remove_orphans: bool = False
    scale: tuple[str, ...] = ()
    no_start: bool = False
    abort_on_container_exit: bool = False
    abort_on_container_failure: bool = False
    exit_code_from: str | None = None
    attach: tuple[str, ...] = ()
    attach_dependencies: bool = False
    no_attach: tuple[str, ...] = ()
    timeout: int | None = None
    pull: str = "policy"
    quiet_pull: bool = False
    timestamps: bool = False
    no_color: bool = False
    no_log_prefix: bool = False
    build: bool = False
    no_build: bool = False
    menu: bool = False
    quiet_build: bool = False
    watch: bool = False
    yes: bool = False


Options = UpOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("-d", "--detach", action="store_true", help="Run containers in the background")
    add("--wait", action="store_true", help="Wait for services to be running|healthy (implies --detach)")
    add("--wait-timeout", type=int, default=None, metavar="SECONDS", help="Maximum time to wait with --wait")
    add("--no-deps", action="store_true", help="Don't start linked services")
    add("--force-recreate", action="store_true", help="Recreate containers even if unchanged")
    add("--no-recreate", action="store_true", help="If containers already exist, don't recreate them")
    add("--always-recreate-deps", action="store_true", help="Recreate dependent containers")
    add("-V", "--renew-anon-volumes", action="store_true",
        help="Recreate anonymous volumes instead of retrieving data from the previous containers")
    add("--remove-orphans", action="store_true", help="Remove containers for services not in the compose file")
    add("--scale", action="append", default=[], metavar="SERVICE=NUM", help="Scale SERVICE to NUM instances")
    add("--no-start", action="store_true", help="Don't start the services after creating them")
    add("--abort-on-container-exit", action="store_true", help="Stop all containers if any container stopped")
    add("--abort-on-container-failure", action="store_true",
        help="Stop all containers if any container exited with failure")
    add("--exit-code-from", metavar="SERVICE", help="Return the exit code of the selected service container")
    add("--attach", action="append", default=[], metavar="SERVICE", help="Attach only to these services")
    add("--attach-dependencies", action="store_true", help="Also attach to the services' dependencies")
    add("--no-attach", action="append", default=[], metavar="SERVICE", help="Don't attach to these services")
    add("-t", "--timeout", type=int, default=None, metavar="SECONDS", help="Shutdown timeout in seconds")
    add("--pull", choices=("always", "missing", "never", "policy", "build"), default="policy",
        help="Pull image before running")
    add("--quiet-pull", action="store_true", help="Pull without printing progress information")
    add("--timestamps", action="store_true", help="Show timestamps")
    add("--no-color", action="store_true", help="Produce monochrome output")
    add("--no-log-prefix", action="store_true", help="Don't print prefix in logs")
    add("--build", action="store_true", help="Build images before starting containers")
    add("--no-build", action="store_true", help="Don't build an image, even if it's policy")
    add("--menu", action="store_true",
        help="Enable interactive shortcuts when running attached (pycompose has none: refused on a terminal)")
    add("--quiet-build", action="store_true", help="Suppress the build output")
    add("-w", "--watch", action="store_true",
        help="Watch source code and rebuild/refresh containers when files are updated")
    add("-y", "--yes", action="store_true",
        help='Assume "yes" as answer to all prompts and run non-interactively (up asks nothing today)')


def check(o: UpOptions) -> UpOptions:
    """Flag combinations Docker Compose refuses; ``--wait`` implies ``--detach``."""
    if o.wait:
        o = replace(o, detach=True)
    abort = o.abort_on_container_exit or o.abort_on_container_failure or o.exit_code_from
    if o.detach and (abort or o.watch):
        raise UsageError("-d/--detach cannot be combined with --abort-on-container-exit, "
                         "--abort-on-container-failure, --exit-code-from or --watch")
    if o.abort_on_container_exit and o.abort_on_container_failure:
        raise UsageError("--abort-on-container-exit and --abort-on-container-failure are incompatible")
    if o.force_recreate and o.no_recreate:
        raise UsageError("--force-recreate and --no-recreate are incompatible")
    if o.always_recreate_deps and o.no_recreate:
        raise UsageError("--always-recreate-deps and --no-recreate are incompatible")
    if o.no_start and (o.wait or abort):
        raise UsageError("--no-start is incompatible with --wait and the --abort-on-* options")
    if o.wait_timeout is not None and not o.wait:
        raise UsageError("--wait-timeout needs --wait")
    if o.build and o.no_build:
        raise UsageError("--build and --no-build are incompatible")
    return o


def scales(o: UpOptions) -> dict[str, int]:
    out = {}
    for item in o.scale:
        name, sep, number = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise UsageError(f"--scale expects SERVICE=NUM, not {item!r}")
        out[name] = int(number)
    return out


def run(o: UpOptions, g: GlobalOptions) -> int:
    o = check(o)
    if o.menu and not o.detach and sys.stdout.isatty():
        raise UsageError("--menu: pycompose has no interactive shortcuts; run without --menu")
    return up(o, g, environ=os.environ, out=sys.stdout)


def request(o: UpOptions, g: GlobalOptions, environ: Mapping[str, str]) -> UpRequest:
    """What the flags ask of ``compose.api.up``."""
    from compose.api.up import UpRequest
    from compose.cli.shared.images import up_build_options
    from compose.plan.options import PullPolicy, Recreate
    from compose.plan.options import UpOptions as PlanOptions

    recreate = Recreate.FORCE if o.force_recreate else Recreate.NEVER if o.no_recreate else Recreate.DIVERGED
    deps = Recreate.FORCE if o.always_recreate_deps else Recreate.NEVER if o.no_recreate else Recreate.DIVERGED
    options = PlanOptions(
        services=o.services,
        recreate=recreate,
        recreate_dependencies=deps,
        renew_anon_volumes=o.renew_anon_volumes,
        remove_orphans=o.remove_orphans,
        ignore_orphans=_truthy(environ.get("COMPOSE_IGNORE_ORPHANS", "")),
        start=not o.no_start,
        wait=o.wait,
        wait_timeout=float(o.wait_timeout) if o.wait_timeout is not None else None,
        timeout=o.timeout,
        pull=PullPolicy(o.pull),
        all_resources=g.all_resources,
    )
    from compose.cli.shared.plans import engine_environ

    # the environment of the builds is the engine connection's (-H...)
    images = up_build_options(build=o.build, no_build=o.no_build, pull=o.pull, environ=engine_environ(g))
    attached = not (o.detach or o.no_start)
    return UpRequest(options=options, images=images, dry_run=g.dry_run, apply=not attached)


def _truthy(text: str) -> bool:
    return text.lower() in ("1", "true", "yes", "y", "on")


def up(o: UpOptions, g: GlobalOptions, *, environ: Mapping[str, str], out: TextIO) -> int:
    """``up`` with checked flags (``check``): ``compose.api.up``'s steps, each plan with a progress view;
    then the memo (detached), or following the attached containers."""
    from compose.api.images import run_steps
    from compose.api.up import RUNNING, desired, up_steps
    from compose.cli.shared.images import image_view
    from compose.cli.shared.loading import load, project_from_loaded
    from compose.cli.shared.plans import connect_engine, make_view, parallel_limit, report, run_plan
    from compose.load.fs import recording

    with recording() as notes:
        loaded = load(g, o.services, select_services=False)
    project = desired(project_from_loaded(loaded), o.services, scales(o), with_deps=not o.no_deps)
    if o.watch:
        from compose.api.watch.rules import compile_rules

        compile_rules(project, o.services)  # a configuration that cannot be watched fails before anything runs
    asked = request(o, g, environ)
    engine = connect_engine(g)
    limit = parallel_limit(g)

    def run_one(title: str, plan: Plan) -> Outcome:
        quiet = (o.quiet_pull and title == "Pulling") or (o.quiet_build and title == "Building")
        view = make_view(g) if title == RUNNING else image_view(g, title=title, quiet=quiet)
        return run_plan(plan, engine, project.name, view, limit)

    result = run_steps(up_steps(engine, project, asked), run_one)
    if result.plan is None:  # a pull or a build failed
        assert result.outcome is not None
        return report(result.outcome)
    if g.dry_run:
        for plan in (*result.dry_plans, result.plan):
            out.write(plan.render())
        return 0
    if not asked.apply:
        from compose.cli.shared.attached import attached_up

        on_started = None
        if o.watch:
            from compose.cli.commands.watch import WatchOptions, start_session

            def on_started() -> None:
                start_session(WatchOptions(services=o.services, quiet=o.quiet_build), g, project, engine)
        return attached_up(following(o, project), g, project, engine, result.plan, limit, environ=environ,
                           out=out, on_started=on_started)
    memo_allowed = _memo_allowed(o, g, project, images_ran=result.images_ran)
    if result.outcome is None:  # nothing to do
        if memo_allowed:
            _remember(g, asked, notes, loaded.warnings, project, result.observed.api_version)
        return _nothing_to_do(g, project, result.observed, result.plan)
    code = report(result.outcome)
    if memo_allowed and code == 0:  # the next up -d may well have nothing to do: it need not load
        _remember(g, asked, notes, loaded.warnings, project, result.observed.api_version)
    return code


def following(o: UpOptions, project: Project) -> Following:
    """What attached ``up`` follows, and when it stops the stack."""
    from compose.cli.shared.attached import Following

    return Following(services=attached_services(o, project), abort_on_exit=o.abort_on_container_exit,
                     abort_on_failure=o.abort_on_container_failure, exit_code_from=o.exit_code_from,
                     timeout=o.timeout, no_color=o.no_color, no_log_prefix=o.no_log_prefix,
                     timestamps=o.timestamps)


def attached_services(o: UpOptions, project: Project) -> tuple[str, ...]:
    """Which services' output ``up`` shows: --attach, else the named services (+ deps), else all."""
    if o.attach:
        return tuple(s for s in project.services if s in o.attach)
    if o.services:
        wanted = set(project.dependencies(o.services) if o.attach_dependencies else o.services)
    else:
        wanted = set(project.services)
    return tuple(s for s, svc in project.services.items()
                 if s in wanted and svc.attach and s not in o.no_attach)


# -- the no-op memo (compose/cli/upmemo.py) --------------------------------------------------------

def _memo_allowed(o: UpOptions, g: GlobalOptions, project: Project, *, images_ran: bool) -> bool:
    """Whether an empty plan here would be empty again for the same inputs (compose/cli/upmemo.py):
    ``up -d`` itself, memos on, no waiting, no pulls or builds that ran or would run by the clock."""
    from compose.cli.upmemo import enabled
    from compose.plan.images import effective_policy
    from compose.plan.options import PullPolicy

    if g.command != "up" or not g.command_line or not enabled(g.command_line, os.environ):
        return False
    if not o.detach or o.wait or g.dry_run or o.build or images_ran:
        return False
    if "-" in project.config_files:  # read from stdin: not a question the filesystem can answer again
        return False
    pull = PullPolicy(o.pull)
    return all(effective_policy(s, pull).kind not in ("always", "refresh") for s in project.services.values())


def _remember(g: GlobalOptions, asked: UpRequest, notes: list[Note], warnings: tuple[str, ...],
              project: Project, api_version: str) -> None:
    """Observe once more, keeping the engine's answers; when the plan for that state is empty, write the
    memo a repeated ``up -d`` replays (compose/cli/upmemo.py)."""
    from compose.cli import upmemo
    from compose.cli.shared.plans import engine_environ
    from compose.engine.observe import query_for
    from compose.plan.reconcile import plan_up

    recorded = upmemo.record_observation(query_for(project), api_version, engine_environ(g))
    if recorded is None:
        return
    plan = plan_up(project, recorded.state, asked.options)
    if plan.empty:
        outcome = _outcome(g, project, recorded.state, (*warnings, *plan.warnings))
        upmemo.remember(g.command_line, notes, recorded, outcome)


def _outcome(g: GlobalOptions, project: Project, observed: ObservedState,
             warnings: tuple[str, ...]) -> upmemo.Outcome:
    from compose.cli import upmemo

    running = tuple((f"service:{service}:{c.number}", c.name)
                    for service in project.services for c in observed.service_containers(service))
    return upmemo.Outcome(g.progress, g.ansi, warnings, running)


def _nothing_to_do(g: GlobalOptions, project: Project, observed: ObservedState, plan: Plan) -> int:
    """A no-op ``up -d``: say every container is running, without the executor (nor anyio, nor rich)."""
    from compose.cli import upmemo

    return upmemo.show(_outcome(g, project, observed, plan.warnings))
