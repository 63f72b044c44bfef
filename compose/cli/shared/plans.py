"""The engine, and running a plan with a progress view: what every command that changes state shares."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

from compose.cli.options import GlobalOptions
from compose.errors import UsageError

if TYPE_CHECKING:
    from compose.apply.executor import Outcome
    from compose.apply.hooks import HookOutput
    from compose.engine.engine import ApiEngine
    from compose.engine.port import Engine
    from compose.plan.ops import Plan
    from compose.present.progress import View


def engine_environ(g: GlobalOptions) -> dict[str, str]:
    """The environment the engine is reached through: ours, with ``-H``, ``--context``, ``--tls*`` on top."""
    import os

    return g.engine.environ(os.environ)


def connect_engine(g: GlobalOptions) -> ApiEngine:
    """The engine of DOCKER_HOST (or ``-H``, ``--context``): compose/engine/engine.py."""
    from compose.engine.fast import engine_for

    return engine_for(engine_environ(g))


def parallel_limit(g: GlobalOptions) -> float:
    """``--parallel N`` or COMPOSE_PARALLEL_LIMIT; -1 (or unset) means unlimited."""
    import os

    value = g.parallel
    if value is None:
        text = os.environ.get("COMPOSE_PARALLEL_LIMIT", "")
        try:
            value = int(text) if text else -1
        except ValueError:
            raise UsageError(f"COMPOSE_PARALLEL_LIMIT must be a number, not {text!r}") from None
    if value == 0 or value < -1:
        raise UsageError(f"--parallel must be a positive number or -1, not {value}")
    return math.inf if value == -1 else float(value)


def make_view(g: GlobalOptions, *, title: str = "Running", quiet: bool = False) -> View:
    import os

    from compose.present.progress import make_view as choose

    mode = "quiet" if quiet else g.progress
    return choose(mode, sys.stderr, ansi=g.ansi, environ=os.environ, title=title)


async def apply_plan(plan: Plan, engine: Engine, project: str, view: View, limit: float,
                     on_output: HookOutput | None = None) -> Outcome:
    import anyio

    from compose.apply.executor import execute

    limiter = anyio.CapacityLimiter(limit)
    return await execute(plan, engine, view, project=project, limiter=limiter, on_output=on_output)


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
