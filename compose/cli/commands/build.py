"""``pycompose build [SERVICES]``: build the images of the services with a ``build:`` section.

Builds run in parallel (``--parallel``); the TTY view shows each one's progress
(its latest log line), plain progress prints every line prefixed with the
service. A failed build names the service and prints the failing step's output;
the exit code is then 1. ``--push`` pushes what was built (``image:`` and
``build.tags``) once every build succeeded.
"""

from __future__ import annotations

import argparse
import os


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--build-arg", action="append", default=[], metavar="KEY=VALUE", help="Set build-time variables")
    add("--no-cache", action="store_true", help="Do not use cache when building the image")
    add("--pull", action="store_true", help="Always attempt to pull a newer version of the image")
    add("--push", action="store_true", help="Push service images")
    add("-q", "--quiet", action="store_true", help="Don't print anything to STDOUT")
    add("--with-dependencies", action="store_true", help="Also build dependencies (transitively)")


def run(args: argparse.Namespace) -> int:
    from compose.cli.commands._images import build_args, image_view, load_selected, show_skipped
    from compose.cli.commands._stack import connect_engine, parallel_limit, report, run_plan
    from compose.plan.images import BuildOptions, plan_build, plan_push

    project = load_selected(args, with_deps=args.with_dependencies)
    options = BuildOptions(build_args=build_args(args.build_arg, os.environ), no_cache=args.no_cache,
                           pull_base=args.pull, env=dict(os.environ))
    planned = plan_build(project, options)
    if args.dry_run:
        print(planned.plan.render(), end="")
        return 0
    if planned.plan.empty:
        return 0
    engine = connect_engine()
    limit = parallel_limit(args)
    view = image_view(args, title="Building", quiet=args.quiet)
    code = report(run_plan(planned.plan, engine, project.name, view, limit))
    if code or not args.push:
        return code
    pushes = plan_push(project)
    view = image_view(args, title="Pushing", quiet=args.quiet)
    show_skipped(view, pushes.skipped)
    return report(run_plan(pushes.plan, engine, project.name, view, limit))
