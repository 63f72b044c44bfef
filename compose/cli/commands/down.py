"""``pycompose down``: stop and remove the stack's containers (dependents first), then its networks,
with ``-v`` its volumes, with ``--rmi`` its images. External networks and volumes are never touched."""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions
from compose.errors import UsageError


@record
class DownOptions:
    """``down``'s flags."""

    services: tuple[str, ...] = ()
    remove_orphans: bool = False
    rmi: str | None = None
    timeout: int | None = None
    volumes: bool = False


Options = DownOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--remove-orphans", action="store_true", help="Remove containers for services not in the compose file")
    add("--rmi", choices=("local", "all"), help='Remove images used by services ("local"|"all")')
    add("-t", "--timeout", type=int, default=None, metavar="SECONDS", help="Shutdown timeout in seconds")
    add("-v", "--volumes", action="store_true",
        help="Remove named volumes declared in the volumes section and anonymous volumes of containers")


def run(o: DownOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.loading import load_or_name, project_from_loaded
    from compose.cli.shared.plans import connect_engine, make_view, parallel_limit, report, run_plan
    from compose.engine.observe import observe_project
    from compose.plan.options import DownOptions as Teardown
    from compose.plan.teardown import plan_down

    loaded, name = load_or_name(g, o.services)
    project = project_from_loaded(loaded) if loaded is not None else None
    if project is not None:
        known = {*project.services, *project.disabled}
        unknown = [s for s in o.services if s not in known]
        if unknown:
            raise UsageError(f"no such service: {unknown[0]}")
    engine = connect_engine(g)
    observed = observe_project(engine, name)
    options = Teardown(services=tuple(o.services), remove_orphans=o.remove_orphans,
                          volumes=o.volumes, images=o.rmi, timeout=o.timeout)
    plan = plan_down(project, observed, options)
    if g.dry_run:
        sys.stdout.write(plan.render())
        return 0
    return report(run_plan(plan, engine, name, make_view(g, title="Running"), parallel_limit(g)))
