"""``pycompose pull [SERVICES]``: pull the services' images, in parallel, with per-layer progress.

As v2: a service is skipped when it has no ``image:``, when its policy is
``never`` or ``build``, when its policy is ``missing`` and the image is present,
with ``--ignore-buildable`` when it has ``build:``, and when another service
already pulls the same image. A failed pull makes the exit code 1 unless
``--ignore-pull-failures``; pulls that failed for images a ``build:`` section can
make end with a hint to build them.
"""

from __future__ import annotations

import argparse
import sys

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class PullOptions:
    """``pull``'s flags."""

    services: tuple[str, ...] = ()
    ignore_buildable: bool = False
    ignore_pull_failures: bool = False
    include_deps: bool = False
    policy: str | None = None
    quiet: bool = False


Options = PullOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--ignore-buildable", action="store_true", help="Ignore images that can be built")
    add("--ignore-pull-failures", action="store_true", help="Pull what it can and ignores images with pull failures")
    add("--include-deps", action="store_true", help="Also pull services declared as dependencies")
    add("--policy", choices=("missing", "always"), default=None, help="Apply pull policy")
    add("-q", "--quiet", action="store_true", help="Pull without printing progress information")


def run(o: PullOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.images import failures_as_warnings, image_view, show_skipped
    from compose.cli.shared.loading import load_selected
    from compose.cli.shared.plans import connect_engine, parallel_limit, report, run_plan
    from compose.engine.observe import observe
    from compose.plan.images import PullOptions as Pulling
    from compose.plan.images import plan_pull

    project = load_selected(g, o.services, with_deps=o.include_deps)
    engine = connect_engine(g)
    observed = observe(engine, project)
    planned = plan_pull(project, observed, Pulling(policy=o.policy, ignore_buildable=o.ignore_buildable))
    if g.dry_run:
        print(planned.plan.render(), end="")
        return 0
    view = image_view(g, title="Pulling", quiet=o.quiet)
    show_skipped(view, planned.skipped)
    outcome = run_plan(planned.plan, engine, project.name, view, parallel_limit(g))
    buildable = sorted(str(node.op.display) for node, _ in outcome.errors if node.op.args.get("buildable"))
    if buildable:
        print("WARN[0000] WARNING: Some service image(s) must be built from source by running:\n"
              f"    pycompose build {' '.join(buildable)}", file=sys.stderr)
    if outcome.failed and o.ignore_pull_failures:
        failures_as_warnings(outcome)
        return 0
    return report(outcome)
