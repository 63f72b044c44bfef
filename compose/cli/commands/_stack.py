"""What up, down and ps share: the project as a model, the engine, running a plan with a view."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from compose.errors import UsageError
from compose.load.options import LoadedProject
from compose.model.project import Project

if TYPE_CHECKING:
    from compose.apply.executor import Outcome
    from compose.engine.docker import DockerEngine
    from compose.engine.port import Engine
    from compose.plan.ops import Plan
    from compose.present.progress import View


def project_from_loaded(loaded: LoadedProject, services: Iterable[str] = (), *, with_deps: bool = True) -> Project:
    """The model of a loaded project (loaded with ``select_services=False``), restricted to ``services``.

    Services left out (by profile, or not named) stay known as ``disabled``, so that they are
    not taken for orphans.
    """
    from compose.model.convert import project_from_loaded as convert

    return convert(loaded).with_services(tuple(services), with_deps=with_deps)


def load_or_name(args: argparse.Namespace) -> tuple[LoadedProject | None, str]:
    """The loaded project, or only its name when ``-p`` names one and there is no compose file here
    (``down -p NAME``/``ps -p NAME`` work on any stack, as in v2)."""
    import os

    from compose.cli.project import load_from_args
    from compose.errors import LoadError
    from compose.load.discovery import discover, imperative_name

    name = imperative_name(getattr(args, "project_name", None), os.environ)
    if name and not getattr(args, "files", None) and not os.environ.get("COMPOSE_FILE"):
        try:
            discover(os.getcwd())
        except LoadError:
            return None, name
    loaded = load_from_args(args, select_services=False)
    return loaded, loaded.name


def project_name_and_services(args: argparse.Namespace) -> tuple[str, set[str] | None]:
    """The project's name and the services it defines (None without a compose file)."""
    loaded, name = load_or_name(args)
    if loaded is None:
        return name, None
    return name, {*loaded.services, *loaded.disabled_services}


# -- engine and plan execution -------------------------------------------------------------------

def connect_engine() -> DockerEngine:
    """The engine of DOCKER_HOST; its everyday calls do not import docker-py (compose/engine/fast.py)."""
    import os

    from compose.engine.fast import engine_for

    return engine_for(os.environ)


def parallel_limit(args: argparse.Namespace) -> float:
    """``--parallel N`` or COMPOSE_PARALLEL_LIMIT; -1 (or unset) means unlimited."""
    import os

    value = getattr(args, "parallel", None)
    if value is None:
        text = os.environ.get("COMPOSE_PARALLEL_LIMIT", "")
        try:
            value = int(text) if text else -1
        except ValueError:
            raise UsageError(f"COMPOSE_PARALLEL_LIMIT must be a number, not {text!r}") from None
    if value == 0 or value < -1:
        raise UsageError(f"--parallel must be a positive number or -1, not {value}")
    return math.inf if value == -1 else float(value)


def make_view(args: argparse.Namespace, *, title: str = "Running", quiet: bool = False) -> View:
    import os

    from compose.present.progress import make_view as choose

    mode = "quiet" if quiet else getattr(args, "progress", None)
    return choose(mode, sys.stderr, ansi=getattr(args, "ansi", None), environ=os.environ, title=title)


async def apply_plan(plan: Plan, engine: Engine, project: str, view: View, limit: float) -> Outcome:
    import anyio

    from compose.apply.executor import execute

    limiter = anyio.CapacityLimiter(limit)
    return await execute(plan, engine, view, project=project, limiter=limiter)


def run_plan(plan: Plan, engine: Engine, project: str, view: View, limit: float) -> Outcome:
    """Execute ``plan`` with ``view`` open; warnings of the plan go to stderr first."""
    import anyio

    print_plan_warnings(plan)
    try:
        return anyio.run(apply_plan, plan, engine, project, view, limit)
    finally:
        view.close()


def print_plan_warnings(plan: Plan) -> None:
    for warning in plan.warnings:
        print(f"WARN[0000] {warning}", file=sys.stderr)


def report(outcome: Outcome) -> int:
    """Print what failed; the exit code of a run of ``outcome``."""
    from compose.present.errors import failure_lines

    for line in failure_lines(outcome):
        print(line, file=sys.stderr)
    return 1 if outcome.failed else 0
