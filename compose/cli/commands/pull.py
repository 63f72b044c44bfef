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


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--ignore-buildable", action="store_true", help="Ignore images that can be built")
    add("--ignore-pull-failures", action="store_true", help="Pull what it can and ignores images with pull failures")
    add("--include-deps", action="store_true", help="Also pull services declared as dependencies")
    add("--policy", choices=("missing", "always"), default=None, help="Apply pull policy")
    add("-q", "--quiet", action="store_true", help="Pull without printing progress information")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._images import failures_as_warnings, image_view, load_selected, show_skipped
    from compose.cli.commands._stack import connect_engine, parallel_limit, report, run_plan
    from compose.engine.observe import observe
    from compose.plan.images import PullOptions, plan_pull

    project = load_selected(args, with_deps=args.include_deps)
    engine = connect_engine()
    observed = observe(engine, project)
    planned = plan_pull(project, observed, PullOptions(policy=args.policy, ignore_buildable=args.ignore_buildable))
    if args.dry_run:
        print(planned.plan.render(), end="")
        return 0
    view = image_view(args, title="Pulling", quiet=args.quiet)
    show_skipped(view, planned.skipped)
    outcome = run_plan(planned.plan, engine, project.name, view, parallel_limit(args))
    buildable = sorted(str(node.op.display) for node, _ in outcome.errors if node.op.args.get("buildable"))
    if buildable:
        print("WARN[0000] WARNING: Some service image(s) must be built from source by running:\n"
              f"    pycompose build {' '.join(buildable)}", file=sys.stderr)
    if outcome.failed and args.ignore_pull_failures:
        failures_as_warnings(outcome)
        return 0
    return report(outcome)
