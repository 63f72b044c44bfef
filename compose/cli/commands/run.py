"""``pycompose run SERVICE [COMMAND...]``: a one-off container of a service; its exit code becomes ours.

Dependencies are created and started first, their depends_on conditions honoured, as
``up`` does (unless ``--no-deps``). The container is attached before it starts, so no
output is lost: interactively with a TTY when stdin and stdout are both terminals,
as plain streams otherwise (stdin is copied until its end; ``--no-interactive`` does
not attach it). ``-d`` starts it in the background and prints its id.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from compose.cli.options import GlobalOptions
from compose.cli.shared.oneoff_flags import RunOptions

if TYPE_CHECKING:
    from compose.engine.port import Engine
    from compose.model.project import Project
    from compose.plan.observed import ObservedState

Options = RunOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("service", metavar="SERVICE", help="The service to run a one-off container of")
    add("command", nargs=argparse.REMAINDER, metavar="COMMAND", help="The command and its arguments")
    add("--build", action="store_true", help="Build image before starting container")
    add("--cap-add", action="append", default=[], metavar="CAP", help="Add Linux capabilities")
    add("--cap-drop", action="append", default=[], metavar="CAP", help="Drop Linux capabilities")
    add("-d", "--detach", action="store_true", help="Run container in background and print container ID")
    add("--entrypoint", metavar="CMD", help="Override the entrypoint of the image")
    add("-e", "--env", action="append", default=[], metavar="KEY=VAL", help="Set environment variables")
    add("--env-from-file", action="append", default=[], metavar="FILE", help="Set environment variables from file")
    add("-i", "--interactive", action="store_true", default=True,
        help="Keep STDIN open even if not attached (default true)")
    add("--no-interactive", dest="interactive", action="store_false", help="Do not keep STDIN open")
    add("-l", "--label", action="append", default=[], metavar="KEY=VALUE", help="Add or override a label")
    add("--name", metavar="NAME", help="Assign a name to the container")
    add("-T", "--no-TTY", "--no-tty", dest="no_tty", action="store_true",
        help="Disable pseudo-TTY allocation (default: a TTY when stdin and stdout are terminals)")
    add("--no-deps", action="store_true", help="Don't start linked services")
    add("-p", "--publish", action="append", default=[], metavar="PORT", help="Publish a container's port(s) to the host")
    add("--pull", choices=("always", "missing", "never", "policy", "build"), default="policy",
        help='Pull image before running ("always"|"missing"|"never") (default "policy")')
    add("-q", "--quiet", action="store_true", help="Don't print anything to STDOUT")
    add("--quiet-build", action="store_true", help="Suppress progress output from the build process")
    add("--quiet-pull", action="store_true", help="Pull without printing progress information")
    add("--remove-orphans", action="store_true", help="Remove containers for services not defined in the Compose file")
    add("--rm", action="store_true", help="Automatically remove the container when it exits")
    add("-P", "--service-ports", action="store_true",
        help="Run command with all service's ports enabled and mapped to the host")
    add("--use-aliases", action="store_true",
        help="Use the service's network useAliases in the network(s) the container connects to")
    add("-u", "--user", metavar="USER", help="Run as specified username or uid")
    add("-v", "--volume", action="append", default=[], metavar="VOLUME", help="Bind mount a volume")
    add("-w", "--workdir", metavar="DIR", help="Working directory inside the container")


def run(o: RunOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.oneoff_flags import oneoff
    from compose.cli.shared.plans import connect_engine, parallel_limit
    from compose.cli.shared.terminal import stdin_is_terminal, stdout_is_terminal
    from compose.engine.observe import observe

    tty = not o.no_tty and not o.detach and stdin_is_terminal() and stdout_is_terminal()
    options = oneoff(o, tty=tty, environ=os.environ, cwd=os.getcwd())
    project = _load(o, g)
    selected = project.with_services([o.service], with_deps=not o.no_deps)
    engine = connect_engine(g)
    limit = parallel_limit(g)
    observed = observe(engine, selected)
    observed, code = _images(o, g, selected, engine, observed, limit)
    if code is not None:
        return code
    code = _dependencies(o, g, project, selected, engine, observed, limit)
    if code is not None:
        return code
    return _one_off(o, g, project, engine, options, limit)


def _load(o: RunOptions, g: GlobalOptions) -> Project:
    from compose.cli.shared.loading import load, project_from_loaded
    from compose.cli.shared.target import CommandError

    # naming the service enables it even when its profile is not active (as v2)
    loaded = load(g, (o.service,), select_services=False)
    project = project_from_loaded(loaded)
    if o.service not in project.services:
        raise CommandError(f"no such service: {o.service}")
    return project


def _images(o: RunOptions, g: GlobalOptions, selected: Project, engine: Engine, observed: ObservedState,
            limit: float) -> tuple[ObservedState, int | None]:
    """Pull or build the images of the service and its dependencies, as ``up`` would."""
    from compose.cli.shared.images import ensure_images, image_view, up_build_options
    from compose.cli.shared.plans import engine_environ

    options = up_build_options(build=o.build, no_build=False, pull=o.pull, environ=engine_environ(g))
    return ensure_images(selected, engine, observed, options, limit,
                         views=lambda title, quiet: image_view(g, title=title, quiet=quiet),
                         quiet_pull=o.quiet_pull, dry_run=g.dry_run, out=sys.stderr)


def _dependencies(o: RunOptions, g: GlobalOptions, project: Project, selected: Project, engine: Engine,
                  observed: ObservedState, limit: float) -> int | None:
    """Create and start what the service depends on (``up`` of those services); an exit code on failure."""
    from compose.cli.shared.plans import make_view, report, run_plan
    from compose.plan.options import UpOptions
    from compose.plan.reconcile import plan_up

    deps = tuple(s for s in selected.services if s != o.service)
    if deps:
        scoped = project.with_services(deps, with_deps=True)
        plan = plan_up(scoped, observed, UpOptions(services=deps, remove_orphans=o.remove_orphans))
    elif o.remove_orphans:
        from compose.plan.lifecycle import plan_remove

        plan = plan_remove(observed.orphans([*project.services, *project.disabled]), force=True)
    else:
        return None
    if g.dry_run:
        sys.stdout.write(plan.render())
        return None
    if plan.empty:
        return None
    outcome = run_plan(plan, engine, project.name, make_view(g), limit)
    return report(outcome) if outcome.failed else None


def _one_off(o: RunOptions, g: GlobalOptions, project: Project, engine: Engine, options: object, limit: float) -> int:
    import secrets

    from compose.cli.shared.plans import make_view, report, run_plan
    from compose.engine.observe import observe
    from compose.plan.oneoff import OneOff, oneoff_service, plan_run
    from compose.plan.ops import OpKind

    assert isinstance(options, OneOff)
    service = oneoff_service(project.services[o.service], options)
    own = project.with_service(service).with_services([o.service], with_deps=False)
    observed = observe(engine, own)
    plan = plan_run(project, service, observed, options, slug=secrets.token_hex(32))
    if g.dry_run:
        sys.stdout.write(plan.render())
        return 0
    outcome = run_plan(plan, engine, project.name, make_view(g, quiet=not _has_resources(plan)), limit)
    if outcome.failed:
        return report(outcome)
    container = outcome.value(plan.of_kind(OpKind.CREATE_CONTAINER)[0].id)
    if o.detach:
        engine.start_container(container)
        if not o.quiet:
            print(container)
        return 0
    return attach_and_wait(engine, container, tty=options.tty, stdin=options.interactive, remove=o.rm)


def _has_resources(plan: object) -> bool:
    from compose.plan.ops import OpKind, Plan

    assert isinstance(plan, Plan)
    return bool(plan.of_kind(OpKind.CREATE_NETWORK, OpKind.CREATE_VOLUME))


def attach_and_wait(engine: Engine, container: str, *, tty: bool, stdin: bool, remove: bool) -> int:
    """Attach, start, copy the streams until the container ends; its exit code. ``remove``: then remove it."""
    from compose.cli.shared.terminal import stream

    try:
        attachment = engine.attach_container(container, stdin=stdin)
        engine.start_container(container)
        stream(attachment, tty=tty, stdin=stdin,
               resize=lambda h, w: engine.resize_container(container, height=h, width=w),
               signals=lambda name: engine.kill_container(container, signal=name))
        return engine.wait_container(container)
    finally:
        if remove:
            engine.remove_container(container, force=True, volumes=True)
