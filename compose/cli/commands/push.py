"""``pycompose push [SERVICES]``: push the images of the services that have ``image:`` and ``build:``.

Each service's ``image`` and its ``build.tags`` are pushed, in parallel, with
per-layer progress; credentials come from the Docker config file. A failed push
makes the exit code 1 unless ``--ignore-push-failures``.
"""

from __future__ import annotations

import argparse

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class PushOptions:
    """``push``'s flags."""

    services: tuple[str, ...] = ()
    ignore_push_failures: bool = False
    include_deps: bool = False
    quiet: bool = False


Options = PushOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--ignore-push-failures", action="store_true", help="Push what it can and ignores images with push failures")
    add("--include-deps", action="store_true", help="Also push images of services declared as dependencies")
    add("-q", "--quiet", action="store_true", help="Push without printing progress information")


def run(o: PushOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.images import failures_as_warnings, image_view, show_skipped
    from compose.cli.shared.loading import load_selected
    from compose.cli.shared.plans import connect_engine, parallel_limit, report, run_plan
    from compose.plan.images import plan_push

    project = load_selected(g, o.services, with_deps=o.include_deps)
    planned = plan_push(project)
    if g.dry_run:
        print(planned.plan.render(), end="")
        return 0
    engine = connect_engine(g)
    view = image_view(g, title="Pushing", quiet=o.quiet)
    show_skipped(view, planned.skipped)
    outcome = run_plan(planned.plan, engine, project.name, view, parallel_limit(g))
    if outcome.failed and o.ignore_push_failures:
        failures_as_warnings(outcome)
        return 0
    return report(outcome)
