"""What build, pull, push, up and run share about images: options from flags, views, running image plans.

``ensure_images`` is run's image step (up's is part of ``compose.api.up``): pull what
the pull policies ask for, observe, build what is still missing (or always, with
``--build``), observe again, so that ``plan_up`` compares each container's
``com.docker.compose.image`` label with the id the image has now.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TextIO

from compose.cli.options import GlobalOptions
from compose.cli.shared.plans import make_view, report, run_plan
from compose.errors import UsageError

if TYPE_CHECKING:
    from compose.apply.executor import Outcome
    from compose.engine.port import Engine
    from compose.model.project import Project
    from compose.plan.images import BuildOptions, Skipped
    from compose.plan.observed import ObservedState
    from compose.plan.ops import Plan
    from compose.present.progress import View

def build_args(values: Iterable[str], environ: Mapping[str, str]) -> dict[str, str | None]:
    """``--build-arg KEY=VALUE`` / ``--build-arg KEY`` (value from the environment, as the docker CLI)."""
    out: dict[str, str | None] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not key:
            raise UsageError(f"--build-arg expects KEY=VALUE or KEY, not {item!r}")
        out[key] = value if sep else environ.get(key)
    return out


def image_view(g: GlobalOptions, *, title: str, quiet: bool = False) -> View:
    """The progress view; in plain mode, build logs are printed too, prefixed with the service."""
    view = make_view(g, title=title, quiet=quiet)
    from compose.present.buildlog import BuildLogView
    from compose.present.plain import JsonView, PlainView, QuietView

    if isinstance(view, JsonView | QuietView):
        return view
    return BuildLogView(view, sys.stderr, log=isinstance(view, PlainView))


def show_skipped(view: View, skipped: Iterable[Skipped]) -> None:
    from compose.apply.events import Event, Status

    for s in skipped:
        view.on(Event(f"service:{s.service}", "", s.service, Status.DONE, s.text))


def failures_as_warnings(outcome: Outcome) -> None:
    from compose.present.errors import failure_lines

    for line in failure_lines(outcome):
        print(f"WARN[0000] {line.removeprefix('Error: ')}", file=sys.stderr)


# -- up and run ------------------------------------------------------------------------------

def up_build_options(*, build: bool, no_build: bool, pull: str, environ: Mapping[str, str]) -> BuildOptions:
    """``up``'s (and ``run``'s) ``--build``, ``--no-build``, ``--pull`` as ``BuildOptions``."""
    from compose.plan.images import Build, BuildOptions
    from compose.plan.options import PullPolicy

    choice = Build.ALWAYS if build else Build.NEVER if no_build else Build.POLICY
    return BuildOptions(build=choice, pull=PullPolicy(pull), env=dict(environ))


def ensure_images(project: Project, engine: Engine, observed: ObservedState, options: BuildOptions,
                  limit: float, *, views: Callable[[str, bool], View], quiet_pull: bool = False,
                  dry_run: bool = False, out: TextIO | None = None) -> tuple[ObservedState, int | None]:
    """Pull, then build, what ``project`` needs before ``plan_up`` (``up``, ``run``, ``create``).

    Returns the new observation, and an exit code when the caller must stop (a failed pull
    or build; the failures are printed). ``views(title, quiet)`` makes the progress view of
    each step. A dry run prints the two plans on ``out`` and changes nothing: the images it
    would build get a placeholder id in the returned observation.
    """
    from compose.api.images import dry_image_plans, image_steps, run_image_steps

    if dry_run:
        observed, plans = dry_image_plans(project, engine, observed, options)
        for plan in plans:
            if out is not None:
                out.write(plan.render())
        return observed, None

    def run(title: str, plan: Plan) -> Outcome:
        return run_plan(plan, engine, project.name, views(title, quiet_pull and title == "Pulling"), limit)

    # the steps and their order are compose.api.images', shared with the Python API
    observed, failed = run_image_steps(image_steps(project, engine, observed, options), run)
    return observed, report(failed) if failed is not None else None
