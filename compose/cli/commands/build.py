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

from compose._record import record
from compose.cli.options import GlobalOptions


@record
class BuildOptions:
    """``build``'s flags."""

    services: tuple[str, ...] = ()
    build_arg: tuple[str, ...] = ()
    no_cache: bool = False
    pull: bool = False
    push: bool = False
    quiet: bool = False
    with_dependencies: bool = False


Options = BuildOptions


def configure(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("services", nargs="*", metavar="SERVICE")
    add("--build-arg", action="append", default=[], metavar="KEY=VALUE", help="Set build-time variables")
    add("--no-cache", action="store_true", help="Do not use cache when building the image")
    add("--pull", action="store_true", help="Always attempt to pull a newer version of the image")
    add("--push", action="store_true", help="Push service images")
    add("-q", "--quiet", action="store_true", help="Don't print anything to STDOUT")
    add("--with-dependencies", action="store_true", help="Also build dependencies (transitively)")


def run(o: BuildOptions, g: GlobalOptions) -> int:
    from compose.cli.shared.images import build_args, image_view, show_skipped
    from compose.cli.shared.loading import load_selected
    from compose.cli.shared.plans import connect_engine, engine_environ, parallel_limit, report, run_plan
    from compose.plan.images import BuildOptions as Building
    from compose.plan.images import plan_build, plan_push

    project = load_selected(g, o.services, with_deps=o.with_dependencies)
    options = Building(build_args=build_args(o.build_arg, os.environ), no_cache=o.no_cache,
                           pull_base=o.pull, env=engine_environ(g))
    planned = plan_build(project, options)
    if g.dry_run:
        print(planned.plan.render(), end="")
        return 0
    if planned.plan.empty:
        return 0
    engine = connect_engine(g)
    limit = parallel_limit(g)
    view = image_view(g, title="Building", quiet=o.quiet)
    code = report(run_plan(planned.plan, engine, project.name, view, limit))
    if code or not o.push:
        return code
    pushes = plan_push(project)
    view = image_view(g, title="Pushing", quiet=o.quiet)
    show_skipped(view, pushes.skipped)
    return report(run_plan(pushes.plan, engine, project.name, view, limit))
