"""``pycompose push [SERVICES]``: push the images of the services that have ``image:`` and ``build:``.

Each service's ``image`` and its ``build.tags`` are pushed, in parallel, with
per-layer progress; credentials come from the Docker config file. A failed push
makes the exit code 1 unless ``--ignore-push-failures``.
"""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--ignore-push-failures", action="store_true", help="Push what it can and ignores images with push failures")
    add("--include-deps", action="store_true", help="Also push images of services declared as dependencies")
    add("-q", "--quiet", action="store_true", help="Push without printing progress information")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._images import failures_as_warnings, image_view, load_selected, show_skipped
    from compose.cli.commands._stack import connect_engine, parallel_limit, report, run_plan
    from compose.plan.images import plan_push

    project = load_selected(args, with_deps=args.include_deps)
    planned = plan_push(project)
    if args.dry_run:
        print(planned.plan.render(), end="")
        return 0
    engine = connect_engine()
    view = image_view(args, title="Pushing", quiet=args.quiet)
    show_skipped(view, planned.skipped)
    outcome = run_plan(planned.plan, engine, project.name, view, parallel_limit(args))
    if outcome.failed and args.ignore_push_failures:
        failures_as_warnings(outcome)
        return 0
    return report(outcome)
